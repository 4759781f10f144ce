"""Demo sign-up windows (示例): online sign-up on the next few demo open days that have places
and on the upcoming sessions of the night-school courses. No personal data is created."""

import datetime

from django.utils import timezone

from bases.models.sites import OpenDay
from resources.models import CourseSession

from .models import SignupWindow

OPEN_DAYS = 6
SESSION_PLACES = 40


def load_signup_windows(report, now=None):
    """Only on a first run (no demo window yet), so an editor's windows and changes stay."""
    if SignupWindow.objects.filter(is_example=True).exists():
        report.kept += 1
        return
    now = now or timezone.now()
    days = (
        OpenDay.objects.filter(starts_at__gt=now + datetime.timedelta(hours=2), capacity__isnull=False)
        .filter(page__live=True, signup_window__isnull=True)
        .order_by("starts_at", "pk")[:OPEN_DAYS]
    )
    for day in days:
        SignupWindow.objects.create(
            open_day=day,
            opens_at=now - datetime.timedelta(days=1),
            closes_at=day.starts_at - datetime.timedelta(hours=2),
            waitlist_places=10,
            is_example=True,
        )
        report.add(f"报名设置：{day}")
    sessions = CourseSession.objects.filter(
        starts_at__gt=now + datetime.timedelta(hours=2),
        page__live=True,
        page__organiser__contains="家长夜校",
        signup_window__isnull=True,
    ).order_by("starts_at", "pk")
    for session in sessions:
        SignupWindow.objects.create(
            session=session,
            opens_at=now - datetime.timedelta(days=1),
            closes_at=session.starts_at - datetime.timedelta(hours=2),
            places=SESSION_PLACES,
            waitlist_places=10,
            is_example=True,
        )
        report.add(f"报名设置：{session.page.title} {session.title}")
