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
    types: dict = field(default_factory=dict)  # {pk: model name}: the shown pages load by type
    top_unfiltered: list = field(default_factory=list)  # best ids before the filters (top_unfiltered)
    took: int = 0  # the engine's own milliseconds


def _filter_clauses(filters):
    return {name: {"terms": {facet_field(name): list(values)}} for name, values in filters.items() if values}


def _in_order(query, ids):
    """`query` limited to `ids`, scored by their position (the first highest), so that the
    engine pages, filters and highlights a list ranked in Python: each id is a constant score
    clause (at most len(ids) clauses, within the engines' default clause limit of 1024)."""
    count = len(ids)
    return {
        "bool": {
            "filter": [query, {"terms": {PK_FIELD: list(ids)}}],
            "should": [
                {"constant_score": {"filter": {"term": {PK_FIELD: pk}}, "boost": count - position}}
                for position, pk in enumerate(ids)
            ],
        }
    }


def compiled_query(backend, search_query, queryset):
    """The engine query of a Wagtail query object on `queryset` (its filters included), from
    modelsearch's query compiler."""
    return backend.search(search_query, queryset).query_compiler.get_query()


def search(backend, search_query, queryset, **options):
    """One engine request: the hits of `search_query` (a Wagtail query object, or an engine
    query) in `queryset` passing `filters`, in relevance order (or `newest` first), `size` of
    them from `offset`, with the exact totals, the count of every value of each of
    `facet_names` (under the other facets' filters) and, when `highlight_terms` is given, the
    highlighted title and snippet of each hit. `restrict_to` limits the hits to those page ids;
    `in_order` too, ranking them in that order. `top_unfiltered` (a number) asks for the best
    ids before the filters as well. The options are those of `body`."""
    response = _send(backend, body(backend, search_query, queryset, **options))
    return _result(response, options.get("facet_names", ()), options.get("highlight_terms"))


def body(
    backend,
    search_query,
    queryset,
    *,
    filters=None,
    facet_names=(),
    restrict_to=None,
    in_order=None,
    offset=0,
    size=10,
    newest=False,
    highlight_terms=None,
    top_unfiltered=0,
):
    """The request body of `search` (see there)."""
    query = search_query
    if not isinstance(query, dict):
        query = compiled_query(backend, search_query, queryset)
    if restrict_to is not None:
        query = {"bool": {"must": query, "filter": [{"terms": {PK_FIELD: list(restrict_to)}}]}}
    if in_order is not None:
        query = _in_order(query, in_order)
    clauses = _filter_clauses(filters or {})
    unfiltered = {"filter": {"match_all": {}}}
    if top_unfiltered:
        unfiltered["aggs"] = {
            "top": {"top_hits": {"size": top_unfiltered, "_source": False, "docvalue_fields": [PK_FIELD]}}
        }
    request = {
        "query": query,
        "track_total_hits": True,
        "from": offset,
        "size": size,
        "_source": False,
        "docvalue_fields": [PK_FIELD, TYPE_FIELD],
        "aggs": {"unfiltered": unfiltered},
    }
    if clauses:
        request["post_filter"] = {"bool": {"filter": list(clauses.values())}}
    for name in facet_names:
        others = [clause for other, clause in clauses.items() if other != name]
        values = {"terms": {"field": facet_field(name), "size": 500}}
        if others:
            request["aggs"][name] = {"filter": {"bool": {"filter": others}}, "aggs": {"values": values}}
        else:
            request["aggs"][name] = values
    if newest:
        request["sort"] = [
            {PUBLISHED_FIELD: {"order": "desc", "missing": "_last"}},
            {PK_FIELD: {"order": "desc"}},
        ]
    if not (highlight_terms and size):
        # No stored field is read (not even _id: the pk comes from the doc values), which
        # saves the engine a stored-fields block per hit. The highlighter needs them.
        request["stored_fields"] = "_none_"
    else:
        request["highlight"] = {
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
    return request


def _result(response, facet_names, highlight_terms):
    hits = response["hits"]["hits"]
    total = response["hits"]["total"]
    aggregations = response.get("aggregations", {})
    result = EngineResult(
        ids=[],
        total=total["value"] if isinstance(total, dict) else total,
        unfiltered=aggregations["unfiltered"]["doc_count"],
        took=response.get("took", 0),
    )
    for hit in hits:
        pk = hit["fields"][PK_FIELD][0]
        result.ids.append(pk)
        result.types[pk] = (hit["fields"].get(TYPE_FIELD) or [None])[0]
        if highlight_terms:
            found = hit.get("highlight", {})
            result.highlights[pk] = (
                (found.get(TITLE_FIELD) or [None])[0],
                (found.get(SUMMARY_FIELD) or [None])[0],
            )
    top = aggregations["unfiltered"].get("top")
    if top is not None:
        result.top_unfiltered = [hit["fields"][PK_FIELD][0] for hit in top["hits"]["hits"]]
    for name in facet_names:
        found = aggregations[name]
        buckets = found.get("values", found)["buckets"]
        result.counts[name] = {str(bucket["key"]): bucket["doc_count"] for bucket in buckets}
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
