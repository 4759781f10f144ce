"""Invalidation of the page caches: the app's page cache (home.page_cache) and, when one is
configured, the front cache (Varnish, through wagtail.contrib.frontend_cache).

Any saved or deleted object of a model that public pages show bumps the page cache's
generation: pages (publish, unpublish, move, delete, scheduled publish all save or delete the
page), their inline rows, snippets, site settings, open days, categories, search promotions,
images, documents, media, tags, redirects, sites and view restrictions. Records that
anonymous visits themselves write (search statistics, image renditions, sessions) and admin
bookkeeping (revisions, logs, workflow states, the reference index) do not.

The generation is bumped at once and again when the transaction commits, so a request that
rendered the old content between the two cannot leave it in the cache."""

import contextlib
import threading

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.signals import page_unpublished, post_page_move

from . import page_cache

# Every model of these apps, except the ones listed in NOT_SHOWN.
CONTENT_APPS = {"home", "resources", "bases", "wagtailmedia", "wagtaildocs", "taggit"}
# Single models of other apps.
CONTENT_MODELS = {
    "wagtailcore.page",
    "wagtailcore.site",
    "wagtailcore.locale",
    "wagtailcore.collection",
    "wagtailcore.pageviewrestriction",
    "wagtailcore.collectionviewrestriction",
    "wagtailimages.image",
    "wagtailredirects.redirect",
    "wagtailsearchpromotions.searchpromotion",
    "wagtailembeds.embed",
}
# Accounts and review set-up of the bases: not shown on public pages.
NOT_SHOWN = {"bases.districtreviewgroup", "bases.baseaccount", "bases.districtreviewtask"}


def shows_on_pages(model):
    label = model._meta.label_lower
    if label in NOT_SHOWN:
        return False
    return model._meta.app_label in CONTENT_APPS or label in CONTENT_MODELS


_batch = threading.local()


@contextlib.contextmanager
def one_invalidation():
    """Inside this block, changes mark the caches stale once, when the block ends, instead of
    once per saved object (bulk jobs: generated content, imports of thousands of rows)."""
    _batch.depth = getattr(_batch, "depth", 0) + 1
    try:
        yield
    finally:
        _batch.depth -= 1
        if not _batch.depth and getattr(_batch, "pending", False):
            _batch.pending = False
            content_changed()


def content_changed(sender=None, instance=None, created=False, **kwargs):
    from wagtail.contrib.settings.models import BaseSiteSetting

    if created and isinstance(instance, BaseSiteSetting):
        return  # made with its defaults on first read: the pages showed those already
    if getattr(_batch, "depth", 0):
        _batch.pending = True
        return
    page_cache.invalidate()
    transaction.on_commit(_after_commit)


def _after_commit():
    page_cache.invalidate()
    purge_front_cache()


def purge_front_cache():
    """Ask the front cache (Varnish) to drop every page of every site, when one is configured.

    wagtail.contrib.frontend_cache purges a published page's own URLs; a change that shows on
    other pages too (a lesson on the home page and the lists, an open day, a setting) needs them
    all gone: the VCL (site/deploy/varnish.vcl) treats a PURGE of FRONT_CACHE_PURGE_ALL_PATH as a
    ban of every object of that host."""
    from django.conf import settings

    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch
    from wagtail.models import Site

    batch = PurgeBatch()
    for site in Site.objects.all():
        batch.add_url(site.root_url.rstrip("/") + "/" + settings.FRONT_CACHE_PURGE_ALL_PATH.lstrip("/"))
    batch.purge()


def connect():
    for model in apps.get_models():
        if not shows_on_pages(model):
            continue
        uid = model._meta.label_lower
        post_save.connect(content_changed, sender=model, dispatch_uid=f"page-cache-save-{uid}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"page-cache-delete-{uid}")
    m2m_changed.connect(content_changed, dispatch_uid="page-cache-m2m")
    # Unpublish and move update rows with queryset.update() for descendants: no post_save.
    page_unpublished.connect(content_changed, dispatch_uid="page-cache-unpublish")
    post_page_move.connect(content_changed, dispatch_uid="page-cache-move")
