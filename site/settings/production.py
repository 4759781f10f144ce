"""Production: base settings plus HTTPS hardening. Every value comes from the environment."""

from django.core.exceptions import ImproperlyConfigured

from home.security.checks import is_placeholder_secret_key

from .base import *  # noqa: F403
from .base import DATABASES, SECRET_KEY, env

# Production refuses to start with the placeholder key of .env.example (or the dev/test keys):
# sessions and password-reset links would be signed with a key anyone can read.
if is_placeholder_secret_key(SECRET_KEY):
    raise ImproperlyConfigured(
        "SECRET_KEY is a placeholder (.env.example, dev or test): set a long random value, e.g. "
        'python -c "import secrets; print(secrets.token_urlsafe(50))"'
    )

DEBUG = False
# Each worker keeps its database connection between requests (checked before reuse): opening
# one costs every uncached request a connection set-up (PostgreSQL) or a schema read (SQLite).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Wagtail's live preview shows the page in a same-origin frame, so SAMEORIGIN rather than
# DENY; other sites still cannot frame this one. That is what check W019 asks about.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
