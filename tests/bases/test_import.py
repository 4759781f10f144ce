"""Bulk import from XLSX/CSV: good files import, a file with any bad row imports nothing and
says where and why, the same file again updates instead of duplicating."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from bases.imports.bases import COLUMNS, import_bases, parse_date
from bases.models import BaseTerm, InnovationBasePage
from tests.factories import InnovationBasePageFactory, build_bases
from tests.spreadsheets import csv_upload, xlsx_upload

HEADER = ["名称", "区县", "类型", "地址", "联系电话", "简介", "命名批次", "有效期开始", "有效期结束"]
GOOD_ROWS = [
    ["万州区沙河小学", "万州区", "小学", "", "023-58000000", "城区小学", "2020", "2020-01-01", "2024-12-31"],
    ["秀山土家族苗族自治县图书馆", "秀山县", "图书馆", "", "", "", "2020", "2020-01-01", "2024-12-31"],
    ["璧山区七塘镇喜观村", "璧山", "村", "", "", "村级阵地", "2020", "2020/1/1", "2024/12/31"],
]


def csv_file(rows, header=HEADER, name="bases.csv", encoding="utf-8-sig"):
    return csv_upload(rows, header, name, encoding)


def xlsx_file(rows, header=HEADER, name="bases.xlsx"):
    return xlsx_upload(rows, header, name)


@pytest.fixture
def index(site_tree):
    home, _, _ = site_tree
    return build_bases(home)[0]


def test_a_good_csv_imports_every_base_published_with_its_term(index):
    result = import_bases(csv_file(GOOD_ROWS), index)
    assert result.ok, [str(e) for e in result.errors]
    assert len(result.created) == 3
    shahe = InnovationBasePage.objects.get(title="万州区沙河小学")
    assert (shahe.district, shahe.kind, shahe.contact_phone, shahe.live) == (
        "wanzhou",
        "primary",
        "023-58000000",
        True,
    )
    assert shahe.location_precision == "district" and shahe.latitude is None
    term = shahe.terms.get()
    assert (term.batch_year, term.start_date, term.end_date) == (
        2020,
        datetime.date(2020, 1, 1),
        datetime.date(2024, 12, 31),
    )
    assert term.document_title == "关于命名重庆市家庭教育创新实践基地的通知"
    assert InnovationBasePage.objects.get(title="秀山土家族苗族自治县图书馆").district == "xiushan"
    assert InnovationBasePage.objects.get(title="璧山区七塘镇喜观村").terms.get().end_date == datetime.date(
        2024, 12, 31
    )


def test_an_xlsx_with_excel_dates_and_numbers(index):
    rows = [
        [
            "武隆区实验中学",
            "武隆区",
            "中学",
            None,
            None,
            None,
            2020,
            datetime.datetime(2020, 1, 1),
            datetime.datetime(2024, 12, 31),
        ],
        ["大足区龙岗幼儿园", "大足区", "幼儿园", None, None, None, 2020.0, 43831, 45657],  # Excel day numbers
    ]
    result = import_bases(xlsx_file(rows), index)
    assert result.ok, [str(e) for e in result.errors]
    term = InnovationBasePage.objects.get(title="大足区龙岗幼儿园").terms.get()
    assert (term.start_date, term.end_date) == (datetime.date(2020, 1, 1), datetime.date(2024, 12, 31))


def test_a_gbk_csv_from_chinese_excel(index):
    result = import_bases(csv_file(GOOD_ROWS[:1], encoding="gb18030"), index)
    assert result.ok and InnovationBasePage.objects.filter(title="万州区沙河小学").exists()


def test_every_bad_row_is_reported_and_nothing_is_imported(index):
    rows = [
        GOOD_ROWS[0],
        ["", "江北区", "小学", "", "", "", "2020", "2020-01-01", "2024-12-31"],
        ["某小学", "火星区", "学校", "", "电话", "", "二〇二〇", "2020-13-01", "去年"],
        ["某社区", "江北区", "社区", "", "", "", "2020", "2024-12-31", "2020-01-01"],
        GOOD_ROWS[0],
        ["某幼儿园", "江北区", "幼儿园", "", "", "x" * 301, "2020", "2020-01-01", "2024-12-31"],
    ]
    result = import_bases(xlsx_file(rows), index)
    messages = [str(error) for error in result.errors]
    assert messages == [
        "第 3 行，“名称”：必填，不能为空",
        "第 4 行，“区县”：“火星区”不是重庆市的区县（例如 江北区、秀山土家族苗族自治县）",
        "第 4 行，“类型”：“学校”不是可选的类型，可选："
        "小学、中学、幼儿园、社区、妇女儿童活动中心、图书馆、村、其他",
        "第 4 行，“联系电话”：联系电话里要有号码。",
        "第 4 行，“命名批次”：“二〇二〇”不是年份，请写成 2020 这样的四位数字",
        "第 4 行，“有效期开始”：“2020-13-01”不是日期，请写成 2020-01-01 这样的格式",
        "第 4 行，“有效期结束”：“去年”不是日期，请写成 2020-01-01 这样的格式",
        "第 5 行，“有效期结束”：有效期结束日期必须晚于开始日期。",
        "第 6 行，“名称”：与第 2 行重复（同一区县的同名基地只能出现一次）",
        "第 7 行，“简介”：太长了（最多 300 个字，现在 301 个）",
    ]
    assert not InnovationBasePage.objects.exists()  # not even the good first row


def test_missing_columns_and_wrong_files(index):
    result = import_bases(csv_file(GOOD_ROWS, header=["名称", "区县", "类型"]), index)
    assert [str(e) for e in result.errors] == [
        "第 1 行，“命名批次”：缺少这一列（第一行应为列名）",
        "第 1 行，“有效期开始”：缺少这一列（第一行应为列名）",
        "第 1 行，“有效期结束”：缺少这一列（第一行应为列名）",
    ]
    result = import_bases(SimpleUploadedFile("bases.txt", b"x"), index)
    assert [str(e) for e in result.errors] == ["第 1 行：只能导入 .xlsx 或 .csv 文件。"]
    result = import_bases(SimpleUploadedFile("bases.xlsx", b"not a zip"), index)
    assert "无法读取这个 Excel 文件" in str(result.errors[0])
    result = import_bases(csv_file([]), index)
    assert [str(e) for e in result.errors] == ["第 1 行：除了列名没有任何数据行。"]
    assert not InnovationBasePage.objects.exists()


def test_columns_in_any_order_and_extra_columns_are_ignored(index):
    header = ["有效期结束", "有效期开始", "命名批次", "类型", "区县", "名称", "备注"]
    rows = [["2024-12-31", "2020-01-01", "2020", "社区", "巴南区", "巴南区花溪街道红光社区", "无关"]]
    assert import_bases(csv_file(rows, header=header), index).ok
    assert InnovationBasePage.objects.get().district == "banan"


def test_the_same_file_again_updates_instead_of_duplicating(index):
    assert import_bases(csv_file(GOOD_ROWS), index).ok
    again = import_bases(csv_file(GOOD_ROWS), index)
    assert again.ok and again.created == [] and len(again.unchanged) == 3
    assert InnovationBasePage.objects.count() == 3 and BaseTerm.objects.count() == 3

    changed = [list(row) for row in GOOD_ROWS]
    changed[0][3] = "万州区某某路"  # an address now known
    changed[1][4] = "023-76000000"
    result = import_bases(csv_file(changed), index)
    assert result.updated == [
        "万州区沙河小学（万州区）",
        "秀山土家族苗族自治县图书馆（秀山土家族苗族自治县）",
    ]
    assert InnovationBasePage.objects.get(title="万州区沙河小学").address == "万州区某某路"
    assert InnovationBasePage.objects.count() == 3


def test_a_new_term_is_added_and_the_earlier_one_kept(index):
    assert import_bases(csv_file(GOOD_ROWS[:1]), index).ok
    renamed = [["万州区沙河小学", "万州区", "小学", "", "", "", "2025", "2025-01-01", "2029-12-31"]]
    result = import_bases(csv_file(renamed), index)
    assert result.ok and result.new_terms == ["万州区沙河小学（万州区）：2025-01-01 至 2029-12-31"]
    base = InnovationBasePage.objects.get()
    assert [(t.batch_year, t.start_date.year) for t in base.terms.all()] == [(2025, 2025), (2020, 2020)]
    assert base.contact_phone == "023-58000000"  # an empty cell does not erase


def test_a_new_term_may_not_overlap_the_record(index):
    assert import_bases(csv_file(GOOD_ROWS[:1]), index).ok
    overlapping = [["万州区沙河小学", "万州区", "小学", "", "", "", "2024", "2024-06-01", "2029-05-31"]]
    result = import_bases(csv_file(overlapping), index)
    assert [str(e) for e in result.errors] == [
        "第 2 行，“有效期开始”：与这个基地已有的有效期（2020-01-01 至 2024-12-31）重叠；"
        "再次命名请从上一期结束后开始。"
    ]


def test_same_name_in_another_district_is_another_base(index):
    InnovationBasePageFactory(parent=index, title="实验小学", district="jiangbei")
    rows = [
        ["实验小学", "江北区", "小学", "", "", "", "2020", "2020-01-01", "2024-12-31"],
        ["实验小学", "万州区", "小学", "", "", "", "2020", "2020-01-01", "2024-12-31"],
    ]
    result = import_bases(csv_file(rows), index)
    assert result.created == ["实验小学（万州区）"]
    assert InnovationBasePage.objects.filter(title="实验小学").count() == 2


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-01-01", datetime.date(2020, 1, 1)),
        ("2024/2/29", datetime.date(2024, 2, 29)),
        ("2023-02-29", None),
        ("2020年1月1日", datetime.date(2020, 1, 1)),
        (datetime.datetime(2020, 1, 1, 0, 0), datetime.date(2020, 1, 1)),
        (45657, datetime.date(2024, 12, 31)),
        ("45657", datetime.date(2024, 12, 31)),
        ("", None),
        ("01/02/2020", None),
    ],
)
def test_dates(value, expected):
    assert parse_date(value) == expected


def test_the_admin_view(client, index, django_user_model):
    editor = django_user_model.objects.create_user("importer", password="x")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    html = client.get("/admin/bases/import/").content.decode()
    for column in COLUMNS:
        assert column in html
    response = client.post("/admin/bases/import/", {"file": csv_file(GOOD_ROWS)})
    assert response.status_code == 200
    assert "导入完成：</strong>新增 3 个，更新 0 个，未变化 0 个" in response.content.decode()
    bad = [["某小学", "火星区", "小学", "", "", "", "2020", "2020-01-01", "2024-12-31"]]
    response = client.post("/admin/bases/import/", {"file": csv_file(bad)})
    assert response.status_code == 400
    html = response.content.decode()
    assert "本次没有导入任何数据" in html and "第 2 行，“区县”：“火星区”不是重庆市的区县" in html
    template = client.get("/admin/bases/import/template.csv")
    assert template.content.decode("utf-8-sig").splitlines()[0] == ",".join(COLUMNS)
