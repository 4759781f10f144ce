"""The engine backends of this project: Wagtail's (modelsearch's) OpenSearch and
Elasticsearch backends, subclassed through their public class attributes so that

- every text value of a document is folded like the queries (NFKC, traditional to simplified,
  lower case: search/chinese.py), since the engine has no OpenCC;
- on Elasticsearch, the index's analysis uses only what its bare build (the integ-test-zip
  distribution, without the `analysis-common` module) has: the `standard` tokenizer (one token
  per Han character), `lowercase` and `shingle` (`ELASTICSEARCH_INDEX_SETTINGS`), and a query's
  words are matched one by one, so that no pair is made across two words of the query;
- index updates on save skip the engine while the circuit breaker is open, go through a client
  with the short `SEARCH_WRITE_TIMEOUT` otherwise, and trip the breaker on a transport error or
  timeout (search/breaker.py): a publish waits on a hung engine at most that long, once.

Settings name them as `search.engine_backends.opensearch3` etc. (search/config.py)."""

from copy import deepcopy
from importlib import import_module

from django.conf import settings
from modelsearch.query import PlainText

from . import breaker, engine_query
from .chinese import fold

_MODULES = {
    "opensearch2": ("modelsearch.backends.opensearch2", "OpenSearch2"),
    "opensearch3": ("modelsearch.backends.opensearch3", "OpenSearch3"),
    "elasticsearch8": ("modelsearch.backends.elasticsearch8", "Elasticsearch8"),
    "elasticsearch9": ("modelsearch.backends.elasticsearch9", "Elasticsearch9"),
}


# Elasticsearch: the documents are folded in Python (NFKC, traditional to simplified, lower
# case), so the engine only has to cut Han text into pairs. The standard tokenizer makes one
# token per Han character; `shingle` pairs neighbours without a separator (亲子阅读 -> 亲子 子阅
# 阅读). Indexed: characters and pairs, so that a one-character query (沙) finds pages too.
# Searched: pairs only, or the character itself when the query has one. Autocomplete fields
# (Wagtail's `edgengram_analyzer`) get the indexing analysis: edge n-grams need analysis-common.
ELASTICSEARCH_INDEX_SETTINGS = {
    "settings": {
        "analysis": {
            "filter": {
                "han_pairs_and_characters": {
                    "type": "shingle",
                    "min_shingle_size": 2,
                    "max_shingle_size": 2,
                    "output_unigrams": True,
                    "token_separator": "",
                },
                "han_pairs": {
                    "type": "shingle",
                    "min_shingle_size": 2,
                    "max_shingle_size": 2,
                    "output_unigrams": False,
                    "output_unigrams_if_no_shingles": True,
                    "token_separator": "",
                },
            },
            "analyzer": {
                "default": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "han_pairs_and_characters"],
                },
                "default_search": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "han_pairs"],
                },
                "edgengram_analyzer": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "han_pairs_and_characters"],
                },
            },
        }
    }
}


class WordByWordQueryCompilerMixin:
    """A query of several words ("亲子 阅读") is matched word by word, each with the query's
    operator: the shingle filter would otherwise pair the last character of one word with the
    first of the next (子阅), which no page needs to contain."""

    def _compile_plaintext_query(self, query, fields, boost=1.0):
        words = query.query_string.split()
        if len(words) < 2:
            return super()._compile_plaintext_query(query, fields, boost)
        clauses = [
            super(WordByWordQueryCompilerMixin, self)._compile_plaintext_query(
                PlainText(word, operator=query.operator), fields, boost
            )
            for word in words
        ]
        return {"bool": {"must" if query.operator == "and" else "should": clauses}}


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
    if name.startswith("elasticsearch"):
        compiler_base = getattr(module, f"{prefix}SearchQueryCompiler")
        compiler = type(
            f"WordByWord{prefix}SearchQueryCompiler", (WordByWordQueryCompilerMixin, compiler_base), {}
        )
        attributes.update(settings=ELASTICSEARCH_INDEX_SETTINGS, query_compiler_class=compiler)
    writer = type(f"FamilyWrite{prefix}SearchBackend", (backend_base,), attributes)
    return type(
        f"Family{prefix}SearchBackend",
        (GuardedBackendMixin, backend_base),
        {**attributes, "write_backend_class": writer},
    )


def backend_class(name):
    return _make(name)
