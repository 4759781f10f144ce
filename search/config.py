"""WAGTAILSEARCH_BACKENDS from the environment. Imported by the settings, so it must not
import Django models or search backends."""

from urllib.parse import urlsplit

from .chinese import ENGINE_INDEX_SETTINGS

ENGINES = {
    "opensearch2": "search.engines.opensearch2",
    "opensearch3": "search.engines.opensearch3",
    "elasticsearch8": "search.engines.elasticsearch8",
    "elasticsearch9": "search.engines.elasticsearch9",
}
DATABASE_BACKEND = {"BACKEND": "search.backends"}


def engine_backend(url, engine="opensearch3", prefix="", timeout=3.0):
    """Settings of one engine backend with this project's Chinese analysis."""
    if engine not in ENGINES:
        raise ValueError(f"SEARCH_ENGINE must be one of {', '.join(ENGINES)}, not {engine!r}")
    parsed = urlsplit(url)
    if not parsed.scheme or not parsed.hostname:
        raise ValueError(f"SEARCH_URL must look like http://127.0.0.1:9200, not {url!r}")
    return {
        "BACKEND": ENGINES[engine],
        "URLS": [url],
        "INDEX_PREFIX": prefix,
        "TIMEOUT": timeout,
        "ATOMIC_REBUILD": True,
        # OpenSearch: its analysis-common filters (cjk_bigram ...). Elasticsearch: the backend's
        # own settings, which its bare build can run (search/engine_backends.py).
        "INDEX_SETTINGS": ENGINE_INDEX_SETTINGS if engine.startswith("opensearch") else {},
        # Fail fast: the search page falls back to the database instead of retrying.
        "OPTIONS": {"max_retries": 0, "retry_on_timeout": False},
    }


def backends_from_environment(env, environment_name):
    """Unset SEARCH_URL: the database backend only. Set: the engine is "default" and the
    database backend stays as "fallback" (kept up to date too), which the search page uses
    when the engine is down or slow."""
    url = env("SEARCH_URL", default="")
    if not url:
        return {"default": DATABASE_BACKEND}
    return {
        "default": engine_backend(
            url,
            engine=env("SEARCH_ENGINE", default="opensearch3"),
            prefix=env("SEARCH_INDEX_PREFIX", default=f"family_{environment_name}_"),
            timeout=env.float("SEARCH_TIMEOUT", default=3.0),
        ),
        "fallback": DATABASE_BACKEND,
    }
