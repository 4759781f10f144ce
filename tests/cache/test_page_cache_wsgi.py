"""The page cache's WSGI middleware (home.page_cache.PageCacheWSGIMiddleware, site/wsgi.py):
hits are answered before Django's handler runs, under the same rules as the middleware, and a
change shows on the next GET in every worker. Requests are plain WSGI calls, as gunicorn makes."""

import io
import urllib.parse

import pytest
from django.contrib.auth import get_user_model
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

import config.wsgi
from home import page_cache as page_cache_module
from home.page_cache import PageCacheWSGIMiddleware
from tests.factories import MicroLessonPageFactory

pytestmark = pytest.mark.django_db


class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = dict(headers)
        self.body = body
        self.text = body.decode()

    @property
    def cache(self):
        return self.headers.get("X-Page-Cache")


def call(app, url, method="GET", **headers):
    """One request through the WSGI application `app`, as a WSGI server makes it."""
    path, _, query = url.partition("?")
    environ = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        # PEP 3333: the path as bytes decoded as latin-1; the query string as sent (quoted).
        "PATH_INFO": urllib.parse.unquote_to_bytes(path).decode("latin-1"),
        "QUERY_STRING": urllib.parse.quote(query, safe="=&"),
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        "wsgi.version": (1, 0),
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        **headers,
    }
    started = {}

    def start_response(status, response_headers, exc_info=None):
        started.update(status=status, headers=response_headers)

    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return Answer(started["status"], started["headers"], body)


@pytest.fixture
def app():
    """A worker: Django's handler behind the WSGI middleware, as in site/wsgi.py.

    As Django's test client does, the handler's requests do not close the database connection:
    it holds the test's transaction (PostgreSQL would close it, a connection inside a
    transaction not being in autocommit; SQLite's in-memory database ignores the close)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield PageCacheWSGIMiddleware(WSGIHandler())
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def lesson(site_tree):
    _home, _courses, lessons = site_tree
    return MicroLessonPageFactory(parent=lessons, title="亲子共读时光", activity="reading")


@pytest.fixture
def django_requests():
    """How many requests reached Django's handler (its request_started signal)."""
    seen = []

    def count(**kwargs):
        seen.append(kwargs)

    request_started.connect(count)
    yield seen
    request_started.disconnect(count)


def test_the_production_entry_point_is_wrapped():
    assert isinstance(config.wsgi.application, PageCacheWSGIMiddleware)
    assert isinstance(config.wsgi.application.application, WSGIHandler)


def test_a_hit_never_reaches_django(page_cache, lesson, app, django_requests, django_assert_num_queries):
    for path in ("/", "/lessons/", lesson.url, "/search/suggest?q=亲子"):
        miss = call(app, path)
        assert miss.status == "200 OK" and miss.cache == "miss", path
        del django_requests[:]
        with django_assert_num_queries(0):
            hits = [call(app, path), call(app, path), call(app, path, method="HEAD")]
        assert django_requests == [], path
        for hit in hits:
            assert hit.status == "200 OK" and hit.cache == "hit", path
            assert {**hit.headers, "X-Page-Cache": "miss"} == miss.headers, path
        assert hits[0].body == hits[1].body == miss.body, path


def test_publish_shows_on_the_next_get_in_every_worker(page_cache, lesson, app):
    other_worker = PageCacheWSGIMiddleware(WSGIHandler())
    for worker in (app, other_worker):
        call(worker, lesson.url)
        assert call(worker, lesson.url).cache == "hit"
    lesson.title = "亲子共读时光（更新）"
    lesson.save_revision().publish()
    # The first worker asked renders the new page; the other gets that new copy from the cache.
    answers = [call(worker, lesson.url) for worker in (app, other_worker)]
    assert [answer.cache for answer in answers] == ["miss", "hit"]
    assert all("亲子共读时光（更新）" in answer.text for answer in answers)
    assert "亲子共读时光（更新）" in call(app, "/").text


def test_a_logged_in_visitor_gets_their_own_page(page_cache, lesson, app, client):
    call(app, lesson.url)
    assert call(app, lesson.url).cache == "hit"
    client.force_login(get_user_model().objects.create_user("editor", password="x", is_superuser=True))
    session = client.cookies["sessionid"].value
    answer = call(app, lesson.url, HTTP_COOKIE=f"_ga=GA1.1.1; sessionid={session}")
    assert answer.status == "200 OK" and answer.cache is None
    assert "wagtail-userbar" in answer.text


def test_messages_cookie_and_authorization_go_to_django(page_cache, lesson, app, django_requests):
    call(app, "/lessons/")
    for headers in ({"HTTP_COOKIE": "messages=anything"}, {"HTTP_AUTHORIZATION": "Bearer someone"}):
        del django_requests[:]
        answer = call(app, "/lessons/", **headers)
        assert answer.cache is None and len(django_requests) == 1, headers


