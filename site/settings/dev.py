"""Local development: the `make run` settings. Never use in production."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-insecure-key-not-for-production")
os.environ.setdefault("SEARCH_ENVIRONMENT", "dev")  # index names family_dev_* with SEARCH_URL

from .base import *  # noqa: F403
from .base import env

# Off by default so the local run shows the site's own Chinese 404 and 500 pages, as visitors see
# them (errors are still logged to the console). `DEBUG=true make run` for Django's debug pages.
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0)
# Manifest storage needs collectstatic; the dev server serves from the app folders.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# WhiteNoise serves the app folders and node_modules directly (no collectstatic), DEBUG or not.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
