import os

import pytest
from django.db import transaction

from tests.factories import build_site

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


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
