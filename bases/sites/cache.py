"""The map's cache: a version that is part of every cache key of the map's data (GeoJSON, iCal),
changed whenever a site, an open day, a category or a base changes (receivers in bases.signals),
so cached data is never stale for long. Shared by all workers with Redis."""

from django.core.cache import cache
from django.utils import timezone

MAP_CACHE_VERSION_KEY = "map:version"


def map_cache_version():
    version = cache.get(MAP_CACHE_VERSION_KEY)
    if version is None:
        version = bump_map_cache()
    return version


def bump_map_cache(**kwargs):
    version = f"{timezone.now().timestamp():.6f}"
    cache.set(MAP_CACHE_VERSION_KEY, version, None)
    return version
