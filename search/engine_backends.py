"""The engine backends of this project: Wagtail's (modelsearch's) OpenSearch and
Elasticsearch backends, subclassed through their public class attributes so that

- every text value of a document is folded like the queries (NFKC, traditional to simplified,
  lower case: search/chinese.py), since the engine has no OpenCC;
- index updates on save skip the engine while the circuit breaker is open and trip it on a
  transport error or timeout (search/breaker.py): publishing never waits on a hung engine.

Settings name them as `search.engine_backends.opensearch3` etc. (search/config.py)."""

from importlib import import_module

from . import breaker
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
    def get_document(self, obj):
        document = super().get_document(obj)
        content_types = document.get("_django_content_type")
        document = fold_document(document)
        document["_django_content_type"] = content_types  # model names keep their case
        return document


class GuardedBackendMixin:
    """Index writes from signals (add / delete) go through the breaker; `update_index`
    (add_bulk, rebuilds) talks to the engine directly, so it catches up after an outage."""

    def add(self, obj):
        if breaker.is_open():
            return
        try:
            super().add(obj)
        except breaker.engine_errors() as error:
            breaker.trip(error)

    def delete(self, obj):
        if breaker.is_open():
            return
        try:
            super().delete(obj)
        except breaker.engine_errors() as error:
            breaker.trip(error)


def _make(name):
    module_path, prefix = _MODULES[name]
    module = import_module(module_path)
    mapping = type(f"Folding{prefix}Mapping", (FoldingMappingMixin, getattr(module, f"{prefix}Mapping")), {})
    backend_base = getattr(module, f"{prefix}SearchBackend")
    return type(
        f"Family{prefix}SearchBackend",
        (GuardedBackendMixin, backend_base),
        {"mapping_class": mapping, "__module__": __name__},
    )


def backend_class(name):
    return _make(name)
