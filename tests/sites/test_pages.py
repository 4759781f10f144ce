"""Where the map pages live, what a site page shows, open-day validation, the home page's
upcoming open days and search."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from bases.models.sites import OpenDay, PracticeSiteIndexPage, PracticeSitePage
from home.models import HomePage
from resources.models import CourseIndexPage
from tests.factories import TZ, PracticeSitePageFactory, build_map, build_site

NOW = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=TZ)


class PagePlacementTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.courses, _ = build_site()
        cls.index, _ = build_map(cls.home)

    def test_map_lives_under_home_once(self):
        self.assertAllowedParentPageTypes(PracticeSiteIndexPage, {HomePage})
        self.assertCanNotCreateAt(Page, PracticeSiteIndexPage)
        self.assertFalse(PracticeSiteIndexPage.can_create_at(self.home))

    def test_sites_live_only_under_the_map(self):
        self.assertAllowedParentPageTypes(PracticeSitePage, {PracticeSiteIndexPage})
        self.assertCanCreateAt(PracticeSiteIndexPage, PracticeSitePage)
        self.assertCanNotCreateAt(HomePage, PracticeSitePage)
        self.assertCanNotCreateAt(CourseIndexPage, PracticeSitePage)
        self.assertAllowedSubpageTypes(PracticeSitePage, set())


def _day(page, start, end, **fields):
    return OpenDay(page=page, starts_at=start, ends_at=end, audience="家长和孩子", **fields)


def test_open_day_validation_reports_every_problem_at_once(map_index):
    site = PracticeSitePageFactory(parent=map_index)
    day = _day(site, NOW, NOW - datetime.timedelta(hours=1), capacity=0)
    with pytest.raises(ValidationError) as error:
        day.full_clean()
    assert set(error.value.message_dict) == {"ends_at", "capacity"}
    assert "结束时间必须晚于开始时间" in error.value.message_dict["ends_at"][0]
    assert "名额至少为 1" in error.value.message_dict["capacity"][0]
    _day(site, NOW, NOW + datetime.timedelta(hours=2), capacity=30).full_clean()
    _day(site, NOW, NOW + datetime.timedelta(hours=2), capacity=None).full_clean()


def test_exact_precision_needs_coordinates(map_index):
    with pytest.raises(ValidationError) as error:
        PracticeSitePageFactory(parent=map_index, location_precision="exact")
    assert "location_precision" in error.value.message_dict


@time_machine.travel(NOW, tick=False)
def test_site_page_shows_what_a_parent_needs(client, map_index):
    site = PracticeSitePageFactory(
        parent=map_index,
        title="测试博物馆",
        organisation="测试单位",
        appointment_required=False,
        barrier_free=True,
        accessibility_notes="东门有坡道",
        contact_phone="023-00000000",
        visit_notes="周六开放",
        age_stages=["primary"],
        is_example=True,
        open_days=["2026-03-07 09:30", "2026-02-07 09:30"],
    )
    response = client.get(site.url)
    assert response.status_code == 200
    html = response.content.decode()
    for text in ["测试单位", "无需预约", "东门有坡道", "023-00000000", "周六开放", "小学", "示例"]:
        assert text in html
    assert "位置仅精确到渝中区" in html and "地图上标在渝中区中心" in html
    assert [day.starts_at for day in response.context["upcoming"]] == [
        datetime.datetime(2026, 3, 7, 9, 30, tzinfo=TZ)
    ]
    assert len(response.context["past_this_semester"]) == 1
    assert "2026年3月7日（周六）09:30—11:30" in html
    assert site.calendar_url() in html


@time_machine.travel(NOW, tick=False)
def test_home_shows_the_next_open_days_of_published_sites(client, map_index):
    shown = PracticeSitePageFactory(parent=map_index, title="开放的点位", open_days=["2026-03-07 09:30"])
    PracticeSitePageFactory(parent=map_index, title="草稿点位", live=False, open_days=["2026-03-08 09:30"])
    PracticeSitePageFactory(parent=map_index, title="开过了的点位", open_days=["2026-02-07 09:30"])
    response = client.get("/")
    days = response.context["upcoming_open_days"]
    assert [day.page.title for day in days] == [shown.title]
    html = response.content.decode()
    assert "近期开放日" in html and "开放的点位" in html and "草稿点位" not in html


def test_sites_are_found_by_search_and_filtered_by_district(client, map_index):

    PracticeSitePageFactory(parent=map_index, title="渝中测试科技馆", district="yuzhong")
    PracticeSitePageFactory(parent=map_index, title="万州测试科技馆", district="wanzhou")
    call_command("update_index", verbosity=0)
    response = client.get("/search/", {"q": "测试科技馆"})
    titles = [item.title for item in response.context["items"]]
    assert {"渝中测试科技馆", "万州测试科技馆"} <= set(titles)
    response = client.get("/search/", {"q": "测试科技馆", "district": "yuzhong"})
    assert [item.title for item in response.context["items"]] == ["渝中测试科技馆"]
