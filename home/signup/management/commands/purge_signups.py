from django.conf import settings
from django.core.management.base import BaseCommand

from home.signup.retention import purge


class Command(BaseCommand):
    help = (
        "Remove names and mobile numbers of sign-ups SIGNUP_RETENTION_DAYS after their event (course "
        "sessions: after their school year), keeping the counts. Run daily from a scheduler."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Override SIGNUP_RETENTION_DAYS.")
        parser.add_argument("--dry-run", action="store_true", help="Only count what is due.")

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.SIGNUP_RETENTION_DAYS if days is None else days
        if days < 0:
            self.stderr.write("--days must be 0 or more.")
            return
        counts = purge(days=days, dry_run=dry_run)
        verb = "would anonymise" if dry_run else "anonymised"
        self.stdout.write(
            f"Sign-ups: {verb} {counts['signups']} sign-ups and {counts['certificates']} certificates "
            f"(retention {days} days)."
        )
