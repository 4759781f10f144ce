"""Gives a district reviewer an account: `manage.py create_reviewer_account <username> --district 江北区`.

The user joins "区县审核员" and reviews (approves or returns) changes of the bases in the given
districts, and may file revocation requests for them. A new user gets a random password,
printed once (or written to --password-file)."""

from django.core.management.base import BaseCommand, CommandError

from bases.access import create_reviewer_account
from bases.districts import DISTRICT_NAMES, find_district

from .create_base_account import report_password


class Command(BaseCommand):
    help = "Create (or reuse) a district reviewer and assign the districts they review."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--district",
            action="append",
            required=True,
            help="a district they review (name, short name or code); repeat for several",
        )
        parser.add_argument("--email", default="")
        parser.add_argument("--password-file")

    def handle(self, *args, username, district, email, password_file, **options):
        codes = []
        for text in district:
            code = find_district(text)
            if code is None:
                raise CommandError(f"“{text}”不是重庆市的区县。")
            codes.append(code)
        user, password = create_reviewer_account(username, codes, email=email)
        names = "、".join(DISTRICT_NAMES[code] for code in codes)
        self.stdout.write(f"审核员 {user.get_username()}：负责 {names}")
        report_password(self, user, password, password_file, recipient="审核员本人")
