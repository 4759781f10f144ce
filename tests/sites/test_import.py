"""Bulk import of practice sites from XLSX/CSV, with the rules of the bases' import: every problem
reported with its row and column, a file with any problem imports nothing, and the same file
again updates instead of duplicating."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bases.imports.sites import COLUMNS, import_sites
from bases.models.sites import PracticeSitePage
from tests.factories import PracticeSitePageFactory, SiteCategoryFactory
from tests.spreadsheets import csv_upload, xlsx_upload

HEADER = COLUMNS
GOOD_ROWS = [
    [
        "测试科技馆",
        "企业科技馆",
        "渝中区",
        "",
        "",
        "",
        "",
        "测试公司",
        "023-63000000",
        "每月第二个周六开放",
        "是",
        "否",
        "小学、初中",
    ],
    [
        "测试实验室",
        "lab",
        "高新区",
        "大学城中路 1 号",
        "29.609",
        "106.309",
        "精确位置",
        "",
        "",
        "",
        "否",
        "是",
        "初中,高中/中职",
    ],
    ["测试古镇", "非遗基地", "九龙坡", "", "", "", "仅精确到区县", "", "", "", "", "", ""],
]


def csv_file(rows, header=HEADER, name="sites.csv", encoding="utf-8-sig"):
    return csv_upload(rows, header, name, encoding, quote_all=True)


def xlsx_file(rows, header=HEADER, name="sites.xlsx"):
    return xlsx_upload(rows, header, name)


@pytest.fixture
def setup(map_index, categories):
    SiteCategoryFactory(slug="science-hall", name="企业科技馆")
    return map_index


def test_a_good_csv_imports_every_site_published(setup):
    result = import_sites(csv_file(GOOD_ROWS), setup)
    assert result.ok, [str(e) for e in result.errors]
    assert len(result.created) == 3
    hall = PracticeSitePage.objects.get(title="测试科技馆")
    assert (hall.district, hall.category.name, hall.organisation, hall.contact_phone, hall.live) == (
        "yuzhong",
        "企业科技馆",
        "测试公司",
        "023-63000000",
        True,
    )
    assert (hall.appointment_required, hall.barrier_free, hall.location_precision) == (
        True,
        False,
        "district",
    )
    assert hall.latitude is None and hall.visit_notes == "每月第二个周六开放"
    assert {s.slug for s in hall.age_stages.all()} == {"primary", "junior"}
    lab = PracticeSitePage.objects.get(title="测试实验室")
    assert (lab.district, lab.location_precision, str(lab.latitude), str(lab.longitude)) == (
        "gaoxin",
        "exact",
        "29.609000",
        "106.309000",
    )
    assert (lab.appointment_required, lab.barrier_free) == (False, True)
    assert {s.slug for s in lab.age_stages.all()} == {"junior", "senior"}
    assert PracticeSitePage.objects.get(title="测试古镇").district == "jiulongpo"


def test_xlsx_with_number_cells_imports_too(setup):
    rows = [["测试实验室", "高校实验室", "沙坪坝区", "", 29.609, 106.309, "", "", "", "", "", "", ""]]
    result = import_sites(xlsx_file(rows), setup)
    assert result.ok, [str(e) for e in result.errors]
    site = PracticeSitePage.objects.get(title="测试实验室")
    assert site.location_precision == "exact" and str(site.latitude) == "29.609000"


def test_a_file_with_any_problem_imports_nothing_and_says_where(setup):
    rows = [
        GOOD_ROWS[0],
        ["", "火星基地", "火星区", "", "29.5", "", "精确位置", "", "没有", "", "也许", "", "大学"],
        ["测试实验室2", "高校实验室", "渝中区", "", "39.5", "116.4", "", "", "", "", "", "", ""],
        ["测试实验室3", "高校实验室", "渝中区", "", "", "", "精确位置", "", "", "", "", "", ""],
        GOOD_ROWS[0],
    ]
    result = import_sites(csv_file(rows), setup)
    assert not result.ok
    assert PracticeSitePage.objects.count() == 0
    messages = [str(error) for error in result.errors]
    expected = [
        ("第 3 行，“名称”", "必填"),
        ("第 3 行，“类别”", "“火星基地”不是已有的点位类别"),
        ("第 3 行，“区县”", "“火星区”不是重庆市的区县"),
        ("第 3 行，“经度”", "纬度和经度要同时填写"),
        ("第 3 行，“联系电话”", "要有号码"),
        ("第 3 行，“需要预约”", "请写“是”或“否”"),
        ("第 3 行，“适合年龄段”", "“大学”不是可选的年龄段"),
        ("第 4 行，“纬度”", "不在重庆市范围内"),
        ("第 4 行，“经度”", "不在重庆市范围内"),
        ("第 5 行，“位置精度”", "必须填写纬度和经度"),
        ("第 6 行，“名称”", "与第 2 行重复"),
    ]
    for where, what in expected:
        assert any(m.startswith(where) and what in m for m in messages), (where, what, messages)


def test_missing_columns_and_empty_files_are_reported(setup):
    result = import_sites(csv_file([["测试"]], header=["名称"]), setup)
    assert [str(e) for e in result.errors] == [
        "第 1 行，“类别”：缺少这一列（第一行应为列名）",
        "第 1 行，“区县”：缺少这一列（第一行应为列名）",
    ]
    result = import_sites(csv_file([]), setup)
    assert "除了列名没有任何数据行" in str(result.errors[0])
    result = import_sites(SimpleUploadedFile("sites.txt", b"x"), setup)
    assert "只能导入 .xlsx 或 .csv 文件" in str(result.errors[0])


def test_importing_again_updates_and_never_duplicates(setup):
    assert import_sites(csv_file(GOOD_ROWS), setup).ok
    again = import_sites(csv_file(GOOD_ROWS), setup)
    assert again.ok and again.created == [] and len(again.unchanged) == 3
    changed = [["测试科技馆", "企业科技馆", "渝中区", "", "", "", "", "", "", "", "", "是", ""]]
    result = import_sites(csv_file(changed), setup)
    assert result.updated == ["测试科技馆（渝中区）"]
    hall = PracticeSitePage.objects.get(title="测试科技馆")
    assert hall.barrier_free is True
    assert hall.organisation == "测试公司"  # an empty cell leaves what is there
    assert PracticeSitePage.objects.filter(title="测试科技馆").count() == 1


def test_a_site_added_by_hand_is_matched_by_name_and_district(setup, categories):
    existing = PracticeSitePageFactory(
        parent=setup, title="测试科技馆", district="yuzhong", category=categories["lab"]
    )
    other_district = [["测试科技馆", "企业科技馆", "万州区", "", "", "", "", "", "", "", "", "", ""]]
    result = import_sites(csv_file([GOOD_ROWS[0], *other_district]), setup)
    assert result.updated == ["测试科技馆（渝中区）"] and result.created == ["测试科技馆（万州区）"]
    existing.refresh_from_db()
    assert existing.category.name == "企业科技馆"


def test_gb18030_csv_from_chinese_excel(setup):
    result = import_sites(csv_file(GOOD_ROWS[:1], encoding="gb18030"), setup)
    assert result.ok and result.created == ["测试科技馆（渝中区）"]
