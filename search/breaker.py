"""A circuit breaker for the search engine, shared by all workers through the Django cache.

After a transport error or a timeout the engine is skipped for `SEARCH_BREAKER_SECONDS`
(30 s by default): searches answer from the database backend, suggestions from the
vocabulary, and publishing does not wait on the engine (`update_index` catches up)."""

import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)
KEY = "search:engine-breaker:open"


def engine_errors():
    """The exceptions that mean "the engine is unavailable": the search clients' transport
    errors (connection refused or reset) and timeouts, nothing else. An error the engine
    answers with (a bad query, a missing index) and any other exception is a bug and is raised."""
    import elastic_transport
    import opensearchpy

    return (
        opensearchpy.exceptions.ConnectionError,  # ConnectionTimeout and SSLError included
        elastic_transport.ConnectionError,  # TlsError included
        elastic_transport.ConnectionTimeout,
    )


def is_open():
    return bool(cache.get(KEY))


def trip(error):
    seconds = settings.SEARCH_BREAKER_SECONDS
    logger.warning("Search engine unavailable (%s); skipping it for %s s", error, seconds)
    cache.set(KEY, True, seconds)


def reset():
    cache.delete(KEY)
