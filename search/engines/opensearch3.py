"""opensearch3 with this project's folding and circuit breaker (search/engine_backends.py)."""

from search.engine_backends import backend_class

SearchBackend = backend_class("opensearch3")
