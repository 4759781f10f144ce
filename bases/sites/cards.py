"""The map's list entries as cached fragments: each site's rendered entry is kept in Django's
cache under a key made of everything it shows that can change, so a list page renders only
the entries that changed since (one `get_many` for the page, one `set_many` for the misses).

The key holds the site's id, its last publication, the map's version (bumped by any change of
a site, open day or category, bases/signals.py), the next open day (which moves with time, not
with edits), the age stages' names (another app's taxonomy) and the host (links are relative
to it). Kept as long as cached pages (PAGE_APP_CACHE_SECONDS); with 0 nothing is kept."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.template import Context
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from .cache import map_cache_version

SITE_ITEM_TEMPLATE = "bases/sites/includes/site_item.html"


def _key(site, version, host):
    stages = "|".join(stage.name for stage in site.age_stages.all())
    next_day = site.next_open_day_start.isoformat() if getattr(site, "next_open_day_start", None) else ""
    published = site.last_published_at.isoformat() if site.last_published_at else ""
    parts = f"{site.pk}:{version}:{published}:{next_day}:{stages}:{host}"
    return "map:site-item:" + hashlib.md5(parts.encode(), usedforsecurity=False).hexdigest()


def site_items(sites, request):
    """The rendered list entries of ``sites`` (with_listing_data), in their order: the same HTML
    as including site_item.html for each, from the cache where it is current."""
    template = get_template(SITE_ITEM_TEMPLATE).template

    def render(site):
        return mark_safe(template.render(Context({"item": site, "request": request})))

    sites = list(sites)
    seconds = settings.PAGE_APP_CACHE_SECONDS
    if not seconds or not sites:
        return [render(site) for site in sites]
    version, host = map_cache_version(), request.get_host()
    keys = [_key(site, version, host) for site in sites]
    found = cache.get_many(keys)
    missing = {key: render(site) for key, site in zip(keys, sites, strict=True) if key not in found}
    if missing:
        cache.set_many({key: str(html) for key, html in missing.items()}, seconds)
    return [missing[key] if key in missing else mark_safe(found[key]) for key in keys]
