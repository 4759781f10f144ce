"""Sign-ups of one event as CSV (UTF-8 with a byte order mark, for Excel on Chinese Windows) or
XLSX (openpyxl). Formula-safe: a cell that starts with = + - @ or a tab or carriage return is
prefixed with an apostrophe, so a spreadsheet never runs what a parent typed (the project's one
helper, home.security.exports)."""

import io

from django.utils import timezone
from openpyxl import Workbook

from home.security.exports import csv_text, safe_csv_cell

HEADINGS = ["报名码", "家长姓名", "手机号", "成人", "儿童", "孩子年龄段", "状态", "报名时间", "签到时间"]


def _time(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def rows(signups):
    for s in signups:
        yield [
            s.code,
            s.name,
            s.mobile,
            s.adults,
            s.children,
            s.age_stage.name if s.age_stage_id else "",
            s.get_status_display(),
            _time(s.created_at),
            _time(s.attended_at),
        ]


def as_csv(signups):
    return csv_text([HEADINGS, *rows(signups)]).encode("utf-8")


def rows_as_csv(rows):
    return csv_text(rows).encode("utf-8")


def as_xlsx(signups, title):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "报名名单"
    sheet.append([safe_csv_cell(title)])
    sheet.append(HEADINGS)
    for row in rows(signups):
        sheet.append([safe_csv_cell(cell) for cell in row])
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # always text, never a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
