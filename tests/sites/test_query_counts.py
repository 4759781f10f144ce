"""The map's list and data must not make more queries as the number of sites grows: 5 sites and
30 sites cost the same (the list shows one page of sites, the map data every site).

Two small sizes prove it as well as large ones: a query per site shows as a difference of 25.
Every filter matches at least one of the 5 first sites (an empty list skips its per-item work):
n=0 and 3 are museums for primary without appointment, n=1 a lab for junior, n=3 in Yuzhong
with open days this month.
The list's page size is made 10 here, so that 30 sites also cover paging."""

import datetime

import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bases.districts import DISTRICT_CODES
from bases.models.sites import OpenDay, PracticeSitePage
from bases.sites import filters as sites_filters
from resources.models import AgeStage
from tests.factories import TZ, InnovationBasePageFactory

NOW = datetime.datetime(2026, 3, 4, 10, 0, tzinfo=TZ)
AGES = [["primary"], ["junior", "senior"], ["3-6", "primary"]]
OPEN_DAYS = [
    datetime.datetime(2026, 3, 14, 9, 30, tzinfo=TZ),
    datetime.datetime(2026, 5, 9, 14, 30, tzinfo=TZ),
]
URLS = [
    "/map/",
    "/map/?category=museum&age=primary",
    "/map/?when=month&district=yuzhong&district=wanzhou",
    "/map/?no_appointment=1&layer=sites",
    "/map/sites.geojson",
    "/map/sites.geojson?category=museum&category=lab&age=junior",
    "/map/open-days.ics",
    "/",
]


def _fill(index, bases_index, categories, start, count):
    """Sites as an editor would create them (page, age stages and open days in one save),
    without the factory's extra saves."""
    slugs = list(categories)
    stages = {stage.slug: stage for stage in AgeStage.objects.all()}
    for n in range(start, start + count):
        site = PracticeSitePage(
            title=f"点位{n}",
            slug=f"site-{n}",
            category=categories[slugs[n % len(slugs)]],
            district=DISTRICT_CODES[n % len(DISTRICT_CODES)],
            appointment_required=bool(n % 3),
            barrier_free=not n % 4,
        )
        site.age_stages = [stages[slug] for slug in AGES[n % len(AGES)]]
        if n % 2:
            site.open_days = [
                OpenDay(starts_at=when, ends_at=when + datetime.timedelta(hours=2), audience="家长和孩子")
                for when in OPEN_DAYS
            ]
        index.add_child(instance=site)
        if n % 10 == 0:
            InnovationBasePageFactory(parent=bases_index, district=DISTRICT_CODES[n % len(DISTRICT_CODES)])


def _queries(client, url):
    client.get(url)  # warm (site root paths) as a real visitor would find them
    cache.clear()  # but measure the map's own work, not its cached answer
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@time_machine.travel(NOW, tick=False)
def test_query_count_is_the_same_for_5_and_30_sites(client, map_index, bases_index, categories, monkeypatch):
    monkeypatch.setattr(sites_filters, "SITES_PER_PAGE", 10)
    _fill(map_index, bases_index, categories, 0, 5)
    small = {url: _queries(client, url) for url in URLS}
    _fill(map_index, bases_index, categories, 5, 25)
    large = {url: _queries(client, url) for url in URLS}
    assert large == small, f"queries with 5 sites: {small}; with 30 sites: {large}"
    page = client.get("/map/")
    assert page.context["site_count"] == 30
    assert len(page.context["sites"]) == 10  # one page; the page links reach the others
    assert len(client.get("/map/", {"page": 3}).context["sites"]) == 10
