"""The database search backend with Chinese segmentation: the embedded default, and the
fallback when the engine is down. Configured by search/config.py."""

from modelsearch.backends.database import SearchBackend as database_backend_for_connection
from modelsearch.backends.database.postgres import postgres
from modelsearch.backends.database.sqlite import sqlite

from .chinese import index_text


class _SegmentingIndexerMixin:
    """Every text value is indexed with its Chinese bigrams (see search/chinese.py)."""

    def prepare_value(self, value):
        return index_text(super().prepare_value(value))


class _SQLiteIndexer(_SegmentingIndexerMixin, sqlite.ObjectIndexer):
    pass


class _PostgresIndexer(_SegmentingIndexerMixin, postgres.ObjectIndexer):
    pass


# The database backends look their indexer class up by module-level name when indexing; the
# subclasses above only change how a value is turned into text, so they replace it there.
sqlite.ObjectIndexer = _SQLiteIndexer
postgres.ObjectIndexer = _PostgresIndexer


def SearchBackend(params):
    """Wagtail's database backend for the current database, with Chinese segmentation."""
    return database_backend_for_connection(params)
