"""Settings for the test suite: fast, isolated, deterministic."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-insecure-key")

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
MEDIA_ROOT = env.path("TEST_MEDIA_ROOT", default=str(BASE_DIR / "var" / "test-media"))
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PAGE_CACHE_SECONDS = 300
WAGTAILADMIN_BASE_URL = "http://testserver"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The database backend by default; engine tests configure the engine themselves from
# SEARCH_TEST_URL (started by `make test`), with index names of their own.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends"}}
SEARCH_TEST_URL = env("SEARCH_TEST_URL", default="")
SEARCH_TEST_ENGINE = env("SEARCH_TEST_ENGINE", default="opensearch3")
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
