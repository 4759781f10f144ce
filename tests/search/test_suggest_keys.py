"""Suggestions read the lookup keys (SearchKey): a completion anywhere in a title, in its
characters or its fuzzy pinyin, typed however parents type it, in a number of queries that
does not grow with the vocabulary; the keys follow publishing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from search import vocabulary
from search.models import SearchEntry, SearchKey
from tests.factories import MicroLessonPageFactory

SHAHE = "万州区沙河小学家长课堂"
FENGTIAN = "沙坪坝区覃家岗街道凤天路社区儿童之家"


@pytest.fixture
def lessons(site_tree):
    lessons = site_tree[2]
    MicroLessonPageFactory(parent=lessons, title="亲子阅读微课", topics=["亲子阅读"])
    MicroLessonPageFactory(parent=lessons, title=SHAHE)
    MicroLessonPageFactory(parent=lessons, title=FENGTIAN)
    MicroLessonPageFactory(parent=lessons, title="python 编程入门")
    return lessons


def titles(client, query):
    response = client.get("/search/suggest", {"q": query})
    assert response.status_code == 200
    return [s["title"] for s in response.json()["suggestions"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sahe", SHAHE),  # pinyin inside a title, s/sh merged
        ("shahe", SHAHE),
        ("ｓａｈｅ", SHAHE),  # full-width
        ("沙河", SHAHE),  # characters inside a title
        ("fentianlu", FENGTIAN),  # f/h, eng/en, l/n inside a title
        ("qinjiagang", FENGTIAN),  # the local reading of 覃
        ("家长 课堂", SHAHE),  # words with a space
        ("亲子yuedu", "亲子阅读微课"),  # mixed
        ("qinziyued", "亲子阅读微课"),  # the last syllable not finished
        ("qin zi", "亲子阅读微课"),
        ("親子閱讀", "亲子阅读微课"),  # traditional
        ("qzyd", "亲子阅读微课"),  # initials
        ("python编程", "python 编程入门"),
        ("编程", "python 编程入门"),
    ],
)
def test_completions_as_parents_type(client, lessons, query, expected):
    assert expected in titles(client, query)


def test_a_match_at_the_start_comes_first_then_pages_topics_labels(client, lessons):
    MicroLessonPageFactory(parent=lessons, title="示例：亲子阅读的三个误区")
    assert titles(client, "亲子阅读")[:3] == ["亲子阅读微课", "亲子阅读", "示例：亲子阅读的三个误区"]
    assert titles(client, "qinziyuedu")[:3] == ["亲子阅读微课", "亲子阅读", "示例：亲子阅读的三个误区"]


def test_no_completion_inside_a_latin_word_or_for_what_is_no_pinyin(client, lessons):
    assert titles(client, "ython") == []
    assert titles(client, "zzzq") == []


def _queries(query):
    with CaptureQueriesContext(connection) as ctx:
        vocabulary.suggest(query)
    return len(ctx.captured_queries)


def test_as_many_queries_for_a_large_vocabulary_as_for_a_small_one(lessons):
    few = {q: _queries(q) for q in ("qinzi", "亲子", "zzz")}
    for n in range(30):
        MicroLessonPageFactory(parent=lessons, title=f"亲子阅读第{n}课", topics=["亲子阅读", f"主题{n}"])
    assert {q: _queries(q) for q in ("qinzi", "亲子", "zzz")} == few
    assert few["qinzi"] <= 4
    assert few["zzz"] == 1  # nothing found: the lookup only
    assert len(vocabulary.suggest("亲子")) == vocabulary.LIMIT


def test_unpublished_and_deleted_pages_leave_no_keys(client, lessons):

    page = MicroLessonPageFactory(parent=lessons, title="科学实验开放日")
    assert titles(client, "kexue") == ["科学实验开放日"]
    page.unpublish()
    assert titles(client, "kexue") == []
    assert not SearchKey.objects.filter(key__contains="kexue").exists()
    page.save_revision().publish()
    assert titles(client, "kexue") == ["科学实验开放日"]
    Page.objects.get(pk=page.pk).specific.delete()  # publish() worked on a copy of the page
    assert titles(client, "kexue") == []
    assert not SearchKey.objects.filter(key__contains="kexue").exists()


def _keys_match_the_rows():
    expected = sorted(
        (pk, key)
        for pk, folded, weight in SearchEntry.objects.values_list("pk", "folded", "weight")
        for key in vocabulary.entry_keys(folded, weight)
    )
    assert expected
    assert sorted(SearchKey.objects.values_list("entry_id", "key")) == expected


def test_saving_pages_and_the_rebuild_write_the_keys_of_every_row(lessons):
    MicroLessonPageFactory(parent=lessons, title="幼小衔接微课", topics=["幼小衔接"])
    _keys_match_the_rows()
    vocabulary.rebuild()
    _keys_match_the_rows()


def test_a_long_query_is_checked_whole(client, lessons):
    long_title = "家庭教育" * 12
    MicroLessonPageFactory(parent=lessons, title=long_title)
    assert titles(client, long_title) == [long_title]
    assert titles(client, "家庭教育" * 11 + "家长") == []


def test_pages_no_longer_live_or_public_are_never_suggested_even_if_the_vocabulary_lags(client, lessons):

    assert titles(client, "sahe") == [SHAHE]
    Page.objects.filter(title=SHAHE).update(live=False)  # no signal: the vocabulary still has it
    assert titles(client, "sahe") == []
    assert titles(client, "qinziyuedu")[:2] == ["亲子阅读微课", "亲子阅读"]
    PageViewRestriction.objects.create(page=lessons, restriction_type=PageViewRestriction.LOGIN)
    assert titles(client, "qinziyuedu") == ["亲子阅读"]  # the topic leads to a search
