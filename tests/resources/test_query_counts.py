"""Pages must not make more queries as their lists grow: 5 items and 15 items cost the same.

Two small sizes prove it as well as large ones: a query per item shows as a difference of 10.
The page size of the lists is 12, so 15 items also cover a second page."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from home.models import HomeFeaturedCourse
from tests.factories import CoursePageFactory, MicroLessonPageFactory


def _fill(site_tree, count):
    home, courses, lessons = site_tree
    image = get_image_model().objects.create(title="封面", file=get_test_image_file())
    for n in range(count):
        course = CoursePageFactory(
            parent=courses,
            kind="basic",
            cover_image=image,
            age_stages=["primary", "junior"],
            topics=["亲子沟通", f"主题{n % 7}"],
            sessions=[("2026-09-12 19:00", 2), ("2026-10-12 19:00", 2)],
        )
        MicroLessonPageFactory(
            parent=lessons,
            cover_image=image,
            age_stages=["3-6"],
            topics=["亲子阅读"],
            activity=["reading", "exercise", "talk", ""][n % 4],
            course=course,
        )
        if n < 4:
            HomeFeaturedCourse.objects.create(page=home, course=course, sort_order=n)


def _queries(client, url):
    client.get(url)  # warm caches (site root paths, renditions) as a real visitor would find them
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


URLS = ["/", "/courses/", "/lessons/", "/courses/?kind=basic&age=primary", "/lessons/?page=2"]


def test_query_count_does_not_grow_with_the_list(client, site_tree):
    _fill(site_tree, 5)
    small = {}
    for url in URLS:
        small[url], response = _queries(client, url)
        listed = response.context["newest_lessons" if url == "/" else "items"]
        assert len(listed) == 5, url
    _fill(site_tree, 10)
    large = {url: _queries(client, url)[0] for url in URLS}
    assert large == small, f"queries with 5 items: {small}; with 15 items: {large}"
