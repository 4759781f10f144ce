"""The map's list entries come from cached fragments (bases/sites/cards.py) when the page
cache is on: the same HTML as rendering each entry, refreshed after an edit, a new open day,
an open day that has passed, and a renamed age stage."""

import datetime

import pytest
import time_machine

from bases.models.sites import OpenDay
from resources.models import AgeStage
from tests.factories import TZ, PracticeSitePageFactory

NOW = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=TZ)
PRIVATE = {"HTTP_AUTHORIZATION": "Bearer not-cached"}  # misses the page cache, not the fragments


@pytest.fixture
def fragments(settings):
    settings.PAGE_APP_CACHE_SECONDS = 3600


def _entry(client, site):
    html = client.get("/map/", **PRIVATE).content.decode()
    start = html.index(f'id="site-{site.pk}"')
    return html[start : html.index("</li>", start)]


@time_machine.travel(NOW, tick=False)
def test_the_list_is_the_same_with_and_without_fragments(client, map_index, settings):
    for n in range(3):
        PracticeSitePageFactory(
            parent=map_index, title=f"点位{n}", age_stages=["primary"], open_days=["2026-03-07 09:30"]
        )
    settings.PAGE_APP_CACHE_SECONDS = 0
    plain = client.get("/map/", **PRIVATE).content
    settings.PAGE_APP_CACHE_SECONDS = 3600
    client.get("/map/", **PRIVATE)
    assert client.get("/map/", **PRIVATE).content == plain


@time_machine.travel(NOW, tick=False)
def test_an_entry_is_refreshed_after_the_site_is_edited(client, map_index, fragments):
    site = PracticeSitePageFactory(parent=map_index, title="老名字科技馆")
    assert "老名字科技馆" in _entry(client, site)
    site.title = "新名字科技馆"
    site.save_revision().publish()
    entry = _entry(client, site)
    assert "新名字科技馆" in entry and "老名字科技馆" not in entry


def test_an_entry_follows_its_open_days_and_the_clock(client, map_index, fragments):
    with time_machine.travel(NOW, tick=False):
        site = PracticeSitePageFactory(parent=map_index, title="开放日点位", open_days=["2026-03-07 09:30"])
        assert "2026年3月7日 09:30" in _entry(client, site)
        start = datetime.datetime(2026, 3, 14, 9, 30, tzinfo=TZ)
        OpenDay.objects.create(
            page=site, starts_at=start, ends_at=start + datetime.timedelta(hours=2), audience="家长"
        )
        assert "2026年3月7日 09:30" in _entry(client, site)
    with time_machine.travel(datetime.datetime(2026, 3, 8, 10, 0, tzinfo=TZ), tick=False):
        # No edit: the first open day has passed, the entry shows the next one.
        assert "2026年3月14日 09:30" in _entry(client, site)


@time_machine.travel(NOW, tick=False)
def test_an_entry_shows_a_renamed_age_stage(client, map_index, fragments):
    site = PracticeSitePageFactory(parent=map_index, title="年龄段点位", age_stages=["primary"])
    stage = AgeStage.objects.get(slug="primary")
    assert stage.name in _entry(client, site)
    stage.name = "小学阶段（改名）"
    stage.save()
    assert "小学阶段（改名）" in _entry(client, site)
