"""/map/sites.geojson is built once per change in the shared cache and used by every worker;
editing a site makes every worker serve the new version. Two workers are two cache
connections to one storage (a file cache here, Redis in production): the test switches the
connection between requests the way a second gunicorn worker would have its own."""

import pytest
from django.core.cache import cache
from django.test.utils import override_settings

from bases.sites import views as sites_views
from tests.factories import PracticeSitePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_cache(tmp_path):
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "shared-cache"),
        }
    }


@pytest.fixture
def builds(monkeypatch):
    calls = []
    original = sites_views.feature_collection

    def counting(query, request):
        calls.append(1)
        return original(query, request)

    monkeypatch.setattr(sites_views, "feature_collection", counting)
    return calls


def titles(response):
    assert response.status_code == 200
    return sorted(f["properties"]["title"] for f in response.json()["features"])


def as_worker(shared_cache, client, url="/map/sites.geojson"):
    # A fresh cache connection (override_settings resets Django's cache handler).
    with override_settings(CACHES=shared_cache):
        return client.get(url)


def test_geojson_is_built_once_for_all_workers_and_rebuilt_after_an_edit(
    map_index, categories, shared_cache, builds, client
):
    site = PracticeSitePageFactory(parent=map_index, title="江北科技馆", category=categories["museum"])
    PracticeSitePageFactory(parent=map_index, title="渝中博物馆", category=categories["museum"])

    assert titles(as_worker(shared_cache, client)) == ["江北科技馆", "渝中博物馆"]
    assert titles(as_worker(shared_cache, client)) == ["江北科技馆", "渝中博物馆"]
    assert len(builds) == 1  # the second worker read the first one's result

    with override_settings(CACHES=shared_cache):  # an editor's request, in a third worker
        site.title = "江北科技馆（新馆）"
        site.save_revision().publish()

    assert titles(as_worker(shared_cache, client)) == ["江北科技馆（新馆）", "渝中博物馆"]
    assert titles(as_worker(shared_cache, client)) == ["江北科技馆（新馆）", "渝中博物馆"]
    assert len(builds) == 2


def test_a_worker_that_misses_while_another_builds_waits_for_its_result(shared_cache, monkeypatch):
    with override_settings(CACHES=shared_cache):
        cache.add("map:test:building", 1, 30)  # another worker is building
        monkeypatch.setattr(sites_views, "BUILD_WAIT_SECONDS", 2)
        waited = []

        def sleep(seconds):
            waited.append(seconds)
            cache.set("map:test", "built by the other worker")

        monkeypatch.setattr(sites_views.time, "sleep", sleep)
        value = sites_views.built_once("map:test", lambda: pytest.fail("built a second time"))
    assert value == "built by the other worker"
    assert len(waited) == 1


def test_sites_in_the_geojson_link_to_their_pages(map_index, categories, client):
    site = PracticeSitePageFactory(parent=map_index, title="南岸实验室", category=categories["lab"])
    feature = client.get("/map/sites.geojson").json()["features"][0]
    assert feature["properties"]["url"] == site.url
    assert client.get(feature["properties"]["url"]).status_code == 200
