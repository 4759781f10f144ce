"""Settings for the test suite: fast, isolated, deterministic."""

import os
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("SECRET_KEY", "test-only-insecure-key")

from .base import *  # noqa: F403
from .base import BASE_DIR, env, redis_cache

DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Under pytest-xdist (`make test` runs the suite on several processes) each worker has its own
# media folder and Redis database; pytest-django gives each its own test database.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")  # "gw0", "gw1", ... or "" when serial
XDIST_WORKER_INDEX = int(XDIST_WORKER[2:]) if XDIST_WORKER.startswith("gw") else 0
MEDIA_ROOT = env.path("TEST_MEDIA_ROOT", default=str(BASE_DIR / "var" / "test-media"))
if XDIST_WORKER:
    MEDIA_ROOT = str(MEDIA_ROOT) + f"/{XDIST_WORKER}"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Redis for the page-cache tests (tests/cache) when CACHE_URL names one (`make test` passes it
# when Redis answers; .ci/run starts one). The rest of the suite keeps local memory. The tests
# empty that database; worker N of a parallel run takes the database N below CACHE_URL's
# (15, 14, 13, ... for redis://host:6379/15), since emptying one is all or nothing.
if env("CACHE_URL", default=""):
    CACHES["redis"] = redis_cache(env.cache("CACHE_URL"))
    if XDIST_WORKER_INDEX:
        _url = urlsplit(CACHES["redis"]["LOCATION"])
        _db = int(_url.path.strip("/") or 0) - XDIST_WORKER_INDEX
        if _db < 0:
            raise ImproperlyConfigured(f"CACHE_URL: no Redis database left for test worker {XDIST_WORKER}")
        CACHES["redis"]["LOCATION"] = urlunsplit(_url._replace(path=f"/{_db}"))
PAGE_CACHE_SECONDS = 300
# The server-side page cache is off for the suite (tests change data behind its back, e.g. with
# queryset.update()); tests/cache turns it on.
PAGE_APP_CACHE_SECONDS = 0
WAGTAILADMIN_BASE_URL = "http://testserver"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The database backend by default; engine tests configure the engine themselves from
# SEARCH_TEST_URL (started by `make test`), with index names of their own.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends"}}
SEARCH_TEST_URL = env("SEARCH_TEST_URL", default="")
SEARCH_TEST_ENGINE = env("SEARCH_TEST_ENGINE", default="opensearch3")
# The Elasticsearch node of the engine tests (`make test` starts it too).
SEARCH_TEST_ELASTICSEARCH_URL = env("SEARCH_TEST_ELASTICSEARCH_URL", default="")
SEARCH_TEST_ELASTICSEARCH_ENGINE = env("SEARCH_TEST_ELASTICSEARCH_ENGINE", default="elasticsearch9")
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# A busy test machine may take longer than production's 1 s to index one page; the hung-engine
# tests (tests/search/test_public_terms_and_breaker.py) set a short write timeout themselves.
SEARCH_WRITE_TIMEOUT = 10.0
