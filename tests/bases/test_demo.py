"""The demo bases: the 20 bases of the 2020 batch with their real names, districts and kinds,
term 2020-2024; every invented detail marked 示例; truthful status; loading twice changes nothing."""

import datetime

import pytest
import time_machine
from wagtail.models import PageLogEntry, Revision, WorkflowPage

from bases.demo.bases import load_bases
from bases.models import BaseIndexPage, BaseTerm, InnovationBasePage, YearlyReportPage
from home.demo.loader import Report
from home.demo.records import DemoRecords
from tests.factories import TZ, build_site

# The list of the naming notice: name -> (district, kind).
NAMED_2020 = {
    "万州区沙河小学": ("wanzhou", "primary"),
    "渝中区中华路小学校": ("yuzhong", "primary"),
    "大渡口幼儿园": ("dadukou", "kindergarten"),
    "江北区妇女儿童活动中心": ("jiangbei", "centre"),
    "沙坪坝区覃家岗街道凤天路社区儿童之家": ("shapingba", "community"),
    "重庆外国语学校森林小学": ("shapingba", "primary"),
    "渝北区空港新城小学校": ("yubei", "primary"),
    "巴南区花溪街道红光社区": ("banan", "community"),
    "江津区妇女儿童活动中心": ("jiangjin", "centre"),
    "南川区东城街道灌坝社区家长学校": ("nanchuan", "community"),
    "大足区龙岗幼儿园": ("dazu", "kindergarten"),
    "璧山区七塘镇喜观村": ("bishan", "village"),
    "铜梁区巴川初级中学校": ("tongliang", "secondary"),
    "梁平区西苑小学": ("liangping", "primary"),
    "武隆区实验中学": ("wulong", "secondary"),
    "城口县河鱼乡河鱼社区妇女儿童之家": ("chengkou", "community"),
    "丰都县妇女儿童活动中心": ("fengdu", "centre"),
    "云阳县妇女儿童中心": ("yunyang", "centre"),
    "秀山土家族苗族自治县图书馆": ("xiushan", "library"),
    "沙坪坝区康居西城小学校": ("shapingba", "primary"),
}
ISSUE_DAY = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=TZ)


@pytest.fixture(scope="module")
def _loaded(module_transaction):
    """The demo bases, loaded once for the module: each test reads them, or changes them inside
    its own transaction, rolled back after the test."""
    home, _, _ = build_site()
    report = Report()
    load_bases(report, home, records=DemoRecords())
    return home, report


@pytest.fixture
def loaded(_loaded, db):
    home, report = _loaded
    home.refresh_from_db()
    return home, report


def test_the_twenty_bases_of_2020(loaded):
    bases = {page.title: page for page in InnovationBasePage.objects.live()}
    assert {title: (page.district, page.kind) for title, page in bases.items()} == NAMED_2020
    for page in bases.values():
        assert page.is_example, page.title  # introductions are written for the demo
        term = page.terms.get()
        assert (term.batch_year, term.start_date, term.end_date) == (
            2020,
            datetime.date(2020, 1, 1),
            datetime.date(2024, 12, 31),
        )
        assert term.document_title == "关于命名重庆市家庭教育创新实践基地的通知"
        # No invented addresses or coordinates: every base is placed at its district.
        assert (page.address, page.latitude, page.longitude, page.location_precision) == (
            "",
            None,
            None,
            "district",
        )
    assert WorkflowPage.objects.get(page=BaseIndexPage.objects.get()).workflow.name == "基地内容审核"


def test_demo_reports_are_approved_and_marked(loaded):
    reports = YearlyReportPage.objects.live()
    assert reports.count() >= 3
    assert all(report.is_example for report in reports)
    assert {report.year for report in reports} >= {2023, 2024}


def test_the_site_tells_the_truth_on_the_day_of_the_issue(client, loaded):
    with time_machine.travel(ISSUE_DAY, tick=False):
        html = client.get("/bases/").content.decode()
        assert "截至 2026年11月23日，没有处于有效期内的基地。" in html
        assert "2020 年命名的创新实践基地有效期已于 2024年12月31日结束；新一批基地的命名尚未公布" in html
        assert "另有 20 个基地已到期、0 个已撤销，作为历史记录保留在列表中。" in html
        assert html.count("badge--expired") == 12  # first page
        profile = client.get("/bases/jiangbei-women-children-centre/").content.decode()
    assert "仅精确到江北区，具体地址待核实" in profile
    assert "已于 2024年12月31日 结束，目前已到期" in profile
    assert "示例" in profile


def test_loading_again_changes_nothing(loaded):
    home, _ = loaded
    counts = (
        InnovationBasePage.objects.count(),
        BaseTerm.objects.count(),
        Revision.objects.count(),
        PageLogEntry.objects.count(),
    )
    report = Report()
    load_bases(report, home, records=DemoRecords())
    assert report.created == []
    assert (
        InnovationBasePage.objects.count(),
        BaseTerm.objects.count(),
        Revision.objects.count(),
        PageLogEntry.objects.count(),
    ) == counts


def test_an_editors_change_survives(loaded):
    home, _ = loaded
    page = InnovationBasePage.objects.get(slug="wanzhou-shahe-primary")
    page.summary = "编辑核实后的简介"
    page.is_example = False
    page.save_revision().publish()
    load_bases(Report(), home, records=DemoRecords())
    page.refresh_from_db()
    assert page.summary == "编辑核实后的简介" and not page.is_example
