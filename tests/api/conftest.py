import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_cache(settings):
    """The rate limit counts in the cache; each test starts from an empty one with a high limit
    (tests of the limit set their own)."""
    settings.API_RATE_LIMIT = "100000/minute"
    cache.clear()
    yield
    cache.clear()
