"""Search tests run on every backend: the database backend of this run's database (SQLite
or PostgreSQL), a real OpenSearch node (SEARCH_TEST_URL) and a real Elasticsearch node
(SEARCH_TEST_ELASTICSEARCH_URL), both started by `make test`.

Outside CI a missing node skips the engine half with a clear reason; in CI it fails."""

import io
import urllib.request
import uuid

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from wagtail.search.backends import get_search_backend

from search.config import DATABASE_BACKEND, engine_backend
from tests.conftest import IN_CI

ENGINES = ["opensearch", "elasticsearch"]
BACKENDS = ["database", *ENGINES]


def engine_url(kind="opensearch"):
    return settings.SEARCH_TEST_URL if kind == "opensearch" else settings.SEARCH_TEST_ELASTICSEARCH_URL


def engine_name(kind="opensearch"):
    return settings.SEARCH_TEST_ENGINE if kind == "opensearch" else settings.SEARCH_TEST_ELASTICSEARCH_ENGINE


def engine_config(prefix, url=None, timeout=5, kind="opensearch"):
    return engine_backend(url or engine_url(kind), engine_name(kind), prefix, timeout)


def _engine_reachable(kind):
    if not engine_url(kind):
        return False
    try:
        with urllib.request.urlopen(engine_url(kind) + "/_cluster/health", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


class EngineHelper:
    """Index refresh and clean-up around a real engine, with index names of its own."""

    def __init__(self, prefix, kind):
        self.prefix = prefix
        self.kind = kind
        self.url = engine_url(kind)

    @property
    def backend(self):
        return get_search_backend("default")

    def reset(self):
        """A fresh index with this project's mappings and analysis, as `update_index` makes it."""

        call_command("update_index", backend_name="default", stdout=io.StringIO())

    def refresh(self):
        """Make what was just indexed visible to searches (the engine refreshes every second)."""
        self.backend.es.indices.refresh(index=f"{self.prefix}*")

    def delete_indices(self):
        client = self.backend.es
        for name in client.indices.get(index=f"{self.prefix}*"):
            client.indices.delete(index=name)


def _use_engine(kind):
    """The engine of that kind as the "default" backend (the database as "fallback"), with a
    fresh index of this test's own; skipped (failed in CI) when the node is not running."""
    if not _engine_reachable(kind):
        variable = "SEARCH_TEST_URL" if kind == "opensearch" else "SEARCH_TEST_ELASTICSEARCH_URL"
        message = f"no {kind} node at {variable}={engine_url(kind)!r} (run `make test`)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    prefix = f"family_test_{uuid.uuid4().hex[:8]}_"
    with override_settings(
        WAGTAILSEARCH_BACKENDS={"default": engine_config(prefix, kind=kind), "fallback": DATABASE_BACKEND}
    ):
        helper = EngineHelper(prefix, kind)
        helper.reset()
        try:
            yield helper
        finally:
            helper.delete_indices()


@pytest.fixture(params=ENGINES)
def engine(request, db):
    """Each engine test runs on OpenSearch and on Elasticsearch."""
    yield from _use_engine(request.param)


@pytest.fixture(params=BACKENDS)
def backend(request, db):
    """'database', 'opensearch' or 'elasticsearch'; with an engine, searches go through a real
    node of it."""
    if request.param == "database":
        yield None
    else:
        yield from _use_engine(request.param)


def refresh(backend_helper):
    if backend_helper is not None:
        backend_helper.refresh()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The circuit breaker and the synonym rules live in the cache: each test starts closed."""

    cache.clear()
    yield
    cache.clear()
