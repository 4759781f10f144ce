"""The server-side page cache (home/page_cache.py), on local memory and on Redis."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from bases.models.sites import OpenDay
from home.models import SiteSettings
from search.models import SearchTermWeek
from tests.factories import MicroLessonPageFactory, build_map

pytestmark = pytest.mark.django_db


def get(client, path, **extra):
    response = client.get(path, **extra)
    assert response.status_code == 200, path
    return response


def cached(response):
    return response.get("X-Page-Cache") == "hit"


@pytest.fixture
def lesson(site_tree):
    _home, _courses, lessons = site_tree
    return MicroLessonPageFactory(parent=lessons, title="亲子共读时光", activity="reading")


def test_second_anonymous_get_runs_no_sql_query(page_cache, lesson, client, django_assert_num_queries):
    for path in ("/", "/lessons/", lesson.url):
        first = get(client, path)
        assert first["X-Page-Cache"] == "miss"
        with django_assert_num_queries(0):
            second = get(client, path)
        assert cached(second)
        assert second.content == first.content


def test_head_is_answered_from_the_cache(page_cache, lesson, client, django_assert_num_queries):
    get(client, lesson.url)
    with django_assert_num_queries(0):
        response = client.head(lesson.url)
    assert response.status_code == 200 and cached(response)


def test_key_has_host_and_query_string(page_cache, lesson, client):
    get(client, "/lessons/")
    assert not cached(get(client, "/lessons/?sort=title"))
    assert not cached(get(client, "/lessons/", HTTP_HOST="other.example"))
    assert cached(get(client, "/lessons/?sort=title"))


def test_publish_shows_on_the_next_get(page_cache, lesson, client):
    get(client, lesson.url)
    get(client, "/")
    lesson.title = "亲子共读时光（更新）"
    lesson.save_revision().publish()
    assert "亲子共读时光（更新）" in get(client, lesson.url).content.decode()
    # Pages that list it are fresh too.
    assert "亲子共读时光（更新）" in get(client, "/").content.decode()


def test_new_lesson_shows_on_the_lists(page_cache, site_tree, lesson, client):
    get(client, "/lessons/")
    MicroLessonPageFactory(parent=site_tree[2], title="新发布的微课")
    assert "新发布的微课" in get(client, "/lessons/").content.decode()


def test_unpublish_move_and_delete_reach_the_next_get(page_cache, site_tree, lesson, client):
    _home, courses, _lessons = site_tree
    url = lesson.url
    get(client, url)
    lesson.unpublish()
    assert client.get(url).status_code == 404
    lesson.save_revision().publish()
    get(client, url)
    lesson.move(courses, pos="last-child")
    moved = client.get(url)  # Wagtail's automatic redirect to the new place
    assert moved.status_code == 301 and moved["Location"].startswith("/courses/")
    lesson.refresh_from_db()
    get(client, lesson.url)
    moved_url = lesson.url
    lesson.delete()
    assert client.get(moved_url).status_code == 404


def test_scheduled_publish_shows(page_cache, lesson, client, time_machine):
    lesson.save_revision().publish()  # a live revision, as every page edited in the admin has
    lesson.refresh_from_db()
    get(client, lesson.url)
    lesson.title = "定时发布的新标题"
    lesson.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    lesson.save_revision().publish()
    assert "定时发布的新标题" not in get(client, lesson.url).content.decode()
    time_machine.move_to(timezone.now() + datetime.timedelta(hours=2))
    call_command("publish_scheduled", verbosity=0)
    assert "定时发布的新标题" in get(client, lesson.url).content.decode()


def test_settings_and_open_days_reach_the_next_get(page_cache, site_tree, client):
    home = site_tree[0]
    _index, sites = build_map(home, count=1)
    get(client, "/")
    settings_row = SiteSettings.for_site(home.get_site())
    settings_row.hotline_number = "023-00000000"
    settings_row.save()
    assert "023-00000000" in get(client, "/").content.decode()
    site = sites[0]
    start = timezone.now() + datetime.timedelta(days=3)
    OpenDay.objects.create(page=site, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    assert not cached(get(client, "/"))


def test_search_promotion_change_invalidates(page_cache, lesson, client):
    get(client, "/lessons/")
    SearchPromotion.objects.create(query=Query.get("亲子"), page=lesson, sort_order=0)
    assert not cached(get(client, "/lessons/"))


def test_logged_in_user_never_gets_or_leaves_a_cached_page(page_cache, lesson, client):
    user = get_user_model().objects.create_user("editor", password="x", is_superuser=True)
    get(client, lesson.url)  # cached for anonymous visitors
    client.force_login(user)
    response = get(client, lesson.url)
    assert not cached(response)
    assert "X-Page-Cache" not in response  # not stored either
    client.logout()
    client.cookies.clear()
    # What the logged-in editor saw was never stored: the first anonymous GET after the
    # invalidation below is a miss.
    lesson.save_revision().publish()
    client.force_login(user)
    get(client, "/lessons/")
    client.logout()
    client.cookies.clear()
    assert get(client, "/lessons/")["X-Page-Cache"] == "miss"


def test_no_cached_page_carries_a_csrf_token(page_cache, lesson, client):
    PageViewRestriction.objects.create(page=lesson, restriction_type="password", password="secret")
    first = get(client, lesson.url)
    assert "csrfmiddlewaretoken" in first.content.decode()
    assert "X-Page-Cache" not in first
    client.cookies.clear()
    second = get(client, lesson.url)
    assert not cached(second) and "X-Page-Cache" not in second


def test_no_cached_page_carries_another_visitors_message(page_cache, lesson, client):
    storage = CookieStorage(RequestFactory().get("/"))
    encoded = storage._encode([Message(constants.SUCCESS, "只给这位访客看的消息")])
    get(client, "/lessons/")
    client.cookies["messages"] = encoded
    response = get(client, "/lessons/")
    assert not cached(response)  # a visitor with messages is never served from the cache
    assert "X-Page-Cache" not in response  # and what was rendered for them is not stored
    client.cookies.clear()
    assert cached(get(client, "/lessons/"))


def test_session_cookie_skips_the_cache(page_cache, lesson, client):
    get(client, "/")
    client.cookies["sessionid"] = "anything"
    assert not cached(get(client, "/"))


def test_search_page_caches_only_what_is_safe(page_cache, lesson, client, django_assert_num_queries):
    # The empty search page (form and facets) is the same for everyone: cached.
    get(client, "/search/")
    with django_assert_num_queries(0):
        assert cached(get(client, "/search/"))
    # Suggestions are public JSON: cached.
    get(client, "/search/suggest?q=亲子")
    with django_assert_num_queries(0):
        assert cached(get(client, "/search/suggest?q=亲子"))
    # A query is counted (popular searches, search promotions' hits) and answered every time.
    for _ in range(2):
        response = get(client, "/search/?q=亲子")
        assert "X-Page-Cache" not in response
        assert "no-store" in response["Cache-Control"]
    assert SearchTermWeek.objects.get(term="亲子").searches == 2


def test_admin_and_api_are_never_cached(page_cache, lesson, client):
    for path in ("/admin/login/", "/api/v2/lessons/"):
        client.get(path)
        assert "X-Page-Cache" not in client.get(path)
