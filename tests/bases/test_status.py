"""A base's status is computed from dates in Chongqing's time zone, never typed: the boundaries
(last valid day, first expired day, start of the 6-month window, leap years), in Python and in
SQL alike."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from bases.choices import BaseStatus, RevocationStatus
from bases.models import BaseTerm, InnovationBasePage, RevocationRequest
from bases.status import add_months, compute_status, expiring_window_end
from tests.factories import TZ, InnovationBasePageFactory, build_bases, build_site

D = datetime.date.fromisoformat
VALID, EXPIRING, EXPIRED, REVOKED = (
    BaseStatus.VALID,
    BaseStatus.EXPIRING,
    BaseStatus.EXPIRED,
    BaseStatus.REVOKED,
)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2024-01-31", 1, "2024-02-29"),  # leap year: clamp to 29 February
        ("2023-01-31", 1, "2023-02-28"),
        ("2023-08-31", 6, "2024-02-29"),
        ("2024-08-31", 6, "2025-02-28"),
        ("2024-07-01", 6, "2025-01-01"),
        ("2024-12-31", -6, "2024-06-30"),
        ("2024-03-31", -1, "2024-02-29"),
        ("2024-11-15", 3, "2025-02-15"),
    ],
)
def test_add_months_clamps_the_day(day, months, expected):
    assert add_months(D(day), months) == D(expected)


FIRST_BATCH = ("2020-01-01", "2024-12-31")

CASES = [
    # the first batch, 2020-2024
    (FIRST_BATCH, None, "2020-01-01", VALID),  # first day of the term
    (FIRST_BATCH, None, "2024-06-30", VALID),  # the day before the 6-month window
    (FIRST_BATCH, None, "2024-07-01", EXPIRING),  # first day of the window
    (FIRST_BATCH, None, "2024-12-31", EXPIRING),  # last valid day
    (FIRST_BATCH, None, "2025-01-01", EXPIRED),  # first expired day
    (FIRST_BATCH, None, "2026-11-23", EXPIRED),  # the day of the issue: every base of 2020 is expired
    # a term ending on 29 February of a leap year
    (("2019-03-01", "2024-02-29"), None, "2023-08-28", VALID),
    (("2019-03-01", "2024-02-29"), None, "2023-08-29", EXPIRING),
    (("2019-03-01", "2024-02-29"), None, "2024-02-29", EXPIRING),
    (("2019-03-01", "2024-02-29"), None, "2024-03-01", EXPIRED),
    # a term ending on 28 February of a common year: the window opens on 28 August
    (("2020-03-01", "2025-02-28"), None, "2024-08-27", VALID),
    (("2020-03-01", "2025-02-28"), None, "2024-08-28", EXPIRING),
    (("2020-03-01", "2025-02-28"), None, "2025-03-01", EXPIRED),
    # a term ending on 31 August: from 29 February + 6 months = 29 August it is not yet in the window
    (("2019-09-01", "2024-08-31"), None, "2024-02-29", VALID),
    (("2019-09-01", "2024-08-31"), None, "2024-03-01", EXPIRING),
    # revoked: from the revocation date on, whatever the term says afterwards
    (FIRST_BATCH, "2022-05-10", "2022-05-09", VALID),
    (FIRST_BATCH, "2022-05-10", "2022-05-10", REVOKED),
    (FIRST_BATCH, "2022-05-10", "2026-11-23", REVOKED),
    # a revocation before the current term (named again later) no longer counts
    (("2025-01-01", "2029-12-31"), "2023-03-01", "2026-11-23", VALID),
]


@pytest.mark.parametrize(("term", "revoked_on", "today", "expected"), CASES)
def test_status_at_the_boundaries(term, revoked_on, today, expected):
    start, end = D(term[0]), D(term[1])
    revoked = D(revoked_on) if revoked_on else None
    assert compute_status(start, end, revoked, D(today)) == expected


def test_no_term_means_no_status():
    assert compute_status(None, None, None, D("2026-11-23")) is None


def test_window_end_is_six_calendar_months_ahead():
    assert expiring_window_end(D("2024-07-01")) == D("2025-01-01")


@pytest.mark.parametrize(
    ("utc_moment", "expected_day"),
    [
        # 31 December 15:59 UTC is 23:59 in Chongqing: still the last valid day
        (datetime.datetime(2024, 12, 31, 15, 59, tzinfo=datetime.UTC), "2024-12-31"),
        # 31 December 16:00 UTC is already 1 January in Chongqing: expired
        (datetime.datetime(2024, 12, 31, 16, 0, tzinfo=datetime.UTC), "2025-01-01"),
    ],
)
def test_today_is_chongqing_today(utc_moment, expected_day):
    with time_machine.travel(utc_moment, tick=False):
        assert timezone.localdate() == D(expected_day)


@pytest.fixture
def statuses_catalogue(db):
    """Bases whose SQL status must agree with the Python rule on every date tested."""
    home, _, _ = build_site()
    index, _ = build_bases(home)
    made = [
        InnovationBasePageFactory(parent=index, term=FIRST_BATCH),
        InnovationBasePageFactory(parent=index, term=("2019-03-01", "2024-02-29")),
        InnovationBasePageFactory(parent=index, term=("2020-03-01", "2025-02-28")),
        InnovationBasePageFactory(parent=index, term=("2019-09-01", "2024-08-31")),
        InnovationBasePageFactory(parent=index, term=False),
    ]
    revoked = InnovationBasePageFactory(parent=index, term=FIRST_BATCH)
    RevocationRequest.objects.create(
        base=revoked, reason="测试", status=RevocationStatus.APPROVED, revoked_on=D("2022-05-10")
    )
    renamed = InnovationBasePageFactory(parent=index, term=FIRST_BATCH)
    BaseTerm.objects.create(
        base=renamed,
        batch_year=2025,
        document_title="再次命名",
        start_date=D("2025-01-01"),
        end_date=D("2029-12-31"),
    )
    RevocationRequest.objects.create(
        base=renamed, reason="测试", status=RevocationStatus.APPROVED, revoked_on=D("2023-03-01")
    )
    pending = InnovationBasePageFactory(parent=index, term=FIRST_BATCH)
    RevocationRequest.objects.create(base=pending, reason="待核准的申请不改变状态")
    return [*made, revoked, renamed, pending]


DATES = sorted({case[2] for case in CASES} | {"2019-12-31", "2023-03-01", "2024-02-28", "2029-07-01"})


def test_sql_status_agrees_with_the_rule_on_every_boundary(statuses_catalogue):
    for today in DATES:
        day = D(today)
        annotated = {
            page.pk: page.annotated_status
            for page in InnovationBasePage.objects.with_status(day).filter(
                pk__in=[p.pk for p in statuses_catalogue]
            )
        }
        for page in statuses_catalogue:
            fresh = InnovationBasePage.objects.get(pk=page.pk)
            assert annotated[page.pk] == fresh.status_info(day).code, (today, page.title)


def test_the_profile_says_the_status_of_the_day(client, statuses_catalogue):
    page = statuses_catalogue[0]
    moments = {
        "2024-12-31": ("即将到期", "将于 2024年12月31日 结束"),
        "2025-01-01": ("已到期", "已于 2024年12月31日 结束，目前已到期"),
    }
    for day, (label, sentence) in moments.items():
        with time_machine.travel(
            datetime.datetime.fromisoformat(day + "T09:00").replace(tzinfo=TZ), tick=False
        ):
            html = client.get(page.url).content.decode()
        assert f"<dd>{label}</dd>" in html
        assert sentence in html