def test_other_cookies_and_languages_share_one_copy(page_cache, lesson, app, django_requests):
    first = call(app, "/lessons/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    del django_requests[:]
    cookies = "csrftoken=" + "a" * 32 + "; _ga=GA1.1.1"
    second = call(app, "/lessons/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.5", HTTP_COOKIE=cookies)
    assert second.cache == "hit" and django_requests == []
    assert second.body == first.body


def test_key_has_scheme_host_and_query_string(page_cache, settings, lesson, app):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    call(app, "/lessons/")
    assert call(app, "/lessons/").cache == "hit"
    assert call(app, "/lessons/?sort=title").cache == "miss"
    assert call(app, "/lessons/", HTTP_HOST="other.example").cache == "miss"
    assert call(app, "/lessons/", HTTP_X_FORWARDED_PROTO="https").cache == "miss"
    assert call(app, "/lessons/", HTTP_X_FORWARDED_PROTO="https").cache == "hit"
    # An unknown host is refused by Django, whatever the cache holds.
    assert call(app, "/lessons/", HTTP_HOST="evil.example").status.startswith("400")


def test_admin_and_posts_are_never_answered(page_cache, lesson, app, django_requests):
    for path in ("/admin/login/", "/api/v2/lessons/"):
        call(app, path)
        assert call(app, path).cache is None, path
    call(app, "/search/")
    del django_requests[:]
    assert call(app, "/search/", method="POST").cache != "hit"
    assert len(django_requests) == 1


def test_without_local_copies_a_hit_still_skips_django(page_cache, settings, lesson, app, django_requests):
    settings.PAGE_APP_CACHE_LOCAL_BYTES = 0
    call(app, lesson.url)
    del django_requests[:]
    assert call(app, lesson.url).cache == "hit"
    assert django_requests == []
    lesson.title = "没有本地副本也会更新"
    lesson.save_revision().publish()
    assert "没有本地副本也会更新" in call(app, lesson.url).text


def test_turned_off_nothing_is_answered(page_cache, settings, lesson, app):
    call(app, "/lessons/")
    settings.PAGE_APP_CACHE_SECONDS = 0
    assert call(app, "/lessons/").cache is None


def test_one_rule_decides_for_both_paths(page_cache, settings, lesson, app, django_requests):
    """A change of the rule (here a new excluded prefix) reaches PageCacheMiddleware (Django's
    handler alone, as the tests' client calls it) and the WSGI middleware alike."""
    django = app.application
    call(app, "/lessons/")
    assert call(app, "/lessons/").cache == "hit"
    assert call(django, "/lessons/").cache == "hit"

    settings.PAGE_APP_CACHE_EXCLUDED_PATHS = [*settings.PAGE_APP_CACHE_EXCLUDED_PATHS, "/lessons/"]
    del django_requests[:]
    answer = call(app, "/lessons/")
    assert answer.status == "200 OK" and answer.cache is None and len(django_requests) == 1
    answer = call(django, "/lessons/")
    assert answer.status == "200 OK" and answer.cache is None
    assert call(app, "/").cache == "miss"  # other paths are still cached


def test_both_paths_ask_the_same_rule(page_cache, lesson, app, monkeypatch, django_requests):
    call(app, "/lessons/")
    assert call(app, "/lessons/").cache == "hit"
    asked = []

    def nothing_is_cacheable(method, meta, cookies, path_info):
        asked.append(path_info)
        return False

    monkeypatch.setattr(page_cache_module, "request_is_cacheable", nothing_is_cacheable)
    del django_requests[:]
    assert call(app, "/lessons/").cache is None
    assert len(django_requests) == 1
    assert call(app.application, "/lessons/").cache is None
    # Asked by the WSGI middleware, then by PageCacheMiddleware for each request Django answered.
    assert asked == ["/lessons/", "/lessons/", "/lessons/"]


def test_requests_django_answers_build_no_key(page_cache, lesson, app, monkeypatch):
    """The rule is asked before the key is made: a POST, the admin and a signed-in visitor's
    request cost the WSGI middleware no request object and no key."""
    keyed = []
    make_key = page_cache_module.page_key

    def page_key(request):
        keyed.append(request.get_full_path())
        return make_key(request)

    monkeypatch.setattr(page_cache_module, "page_key", page_key)
    call(app, "/search/?q=亲子", method="POST")
    call(app, "/admin/login/?next=/admin/")
    call(app, "/lessons/", HTTP_COOKIE="sessionid=someone")
    assert keyed == []
    call(app, "/lessons/")
    # Made by the WSGI middleware, then by PageCacheMiddleware when Django rendered the page.
    assert keyed == ["/lessons/", "/lessons/"]
