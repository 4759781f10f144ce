"""Lists that stay fast as they grow: /map/ pages its list (every site reachable without
JavaScript), the home page picks the day's 亲子三刻钟 lessons in the database."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bases.models.sites import PracticeSitePage, SiteCategory
from bases.sites import filters as sites_filters
from resources.models import MicroLessonPage
from tests.factories import MicroLessonPageFactory, build_map

pytestmark = pytest.mark.django_db


def listed_sites(html):
    return re.findall(r'<li class="site-item" id="site-(\d+)"', html)


def test_map_pages_its_list_and_reaches_every_site(site_tree, client, monkeypatch):
    monkeypatch.setattr(sites_filters, "SITES_PER_PAGE", 5)
    _index, sites = build_map(site_tree[0], count=12)
    first = client.get("/map/").content.decode()
    assert len(listed_sites(first)) == 5
    assert "共 12 个实践点位" in first
    assert "第 1 / 3 页" in first and 'rel="next" href="?page=2"' in first
    seen = []
    for number in (1, 2, 3):
        seen += listed_sites(client.get(f"/map/?page={number}").content.decode())
    assert sorted(map(int, seen)) == sorted(site.pk for site in sites)


def test_map_page_links_keep_the_filters(site_tree, client, monkeypatch):
    monkeypatch.setattr(sites_filters, "SITES_PER_PAGE", 2)
    build_map(site_tree[0], count=3, district="yuzhong")
    html = client.get("/map/?district=yuzhong").content.decode()
    assert 'href="?district=yuzhong&amp;page=2"' in html


def test_map_queries_do_not_grow_with_the_sites(site_tree, client, monkeypatch):

    monkeypatch.setattr(sites_filters, "SITES_PER_PAGE", 5)
    index, _sites = build_map(site_tree[0], count=6)
    client.get("/map/")  # warms Wagtail's own caches (site root paths)
    with CaptureQueriesContext(connection) as small:
        client.get("/map/")
    for n in range(10):
        index.add_child(instance=_site_like(n))
    client.get("/map/")
    with CaptureQueriesContext(connection) as large:
        client.get("/map/")
    assert len(large.captured_queries) == len(small.captured_queries)


def _site_like(n):
    return PracticeSitePage(
        title=f"追加点位{n}", slug=f"extra-{n}", district="yuzhong", category=SiteCategory.objects.first()
    )


def test_day_lessons_rotate_through_every_lesson_of_an_activity(site_tree):
    lessons = [MicroLessonPageFactory(parent=site_tree[2], activity="reading") for _ in range(3)]
    day = datetime.date(2026, 12, 6)
    picked = {MicroLessonPage.activities_for_day(day + datetime.timedelta(days=k))[0][1].pk for k in range(3)}
    assert picked == {lesson.pk for lesson in lessons}
    assert MicroLessonPage.activities_for_day(day)[0][0] == "亲子共读"
