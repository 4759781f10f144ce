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
    """The exceptions that mean "the engine is unavailable": the clients' transport and
    timeout errors (connection refused, read timeout, 5xx). Anything else is a bug."""
    errors = []
    try:
        import opensearchpy

        errors += [opensearchpy.exceptions.ConnectionError]  # ConnectionTimeout included
    except ImportError:  # pragma: no cover - the client is a pinned dependency
        pass
    try:
        import elastic_transport

        errors += [elastic_transport.TransportError]  # connection errors and timeouts
    except ImportError:  # pragma: no cover
        pass
    import socket

    return (*errors, socket.timeout, TimeoutError, ConnectionError)


def is_open():
    return bool(cache.get(KEY))


def trip(error):
    seconds = settings.SEARCH_BREAKER_SECONDS
    logger.warning("Search engine unavailable (%s); skipping it for %s s", error, seconds)
    cache.set(KEY, True, seconds)


def reset():
    cache.delete(KEY)
