"""The API's search on every backend (the database, OpenSearch and Elasticsearch): the total is
exact and the pages go past the engine's best 500 (on an engine, the engine pages with
from / size and only the shown items are loaded), with the filters combined."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.factories import MicroLessonPageFactory
from tests.search.conftest import BACKENDS, _use_engine

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
LESSONS = 510


@pytest.fixture(params=BACKENDS)
def backend(request, db):
    """None for the database backend, else the engine's helper (a fresh index of its own)."""
    if request.param == "database":
        yield None
    else:
        yield from _use_engine(request.param)


def _reindex(backend):
    if backend is None:
        call_command("update_index", backend_name="default", stdout=io.StringIO())
    else:
        backend.reset()
        backend.refresh()


def test_a_search_matching_more_than_500_pages_counts_and_pages_them_all(client, site_tree, backend):
    _, _, lessons = site_tree
    with override_settings(TASKS=DUMMY_TASKS):
        for n in range(LESSONS):
            MicroLessonPageFactory(
                parent=lessons,
                title=f"睡前故事第{n + 1}讲",
                slug=f"story-{n}",
                age_stages=["primary"] if n % 2 else ["3-6"],
            )
    _reindex(backend)

    seen = []
    for number in range(1, 7):
        response = client.get("/api/v2/lessons/", {"search": "睡前故事", "page_size": 100, "page": number})
        assert response.status_code == 200
        body = response.json()
        assert body["count"] == LESSONS
        seen += [item["id"] for item in body["results"]]
    # Six pages of 100: the last one holds the ten after 500, and no lesson comes twice.
    assert len(seen) == LESSONS
    assert len(set(seen)) == LESSONS
    assert (
        client.get("/api/v2/lessons/", {"search": "睡前故事", "page_size": 100, "page": 7}).status_code == 404
    )

    filtered = client.get("/api/v2/lessons/", {"search": "睡前故事", "age": "primary", "page": 13}).json()
    assert filtered["count"] == LESSONS // 2
    assert len(filtered["results"]) == 15  # 255 = 12 pages of 20 and 15
