"""Searching on an engine backend with the engine doing the work: filters, facet counts
(terms aggregations), exact totals, sorting, paging and highlighting in one request.

Every document carries fields of this project's own (prefixed `family_`, declared in the
mapping by search/engine_backends.py): the page type, the facet values (search/facets.py),
the publication date and the pk for sorting, and the display title and summary for
highlighting. The text query itself comes from modelsearch's public API
(`backend.search(...)`, whose query compiler turns the Wagtail query objects into the engine's
query), so the engine's own text fields are never named here."""

from dataclasses import dataclass, field

from . import facets

PREFIX = "family_"
TYPE_FIELD = f"{PREFIX}type"
PK_FIELD = f"{PREFIX}pk"
PUBLISHED_FIELD = f"{PREFIX}published"
TITLE_FIELD = f"{PREFIX}title"
SUMMARY_FIELD = f"{PREFIX}summary"
SNIPPET_WIDTH = 90


def facet_field(name):
    return TYPE_FIELD if name == "type" else f"{PREFIX}facet_{name}"


def mapping_properties():
    """The engine mapping of the project's own document fields."""
    properties = {
        TYPE_FIELD: {"type": "keyword"},
        PK_FIELD: {"type": "long"},
        PUBLISHED_FIELD: {"type": "date"},
        TITLE_FIELD: {"type": "text"},
        SUMMARY_FIELD: {"type": "text"},
    }
    for name in facets.facet_names():
        properties[facet_field(name)] = {"type": "keyword"}
    return properties


def document_fields(obj):
    """The project's own fields of one document (titles and summaries as written: the
    highlighted text is shown on the page)."""
    published = getattr(obj, "first_published_at", None)
    fields = {
        TYPE_FIELD: obj._meta.model_name,
        PK_FIELD: obj.pk,
        PUBLISHED_FIELD: published.isoformat() if published else None,
        TITLE_FIELD: getattr(obj, "title", "") or "",
        SUMMARY_FIELD: getattr(obj, "summary", "") or getattr(obj, "search_description", "") or "",
    }
    for name in facets.lookups(type(obj)):
        fields[facet_field(name)] = facets.values_of(obj, name)
    return fields


@dataclass
class EngineResult:
    ids: list
    total: int  # after the filters
    unfiltered: int  # before the filters
    counts: dict = field(default_factory=dict)  # {facet name: {value: count}}
    highlights: dict = field(default_factory=dict)  # {pk: (title html, snippet html)}


def _filter_clauses(filters):
    return {name: {"terms": {facet_field(name): list(values)}} for name, values in filters.items() if values}


def search(
    backend,
    search_query,
    queryset,
    *,
    filters=None,
    facet_names=(),
    restrict_to=None,
    offset=0,
    size=10,
    newest=False,
    highlight_terms=None,
):
    """One engine request: the hits of `search_query` in `queryset` passing `filters`, in
    relevance order (or newest first), `size` of them from `offset`, with the exact totals,
    the count of every value of each facet (under the other facets' filters) and, when
    `highlight_terms` is given, the highlighted title and snippet of each hit. `restrict_to`
    limits the hits to those page ids."""
    results = backend.search(search_query, queryset)
    query = results.query_compiler.get_query()
    if restrict_to is not None:
        query = {"bool": {"must": query, "filter": [{"terms": {PK_FIELD: list(restrict_to)}}]}}
    clauses = _filter_clauses(filters or {})
    body = {
        "query": query,
        "post_filter": {"bool": {"filter": list(clauses.values())}},
        "track_total_hits": True,
        "from": offset,
        "size": size,
        "_source": False,
        "docvalue_fields": [PK_FIELD],
        "aggs": {"unfiltered": {"filter": {"match_all": {}}}},
    }
    for name in facet_names:
        others = [clause for other, clause in clauses.items() if other != name]
        body["aggs"][name] = {
            "filter": {"bool": {"filter": others}},
            "aggs": {"values": {"terms": {"field": facet_field(name), "size": 500}}},
        }
    if newest:
        body["sort"] = [
            {PUBLISHED_FIELD: {"order": "desc", "missing": "_last"}},
            {PK_FIELD: {"order": "desc"}},
        ]
    if highlight_terms:
        body["highlight"] = {
            "pre_tags": ["<mark>"],
            "post_tags": ["</mark>"],
            "encoder": "html",
            "highlight_query": {
                "multi_match": {"query": " ".join(highlight_terms), "fields": [TITLE_FIELD, SUMMARY_FIELD]}
            },
            "fields": {
                TITLE_FIELD: {"number_of_fragments": 0},
                SUMMARY_FIELD: {"fragment_size": SNIPPET_WIDTH, "number_of_fragments": 1},
            },
        }
    response = _send(backend, body)
    hits = response["hits"]["hits"]
    ids = [hit["fields"][PK_FIELD][0] for hit in hits]
    total = response["hits"]["total"]
    aggregations = response.get("aggregations", {})
    result = EngineResult(
        ids=ids,
        total=total["value"] if isinstance(total, dict) else total,
        unfiltered=aggregations["unfiltered"]["doc_count"],
    )
    for name in facet_names:
        buckets = aggregations[name]["values"]["buckets"]
        result.counts[name] = {str(bucket["key"]): bucket["doc_count"] for bucket in buckets}
    for hit in hits if highlight_terms else ():
        found = hit.get("highlight", {})
        result.highlights[hit["fields"][PK_FIELD][0]] = (
            (found.get(TITLE_FIELD) or [None])[0],
            (found.get(SUMMARY_FIELD) or [None])[0],
        )
    return result


def _send(backend, body):
    """The search request through the backend's own client (its timeouts and retries)."""
    from wagtail.models import Page

    index = backend.get_index_for_model(Page).name
    if getattr(backend, "use_new_elasticsearch_api", False):
        body = dict(body)
        if "from" in body:
            body["from_"] = body.pop("from")
        return backend.es.search(index=index, **body)
    return backend.es.search(index=index, body=body)
