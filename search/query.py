"""The search pipeline behind /search/: engine or database backend, Chinese and pinyin
queries, title-first ranking, facets, filters, sorting, paging and highlighting.

The backend finds candidate pages (ids in relevance order); everything after that is plain
ORM work on those ids, so it behaves the same on every backend."""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.models import Page, get_page_models
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Or, PlainText

from . import chinese
from .filters import FACETS

logger = logging.getLogger(__name__)

MAX_CANDIDATES = 500
PER_PAGE = 10
SORTS = {"relevance": "相关度", "newest": "最新发布"}


def searchable_page_models():
    """Page types shown in search results: those that say so (show_in_search = True)."""
    return [model for model in get_page_models() if getattr(model, "show_in_search", False)]


def is_database_backend(name="default"):
    return settings.WAGTAILSEARCH_BACKENDS[name]["BACKEND"] == "search.backends"


def backend_query(query, backend_name, operator):
    """The query object for a backend: the engine analyses Chinese itself; the database
    backends get bigram tokens. A pinyin query also searches the pinyin of titles."""
    text = chinese.query_text(query) if is_database_backend(backend_name) else query
    main = PlainText(text, operator=operator) if text else None
    syllables = chinese.split_pinyin(query)
    pinyin = PlainText(syllables, operator="and") if syllables else None
    if main and pinyin:
        return Or([main, pinyin])
    return main or pinyin


def _find(query, backend_name, operator):
    backend = get_search_backend(backend_name)
    search_query = backend_query(query, backend_name, operator)
    if search_query is None:
        return []
    base = Page.objects.live().public().filter(content_type__in=_content_type_ids())
    # The database backends score every match with a correlated subquery, which is slow on
    # large sets; their order is replaced by title-first ranking anyway (rank_titles_first).
    by_relevance = not is_database_backend(backend_name)
    results = backend.search(search_query, base, order_by_relevance=by_relevance)
    return [page.pk for page in results[:MAX_CANDIDATES]]


def _content_type_ids():
    from django.contrib.contenttypes.models import ContentType

    return [ContentType.objects.get_for_model(m).pk for m in searchable_page_models()]


def candidate_ids(query):
    """(ids in relevance order, partial, notice). All words must match; when that finds
    nothing, any word may (partial=True). An engine that is down or slow is replaced by the
    database backend, with a notice."""
    backend_name, notice = "default", None
    for operator in ("and", "or"):
        try:
            ids = _find(query, backend_name, operator)
        except Exception as error:  # the engine client raises its own transport errors
            if backend_name == "default" and "fallback" in settings.WAGTAILSEARCH_BACKENDS:
                logger.warning("Search engine unavailable (%s); using the database backend", error)
                backend_name = "fallback"
                notice = "搜索引擎暂时不可用，以下是备用搜索的结果，可能不够完整。"
                ids = _find(query, backend_name, operator)
            else:
                raise
        if ids:
            return ids, operator == "or", notice
    return [], False, notice


def rank_titles_first(ids, query):
    """Pages whose title contains every query token come before body-only matches; the
    backend's order is kept within each group."""
    terms = chinese.tokens(query)
    syllables = chinese.split_pinyin(query)
    # Only pages that are live and public now: an index may lag behind the database.
    titles = dict(Page.objects.live().public().filter(pk__in=ids).values_list("pk", "title"))
    ids = [pk for pk in ids if pk in titles]

    def in_title(pk):
        title = (titles.get(pk) or "").lower()
        if all(term in title for term in terms):
            return True
        return bool(syllables) and syllables in chinese.pinyin_of(title)

    return sorted(ids, key=lambda pk: not in_title(pk))


@dataclass
class SearchOutcome:
    query: str
    filters: dict
    sort: str
    total: int = 0
    partial: bool = False
    notice: str | None = None
    type_counts: list = field(default_factory=list)
    page_obj: object = None
    items: list = field(default_factory=list)
    promotions: list = field(default_factory=list)


def _filter_ids(ids, filters, models, skip=None):
    """Keep the ids that pass every active filter (other than `skip`)."""
    kept = set(ids)
    type_filter = filters.get("type")
    if type_filter and skip != "type":
        allowed = {m.__name__.lower() for m in models} & set(type_filter)
        kept &= set(
            Page.objects.filter(pk__in=kept, content_type__model__in=allowed).values_list("pk", flat=True)
        )
    for facet in FACETS:
        values = filters.get(facet.name)
        if not values or skip == facet.name:
            continue
        passing = set()
        for model in models:
            lookup = getattr(model, "search_filters", {}).get(facet.name)
            if lookup:
                passing |= set(
                    model.objects.filter(pk__in=kept, **{f"{lookup}__in": values}).values_list(
                        "pk", flat=True
                    )
                )
        kept &= passing
    return [pk for pk in ids if pk in kept]


def _type_counts(ids, models):
    rows = Page.objects.filter(pk__in=ids).order_by().values("content_type__model").annotate(n=Count("pk"))
    counts = {row["content_type__model"]: row["n"] for row in rows}
    return [
        (model.__name__.lower(), model._meta.verbose_name, counts.get(model.__name__.lower(), 0))
        for model in models
    ]


def mark(text, terms):
    """HTML-escape `text` and wrap every occurrence of the terms in <mark>."""
    text = text or ""
    if not terms:
        return escape(text)
    lowered = text.lower()
    spans = []
    for term in terms:
        start = lowered.find(term)
        while start != -1:
            spans.append((start, start + len(term)))
            start = lowered.find(term, start + 1)
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    out, last = [], 0
    for start, end in merged:
        out += [escape(text[last:start]), "<mark>", escape(text[start:end]), "</mark>"]
        last = end
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


def snippet(text, terms, width=90):
    """A window of `text` around the first matched term."""
    text = " ".join((text or "").split())
    lowered = text.lower()
    positions = [lowered.find(t) for t in terms if lowered.find(t) != -1]
    start = max(0, min(positions) - 20) if positions else 0
    piece = text[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")


def run_search(query, filters, sort="relevance", page_number=None):
    models = searchable_page_models()
    outcome = SearchOutcome(query=query, filters=filters, sort=sort if sort in SORTS else "relevance")
    if not query:
        return outcome
    ids, outcome.partial, outcome.notice = candidate_ids(query)
    ids = rank_titles_first(ids, query)
    filtered = _filter_ids(ids, filters, models)
    outcome.type_counts = _type_counts(_filter_ids(ids, filters, models, skip="type"), models)
    outcome.total = len(filtered)
    if outcome.sort == "newest":
        newest_first = F("first_published_at").desc(nulls_last=True)  # same on SQLite and PostgreSQL
        order = Page.objects.filter(pk__in=filtered).order_by(newest_first, "-pk")
        filtered = list(order.values_list("pk", flat=True))
    outcome.page_obj = Paginator(filtered, PER_PAGE).get_page(page_number)
    page_ids = list(outcome.page_obj.object_list)
    pages = {p.pk: p for p in Page.objects.filter(pk__in=page_ids).specific()}
    terms = chinese.highlight_terms(query)
    for pk in page_ids:
        page = pages.get(pk)
        if page is None:
            continue
        page.title_html = mark(page.title, terms)
        summary = getattr(page, "summary", "") or page.search_description
        page.snippet_html = mark(snippet(summary, terms), terms)
        outcome.items.append(page)
    return outcome
