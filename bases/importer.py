"""Bulk import of bases from a spreadsheet (.xlsx or .csv), for city editors.

Rules:
- Every row is checked first; each problem is reported as "第 N 行，“列名”：原因" (N is the
  row number the editor sees in Excel, the header being row 1).
- A file with any problem imports nothing (one transaction).
- A base is matched by name and district: importing the same file again updates it instead
  of adding a duplicate. Empty cells leave what is there; a term with other dates is added as
  a new term (a base named again), and the earlier ones stay on record.

Columns: 名称, 区县, 类型, 地址, 联系电话, 简介, 命名批次, 有效期开始, 有效期结束 and, optionally,
命名文件 (the title of the naming document).
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.db import transaction

from home.base_page import available_child_slug
from home.security.exports import csv_text, strip_control_characters

from .choices import BaseKind, LocationPrecision
from .districts import DISTRICT_NAMES, find_district

REQUIRED = ["名称", "区县", "类型", "命名批次", "有效期开始", "有效期结束"]
OPTIONAL = ["地址", "联系电话", "简介", "命名文件"]
COLUMNS = [
    "名称",
    "区县",
    "类型",
    "地址",
    "联系电话",
    "简介",
    "命名批次",
    "有效期开始",
    "有效期结束",
    "命名文件",
]
MAX_ROWS = 2000
MAX_READ_ROWS = 10 * MAX_ROWS  # blank rows included
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_LENGTHS = {"名称": 255, "地址": 200, "联系电话": 40, "简介": 300, "命名文件": 200}
EXCEL_EPOCH = datetime.date(1899, 12, 30)  # Excel's day 0 (it counts 1900 as a leap year)
DEFAULT_DOCUMENT_TITLE = "关于命名重庆市家庭教育创新实践基地的通知"
KIND_LOOKUP = {label: value for value, label in BaseKind.choices} | {
    value: value for value in BaseKind.values
}


class ImportFileError(Exception):
    """The file cannot be read at all (wrong type, damaged, empty, too large); ``row`` is the
    row where reading stopped, when there is one."""

    def __init__(self, message, row=None):
        super().__init__(message)
        self.row = row


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self):
        if self.column:
            return f"第 {self.row} 行，“{self.column}”：{self.message}"
        return f"第 {self.row} 行：{self.message}"


@dataclass
class BaseRow:
    row: int
    name: str
    district: str
    kind: str
    address: str
    phone: str
    summary: str
    batch_year: int
    start_date: datetime.date
    end_date: datetime.date
    document_title: str


@dataclass
class ImportResult:
    errors: list = field(default_factory=list)
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    new_terms: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


# --- Reading -------------------------------------------------------------------------------------


def read_table(uploaded):
    """[(row number, [cells])] from an .xlsx or .csv upload, header row first.

    Bounded whatever the file holds: at most MAX_FILE_BYTES are read, and reading stops as
    soon as the file has more than MAX_ROWS data rows (an .xlsx of a few MB can expand to a
    million rows); a CSV cell over the csv module's field limit (128 KB) is a row error."""
    name = (getattr(uploaded, "name", "") or "").lower()
    if not name.endswith((".xlsx", ".csv")):
        raise ImportFileError("只能导入 .xlsx 或 .csv 文件。")
    size = getattr(uploaded, "size", None)
    if size is not None and size > MAX_FILE_BYTES:
        raise ImportFileError(_too_large())
    data = uploaded.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(_too_large())
    rows = _read_xlsx(data) if name.endswith(".xlsx") else _read_csv(data)
    return _bounded(rows)


def _too_large():
    return f"文件太大：一次最多导入 {MAX_FILE_BYTES // (1024 * 1024)} MB 的表格，请拆分后分批导入。"


def _bounded(rows):
    """The rows as a list, stopping early when there are too many (empty rows count too, up to
    MAX_READ_ROWS, so a sheet of a million blank rows is not read to the end)."""
    table = []
    filled = 0
    for number, cells in rows:
        if number > MAX_READ_ROWS:
            raise ImportFileError(f"一次最多导入 {MAX_ROWS} 行，这个文件的行数超过了。")
        if any(_text(cell) for cell in cells):
            filled += 1
            if filled > MAX_ROWS + 1:  # the header and MAX_ROWS data rows
                raise ImportFileError(f"一次最多导入 {MAX_ROWS} 行，这个文件的行数超过了。")
        table.append((number, cells))
    return table


def _read_xlsx(data):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError("无法读取这个 Excel 文件，请确认是 .xlsx 格式且没有损坏。") from exc
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(values)
    finally:
        workbook.close()


