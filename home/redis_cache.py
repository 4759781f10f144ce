"""The Django cache on Redis is django-redis (pinned in requirements.txt), with one addition made
through its documented ``CLIENT_CLASS`` option: ``Client.get_small``, the read of the page
cache's hit path (home.generation.Generation.read, for home.page_cache.PageCacheWSGIMiddleware).
``CACHE_URL=redis://...`` selects it (site/settings/base.py).

``get_small`` answers as ``get`` does for about half the CPU: the GET command of each key is packed
once and sent on a connection of the client's pool as it is (redis-py's public ``Connection``
methods), without the client's command machinery (retries, observability). On a connection error
the connection is dropped and the error raised (the page cache's WSGI middleware then hands the
request to Django).

Measured with ``.venv/bin/python -m home.benchmark_cache`` (µs per call, wall-clock / CPU, the
minimum of 5 interleaved rounds of 2,000, Redis on loopback, a shared 2-core machine at load
about 2). The generation read of the hit path: 26.6-27.1 / 20.7-21.1 with this client's
``get_small``; 27.0-27.5 / 20.7-21.0 with the project's former hand-written backend (its own
``BaseCache`` subclass on redis-py, with the same ``get_small``); 44 / 37.5 with django-redis's
``get`` (1.65x); 133 / 125 with Django's built-in RedisCache (5x: it builds a redis-py client on
every call). A 15 KB page: 55 / 47 here, 57-59 / 48-49 with the former backend, 54.5 / 46.5
with django-redis's default client, 141-146 / 133 with Django's. django-redis with this client
being within 10% of the hand-written backend on both reads, the library replaced it: like the
former backend, its client keeps one redis-py client per server and process, stores integers
as Redis integers (``incr`` is atomic) and pickles anything else."""

from django_redis.client import DefaultClient


class Client(DefaultClient):
    """django-redis's default client, with ``get_small``."""

    PACKED_LIMIT = 64

    def __init__(self, server, params, backend):
        super().__init__(server, params, backend)
        self._packed = {}  # (key, version) -> its GET command, packed

    def get_small(self, key, default=None, version=None):
        """``get()`` of a small value for about half the CPU (see the module docstring)."""
        pool = self.get_client(write=False).connection_pool
        connection = pool.get_connection()
        try:
            packed = self._packed.get((key, version))
            if packed is None:
                if len(self._packed) >= self.PACKED_LIMIT:
                    self._packed.clear()
                name = self.make_key(key, version=version)
                packed = self._packed[key, version] = connection.pack_command("GET", name)
            connection.send_packed_command(packed)
            value = connection.read_response()
        except BaseException:
            connection.disconnect()
            raise
        finally:
            pool.release(connection)
        return default if value is None else self.decode(value)
