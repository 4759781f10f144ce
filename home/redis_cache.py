"""Django's RedisCache with one `redis.Redis` client per connection pool, reused.

Django's built-in backend builds a new `redis.Redis(connection_pool=pool)` for every cache call;
with redis 8 that client's constructor fills its table of response callbacks (some 170 entries)
each time: measured at 40-160 µs per call, as much as the round trip to Redis itself, on every
page-cache hit. A client is thread-safe and holds no connection of its own (the pool does, and
the pool notices a fork), so one per pool is enough. Everything else is Django's backend.
`CACHE_URL=redis://...` selects it (site/settings/base.py)."""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
