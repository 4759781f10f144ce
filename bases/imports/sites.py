"""Bulk import of practice sites from a spreadsheet (.xlsx or .csv), for city editors.

The same rules as the bases' import (bases.imports.core):
- Every row is checked first; each problem is reported as "第 N 行，“列名”：原因" (N is the row
  number the editor sees in Excel, the header being row 1).
- A file with any problem imports nothing (one transaction).
- A site is matched by name and district: importing the same file again updates it instead
  of adding a duplicate; a name and district twice in one file is an error. Empty cells leave
  what is there.

Columns: 名称, 类别, 区县 (required), 地址, 纬度, 经度, 位置精度, 所属单位, 联系电话, 开放说明, 需要预约,
无障碍, 适合年龄段. Coordinates are GCJ-02, as 高德 or 腾讯 maps show them; without them a site is
placed at its district. Open days are entered on each site's page. A row is one form
(``SiteRowForm``); lengths, Chongqing's bounds, a phone with a number and a location that is
complete are the model's own rules.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator

from home.base_page import available_child_slug
from home.security.exports import csv_text

from ..choices import LocationPrecision
from ..districts import DISTRICT_NAMES
from ..models.sites import PracticeSitePage, SiteCategory, age_stages
from . import core
from .core import (
    LookupColumn,
    RowForm,
    add_published,
    district_column,
    model_column,
    publish,
    run_import,
)

YES = {"是", "需要", "有", "y", "yes", "true", "1", "√"}
NO = {"否", "不需要", "无需", "无", "没有", "n", "no", "false", "0", "×"}
PRECISIONS = {
    "精确位置": LocationPrecision.EXACT,
    "精确": LocationPrecision.EXACT,
    "exact": LocationPrecision.EXACT,
    "仅精确到区县": LocationPrecision.DISTRICT,
    "区县": LocationPrecision.DISTRICT,
    "district": LocationPrecision.DISTRICT,
}
LIST_SEPARATORS = r"[、，,；;\s]+"  # not "/": it is part of 高中/中职


def parse_flag(text):
    """True / False for 是/否 and the usual variants, None when it is neither."""
    value = text.strip().lower()
    if value in YES:
        return True
    if value in NO:
        return False
    return None


def parse_decimal(text):
    try:
        value = Decimal(text.replace("°", "").strip())
    except InvalidOperation:
        return None
    return value.quantize(Decimal("0.000001")) if value.is_finite() else None


def coordinate_column(name, label):
    """A coordinate checked by the model field's validators (Chongqing's bounds)."""
    validators = PracticeSitePage._meta.get_field(name).validators
    low = next(v.limit_value for v in validators if isinstance(v, MinValueValidator))
    high = next(v.limit_value for v in validators if isinstance(v, MaxValueValidator))
    outside = f"“%(value)s”不在重庆市范围内（应在 {low} 到 {high} 之间），请检查是否把纬度和经度写反了"
    return LookupColumn(
        parse_decimal,
        "“%(value)s”不是数字，请写成 29.556742 这样的小数",
        label=label,
        validators=validators,
        error_messages={"min_value": outside, "max_value": outside},
    )


class AgeStagesColumn(forms.Field):
    """Age stages by name or slug, separated by 、 or commas; None when the cell is empty."""

    def to_python(self, value):
        text = core.cell_text(value)
        if not text:
            return None
        known = self.stages
        chosen, problems = [], []
        for part in re.split(LIST_SEPARATORS, text):
            if not part:
                continue
            stage = known.get(part)
            if stage is None:
                problems.append(
                    ValidationError(
                        f"“{part}”不是可选的年龄段，可选：" + "、".join(s.name for s in self.stage_list)
                    )
                )
            elif stage not in chosen:
                chosen.append(stage)
        if problems:
            raise ValidationError(problems)
        return chosen


class SiteRowForm(RowForm):
    """One row of the practice sites' spreadsheet."""

    title = model_column(PracticeSitePage, "title", "名称", required=True)
    category = LookupColumn(None, "", label="类别", required=True)
    district = district_column(required=True)
    address = model_column(PracticeSitePage, "address", "地址")
    latitude = coordinate_column("latitude", "纬度")
    longitude = coordinate_column("longitude", "经度")
    location_precision = LookupColumn(
        lambda text: PRECISIONS.get(text.lower()),
        "“%(value)s”不是可选的值，可选：精确位置、仅精确到区县",
        label="位置精度",
    )
    organisation = model_column(PracticeSitePage, "organisation", "所属单位")
    contact_phone = model_column(PracticeSitePage, "contact_phone", "联系电话")
    visit_notes = model_column(PracticeSitePage, "visit_notes", "开放说明")
    appointment_required = LookupColumn(parse_flag, "“%(value)s”请写“是”或“否”", label="需要预约")
    barrier_free = LookupColumn(parse_flag, "“%(value)s”请写“是”或“否”", label="无障碍")
    age_stages = AgeStagesColumn(label="适合年龄段", required=False)

    duplicate_message = "与第 {row} 行重复（同一区县的同名点位只能出现一次）"

    def __init__(self, data, categories=(), stages=()):
        super().__init__(data)
        by_name = {c.slug: c for c in categories} | {c.name: c for c in categories}
        names = "、".join(c.name for c in categories) or "（还没有类别，请先在“点位类别”中添加）"
        self.fields["category"].lookup = by_name.get
        self.fields["category"].error_messages["invalid"] = (
            "“%(value)s”不是已有的点位类别，可选：" + names.replace("%", "%%")
        )
        self.fields["age_stages"].stages = {s.slug: s for s in stages} | {s.name: s for s in stages}
        self.fields["age_stages"].stage_list = stages

    def location(self):
        """The location fields the row sets: a point (exact unless said otherwise), or "only the
        district" (which clears the point), or nothing."""
        point = self.filled("latitude", "longitude")
        precision = self.cleaned_data.get("location_precision")
        if len(point) == 2:
            return {**point, "location_precision": precision or LocationPrecision.EXACT}
        if precision == LocationPrecision.DISTRICT:
            return {"location_precision": precision, "latitude": None, "longitude": None}
        if precision == LocationPrecision.EXACT and not (
            self.data.get("latitude") or self.data.get("longitude")
        ):
            return {"location_precision": precision}  # the model says what is missing
        return point

    def instances(self):
        return [
            PracticeSitePage(
                **self.filled("title", "district", "address", "organisation", "contact_phone", "visit_notes"),
                **self.location(),
            )
        ]


