"""Personal data is kept only as long as needed: names and numbers of a sign-up are removed
SIGNUP_RETENTION_DAYS after its open day; for a course session, after the end of the session's
school year (31 August), so that the year's class-hours still count until then. The rows stay
(status, adults, children, age stage, attendance) so the statistics keep their counts."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Certificate, Signup


def school_year_end(year):
    """The first moment after the school year that starts in ``year`` (1 Sep of year + 1)."""
    return timezone.make_aware(datetime.datetime(year + 1, 9, 1))


def retention_due(signup_window, days):
    if signup_window.is_session:
        return school_year_end(signup_window.school_year) + datetime.timedelta(days=days)
    return signup_window.ends_at + datetime.timedelta(days=days)


@transaction.atomic
def purge(now=None, days=None, dry_run=False):
    """Anonymise what is due; returns counts {"signups": n, "certificates": n}."""
    now = now or timezone.now()
    days = settings.SIGNUP_RETENTION_DAYS if days is None else days
    candidates = (
        Signup.objects.filter(anonymised_at__isnull=True)
        .filter(created_at__lt=now)
        .select_related("window", "window__open_day", "window__session")
    )
    due = [s.pk for s in candidates if retention_due(s.window, days) <= now]
    certificates = [
        c.pk
        for c in Certificate.objects.filter(anonymised_at__isnull=True)
        if school_year_end(c.school_year) + datetime.timedelta(days=days) <= now
    ]
    if not dry_run:
        Signup.objects.filter(pk__in=due).update(
            name="", mobile="", mobile_hash=None, token_hash=None, anonymised_at=now
        )
        Certificate.objects.filter(pk__in=certificates).update(name="", mobile_hash=None, anonymised_at=now)
    return {"signups": len(due), "certificates": len(certificates)}
