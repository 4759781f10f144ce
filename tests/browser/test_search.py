"""Search as a parent uses it in a real browser: type, pick a completion with the keyboard,
read highlighted results, filter them."""

import re

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [390, 1280])
def test_search_with_keyboard_autocomplete_and_filters(page, demo_server, width, console_errors, screenshot):
    base_url, _ = demo_server
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base_url + "/")
    box = page.get_by_role("combobox", name="搜索课程、微课和实践基地")
    box.fill("睡眠")
    options = page.get_by_role("option")
    options.first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    assert options.first.get_attribute("aria-selected") == "true"
    title = options.first.inner_text()
    box.press("Enter")
    page.wait_for_url(re.compile(r"/lessons/[^/]+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == title

    # A full search: results with highlighted words, counts per type, then a filter.
    page.goto(base_url + "/search/?q=青春期")
    assert page.locator(".result").count() > 0
    assert page.locator(".result__title mark").first.inner_text() in {"青春", "青春期", "春期"}
    screenshot(f"search-results-{width}")
    page.locator("summary", has_text="筛选与排序").click()
    page.locator("input[name=type][value=coursepage]").check()
    page.get_by_role("button", name="应用").click()
    page.wait_for_url(re.compile(r"type=coursepage"))
    assert page.locator(".result").count() > 0
    for badge in page.locator(".result .card__badges .badge:first-child").all_inner_texts():
        assert badge == "课程"

    # Nothing found: help instead of a dead end.
    page.goto(base_url + "/search/?q=量子力学与火箭发射")
    assert page.get_by_text("没有找到和“量子力学与火箭发射”相关的内容").is_visible()
    assert console_errors == []
