"""The demo sites: every site named in the two source documents, with its real name and district,
at district level (no invented coordinates), marked 示例, with sample open days in the current
semester, a few short of the target; loading twice adds nothing. And the import command."""

import datetime

import pytest
import time_machine
from django.core.management import CommandError, call_command

from bases.demo import sites_content
from bases.demo.sites import load_sites
from bases.models.sites import OpenDay, PracticeSitePage, SiteCategory
from bases.sites.semester import counting_semester
from home.demo.loader import Report
from home.demo.records import DemoRecords
from tests.factories import TZ

YUZHONG = [
    "重庆抗战戏剧博物馆",
    "重庆市文物考古研究院",
    "重庆中医少林堂",
    "重庆普瑞眼科医院",
    "杨闇公旧居",
    "重庆历史名人馆",
    "中法学校旧址",
    "中小学劳动技术教育基地",
    "渝中区青少年活动中心",
    "渝铁村社区微型少年宫",
    "枇杷山宝库",
    "二厂记忆博物馆",
    "重庆市非遗体验基地",
    "巴渝文化博物馆",
    "郭沫若故居",
    "嘉西村学习强国主题社区",
]
HIGH_TECH_ZONE = ["重庆国家应用数学中心", "金凤实验室", "走马古镇"]


@pytest.mark.parametrize("now", ["2026-03-04 10:00", "2026-08-10 10:00", "2027-01-30 10:00"])
def test_demo_sites_are_the_documents_sites_at_district_level(site_tree, now):
    home, _, _ = site_tree
    moment = datetime.datetime.strptime(now, "%Y-%m-%d %H:%M").replace(tzinfo=TZ)
    with time_machine.travel(moment, tick=False):
        load_sites(Report(), home, records=DemoRecords())
        sites = {site.title: site for site in PracticeSitePage.objects.live()}
        assert set(sites) == set(YUZHONG) | set(HIGH_TECH_ZONE)
        assert {sites[name].district for name in YUZHONG} == {"yuzhong"}
        assert {sites[name].district for name in HIGH_TECH_ZONE} == {"gaoxin"}
        assert sites["金凤实验室"].category.name == "企业科技馆"
        assert sites["走马古镇"].category.name == "非遗基地"
        assert sites["重庆国家应用数学中心"].category.name == "高校实验室"
        for site in sites.values():
            assert site.is_example
            assert site.location_precision == "district"
            assert site.latitude is None and site.longitude is None and site.address == ""
        semester = counting_semester(moment)
        start, after = semester.bounds()
        days = list(OpenDay.objects.all())
        assert days and all(day.is_example for day in days)
        assert all(start <= day.starts_at < after for day in days)
        counts = [site.semester_open_day_count(semester) for site in sites.values()]
        assert sum(1 for count in counts if count >= 4) >= 15
        assert 1 <= sum(1 for count in counts if count < 4) <= 4


def test_loading_twice_adds_nothing_and_keeps_editors_changes(site_tree):
    home, _, _ = site_tree
    load_sites(Report(), home, records=DemoRecords())
    site = PracticeSitePage.objects.get(slug="zouma-ancient-town")
    site.summary = "编辑改过的简介"
    site.save()
    pages, days, categories = (
        PracticeSitePage.objects.count(),
        OpenDay.objects.count(),
        SiteCategory.objects.count(),
    )
    report = Report()
    load_sites(report, home, records=DemoRecords())
    assert report.created == []
    assert (PracticeSitePage.objects.count(), OpenDay.objects.count(), SiteCategory.objects.count()) == (
        pages,
        days,
        categories,
    )
    assert PracticeSitePage.objects.get(slug="zouma-ancient-town").summary == "编辑改过的简介"


def test_demo_text_names_its_source_and_every_category_is_used():
    used = {site["category"] for site in sites_content.SITES}
    assert used <= {slug for slug, _, _ in sites_content.CATEGORIES}
    assert len(sites_content.SITES) == 19


def test_import_command(tmp_path, map_index, categories, capsys):
    good = tmp_path / "sites.csv"
    good.write_text("名称,类别,区县\n测试博物馆,博物馆,渝中区\n", encoding="utf-8")
    call_command("import_practice_sites", str(good))
    assert "新增 1 个" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("名称,类别,区县\n测试博物馆,博物馆,火星\n", encoding="utf-8")
    with pytest.raises(CommandError, match="没有导入任何数据"):
        call_command("import_practice_sites", str(bad))
    assert "第 2 行，“区县”" in capsys.readouterr().err
