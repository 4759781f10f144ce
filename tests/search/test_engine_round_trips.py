"""A results page on an engine costs few round trips to it, however many pages match (issue 10:
the engine's speed), and an error the engine answers inside a multi-search is raised like the
error of a single search."""

import elasticsearch
import opensearchpy
import pytest
from django.test import override_settings

from search import engine_query
from search.query import default_engine
from search.results import run_search
from tests.factories import MicroLessonPageFactory

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def round_trips(engine, monkeypatch):
    """The HTTP requests the search backend's client sends (a multi-search is one)."""
    transport = default_engine().es.transport
    sent = []
    send = transport.perform_request

    def counting(method, target, *args, **kwargs):
        sent.append(target)
        return send(method, target, *args, **kwargs)

    monkeypatch.setattr(transport, "perform_request", counting)
    return sent


@pytest.fixture
def lessons(site_tree, engine):
    """30 lessons on 睡前故事, one on 江津妇女儿童活动中心 (few pages match all of a long query)."""
    _, _, parent = site_tree
    with override_settings(TASKS=DUMMY_TASKS):
        for n in range(30):
            MicroLessonPageFactory(parent=parent, title=f"睡前故事第{n + 1}讲", slug=f"story-{n}")
        MicroLessonPageFactory(parent=parent, title="江津区妇女儿童活动中心的亲子课", slug="jiangjin")
    engine.reset()
    engine.refresh()


def test_a_page_with_many_matches_costs_two_round_trips(lessons, round_trips):
    outcome = run_search("睡前故事", {})
    assert outcome.total == 30
    assert len(outcome.items) == 10
    assert "<mark>" in str(outcome.items[0].title_html)
    assert len(round_trips) == 2  # the ranked window with the loose list; the highlights
    assert round_trips[0].endswith("/_msearch")


def test_few_matches_are_ranked_counted_and_highlighted_in_two_round_trips(lessons, round_trips):
    outcome = run_search("江津妇女儿童活动中心", {})  # no page has every pair (without 区)
    assert outcome.items[0].title == "江津区妇女儿童活动中心的亲子课"
    assert "<mark>" in str(outcome.items[0].title_html)
    assert outcome.facet_counts is not None
    assert len(round_trips) == 2


def test_a_later_page_sorted_by_date_costs_one_round_trip(lessons, round_trips):
    outcome = run_search("睡前故事", {}, sort="newest", page_number=3)
    assert [p.title for p in outcome.items] == [f"睡前故事第{n}讲" for n in range(10, 0, -1)]
    assert len(round_trips) == 1


def test_an_error_answered_to_one_search_of_a_multi_search_is_raised(lessons, engine):
    bad = engine_query.Request({"query": {"term": {engine_query.PK_FIELD: "not a number"}}})
    good = engine_query.Request({"query": {"match_all": {}}, "size": 1})
    expected = opensearchpy.RequestError if engine.kind == "opensearch" else elasticsearch.BadRequestError
    with pytest.raises(expected):
        engine_query.send(default_engine(), good, bad)
