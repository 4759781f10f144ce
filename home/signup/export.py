"""Sign-ups of one event as CSV (UTF-8 with a byte order mark, for Excel on Chinese Windows) or
XLSX (openpyxl). Formula-safe: a cell that starts with = + - @ or a tab or carriage return is
prefixed with an apostrophe, so a spreadsheet never runs what a parent typed."""

import csv
import io

from django.utils import timezone
from openpyxl import Workbook

from .models import TZ

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")

HEADINGS = ["报名码", "家长姓名", "手机号", "成人", "儿童", "孩子年龄段", "状态", "报名时间", "签到时间"]


def safe_cell(value):
    if isinstance(value, str) and value.startswith(DANGEROUS_START):
        return "'" + value
    return value


def _time(value):
    return timezone.localtime(value, TZ).strftime("%Y-%m-%d %H:%M") if value else ""


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
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(HEADINGS)
    for row in rows(signups):
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")


def rows_as_csv(rows):
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")


def as_xlsx(signups, title):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "报名名单"
    sheet.append([safe_cell(title)])
    sheet.append(HEADINGS)
    for row in rows(signups):
        sheet.append([safe_cell(cell) for cell in row])
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # always text, never a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
