"""A results page on an engine costs few round trips to it, however many pages match (issue 10:
the engine's speed), and an error the engine answers inside a multi-search is raised like the
error of a single search."""

import elasticsearch
import opensearchpy
import pytest
from django.test import override_settings

from search import engine_query
from search import query as search_query
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


def test_a_page_with_many_matches_costs_one_round_trip(lessons, round_trips):
    outcome = run_search("睡前故事", {})
    assert outcome.total == 30
    assert len(outcome.items) == 10
    assert all("<mark>睡前故事</mark>" in str(page.title_html) for page in outcome.items)
    # The ranked window, the loose list and the highlights of the engine's first page
    assert round_trips == [round_trips[0]] and round_trips[0].endswith("/_msearch")


def test_pages_the_ranking_brings_onto_the_page_shown_are_highlighted_too(lessons, round_trips, monkeypatch):
    """When the coverage ranking puts pages the engine ranked lower on the page shown, their
    highlights come in a second round trip, for those pages only."""
    ranked = search_query.rank

    def reversed_rank(*args, **kwargs):
        ids, partial = ranked(*args, **kwargs)
        return ids[::-1], partial

    monkeypatch.setattr(search_query, "rank", reversed_rank)
    bodies = []
    send = engine_query._send

    def recording(backend, body):
        bodies.append(body)
        return send(backend, body)

    monkeypatch.setattr(engine_query, "_send", recording)
    outcome = run_search("睡前故事", {})
    assert len(outcome.items) == 10
    assert all("<mark>睡前故事</mark>" in str(page.title_html) for page in outcome.items)
    assert len(round_trips) == 2
    (highlighted,) = bodies  # the second round trip: the pages the first did not highlight
    asked = set(highlighted["query"]["bool"]["filter"][0]["terms"][engine_query.PK_FIELD])
    assert asked <= {page.pk for page in outcome.items} and asked


def test_few_matches_are_ranked_counted_and_highlighted_in_two_round_trips(lessons, round_trips):
    outcome = run_search("江津妇女儿童活动中心", {})  # no page has every pair (without 区)
    assert outcome.items[0].title == "江津区妇女儿童活动中心的亲子课"
    assert "<mark>" in str(outcome.items[0].title_html)
    assert outcome.facet_counts is not None
    assert len(round_trips) == 2


def test_few_matches_sorted_by_date_are_highlighted_in_a_third_round_trip(lessons, round_trips):
    """By date the page shown is known only once the engine has sorted the ranked list: its
    highlights come afterwards."""
    outcome = run_search("江津妇女儿童活动中心", {}, sort="newest")
    assert outcome.items[0].title == "江津区妇女儿童活动中心的亲子课"
    assert "<mark>" in str(outcome.items[0].title_html)
    assert len(round_trips) == 3


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
