"""Searching on an engine backend with the engine doing the work: filters, facet counts
(terms aggregations), exact totals, sorting, paging and highlighting. `request` builds one
search and `send` sends several in one round trip (a multi-search).

Every document carries fields of this project's own (prefixed `family_`, declared in the
mapping by search/engine_backends.py): the page type, the facet values (search/facets.py),
the publication date and the pk for sorting, and the display title and summary for
highlighting. The text query itself comes from modelsearch's public API
(`backend.search(...)`, whose query compiler turns the Wagtail query objects into the engine's
query), so the engine's own text fields are never named here."""

from dataclasses import dataclass, field, replace

from . import facets

PREFIX = "family_"
TYPE_FIELD = f"{PREFIX}type"
PK_FIELD = f"{PREFIX}pk"
PUBLISHED_FIELD = f"{PREFIX}published"
TITLE_FIELD = f"{PREFIX}title"
SUMMARY_FIELD = f"{PREFIX}summary"
SNIPPET_WIDTH = 90
# Equal scores would come in the index's internal document order, which changes when the
# engine merges segments or a page is indexed again: the pk breaks ties, so a page shown on
# one results page never comes back on the next.
RELEVANCE = ["_score", {PK_FIELD: {"order": "asc"}}]
NEWEST = [{PUBLISHED_FIELD: {"order": "desc", "missing": "_last"}}, {PK_FIELD: {"order": "desc"}}]


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


def compiled_query(backend, search_query, queryset):
    """The engine query of a Wagtail query object on `queryset` (its filters included), from
    modelsearch's query compiler."""
    return backend.search(search_query, queryset).query_compiler.get_query()


@dataclass
class Request:
    """One search request: its body, and what its result reads (`facet_names`, whether it
    highlights)."""

    body: dict
    facet_names: tuple = ()
    highlight: bool = False


def request(backend, search_query, queryset, **options):
    """The Request of `search_query` (a Wagtail query object, or an engine query) in
    `queryset` passing `filters`, in relevance order (or `newest` first), `size` hits from
    `offset`, with the exact totals, the count of every value of each of `facet_names` (under
    the other facets' filters) and, when `highlight_terms` is given, the highlighted title and
    snippet of each hit. `restrict_to` limits the hits to those page ids. `top_unfiltered` (a
    number) asks for the best ids before the filters as well. The options are those of
    `body`."""
    return Request(
        body(backend, search_query, queryset, **options),
        tuple(options.get("facet_names", ())),
        bool(options.get("highlight_terms")),
    )


def highlight_request(ids, terms):
    """The Request of the highlighted titles and snippets of the pages `ids` (ranked
    already): it only finds them by pk, without totals or counts."""
    return Request(
        {
            "query": {"bool": {"filter": [{"terms": {PK_FIELD: list(ids)}}]}},
            "size": len(ids),
            "track_total_hits": False,
            "_source": False,
            "docvalue_fields": [PK_FIELD],
            "highlight": _highlight(terms),
        },
        highlight=True,
    )


def send(backend, *requests):
    """The EngineResult of each Request, in one round trip to the engine (one search, or a
    multi-search of several)."""
    if len(requests) == 1:
        responses = [_send(backend, requests[0].body)]
    else:
        responses = _send_many(backend, [r.body for r in requests])
    return [
        _result(response, r.facet_names, r.highlight) for response, r in zip(responses, requests, strict=True)
    ]


def highlights(backend, ids, terms):
    """{pk: (title html, snippet html)} of the pages `ids` (see highlight_request)."""
    return send(backend, highlight_request(ids, terms))[0].highlights


def search(backend, search_query, queryset, **options):
    """The EngineResult of one search (see `request`)."""
    return send(backend, request(backend, search_query, queryset, **options))[0]


