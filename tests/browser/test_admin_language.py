"""The admin speaks Chinese to the three roles: a city editor, a base's account and a district
reviewer sign in, visit every screen of their menu and the screens they work in (dashboard,
page explorer, editing and submitting, moderation, reports, imports, settings), and no visible
English word may appear outside a short allow-list (brand names, file formats, units)."""

import json
import os
import re

import pytest

pytestmark = pytest.mark.browser

BASE_NAME = "渝中区中华路小学校"  # not the workflow test's base: that one must not be in review
PASSWORD = "Bu-Shi-Mi-Ma-2026"

# Brand names, file formats and units a Chinese screen may show as they are.
ALLOWED = {
    "wagtail",
    "wagtailmedia",
    "csv",
    "excel",
    "xlsx",
    "pdf",
    "docx",
    "odt",
    "pptx",
    "txt",
    "zip",
    "jpg",
    "jpeg",
    "png",
    "gif",
    "webp",
    "avif",
    "svg",
    "heic",
    "mp",
    "mp4",
    "mp3",
    "url",
    "mb",
    "kb",
    "gb",
    "px",
    "km",
    "ical",
    "wgs",
    "gcj",
    "seo",
    "api",
    "id",
    "http",
    "https",
    "www",
    "email",
}
# Content the users typed (account names, demo addresses) is not the admin's wording.
USER_WORDS = {"admin", "city", "editor", "jiangbei", "yuzhong", "centre", "reviewer", "example", "com"}

ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z']+")
# Uploaded files keep their names (demo-audio.wav): content, not wording.
FILE_NAME = re.compile(r"[\w.-]+\.[A-Za-z0-9]{2,5}\b")

VISIBLE_TEXT = """() => {
    const texts = [document.body.innerText];
    for (const el of document.querySelectorAll('input[placeholder], textarea[placeholder]')) {
        if (el.offsetParent !== null) texts.push(el.placeholder);
    }
    // Wagtail's search forms carry a screen-reader-only submit button whose "Search" label is
    // hard-coded (no message to translate); it is never shown.
    for (const el of document.querySelectorAll('input[type=submit], input[type=button]')) {
        if (el.offsetParent !== null && !el.closest('.w-sr-only')) texts.push(el.value);
    }
    texts.push(document.title);
    return texts.join('\\n');
}"""

MENU_URLS = """() => {
    const props = document.getElementById('wagtail-sidebar-props');
    const urls = [];
    const walk = (value) => {
        if (Array.isArray(value)) { value.forEach(walk); return; }
        if (value && typeof value === 'object') {
            if (typeof value.url === 'string' && value.url.startsWith('/admin/')) urls.push(value.url);
            Object.values(value).forEach(walk);
        }
    };
    walk(JSON.parse(props.textContent));
    return [...new Set(urls)];
}"""


def english_words(text):
    words = set()
    for word in ENGLISH_WORD.findall(FILE_NAME.sub(" ", text)):
        lower = word.lower().strip("'")
        if lower not in ALLOWED and lower not in USER_WORDS:
            words.add(word)
    return words


def _log_in(page, base_url, username):
    # Leave the last page first: a response still on its way (the report a link just opened)
    # would otherwise set the previous user's session cookie again after the cookies are cleared.
    page.goto("about:blank")
    page.context.clear_cookies()
    page.goto(base_url + "/admin/login/")
    found = english_words(page.evaluate(VISIBLE_TEXT))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/admin/$"))
    return found


