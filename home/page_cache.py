"""Server-side page cache: anonymous GET/HEAD of public pages, stored in Django's cache.

One middleware, ``PageCacheMiddleware``, FIRST in MIDDLEWARE. For a request that cannot be
personal (see ``request_is_cacheable``) it answers from the cache before anything else runs: no
session, locale, CSRF, auth, messages, CSP or view work, no SQL query, one cache round trip (a
``get_many`` of the generation and the page). On a miss the request goes down the whole chain,
and the final response, with every header the other middlewares added (security headers, CSP,
Permissions-Policy, Vary, Cache-Control, X-Frame-Options, Content-Language), is stored when
nothing in it belongs to one visitor; a hit replays that status, those headers and that body.

Keys: the absolute URL (scheme, host, path, query string), hashed. The entry holds the cache
*generation* it was stored under: any change of content that pages show (see
``home.cache_signals``) bumps the generation, so every page stored before no longer matches
and is rendered afresh (and overwritten) on its next request, or expires by itself. The
generation is stored in the same cache, so all workers (with Redis) switch at once.

Vary: the entry also holds the values, in the storing request, of the headers the response
varies on, and a request with other values is a miss (it then replaces the entry). Two are
compared by what the site makes of them: ``Accept-Language`` by the language Django would pick
(the site has one), and ``Cookie`` not at all: a cacheable request carries no session or
messages cookie, and a response that used the CSRF cookie or set a cookie is never stored, so
no other cookie changes a public page (Varnish assumes the same and drops cookies). A view that
reads another cookie must mark its answer ``private``. ``Vary: *`` is never stored.

Never cached: logged-in visitors or any request carrying a session or messages cookie,
requests with an Authorization header, the admin, the API (its own ETags and rate limit),
documents and media (privacy per collection), static files, HEAD requests that miss (only GET
stores; HEAD is answered from the GET's entry), responses that are not 200, streaming
responses, responses that set a cookie, used a CSRF token, come from a preview or a logged-in
user, or say private / no-cache / no-store (the search page with a query does: it records the
query)."""

import hashlib
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import cc_delim_re

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
    prefixes = tuple(settings.PAGE_APP_CACHE_EXCLUDED_PATHS) + tuple(
        url for url in (settings.STATIC_URL, settings.MEDIA_URL) if url and url.startswith("/")
    )
    return path.startswith(prefixes)


def request_is_cacheable(request):
    if not enabled() or request.method not in ("GET", "HEAD"):
        return False
    meta = request.META
    if "HTTP_AUTHORIZATION" in meta:
        return False
    if "HTTP_COOKIE" in meta:
        cookies = request.COOKIES
        if (
            settings.SESSION_COOKIE_NAME in cookies
            or getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in cookies
        ):
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
    if any(word in cache_control for word in ("private", "no-cache", "no-store")):
        return False
    return "*" not in _vary_names(response)


def page_key(request):
    """The cache key of a request's page: its absolute URL (scheme, host, path, query string)."""
    url = request.build_absolute_uri().encode("utf-8", "surrogateescape")
    # "1": the layout of the entry (see PageCacheMiddleware); change it with the layout.
    return "page-cache:1:" + hashlib.md5(url, usedforsecurity=False).hexdigest()


def _vary_names(response):
    if not response.has_header("Vary"):
        return ()
    return tuple(name.strip().lower() for name in cc_delim_re.split(response["Vary"]) if name.strip())


def _variant(request, names):
    """What the request sends for the headers a response varies on (see the module docstring)."""
    values = []
    for name in names:
        if name == "cookie":
            continue
        if name == "accept-language":
            values.append(translation.get_language_from_request(request))
        else:
            values.append(request.META.get("HTTP_" + name.upper().replace("-", "_")))
    return tuple(values)


class PageCacheMiddleware:
    """First in MIDDLEWARE: answers a cacheable request from the cache before anything else
    runs; on a miss stores the final response of the whole chain, headers included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request_is_cacheable(request):
            return self.get_response(request)
        cache = page_cache()
        key = page_key(request)
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        if generation is None:
            generation = current_generation(cache)
        entry = found.get(key)
        if entry is not None:
            stored_generation, names, variant, status, headers, content = entry
            if stored_generation == generation and _variant(request, names) == variant:
                response = HttpResponse(content, status=status, headers=headers)
                response[HIT_HEADER] = "hit"
                return response

        response = self.get_response(request)
        if request.method == "GET" and response_is_storable(request, response):
            seconds = settings.PAGE_APP_CACHE_SECONDS

            def store(response):
                names = _vary_names(response)
                entry = (
                    generation,
                    names,
                    _variant(request, names),
                    response.status_code,
                    dict(response.items()),
                    response.content,
                )
                cache.set(key, entry, seconds)

            if getattr(response, "is_rendered", True):
                store(response)
            else:  # a TemplateResponse rendered later by a caller (not Django's handler)
                response.add_post_render_callback(store)
            response[HIT_HEADER] = "miss"
        return response
