"""/map/sites.geojson carries what the map draws and its popups show (site/static/js/map.js),
nothing more: a site's other details are on its page. Only published, public places are in it,
and the cached answer is the encoded body, served as it is."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.test import RequestFactory
from wagtail.models import PageViewRestriction

from bases.sites import views as sites_views
from tests.factories import TZ, InnovationBasePageFactory, PracticeSitePageFactory

NOW = datetime.datetime(2026, 3, 4, 10, 0, tzinfo=TZ)
MAP_JS = Path(settings.BASE_DIR) / "site" / "static" / "js" / "map.js"


@pytest.fixture
def places(map_index, bases_index, categories):
    exact = PracticeSitePageFactory(
        parent=map_index,
        title="精确位置的点位",
        category=categories["lab"],
        district="jiulongpo",
        location_precision="exact",
        latitude=Decimal("29.503000"),
        longitude=Decimal("106.513000"),
        address="九龙坡区某路 1 号",
        appointment_required=False,
        barrier_free=True,
        open_days=["2026-03-07 09:30", "2026-04-11 09:30"],
    )
    approximate = PracticeSitePageFactory(
        parent=map_index, title="区县级的点位", category=categories["museum"], district="wanzhou"
    )
    private = PracticeSitePageFactory(parent=map_index, title="仅限密码查看的点位", district="yuzhong")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")
    PracticeSitePageFactory(parent=map_index, title="草稿点位", district="yuzhong", live=False)
    base = InnovationBasePageFactory(parent=bases_index, title="万州基地", district="wanzhou")
    return exact, approximate, base


def _features(client, query=""):
    response = client.get(f"/map/sites.geojson{query}")
    assert response.status_code == 200
    return {feature["properties"]["title"]: feature for feature in response.json()["features"]}


@time_machine.travel(NOW, tick=False)
def test_the_geojson_has_exactly_the_properties_the_map_reads(client, places):
    read_by_map = set(re.findall(r"\bprops\.(\w+)", MAP_JS.read_text()))
    features = _features(client)
    given = set(features["精确位置的点位"]["properties"]) | set(features["万州基地"]["properties"])
    assert given == read_by_map


@time_machine.travel(NOW, tick=False)
def test_a_popup_has_what_it_shows(client, places):
    exact, approximate, base = places
    features = _features(client)
    assert features["精确位置的点位"]["properties"] == {
        "layer": "sites",
        "title": "精确位置的点位",
        "url": exact.url,
        "category": "高校实验室",
        "district_name": "九龙坡区",
        "precision": "exact",
        "location_note": "",
        "address": "九龙坡区某路 1 号",
        "appointment_required": False,
        "barrier_free": True,
        "next_open_day": {"start": "2026-03-07T09:30:00+08:00"},
        "is_example": False,
    }
    district_level = features["区县级的点位"]["properties"]
    assert district_level["precision"] == "district"
    assert district_level["location_note"] == "地图上标在万州区中心，不是具体位置"
    assert district_level["next_open_day"] is None
    assert district_level["url"] == approximate.url
    assert features["万州基地"]["properties"]["url"] == base.url
    assert features["万州基地"]["properties"]["kind"]


@time_machine.travel(NOW, tick=False)
def test_only_published_public_places_are_in_it(client, places):
    assert set(_features(client)) == {"精确位置的点位", "区县级的点位", "万州基地"}
    assert set(_features(client, "?district=yuzhong")) == set()


@time_machine.travel(NOW, tick=False)
def test_the_cache_keeps_the_encoded_body_and_answers_with_it(client, places, monkeypatch):
    first = client.get("/map/sites.geojson")
    key = sites_views._cache_key("geojson", RequestFactory().get("/map/sites.geojson"), "")
    assert cache.get(key) == first.content  # bytes, not a structure to encode again

    monkeypatch.setattr(sites_views, "encoded_collection", lambda query, request: pytest.fail("built again"))
    second = client.get("/map/sites.geojson")
    assert second.content == first.content
    assert second["Content-Type"] == "application/geo+json; charset=utf-8"
