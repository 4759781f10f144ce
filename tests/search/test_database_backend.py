"""The database backend is a subclass of Wagtail's (modelsearch's) database backend with its
own index and indexer classes (search/backends.py): the library's modules stay as they are,
pages are indexed with their Chinese bigrams, and the search page knows the backend's kind
from its class."""

import importlib

from django.db import connection
from django.test import override_settings
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from search.backends import DatabaseBackend, SegmentingIndexerMixin
from search.config import DATABASE_BACKEND, engine_backend
from search.query import is_database_backend
from tests.factories import MicroLessonPageFactory

LIBRARY_MODULES = {
    "sqlite": "modelsearch.backends.database.sqlite.sqlite",
    "postgresql": "modelsearch.backends.database.postgres.postgres",
}


def _titles(client, query):
    return [item.title for item in client.get("/search/", {"q": query}).context["items"]]


def test_the_library_is_not_patched(site_tree):
    MicroLessonPageFactory(parent=site_tree[2], title="科学实验开放日")
    backend = get_search_backend("default")
    assert isinstance(backend, DatabaseBackend)
    library = importlib.import_module(LIBRARY_MODULES[connection.vendor])
    assert not issubclass(library.ObjectIndexer, SegmentingIndexerMixin)
    assert issubclass(backend.index_class.indexer_class, library.ObjectIndexer)
    assert issubclass(backend.index_class.indexer_class, SegmentingIndexerMixin)


def test_a_page_is_found_by_a_word_inside_its_title_and_saved_once(client, site_tree):
    lesson = MicroLessonPageFactory(parent=site_tree[2], title="科学实验开放日")
    assert _titles(client, "实验") == ["科学实验开放日"]

    lesson.title = "科学实验室参观日"
    lesson.save_revision().publish()
    assert _titles(client, "参观") == ["科学实验室参观日"]
    assert _titles(client, "开放日") == []
    entries = get_search_backend("default").get_index_for_model(Page).entries
    assert entries.filter(object_id=str(lesson.pk)).count() == 1


def test_the_kind_of_backend_comes_from_its_class():
    assert is_database_backend("default")
    engine = engine_backend("http://127.0.0.1:9", "elasticsearch9", "family_test_kind_")
    with override_settings(WAGTAILSEARCH_BACKENDS={"default": engine, "fallback": DATABASE_BACKEND}):
        assert not is_database_backend("default")
        assert is_database_backend("fallback")
