"""Search tests run on every backend: the database backend of this run's database (SQLite
or PostgreSQL) and a real OpenSearch node (started by `make test`, SEARCH_TEST_URL).

Outside CI a missing node skips the engine half with a clear reason; in CI it fails."""

import urllib.request
import uuid

import pytest
from django.conf import settings
from django.test import override_settings
from wagtail.search.backends import get_search_backend

from search.config import DATABASE_BACKEND, engine_backend
from tests.conftest import IN_CI

BACKENDS = ["database", "engine"]


def engine_config(prefix, url=None, timeout=5):
    return engine_backend(url or settings.SEARCH_TEST_URL, settings.SEARCH_TEST_ENGINE, prefix, timeout)


def _engine_reachable():
    if not settings.SEARCH_TEST_URL:
        return False
    try:
        with urllib.request.urlopen(settings.SEARCH_TEST_URL + "/_cluster/health", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


class EngineHelper:
    """Index refresh and clean-up around a real engine, with index names of its own."""

    def __init__(self, prefix):
        self.prefix = prefix

    @property
    def backend(self):
        return get_search_backend("default")

    def reset(self):
        """A fresh index with this project's mappings and analysis, as `update_index` makes it."""
        import io

        from django.core.management import call_command

        call_command("update_index", backend_name="default", stdout=io.StringIO())

    def refresh(self):
        """Make what was just indexed visible to searches (the engine refreshes every second)."""
        self.backend.es.indices.refresh(index=f"{self.prefix}*")

    def delete_indices(self):
        client = self.backend.es
        for name in client.indices.get(index=f"{self.prefix}*"):
            client.indices.delete(index=name)


@pytest.fixture
def engine(db):
    if not _engine_reachable():
        message = f"no search engine at SEARCH_TEST_URL={settings.SEARCH_TEST_URL!r} (run `make test`)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    prefix = f"family_test_{uuid.uuid4().hex[:8]}_"
    with override_settings(
        WAGTAILSEARCH_BACKENDS={"default": engine_config(prefix), "fallback": DATABASE_BACKEND}
    ):
        helper = EngineHelper(prefix)
        helper.reset()
        try:
            yield helper
        finally:
            helper.delete_indices()


@pytest.fixture(params=BACKENDS)
def backend(request, db):
    """'database' or 'engine'; with 'engine', searches go through a real OpenSearch node."""
    if request.param == "engine":
        return request.getfixturevalue("engine")
    return None


def refresh(backend_helper):
    if backend_helper is not None:
        backend_helper.refresh()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The circuit breaker and the synonym rules live in the cache: each test starts closed."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
