"""Cache backend micro-benchmark: the page cache's reads through each Redis backend.

    .venv/bin/python -m home.benchmark_cache                          # Redis db 15 of 127.0.0.1
    .venv/bin/python -m home.benchmark_cache --url redis://127.0.0.1:6379/12

Times (timeit, the minimum of --repeat interleaved rounds of --number calls, in µs per call,
wall-clock and CPU) what the page cache reads: the generation (a small integer; ``get_small``
as home.page_cache's WSGI hit path reads it, and ``get``), a stored page of about 15 KB (the
page cache's entry tuple), and the ``get_many`` of both (a worker's first hit of a page), through

- ours: django-redis with the page cache's client, home.redis_cache.Client (its documented
  CLIENT_CLASS option), as CACHE_URL=redis://... configures it (site/settings/base.py),
- django-redis: django-redis with its default client and pickle serializer,
- django: Django's built-in django.core.cache.backends.redis.RedisCache.

The keys are written under a prefix of their own and deleted at the end. Wall-clock figures of a
shared machine: compare the rows of one run, and repeat it."""

import argparse
import os
import time
import timeit

from home.generation import Generation

PAGE_BYTES = 15 * 1024


def backends(url):
    from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
    from django_redis.cache import RedisCache as DjangoRedisLibraryCache

    params = {"KEY_PREFIX": "benchmark-cache", "TIMEOUT": 600}
    ours = {"CLIENT_CLASS": "home.redis_cache.Client"}
    default = {"CLIENT_CLASS": "django_redis.client.DefaultClient"}
    return {
        "ours": DjangoRedisLibraryCache(url, {**params, "OPTIONS": ours}),
        "django-redis": DjangoRedisLibraryCache(url, {**params, "OPTIONS": default}),
        "django": DjangoRedisCache(url, dict(params)),
    }


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
    if getattr(getattr(cache, "client", None), "get_small", None) is not None:
        # As the hit path reads it (home.generation.Generation.read: get_small).
        read = Generation(generation).read
        assert read(cache) == entry[0]
        found["generation get_small"] = lambda: read(cache)
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
    for name in ("django-redis", "django"):
        ratios = [
            ("generation", results[name, "generation get"], ours["generation get_small"]),
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
