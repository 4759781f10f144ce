import pytest
from django.core.cache import caches

from tests.conftest import IN_CI


@pytest.fixture(params=["default", "redis"], ids=["locmem", "redis"])
def page_cache(request, settings):
    """The server-side page cache turned on, in local memory and in Redis (CACHE_URL).

    Without CACHE_URL the Redis variant is skipped on a developer's machine and fails in CI."""
    alias = request.param
    if alias not in settings.CACHES:
        message = "CACHE_URL names no Redis: the page-cache tests on Redis cannot run"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    settings.PAGE_APP_CACHE_SECONDS = 3600
    settings.PAGE_APP_CACHE_ALIAS = alias
    cache = caches[alias]
    cache.clear()
    yield cache
    cache.clear()
