"""Server-side page cache: anonymous GET/HEAD of public pages, stored in Django's cache.

One middleware, ``PageCacheMiddleware``, FIRST in MIDDLEWARE. For a request that cannot be
personal (see ``request_is_cacheable``, the rule of both paths) it answers from the cache
before anything else runs: no session, locale, CSRF, auth, messages, CSP or view work, no SQL
query, one cache round trip (a ``get_many`` of the generation and the page). On a miss the
request goes down the whole chain, and the final response, with every header the other
middlewares added (security headers, CSP, Permissions-Policy, Vary, Cache-Control,
X-Frame-Options, Content-Language), is stored when nothing in it belongs to one visitor; a hit
replays that status, those headers and that body.

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
import logging
import threading
import time
from http.client import responses

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest, get_path_info
from django.core.signals import setting_changed
from django.http import HttpResponse, parse_cookie
from django.utils import translation
from django.utils.cache import cc_delim_re

from .generation import Generation

logger = logging.getLogger(__name__)

GENERATION = Generation("page-cache:generation")
GENERATION_KEY = GENERATION.key
HIT_HEADER = "X-Page-Cache"


def page_cache():
    return caches[settings.PAGE_APP_CACHE_ALIAS]


def enabled():
    return settings.PAGE_APP_CACHE_SECONDS > 0


def current_generation(cache=None):
    return GENERATION.current(cache or page_cache())


def invalidate():
    """Make every cached page unreachable (called on any change of published content)."""
    GENERATION.bump(page_cache())


_excluded_prefixes = []  # the prefixes, once read (settings only change in tests)


def _forget_excluded_prefixes(**kwargs):
    _excluded_prefixes.clear()


setting_changed.connect(_forget_excluded_prefixes)


def excluded_path(path_info):
    """Paths never cached: PAGE_APP_CACHE_EXCLUDED_PATHS (admin, API, documents), static and
    media files."""
    if not _excluded_prefixes:
        _excluded_prefixes.append(
            tuple(settings.PAGE_APP_CACHE_EXCLUDED_PATHS)
            + tuple(url for url in (settings.STATIC_URL, settings.MEDIA_URL) if url and url.startswith("/"))
        )
    return path_info.startswith(_excluded_prefixes[0])


def request_is_cacheable(method, meta, cookies, path_info):
    """The rule of both paths of the page cache, on what both have: a request that cannot be
    personal may be answered from the cache and stored. ``meta`` is the request's META or the
    WSGI environ (the same keys), ``cookies`` the parsed Cookie header ({} without one),
    ``path_info`` the path as Django decodes it (``request.path_info``).
    ``PageCacheMiddleware`` asks it with the request (``cacheable``), and
    ``PageCacheWSGIMiddleware`` with the environ, so the two cannot drift apart."""
    if not enabled() or method not in ("GET", "HEAD"):
        return False
    if "HTTP_AUTHORIZATION" in meta:
        return False
    if cookies and (settings.SESSION_COOKIE_NAME in cookies or _message_cookie_name() in cookies):
        return False
    return not excluded_path(path_info)


def cacheable(request):
    """``request_is_cacheable`` of a Django request."""
    meta = request.META
    cookies = request.COOKIES if "HTTP_COOKIE" in meta else {}
    return request_is_cacheable(request.method, meta, cookies, request.path_info)


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
    # "2": the layout of the entry (see PageCacheMiddleware); change it with the layout.
    return "page-cache:2:" + hashlib.md5(url, usedforsecurity=False).hexdigest()


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
        if not cacheable(request):
            return self.get_response(request)
        cache = page_cache()
        key = page_key(request)
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        if generation is None:
            generation = current_generation(cache)
        entry = found.get(key)
        if entry is not None:
            stored_generation, names, variant, status, headers, content, _expires = entry
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
                    list(response.items()),
                    response.content,
                    time.time() + seconds,
                )
                cache.set(key, entry, seconds)

            if getattr(response, "is_rendered", True):
                store(response)
            else:  # a TemplateResponse rendered later by a caller (not Django's handler)
                response.add_post_render_callback(store)
            response[HIT_HEADER] = "miss"
        return response


class PageCacheWSGIMiddleware:
    """WSGI middleware around Django's handler (site/wsgi.py): answers page-cache hits before
    Django builds a request, sends its signals (``request_started``/``request_finished``: old
    database connections and caches closed) or runs the middleware chain.

    The same rules as ``PageCacheMiddleware`` decide, from the same functions: whether the
    request may be cached is ``request_is_cacheable`` asked with the environ, and its key is
    ``page_key`` (so the host is validated against ALLOWED_HOSTS and the scheme follows
    SECURE_PROXY_SSL_HEADER). The rule is asked first, with the path as Django decodes it
    (``get_path_info``); the key of a cacheable request comes from a ``WSGIRequest`` built on
    the first request of each URL, then kept by the raw environ values it depends on. Anything
    this wrapper does not answer goes to Django unchanged, where ``PageCacheMiddleware``
    answers or renders and stores as before (so it also serves the tests' client, which calls
    Django's handler directly).

    A hit costs one small cache read: this worker keeps a copy of the pages it served (status
    line, header list and body as the WSGI server wants them, PAGE_APP_CACHE_LOCAL_BYTES in
    all), each valid for the generation it was stored under, so it only reads the current
    generation. A page it has no copy of (or only an outdated one) costs the middleware's
    ``get_many`` of the generation and the page. The generation is read on every request, so a
    publish (which bumps it) shows on the next GET in every worker."""

    KEY_LIMIT = 4096

    def __init__(self, application):
        self.application = application
        self._keys = {}  # raw environ values -> page key, or None (Django answers)
        self._languages = {}  # (Accept-Language, language cookie) -> language
        self._pages = {}  # page key -> _Copy, oldest first
        self._bytes = 0
        self._lock = threading.Lock()
        setting_changed.connect(self._forget)

    def _forget(self, **kwargs):
        with self._lock:
            self._keys.clear()
            self._languages.clear()
            self._pages.clear()
            self._bytes = 0

    def __call__(self, environ, start_response):
        try:
            copy = self._hit(environ)
        except Exception:  # the cache is down, say: Django answers (and reports it)
            logger.exception("page cache: no answer before Django")
            copy = None
        if copy is None:
            return self.application(environ, start_response)
        start_response(copy.status, copy.headers)
        return [copy.content]

    def _hit(self, environ):
        cookie = environ.get("HTTP_COOKIE")
        cookies = parse_cookie(cookie) if cookie else {}
        # The rule first, on what the environ says (the path as Django decodes it, under a
        # microsecond): a request Django must answer (a POST, a signed-in editor's, the admin)
        # never builds the key.
        path_info = get_path_info(environ) or "/"
        if not request_is_cacheable(environ.get("REQUEST_METHOD"), environ, cookies, path_info):
            return None
        key = self._key(environ)
        if key is None:
            return None
        cache = page_cache()
        copy = self._pages.get(key)
        if copy is not None and (GENERATION.read(cache) != copy.generation or copy.expires <= time.time()):
            copy = None
        if copy is None:
            found = cache.get_many([GENERATION_KEY, key])
            entry = found.get(key)
            if entry is None or entry[0] != found.get(GENERATION_KEY) or entry[6] <= time.time():
                return None
            copy = _Copy(entry)
            self._keep(key, copy)
        if copy.variant != self._variant(environ, cookies, copy.names):
            return None
        return copy

    def _key(self, environ):
        """The request's page key (None: Django answers an unknown host), kept by the raw
        environ values it depends on."""
        raw = (*[environ.get(name) for name in _KEY_ENVIRON], environ.get(_proxy_ssl_header()))
        try:
            return self._keys[raw]
        except KeyError:
            pass
        # A copy: a WSGIRequest rewrites PATH_INFO and SCRIPT_NAME in the environ it is given
        # (decoded as UTF-8), which Django's handler would then decode a second time.
        request = WSGIRequest(environ.copy())
        try:
            key = page_key(request)
        except DisallowedHost:
            key = None  # Django answers 400
        if len(self._keys) >= self.KEY_LIMIT:
            self._keys.clear()
        self._keys[raw] = key
        return key

    def _variant(self, environ, cookies, names):
        values = []
        for name in names:
            if name == "cookie":
                continue
            if name == "accept-language":
                raw = (environ.get("HTTP_ACCEPT_LANGUAGE"), cookies.get(settings.LANGUAGE_COOKIE_NAME))
                language = self._languages.get(raw)
                if language is None:
                    request = WSGIRequest(environ.copy())
                    request.COOKIES = cookies
                    language = translation.get_language_from_request(request)
                    if len(self._languages) >= self.KEY_LIMIT:
                        self._languages.clear()
                    self._languages[raw] = language
                values.append(language)
            else:
                values.append(environ.get("HTTP_" + name.upper().replace("-", "_")))
        return tuple(values)

    def _keep(self, key, copy):
        limit = settings.PAGE_APP_CACHE_LOCAL_BYTES
        if copy.size > limit:
            return
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self._bytes -= old.size
            while self._pages and self._bytes + copy.size > limit:
                self._bytes -= self._pages.pop(next(iter(self._pages))).size
            self._pages[key] = copy
            self._bytes += copy.size


# The environ values a page key depends on (Django's scheme, host, script name, path and query
# string), besides the header named by SECURE_PROXY_SSL_HEADER.
_KEY_ENVIRON = (
    "wsgi.url_scheme",
    "HTTP_HOST",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "SERVER_NAME",
    "SERVER_PORT",
    "SCRIPT_NAME",
    "SCRIPT_URL",
    "REDIRECT_URL",
    "PATH_INFO",
    "QUERY_STRING",
)


def _message_cookie_name():
    return getattr(settings, "MESSAGE_COOKIE_NAME", "messages")


def _proxy_ssl_header():
    header = settings.SECURE_PROXY_SSL_HEADER
    return header[0] if header else None


class _Copy:
    """A stored page as the WSGI server wants it."""

    __slots__ = ("content", "expires", "generation", "headers", "names", "size", "status", "variant")

    def __init__(self, entry):
        self.generation, self.names, self.variant, status, headers, self.content, self.expires = entry
        self.status = f"{status} {responses.get(status, 'Unknown Status Code')}"
        self.headers = [*headers, (HIT_HEADER, "hit")]
        self.size = len(self.content) + sum(len(name) + len(value) for name, value in headers)
