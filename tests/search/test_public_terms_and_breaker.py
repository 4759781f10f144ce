"""Issue 9, findings 5 and 8: what visitors type never becomes public text, statistics are
stored once and bounded; a failing or hung engine is skipped by a breaker shared through the
cache, suggestions never wait on it and publishing does not either."""

import socket
import threading
import time

import pytest
from django.contrib.auth.models import User
from django.test import override_settings
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from resources.models import MicroLessonPage
from search import breaker
from search.config import DATABASE_BACKEND
from search.models import ApprovedSearchTerm, SearchSynonym, SearchTermWeek
from tests.factories import MicroLessonPageFactory

from .conftest import engine_config

SPAM = "沙河 加微信spam888赌博"


@pytest.fixture
def lessons(site_tree):
    MicroLessonPageFactory(parent=site_tree[2], title="亲子阅读微课", topics=["亲子阅读"])
    MicroLessonPageFactory(parent=site_tree[2], title="幼小衔接微课")
    from search import vocabulary

    vocabulary.rebuild()
    return site_tree


def _popular(client):
    response = client.get("/search/", {"q": "完全没有的内容xyz"})
    assert response.status_code == 200
    assert response.context["items"] == []
    return response.context["popular"]


def test_spam_searches_never_reach_the_public_page(client, lessons):
    for _ in range(10):
        client.get("/search/", {"q": SPAM})
    for _ in range(3):
        client.get("/search/", {"q": "亲子阅读"})
    popular = _popular(client)
    assert popular == ["亲子阅读"]
    html = client.get("/search/", {"q": "完全没有的内容xyz"}).content.decode()
    assert "spam888" not in html


def test_terms_editors_approve_are_shown(client, lessons):
    for _ in range(2):
        client.get("/search/", {"q": "微课"})
    assert "微课" not in _popular(client)
    ApprovedSearchTerm.objects.create(term="微课")
    assert "微课" in _popular(client)


def test_statistics_are_stored_once_and_bounded(client, lessons, monkeypatch):
    client.get("/search/", {"q": "亲子阅读"})
    client.get("/search/", {"q": "亲子阅读"})
    assert Query.objects.count() == 0
    assert QueryDailyHits.objects.count() == 0
    assert list(SearchTermWeek.objects.values_list("term", "searches")) == [("亲子阅读", 2)]

    client.get("/search/", {"q": "长" * 80})
    assert not SearchTermWeek.objects.filter(term__startswith="长").exists()
    assert SearchTermWeek.objects.get(term="（其他）").searches == 1

    monkeypatch.setattr("search.models.MAX_TERMS_PER_WEEK", 3)
    for term in ["甲", "乙", "丙"]:
        client.get("/search/", {"q": term})
    # 甲 fills the week's third row; 乙 and 丙 are counted under （其他）
    terms = SearchTermWeek.objects.values_list("term", flat=True)
    assert sorted(terms) == sorted(["亲子阅读", "（其他）", "甲"])
    assert SearchTermWeek.objects.get(term="（其他）").searches == 3
    client.get("/search/", {"q": "亲子阅读"})  # known terms still count
    assert SearchTermWeek.objects.get(term="亲子阅读").searches == 3


def test_editors_manage_synonyms_in_the_admin(client, lessons):
    assert [i.title for i in client.get("/search/", {"q": "共读绘本"}).context["items"]] == []
    editor = User.objects.create_superuser("editor", "editor@example.com", "pw-editor-123")
    client.force_login(editor)
    response = client.post(
        "/admin/snippets/search/searchsynonym/add/",
        {"term": "共读绘本", "alternatives": "亲子阅读、睡前故事", "both_ways": ""},
    )
    assert response.status_code == 302
    assert SearchSynonym.objects.get(term="共读绘本").alternative_list() == ["亲子阅读", "睡前故事"]
    titles = [i.title for i in client.get("/search/", {"q": "共读绘本"}).context["items"]]
    assert titles == ["亲子阅读微课"]
    page = client.get("/admin/snippets/search/searchsynonym/").content.decode()
    assert "搜索同义词" in page and "早教" in page  # the shipped default list is there


