"""Only an engine that cannot be reached or does not answer in time counts as "unavailable"
(the search page then answers from the database with a notice). An error the engine answers
with is a bug and is raised, on both clients (opensearch-py and elasticsearch)."""

import elasticsearch
import opensearchpy
import pytest

from tests.factories import MicroLessonPageFactory


def test_an_error_answered_by_the_engine_is_raised_not_hidden(client, site_tree, engine):
    MicroLessonPageFactory(parent=site_tree[2], title="亲子阅读微课")
    engine.refresh()
    engine.delete_indices()  # every search now gets "index not found" from the engine
    expected = opensearchpy.NotFoundError if engine.kind == "opensearch" else elasticsearch.NotFoundError
    with pytest.raises(expected):
        client.get("/search/", {"q": "亲子阅读"})
