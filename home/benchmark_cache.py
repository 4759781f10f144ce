"""Cache backend micro-benchmark: the page cache's reads through each Redis backend.

    .venv/bin/python -m home.benchmark_cache                          # Redis db 15 of 127.0.0.1
    .venv/bin/python -m home.benchmark_cache --url redis://127.0.0.1:6379/12

Times (timeit, the minimum of --repeat rounds of --number calls, in µs per call) what the page
cache reads on a hit: the generation (a small integer; ``get_small`` on this project's backend,
as home.page_cache's WSGI hit path reads it, and ``get``), a stored page of about 15 KB (the
page cache's entry tuple), and the ``get_many`` of both (a worker's first hit of a page), through

- ours: home.redis_cache.RedisCache,
- django-redis: django_redis.cache.RedisCache with its default client and pickle serializer
  (configured through its documented OPTIONS only; reported as missing when not installed;
  requirements-dev.txt pins it for this benchmark),
- django-redis+small: the same with OPTIONS CLIENT_CLASS = ``SmallGetClient`` below, its
  documented extension point, adding the packed ``get_small`` of home.redis_cache to its client
  (what replacing our backend by django-redis would need to keep the hit path's cost),
- django: Django's built-in django.core.cache.backends.redis.RedisCache.

The keys are written under a prefix of their own and deleted at the end. Wall-clock figures of a
shared machine: compare the rows of one run, and repeat it."""

import argparse
import os
import time
import timeit

PAGE_BYTES = 15 * 1024


try:
    from django_redis.client import DefaultClient
except ImportError:  # not installed: the benchmark says so
    DefaultClient = object

_packed_commands = {}


class SmallGetClient(DefaultClient):
    """django-redis's default client with ``get_small`` (the packed GET of home.redis_cache)."""

    def get_small(self, key, default=None, version=None):
        name = self.make_key(key, version=version)
        pool = self.get_client(write=False).connection_pool
        connection = pool.get_connection()
        try:
            packed = _packed_commands.get(name)
            if packed is None:
                packed = _packed_commands[name] = connection.pack_command("GET", name)
            connection.send_packed_command(packed)
            value = connection.read_response()
        except BaseException:
            connection.disconnect()
            raise
        finally:
            pool.release(connection)
        return default if value is None else self.decode(value)


class _ClientGetSmall:
    """A django-redis cache whose ``get_small`` is its client's (for ``operations``)."""

    def __init__(self, cache):
        self.cache = cache

    def __getattr__(self, name):
        return getattr(self.cache, name)

    def get_small(self, key, default=None, version=None):
        return self.cache.client.get_small(key, default, version)


def backends(url):
    from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

    from home.redis_cache import RedisCache as OurRedisCache

    params = {"KEY_PREFIX": "benchmark-cache", "TIMEOUT": 600}
    found = {"ours": OurRedisCache(url, dict(params))}
    try:
        from django_redis.cache import RedisCache as DjangoRedisLibraryCache
    except ImportError:
        found["django-redis"] = None
    else:
        options = {"CLIENT_CLASS": "django_redis.client.DefaultClient"}
        found["django-redis"] = DjangoRedisLibraryCache(url, {**params, "OPTIONS": options})
        options = {"CLIENT_CLASS": "home.benchmark_cache.SmallGetClient"}
        found["django-redis+small"] = _ClientGetSmall(
            DjangoRedisLibraryCache(url, {**params, "OPTIONS": options})
        )
    found["django"] = DjangoRedisCache(url, dict(params))
    return found


def operations(cache):
    generation, page = "benchmark:generation", "benchmark:page"
    entry = (
        time.time_ns() // 1000,
        ("accept-language",),
        ("zh-hans",),
        200,
        [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(PAGE_BYTES))],
        os.urandom(PAGE_BYTES // 2).hex().encode(),
        time.time() + 600,
    )
    cache.set(generation, entry[0])
    cache.set(page, entry)
    assert cache.get(generation) == entry[0] and cache.get(page) == entry
    found = {}
    if hasattr(type(cache), "get_small"):
        assert cache.get_small(generation) == entry[0]
        found["generation get_small"] = lambda: cache.get_small(generation)
    found["generation get"] = lambda: cache.get(generation)
    found["page get (15 KB)"] = lambda: cache.get(page)
    found["get_many (generation, page)"] = lambda: cache.get_many([generation, page])
    return found, lambda: cache.delete_many([generation, page])


def measure(functions, number, repeat):
    """Per function: the minimum over `repeat` rounds of the wall-clock and of the CPU time per
    call (µs). The rounds are interleaved (every function once per round), so that a burst of
    load on the shared machine hits all of them alike."""
    wall = {name: [] for name in functions}
    cpu = {name: [] for name in functions}
    for function in functions.values():
        function()  # a connection of the pool, opened
    for _ in range(repeat):
        for name, function in functions.items():
            wall[name].append(timeit.timeit(function, number=number) / number * 1e6)
            cpu[name].append(timeit.timeit(function, number=number, timer=time.process_time) / number * 1e6)
    return {name: (min(wall[name]), min(cpu[name])) for name in functions}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--number", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from django.conf import settings

    if not settings.configured:
        settings.configure()

    functions, cleaners = {}, []
    for name, cache in backends(args.url).items():
        if cache is None:
            print(f"{name}: not installed")
            continue
        found, clean = operations(cache)
        cleaners.append(clean)
        functions.update({(name, operation): function for operation, function in found.items()})
    try:
        results = measure(functions, args.number, args.repeat)
    finally:
        for clean in cleaners:
            clean()
    print(f"{'backend':13} {'operation':29} {'wall µs':>8} {'CPU µs':>8}")
    for (name, operation), (wall, cpu) in results.items():
        print(f"{name:13} {operation:29} {wall:8.1f} {cpu:8.1f}")
    ours = {operation: results["ours", operation] for name, operation in results if name == "ours"}
    for name in ("django-redis", "django-redis+small", "django"):
        if (name, "generation get") not in results:
            continue
        generation = "generation get_small" if (name, "generation get_small") in results else "generation get"
        ratios = [
            ("generation", results[name, generation], ours["generation get_small"]),
            ("page", results[name, "page get (15 KB)"], ours["page get (15 KB)"]),
            ("get_many", results[name, "get_many (generation, page)"], ours["get_many (generation, page)"]),
        ]
        print(
            f"{name} / ours (wall, CPU): "
            + ", ".join(
                f"{label} {theirs[0] / our[0]:.2f}x {theirs[1] / our[1]:.2f}x"
                for label, theirs, our in ratios
            )
        )


if __name__ == "__main__":
    main()
