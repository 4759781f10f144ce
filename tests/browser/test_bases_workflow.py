"""A base keeps its profile up to date through review, in a real Chromium: the base's account
logs in, edits its profile and submits it; the public profile does not change; the district
reviewer approves from the dashboard; the public profile shows the change."""

import re

import pytest

pytestmark = pytest.mark.browser

BASE_NAME = "江北区妇女儿童活动中心"
PROFILE = "/bases/jiangbei-women-children-centre/"
NEW_PHONE = "023-67001234"
NEW_NOTES = "周六上午开放亲子阅读角，请提前一天电话预约。"


def _password(manage, tmp_path, *args):
    secret = tmp_path / f"{args[1] if args[0] == 'create_base_account' else args[0]}.txt"
    manage(*args, "--password-file", str(secret))
    return secret.read_text(encoding="utf-8").strip()


def _log_in(page, base_url, username, password):
    # Leave the last page first, so that no response still on its way sets the previous
    # user's session cookie again after the cookies are cleared.
    page.goto("about:blank")
    page.context.clear_cookies()
    page.goto(base_url + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/admin/$"))


def test_a_base_edits_and_the_reviewer_approves(page, demo_server, tmp_path, screenshot, console_errors):
    base_url, manage = demo_server
    page.set_viewport_size({"width": 1280, "height": 900})
    base_password = _password(manage, tmp_path, "create_base_account", BASE_NAME, "jiangbei-centre")
    reviewer_password = _password(
        manage, tmp_path, "create_reviewer_account", "jiangbei-reviewer", "--district", "江北区"
    )

    # The public profile before: no phone yet.
    page.goto(base_url + PROFILE)
    assert NEW_PHONE not in page.content()

    # The base logs in and finds its own profile in its menu.
    _log_in(page, base_url, "jiangbei-centre", base_password)
    page.goto(base_url + "/admin/base_pages/")
    page.get_by_role("link", name=BASE_NAME).first.click()
    page.wait_for_url(re.compile(r".*/admin/pages/\d+/edit/$"))
    assert page.locator("#id_title").is_disabled()  # the name is the city's to change
    assert page.locator('button[name="action-publish"]').count() == 0  # a base never publishes

    page.locator("#id_contact_phone").fill(NEW_PHONE)
    page.locator("#id_visit_notes").fill(NEW_NOTES)
    screenshot("bases-workflow-base-edits")
    page.locator("footer .dropdown-toggle, footer [data-w-dropdown-target='toggle']").last.click()
    page.locator('button[name="action-submit"]').click()
    page.wait_for_url(re.compile(r".*/admin/pages/\d+/(edit/)?$"))
    assert "审核" in page.locator(".messages").inner_text()
    screenshot("bases-workflow-submitted")

    # Submitted, not public.
    page.goto(base_url + PROFILE)
    assert NEW_PHONE not in page.content()
    assert NEW_NOTES not in page.content()

    # The district reviewer sees it on the dashboard and approves it.
    _log_in(page, base_url, "jiangbei-reviewer", reviewer_password)
    awaiting = page.locator("section", has=page.get_by_role("heading", name="等待你审核"))
    row = awaiting.locator("tr", has_text=BASE_NAME)
    row.wait_for()
    screenshot("bases-workflow-reviewer-dashboard")
    row.locator("[data-w-dropdown-target='toggle'], .dropdown-toggle").first.click()
    row.get_by_role("button", name="通过", exact=True).click()
    page.wait_for_load_state("networkidle")
    row.wait_for(state="detached")

    # Public now.
    page.goto(base_url + PROFILE)
    page.get_by_text(NEW_PHONE).first.wait_for()
    assert NEW_NOTES in page.content()
    screenshot("bases-workflow-public-profile")
    assert console_errors == []


@pytest.mark.parametrize("width", [390, 1280])
def test_the_bases_list_on_phone_and_desktop(page, demo_server, width, screenshot, console_errors):
    base_url, _ = demo_server
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base_url + "/bases/")
    assert page.locator(".status-count").count() == 4
    assert "作为历史记录保留在列表中" in page.locator(".status-summary__note").inner_text()
    page.locator("summary", has_text="筛选").click()
    page.get_by_label("沙坪坝区").check()
    page.get_by_role("button", name="应用筛选").click()
    page.wait_for_url("**/bases/?district=shapingba")
    cards = page.locator(".card")
    assert cards.count() == 3
    for text in cards.all_inner_texts():
        assert "沙坪坝区" in text and "已到期" in text
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(f"bases-list-shapingba-{width}")
    assert console_errors == []
