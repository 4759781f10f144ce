import pytest
from django.core.cache import cache

from tests.factories import SiteCategoryFactory, build_bases, build_map


@pytest.fixture(autouse=True)
def fresh_cache():
    """The map caches its data; each test starts from an empty cache (locmem lives across tests)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def map_index(site_tree):
    home, _, _ = site_tree
    return build_map(home)[0]


@pytest.fixture
def bases_index(site_tree):
    home, _, _ = site_tree
    return build_bases(home)[0]


@pytest.fixture
def categories(db):
    return {
        slug: SiteCategoryFactory(slug=slug, name=name)
        for slug, name in [("museum", "博物馆"), ("lab", "高校实验室"), ("heritage", "非遗基地")]
    }
