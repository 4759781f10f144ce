"""Server-side page cache: anonymous GET/HEAD of public pages, stored in Django's cache.

Two middlewares built on Django's cache framework (the same split as Django's own
UpdateCacheMiddleware / FetchFromCacheMiddleware, whose key functions are reused):

- ``FetchPageMiddleware`` (last in MIDDLEWARE) answers a cacheable request from the cache
  before any view, session or database work: a hit runs no SQL query;
- ``StorePageMiddleware`` (first in MIDDLEWARE) sees the final response, after the session,
  CSRF and messages middlewares, and stores it only when nothing in it belongs to one visitor.

Keys are Django's: the absolute URL (scheme, host, path, query string) plus the request
headers the response varies on, under a prefix holding the cache *generation*. Any change of
content that pages show (see ``home.signals``) bumps the generation: every page cached before
is then unreachable and expires by itself. The generation is stored in the same cache, so all
workers (with Redis) switch at once.

Never cached: logged-in visitors or any request carrying a session or messages cookie,
requests with an Authorization header, the admin, the API (its own ETags and rate limit),
documents and media (privacy per collection), responses that are not 200, streaming
responses, responses that set a cookie, used a CSRF token, or say private / no-cache /
no-store (the search page with a query does: it records the query)."""

import time

from django.conf import settings
from django.core.cache import caches
from django.utils.cache import get_cache_key, learn_cache_key

GENERATION_KEY = "page-cache:generation"
HIT_HEADER = "X-Page-Cache"


def page_cache():
    return caches[settings.PAGE_APP_CACHE_ALIAS]


def enabled():
    return settings.PAGE_APP_CACHE_SECONDS > 0


def _fresh_generation():
    # Milliseconds since the epoch: a generation lost from the cache (eviction, restart) never
    # comes back as a number that an older page was stored under.
    return int(time.time() * 1000)


def current_generation(cache=None):
    cache = cache or page_cache()
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


def invalidate():
    """Make every cached page unreachable (called on any change of published content)."""
    cache = page_cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, _fresh_generation(), timeout=None)


def _excluded_path(path):
    prefixes = list(settings.PAGE_APP_CACHE_EXCLUDED_PATHS)
    for url in (settings.STATIC_URL, settings.MEDIA_URL):
        if url and url.startswith("/"):
            prefixes.append(url)
    return any(path.startswith(prefix) for prefix in prefixes)


def request_is_cacheable(request):
    if not enabled() or request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if (
        settings.SESSION_COOKIE_NAME in cookies
        or getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in cookies
    ):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    return not _excluded_path(request.path_info)


def response_is_storable(request, response):
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies:
        return False
    # The page rendered a CSRF token (a form): it belongs to this visitor.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False
    if getattr(request, "is_preview", False):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return not any(word in cache_control for word in ("private", "no-cache", "no-store"))


def _prefix(generation):
    return f"pages.{generation}"


class FetchPageMiddleware:
    """Last in MIDDLEWARE: serves a cached page before the view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._page_cache_prefix = None
        if request_is_cacheable(request):
            cache = page_cache()
            prefix = _prefix(current_generation(cache))
            request._page_cache_prefix = prefix
            response = None
            key = get_cache_key(request, prefix, "GET", cache=cache)
            if key is not None:
                response = cache.get(key)
            if response is None and request.method == "HEAD":
                key = get_cache_key(request, prefix, "HEAD", cache=cache)
                response = cache.get(key) if key is not None else None
            if response is not None:
                request._page_cache_prefix = None  # nothing to store
                response[HIT_HEADER] = "hit"
                return response
        return self.get_response(request)


class StorePageMiddleware:
    """First in MIDDLEWARE: stores the final response of a cacheable request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        prefix = getattr(request, "_page_cache_prefix", None)
        if prefix is None:
            return response
        if response_is_storable(request, response):
            cache = page_cache()
            seconds = settings.PAGE_APP_CACHE_SECONDS
            key = learn_cache_key(request, response, seconds, prefix, cache=cache)
            if hasattr(response, "render") and callable(response.render):
                response.add_post_render_callback(lambda r: cache.set(key, r, seconds))
            else:
                cache.set(key, response, seconds)
            response[HIT_HEADER] = "miss"
        return response