def body(
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
    top_unfiltered=0,
    count=True,
):
    """The request body of `search` (see there). Without `count`, the engine neither counts
    the hits exactly nor those before the filters (a list of candidates: `unfiltered` 0)."""
    query = search_query
    if not isinstance(query, dict):
        query = compiled_query(backend, search_query, queryset)
    if restrict_to is not None:
        query = {"bool": {"must": query, "filter": [{"terms": {PK_FIELD: list(restrict_to)}}]}}
    clauses = _filter_clauses(filters or {})
    unfiltered = {"filter": {"match_all": {}}}
    if top_unfiltered:
        unfiltered["aggs"] = {
            "top": {
                "top_hits": {
                    "size": top_unfiltered,
                    "sort": RELEVANCE,
                    "_source": False,
                    "docvalue_fields": [PK_FIELD],
                }
            }
        }
    request = {
        "query": query,
        "track_total_hits": count,
        "from": offset,
        "size": size,
        "_source": False,
        "docvalue_fields": [PK_FIELD, TYPE_FIELD],
        "aggs": {"unfiltered": unfiltered} if count else {},
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
    request["sort"] = NEWEST if newest else RELEVANCE
    if not (highlight_terms and size):
        # No stored field is read (not even _id: the pk comes from the doc values), which
        # saves the engine a stored-fields block per hit. The highlighter needs them.
        request["stored_fields"] = "_none_"
    else:
        request["highlight"] = _highlight(highlight_terms)
    if not request["aggs"]:
        del request["aggs"]
    return request


def _highlight(terms):
    return {
        "pre_tags": ["<mark>"],
        "post_tags": ["</mark>"],
        "encoder": "html",
        "highlight_query": {
            "multi_match": {"query": " ".join(terms), "fields": [TITLE_FIELD, SUMMARY_FIELD]},
        },
        "fields": {
            TITLE_FIELD: {"number_of_fragments": 0},
            SUMMARY_FIELD: {"fragment_size": SNIPPET_WIDTH, "number_of_fragments": 1},
        },
    }


def _result(response, facet_names, highlight):
    hits = response["hits"]["hits"]
    total = response["hits"].get("total")
    aggregations = response.get("aggregations", {})
    result = EngineResult(
        ids=[],
        total=(total["value"] if isinstance(total, dict) else total) if total is not None else 0,
        unfiltered=aggregations["unfiltered"]["doc_count"] if "unfiltered" in aggregations else 0,
        took=response.get("took", 0),
    )
    for hit in hits:
        pk = hit["fields"][PK_FIELD][0]
        result.ids.append(pk)
        result.types[pk] = (hit["fields"].get(TYPE_FIELD) or [None])[0]
        if highlight:
            found = hit.get("highlight", {})
            result.highlights[pk] = (
                (found.get(TITLE_FIELD) or [None])[0],
                (found.get(SUMMARY_FIELD) or [None])[0],
            )
    top = aggregations.get("unfiltered", {}).get("top")
    if top is not None:
        result.top_unfiltered = [hit["fields"][PK_FIELD][0] for hit in top["hits"]["hits"]]
    for name in facet_names:
        found = aggregations[name]
        buckets = found.get("values", found)["buckets"]
        result.counts[name] = {str(bucket["key"]): bucket["doc_count"] for bucket in buckets}
    return result


def _index(backend):
    from wagtail.models import Page

    return backend.get_index_for_model(Page).name


def _send(backend, body):
    """The search request through the backend's own client (its timeouts and retries)."""
    index = _index(backend)
    if getattr(backend, "use_new_elasticsearch_api", False):
        body = dict(body)
        if "from" in body:
            body["from_"] = body.pop("from")
        return backend.es.search(index=index, **body)
    return backend.es.search(index=index, body=body)


def _send_many(backend, bodies):
    """The searches in one multi-search request. An error the engine answers to one of them (a
    bad query, a missing index) is raised as the client raises it for a single search: a bug,
    never taken for an outage."""
    lines = []
    for request_body in bodies:
        lines += [{}, request_body]
    answer = backend.es.msearch(index=_index(backend), body=lines)
    for response in answer["responses"]:
        if "error" in response:
            _raise_answered(answer, response)
    return answer["responses"]


def _raise_answered(answer, response):
    status, error = response.get("status", 500), response["error"]
    meta = getattr(answer, "meta", None)
    if meta is not None:  # the elasticsearch client: its errors carry the response's metadata
        from elasticsearch.exceptions import HTTP_EXCEPTIONS, ApiError

        message = error.get("type", "error") if isinstance(error, dict) else str(error)
        raise HTTP_EXCEPTIONS.get(status, ApiError)(message, replace(meta, status=status), response)
    from opensearchpy.exceptions import HTTP_EXCEPTIONS, TransportError

    kind = error.get("type") if isinstance(error, dict) else str(error)
    raise HTTP_EXCEPTIONS.get(status, TransportError)(status, kind, response)
