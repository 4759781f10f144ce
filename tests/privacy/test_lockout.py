"""Finding 7: login throttling. Wrong passwords lock out the username and the address (django-axes),
with a Chinese page (429); a city editor unlocks under 设置 → 登录锁定."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

LOGIN = "/admin/login/"
LIMIT = 5


@pytest.fixture
def users(django_user_model):
    target = django_user_model.objects.create_user("base-user", password="right-password-1")
    other = django_user_model.objects.create_user("other-user", password="right-password-2")
    editor = django_user_model.objects.create_user("city-editor", password="editor-password-3")
    editor.groups.add(Group.objects.get(name="Editors"))
    access_admin = Permission.objects.get(codename="access_admin")
    for user in (target, other):
        user.user_permissions.add(access_admin)
    return {"target": target, "other": other, "editor": editor}


def attempt(client, username, password, address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, username, times, address="10.0.0.1"):
    for _ in range(times):
        response = attempt(client, username, "wrong-password", address)
        assert response.status_code in (200, 429)


@pytest.mark.django_db
def test_right_password_after_wrong_ones_is_refused_with_a_chinese_page(users):
    client = Client()
    fail(client, "base-user", LIMIT)
    response = attempt(client, "base-user", "right-password-1")
    assert response.status_code == 429
    body = response.content.decode()
    assert "登录失败次数过多" in body
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_fewer_failures_than_the_limit_still_log_in(users):
    client = Client()
    fail(client, "base-user", LIMIT - 1)
    response = attempt(client, "base-user", "right-password-1")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(users["target"].pk)


@pytest.mark.django_db
def test_the_username_is_locked_from_any_address(users):
    fail(Client(), "base-user", LIMIT, address="10.0.0.1")
    response = attempt(Client(), "base-user", "right-password-1", address="10.0.0.99")
    assert response.status_code == 429


@pytest.mark.django_db
def test_the_address_is_locked_for_any_username(users):
    client = Client()
    for number in range(LIMIT):
        attempt(client, f"guess-{number}", "wrong-password", address="10.0.0.7")
    response = attempt(Client(), "other-user", "right-password-2", address="10.0.0.7")
    assert response.status_code == 429
    # Another address is not affected.
    response = attempt(Client(), "other-user", "right-password-2", address="10.0.0.8")
    assert response.status_code == 302


@pytest.mark.django_db
def test_an_editor_sees_and_unlocks_a_username(users):
    fail(Client(), "base-user", LIMIT, address="10.0.0.1")
    editor = Client()
    editor.force_login(users["editor"])
    page = editor.get("/admin/login-lockouts/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "base-user" in text
    assert "10.0.0.1" in text
    response = editor.post("/admin/login-lockouts/unlock/", {"username": "base-user"}, follow=True)
    assert response.status_code == 200
    assert "已解除" in response.content.decode()
    assert attempt(Client(), "base-user", "right-password-1", address="10.0.0.2").status_code == 302


@pytest.mark.django_db
def test_an_editor_unlocks_an_address(users):
    client = Client()
    for number in range(LIMIT):
        attempt(client, f"guess-{number}", "wrong-password", address="10.0.0.7")
    assert attempt(Client(), "other-user", "right-password-2", address="10.0.0.7").status_code == 429
    editor = Client()
    editor.force_login(users["editor"])
    assert "10.0.0.7" in editor.get("/admin/login-lockouts/").content.decode()
    editor.post("/admin/login-lockouts/unlock/", {"ip_address": "10.0.0.7"})
    assert attempt(Client(), "other-user", "right-password-2", address="10.0.0.7").status_code == 302


@pytest.mark.django_db
def test_a_base_account_cannot_open_or_use_the_unlock_view(users):
    fail(Client(), "other-user", LIMIT, address="10.0.0.3")
    client = Client()
    client.force_login(users["target"])
    assert client.get("/admin/login-lockouts/").status_code == 302
    client.post("/admin/login-lockouts/unlock/", {"username": "other-user"})
    assert attempt(Client(), "other-user", "right-password-2", address="10.0.0.4").status_code == 429


@pytest.mark.django_db
def test_the_settings_menu_names_the_view_in_chinese(users, client):
    client.force_login(users["editor"])
    response = client.get("/admin/")
    # The sidebar is JSON (non-ASCII escaped): the menu item's label and link.
    body = response.content.decode()
    assert "\\u767b\\u5f55\\u9501\\u5b9a" in body  # 登录锁定
    assert "/admin/login-lockouts/" in body
