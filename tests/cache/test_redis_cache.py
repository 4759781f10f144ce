"""The cache on Redis: django-redis (CACHE_URL=redis://...) with the page cache's client,
home.redis_cache.Client, whose ``get_small`` is the hit path's read of the generation."""

import pytest
from django.core.cache import caches

from home.generation import Generation
from home.redis_cache import Client
from tests.conftest import IN_CI


@pytest.fixture
def redis_cache(settings):
    if "redis" not in settings.CACHES:
        message = "CACHE_URL names no Redis: the Redis backend's tests cannot run"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    cache = caches["redis"]
    cache.clear()
    yield cache
    cache.clear()


def test_the_cache_url_selects_django_redis_with_the_page_cache_client(redis_cache):
    assert type(redis_cache).__module__ == "django_redis.cache"
    assert isinstance(redis_cache.client, Client)


def test_get_small_answers_as_get_does(redis_cache):
    redis_cache.set("generation", 1796587243495, None)
    redis_cache.set("entry", ("pickled", 1), 60)
    redis_cache.set("flag", True, 60)
    for key in ("generation", "entry", "flag", "missing"):
        assert redis_cache.client.get_small(key) == redis_cache.get(key), key
    assert redis_cache.client.get_small("missing", "default") == "default"
    redis_cache.set("generation", 2, None, version=2)
    assert redis_cache.client.get_small("generation", version=2) == 2
    assert redis_cache.client.get_small("generation") == 1796587243495
    # A connection Redis closed (a restart, an idle timeout) is replaced on the next read.
    redis_cache.client.get_client(write=False).connection_pool.disconnect()
    assert redis_cache.client.get_small("generation") == 1796587243495


def test_what_the_page_cache_relies_on(redis_cache):
    # incr is atomic on an integer and refuses a missing key (home.generation starts it afresh).
    redis_cache.set("generation", 5, None)
    assert redis_cache.incr("generation") == 6
    with pytest.raises(ValueError):
        redis_cache.incr("missing")
    assert redis_cache.add("generation", 1, None) is False
    redis_cache.set("page", ("entry", b"x" * 15000), 60)
    assert redis_cache.get_many(["generation", "page", "missing"]) == {
        "generation": 6,
        "page": ("entry", b"x" * 15000),
    }


def test_the_hit_path_reads_the_generation_with_get_small(redis_cache, monkeypatch):
    calls = []
    get_small = Client.get_small
    monkeypatch.setattr(Client, "get_small", lambda self, key: calls.append(key) or get_small(self, key))
    generation = Generation("test:generation")
    first = generation.current(redis_cache)
    assert generation.read(redis_cache) == first
    assert calls == ["test:generation"]
