"""Keep the suggestion vocabulary (search/vocabulary.py) and the synonym cache current."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag
from wagtail.signals import page_published, page_unpublished

from . import vocabulary
from .facets import searchable_page_models
from .models import SYNONYM_CACHE_KEY, ApprovedSearchTerm, SearchSynonym


def _page_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    vocabulary.sync_page_task.enqueue(instance.pk)


def _page_unpublished(sender, instance, **kwargs):
    """An unpublished page leaves the vocabulary at once, not through a task: Wagtail also sends
    this signal when a live page is deleted (pre_delete), after the deletion has collected the
    page's rows; a task re-reading the page, still live in the database at that moment, would
    write a row that outlives the page."""
    vocabulary.remove_page(instance.pk)


def _page_published(sender, instance, **kwargs):
    """A published page is indexed again once it is saved whole: the engine's post_save update
    runs before modelcluster commits tags and other cluster relations, so the engine's facet
    values (search/engine_query.py) would miss the tags changed in that save."""
    from wagtail.search import index

    index.insert_or_update_object(instance)
    _page_changed(sender, instance, **kwargs)


def _connect_page_models():
    for model in searchable_page_models():
        post_save.connect(_page_changed, sender=model, dispatch_uid=f"search-vocabulary-{model.__name__}")
        page_published.connect(
            _page_published, sender=model, dispatch_uid=f"search-vocab-pub-{model.__name__}"
        )
        page_unpublished.connect(
            _page_unpublished, sender=model, dispatch_uid=f"search-vocab-unpub-{model.__name__}"
        )


@receiver([post_save, post_delete], sender=Tag)
def _topics_changed(sender, **kwargs):
    vocabulary.sync_topics_task.enqueue()


@receiver([post_save, post_delete], sender=ApprovedSearchTerm)
def _terms_changed(sender, **kwargs):
    vocabulary.sync_terms()


@receiver([post_save, post_delete], sender=SearchSynonym)
def _synonyms_changed(sender, **kwargs):
    cache.delete(SYNONYM_CACHE_KEY)
    vocabulary.changed()


_connect_page_models()
