import os

import pytest
from django.db import transaction

from tests.demo_database import SharedDemo
from tests.factories import build_site

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

# `make test` runs the suite on several processes (pytest-xdist, README "Writing tests"). Each
# worker has its own test database (pytest-django), media folder and Redis database
# (config.settings.test); what the tests name themselves takes worker_suffix().
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")  # "gw0", "gw1", ... or "" when serial


def worker_suffix():
    """A suffix for database names and the like: "_gw0", "_gw1", ... under xdist, "" when serial."""
    return f"_{WORKER}" if WORKER else ""


def _worker_ports():
    """LOOPBACK_PORTS ("8500-8599"), when set, split between the workers: two workers never
    hand out the same port before either listens on it."""
    low, _, high = os.environ.get("LOOPBACK_PORTS", "").partition("-")
    count = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    if not (WORKER and low and high and count > 1):
        return
    index = int(WORKER[2:])
    size = (int(high) - int(low) + 1) // count
    start = int(low) + index * size
    os.environ["LOOPBACK_PORTS"] = f"{start}-{start + size - 1}"


_worker_ports()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """With `--dist loadgroup`, each test module runs on one worker, so that its module-scoped
    fixtures (an engine index) are built once; the modules reading the shared demo (the
    session-scoped `shared_demo`) run on one worker, which loads it once; the browser tests all
    run on one worker, which starts the demo site (the session-scoped `demo_server`) once.

    First (tryfirst): xdist's own hook on each worker reads these marks into the test ids that
    the scheduler groups by; run after it, the marks would come too late and group nothing.

    `make test` passes `--no-loadscope-reorder`: groups are sent in collection order, which
    pytest-django sorts (database tests, then tests that commit, then the rest). By default
    xdist sends the largest groups first, so a group that commits (and is flushed after) could
    run before other modules on its worker, which then found no Locale or root page."""
    for item in items:
        path = item.nodeid.partition("::")[0]
        if path.startswith("tests/browser/"):
            group = "browser"
        elif "shared_demo" in item.fixturenames:
            group = "demo"
        else:
            group = path
        item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture
def site_tree(db):
    return build_site()


@pytest.fixture(scope="module")
def module_transaction(django_db_setup, django_db_blocker):
    """One transaction around a whole test module, rolled back after it.

    Module-scoped fixtures that depend on this build their data once; each test still runs in
    its own nested transaction (the `db` fixture), so what a test changes is undone after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="session")
def shared_demo(django_db_setup, django_db_blocker):
    """The demo content as `make run` loads it, loaded once per test process (tests/demo_database.py)."""
    with django_db_blocker.unblock():
        demo = SharedDemo()
    yield demo
    with django_db_blocker.unblock():
        demo.close()


@pytest.fixture(scope="module")
def demo_database(shared_demo, django_db_blocker):
    """The loaded demo in the test database for a whole module that reads it, in one transaction
    rolled back after the module (as `module_transaction`); each test still runs in its own
    transaction (the `db` fixture), rolled back after it, and the module after this one finds the
    database as migrate left it."""
    with django_db_blocker.unblock(), shared_demo.borrowed(), transaction.atomic():
        yield
        transaction.set_rollback(True)


DEMO_COPY_GIVE_BACK = pytest.StashKey()


@pytest.fixture
def demo_live_database(shared_demo, transactional_db, django_db_blocker, request):
    """A copy of the loaded demo for one test that commits (a live server reading it); set up
    after `transactional_db`. The copy stays until the test's whole teardown has run, including
    the flush of `transactional_db` (which empties the copy, not the test database): see
    `pytest_runtest_teardown` below."""
    with django_db_blocker.unblock():
        give_back = shared_demo.lend_copy()

    def release():
        with django_db_blocker.unblock():
            give_back()

    request.node.stash[DEMO_COPY_GIVE_BACK] = release


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a test's fixtures are torn down, give back the demo copy it borrowed (above): only
    then has pytest-django's flush run, on the copy; the test database is as migrate left it."""
    try:
        return (yield)
    finally:
        release = item.stash.get(DEMO_COPY_GIVE_BACK, None)
        if release is not None:
            release()
