"""Organisers in the admin: who sees which sign-ups (HTTP level), exports, check-in."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from bases.access import create_base_account, create_reviewer_account, ensure_user
from home.signup import services
from home.signup.models import Signup
from tests.denial import assert_denied
from tests.spreadsheets import csv_rows, xlsx_rows, xlsx_sheet

from .conftest import make_open_day_window

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(tree):
    editor, _ = ensure_user("editor", password="x-editor-pass-1")
    editor.groups.add(Group.objects.get(name="Editors"))
    base_a, _, _ = create_base_account(tree["bases"][0], "base-a", password="x-base-a-pass-1")
    base_b, _, _ = create_base_account(tree["bases"][1], "base-b", password="x-base-b-pass-1")
    reviewer, _ = create_reviewer_account("reviewer", ["jiangbei", "yuzhong"], password="x-reviewer-pass-1")
    return {"editor": editor, "base_a": base_a, "base_b": base_b, "reviewer": reviewer}


@pytest.fixture
def signed_up(window):
    services.sign_up(window.pk, name="示例家长", mobile="13800138000", adults=2, children=1)
    services.sign_up(window.pk, name='=HYPERLINK("x")', mobile="13900139000", adults=1, children=0)
    return window


def assert_refused(response):
    """Wagtail's admin answers a refused permission with a redirect to the dashboard."""
    assert_denied(response)
    assert b"13800138000" not in response.content


def urls(window):
    return [
        reverse("signups:event", args=[window.pk]),
        reverse("signups:checkin", args=[window.pk]),
        reverse("signups:export_csv", args=[window.pk]),
        reverse("signups:export_xlsx", args=[window.pk]),
    ]


@pytest.mark.parametrize("who", ["editor", "base_a"])
def test_editors_and_the_sites_own_base_see_the_signups(client, people, signed_up, who):
    client.force_login(people[who])
    index = client.get(reverse("signups:index"))
    assert index.status_code == 200
    assert signed_up.event_title in index.content.decode()
    for url in urls(signed_up):
        assert client.get(url).status_code == 200, url
    text = client.get(reverse("signups:event", args=[signed_up.pk])).content.decode()
    assert "示例家长" in text and "13800138000" in text


def test_another_base_sees_none(client, people, signed_up, tree):
    own = make_open_day_window(tree["other_site"])
    client.force_login(people["base_b"])
    index = client.get(reverse("signups:index")).content.decode()
    assert signed_up.event_title not in index
    assert own.event_title in index
    for url in urls(signed_up):
        assert_refused(client.get(url))
    first = Signup.objects.first()
    assert_refused(client.post(reverse("signups:checkin", args=[signed_up.pk]), {"signup": first.pk}))
    assert not Signup.objects.filter(attended_at__isnull=False).exists()


def test_reviewers_see_none(client, people, signed_up):
    client.force_login(people["reviewer"])
    assert_refused(client.get(reverse("signups:index")))
    for url in urls(signed_up):
        assert_refused(client.get(url))
    assert "活动报名" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_anonymous_goes_to_login(client, signed_up):
    response = client.get(reverse("signups:event", args=[signed_up.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_base_account_cannot_edit_signup_windows(client, people, signed_up):
    client.force_login(people["base_a"])
    assert_refused(client.get(reverse("signup_windows:index")))
    client.force_login(people["editor"])
    assert client.get(reverse("signup_windows:index")).status_code == 200
    assert client.get(reverse("signup_windows:edit", args=[signed_up.pk])).status_code == 200


def test_csv_export_has_bom_and_is_formula_safe(client, people, signed_up):
    client.force_login(people["editor"])
    response = client.get(reverse("signups:export_csv", args=[signed_up.pk]))
    rows = csv_rows(response)
    assert rows[0][:3] == ["报名码", "家长姓名", "手机号"]
    names = [row[1] for row in rows[1:]]
    assert names == ["示例家长", '\'=HYPERLINK("x")']


def test_xlsx_export_is_formula_safe(client, people, signed_up):
    client.force_login(people["base_a"])
    response = client.get(reverse("signups:export_xlsx", args=[signed_up.pk]))
    sheet = xlsx_sheet(response)
    values = xlsx_rows(response, min_row=3)
    assert [row[1] for row in values] == ["示例家长", '\'=HYPERLINK("x")']
    assert all(cell.data_type == "s" for cell in sheet["B"][2:])


def test_check_in_by_code_and_by_name(client, people, signed_up):
    client.force_login(people["base_a"])
    first, _second = Signup.objects.order_by("pk")
    url = reverse("signups:checkin", args=[signed_up.pk])
    found = client.get(url, {"q": first.code.lower()}).content.decode()
    assert "示例家长" in found and "HYPERLINK" not in found
    response = client.post(url, {"signup": first.pk}, follow=True)
    assert "签到成功" in response.content.decode()
    first.refresh_from_db()
    assert first.attended_at is not None and first.checked_in_by == people["base_a"]
    assert "已经签到过了" in client.post(url, {"signup": first.pk}, follow=True).content.decode()
    assert "HYPERLINK" in client.get(url, {"q": "HYPER"}).content.decode()


def test_check_in_refuses_waitlisted_and_other_events(client, people, tree):
    window = make_open_day_window(tree["site"], places=1)
    services.sign_up(window.pk, name="示例甲", mobile="13800000001", adults=1, children=1)
    waiting = services.sign_up(window.pk, name="示例乙", mobile="13800000002", adults=1, children=1).signup
    other = make_open_day_window(tree["other_site"])
    stranger = services.sign_up(other.pk, name="示例丙", mobile="13800000003", adults=1, children=1).signup
    client.force_login(people["editor"])
    url = reverse("signups:checkin", args=[window.pk])
    assert (
        "只有报名成功的家庭可以签到" in client.post(url, {"signup": waiting.pk}, follow=True).content.decode()
    )
    assert "没有找到这条报名" in client.post(url, {"signup": stranger.pk}, follow=True).content.decode()
    assert "没有找到这条报名" in client.post(url, {"signup": "x" * 30}, follow=True).content.decode()
    assert not Signup.objects.filter(attended_at__isnull=False).exists()
