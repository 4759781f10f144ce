"""List fragments (home/fragments.py): the home page's lists are kept as rendered HTML under
the page cache's generation, so a request that misses the page cache runs the lists' queries
only after a change; an edit shows on the next request."""

import datetime

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from bases.models.sites import upcoming_open_days
from home.models import HomeFeaturedCourse
from tests.factories import CoursePageFactory, MicroLessonPageFactory, PracticeSitePageFactory, build_map

# An Authorization header keeps the request out of the page cache (as any private request).
PRIVATE = {"HTTP_AUTHORIZATION": "Bearer not-cached"}
NOW = datetime.datetime(2026, 3, 1, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def fragments(settings):
    settings.PAGE_APP_CACHE_SECONDS = 3600
    settings.PAGE_APP_CACHE_ALIAS = "default"
    caches["default"].clear()
    yield
    caches["default"].clear()


def _queries(client, url="/"):
    """The SQL of a request that misses the page cache, and the page."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **PRIVATE)
    assert response.status_code == 200
    return " ".join(query["sql"] for query in ctx.captured_queries), response.content.decode()


def test_a_lesson_card_is_refreshed_after_the_lesson_is_edited(client, site_tree, fragments):
    _, _, lessons = site_tree
    lesson = MicroLessonPageFactory(parent=lessons, title="亲子阅读第一课")
    first, html = _queries(client)
    assert "亲子阅读第一课" in html and "resources_microlessonpage" in first
    again, same = _queries(client)
    assert same == html
    assert "resources_microlessonpage" not in again  # the lists came from their fragment

    lesson.title = "亲子阅读第一课（修订）"
    lesson.save_revision().publish()
    _, html = _queries(client)
    assert "亲子阅读第一课（修订）" in html


def test_a_new_lesson_shows_at_once(client, site_tree, fragments):
    _, _, lessons = site_tree
    MicroLessonPageFactory(parent=lessons, title="旧的一课")
    _queries(client)
    MicroLessonPageFactory(parent=lessons, title="刚发布的一课")
    _, html = _queries(client)
    assert "刚发布的一课" in html and "旧的一课" in html


def test_the_home_page_is_the_same_with_and_without_fragments(client, site_tree, settings):
    _, _, lessons = site_tree
    for n in range(3):
        MicroLessonPageFactory(parent=lessons, title=f"示例微课{n}", activity="reading")
    settings.PAGE_APP_CACHE_SECONDS = 0
    _, plain = _queries(client)
    settings.PAGE_APP_CACHE_SECONDS = 3600
    caches["default"].clear()
    _queries(client)
    _, from_fragment = _queries(client)
    assert from_fragment == plain
    assert "示例微课0" in plain


@time_machine.travel(NOW, tick=False)
def test_open_days_of_a_private_site_stay_off_the_home_page(site_tree):
    home, _, _ = site_tree
    index, _ = build_map(home)
    public = PracticeSitePageFactory(parent=index, title="公开点位", open_days=["2026-03-07 09:30"])
    hidden = PracticeSitePageFactory(parent=index, title="内部点位", open_days=["2026-03-06 09:30"])
    PracticeSitePageFactory(parent=index, title="草稿点位", live=False, open_days=["2026-03-05 09:30"])
    assert [day.page.title for day in upcoming_open_days()] == ["内部点位", "公开点位"]
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    assert [day.page_id for day in upcoming_open_days()] == [public.pk]


def test_a_preview_of_the_home_page_shows_its_unsaved_lists(client, site_tree, fragments):
    home, courses, _ = site_tree
    CoursePageFactory(parent=courses, title="已推荐的课程")
    chosen = CoursePageFactory(parent=courses, title="编辑刚选的课程")
    # The lists' fragment is stored for the host the preview renders for (the site's).
    assert "已推荐的课程" in client.get("/", HTTP_HOST="localhost", **PRIVATE).content.decode()
    home.featured_courses = [HomeFeaturedCourse(course=chosen)]  # edited, not saved
    html = home.make_preview_request().render().content.decode()
    assert "编辑刚选的课程" in html and "已推荐的课程" not in html
    assert "已推荐的课程" in client.get("/", HTTP_HOST="localhost", **PRIVATE).content.decode()
