"""Never more confirmed than offered: 60 sign-ups at the same moment for 10 places, on
PostgreSQL (row lock with SELECT ... FOR UPDATE). SQLite has no row locks and serialises writers
on its own, so this test runs on PostgreSQL only (`.ci/run` runs the suite on both)."""

import threading

import pytest
from django.db import connection, connections

from home.signup import services
from home.signup.models import Signup, SignupStatus

from .conftest import make_open_day_window

pytestmark = [
    # serialized_rollback: the data of the migrations (locales, age stages, groups) comes back after.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"),
]

THREADS = 60


def fire(window_id, numbers, **fields):
    barrier = threading.Barrier(len(numbers))
    outcomes = []
    lock = threading.Lock()

    def one(number):
        try:
            barrier.wait()
            try:
                result = services.sign_up(
                    window_id, name="示例家长", mobile=number, adults=1, children=1, **fields
                )
                outcome = result.signup.status
            except services.SignupError as exc:
                outcome = exc.code
            with lock:
                outcomes.append(outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one, args=(n,)) for n in numbers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def test_sixty_at_once_for_ten_places_confirms_exactly_ten(tree):
    window = make_open_day_window(tree["site"], places=10, waitlist=30)
    outcomes = fire(window.pk, [f"139{n:08d}" for n in range(THREADS)])
    assert len(outcomes) == THREADS
    assert outcomes.count("confirmed") == 10
    assert outcomes.count("waitlisted") == 30
    assert outcomes.count("full") == 20
    assert Signup.objects.filter(window=window, status=SignupStatus.CONFIRMED).count() == 10
    assert Signup.objects.filter(window=window, status=SignupStatus.WAITLISTED).count() == 30


def test_the_same_number_at_once_makes_one_signup(tree):
    window = make_open_day_window(tree["site"], places=10)
    outcomes = fire(window.pk, ["13800138000"] * 20)
    assert outcomes.count("confirmed") == 1
    assert outcomes.count("duplicate") == 19
    assert Signup.objects.filter(window=window).count() == 1
