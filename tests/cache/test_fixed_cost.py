"""What every page shows the same way (the menu, section links, site settings, the home page's
next open days) is kept under the page cache's generation (home.fragments.cached_data): a
render that misses the page cache (a private request, the first after a change) runs only
Wagtail's routing queries, and a change still shows on the next request."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from home.models import SiteSettings
from tests.factories import TZ, PracticeSitePageFactory, sections_in_menu

# An Authorization header keeps the request out of the page cache (as any private request).
PRIVATE = {"HTTP_AUTHORIZATION": "Bearer not-cached"}
NOW = datetime.datetime(2026, 3, 1, 10, 0, tzinfo=TZ)
# Site lookup, the page (with its own table), and its view restrictions: what Wagtail runs to
# serve any page.
ROUTING_TABLES = {"wagtailcore_site", "wagtailcore_page", "home_homepage", "wagtailcore_pageviewrestriction"}


@pytest.fixture
def home_site(site_tree):
    courses, lessons, index = sections_in_menu(site_tree)
    PracticeSitePageFactory(
        parent=index, title="江北点位", open_days=["2026-03-01 11:00", "2026-03-08 09:30"]
    )
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.hotline_number = "023-11111111"
    site_settings.save()
    return {"courses": courses, "lessons": lessons, "map": index, "settings": site_settings}


def _get(client, url="/"):
    """Tables the request read, and the page."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **PRIVATE)
    assert response.status_code == 200
    tables = set()
    for query in ctx.captured_queries:
        tables.update(re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"]))
    return tables, response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_render_that_misses_the_page_cache_runs_only_wagtails_routing_queries(
    client, home_site, page_cache, settings
):
    first, _ = _get(client)
    assert {"home_sitesettings", "bases_openday"} <= first
    again, html = _get(client)
    assert again == ROUTING_TABLES
    assert "023-11111111" in html and "江北点位" in html and 'href="/map/"' in html

    settings.PAGE_APP_CACHE_SECONDS = 0  # nothing kept: the same page, built from the database
    _, plain = _get(client)
    assert html == plain


def test_a_renamed_section_shows_in_the_menu_on_the_next_request(client, home_site, page_cache):
    _get(client)
    courses = home_site["courses"]
    courses.slug = "kecheng"
    courses.title = "家长课程"
    courses.save_revision().publish()
    _, html = _get(client)
    assert '<a href="/kecheng/">家长课程</a>' in html
    assert 'href="/courses/"' not in html


def test_a_changed_setting_shows_on_the_next_request(client, home_site, page_cache):
    _get(client)
    site_settings = home_site["settings"]
    site_settings.hotline_number = "023-22222222"
    site_settings.save()
    _, html = _get(client)
    assert "023-22222222" in html and "023-11111111" not in html


def test_an_open_day_leaves_the_home_page_when_it_ends_without_any_change(client, home_site, page_cache):
    with time_machine.travel(NOW, tick=False):
        tables, html = _get(client)
        assert "bases_openday" in tables
        assert "2026年3月1日（周日）11:00—13:00" in html
        again, _ = _get(client)
        assert "bases_openday" not in again  # kept until the first of them ends
    with time_machine.travel(NOW + datetime.timedelta(hours=3, minutes=1), tick=False):
        _, html = _get(client)
        assert "2026年3月1日" not in html
        assert "2026年3月8日（周日）09:30—11:30" in html


def test_a_preview_reads_nothing_kept(client, home_site, page_cache):
    """A change made behind the caches' back (no signal, so nothing is bumped) stays hidden
    from the kept public render, and shows in a preview, which reads the database."""
    home = home_site["courses"].get_parent().specific
    public = {"HTTP_HOST": "localhost", **PRIVATE}  # the host a preview renders for
    assert "023-11111111" in client.get("/", **public).content.decode()
    SiteSettings.objects.update(hotline_number="023-33333333")
    assert "023-33333333" not in client.get("/", **public).content.decode()
    html = home.make_preview_request().render().content.decode()
    assert "023-33333333" in html and "023-11111111" not in html
