"""The database search backend with Chinese segmentation: the embedded default, and the
fallback when the engine is down. Configured by search/config.py.

Wagtail's (modelsearch's) database backends are subclassed through their public class
attribute `index_class`: our index builds each entry with its own indexer class
(`indexer_class`, a subclass of the library's `ObjectIndexer` that indexes every text value
with its Chinese bigrams, see search/chinese.py) and writes the entries itself. Nothing in
the library is replaced. Every backend of this module is a `DatabaseBackend`, which is how
the search page tells the database backend from an engine (search/query.py)."""

from functools import cache
from importlib import import_module

from django.db import connection
from modelsearch.utils import get_content_type_pk

from .chinese import index_text


class DatabaseBackend:
    """Marks this project's database backends (isinstance checks in search/query.py)."""


class SegmentingIndexerMixin:
    """Every text value is indexed with its Chinese bigrams (see search/chinese.py).

    The library's indexer walks every search field once per index column (title, body,
    autocomplete, and on PostgreSQL their text forms), reading each value again each time;
    the prepared values of the object's own fields are kept for the indexer's lifetime (one
    object), so each is read and segmented once."""

    def prepare_value(self, value):
        return index_text(super().prepare_value(value))

    def prepare_field(self, obj, field):
        if obj is not self.obj:  # a related object's field (RelatedFields): not kept
            yield from super().prepare_field(obj, field)
            return
        prepared = self.__dict__.setdefault("_prepared_fields", {})
        if id(field) not in prepared:
            prepared[id(field)] = (field, list(super().prepare_field(obj, field)))
        yield from prepared[id(field)][1]


class SegmentingIndexMixin:
    """An index that builds its entries with `indexer_class` and upserts them in one query.

    `entry_fields` are the IndexEntry columns an indexer fills (the vendor's model has them);
    `title_norm` goes back to 1.0 on every write, so that the library's `_refresh_title_norms`
    recomputes it for the entries written."""

    indexer_class = None
    entry_fields = ("title", "autocomplete", "body")

    def add_items(self, model, objs):
        if not model.get_search_fields():
            return
        indexers = [self.indexer_class(obj, self.backend) for obj in objs]
        if not indexers:
            return
        entry_model = self.entries.model
        content_type_id = get_content_type_pk(model)
        entries = [
            entry_model(
                content_type_id=content_type_id,
                object_id=indexer.id,
                title_norm=1.0,
                **{name: getattr(indexer, name) for name in self.entry_fields},
            )
            for indexer in indexers
        ]
        self.entries.bulk_create(
            entries,
            update_conflicts=True,
            unique_fields=["content_type", "object_id"],
            update_fields=[*self.entry_fields, "title_norm"],
        )
        self._refresh_title_norms()


def _segmenting_backend(module_path, prefix, entry_fields):
    """Our backend class for one of the library's vendor modules (imported only for its own
    database: the SQLite one needs SQLite's FTS tables)."""
    module = import_module(module_path)
    indexer = type(f"Segmenting{prefix}ObjectIndexer", (SegmentingIndexerMixin, module.ObjectIndexer), {})
    index = type(
        f"Segmenting{prefix}Index",
        (SegmentingIndexMixin, getattr(module, f"{prefix}Index")),
        {"indexer_class": indexer, "entry_fields": entry_fields, "__module__": __name__},
    )
    return type(
        f"Chinese{prefix}SearchBackend",
        (DatabaseBackend, getattr(module, f"{prefix}SearchBackend")),
        {"index_class": index, "__module__": __name__},
    )


@cache
def backend_class(vendor):
    if vendor == "postgresql":
        return _segmenting_backend(
            "modelsearch.backends.database.postgres.postgres",
            "Postgres",
            ("title", "autocomplete", "body", "title_text", "body_text"),
        )
    if vendor == "sqlite":
        from modelsearch.backends.database.sqlite.utils import fts5_available, fts_table_exists

        if fts5_available() and fts_table_exists():
            return _segmenting_backend(
                "modelsearch.backends.database.sqlite.sqlite", "SQLite", ("title", "autocomplete", "body")
            )
    # Another database, or SQLite without FTS5: the library's plain database backend.
    from modelsearch.backends.database.fallback import DatabaseSearchBackend

    return type(
        "ChineseFallbackSearchBackend", (DatabaseBackend, DatabaseSearchBackend), {"__module__": __name__}
    )


class SearchBackend(DatabaseBackend):
    """What Wagtail loads from this module (`BACKEND: "search.backends"`): an instance of the
    backend class of the current database (`backend_class`), a `DatabaseBackend` like this
    class, so that the kind of a configured backend is known from its class alone."""

    def __new__(cls, params):
        return backend_class(connection.vendor)(params)
