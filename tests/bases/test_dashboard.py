"""What editors must act on, on the dashboard and in the report (downloadable as XLSX and CSV):
bases expiring within 6 months, reports due or overdue, pending reviews, revocation requests."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth.models import Group

from bases.access import create_base_account
from bases.admin.attention import Category, attention_items
from bases.models import RevocationRequest
from tests.bases.helpers import base_form_data
from tests.factories import TZ, InnovationBasePageFactory, YearlyReportPageFactory, build_bases
from tests.spreadsheets import csv_text, xlsx_rows

NOW = datetime.datetime(2024, 9, 1, 10, 0, tzinfo=TZ)


@pytest.fixture
def setting(site_tree, django_user_model, client):
    home, _, _ = site_tree
    index, _ = build_bases(home)
    expiring = InnovationBasePageFactory(
        parent=index, title="年底到期的基地", district="jiangbei", term=("2020-01-01", "2024-12-31")
    )
    current = InnovationBasePageFactory(
        parent=index, title="还有两年的基地", district="wanzhou", term=("2022-01-01", "2026-12-31")
    )
    expired = InnovationBasePageFactory(
        parent=index, title="早已到期的基地", district="dazu", term=("2018-01-01", "2022-12-31")
    )
    YearlyReportPageFactory(parent=expiring, year=2023)  # approved (live)
    YearlyReportPageFactory(parent=current, year=2024, live=False)  # a draft
    RevocationRequest.objects.create(base=current, reason="不再开展家庭教育指导服务")
    editor = django_user_model.objects.create_user("city-editor", password="x")
    editor.groups.add(Group.objects.get(name="Editors"))
    base_user, _, _ = create_base_account(expiring, "expiring-base")
    with time_machine.travel(NOW, tick=False):
        client.force_login(base_user)
        client.post(
            f"/admin/pages/{expiring.pk}/edit/",
            {**base_form_data(expiring, summary="待审核的简介"), "action-submit": "action-submit"},
        )
        client.logout()
        yield {"editor": editor, "expiring": expiring, "current": current, "expired": expired}


def details(items):
    return [(item.base_title, item.detail) for item in items]


def test_the_four_lists(setting):
    groups = attention_items(setting["editor"], today=NOW.date())
    assert details(groups[Category.EXPIRING]) == [("年底到期的基地", "有效期至 2024-12-31，还剩 121 天")]
    assert details(groups[Category.REPORTS]) == [
        # by due date, then district in the official order (万州区 before 江北区)
        ("还有两年的基地", "2023 年度报告已逾期，截止 2023-12-31（尚未填写）"),
        ("还有两年的基地", "2024 年度报告待提交，截止 2024-12-31（草稿）"),
        ("年底到期的基地", "2024 年度报告待提交，截止 2024-12-31（尚未填写）"),
    ]
    assert [title for title, _ in details(groups[Category.REVIEWS])] == ["年底到期的基地"]
    assert "基地资料修改，expiring-base 提交于 2024-09-01" in groups[Category.REVIEWS][0].detail
    assert details(groups[Category.REVOCATIONS]) == [("还有两年的基地", "待核准：不再开展家庭教育指导服务")]


def test_nothing_is_due_for_bases_whose_terms_ended(setting):
    # On the day of the issue, every term of 2020-2024 is over: no report is due any more.
    groups = attention_items(setting["editor"], today=datetime.date(2026, 11, 23))
    assert Category.REPORTS in groups
    assert {item.base_title for item in groups[Category.REPORTS]} == {"还有两年的基地"}
    assert [item.base_title for item in groups[Category.EXPIRING]] == ["还有两年的基地"]


def test_the_city_editors_dashboard_is_five_counts_with_links(client, setting):
    client.force_login(setting["editor"])
    html = client.get("/admin/").content.decode()
    lines = re.findall(r'<li data-line="(\w+)"><a href="([^"]+)">(.*?)</a></li>', html, flags=re.S)
    assert [(key, url, re.sub(r"<[^>]+>", "", text)) for key, url, text in lines] == [
        ("expired", "/admin/bases/report/?category=expired", "已到期未续期的基地：1"),
        ("expiring", "/admin/bases/report/?category=expiring", "6 个月内到期的基地：1"),
        ("overdue", "/admin/bases/report/?category=reports", "逾期未交的年度报告：1"),
        ("open_days", "/admin/practice-sites/open-days/", "开放日不足的实践点位（2024—2025学年秋季学期）：0"),
        (
            "zero_searches",
            "/admin/reports/search-terms/?week=2024-08-26&amp;zero=on",
            "本周没有结果的搜索词：0",
        ),
    ]
    # Nothing else: no page counts' panels, recent edits or the old lists.
    assert "最近编辑" not in html and "年底到期的基地" not in html


def test_report_view_and_its_downloads(client, setting):
    client.force_login(setting["editor"])
    html = client.get("/admin/bases/report/").content.decode()
    assert "基地工作提醒" in html and "年底到期的基地" in html and "下载" in html
    only = client.get("/admin/bases/report/?category=revocations")
    assert [item.category for item in only.context["object_list"]] == [Category.REVOCATIONS]

    csv_response = client.get("/admin/bases/report/?export=csv")
    assert csv_response["Content-Type"].startswith("text/csv")
    lines = csv_text(csv_response).splitlines()
    assert lines[0] == "类别,基地,区县,说明,日期"
    assert "6 个月内到期的基地,年底到期的基地,江北区,有效期至 2024-12-31，还剩 121 天,2024-12-31" in lines
    assert len(lines) == 1 + 1 + 1 + 3 + 1 + 1
    expired = "已到期未续期的基地,早已到期的基地,大足区,有效期已于 2022-12-31 结束，尚未登记新的命名批次"
    assert f"{expired},2022-12-31" in lines

    xlsx_response = client.get("/admin/bases/report/?export=xlsx&category=reports")
    rows = xlsx_rows(xlsx_response)
    assert rows[0] == ("类别", "基地", "区县", "说明", "日期")
    assert len(rows) == 4 and all(row[0] == "今年应交或逾期的年度报告" for row in rows[1:])
