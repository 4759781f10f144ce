"""Any query string gets a 200 with a sensible page, on every backend, and an engine that is
down or slow never takes the search page with it."""

import socket
import threading
import time

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.config import DATABASE_BACKEND
from tests.factories import MicroLessonPageFactory

from .conftest import ENGINES, engine_config, refresh

NASTY = [
    "",
    '"',
    "(",
    ")",
    "AND",
    "OR NOT",
    "*",
    "\\",
    '"亲子 AND (阅读 OR *)\\',
    "title:阅读",
    "a" * 10_000,
    "阅读" * 5_000,
    "\x00\x01\x1f",
    "😀👨‍👩‍👧",
    "%",
    "'; DROP TABLE wagtailcore_page; --",
    "<script>alert(1)</script>",
    "　",  # ideographic space
]


@pytest.fixture
def lesson(site_tree, backend):
    MicroLessonPageFactory(parent=site_tree[2], title="亲子阅读微课")
    refresh(backend)
    return backend


@pytest.mark.parametrize("query", NASTY)
def test_reserved_syntax_and_odd_input_get_a_page(client, lesson, query):
    for url in ("/search/", "/search/suggest"):
        response = client.get(url, {"q": query, "page": "-1", "type": "x" * 100, "age": "<b>"})
        assert response.status_code == 200


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=300))
def test_any_text_gets_a_page(client, lesson, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert client.get("/search/suggest", {"q": query}).status_code == 200


def _blackhole():
    """A loopback port that accepts connections and never answers: a hung engine."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
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


@pytest.mark.parametrize("kind", ENGINES)
@pytest.mark.parametrize("situation", ["down", "slow"])
def test_engine_down_or_slow_falls_back_to_the_database(client, site_tree, situation, kind, caplog):
    MicroLessonPageFactory(parent=site_tree[2], title="亲子阅读微课")
    stop = None
    if situation == "down":
        with socket.socket() as probe:  # a port nobody listens on
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
    else:
        port, stop = _blackhole()
    backends = {
        "default": engine_config("family_test_down_", f"http://127.0.0.1:{port}", 1, kind=kind),
        "fallback": DATABASE_BACKEND,
    }
    try:
        with override_settings(WAGTAILSEARCH_BACKENDS=backends):
            started = time.monotonic()
            response = client.get("/search/", {"q": "亲子阅读"})
            elapsed = time.monotonic() - started
            suggest = client.get("/search/suggest", {"q": "亲子阅读"})
    finally:
        if stop:
            stop.set()
    assert response.status_code == 200
    assert "搜索引擎暂时不可用" in response.content.decode()
    assert [i.title for i in response.context["items"]] == ["亲子阅读微课"]
    assert elapsed < 10, f"the page waited {elapsed:.1f} s for a dead engine"
    assert "Search engine unavailable" in caplog.text
    assert suggest.status_code == 200 and suggest.json()["suggestions"][0]["title"] == "亲子阅读微课"
