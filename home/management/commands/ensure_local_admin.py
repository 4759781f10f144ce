"""Creates the local admin account for `make run` and says how to log in.

The password is random, made on the first run and kept in .local/admin-password (ignored by
git), so nothing secret is committed and the same login works on every run."""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"
# The addresses `make run` accepts for the development settings (the Makefile's guard-host).
LOOPBACK = ("127.", "localhost", "::1", "[::1]")


class Command(BaseCommand):
    help = "Create (or reuse) the local admin account and print the site, admin URL and login."

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000")
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args, **options):
        # DEBUG is off by default in the development settings too (issue 15), so it cannot tell
        # a developer's machine from a server: the development settings on loopback do.
        if not settings.SETTINGS_MODULE.endswith(".dev") or not options["host"].startswith(LOOPBACK):
            raise CommandError(
                "ensure_local_admin is for local development only: the development settings "
                f"(config.settings.dev) on a loopback address, not {settings.SETTINGS_MODULE} "
                f"on {options['host']}."
            )
        secret_file = Path(settings.BASE_DIR) / ".local" / "admin-password"
        User = get_user_model()
        user = User.objects.filter(username=USERNAME).first()
        password = secret_file.read_text().strip() if secret_file.exists() else ""
        if user is None or not password or not user.check_password(password):
            password = password or secrets.token_urlsafe(12)
            secret_file.parent.mkdir(exist_ok=True)
            secret_file.write_text(password + "\n")
            secret_file.chmod(0o600)
            if user is None:
                user = User(username=USERNAME, email="admin@localhost", is_staff=True, is_superuser=True)
            user.set_password(password)
            user.save()
        base = f"http://{options['host']}:{options['port']}"
        line = "=" * 64
        self.stdout.write(
            f"\n{line}\n 家庭教育资源平台 (local development)\n"
            f"   Site:   {base}/\n"
            f"   Admin:  {base}/admin/\n"
            f"   Login:  {USERNAME} / {password}\n"
            f"   (local account only; the password is kept in .local/admin-password)\n{line}\n"
        )
