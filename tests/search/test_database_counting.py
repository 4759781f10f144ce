"""The database backend counts and ranks in SQL (search/database_search.py): the ranking
expression agrees with the Python coverage ranking page by page, the pages and their order
are those of ranking every match in Python (query.rank, which the API still uses), and a
search makes as many queries with 30 matching pages as with 5."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from search import chinese, database_search
from search.database_search import page_coverage
from search.models import SearchEntry
from search.query import analyse, coverage_of, search_ids
from search.results import run_search
from tests.factories import CoursePageFactory, MicroLessonPageFactory

QUERIES = [
    "亲子阅读",
    "亲子",
    "阅读",
    "3-6岁",
    "3到6岁 绘本",
    "孩子玩手机怎么办",
    "qinziyuedu",
    "qin zi yue du",
    "亲子yuedu",
    "shouji",
    "早教",
    "基础课",
    "手机 睡前",
    "睡前故事 第13讲",
    "python编程",
    "阅",
]


@pytest.fixture
def corpus(site_tree):
    _, courses, lessons = site_tree
    CoursePageFactory(parent=courses, title="亲子阅读基础课", kind="basic", age_stages=["primary"])
    CoursePageFactory(parent=courses, title="3-6岁绘本共读", kind="online", age_stages=["3-6"])
    MicroLessonPageFactory(parent=lessons, title="第13讲：手机使用公约", summary="和孩子约定玩手机的时间。")
    MicroLessonPageFactory(parent=lessons, title="睡前故事第36讲", summary="亲子阅读的小方法。")
    MicroLessonPageFactory(parent=lessons, title="Python编程入门", summary="给初中生的编程课。")
    MicroLessonPageFactory(
        parent=lessons, title="婴幼儿照护：早期教育", topics=["亲子阅读"], age_stages=["0-3"]
    )
    for n in range(6):
        MicroLessonPageFactory(
            parent=lessons,
            title=f"亲子阅读微课第{n + 1}讲",
            summary="每天睡前一起读十五分钟。",
            age_stages=["primary"] if n % 2 else ["3-6"],
            topics=["亲子阅读"],
        )
    # A page the suggestion vocabulary does not have yet (its row is written when it is saved):
    # ranked on its title alone, lower-cased (SQL does not fold traditional characters).
    missing = MicroLessonPageFactory(parent=lessons, title="亲子阅读：绘本推荐 ABC")
    SearchEntry.objects.filter(page_id=missing.pk).delete()


@pytest.mark.parametrize("query", QUERIES)
def test_the_sql_ranking_is_the_python_coverage(corpus, query):
    analysis = analyse(query)
    pages = Page.objects.live().filter(depth__gt=3).annotate(score=page_coverage(analysis))
    entries = {
        row[0]: row[1:]
        for row in SearchEntry.objects.filter(kind=SearchEntry.Kind.PAGE).values_list(
            "page_id", "pinyin", "keywords"
        )
    }
    assert len(pages) == 13
    for page in pages:
        pinyin, keywords = entries.get(page.pk, ("", ""))
        expected = coverage_of(analysis, chinese.fold(page.title), pinyin, keywords)
        assert page.score == pytest.approx(expected, abs=1e-9), (query, page.title)


def _all_pages(query, filters=None):
    first = run_search(query, filters or {})
    ids = [page.pk for page in first.items]
    for number in range(2, first.page_obj.paginator.num_pages + 1):
        ids += [page.pk for page in run_search(query, filters or {}, page_number=number).items]
    assert len(ids) == first.total
    return first, ids


@pytest.mark.parametrize("window", [0, 2, database_search.RERANK_WINDOW])
@pytest.mark.parametrize("query", QUERIES)
def test_the_results_are_those_of_ranking_every_match_in_python(corpus, query, window, monkeypatch):
    """Every results page, in order, with the SQL order alone (window 0), re-ranked, and with a
    window smaller than the number of pages matching the whole query in their title (2: the
    first window is theirs, no coverage computed)."""
    monkeypatch.setattr(database_search, "RERANK_WINDOW", window)
    outcome, ids = _all_pages(query)
    expected, partial, _ = search_ids(query)
    assert ids == expected
    assert outcome.partial == partial


def _queries(query, filters, sort="relevance"):
    run_search(query, filters, sort)  # caches warm (content types, synonyms)
    with CaptureQueriesContext(connection) as context:
        outcome = run_search(query, filters, sort)
    return len(context.captured_queries), outcome


@pytest.mark.parametrize(
    ("query", "filters", "sort"),
    [
        ("亲子阅读", {}, "relevance"),
        ("亲子阅读", {"age": ["primary"], "type": ["microlessonpage"]}, "relevance"),
        ("亲子阅读", {"topic": ["亲子阅读"]}, "newest"),
        # Few pages match every word; many match most of it (the coverage branch).
        ("亲子阅读 小方法", {}, "relevance"),
    ],
)
def test_a_search_makes_as_many_queries_for_30_matches_as_for_5(site_tree, query, filters, sort):
    _, courses, lessons = site_tree
    CoursePageFactory(parent=courses, title="亲子阅读小方法", kind="basic", age_stages=["primary"])

    def add(count, start):
        for n in range(start, start + count):
            MicroLessonPageFactory(
                parent=lessons,
                title=f"亲子阅读微课第{n + 1}讲",
                age_stages=["primary"],
                topics=["亲子阅读"],
            )

    add(20, 0)  # past the point where pages matching only part of the query are looked for
    few, small = _queries(query, filters, sort)
    add(25, 20)
    many, large = _queries(query, filters, sort)
    assert large.total > small.total >= 5
    assert many == few
