"""Finding 12: the Content-Security-Policy holds in a real browser. The public pages (home with
the suggest box, lists, a lesson with its video, the map, search) and the admin pages an editor
uses run without a single CSP violation or console error (console_errors collects both)."""

import re

import pytest

pytestmark = pytest.mark.browser

PUBLIC = ["/", "/courses/", "/lessons/?media=video", "/bases/", "/map/", "/search/?q=亲子", "/api/docs/"]
ADMIN = [
    "/admin/",
    "/admin/pages/",
    "/admin/images/",
    "/admin/images/multiple/add/",
    "/admin/documents/multiple/add/",
    "/admin/media/",
    "/admin/login-lockouts/",
    "/admin/reports/search-terms/",
    "/admin/bases/report/",
    "/admin/practice-sites/open-days/",
]


def test_public_pages_and_admin_run_without_csp_violations(page, demo_server, console_errors):
    base_url, manage = demo_server
    failed = []
    page.on(
        "response",
        lambda response: (
            failed.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    for path in PUBLIC:
        response = page.goto(base_url + path)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert "unsafe-inline" not in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
    # The suggest box fetches completions as one types.
    page.goto(base_url + "/")
    page.locator("input[name=q]").first.fill("亲子")
    page.wait_for_timeout(600)

    manage(
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model; "
        "get_user_model().objects.filter(username='csp-editor').delete(); "
        "get_user_model().objects.create_superuser('csp-editor', 'csp@example.com', 'csp-editor-password-1')",
    )
    page.goto(base_url + "/admin/login/")
    page.locator("#id_username").fill("csp-editor")
    page.locator("#id_password").fill("csp-editor-password-1")
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/admin/$"))
    edit_links = manage(
        "shell",
        "-c",
        "from wagtail.models import Page\n"
        "for model in ['coursepage', 'microlessonpage', 'innovationbasepage', 'practicesitepage']:\n"
        "    print('PK', Page.objects.filter(content_type__model=model).first().pk)",
    ).stdout.split("PK ")[1:]
    for path in ADMIN + [f"/admin/pages/{pk.strip()}/edit/" for pk in edit_links]:
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
    assert failed == []
    assert console_errors == []
