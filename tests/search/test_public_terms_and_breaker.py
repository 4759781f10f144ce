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
from search import breaker, vocabulary
from search.config import DATABASE_BACKEND
from search.models import ApprovedSearchTerm, SearchSynonym, SearchTermWeek
from tests.factories import MicroLessonPageFactory

from .conftest import engine_config

SPAM = "沙河 加微信spam888赌博"


@pytest.fixture
def lessons(site_tree):
    MicroLessonPageFactory(parent=site_tree[2], title="亲子阅读微课", topics=["亲子阅读"])
    MicroLessonPageFactory(parent=site_tree[2], title="幼小衔接微课")
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


class HungEngine:
    """A loopback port that accepts connections and never answers; it counts the connections,
    so a test sees whether the site asked the engine at all."""

    def __init__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        self.port = self.server.getsockname()[1]
        self.held = []
        self.stopped = threading.Event()
        threading.Thread(target=self._hold, daemon=True).start()

    def _hold(self):
        self.server.settimeout(0.05)
        while not self.stopped.is_set():
            try:
                self.held.append(self.server.accept()[0])
            except OSError:
                continue
        for conn in self.held:
            conn.close()
        self.server.close()

    def connections(self):
        # Accepting runs in a thread: give a connection the client opened a moment to show.
        time.sleep(0.2)
        return len(self.held)

    def stop(self):
        self.stopped.set()


@pytest.fixture
def hung(lessons):
    engine = HungEngine()
    backends = {
        "default": engine_config("family_test_hung_", f"http://127.0.0.1:{engine.port}", 1),
        "fallback": DATABASE_BACKEND,
    }
    with override_settings(WAGTAILSEARCH_BACKENDS=backends, SEARCH_WRITE_TIMEOUT=0.5):
        yield lessons, engine
    engine.stop()


def test_one_failure_opens_the_breaker_for_every_worker(client, hung):
    _, engine = hung
    first = client.get("/search/", {"q": "亲子阅读"})
    assert "搜索引擎暂时不可用" in first.content.decode()
    assert engine.connections() == 1  # asked once, timed out (no retries)
    assert breaker.is_open()  # in the shared cache: every worker skips the engine now
    second = client.get("/search/", {"q": "幼小衔接"})
    assert [i.title for i in second.context["items"]] == ["幼小衔接微课"]
    assert "搜索引擎暂时不可用" in second.content.decode()
    assert engine.connections() == 1  # the second search never asked the hung engine


def test_suggestions_never_ask_the_engine(client, hung):
    _, engine = hung
    response = client.get("/search/suggest", {"q": "qinzi"})
    assert [s["title"] for s in response.json()["suggestions"]] == ["亲子阅读微课", "亲子阅读"]
    assert engine.connections() == 0


def test_a_publish_gives_up_on_a_hung_engine_and_the_next_skips_it(hung):
    lessons, engine = hung
    parent = lessons[2]
    first = MicroLessonPageFactory(parent=parent, title="引擎无响应时发布的微课", live=False)
    first.save_revision().publish()  # the write times out after SEARCH_WRITE_TIMEOUT ...
    assert first.specific_class.objects.get(pk=first.pk).live  # ... and the publish stands
    assert breaker.is_open()
    asked = engine.connections()
    assert asked >= 1
    second = MicroLessonPageFactory(parent=parent, title="断路器打开时发布的微课", live=False)
    second.save_revision().publish()
    assert second.specific_class.objects.get(pk=second.pk).live
    assert engine.connections() == asked  # while the breaker is open, publishing skips the engine


def test_a_programming_error_is_not_an_outage(client, hung, monkeypatch):
    """Only transport errors and timeouts fall back; a bug in the engine path is an error, not
    a notice, and does not open the breaker."""
    _, engine = hung

    def broken(*args, **kwargs):
        raise TypeError("a bug")

    monkeypatch.setattr("search.engine_query.send", broken)
    with pytest.raises(TypeError):
        client.get("/search/", {"q": "亲子阅读"})
    assert not breaker.is_open()
    assert engine.connections() == 0


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