def _read_csv(data):
    # Excel on Chinese Windows saves CSV as GB18030 (GBK); elsewhere it is UTF-8, often with a BOM.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError("无法识别 CSV 文件的编码，请另存为 UTF-8 编码的 CSV。")
    reader = csv.reader(io.StringIO(text))
    number = 0
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            limit = csv.field_size_limit() // 1024
            raise ImportFileError(
                f"有一个单元格超过 {limit} KB（或引号没有配对），无法读取。", row=number
            ) from exc
        yield number, cells


# --- Checking --------------------------------------------------------------------------------------


def _text(value):
    """A cell as clean text: control characters (NUL ...) removed, whitespace collapsed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(strip_control_characters(str(value)).split())


def parse_date(value):
    """A date from a YYYY-MM-DD (or YYYY/M/D) text, an Excel date cell or an Excel day number."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _excel_serial(value)
    text = _text(value)
    match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text)
    if match:
        try:
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            return None
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        return _excel_serial(float(text))
    return None


def _excel_serial(number):
    if not 1 <= number < 2958466:
        return None
    return EXCEL_EPOCH + datetime.timedelta(days=int(number))


def parse_year(value):
    text = _text(value).removesuffix("年").removesuffix("批")
    if re.fullmatch(r"\d{4}", text) and 2000 <= int(text) <= 2100:
        return int(text)
    return None


def table_body(table, columns, required):
    """(positions, body, errors) of a spreadsheet: where each known column is, the non-empty
    data rows as (row number, cells), or the problems with the file as a whole."""
    if not table or not any(_text(cell) for cell in table[0][1]):
        return {}, [], [RowError(1, "", "文件是空的，第一行应为列名：" + "、".join(columns))]
    header_number, header = table[0]
    positions = {}
    for position, cell in enumerate(header):
        title = _text(cell)
        if title in columns and title not in positions:
            positions[title] = position
    missing = [
        RowError(header_number, c, "缺少这一列（第一行应为列名）") for c in required if c not in positions
    ]
    if missing:
        return positions, [], missing
    body = [(number, cells) for number, cells in table[1:] if any(_text(cell) for cell in cells)]
    if len(body) > MAX_ROWS:
        return (
            positions,
            [],
            [RowError(header_number, "", f"一次最多导入 {MAX_ROWS} 行，这个文件有 {len(body)} 行。")],
        )
    if not body:
        return positions, [], [RowError(header_number, "", "除了列名没有任何数据行。")]
    return positions, body, []


def check_rows(table):
    """(rows, errors): every row checked, every problem reported."""
    positions, body, errors = table_body(table, COLUMNS, REQUIRED)
    if errors:
        return [], errors

    rows = []
    seen = {}
    for number, cells in body:

        def cell(column, cells=cells):
            index = positions.get(column)
            return cells[index] if index is not None and index < len(cells) else None

        row_errors = []

        def error(column, message, number=number, row_errors=row_errors):
            row_errors.append(RowError(number, column, message))

        values = {column: _text(cell(column)) for column in COLUMNS}
        for column in REQUIRED:
            if not values[column]:
                error(column, "必填，不能为空")
        for column, limit in MAX_LENGTHS.items():
            if len(values[column]) > limit:
                error(column, f"太长了（最多 {limit} 个字，现在 {len(values[column])} 个）")

        district = find_district(values["区县"])
        if values["区县"] and not district:
            error("区县", f"“{values['区县']}”不是重庆市的区县（例如 江北区、秀山土家族苗族自治县）")
        kind = KIND_LOOKUP.get(values["类型"])
        if values["类型"] and not kind:
            error("类型", f"“{values['类型']}”不是可选的类型，可选：" + "、".join(BaseKind.labels))
        batch_year = parse_year(cell("命名批次"))
        if values["命名批次"] and batch_year is None:
            error("命名批次", f"“{values['命名批次']}”不是年份，请写成 2020 这样的四位数字")
        start = parse_date(cell("有效期开始"))
        end = parse_date(cell("有效期结束"))
        for column, parsed in (("有效期开始", start), ("有效期结束", end)):
            if values[column] and parsed is None:
                error(column, f"“{values[column]}”不是日期，请写成 2020-01-01 这样的格式")
        if start and end and end <= start:
            error("有效期结束", "必须晚于有效期开始")
        phone = values["联系电话"]
        if phone and not any(ch.isdigit() for ch in phone):
            error("联系电话", "里面没有号码")

        if values["名称"] and district:
            key = (values["名称"], district)
            if key in seen:
                error("名称", f"与第 {seen[key]} 行重复（同一区县的同名基地只能出现一次）")
            else:
                seen[key] = number

        if row_errors:
            errors.extend(row_errors)
            continue
        rows.append(
            BaseRow(
                row=number,
                name=values["名称"],
                district=district,
                kind=kind,
                address=values["地址"],
                phone=phone,
                summary=values["简介"],
                batch_year=batch_year,
                start_date=start,
                end_date=end,
                document_title=values["命名文件"],
            )
        )
    errors.extend(_check_terms_against_database(rows))
    return rows, errors


