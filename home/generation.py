"""Generations: a number kept in a cache under one key, changed whenever what is computed from
some data goes stale, so that what was stored under an older number is no longer read (the page
cache's pages, home.page_cache; the search vocabulary's pinyin rewrites, search.vocabulary).

A generation lost from the cache (evicted, Redis restarted) starts again at microseconds since
the epoch: never at a number that something older was stored under, since a bump (a cache round
trip) takes longer than a microsecond, so counting from an older start never runs ahead of the
clock. (Milliseconds did: a page save bumps the vocabulary's generation several times within
one millisecond, so a loss right after restarted it at a number already used.)"""

import time

from django.db import transaction


def fresh():
    return time.time_ns() // 1000


class Generation:
    def __init__(self, key):
        self.key = key

    def read(self, cache):
        """The stored number or None, in one small read (on Redis the ``get_small`` of
        home.redis_cache.Client costs about half the CPU of ``get``); for a hit path that then
        reads nothing else."""
        get_small = getattr(getattr(cache, "client", None), "get_small", None)
        return get_small(self.key) if get_small is not None else cache.get(self.key)

    def current(self, cache):
        """The current number, stored first when the cache has none."""
        value = cache.get(self.key)
        if value is None:
            cache.add(self.key, fresh(), timeout=None)
            value = cache.get(self.key)
        return value

    def bump(self, cache):
        """A new number: whatever was stored under the current one is stale."""
        try:
            cache.incr(self.key)
        except ValueError:  # not in the cache (evicted, or never read)
            cache.set(self.key, fresh(), timeout=None)

    def bump_now_and_on_commit(self, cache):
        """A new number now and again when the transaction writing the change commits (a
        request between the two may have read the data as it was)."""
        self.bump(cache)
        transaction.on_commit(lambda: self.bump(cache))
