"""home.redis_cache.RedisCache: Django's cache API on one redis-py client per server and process."""

import pytest
from django.core.cache import caches

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


def test_the_cache_api(redis_cache):
    assert redis_cache.get("missing", "default") == "default"
    redis_cache.set("page", {"title": "亲子共读"}, 60)
    assert redis_cache.get("page") == {"title": "亲子共读"}
    assert redis_cache.add("page", "other") is False
    assert redis_cache.add("new", True) is True and redis_cache.get("new") is True
    redis_cache.set_many({"a": 1, "b": [2]}, 60)
    assert redis_cache.get_many(["a", "b", "missing"]) == {"a": 1, "b": [2]}
    assert redis_cache.incr("a", 5) == 6
    with pytest.raises(ValueError):
        redis_cache.incr("missing")
    assert redis_cache.touch("a", None) is True
    redis_cache.delete_many(["a", "b"])
    assert redis_cache.get_many(["a", "b"]) == {}
    redis_cache.set("gone", 1, 0)
    assert redis_cache.has_key("gone") is False
    assert redis_cache.delete("page") is True and redis_cache.has_key("page") is False


def test_one_client_per_server_and_process(redis_cache, settings):
    other = caches.create_connection("redis")
    assert other is not redis_cache and other.client is redis_cache.client


def test_get_small_answers_as_get_does(redis_cache):
    redis_cache.set("generation", 1796587243495, None)
    redis_cache.set("entry", ("pickled", 1), 60)
    for key in ("generation", "entry", "missing"):
        assert redis_cache.get_small(key) == redis_cache.get(key), key
    # A connection Redis closed (a restart, an idle timeout) is replaced on the next read.
    redis_cache.client.connection_pool.disconnect()
    assert redis_cache.get_small("generation") == 1796587243495
