"""Spreadsheet downloads that are safe to open: every CSV and XLSX the site writes goes through here.

- **Formula injection**: a CSV cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return is read as a formula by Excel and WPS (``=HYPERLINK(...)``, ``=cmd|...``). Such
  text (search terms, imported names) is written with a leading apostrophe, which spreadsheets
  show as plain text. XLSX cells are typed, so they need no escaping.
- **Control characters** (NUL and the other C0 characters but tab, line feed and carriage return)
  are removed from every exported text: openpyxl refuses them, and one bad name would break the
  XLSX download for everyone.
- **Encoding**: UTF-8 with a byte order mark, so Excel on Chinese Windows reads the CSV as UTF-8.
"""

import csv
import io
import re

from wagtail.admin.views.mixins import SpreadsheetExportMixin

BOM = "\ufeff"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_control_characters(text):
    return CONTROL_CHARACTERS.sub("", text)


def safe_csv_cell(value):
    """The value as a CSV cell: control characters removed, formulas neutralised."""
    if not isinstance(value, str):
        return value
    value = strip_control_characters(value)
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_text(rows):
    """A whole CSV document (str, with the byte order mark) from rows of cells."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([safe_csv_cell(cell) for cell in row])
    return out.getvalue()


class SafeSpreadsheetExportMixin(SpreadsheetExportMixin):
    """For Wagtail report and index views with ``list_export``: the rules above on every cell."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return safe_csv_cell(value)
        if isinstance(value, str):
            return strip_control_characters(value)
        return value

    def stream_csv(self, queryset):
        yield BOM
        yield from super().stream_csv(queryset)
