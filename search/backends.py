"""The database search backend with Chinese segmentation: the embedded default, and the
fallback when the engine is down. Configured by search/config.py."""

from importlib import import_module

from django.db import connection
from modelsearch.backends.database import SearchBackend as database_backend_for_connection

from .chinese import index_text

# Wagtail's database backend module for each database vendor we run on.
_VENDOR_MODULES = {
    "sqlite": "modelsearch.backends.database.sqlite.sqlite",
    "postgresql": "modelsearch.backends.database.postgres.postgres",
}


class _SegmentingIndexerMixin:
    """Every text value is indexed with its Chinese bigrams (see search/chinese.py)."""

    def prepare_value(self, value):
        return index_text(super().prepare_value(value))


def _install_segmenting_indexer(module_path):
    """The database backends look their indexer class up by module-level name when indexing;
    a subclass that only changes how a value becomes text replaces it there. Each backend
    module is imported only for its own database (the SQLite one needs SQLite's FTS tables)."""
    module = import_module(module_path)
    if not issubclass(module.ObjectIndexer, _SegmentingIndexerMixin):
        base = module.ObjectIndexer
        module.ObjectIndexer = type("SegmentingObjectIndexer", (_SegmentingIndexerMixin, base), {})


def SearchBackend(params):  # Wagtail loads a backend module's `SearchBackend`
    """Wagtail's database backend for the current database, with Chinese segmentation."""
    if connection.vendor in _VENDOR_MODULES:
        _install_segmenting_indexer(_VENDOR_MODULES[connection.vendor])
    return database_backend_for_connection(params)
