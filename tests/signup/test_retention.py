"""Personal data goes SIGNUP_RETENTION_DAYS after the event (course sessions: after their
school year); the counts stay. Time is frozen with time-machine."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from home.signup import services
from home.signup.models import Certificate, Signup, SignupStatus
from tests.factories import TZ

from .conftest import make_open_day_window, make_session_window

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 10, 10, 9, 0, tzinfo=TZ)


def run(**options):
    out = StringIO()
    call_command("purge_signups", stdout=out, **options)
    return out.getvalue()


@time_machine.travel(NOW, tick=False)
def test_open_day_data_is_anonymised_after_the_retention_days(tree, settings):
    settings.SIGNUP_RETENTION_DAYS = 30
    window = make_open_day_window(tree["site"], places=1, days_ahead=3)
    kept = make_open_day_window(tree["site"], days_ahead=20)
    for number in ("13800000001", "13800000002"):
        services.sign_up(window.pk, name="示例家长", mobile=number, adults=2, children=1)
    services.sign_up(kept.pk, name="示例家长", mobile="13800000001", adults=1, children=1)
    event_end = window.ends_at

    with time_machine.travel(event_end + datetime.timedelta(days=29), tick=False):
        assert "anonymised 0 sign-ups" in run()
    with time_machine.travel(event_end + datetime.timedelta(days=30, minutes=1), tick=False):
        assert "would anonymise 2 sign-ups" in run(dry_run=True)
        assert Signup.objects.filter(anonymised_at__isnull=False).count() == 0
        assert "anonymised 2 sign-ups" in run()
        assert "anonymised 0 sign-ups" in run()

    gone = Signup.objects.filter(window=window)
    assert set(gone.values_list("name", "mobile", "mobile_hash", "token_hash")) == {("", "", None, None)}
    # The counts stay for the statistics.
    assert window.counts() == {"confirmed": 1, "waitlisted": 1, "cancelled": 0}
    assert sum(gone.values_list("adults", flat=True)) == 4
    # The later event keeps its data.
    assert Signup.objects.get(window=kept).mobile == "13800000001"


@time_machine.travel(NOW, tick=False)
def test_course_sessions_are_kept_until_after_the_school_year(tree, settings):
    settings.SIGNUP_RETENTION_DAYS = 30
    start = NOW + datetime.timedelta(days=5)
    window = make_session_window(tree["course"], start, hours=4)
    signup = services.sign_up(window.pk, name="示例家长", mobile="13800000001", adults=1, children=1).signup
    with time_machine.travel(start + datetime.timedelta(hours=1), tick=False):
        services.check_in(signup, None)
        signup.refresh_from_db()
        certificate = services.certificate_for(signup, 2026)
    assert certificate.name == "示例家长"

    with time_machine.travel(datetime.datetime(2027, 9, 30, tzinfo=TZ), tick=False):
        assert "anonymised 0 sign-ups and 0 certificates" in run()
    with time_machine.travel(datetime.datetime(2027, 10, 2, tzinfo=TZ), tick=False):
        assert "anonymised 1 sign-ups and 1 certificates" in run()
    certificate.refresh_from_db()
    assert (certificate.name, certificate.mobile_hash, certificate.masked_name) == ("", None, "示***")
    signup.refresh_from_db()
    assert signup.status == SignupStatus.CONFIRMED and signup.attended_at is not None and signup.name == ""
    assert Certificate.objects.count() == 1


def test_days_option_overrides_the_setting(tree):
    window = make_open_day_window(tree["site"], days_ahead=1)
    services.sign_up(window.pk, name="示例家长", mobile="13800000001", adults=1, children=1)
    with time_machine.travel(window.ends_at + datetime.timedelta(days=2), tick=False):
        assert "anonymised 0 sign-ups" in run()
        assert "anonymised 1 sign-ups" in run(days=1)
