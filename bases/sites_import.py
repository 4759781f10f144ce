"""Bulk import of practice sites from a spreadsheet (.xlsx or .csv), for city editors.

The same rules as the bases' import (bases.importer, whose reading and error reporting this
reuses):
- Every row is checked first; each problem is reported as "第 N 行，“列名”：原因" (N is the row
  number the editor sees in Excel, the header being row 1).
- A file with any problem imports nothing (one transaction).
- A site is matched by name and district: importing the same file again updates it instead
  of adding a duplicate; a name and district twice in one file is an error. Empty cells leave
  what is there.

Columns: 名称, 类别, 区县 (required), 地址, 纬度, 经度, 位置精度, 所属单位, 联系电话, 开放说明, 需要预约,
无障碍, 适合年龄段. Coordinates are GCJ-02, as 高德 or 腾讯 maps show them; without them a site is
placed at its district. Open days are entered on each site's page.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from home.base_page import available_child_slug
from home.security.exports import csv_text

from .choices import LocationPrecision
from .districts import DISTRICT_NAMES, find_district
from .importer import RowError, _text, run_import, table_body
from .mixins import LATITUDE_RANGE, LONGITUDE_RANGE

COLUMNS = [
    "名称",
    "类别",
    "区县",
    "地址",
    "纬度",
    "经度",
    "位置精度",
    "所属单位",
    "联系电话",
    "开放说明",
    "需要预约",
    "无障碍",
    "适合年龄段",
]
REQUIRED = ["名称", "类别", "区县"]
MAX_LENGTHS = {"名称": 255, "地址": 200, "所属单位": 120, "联系电话": 40, "开放说明": 300}
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


@dataclass
class SiteRow:
    row: int
    name: str
    category: object
    district: str
    values: dict  # field name -> value, only for cells that were filled in
    age_stages: list | None  # None: leave as is


def parse_flag(text):
    """True / False for 是/否 and the usual variants, None when it is neither."""
    value = text.strip().lower()
    if value in YES:
        return True
    if value in NO:
        return False
    return None


def parse_coordinate(text, bounds):
    try:
        value = Decimal(text.replace("°", "").strip())
    except InvalidOperation:
        return None, "不是数字，请写成 29.556742 这样的小数"
    if not value.is_finite():
        return None, "不是数字，请写成 29.556742 这样的小数"
    if not bounds[0] <= value <= bounds[1]:
        return None, f"不在重庆市范围内（应在 {bounds[0]} 到 {bounds[1]} 之间），请检查是否把纬度和经度写反了"
    return value.quantize(Decimal("0.000001")), None


def check_rows(table):
    """(rows, errors): every row checked, every problem reported."""
    from resources.models import AgeStage

    from .sites import SiteCategory

    category_list = list(SiteCategory.objects.all())
    categories = {c.slug: c for c in category_list} | {c.name: c for c in category_list}
    category_names = "、".join(c.name for c in category_list) or "（还没有类别，请先在“点位类别”中添加）"
    stage_list = list(AgeStage.objects.all())
    stages = {s.slug: s for s in stage_list} | {s.name: s for s in stage_list}
    stage_names = "、".join(s.name for s in stage_list)

    positions, body, errors = table_body(table, COLUMNS, REQUIRED)
    if errors:
        return [], errors

    rows = []
    seen = {}
    for number, cells in body:
        row_errors = []

        def error(column, message, number=number, row_errors=row_errors):
            row_errors.append(RowError(number, column, message))

        def raw(column, cells=cells):
            position = positions.get(column)
            return cells[position] if position is not None and position < len(cells) else None

        text = {column: _text(raw(column)) for column in COLUMNS}
        for column in REQUIRED:
            if not text[column]:
                error(column, "必填，不能为空")
        for column, limit in MAX_LENGTHS.items():
            if len(text[column]) > limit:
                error(column, f"太长了（最多 {limit} 个字，现在 {len(text[column])} 个）")

        category = categories.get(text["类别"])
        if text["类别"] and category is None:
            error("类别", f"“{text['类别']}”不是已有的点位类别，可选：{category_names}")
        district = find_district(text["区县"])
        if text["区县"] and not district:
            error("区县", f"“{text['区县']}”不是重庆市的区县（例如 渝中区、秀山土家族苗族自治县）")

        values = {}
        for column, name in (("地址", "address"), ("所属单位", "organisation"), ("开放说明", "visit_notes")):
            if text[column]:
                values[name] = text[column]
        phone = text["联系电话"]
        if phone:
            if any(ch.isdigit() for ch in phone):
                values["contact_phone"] = phone
            else:
                error("联系电话", "里面没有号码")

        latitude = longitude = None
        for column, bounds in (("纬度", LATITUDE_RANGE), ("经度", LONGITUDE_RANGE)):
            if text[column]:
                value, problem = parse_coordinate(text[column], bounds)
                if problem:
                    error(column, f"“{text[column]}”{problem}")
                elif column == "纬度":
                    latitude = value
                else:
                    longitude = value
        if bool(text["纬度"]) != bool(text["经度"]):
            missing = "经度" if text["纬度"] else "纬度"
            error(missing, "纬度和经度要同时填写，或者都留空")
        precision = None
        if text["位置精度"]:
            precision = PRECISIONS.get(text["位置精度"].lower())
            if precision is None:
                error("位置精度", f"“{text['位置精度']}”不是可选的值，可选：精确位置、仅精确到区县")
        if latitude is not None and longitude is not None:
            values.update(latitude=latitude, longitude=longitude)
            values["location_precision"] = precision or LocationPrecision.EXACT
        elif precision == LocationPrecision.EXACT and not (text["纬度"] or text["经度"]):
            error("位置精度", "选择“精确位置”时必须填写纬度和经度；没有核实过的坐标请写“仅精确到区县”")
        elif precision == LocationPrecision.DISTRICT:
            values.update(location_precision=precision, latitude=None, longitude=None)

        for column, name in (("需要预约", "appointment_required"), ("无障碍", "barrier_free")):
            if text[column]:
                flag = parse_flag(text[column])
                if flag is None:
                    error(column, f"“{text[column]}”请写“是”或“否”")
                else:
                    values[name] = flag

        age_stages = None
        if text["适合年龄段"]:
            age_stages = []
            for part in re.split(LIST_SEPARATORS, text["适合年龄段"]):
                if not part:
                    continue
                stage = stages.get(part)
                if stage is None:
                    error("适合年龄段", f"“{part}”不是可选的年龄段，可选：{stage_names}")
                elif stage not in age_stages:
                    age_stages.append(stage)

        if text["名称"] and district:
            key = (text["名称"], district)
            if key in seen:
                error("名称", f"与第 {seen[key]} 行重复（同一区县的同名点位只能出现一次）")
            else:
                seen[key] = number

        if row_errors:
            errors.extend(row_errors)
            continue
        rows.append(SiteRow(number, text["名称"], category, district, values, age_stages))
    return rows, errors


def _apply_row(row, index, user, result):
    from .sites import PracticeSitePage

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
        index.add_child(instance=site)
        site.save_revision(user=user, log_action=True).publish(user=user, skip_permission_checks=True)
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
        site.save_revision(user=user, log_action=True).publish(user=user, skip_permission_checks=True)
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
