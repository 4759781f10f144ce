"""How the site refuses, asserted exactly: one helper for every test that checks a denial.

Wagtail's admin answers a signed-in user who lacks a permission with a redirect to the dashboard
(where it shows its "no permission" message); an anonymous visitor is sent to the login page with
the address asked for as `next`. A test names which of the two it expects, never "either"."""

from urllib.parse import parse_qs, urlsplit

from django.urls import reverse


def assert_denied(response, *, anonymous=False, url=None, label=""):
    """The admin refused: for a signed-in user a 302 to the dashboard; for an anonymous visitor
    (anonymous=True) a 302 to the login page whose `next` is the address asked for (url).
    `label` names the case in a failure's message."""
    label = f"{label} {url or ''}".strip()
    assert response.status_code == 302, f"{label}: expected a refusal (302), got {response.status_code}"
    location = urlsplit(response["Location"])
    if anonymous:
        assert location.path == reverse("wagtailadmin_login"), f"{label}: {response['Location']}"
        if url is not None:
            assert parse_qs(location.query)["next"] == [url], f"{label}: {response['Location']}"
    else:
        assert response["Location"] == reverse("wagtailadmin_home"), f"{label}: {response['Location']}"
