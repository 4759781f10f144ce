"""CSV and Excel files for tests, written once: uploads to build, downloads to read.

Downloads are read as Excel on Chinese Windows would need them: a CSV must start with the UTF-8
byte-order mark (csv_rows asserts it)."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

BOM = "\ufeff".encode()


def csv_upload(rows, header, name="upload.csv", encoding="utf-8-sig", quote_all=False):
    """An uploaded CSV file: the header, then the rows, in the given encoding."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n", quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerows([header, *rows])
    return SimpleUploadedFile(name, text.getvalue().encode(encoding), content_type="text/csv")


def xlsx_upload(rows, header, name="upload.xlsx"):
    """An uploaded Excel workbook: the header, then the rows, on its first sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return SimpleUploadedFile(name, output.getvalue())


def body(response):
    """The bytes of a download, streamed or not."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_text(response):
    """The text of a CSV download, which starts with the byte-order mark (removed here)."""
    content = body(response)
    assert content.startswith(BOM), content[:20]
    return content.decode("utf-8-sig")


def csv_rows(response):
    """The rows of a CSV download, as lists of strings."""
    return list(csv.reader(io.StringIO(csv_text(response))))


def xlsx_rows(response, min_row=1):
    """The rows of an Excel download's first sheet, as tuples of values."""
    return list(load_workbook(io.BytesIO(body(response))).active.iter_rows(min_row=min_row, values_only=True))


def xlsx_sheet(response):
    """The first sheet of an Excel download (for cell types)."""
    return load_workbook(io.BytesIO(body(response))).active
