"""A base's status, computed from dates in Chongqing's time zone: the one place the rule lives.

- 已撤销 (revoked): an approved revocation took effect during the current term, on or before today;
- 已到期 (expired): from the day after the term's end date;
- 即将到期 (expiring): the end date is no more than 6 calendar months ahead, that is
  today <= end_date <= add_months(today, 6) (the day of the month is clamped for short months
  and leap years, so 31 August + 6 months is 28 or 29 February);
- 有效 (valid): otherwise.

The list page filters with the same rule in SQL (``InnovationBasePageQuerySet.with_status``);
tests prove the two agree at every boundary.
"""

import calendar
import datetime

from .choices import BaseStatus

EXPIRING_MONTHS = 6


def add_months(day, months):
    """The same day ``months`` calendar months later (or earlier), clamped to the month's end."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def expiring_window_end(today):
    """Terms ending on or before this date (and not before today) are 即将到期."""
    return add_months(today, EXPIRING_MONTHS)


def compute_status(term_start, term_end, revoked_on, today):
    """The status of a base whose current term runs from ``term_start`` to ``term_end``
    (inclusive), given the date an approved revocation took effect (or None).

    Returns None when no term is recorded yet."""
    if term_end is None:
        return None
    if revoked_on is not None and revoked_on <= today and (term_start is None or revoked_on >= term_start):
        return BaseStatus.REVOKED
    if today > term_end:
        return BaseStatus.EXPIRED
    if term_end <= expiring_window_end(today):
        return BaseStatus.EXPIRING
    return BaseStatus.VALID
