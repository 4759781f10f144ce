"""Bulk import of bases from a spreadsheet (.xlsx or .csv), for city editors.

Rules (bases.imports.core):
- Every row is checked first; each problem is reported as "第 N 行，“列名”：原因" (N is the
  row number the editor sees in Excel, the header being row 1).
- A file with any problem imports nothing (one transaction).
- A base is matched by name and district: importing the same file again updates it instead
  of adding a duplicate. Empty cells leave what is there; a term with other dates is added as
  a new term (a base named again), and the earlier ones stay on record.

Columns: 名称, 区县, 类型, 地址, 联系电话, 简介, 命名批次, 有效期开始, 有效期结束 and, optionally,
命名文件 (the title of the naming document). A row is one form (``BaseRowForm``); the rules of
the base and its term (lengths, a phone with a number, a term that ends after it starts and
overlaps no other term of the base) are the models' own.
"""

import datetime
from dataclasses import dataclass

from home.base_page import available_child_slug
from home.security.exports import csv_text

from ..choices import BaseKind, LocationPrecision
from ..districts import DISTRICT_NAMES
from ..models import BaseTerm, InnovationBasePage
from . import core
from .core import (  # noqa: F401  (the import's public names, used by its callers and tests)
    MAX_ROWS,
    ImportFileError,
    LookupColumn,
    RowError,
    RowForm,
    add_published,
    district_column,
    model_column,
    parse_date,
    parse_year,
    publish,
    run_import,
)

DEFAULT_DOCUMENT_TITLE = "关于命名重庆市家庭教育创新实践基地的通知"
KIND_LOOKUP = {label: value for value, label in BaseKind.choices} | {
    value: value for value in BaseKind.values
}
NOT_A_DATE = "“%(value)s”不是日期，请写成 2020-01-01 这样的格式"


class BaseRowForm(RowForm):
    """One row of the bases' spreadsheet: a base and the term it was named for."""

    title = model_column(InnovationBasePage, "title", "名称", required=True)
    district = district_column(required=True)
    kind = LookupColumn(
        KIND_LOOKUP.get,
        "“%(value)s”不是可选的类型，可选：" + "、".join(BaseKind.labels),
        label="类型",
        required=True,
    )
    address = model_column(InnovationBasePage, "address", "地址")
    contact_phone = model_column(InnovationBasePage, "contact_phone", "联系电话")
    summary = model_column(InnovationBasePage, "summary", "简介")
    batch_year = LookupColumn(
        parse_year,
        "“%(value)s”不是年份，请写成 2020 这样的四位数字",
        raw=True,
        label="命名批次",
        required=True,
    )
    start_date = LookupColumn(parse_date, NOT_A_DATE, raw=True, label="有效期开始", required=True)
    end_date = LookupColumn(parse_date, NOT_A_DATE, raw=True, label="有效期结束", required=True)
    document_title = model_column(BaseTerm, "document_title", "命名文件")

    duplicate_message = "与第 {row} 行重复（同一区县的同名基地只能出现一次）"

    def instances(self):
        base = InnovationBasePage(
            **self.filled("title", "district", "kind", "address", "contact_phone", "summary")
        )
        term = BaseTerm(**self.filled("batch_year", "start_date", "end_date", "document_title"))
        key = self.key()
        existing = InnovationBasePage.objects.filter(title=key[0], district=key[1]).first() if key else None
        if existing is not None:
            # The term is checked against the base's terms on record; one with the same start
            # date is that term, updated in place.
            term.base_id = existing.pk
            same = BaseTerm.objects.filter(base=existing, start_date=term.start_date).first()
            term.pk = same.pk if same else None
        return [base, term]


COLUMNS = BaseRowForm.column_titles()
REQUIRED = [column.label for column in BaseRowForm.base_fields.values() if column.required]


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


def check_rows(table):
    """(rows, errors): every row checked, every problem reported."""
    forms, errors = core.check_rows(table, BaseRowForm)
    rows = [
        BaseRow(
            row=form.row,
            name=form.cleaned_data["title"],
            district=form.cleaned_data["district"],
            kind=form.cleaned_data["kind"],
            address=form.cleaned_data["address"],
            phone=form.cleaned_data["contact_phone"],
            summary=form.cleaned_data["summary"],
            batch_year=form.cleaned_data["batch_year"],
            start_date=form.cleaned_data["start_date"],
            end_date=form.cleaned_data["end_date"],
            document_title=form.cleaned_data["document_title"],
        )
        for form in forms
    ]
    return rows, errors


# --- Writing ---------------------------------------------------------------------------------------


def _apply_row(row, index, user, result):
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
        add_published(index, base, user)
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
            publish(base, user)

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
