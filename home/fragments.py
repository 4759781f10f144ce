"""Fragment caching of list sections: the rendered HTML of a page's lists (cards) is kept in
Django's cache under the page cache's *generation* (home.page_cache), which any change of
content that pages show bumps (home.cache_signals). A request that misses the page cache
(a private request, or the first after a change) then renders only what is not in a
fragment, and runs the lists' queries only when their fragment is missing: the lists are
given to the template as `LazyList`s, evaluated on first use.

Kept as long as cached pages (PAGE_APP_CACHE_SECONDS); with 0 (development, tests) nothing
is kept."""

import time
from collections.abc import Sequence

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from . import page_cache


class LazyList(Sequence):
    """A list built on first use (len, iteration, indexing, truth)."""

    def __init__(self, build):
        self._build = build
        self._items = None

    @property
    def items(self):
        if self._items is None:
            self._items = list(self._build())
        return self._items

    def __getitem__(self, index):
        return self.items[index]

    def __len__(self):
        return len(self.items)

    def __iter__(self):
        return iter(self.items)

    def __bool__(self):
        return bool(self.items)

    def __repr__(self):
        return f"LazyList({self.items!r})"


def fragment_context(request=None):
    """What the `{% cache %}` tags of list fragments read: how long to keep a fragment and
    the current content version (part of every fragment's key). A preview shows the edited,
    unsaved page: it neither reads nor keeps fragments."""
    if getattr(request, "is_preview", False):
        return {"fragment_seconds": 0, "fragment_version": "preview"}
    seconds = settings.PAGE_APP_CACHE_SECONDS
    return {
        "fragment_seconds": seconds,
        "fragment_version": (generation(request) or page_cache.current_generation()) if seconds else 0,
    }


def generation(request):
    """The content generation that fragments and cached data are kept under, read once per
    request; None when nothing is kept (a preview, no request, PAGE_APP_CACHE_SECONDS=0)."""
    if request is None or getattr(request, "is_preview", False) or not settings.PAGE_APP_CACHE_SECONDS:
        return None
    try:
        return request._fragment_generation
    except AttributeError:
        request._fragment_generation = page_cache.current_generation()
        return request._fragment_generation


_MISSING = object()
# This process's copy of what cached_data() read or built, for the current generation only:
# {key: (value, expiry in time.time())}. Values are shared by the requests of the process and are
# only read (site settings are copied before Wagtail marks them with the request).
_memo = {}
_memo_generation = [None]
MEMO_LIMIT = 500


@receiver(setting_changed)
def _forget(setting, **kwargs):
    # Tests turn the caches on and off and clear them: what this process kept goes too.
    if setting in ("PAGE_APP_CACHE_SECONDS", "PAGE_APP_CACHE_ALIAS", "CACHES"):
        _memo.clear()
        _memo_generation[0] = None


def cached_data(request, name, build, seconds=None):
    """``build()``, kept under the content generation and the host, so what every page shows
    the same way (the menu, section URLs, site settings, the next open days) costs neither
    queries nor a cache round trip until content changes: first this process's memory, then
    Django's cache (shared by the workers), then ``build()``. ``seconds`` caps how long (an
    int, or a function of the built value for data that expires with the clock); 0 or less
    keeps nothing. Without a generation (previews, PAGE_APP_CACHE_SECONDS=0) it is just
    ``build()``. The value must pickle (rows, lists, plain values) and is never changed by
    its readers."""
    version = generation(request)
    if version is None:
        return build()
    key = f"fragment-data:{version}:{request.get_host()}:{name}"
    if _memo_generation[0] != version or len(_memo) >= MEMO_LIMIT:
        _memo.clear()
        _memo_generation[0] = version
    now = time.time()  # the clock the open days' ends are compared with
    entry = _memo.get(key)
    if entry is not None and entry[1] > now:
        return entry[0]
    cache = page_cache.page_cache()
    # Kept with its own expiry, checked here: the cache's clock (Redis) is not this one.
    value, expires = cache.get(key, (_MISSING, 0))
    if value is _MISSING or expires <= now:
        value = build()
        limit = settings.PAGE_APP_CACHE_SECONDS
        if seconds is not None:
            limit = min(limit, seconds(value) if callable(seconds) else seconds)
        expires = now + limit
        if limit > 0:
            cache.set(key, (value, expires), limit)
    if expires > now:
        _memo[key] = (value, expires)
    return value
