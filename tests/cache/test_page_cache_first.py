"""The page cache answers first in MIDDLEWARE (home.page_cache.PageCacheMiddleware): a hit carries
exactly the headers the whole chain gave the miss that stored it, and nothing personal is ever
answered from it."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import MicroLessonPageFactory, build_map
from tests.signup.conftest import form_data, make_open_day_window

pytestmark = pytest.mark.django_db

PAGES = ["/", "/lessons/", "/search/", "/search/suggest?q=亲子"]


def headers(response):
    return {name: value for name, value in response.items() if name != "X-Page-Cache"}


@pytest.fixture
def lesson(site_tree):
    _home, _courses, lessons = site_tree
    return MicroLessonPageFactory(parent=lessons, title="亲子共读时光", activity="reading")


@pytest.fixture
def production_headers(settings):
    """The security headers of the production settings (site/settings/production.py)."""
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SECURE_CONTENT_TYPE_NOSNIFF = True
    settings.SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
    settings.X_FRAME_OPTIONS = "SAMEORIGIN"


def test_a_hit_carries_the_headers_of_the_miss_that_stored_it(
    page_cache, production_headers, lesson, client, django_assert_num_queries
):
    for path in [*PAGES, lesson.url]:
        miss = client.get(path, secure=True)
        assert miss.status_code == 200 and miss["X-Page-Cache"] == "miss", path
        with django_assert_num_queries(0):
            hit = client.get(path, secure=True)
            head = client.head(path, secure=True)
        assert hit["X-Page-Cache"] == "hit" and head["X-Page-Cache"] == "hit", path
        assert headers(hit) == headers(miss) == headers(head), path
        assert hit.content == miss.content, path
    # What the middlewares after the page cache add is there on a hit.
    for name in (
        "Content-Security-Policy",
        "Permissions-Policy",
        "Strict-Transport-Security",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "X-Frame-Options",
        "Content-Language",
        "Vary",
        "Cache-Control",
    ):
        assert name in hit, name


def test_a_page_stored_over_https_is_never_served_over_http(page_cache, settings, lesson, client):
    settings.SECURE_SSL_REDIRECT = True
    client.get("/lessons/", secure=True)
    assert client.get("/lessons/", secure=True)["X-Page-Cache"] == "hit"
    plain = client.get("/lessons/")
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/lessons/"


def test_an_unknown_host_is_refused_before_the_cache(page_cache, settings, lesson, client):
    settings.ALLOWED_HOSTS = ["testserver"]
    client.get("/lessons/")
    assert client.get("/lessons/", HTTP_HOST="evil.example").status_code == 400


def test_a_logged_in_session_is_never_answered_from_the_cache(
    page_cache, lesson, client, django_assert_max_num_queries
):
    for path in ("/", lesson.url):
        client.get(path)
        assert client.get(path)["X-Page-Cache"] == "hit"
    editor = get_user_model().objects.create_user("editor", password="x", is_superuser=True)
    client.force_login(editor)
    for path in ("/", lesson.url):
        response = client.get(path)
        assert response.status_code == 200 and "X-Page-Cache" not in response
        # The editor's own page: Wagtail's user bar (edit this page) is on it.
        assert "wagtail-userbar" in response.content.decode()


def test_authorization_header_skips_the_cache(page_cache, lesson, client):
    client.get("/lessons/")
    response = client.get("/lessons/", HTTP_AUTHORIZATION="Bearer someone")
    assert response.status_code == 200 and "X-Page-Cache" not in response


def test_a_visitor_with_a_message_gets_it(page_cache, site_tree, client):
    home = site_tree[0]
    _index, sites = build_map(home, count=1)
    window = make_open_day_window(sites[0])
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    location = client.post(reverse("signup:form", args=[window.pk]), form_data())["Location"]
    personal = location.split("?")[0]
    response = client.post(personal + "cancel/")
    assert response.status_code == 302 and "messages" in response.cookies
    # While the message waits, even a cached page is rendered for this visitor.
    assert "X-Page-Cache" not in client.get("/")
    page = client.get(personal)
    assert "已取消报名。名额会留给候补的家庭。" in page.content.decode()
    assert "X-Page-Cache" not in page
    # The message is shown once; the cached pages were never sent to the visitor while it waited.
    assert "已取消报名。名额会留给候补的家庭。" not in client.get(personal).content.decode()


def test_other_cookies_and_languages_share_one_copy(page_cache, lesson, client):
    """Nothing but the session and messages cookies changes a public page (one language, no
    CSRF token on a stored page): a visitor with other cookies gets the same copy."""
    first = client.get("/lessons/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    client.cookies["csrftoken"] = "a" * 32
    client.cookies["_ga"] = "GA1.1.1"
    second = client.get("/lessons/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.5")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "a" * 32 not in second.content.decode()
