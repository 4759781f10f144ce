"""Fragment caching of list sections: the rendered HTML of a page's lists (cards) is kept in
Django's cache under the page cache's *generation* (home.page_cache), which any change of
content that pages show bumps (home.cache_signals). A request that misses the page cache
(a private request, or the first after a change) then renders only what is not in a
fragment, and runs the lists' queries only when their fragment is missing: the lists are
given to the template as `LazyList`s, evaluated on first use.

Kept as long as cached pages (PAGE_APP_CACHE_SECONDS); with 0 (development, tests) nothing
is kept."""

from collections.abc import Sequence

from django.conf import settings

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
        "fragment_version": page_cache.current_generation() if seconds else 0,
    }
