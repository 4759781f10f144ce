"""Completions for the search box.

With the engine, a prefix query over page titles built with the client's query DSL (the one
place where queries go beyond Wagtail's search API); with the database backend, a title
search in the database. Both return at most LIMIT live pages."""

import logging

from django.conf import settings
from wagtail.models import Page

from . import chinese
from .query import _content_type_ids, is_database_backend

logger = logging.getLogger(__name__)
LIMIT = 8


def suggestions(query):
    if not is_database_backend("default"):
        try:
            return _engine_suggestions(query)
        except Exception as error:  # transport errors of the engine client
            logger.warning("Search engine unavailable for suggestions (%s)", error)
    return _database_suggestions(query)


def _as_items(pages):
    return [{"title": page.title, "url": page.url} for page in pages]


def _database_suggestions(query):
    pages = Page.objects.live().public().filter(content_type__in=_content_type_ids())
    syllables = chinese.split_pinyin(query)
    matches = list(pages.filter(title__icontains=query).order_by("title")[:LIMIT])
    if len(matches) < LIMIT and syllables:
        seen = {p.pk for p in matches}
        for page in pages.exclude(pk__in=seen).only("title", "url_path"):
            if syllables in chinese.pinyin_of(page.title):
                matches.append(page)
                if len(matches) == LIMIT:
                    break
    return _as_items(matches)


def engine_search_class():
    """The query DSL `Search` class of the client that matches the configured engine."""
    backend = settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]
    if "opensearch" in backend:
        from opensearchpy.helpers.search import Search
    else:
        from elasticsearch.dsl import Search
    return Search


def _engine_suggestions(query):
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend("default")
    index = backend.get_index_for_model(Page).name
    search = (
        engine_search_class()(using=backend.es, index=index)
        .query(
            "bool",
            should=[
                {"match_phrase_prefix": {"title": {"query": query, "boost": 3}}},
                {"match": {"_edgengrams": {"query": query, "operator": "and"}}},
            ],
            minimum_should_match=1,
            filter=[
                {"terms": {"_django_content_type": [_content_type_name(pk) for pk in _content_type_ids()]}}
            ],
        )
        .source(["pk"])[: LIMIT * 2]
    )
    ids = [int(hit.pk) for hit in search.params(request_timeout=2).execute()]
    pages = {p.pk: p for p in Page.objects.live().public().filter(pk__in=ids)}
    return _as_items([pages[pk] for pk in ids if pk in pages][:LIMIT])


def _content_type_name(pk):
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_id(pk)
    return f"{ct.app_label}.{ct.model_class().__name__}"
