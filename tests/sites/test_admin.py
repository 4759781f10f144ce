"""What editors get in the admin: the site editor with its map picker and open-day count,
validation of open days, the report of sites short of open days (with XLSX/CSV download), the
dashboard panel and the import page; and who may see them."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from tests.denial import assert_denied
from tests.factories import TZ, PracticeSitePageFactory
from tests.spreadsheets import csv_text, xlsx_rows

NOW = datetime.datetime(2026, 3, 4, 10, 0, tzinfo=TZ)  # spring 2026


@pytest.fixture
def editor(client, django_user_model, bases_index):
    # migrate gives the Editors group bases.manage_bases and bases.manage_sites (bases.access).
    user = django_user_model.objects.create_user("city-editor", password="x")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


@pytest.fixture
def sites(map_index, categories):
    full = PracticeSitePageFactory(
        parent=map_index,
        title="开放日够了的点位",
        category=categories["museum"],
        open_days=["2026-02-07 09:30", "2026-03-07 09:30", "2026-04-11 09:30", "2026-07-31 20:00"],
    )
    short = PracticeSitePageFactory(
        parent=map_index,
        title="开放日不够的点位",
        category=categories["lab"],
        district="wanzhou",
        open_days=["2026-03-07 09:30", "2026-01-31 09:30", "2026-08-08 09:30"],
    )
    none = PracticeSitePageFactory(
        parent=map_index, title="还没有开放日的点位", category=categories["heritage"]
    )
    return full, short, none


@time_machine.travel(NOW, tick=False)
def test_report_lists_sites_short_of_four_open_days_this_semester(client, editor, sites):
    full, short, none = sites
    response = client.get("/admin/practice-sites/open-days/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "2025—2026学年春季学期" in html
    assert none.title in html and short.title in html and full.title not in html
    rows = [(site.title, site.semester_open_days, site.missing) for site in response.context["object_list"]]
    assert rows == [(none.title, 0, 4), (short.title, 1, 3)]

    csv = client.get("/admin/practice-sites/open-days/?export=csv")
    text = csv_text(csv)
    assert text.startswith("点位,类别,区县,本学期开放日（次）,还差（次）")
    assert "开放日不够的点位,高校实验室,万州区,1,3" in text

    xlsx = client.get("/admin/practice-sites/open-days/?export=xlsx")
    values = xlsx_rows(xlsx)
    assert values[0][:5] == ("点位", "类别", "区县", "本学期开放日（次）", "还差（次）")
    assert {row[0] for row in values[1:]} == {none.title, short.title}


@time_machine.travel(NOW, tick=False)
def test_dashboard_counts_the_sites_short_of_open_days(client, editor, sites):
    response = client.get("/admin/")
    html = response.content.decode()
    line = re.search(r'<li data-line="open_days">(.*?)</li>', html, flags=re.S).group(1)
    assert 'href="/admin/practice-sites/open-days/"' in line
    assert re.sub(r"<[^>]+>", "", line).strip().endswith("：2")


def test_others_cannot_see_the_report_or_import(client, django_user_model, sites, bases_index):
    user = django_user_model.objects.create_user("someone", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert_denied(client.get("/admin/practice-sites/open-days/"))
    assert_denied(client.get("/admin/practice-sites/import/"))
    assert 'data-line="open_days"' not in client.get("/admin/").content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_editor_has_a_map_picker_and_the_semester_count(client, editor, sites):
    _, short, _ = sites
    response = client.get(f"/admin/pages/{short.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-map-picker" in html
    assert "vendor/leaflet/leaflet.js" in html and "js/map.js" in html
    assert "/map/districts.geojson" in html  # the offline background
    assert "已安排 <strong>1</strong> 次开放日" in html and "还差 3 次" in html


def _site_form(site, open_days):
    return nested_form_data(
        {
            "title": site.title,
            "slug": site.slug,
            "category": str(site.category_id),
            "district": site.district,
            "organisation": "",
            "summary": "",
            "cover_image": "",
            "introduction": rich_text(""),
            "visit_notes": "",
            "appointment_required": "on",
            "accessibility_notes": "",
            "contact_phone": "",
            "contact_email": "",
            "address": "",
            "location_precision": "district",
            "latitude": "",
            "longitude": "",
            "base": "",
            "open_days": inline_formset(open_days),
            "photos": inline_formset([]),
            "seo_title": "",
            "search_description": "",
            "action-publish": "publish",
        }
    )


def test_an_open_day_that_ends_before_it_starts_is_refused_with_every_error(client, editor, sites):
    _, short, _ = sites
    bad = {
        "title": "",
        "starts_at": "2026-03-14 10:00",
        "ends_at": "2026-03-14 09:00",
        "audience": "家长",
        "capacity": "0",
        "sign_up": "",
        "sign_up_url": "",
    }
    response = client.post(f"/admin/pages/{short.pk}/edit/", _site_form(short, [bad]))
    assert response.status_code == 200  # the form again, with its errors
    html = response.content.decode()
    assert "结束时间必须晚于开始时间" in html and "名额至少为 1" in html
    assert short.open_days.count() == 3


def test_the_import_page_imports_a_file(client, editor, map_index, categories):
    assert "名称（必填）" in client.get("/admin/practice-sites/import/").content.decode()
    template = client.get("/admin/practice-sites/import/template.csv")
    assert template.content.decode("utf-8").startswith("\ufeff名称,类别,区县")
    good = "名称,类别,区县\n测试博物馆,博物馆,渝中区\n".encode()
    response = client.post("/admin/practice-sites/import/", {"file": SimpleUploadedFile("s.csv", good)})
    assert response.status_code == 200
    assert "新增 1 个" in response.content.decode()
    bad = "名称,类别,区县\n测试博物馆,不存在,渝中区\n".encode()
    response = client.post("/admin/practice-sites/import/", {"file": SimpleUploadedFile("s.csv", bad)})
    assert response.status_code == 400
    assert "第 2 行，“类别”" in response.content.decode()


def test_categories_are_managed_as_snippets(client, editor, categories):
    editor.groups.get(name="Editors").permissions.add(
        *Permission.objects.filter(codename__in=["add_sitecategory", "change_sitecategory"])
    )
    response = client.get("/admin/snippets/bases/sitecategory/")
    assert response.status_code == 200
    assert "博物馆" in response.content.decode()