def test_synonym_without_alternatives_gets_a_chinese_message(client, lessons):
    client.force_login(User.objects.create_superuser("editor", "e@example.com", "pw-editor-123"))
    response = client.post(
        "/admin/snippets/search/searchsynonym/add/", {"term": "早读", "alternatives": "早读"}
    )
    assert response.status_code == 200
    assert "请至少填写一个不同于搜索词的同义词" in response.content.decode()
    assert not SearchSynonym.objects.filter(term="早读").exists()


# --- Finding 8: the circuit breaker ---------------------------------------------------------


def _hung_engine():
    """A loopback port that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    stop = threading.Event()

    def hold():
        held = []
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue
        for conn in held:
            conn.close()
        server.close()

    threading.Thread(target=hold, daemon=True).start()
    return server.getsockname()[1], stop


@pytest.fixture
def hung(lessons):
    port, stop = _hung_engine()
    backends = {
        "default": engine_config("family_test_hung_", f"http://127.0.0.1:{port}", 1),
        "fallback": DATABASE_BACKEND,
    }
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        yield lessons
    stop.set()


def _timed(function):
    started = time.monotonic()
    result = function()
    return result, time.monotonic() - started


def test_one_failure_opens_the_breaker_for_every_worker(client, hung):
    first, first_time = _timed(lambda: client.get("/search/", {"q": "亲子阅读"}))
    assert "搜索引擎暂时不可用" in first.content.decode()
    assert breaker.is_open()  # in the shared cache: every worker skips the engine now
    second, second_time = _timed(lambda: client.get("/search/", {"q": "幼小衔接"}))
    assert [i.title for i in second.context["items"]] == ["幼小衔接微课"]
    assert "搜索引擎暂时不可用" in second.content.decode()
    assert first_time > 0.9  # the 1 s timeout of this test's engine
    assert second_time < 0.9, f"the second search waited {second_time:.2f} s"


def test_suggestions_never_wait_on_the_engine(client, hung):
    response, elapsed = _timed(lambda: client.get("/search/suggest", {"q": "qinzi"}))
    assert [s["title"] for s in response.json()["suggestions"]] == ["亲子阅读微课", "亲子阅读"]
    assert elapsed < 0.3, f"a suggestion took {elapsed:.2f} s"


def test_publishing_skips_the_engine_while_the_breaker_is_open(hung):
    breaker.trip(TimeoutError("test"))
    lesson = MicroLessonPageFactory(parent=hung[2], title="断路器打开时发布的微课", live=False)
    _, elapsed = _timed(lambda: lesson.save_revision().publish())
    assert elapsed < 0.9, f"publishing waited {elapsed:.2f} s on a hung engine"


def test_a_programming_error_is_not_an_outage(client, lessons, monkeypatch):
    """Only transport errors and timeouts fall back; a bug is an error, not a notice."""

    def broken(*args, **kwargs):
        raise TypeError("a bug")

    monkeypatch.setattr("search.query._find", broken)
    with pytest.raises(TypeError):
        client.get("/search/", {"q": "亲子阅读"})
    assert not breaker.is_open()


def test_suggestions_read_pinyin_initials_spaces_and_traditional(client, lessons):
    def titles(query):
        return [s["title"] for s in client.get("/search/suggest", {"q": query}).json()["suggestions"]]

    assert titles("qinzi")[:2] == ["亲子阅读微课", "亲子阅读"]  # the page first, then the topic
    assert titles("qinziyuedu")[:2] == ["亲子阅读微课", "亲子阅读"]
    assert titles("qzyd")[:2] == ["亲子阅读微课", "亲子阅读"]
    assert titles("親子")[:2] == ["亲子阅读微课", "亲子阅读"]
    assert titles("幼小 衔接") == ["幼小衔接微课"]
    assert titles("youxiao") == ["幼小衔接微课"]
    lesson = MicroLessonPage.objects.get(title="亲子阅读微课")
    response = client.get("/search/suggest", {"q": "亲子阅读"}).json()["suggestions"]
    assert [s["url"] for s in response[:2]] == [lesson.url, "/search/?q=%E4%BA%B2%E5%AD%90%E9%98%85%E8%AF%BB"]
