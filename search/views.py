"""The site search page. It lists whatever page types are searchable: labels and card
templates come from the page types themselves, never from a hand-written list."""

import re

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page

MAX_QUERY_LENGTH = 100


def clean_query(raw):
    """Printable text only, at most MAX_QUERY_LENGTH characters."""
    text = "".join(ch if ch.isprintable() else " " for ch in (raw or ""))
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def search_terms(query):
    """Words only: query syntax (quotes, brackets, operators) is not for parents to type, and
    some engines (SQLite FTS5) reject it."""
    return " ".join(re.sub(r"[^\w]+", " ", query).split())


def search(request):
    query = clean_query(request.GET.get("q"))
    page_obj = None
    if query:
        Query.get(query).add_hit()
        terms = search_terms(query)
        results = Page.objects.live().public().specific().search(terms) if terms else Page.objects.none()
        page_obj = Paginator(results, 10).get_page(request.GET.get("page"))
    response = render(
        request,
        "search/search.html",
        {"search_query": query, "page_obj": page_obj, "items": page_obj.object_list if page_obj else []},
    )
    if query:
        add_never_cache_headers(response)
    return response
