"""Home, a filtered course list and a video lesson in a real Chromium, phone and desktop."""

import pytest

pytestmark = pytest.mark.browser

WIDTHS = {"phone": 390, "desktop": 1280}


@pytest.fixture
def demo_site(demo_server):
    return demo_server[0]


def _no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("viewport", WIDTHS)
def test_public_pages_work_in_a_real_browser(page, demo_site, viewport, console_errors, screenshot):
    page.set_viewport_size({"width": WIDTHS[viewport], "height": 900})

    # Home: search box, age shortcuts, today's 亲子三刻钟, featured courses, newest lessons.
    page.goto(demo_site + "/")
    assert page.title() == "家庭教育资源平台"
    assert page.get_by_role("combobox", name="搜索课程、微课和实践基地").is_visible()
    assert page.locator(".stage").count() == 5
    assert page.locator(".today-item").count() == 3
    assert page.get_by_role("heading", name="推荐课程").is_visible()
    assert page.get_by_role("heading", name="最新微课").is_visible()
    assert _no_horizontal_scroll(page)
    screenshot(f"home-{viewport}")

    # Age shortcut leads to a filtered lesson list.
    page.locator(".stage", has_text="初中").click()
    page.wait_for_url("**/lessons/?age=junior")
    assert "年龄段：初中" in page.locator(".active-filters").inner_text()

    # A filtered course list, chosen the way a parent would: open the filters, tick, apply.
    page.goto(demo_site + "/courses/")
    total = page.locator(".card").count()
    page.locator("summary", has_text="筛选").click()
    page.get_by_label("基础课").check()
    page.get_by_label("小学", exact=True).check()
    page.get_by_role("button", name="应用筛选").click()
    page.wait_for_url("**/courses/?*kind=basic*")
    assert "age=primary" in page.url
    cards = page.locator(".card")
    assert 0 < cards.count() < total
    for text in cards.all_inner_texts():
        assert "基础课" in text and "小学" in text
    assert _no_horizontal_scroll(page)
    screenshot(f"courses-basic-primary-{viewport}")

    # Nothing matches: a clear message and a way back.
    page.goto(demo_site + "/courses/?kind=online&age=senior&topic=婴幼儿照护")
    assert page.get_by_text("没有找到符合条件的课程").is_visible()

    # A lesson with video (found as a parent would, with the 形式 filter): the player loads
    # the real file, and the transcript is there.
    page.goto(demo_site + "/lessons/?media=video")
    page.locator(".card__link").first.click()
    video = page.locator("video.lesson-player")
    video.wait_for()
    assert video.locator("source").first.get_attribute("type") == "video/mp4"
    # H.264/AAC plays: the browser buffers enough to play through (HAVE_ENOUGH_DATA) ...
    video.evaluate("v => { v.muted = true; v.preload = 'auto'; v.load(); }")
    page.wait_for_function(
        "() => document.querySelector('video.lesson-player').readyState === 4", timeout=20_000
    )
    # ... and the file lasts what the page says.
    label = page.locator("[data-duration]").inner_text()
    assert label.endswith(" 分钟")
    assert video.evaluate("v => v.duration") == pytest.approx(int(label.split()[0]) * 60, abs=5)
    video.evaluate("v => v.play()")
    page.wait_for_function(
        "() => document.querySelector('video.lesson-player').currentTime > 0.5", timeout=10_000
    )
    page.locator("summary", has_text="文字稿").click()
    assert page.locator(".transcript .prose").is_visible()
    assert page.locator(".badge--example").first.is_visible()
    assert _no_horizontal_scroll(page)
    screenshot(f"lesson-video-{viewport}")

    assert console_errors == []
