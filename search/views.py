"""/search/ and /search/suggest: one view each. Result labels and cards come from the page
types themselves; the pipeline is in search/query.py."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.search.utils import normalise_query_string

from . import chinese
from .filters import SearchFilter
from .models import SearchTermWeek
from .query import facet_names_in_use, searchable_page_models
from .results import run_search
from .suggest import suggestions

MAX_QUERY_LENGTH = 100


def clean_query(raw):
    """Printable text only, whitespace folded, at most MAX_QUERY_LENGTH characters."""
    text = "".join(ch if ch.isprintable() else " " for ch in (raw or ""))
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def _filterset(request):
    """The search page's FilterSet: content types and the facets the searchable page types
    declare (search/facets.py)."""
    models = searchable_page_models()
    type_choices = [(model.__name__.lower(), model._meta.verbose_name) for model in models]
    return SearchFilter(request.GET, type_choices, facet_names_in_use(models))


def _related_terms(query):
    from taggit.models import Tag

    tokens = chinese.tokens(query)
    tags = Tag.objects.order_by("name")
    related = [name for name in tags.values_list("name", flat=True) if any(t in name for t in tokens)]
    return related[:8] or list(tags.values_list("name", flat=True)[:8])


def search(request):
    query = clean_query(request.GET.get("q"))
    filterset = _filterset(request)
    outcome = run_search(query, filterset.selected(), filterset.sort(), request.GET.get("page"))
    filterset.show_counts(outcome)
    promotions = []
    if query:
        # Promotions are looked up, never created: the statistics live in SearchTermWeek only
        # (no Query / QueryDailyHits rows for what visitors type).
        promotions = list(
            SearchPromotion.objects.filter(query__query_string=normalise_query_string(query), page__live=True)
            .select_related("page")
            .order_by("sort_order")
        )
        SearchTermWeek.record(query, found=bool(outcome.total or promotions))
    context = {
        "search_query": query,
        "outcome": outcome,
        "page_obj": outcome.page_obj,
        "items": outcome.items,
        "promotions": promotions,
        "filterset": filterset,
        "filter_errors": filterset.error_messages() if query else [],
        "popular": SearchTermWeek.popular() if query and not outcome.total else [],
        "related": _related_terms(query) if query and not outcome.total else [],
    }
    response = render(request, "search/search.html", context)
    if query:
        add_never_cache_headers(response)
    return response


def suggest(request):
    """JSON completions for the search box: {"query": ..., "suggestions": [{"title", "url"}]}."""
    query = clean_query(request.GET.get("q"))
    response = JsonResponse({"query": query, "suggestions": suggestions(query) if query else []})
    patch_cache_control(response, public=True, max_age=60)
    return response
