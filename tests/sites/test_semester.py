"""Semesters (spring 1 Feb - 31 Jul, autumn 1 Sep - 31 Jan, August in none) at their boundaries,
in Chongqing's time, and the open-day count editors see, with time frozen."""

import datetime

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from bases.models.sites import PracticeSitePage, sites_short_of_target
from bases.sites.semester import (
    AUTUMN,
    SPRING,
    autumn,
    counting_semester,
    local_date,
    semester_of,
    spring,
)
from tests.factories import TZ, PracticeSitePageFactory

UTC = datetime.UTC


def d(text):
    return datetime.date.fromisoformat(text)


@pytest.mark.parametrize(
    ("day", "season", "start", "end"),
    [
        ("2026-01-31", AUTUMN, "2025-09-01", "2026-01-31"),
        ("2026-02-01", SPRING, "2026-02-01", "2026-07-31"),
        ("2026-07-31", SPRING, "2026-02-01", "2026-07-31"),
        ("2026-09-01", AUTUMN, "2026-09-01", "2027-01-31"),
        ("2026-12-31", AUTUMN, "2026-09-01", "2027-01-31"),
        ("2027-01-01", AUTUMN, "2026-09-01", "2027-01-31"),
        ("2028-02-29", SPRING, "2028-02-01", "2028-07-31"),
        ("2028-01-31", AUTUMN, "2027-09-01", "2028-01-31"),
    ],
)
def test_semester_of_a_day_at_the_boundaries(day, season, start, end):
    semester = semester_of(d(day))
    assert (semester.season, semester.start, semester.end) == (season, d(start), d(end))
    assert d(day) in semester


@pytest.mark.parametrize("day", ["2026-08-01", "2026-08-15", "2026-08-31"])
def test_august_belongs_to_no_semester_and_counts_towards_the_coming_autumn(day):
    assert semester_of(d(day)) is None
    assert counting_semester(d(day)) == autumn(2026)


def test_counting_semester_is_the_current_one_outside_august():
    assert counting_semester(d("2026-07-31")) == spring(2026)
    assert counting_semester(d("2026-09-01")) == autumn(2026)
    assert counting_semester(d("2027-01-31")) == autumn(2026)
    assert counting_semester(d("2027-02-01")) == spring(2027)


def test_labels_name_the_school_year():
    assert autumn(2025).label == "2025—2026学年秋季学期"
    assert spring(2026).label == "2025—2026学年春季学期"
    assert spring(2026).range_text == "2026年2月1日至2026年7月31日"


def test_moments_are_taken_in_chongqing_not_utc():
    # 16:30 UTC on 31 January is 00:30 on 1 February in Chongqing: spring.
    assert semester_of(datetime.datetime(2026, 1, 31, 16, 30, tzinfo=UTC)) == spring(2026)
    assert semester_of(datetime.datetime(2026, 1, 31, 15, 59, 59, tzinfo=UTC)) == autumn(2025)
    # 23:59:59 on 31 July in Chongqing is still spring; one second later is August.
    assert semester_of(datetime.datetime(2026, 7, 31, 23, 59, 59, tzinfo=TZ)) == spring(2026)
    assert semester_of(datetime.datetime(2026, 7, 31, 16, 0, tzinfo=UTC)) is None
    with pytest.raises(ValueError):
        local_date(datetime.datetime(2026, 2, 1, 0, 0))


def test_bounds_are_chongqing_midnights():
    start, after = spring(2028).bounds()
    assert start == datetime.datetime(2028, 2, 1, tzinfo=TZ)
    assert after == datetime.datetime(2028, 8, 1, tzinfo=TZ)
    assert after - start == datetime.timedelta(days=182)  # 29 days in February 2028


@given(st.dates(min_value=datetime.date(2001, 1, 1), max_value=datetime.date(2099, 12, 31)))
def test_every_day_but_august_is_in_exactly_one_semester(day):
    semester = semester_of(day)
    if day.month == 8:
        assert semester is None
        return
    assert day in semester
    neighbours = [spring(day.year - 1), autumn(day.year - 1), spring(day.year), autumn(day.year)]
    assert [s for s in neighbours if day in s] == [semester]


# --- The count editors see, with time frozen ------------------------------------------------------


@pytest.fixture
def site(map_index):
    return PracticeSitePageFactory(
        parent=map_index,
        open_days=[
            "2026-01-31 23:00",  # last hour of the autumn semester
            "2026-02-01 00:30",  # first hour of spring
            "2026-07-31 22:00",  # last evening of spring
            "2026-08-15 10:00",  # summer holiday: no semester
            "2026-09-01 09:00",  # first morning of autumn
        ],
    )


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-01-31 12:00", 1),  # autumn 2025: only 31 Jan 23:00
        ("2026-02-01 08:00", 2),  # spring 2026: 1 Feb 00:30 and 31 Jul 22:00
        ("2026-07-31 23:59", 2),
        ("2026-08-01 00:01", 1),  # August: the coming autumn (1 Sep), not the August day
        ("2026-08-31 23:59", 1),
        ("2026-09-01 00:00", 1),
    ],
)
def test_semester_count_at_the_boundaries(site, now, expected):
    moment = datetime.datetime.strptime(now, "%Y-%m-%d %H:%M").replace(tzinfo=TZ)
    with time_machine.travel(moment, tick=False):
        semester = counting_semester(moment)
        assert site.semester_open_day_count(semester) == expected
        annotated = PracticeSitePage.objects.with_semester_count(semester).get(pk=site.pk)
        assert annotated.semester_open_days == expected
        assert list(sites_short_of_target(semester)) == [site]
