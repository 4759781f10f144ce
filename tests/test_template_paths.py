"""No template links to an internal address written out: a section's address is its page's slug,
which an editor may change, and a view's address is its URL pattern. Templates use
``{% url %}``, ``{% pageurl %}``/``{% slugurl %}``, ``{% section_url %}`` or the menu built from
the page tree (``{% main_menu %}``), and ``{% static %}`` for files."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

# An attribute holding an address (href, src, action, poster, data-…-url) that starts with one
# slash (two slashes would be another host), or a quoted address inside a template tag.
ATTRIBUTE = re.compile(
    r"""\b(?:href|src|action|formaction|poster|data-[\w-]*url)\s*=\s*["'](/(?!/)[^"'{]*)"""
)
IN_TAG = re.compile(r"""\{%[^%]*?["'](/(?!/)[^"']*)["'][^%]*%\}""")

# (template, path): why it stays written out.
ALLOWED = {
    (
        "500.html",
        "/",
    ): "the error page is rendered without context when something failed, even URL resolution; "
    "the site's root address cannot be renamed by an editor",
}


def literal_paths(text):
    return [match.group(1) for pattern in (ATTRIBUTE, IN_TAG) for match in pattern.finditer(text)]


def test_templates_hold_no_literal_internal_address():
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        for address in literal_paths(path.read_text(encoding="utf-8")):
            if (name, address) not in ALLOWED:
                found.append(f"{name}: {address}")
    assert found == []


def test_every_allowed_address_is_still_there():
    gone = [
        key
        for key in ALLOWED
        if key[1] not in literal_paths((TEMPLATES / key[0]).read_text(encoding="utf-8"))
    ]
    assert gone == []


def test_the_check_sees_literal_addresses():
    text = (
        '<a href="/courses/">课程</a> <form action="/search/"> <img src="/media/x.png">'
        '{% include "x.html" with url="/map/" %} <a href="//cdn.example/x"> <a href="{% url \'search\' %}">'
        '<a href="{{ page.url }}"> <a href="?q=1"> <a href="#main">'
    )
    assert literal_paths(text) == ["/courses/", "/search/", "/media/x.png", "/map/"]
