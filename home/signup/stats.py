"""Night-school figures for editors: per school year, how many parents reached the 4 class-hours
(overall and among the parents of each course). One query; parents are counted by number hash,
so the figures of a school year are complete until its sign-ups are anonymised (retention)."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from .models import Signup, SignupStatus
from .services import MIN_CERTIFICATE_HOURS


def school_year_bounds(year):
    return timezone.make_aware(datetime.datetime(year, 9, 1)), timezone.make_aware(
        datetime.datetime(year + 1, 9, 1)
    )


def night_school_stats(year):
    start, end = school_year_bounds(year)
    rows = Signup.objects.filter(
        status=SignupStatus.CONFIRMED,
        attended_at__isnull=False,
        mobile_hash__isnull=False,
        window__session__starts_at__gte=start,
        window__session__starts_at__lt=end,
    ).values_list(
        "mobile_hash",
        "window__session__class_hours",
        "window__session__page_id",
        "window__session__page__title",
    )
    hours = defaultdict(Decimal)
    courses = {}
    parents_of = defaultdict(set)
    for digest, class_hours, course_id, title in rows:
        hours[digest] += class_hours
        courses[course_id] = title
        parents_of[course_id].add(digest)
    reached = {digest for digest, total in hours.items() if total >= MIN_CERTIFICATE_HOURS}
    per_course = sorted(
        (
            {"course": courses[cid], "parents": len(parents), "reached": len(parents & reached)}
            for cid, parents in parents_of.items()
        ),
        key=lambda row: (-row["parents"], row["course"]),
    )
    return {"year": year, "parents": len(hours), "reached": len(reached), "courses": per_course}
