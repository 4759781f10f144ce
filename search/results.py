"""One results page of /search/: the engine's (search.query.engine_search) when an engine is the
default backend and answers, else the database backend's (search.database_search), with the
breaker's fallback between them. Both modules build on search.query; this one chooses."""

from django.conf import settings

from . import breaker, database_search
from .facets import searchable_page_models
from .filters import SORTS
from .query import (
    ENGINE_UNAVAILABLE,
    SearchOutcome,
    analyse,
    engine_search,
    facet_names_in_use,
    is_database_backend,
    page_number_of,
)


def run_search(query, filters, sort="relevance", page_number=None):
    """One results page of /search/: on an engine backend, the engine filters, counts, sorts,
    pages and highlights; on the database backend the same is done on the matching ids."""
    models = searchable_page_models()
    outcome = SearchOutcome(query=query, filters=filters, sort=sort if sort in SORTS else "relevance")
    if not query:
        return outcome
    analysis = analyse(query)
    names = facet_names_in_use(models)
    has_fallback = "fallback" in settings.WAGTAILSEARCH_BACKENDS
    backend_name = "default"
    if not is_database_backend("default"):
        if has_fallback and breaker.is_open():
            backend_name, outcome.notice = "fallback", ENGINE_UNAVAILABLE
        else:
            try:
                return engine_search(outcome, analysis, models, names, page_number_of(page_number))
            except breaker.engine_errors() as error:
                if not has_fallback:
                    raise
                breaker.trip(error)
                backend_name, outcome.notice = "fallback", ENGINE_UNAVAILABLE
                outcome.total, outcome.partial = 0, False
    return database_search.search(outcome, analysis, models, names, page_number, backend_name)
