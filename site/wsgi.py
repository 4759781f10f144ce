"""WSGI entry point: `gunicorn config.wsgi`.

Django's handler behind the page cache's WSGI middleware (home/page_cache.py): a page-cache hit
is answered before Django builds a request or runs its middleware chain."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

django_application = get_wsgi_application()

from home.page_cache import PageCacheWSGIMiddleware  # noqa: E402 (after Django's setup)

application = PageCacheWSGIMiddleware(django_application)