COLUMNS = SiteRowForm.column_titles()
REQUIRED = [column.label for column in SiteRowForm.base_fields.values() if column.required]


@dataclass
class SiteRow:
    row: int
    name: str
    category: object
    district: str
    values: dict  # field name -> value, only for cells that were filled in
    age_stages: list | None  # None: leave as is


def check_rows(table):
    """(rows, errors): every row checked, every problem reported."""
    forms_, errors = core.check_rows(
        table, SiteRowForm, categories=list(SiteCategory.objects.all()), stages=list(age_stages())
    )
    rows = []
    for form in forms_:
        values = {
            **form.filled("address", "organisation", "contact_phone", "visit_notes"),
            **form.location(),
        }
        for name in ("appointment_required", "barrier_free"):
            if form.cleaned_data.get(name) is not None:
                values[name] = form.cleaned_data[name]
        rows.append(
            SiteRow(
                form.row,
                form.cleaned_data["title"],
                form.cleaned_data["category"],
                form.cleaned_data["district"],
                values,
                form.cleaned_data.get("age_stages"),
            )
        )
    return rows, errors


def _apply_row(row, index, user, result):
    label = f"{row.name}（{DISTRICT_NAMES[row.district]}）"
    site = PracticeSitePage.objects.filter(title=row.name, district=row.district).first()
    if site is None:
        site = PracticeSitePage(
            title=row.name,
            slug=available_child_slug(index, row.name, "site"),
            district=row.district,
            category=row.category,
            location_precision=LocationPrecision.DISTRICT,
        )
        for name, value in row.values.items():
            setattr(site, name, value)
        if row.age_stages is not None:
            site.age_stages = row.age_stages
        add_published(index, site, user)
        result.created.append(label)
        return

    changed = False
    updates = {"category": row.category, **row.values}
    for name, value in updates.items():
        if getattr(site, name) != value:
            setattr(site, name, value)
            changed = True
    if row.age_stages is not None:
        current = {stage.pk for stage in site.age_stages.all()}
        if current != {stage.pk for stage in row.age_stages}:
            site.age_stages = row.age_stages
            changed = True
    if changed:
        publish(site, user)
        result.updated.append(label)
    else:
        result.unchanged.append(label)


def import_sites(uploaded, index, user=None):
    """Import practice sites from an .xlsx or .csv upload (same rules as bases: run_import)."""
    return run_import(uploaded, COLUMNS, check_rows, _apply_row, index, user)


def template_csv():
    """A CSV an editor can fill in: the header and one example row."""
    return csv_text(
        [
            COLUMNS,
            [
                "示例科技馆",
                "企业科技馆",
                "渝中区",
                "",
                "",
                "",
                "仅精确到区县",
                "示例公司",
                "023-00000000",
                "每月第二个周六开放，需提前预约",
                "是",
                "是",
                "小学、初中",
            ],
        ]
    )
