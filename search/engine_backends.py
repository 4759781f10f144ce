"""The engine backends of this project: Wagtail's (modelsearch's) OpenSearch and
Elasticsearch backends, subclassed through their public class attributes so that

- every text value of a document is folded like the queries (NFKC, traditional to simplified,
  lower case: search/chinese.py), since the engine has no OpenCC;
- index updates on save skip the engine while the circuit breaker is open, go through a client
  with the short `SEARCH_WRITE_TIMEOUT` otherwise, and trip the breaker on a transport error or
  timeout (search/breaker.py): a publish waits on a hung engine at most that long, once.

Settings name them as `search.engine_backends.opensearch3` etc. (search/config.py)."""

from copy import deepcopy
from importlib import import_module

from django.conf import settings

from . import breaker, engine_query
from .chinese import fold

_MODULES = {
    "opensearch2": ("modelsearch.backends.opensearch2", "OpenSearch2"),
    "opensearch3": ("modelsearch.backends.opensearch3", "OpenSearch3"),
    "elasticsearch8": ("modelsearch.backends.elasticsearch8", "Elasticsearch8"),
    "elasticsearch9": ("modelsearch.backends.elasticsearch9", "Elasticsearch9"),
}


def fold_document(value):
    if isinstance(value, str):
        return fold(value)
    if isinstance(value, dict):
        return {key: fold_document(item) if key != "pk" else item for key, item in value.items()}
    if isinstance(value, list):
        return [fold_document(item) for item in value]
    return value


class FoldingMappingMixin:
    """Folded text values, plus the project's own fields for filtering, facet counts, sorting
    and highlighting in the engine (search/engine_query.py)."""

    def get_mapping(self):
        mapping = super().get_mapping()
        mapping["properties"].update(engine_query.mapping_properties())
        return mapping

    def get_document(self, obj):
        document = super().get_document(obj)
        content_types = document.get("_django_content_type")
        document = fold_document(document)
        document["_django_content_type"] = content_types  # model names keep their case
        document.update(engine_query.document_fields(obj))
        return document


class GuardedBackendMixin:
    """Index writes from signals (add / delete) go through the breaker and a second client of
    the same engine with the short `SEARCH_WRITE_TIMEOUT`; `update_index` (add_bulk, rebuilds)
    talks to the engine directly with the normal timeout, so it catches up after an outage."""

    write_backend_class = None  # the same backend without the guard (set by _make)

    def __init__(self, params):
        self._write_params = deepcopy(params)  # the backend's __init__ consumes its params
        self._writer = None
        super().__init__(params)

    def _write_backend(self):
        if self._writer is None:
            params = deepcopy(self._write_params)
            params["TIMEOUT"] = settings.SEARCH_WRITE_TIMEOUT
            self._writer = self.write_backend_class(params)
        return self._writer

    def _guarded_write(self, method, obj):
        if breaker.is_open():
            return
        try:
            getattr(self._write_backend(), method)(obj)
        except breaker.engine_errors() as error:
            breaker.trip(error)

    def add(self, obj):
        self._guarded_write("add", obj)

    def delete(self, obj):
        self._guarded_write("delete", obj)


def _make(name):
    module_path, prefix = _MODULES[name]
    module = import_module(module_path)
    mapping = type(f"Folding{prefix}Mapping", (FoldingMappingMixin, getattr(module, f"{prefix}Mapping")), {})
    backend_base = getattr(module, f"{prefix}SearchBackend")
    attributes = {"mapping_class": mapping, "__module__": __name__}
    writer = type(f"FamilyWrite{prefix}SearchBackend", (backend_base,), attributes)
    return type(
        f"Family{prefix}SearchBackend",
        (GuardedBackendMixin, backend_base),
        {"mapping_class": mapping, "write_backend_class": writer, "__module__": __name__},
    )


def backend_class(name):
    return _make(name)