def _page_id(manage, query):
    out = manage("shell", "-c", f"from wagtail.models import Page; print({query})").stdout
    return int(out.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def accounts(demo_server):
    _, manage = demo_server
    manage(
        "shell",
        "-c",
        "from django.contrib.auth.models import Group; from bases.access import ensure_user;"
        f"user, _ = ensure_user('city-editor', 'editor@example.com', {PASSWORD!r});"
        "user.groups.add(Group.objects.get(name='Editors'))",
    )
    manage(
        "shell",
        "-c",
        "from bases.access import create_base_account, create_reviewer_account, find_base;"
        f"create_base_account(find_base({BASE_NAME!r}), 'yuzhong-centre', password={PASSWORD!r});"
        f"create_reviewer_account('yuzhong-reviewer', ['yuzhong'], password={PASSWORD!r})",
    )
    base_id = _page_id(manage, f"Page.objects.get(title={BASE_NAME!r}).pk")
    course_id = _page_id(manage, "Page.objects.filter(content_type__model='coursepage').first().pk")
    # The bases whose term has ended with none recorded after it, by the server's database today.
    out = manage(
        "shell",
        "-c",
        "from django.utils import timezone; from bases.choices import BaseStatus;"
        "from bases.models import InnovationBasePage;"
        "print(InnovationBasePage.objects.with_status(timezone.localdate())"
        ".filter(annotated_status=BaseStatus.EXPIRED.value).count())",
    ).stdout
    expired = int(out.strip().splitlines()[-1])
    return {"base": base_id, "course": course_id, "expired": expired}


def _visit_all(page, base_url, urls, screenshot, name):
    findings = {}
    for index, url in enumerate(urls):
        response = page.goto(base_url + url)
        assert response.status == 200, f"{url}: {response.status}"
        page.wait_for_load_state("networkidle")
        words = english_words(page.evaluate(VISIBLE_TEXT))
        if words:
            findings[url] = sorted(words)
        if index < 12:
            screenshot(f"admin-language-{name}-{index:02d}")
    return findings


def _report(findings):
    if os.environ.get("ADMIN_LANGUAGE_DUMP"):
        with open(os.environ["ADMIN_LANGUAGE_DUMP"], "a", encoding="utf-8") as out:
            out.write(json.dumps(findings, ensure_ascii=False, indent=1) + "\n")
    assert findings == {}, "English words on the admin screens:\n" + json.dumps(
        findings, ensure_ascii=False, indent=1
    )


def test_a_city_editor_sees_only_chinese(page, demo_server, accounts, screenshot):
    base_url, _ = demo_server
    page.set_viewport_size({"width": 1280, "height": 900})
    findings = {}
    if login := _log_in(page, base_url, "city-editor"):
        findings["/admin/login/"] = sorted(login)
    urls = page.evaluate(MENU_URLS)
    urls += [
        "/admin/",
        f"/admin/pages/{accounts['course']}/edit/",
        f"/admin/pages/{accounts['base']}/edit/",
        f"/admin/pages/{accounts['base']}/history/",
        "/admin/account/",
        "/admin/bases/import/",
        "/admin/bases/report/",
    ]
    findings.update(_visit_all(page, base_url, list(dict.fromkeys(urls)), screenshot, "editor"))
    _report(findings)


def test_a_base_and_its_reviewer_see_only_chinese(page, demo_server, accounts, screenshot):
    base_url, _ = demo_server
    page.set_viewport_size({"width": 1280, "height": 900})
    findings = {}
    _log_in(page, base_url, "yuzhong-centre")
    urls = page.evaluate(MENU_URLS)
    urls += ["/admin/", f"/admin/pages/{accounts['base']}/edit/", "/admin/account/"]
    findings.update(_visit_all(page, base_url, list(dict.fromkeys(urls)), screenshot, "base"))

    # The base submits a change for review: the editor's footer and the message.
    page.goto(base_url + f"/admin/pages/{accounts['base']}/edit/")
    page.locator("#id_visit_notes").fill("周六上午开放亲子阅读角。")
    page.locator("footer .dropdown-toggle, footer [data-w-dropdown-target='toggle']").last.click()
    if words := english_words(page.locator("footer").inner_text()):
        findings["editor footer menu"] = sorted(words)
    page.locator('button[name="action-submit"]').click()
    page.wait_for_load_state("networkidle")
    if words := english_words(page.evaluate(VISIBLE_TEXT)):
        findings["after submitting"] = sorted(words)
    screenshot("admin-language-base-submitted")

    # The reviewer finds it on the dashboard and opens the comparison and the review.
    _log_in(page, base_url, "yuzhong-reviewer")
    urls = page.evaluate(MENU_URLS)
    urls += ["/admin/", f"/admin/pages/{accounts['base']}/edit/", f"/admin/pages/{accounts['base']}/history/"]
    findings.update(_visit_all(page, base_url, list(dict.fromkeys(urls)), screenshot, "reviewer"))
    page.goto(base_url + f"/admin/pages/{accounts['base']}/edit/")
    page.locator("footer .dropdown-toggle, footer [data-w-dropdown-target='toggle']").last.click()
    if words := english_words(page.locator("footer").inner_text()):
        findings["reviewer footer menu"] = sorted(words)
    _report(findings)


@pytest.mark.parametrize("width", [1280, 390])
def test_each_role_sees_its_next_actions(page, demo_server, accounts, screenshot, width):
    base_url, _ = demo_server
    page.set_viewport_size({"width": width, "height": 900})

    _log_in(page, base_url, "city-editor")
    lines = page.locator("[data-role=editor] li")
    assert lines.count() == 5
    # The first line counts the bases whose term has ended with none recorded after it, as the
    # database says today (the demo's first batch has ended: there are some).
    expired = accounts["expired"]
    assert expired > 0
    assert lines.first.inner_text() == f"已到期未续期的基地：{expired}"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(f"dashboard-editor-{width}")
    lines.first.locator("a").click()
    page.wait_for_url("**/admin/bases/report/?category=expired")

    _log_in(page, base_url, "yuzhong-centre")
    mine = page.locator("[data-role=base]")
    assert BASE_NAME in mine.inner_text()
    assert "已到期" in mine.inner_text() and "无需提交年度报告" in mine.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(f"dashboard-base-{width}")

    _log_in(page, base_url, "yuzhong-reviewer")
    mine = page.locator("[data-role=reviewer]")
    assert "基地提交的修改" in mine.inner_text() and "本区未办结的撤销申请" in mine.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(f"dashboard-reviewer-{width}")
