"""The spreadsheet import framework every import shares (bases, practice sites):

- reading an .xlsx or .csv upload, bounded in bytes and rows (``read_table``);
- one Django form per row (``RowForm``): a field per column, named by the column's title, so
  each problem is reported as "第 N 行，“列名”：原因" (N is the row number the editor sees in
  Excel, the header being row 1). The model's own rules are not written again here: lengths and
  validators come from the model fields (``model_column``), and the model's cross-field checks
  (``collect_errors``) run on the row (``RowForm.instances``);
- every row is checked first, and a file with any problem imports nothing (``run_import``, one
  transaction); a row is matched by name and district, so importing again updates it.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction

from home.security.exports import strip_control_characters

from ..districts import find_district

MAX_ROWS = 2000
MAX_READ_ROWS = 10 * MAX_ROWS  # blank rows included
MAX_FILE_BYTES = 5 * 1024 * 1024
EXCEL_EPOCH = datetime.date(1899, 12, 30)  # Excel's day 0 (it counts 1900 as a leap year)
REQUIRED_MESSAGE = "必填，不能为空"
TOO_LONG_MESSAGE = "太长了（最多 %(limit_value)d 个字，现在 %(show_value)d 个）"


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
        if any(cell_text(cell) for cell in cells):
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


# --- Cells ---------------------------------------------------------------------------------------


def cell_text(value):
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
    text = cell_text(value)
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
    text = cell_text(value).removesuffix("年").removesuffix("批")
    if re.fullmatch(r"\d{4}", text) and 2000 <= int(text) <= 2100:
        return int(text)
    return None


def publish(page, user):
    """Publish ``page`` as ``user`` (an editor's import: logged, no workflow)."""
    page.save_revision(user=user, log_action=True).publish(user=user, skip_permission_checks=True)


def add_published(index, page, user):
    index.add_child(instance=page)
    publish(page, user)


# --- One form per row ------------------------------------------------------------------------------


class TextColumn(forms.CharField):
    """A cell as clean text (see _text); empty is ""."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        messages = {"required": REQUIRED_MESSAGE, "max_length": TOO_LONG_MESSAGE}
        super().__init__(error_messages=messages | kwargs.pop("error_messages", {}), **kwargs)

    def to_python(self, value):
        return cell_text(value)


class LookupColumn(forms.Field):
    """A cell turned into a value by ``lookup(text)`` (or ``lookup(cell)`` with ``raw``, for
    Excel's date and number cells); None from it is not a valid value, reported with
    ``invalid`` (%(value)s: the cell's text). An empty cell is None."""

    def __init__(self, lookup, invalid, raw=False, **kwargs):
        kwargs.setdefault("required", False)
        messages = {"required": REQUIRED_MESSAGE, "invalid": invalid} | kwargs.pop("error_messages", {})
        super().__init__(error_messages=messages, **kwargs)
        self.lookup = lookup
        self.raw = raw

    def to_python(self, value):
        text = cell_text(value)
        if not text:
            return None
        result = self.lookup(value if self.raw else text)
        if result is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid", params={"value": text})
        return result


def district_column(label="区县", **kwargs):
    return LookupColumn(
        find_district,
        "“%(value)s”不是重庆市的区县（例如 江北区、秀山土家族苗族自治县）",
        label=label,
        **kwargs,
    )


def model_column(model, name, label, **kwargs):
    """A text column checked by the model field's own length."""
    return TextColumn(label=label, max_length=model._meta.get_field(name).max_length, **kwargs)


class RowForm(forms.Form):
    """One spreadsheet row: a field per column, whose label is the column's title.

    A field named like a model field takes the model's rules: ``instances()`` builds the row's
    unsaved model instances and their ``collect_errors()`` (the model's cross-field checks) are
    reported on the row's columns. ``key_fields`` make a row unique within a file."""

    key_fields = ("title", "district")
    duplicate_message = "与第 {row} 行重复"

    def __init__(self, data, **context):
        super().__init__(data)
        self.context = context

    @classmethod
    def column_titles(cls):
        return [column.label for column in cls.base_fields.values()]

    def filled(self, *names):
        """{name: value} of the filled-in, valid columns among ``names``."""
        values = {name: self.cleaned_data.get(name) for name in names}
        return {name: value for name, value in values.items() if value not in (None, "")}

    def instances(self):
        """The row's unsaved model instances, from the values that passed their columns."""
        return []

    def clean(self):
        cleaned = super().clean()
        for instance in self.instances():
            for name, message in instance.collect_errors().items():
                if name not in self.fields:
                    self.add_error(None, message)
                elif name not in self.errors:
                    self.add_error(name, message)
        return cleaned

    def key(self):
        values = tuple(self.cleaned_data.get(name) for name in self.key_fields)
        return values if all(values) else None


def table_body(table, columns, required):
    """(positions, body, errors) of a spreadsheet: where each known column is, the non-empty
    data rows as (row number, cells), or the problems with the file as a whole."""
    if not table or not any(cell_text(cell) for cell in table[0][1]):
        return {}, [], [RowError(1, "", "文件是空的，第一行应为列名：" + "、".join(columns))]
    header_number, header = table[0]
    positions = {}
    for position, cell in enumerate(header):
        title = cell_text(cell)
        if title in columns and title not in positions:
            positions[title] = position
    missing = [
        RowError(header_number, c, "缺少这一列（第一行应为列名）") for c in required if c not in positions
    ]
    if missing:
        return positions, [], missing
    body = [(number, cells) for number, cells in table[1:] if any(cell_text(cell) for cell in cells)]
    if len(body) > MAX_ROWS:
        return (
            positions,
            [],
            [RowError(header_number, "", f"一次最多导入 {MAX_ROWS} 行，这个文件有 {len(body)} 行。")],
        )
    if not body:
        return positions, [], [RowError(header_number, "", "除了列名没有任何数据行。")]
    return positions, body, []


def check_rows(table, form_class, **context):
    """(forms, errors): a valid form per row, or every problem of every row."""
    titles = form_class.column_titles()
    names = {column.label: name for name, column in form_class.base_fields.items()}
    required = [column.label for column in form_class.base_fields.values() if column.required]
    positions, body, errors = table_body(table, titles, required)
    if errors:
        return [], errors
    valid = []
    seen = {}
    for number, cells in body:
        data = {
            names[title]: cells[position] if position < len(cells) else None
            for title, position in positions.items()
        }
        form = form_class(data, **context)
        form.row = number
        form.is_valid()
        key = form.key()
        if key is not None:
            if key in seen:
                form.add_error(form.key_fields[0], form.duplicate_message.format(row=seen[key]))
            else:
                seen[key] = number
        if form.errors:
            for name, messages in form.errors.items():
                title = form.fields[name].label if name in form.fields else ""
                errors.extend(RowError(number, title, message) for message in messages)
        else:
            valid.append(form)
    return valid, errors


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
