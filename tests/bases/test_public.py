"""/bases/ and a base's profile: filters, counts per status, current bases first, history kept
and marked, only approved content in public, bad input never failing."""

import datetime

import pytest
import time_machine
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from bases.choices import RevocationStatus
from bases.models import BaseIndexPage, InnovationBasePage, RevocationRequest, YearlyReportPage
from home.models import HomePage
from resources.models import CourseIndexPage
from tests.factories import TZ, InnovationBasePageFactory, YearlyReportPageFactory, build_bases, build_site

TODAY = datetime.datetime(2024, 9, 1, 10, 0, tzinfo=TZ)


class PagePlacementTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.courses, _ = build_site()
        cls.index, (cls.base,) = build_bases(cls.home, 1)

    def test_index_lives_under_home_once(self):
        self.assertAllowedParentPageTypes(BaseIndexPage, {HomePage})
        self.assertFalse(BaseIndexPage.can_create_at(self.home))  # max_count 1, already there
        self.assertCanNotCreateAt(CourseIndexPage, BaseIndexPage)

    def test_bases_only_in_the_index_and_reports_only_in_a_base(self):
        self.assertAllowedParentPageTypes(InnovationBasePage, {BaseIndexPage})
        self.assertAllowedSubpageTypes(BaseIndexPage, {InnovationBasePage})
        self.assertAllowedParentPageTypes(YearlyReportPage, {InnovationBasePage})
        self.assertAllowedSubpageTypes(InnovationBasePage, {YearlyReportPage})
        self.assertAllowedSubpageTypes(YearlyReportPage, set())
        self.assertCanCreateAt(InnovationBasePage, YearlyReportPage)
        self.assertCanNotCreateAt(HomePage, InnovationBasePage)
        self.assertCanNotCreateAt(Page, YearlyReportPage)


@pytest.fixture
def catalogue(db):
    """On 2024-09-01: two valid, one expiring, one expired, one revoked, in three districts."""
    home, _, _ = build_site()
    index, _ = build_bases(home)
    made = {
        "valid_primary": InnovationBasePageFactory(
            parent=index,
            title="江北有效小学",
            district="jiangbei",
            kind="primary",
            term=("2022-01-01", "2026-12-31"),
        ),
        "valid_library": InnovationBasePageFactory(
            parent=index,
            title="秀山有效图书馆",
            district="xiushan",
            kind="library",
            term=("2022-01-01", "2026-12-31"),
        ),
        "expiring": InnovationBasePageFactory(
            parent=index,
            title="江北即将到期社区",
            district="jiangbei",
            kind="community",
            term=("2020-01-01", "2024-12-31"),
        ),
        "expired": InnovationBasePageFactory(
            parent=index,
            title="万州已到期小学",
            district="wanzhou",
            kind="primary",
            term=("2019-01-01", "2023-12-31"),
        ),
        "revoked": InnovationBasePageFactory(
            parent=index,
            title="江北已撤销幼儿园",
            district="jiangbei",
            kind="kindergarten",
            term=("2022-01-01", "2026-12-31"),
        ),
    }
    RevocationRequest.objects.create(
        base=made["revoked"],
        reason="测试",
        status=RevocationStatus.APPROVED,
        revoked_on=datetime.date(2023, 6, 1),
    )
    with time_machine.travel(TODAY, tick=False):
        yield made


def titles(response):
    return [item.title for item in response.context["items"]]


def test_current_bases_first_and_history_kept_and_counted(client, catalogue):
    response = client.get("/bases/")
    assert response.status_code == 200
    assert titles(response) == [
        "江北有效小学",
        "秀山有效图书馆",
        "江北即将到期社区",
        "万州已到期小学",
        "江北已撤销幼儿园",
    ]
    counts = {status.value: info["count"] for status, info in response.context["status_counts"].items()}
    assert counts == {"valid": 2, "expiring": 1, "expired": 1, "revoked": 1}
    html = response.content.decode()
    assert "另有 1 个基地已到期、1 个已撤销，作为历史记录保留在列表中，排在有效基地之后。" in html
    assert "目前有 3 个基地在有效期内（其中 1 个将在 6 个月内到期）。" in html
    for label in ["有效", "即将到期", "已到期", "已撤销"]:
        assert "badge--status" in html and f">{label}</span>" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?status=valid", {"江北有效小学", "秀山有效图书馆"}),
        ("?status=expiring", {"江北即将到期社区"}),
        ("?status=expired&status=revoked", {"万州已到期小学", "江北已撤销幼儿园"}),
        ("?district=jiangbei", {"江北有效小学", "江北即将到期社区", "江北已撤销幼儿园"}),
        ("?district=jiangbei&status=valid", {"江北有效小学"}),
        ("?kind=primary", {"江北有效小学", "万州已到期小学"}),
        ("?kind=library&district=xiushan", {"秀山有效图书馆"}),
        ("?district=fuling", set()),
    ],
)
def test_filters_combine(client, catalogue, query, expected):
    response = client.get("/bases/" + query)
    assert set(titles(response)) == expected
    assert response.context["page_obj"].paginator.count == len(expected)


