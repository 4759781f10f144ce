"""School semesters, the unit of the open-day target (at least 4 family open days per site and
semester). Pure functions on dates in Chongqing's time zone; nothing here touches the database.

- Spring semester (春季学期): 1 February to 31 July (29 February included in leap years).
- Autumn semester (秋季学期): 1 September to 31 January of the next year.
- August is the summer holiday and belongs to no semester: an open day held in August counts
  towards no semester, and during August the semester editors are shown ("the current one",
  for counting) is the autumn semester about to start, so they can plan its open days.

A semester is named after the school year it belongs to and its season, e.g. 2025—2026 学年
秋季学期 (1 Sep 2025 - 31 Jan 2026) and 2025—2026 学年春季学期 (1 Feb - 31 Jul 2026).
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

TARGET_OPEN_DAYS = 4
SPRING, AUTUMN = "spring", "autumn"


@dataclass(frozen=True)
class Semester:
    season: str  # SPRING or AUTUMN
    start: datetime.date  # first day, inclusive
    end: datetime.date  # last day, inclusive

    @property
    def school_year(self):
        """The first calendar year of the school year (2025 for 2025—2026)."""
        return self.start.year if self.season == AUTUMN else self.start.year - 1

    @property
    def label(self):
        season = "秋季学期" if self.season == AUTUMN else "春季学期"
        return f"{self.school_year}—{self.school_year + 1}学年{season}"

    @property
    def range_text(self):
        return f"{self.start:%Y年%-m月%-d日}至{self.end:%Y年%-m月%-d日}"

    def __contains__(self, day):
        return self.start <= day <= self.end

    def bounds(self):
        """(first instant, first instant after) as aware datetimes in Chongqing's time, for
        ``starts_at__gte`` / ``starts_at__lt`` lookups."""
        after = self.end + datetime.timedelta(days=1)
        return (
            timezone.make_aware(datetime.datetime.combine(self.start, datetime.time.min)),
            timezone.make_aware(datetime.datetime.combine(after, datetime.time.min)),
        )


def spring(year):
    """The spring semester of calendar year ``year`` (1 Feb - 31 Jul)."""
    return Semester(SPRING, datetime.date(year, 2, 1), datetime.date(year, 7, 31))


def autumn(year):
    """The autumn semester starting in ``year`` (1 Sep - 31 Jan of the next year)."""
    return Semester(AUTUMN, datetime.date(year, 9, 1), datetime.date(year + 1, 1, 31))


def local_date(value):
    """The date in Chongqing of an aware datetime (a date is returned as it is)."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime: the semester of a moment needs its time zone")
        return timezone.localdate(value)
    return value


def semester_of(value):
    """The semester a date (or an aware datetime, taken in Chongqing) falls in, or None in August."""
    day = local_date(value)
    if day.month == 1:
        return autumn(day.year - 1)
    if 2 <= day.month <= 7:
        return spring(day.year)
    if day.month == 8:
        return None
    return autumn(day.year)


def counting_semester(value):
    """The semester whose open days editors count on ``value``: the current one, or during the
    August holiday the autumn semester about to start."""
    day = local_date(value)
    return semester_of(day) or autumn(day.year)
