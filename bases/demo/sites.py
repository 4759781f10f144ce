"""Demo practice sites for `manage.py load_demo_content`: the map page, the categories, the 19
sites named in the source documents (bases/demo/sites_content.py) at district level, and sample
open days (示例) in the current semester. Idempotent like the rest of the loader: it adds only
what is missing and never changes a page, category or open day that exists.

Recipe: edit bases/demo/sites_content.py and run `make demo` on a fresh database."""

import datetime

from django.db.models import Q
from django.utils import timezone

from ..choices import LocationPrecision
from ..models.sites import OpenDay, PracticeSiteIndexPage, PracticeSitePage, SiteCategory, age_stages
from ..sites import semester as semesters
from . import sites_content

SIGN_UP = {True: "请提前向点位咨询预约方式（示例）", False: "无需报名，开放时间内直接前往（示例）"}
TIMES = [(datetime.time(9, 30), datetime.time(11, 30)), (datetime.time(14, 30), datetime.time(16, 30))]


def open_day_dates(count, now, site_number):
    """``count`` weekend dates spread over what is left of the counting semester (from today,
    or from its first day during the August holiday); Saturdays for even-numbered sites,
    Sundays for odd ones, so that not every site opens on the same day."""
    semester = semesters.counting_semester(now)
    first = max(semesters.local_date(now), semester.start)
    span = (semester.end - first).days + 1
    weekday = 5 + site_number % 2
    dates = []
    for position in range(count):
        day = first + datetime.timedelta(days=(position + 1) * span // (count + 1))
        weekend = day + datetime.timedelta(days=(weekday - day.weekday()) % 7)
        if weekend > semester.end:
            weekend -= datetime.timedelta(days=7)
        dates.append(weekend if weekend >= first else day)
    return dates


def sample_open_days(item, now, site_number, activities):
    days = []
    for position, day in enumerate(open_day_dates(item["open_days"], now, site_number)):
        title, audience = activities[position % len(activities)]
        start_time, end_time = TIMES[(site_number + position) % len(TIMES)]
        days.append(
            OpenDay(
                title=title,
                starts_at=timezone.make_aware(datetime.datetime.combine(day, start_time)),
                ends_at=timezone.make_aware(datetime.datetime.combine(day, end_time)),
                audience=audience,
                capacity=20 + 10 * ((site_number + position) % 3),
                sign_up=SIGN_UP[item.get("appointment_required", True)],
                is_example=True,
                sort_order=position,
            )
        )
    return days


def load_sites(report, home, content=None, now=None, *, records):
    """Create /map/ under ``home`` and whatever demo categories and sites were never created
    (``records``: what the demo has created before, given by the orchestrating loader
    (home.demo.records.DemoRecords); what an editor deleted stays deleted)."""
    if content is None:
        content = sites_content
    now = now or timezone.now()

    categories = {}
    for order, (slug, name, description) in enumerate(content.CATEGORIES):
        category = SiteCategory.objects.filter(Q(slug=slug) | Q(name=name)).first()
        key = f"category:{slug}"
        if category is None and not records.seen(key):
            category = SiteCategory.objects.create(
                slug=slug, name=name, description=description, sort_order=order
            )
            report.add(f"点位类别：{name}")
        else:
            report.kept += 1
        records.remember(key)
        if category is not None:
            categories[slug] = category

    index = report.ensure_child(home, PracticeSiteIndexPage, **content.INDEX)

    stages = {stage.slug: stage for stage in age_stages()}
    existing = set(PracticeSitePage.objects.child_of(index).values_list("slug", flat=True))
    for number, item in enumerate(content.SITES):
        key = f"site:{item['slug']}"
        category = categories.get(item["category"])
        if item["slug"] in existing or records.seen(key):
            records.remember(key)
            report.kept += 1
            continue
        if category is None:  # an editor deleted its category
            continue
        site = PracticeSitePage(
            title=item["title"],
            slug=item["slug"],
            district=item["district"],
            category=category,
            organisation=item.get("organisation", ""),
            summary=f"{item['source']}列出的{category.name}类实践点位。{item['about']}",
            introduction=(
                f"<p>{item['about']}</p>"
                f"<p>这个点位出自{item['source']}。地址、开放时间和预约方式尚未核实，"
                "出发前请先向点位确认；下面的开放日是示例。</p>"
            ),
            visit_notes="开放时间和预约方式以点位公布为准；本页开放日为示例。",
            appointment_required=item.get("appointment_required", True),
            barrier_free=False,
            location_precision=LocationPrecision.DISTRICT,
            is_example=True,
        )
        site.age_stages = [stages[slug] for slug in item["age_stages"] if slug in stages]
        site.open_days = sample_open_days(item, now, number, content.ACTIVITIES[item["category"]])
        index.add_child(instance=site)
        site.save_revision().publish()
        records.remember(key)
        report.add(site.title)
    return index