def test_counts_follow_the_other_filters_but_not_status(client, catalogue):
    response = client.get("/bases/?district=jiangbei&status=valid")
    counts = {status.value: info["count"] for status, info in response.context["status_counts"].items()}
    assert counts == {"valid": 1, "expiring": 1, "expired": 0, "revoked": 1}
    assert "区县：江北区" in response.content.decode()


def test_status_moves_with_the_calendar(client, catalogue):
    with time_machine.travel(datetime.datetime(2025, 1, 1, 0, 5, tzinfo=TZ), tick=False):
        response = client.get("/bases/?status=expired")
    assert set(titles(response)) == {"江北即将到期社区", "万州已到期小学"}


@pytest.mark.parametrize(
    "query",
    [
        "?district=nowhere",
        "?status=deleted",
        "?kind=%00",
        "?kind[]=primary",
        "?district=" + "x" * 5000,
        "?page=abc",
        "?page=-1",
        "?page=99999999999999999999999",
        "?status=<script>alert(1)</script>",
        "?district=%E6%B1%9F%E5%8C%97%22%3E%3Cimg%20src%3Dx%3E",
    ],
)
def test_bad_filter_values_never_fail(client, catalogue, query):
    response = client.get("/bases/" + query)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_unknown_values_are_ignored_with_a_message(client, catalogue):
    response = client.get("/bases/?status=deleted&district=jiangbei")
    html = response.content.decode()
    assert "筛选条件“状态”中有无法识别的值，已忽略。" in html
    assert set(titles(response)) == {"江北有效小学", "江北即将到期社区", "江北已撤销幼儿园"}


def test_paging_keeps_the_filters(client, site_tree):
    home, _, _ = site_tree
    index, _ = build_bases(home, 14, district="dazu")
    InnovationBasePageFactory(parent=index, district="jiangbei")
    first = client.get("/bases/?district=dazu")
    assert len(first.context["items"]) == 12
    assert 'href="?district=dazu&amp;page=2"' in first.content.decode()
    assert len(client.get("/bases/?district=dazu&page=2").context["items"]) == 2


def test_profile_shows_everything_a_visitor_needs(client, catalogue):
    base = catalogue["expiring"]
    base.address = ""
    base.contact_phone = "023-12345678"
    base.visit_notes = "周末开放，需提前电话预约。"
    base.introduction = "<p>社区家长学校。</p>"
    base.practices = [{"type": "paragraph", "value": "<p>每月一次亲子活动。</p>"}]
    base.save_revision().publish()
    html = client.get(base.url).content.decode()
    for text in [
        "江北即将到期社区",
        "社区",
        "仅精确到江北区，具体地址待核实",
        'href="tel:023-12345678"',
        "周末开放，需提前电话预约。",
        "社区家长学校。",
        "特色做法与活动",
        "每月一次亲子活动。",
        "2020 年",
        "关于命名重庆市家庭教育创新实践基地的通知",
        "2020年1月1日 至 2024年12月31日",
        "即将到期",
        "将于 2024年12月31日 结束",
    ]:
        assert text in html, text


def test_revoked_profile_says_so(client, catalogue):
    html = client.get(catalogue["revoked"].url).content.decode()
    assert "已于 2023年6月1日 撤销" in html
    assert "<dd>已撤销</dd>" in html


def test_only_approved_reports_are_public(client, catalogue):
    base = catalogue["valid_primary"]
    approved = YearlyReportPageFactory(parent=base, year=2023, families_served=321)
    draft = YearlyReportPageFactory(parent=base, year=2024, live=False)
    html = client.get(base.url).content.decode()
    assert "2023年度工作报告" in html and "服务家庭 321 户次" in html
    assert "2024年度工作报告" not in html
    assert client.get(approved.url).status_code == 200
    assert client.get(f"{base.url}{draft.slug}/").status_code == 404


def test_exact_location_links_to_a_map(client, catalogue):
    base = catalogue["valid_library"]
    base.location_precision = "exact"
    base.latitude, base.longitude = "28.447", "108.996"
    base.address = "某某路 1 号"
    base.save_revision().publish()
    html = client.get(base.url).content.decode()
    assert "uri.amap.com/marker?position=108.996" in html
    assert "仅精确到" not in html


def test_header_links_to_bases(client, catalogue):
    assert 'href="/bases/" aria-current="page"' in client.get("/bases/").content.decode()
