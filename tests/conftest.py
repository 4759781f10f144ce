import os

import pytest

from tests.factories import build_site

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture
def site_tree(db):
    return build_site()
