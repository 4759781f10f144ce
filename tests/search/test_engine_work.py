"""The engine does the work (issue 10): filters, facet counts, exact totals, paging and
highlighting come from the engine on OpenSearch and agree with the database backend; search/
imports no domain app (issue 8)."""

import ast
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from search.results import run_search
from tests.factories import CoursePageFactory, MicroLessonPageFactory
from tests.test_architecture import is_foundation

from .conftest import refresh

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _reindex(backend):
    """Index everything on the backend under test (pages made with tasks switched off)."""
    if backend is not None:
        backend.reset()
        backend.refresh()
    else:
        call_command("update_index", backend_name="default", stdout=io.StringIO())


def test_more_than_500_matches_report_their_exact_total(site_tree, backend):
    _, _, lessons = site_tree
    with override_settings(TASKS=DUMMY_TASKS):
        for n in range(505):
            MicroLessonPageFactory(parent=lessons, title=f"睡前故事第{n + 1}讲", slug=f"story-{n}")
    _reindex(backend)
    outcome = run_search("睡前故事", {})
    assert outcome.total == 505
    assert outcome.page_obj.paginator.num_pages == 51
    last = run_search("睡前故事", {}, page_number=51)
    assert len(last.items) == 5
    assert {name: n for name, _, n in outcome.type_counts}["microlessonpage"] == 505
    newest_last_page = run_search("睡前故事", {}, sort="newest", page_number=30)
    assert len(newest_last_page.items) == 10
    assert {p.pk for p in newest_last_page.items}.isdisjoint({p.pk for p in outcome.items})


@pytest.fixture
def taxonomy_pages(site_tree, backend):
    _, courses, lessons = site_tree
    CoursePageFactory(parent=courses, title="家长课堂基础课", kind="basic", age_stages=["primary"])
    CoursePageFactory(parent=courses, title="家长课堂网络课", kind="online", age_stages=["junior"])
    CoursePageFactory(
        parent=courses, title="家长课堂通识课", kind="general", age_stages=["primary", "junior"]
    )
    for n in range(4):
        MicroLessonPageFactory(
            parent=lessons,
            title=f"家长课堂微课第{n + 1}讲",
            age_stages=["primary"] if n % 2 else ["3-6"],
            topics=["亲子沟通"] if n < 3 else ["心理健康"],
        )
    refresh(backend)


def test_filters_and_facet_counts_are_the_same_on_every_backend(taxonomy_pages):
    outcome = run_search("家长课堂", {"age": ["primary"]})
    assert outcome.total == 4  # 基础课, 通识课, 微课第2讲, 第4讲
    # A facet counts under the other facets' filters, never its own (so choices stay visible).
    assert outcome.facet_counts["age"] == {"primary": 4, "junior": 2, "3-6": 2}
    assert outcome.facet_counts["kind"] == {"basic": 1, "general": 1}
    assert outcome.facet_counts["topic"] == {"亲子沟通": 1, "心理健康": 1}
    types = {name: n for name, _, n in outcome.type_counts}
    assert (types["coursepage"], types["microlessonpage"]) == (2, 2)

    both = run_search("家长课堂", {"age": ["primary"], "type": ["coursepage"], "kind": ["general"]})
    assert [p.title for p in both.items] == ["家长课堂通识课"]
    assert both.facet_counts["kind"] == {"basic": 1, "general": 1}
    assert {name: n for name, _, n in both.type_counts}["microlessonpage"] == 0


def test_results_are_highlighted(taxonomy_pages):
    outcome = run_search("网络课", {})
    assert [p.title for p in outcome.items] == ["家长课堂网络课"]
    assert "<mark>" in outcome.items[0].title_html
    assert "网络" in str(outcome.items[0].title_html).split("<mark>")[1]


def test_search_page_filters_are_a_filterset_with_counts(client, taxonomy_pages):
    response = client.get("/search/", {"q": "家长课堂", "age": "primary"})
    html = response.content.decode()
    assert 'name="age" value="primary"' in html
    assert "小学（4）" in html
    assert "初中（2）" in html
    wrong = client.get("/search/", {"q": "家长课堂", "age": "no-such-stage"})
    assert wrong.status_code == 200
    assert "筛选条件“年龄段”中有无法识别的值，已忽略。" in wrong.content.decode()
    assert wrong.context["outcome"].total == 7


DOMAIN_APPS = {"resources", "bases", "home"}


def test_search_imports_no_domain_app():
    search_dir = Path(__file__).resolve().parents[2] / "search"
    offenders = []
    for path in search_dir.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            offenders += [
                f"{path.name}: {name}"
                for name in names
                # The foundation modules under home/ are plumbing any app may import (the
                # architecture test's list: the CSV helper, the page cache, the generations).
                if name.split(".")[0] in DOMAIN_APPS and not is_foundation(name)
            ]
    assert offenders == []
