"""The facets of the search page: a small registry that domain apps fill from their own code
(their AppConfig.ready()), so that search/ never imports a domain app.

A facet has a name (the query-string key: ?age=primary), a Chinese label and a function
returning its choices [(value, label)]. Page types say which facets apply to them, and how,
by declaring `search_filters`: a mapping from a facet name to the ORM lookup on that page
type (e.g. {"age": "age_stages__slug"}). The database backend filters and counts with those
lookups; the engine backends index the values (see `values_of`) and filter, count and sort
in the engine."""

from collections.abc import Callable
from dataclasses import dataclass

from wagtail.models import get_page_models


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    choices: Callable[[], list]
    order: int = 100


_REGISTRY: dict[str, Facet] = {}


def searchable_page_models():
    """Page types shown in search results: those that say so (show_in_search = True)."""
    return [model for model in get_page_models() if getattr(model, "show_in_search", False)]


def register(name, label, choices, order=100):
    """Declare a facet (idempotent: a second registration of a name replaces the first)."""
    _REGISTRY[name] = Facet(name, label, choices, order)


def facets():
    """Every registered facet, in display order."""
    return sorted(_REGISTRY.values(), key=lambda facet: (facet.order, facet.name))


def facet_names():
    return [facet.name for facet in facets()]


def lookups(model):
    """{facet name: ORM lookup} of a page type, for the registered facets only."""
    declared = getattr(model, "search_filters", {}) or {}
    return {name: lookup for name, lookup in declared.items() if name in _REGISTRY}


def values_of(obj, name):
    """The values one page has for a facet, following its lookup on the instance (relations
    use the objects prefetched by the indexer): "age_stages__slug" -> ["primary", ...]."""
    lookup = lookups(type(obj)).get(name)
    if not lookup:
        return []
    values = [obj]
    for part in lookup.split("__"):
        following = []
        for value in values:
            attribute = getattr(value, part, None)
            if attribute is None:
                continue
            if hasattr(attribute, "all") and callable(attribute.all):  # a related manager
                following.extend(attribute.all() if value.pk else [])
            else:
                following.append(attribute)
        values = following
    return [str(value) for value in dict.fromkeys(values) if value not in ("", None)]
