"""Varnish in front of gunicorn (production settings), both on loopback: the second request
is served by Varnish, and a publish in the admin's way purges it (wagtail frontend_cache)."""

import urllib.request

import pytest

from home.loopback_stack import Stack, which
from tests.conftest import IN_CI

PUBLISH = """
from home.models import HomePage
home = HomePage.objects.get()
home.intro = "{intro}"
home.save_revision().publish()
"""


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.headers, response.read().decode()


@pytest.fixture
def stack(tmp_path):
    if not which("varnishd"):
        message = "varnishd is missing (Debian: apt-get install varnish)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    stack = Stack(tmp_path / "stack", workers=2)
    try:
        stack.prepare("--lessons", "3")
        stack.start_app()
        stack.start_varnish()
        yield stack
    finally:
        stack.close()


def test_varnish_serves_the_second_request_and_is_purged_on_publish(stack):
    url = stack.varnish_url + "/"
    first_headers, _ = fetch(url)
    assert first_headers["X-Cache"] == "MISS"
    second_headers, body = fetch(url)
    assert second_headers["X-Cache"] == "HIT"
    assert len(second_headers["X-Varnish"].split()) == 2  # this request's id and the cached object's
    assert "亲子时光从这里开始" not in body

    stack.manage("shell", "-c", PUBLISH.format(intro="亲子时光从这里开始"))
    headers, body = fetch(url)
    assert headers["X-Cache"] == "MISS"
    assert "亲子时光从这里开始" in body
    # Then cached again.
    assert fetch(url)[0]["X-Cache"] == "HIT"
    # A lesson shown on the home page changes: every page of the site is banned.
    stack.manage("shell", "-c", RENAME_LESSON)
    assert "改名后的示例微课" in fetch(url)[1]

    # gunicorn itself (Varnish bypassed): a hit of the app's page cache carries every header of
    # the miss that stored it, production's security headers included.
    app_url = stack.app_url + "/lessons/"
    miss_headers, miss_body = fetch(app_url)
    hit_headers, hit_body = fetch(app_url)
    assert (miss_headers["X-Page-Cache"], hit_headers["X-Page-Cache"]) == ("miss", "hit")
    assert replayed(hit_headers) == replayed(miss_headers)
    assert "Content-Security-Policy" in hit_headers and "X-Content-Type-Options" in hit_headers
    assert hit_body == miss_body


def replayed(headers):
    """The headers the site sets (gunicorn adds Date, Server and Connection itself)."""
    return sorted(
        (name, value)
        for name, value in headers.items()
        if name.lower() not in {"date", "server", "connection", "x-page-cache"}
    )


RENAME_LESSON = """
from resources.models import MicroLessonPage
lesson = MicroLessonPage.objects.order_by("-first_published_at", "-pk").first()
lesson.title = "改名后的示例微课"
lesson.save_revision().publish()
"""
