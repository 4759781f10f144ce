"""Rules editors are told about in the admin."""

from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from .taxonomy import BASIC_HOURS_PER_YEAR, BASIC_SESSIONS_PER_YEAR


def school_year_of(moment):
    """The school year (starting year) a date or datetime falls in: 1 Sep - 31 Aug."""
    if hasattr(moment, "hour") and timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.year if moment.month >= 9 else moment.year - 1


def basic_course_problems(sessions):
    """Return one message per school year whose sessions do not add up for a 基础课.

    ``sessions`` is an iterable of (starts_at, class_hours) pairs. An empty list is a
    problem too: a basic course must be scheduled.
    """
    sessions = [(start, Decimal(hours or 0)) for start, hours in sessions if start is not None]
    if not sessions:
        return [
            f"基础课需要排课：每学年 {BASIC_SESSIONS_PER_YEAR} 次课、共 {BASIC_HOURS_PER_YEAR} 课时，"
            "目前还没有任何一次课。"
        ]
    years = defaultdict(lambda: [0, Decimal(0)])
    for start, hours in sessions:
        year = years[school_year_of(start)]
        year[0] += 1
        year[1] += hours
    problems = []
    for year, (count, hours) in sorted(years.items()):
        if count != BASIC_SESSIONS_PER_YEAR or hours != BASIC_HOURS_PER_YEAR:
            problems.append(
                f"基础课每学年应为 {BASIC_SESSIONS_PER_YEAR} 次课、共 {BASIC_HOURS_PER_YEAR} 课时；"
                f"{year}-{year + 1} 学年现在是 {count} 次课、共 {hours.normalize():f} 课时。"
            )
    return problems
