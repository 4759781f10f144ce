"""Finding 12 (HTTP level): every response has a Content-Security-Policy (strict on the public
pages, with the admin's additions only under /admin/) and a Permissions-Policy; the admin asks
no other host for anything (no gravatar, no release check)."""

import pytest
from django.contrib.auth.models import Group


def directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.django_db
def test_public_pages_get_a_strict_policy(client, site_tree):
    policy = directives(client.get("/"))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]


@pytest.mark.django_db
def test_the_admin_gets_inline_styles_and_scripts_and_nothing_else(client, site_tree, django_user_model):
    editor = django_user_model.objects.create_user("city-editor", password="x", email="e@example.com")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    response = client.get("/admin/")
    policy = directives(response)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["connect-src"] == ["'self'"]
    html = response.content.decode()
    assert "gravatar.com" not in html
    assert "releases.wagtail.org" not in html


@pytest.mark.django_db
def test_permissions_policy_turns_off_unused_features(client, site_tree):
    header = client.get("/")["Permissions-Policy"]
    for feature in ("camera", "microphone", "payment"):
        assert f"{feature}=()" in header
    # Location only for the site's own pages (the map's 我附近), never for embedded ones.
    assert "geolocation=(self)" in header
    assert "camera=()" in client.get("/admin/login/")["Permissions-Policy"]