def _check_terms_against_database(rows):
    """A new term for an existing base must not overlap the terms already on record."""
    from .models import BaseTerm, InnovationBasePage

    errors = []
    for row in rows:
        base = InnovationBasePage.objects.filter(title=row.name, district=row.district).first()
        if base is None:
            continue
        terms = list(BaseTerm.objects.filter(base=base))
        if any(term.start_date == row.start_date for term in terms):
            continue  # the same term: updated in place
        for term in terms:
            if term.start_date <= row.end_date and term.end_date >= row.start_date:
                errors.append(
                    RowError(
                        row.row,
                        "有效期开始",
                        f"与这个基地已登记的有效期 {term.start_date:%Y-%m-%d} 至 "
                        f"{term.end_date:%Y-%m-%d} 重叠",
                    )
                )
                break
    return errors


# --- Writing ---------------------------------------------------------------------------------------


def _apply_row(row, index, user, result):
    from .models import BaseTerm, InnovationBasePage

    base = InnovationBasePage.objects.filter(title=row.name, district=row.district).first()
    label = f"{row.name}（{DISTRICT_NAMES[row.district]}）"
    if base is None:
        base = InnovationBasePage(
            title=row.name,
            slug=available_child_slug(index, row.name, "base"),
            district=row.district,
            kind=row.kind,
            address=row.address,
            contact_phone=row.phone,
            summary=row.summary,
            location_precision=LocationPrecision.DISTRICT,
        )
        index.add_child(instance=base)
        base.save_revision(user=user, log_action=True).publish(user=user, skip_permission_checks=True)
        result.created.append(label)
        changed = True
    else:
        updates = {
            "kind": row.kind,
            "address": row.address,
            "contact_phone": row.phone,
            "summary": row.summary,
        }
        changed = False
        for name, value in updates.items():
            if value and getattr(base, name) != value:
                setattr(base, name, value)
                changed = True
        if changed:
            base.save_revision(user=user, log_action=True).publish(user=user, skip_permission_checks=True)

    document_title = row.document_title or DEFAULT_DOCUMENT_TITLE
    term = BaseTerm.objects.filter(base=base, start_date=row.start_date).first()
    if term is None:
        BaseTerm.objects.create(
            base=base,
            batch_year=row.batch_year,
            start_date=row.start_date,
            end_date=row.end_date,
            document_title=document_title,
        )
        changed = True
        if label not in result.created:
            result.new_terms.append(f"{label}：{row.start_date:%Y-%m-%d} 至 {row.end_date:%Y-%m-%d}")
    else:
        term_updates = {"end_date": row.end_date, "batch_year": row.batch_year}
        if row.document_title:
            term_updates["document_title"] = row.document_title
        term_changed = [name for name, value in term_updates.items() if getattr(term, name) != value]
        if term_changed:
            for name in term_changed:
                setattr(term, name, term_updates[name])
            term.save(update_fields=term_changed)
            changed = True
    if label in result.created:
        return
    (result.updated if changed else result.unchanged).append(label)


def run_import(uploaded, columns, check, apply, index, user=None):
    """The import rules every spreadsheet import shares: check the whole file first (every bad
    row reported by row and column, in file order), then apply all rows in one transaction, or
    nothing if anything is wrong. `check(table)` returns (rows, errors); `apply(row, index,
    user, result)` creates or updates one object."""
    result = ImportResult()
    try:
        table = read_table(uploaded)
    except ImportFileError as exc:
        result.errors.append(RowError(exc.row or 1, "", str(exc)))
        return result
    rows, errors = check(table)
    if errors:
        result.errors = sorted(
            errors, key=lambda e: (e.row, columns.index(e.column) if e.column in columns else -1)
        )
        return result
    with transaction.atomic():
        for row in rows:
            apply(row, index, user, result)
    return result


def import_bases(uploaded, index, user=None):
    """Import bases from an .xlsx or .csv upload (see run_import for the rules)."""
    return run_import(uploaded, COLUMNS, check_rows, _apply_row, index, user)


def template_csv():
    """A CSV an editor can fill in: the header and one example row."""
    return csv_text(
        [
            COLUMNS,
            [
                "示例小学",
                "江北区",
                "小学",
                "",
                "023-00000000",
                "一句话简介",
                "2020",
                "2020-01-01",
                "2024-12-31",
                DEFAULT_DOCUMENT_TITLE,
            ],
        ]
    )
