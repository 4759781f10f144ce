"""/map/, /map/sites.geojson and the .ics files: the same filters give the same places, the
GeoJSON is valid and WGS-84, bad parameters get a clear 400, and iCal parses."""

import datetime
import json
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from bases.sites.geo import district_centre, gcj02_to_wgs84
from tests.factories import TZ, InnovationBasePageFactory, PracticeSitePageFactory

NOW = datetime.datetime(2026, 3, 4, 10, 0, tzinfo=TZ)  # a Wednesday


@pytest.fixture
def places(map_index, bases_index, categories):
    """Sites that differ in every filter, and two bases."""
    site = PracticeSitePageFactory
    sites = {
        "museum_yuzhong": site(
            parent=map_index,
            title="渝中博物馆",
            category=categories["museum"],
            district="yuzhong",
            age_stages=["primary"],
            open_days=["2026-03-07 09:30"],  # this Saturday
        ),
        "lab_gaoxin": site(
            parent=map_index,
            title="高新实验室",
            category=categories["lab"],
            district="gaoxin",
            age_stages=["junior", "senior"],
            appointment_required=False,
            open_days=["2026-03-21 09:30"],  # later this month
        ),
        "heritage_exact": site(
            parent=map_index,
            title="精确位置的非遗基地",
            category=categories["heritage"],
            district="jiulongpo",
            barrier_free=True,
            location_precision="exact",
            latitude=Decimal("29.503000"),
            longitude=Decimal("106.513000"),
            open_days=["2026-04-11 09:30", "2026-03-04 09:00"],  # next month; one under way now
        ),
        "museum_wanzhou": site(
            parent=map_index,
            title="万州博物馆",
            category=categories["museum"],
            district="wanzhou",
            age_stages=["primary", "junior"],
        ),
    }
    site(parent=map_index, title="未发布的点位", live=False)
    bases = {
        "yuzhong": InnovationBasePageFactory(parent=bases_index, title="渝中基地", district="yuzhong"),
        "wanzhou": InnovationBasePageFactory(parent=bases_index, title="万州基地", district="wanzhou"),
    }
    return sites, bases


CASES = {
    "": {"渝中博物馆", "高新实验室", "精确位置的非遗基地", "万州博物馆", "渝中基地", "万州基地"},
    "category=museum": {"渝中博物馆", "万州博物馆"},
    "category=museum&category=lab": {"渝中博物馆", "高新实验室", "万州博物馆"},
    "district=yuzhong": {"渝中博物馆", "渝中基地"},
    "district=yuzhong&district=gaoxin": {"渝中博物馆", "高新实验室", "渝中基地"},
    "when=week": {"渝中博物馆", "精确位置的非遗基地"},
    "when=month": {"渝中博物馆", "高新实验室", "精确位置的非遗基地"},
    "no_appointment=1": {"高新实验室"},
    "barrier_free=1": {"精确位置的非遗基地"},
    "age=primary": {"渝中博物馆", "万州博物馆"},
    "age=primary&age=junior": {"渝中博物馆", "高新实验室", "万州博物馆"},
    "layer=bases": {"渝中基地", "万州基地"},
    "layer=sites&district=wanzhou": {"万州博物馆"},
    "category=museum&district=wanzhou&age=junior": {"万州博物馆"},
}


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("query", CASES)
def test_the_page_and_the_geojson_show_the_same_places(client, places, query):
    page = client.get(f"/map/?{query}")
    assert page.status_code == 200
    listed = {item.title for item in page.context["sites"]} | {item.title for item in page.context["bases"]}
    data = client.get(f"/map/sites.geojson?{query}").json()
    mapped = {feature["properties"]["title"] for feature in data["features"]}
    assert listed == mapped == CASES[query]
    html = page.content.decode()
    for title in CASES[query]:
        assert title in html


@time_machine.travel(NOW, tick=False)
def test_geojson_is_a_valid_wgs84_feature_collection(client, places):
    response = client.get("/map/sites.geojson")
    assert response["Content-Type"] == "application/geo+json; charset=utf-8"
    assert "max-age" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    assert data["counts"] == {"sites": 4, "bases": 2}
    ids = set()
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lng, lat = feature["geometry"]["coordinates"]
        assert 105.2 < lng < 110.2 and 28.1 < lat < 32.3
        assert feature["properties"]["precision"] in {"exact", "district"}
        assert feature["properties"]["url"].startswith("/")
        ids.add(feature["id"])
    assert len(ids) == len(data["features"])
    by_title = {f["properties"]["title"]: f for f in data["features"]}

    exact = by_title["精确位置的非遗基地"]
    assert exact["properties"]["precision"] == "exact"
    wgs_lat, wgs_lng = gcj02_to_wgs84(Decimal("29.503"), Decimal("106.513"))
    assert exact["geometry"]["coordinates"] == [round(wgs_lng, 6), round(wgs_lat, 6)]
    assert exact["geometry"]["coordinates"] != [106.513, 29.503]  # stored GCJ-02, published WGS-84

    approximate = by_title["渝中博物馆"]
    assert approximate["properties"]["precision"] == "district"
    assert approximate["geometry"]["coordinates"] == list(district_centre("yuzhong"))
    assert "渝中区中心" in approximate["properties"]["location_note"]
    assert approximate["properties"]["next_open_day"]["start"] == "2026-03-07T09:30:00+08:00"
    assert by_title["渝中基地"]["properties"]["layer"] == "bases"
    assert by_title["渝中基地"]["properties"]["status_label"]
    # 高新区 has no outline of its own: its places are drawn at the host district's centre.
    assert by_title["高新实验室"]["geometry"]["coordinates"] == list(district_centre("jiulongpo"))


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("district=nowhere", {"district"}),
        ("category=unknown", {"category"}),
        ("when=year", {"when"}),
        ("no_appointment=yes", {"no_appointment"}),
        ("barrier_free=2", {"barrier_free"}),
        ("age=adult", {"age"}),
        ("layer=roads", {"layer"}),
        ("district=yuzhong&when=tomorrow&age=%00", {"when", "age"}),
        ("district=" + "&district=".join(["yuzhong"] * 60), {"district"}),
    ],
)
def test_bad_parameters_get_a_400_with_a_clear_message(client, places, query, names):
    for url in ("/map/sites.geojson", "/map/open-days.ics"):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 400
        body = response.json()
        assert body["error"] == "筛选参数有误，请检查后重试。"
        assert set(body["errors"]) == names
    # The page ignores what it cannot use and says so, instead of failing.
    page = client.get(f"/map/?{query}")
    assert page.status_code == 200


def test_unknown_parameters_are_ignored_and_wrong_methods_refused(client, places):
    assert client.get("/map/sites.geojson?utm_source=wechat").status_code == 200
    assert client.post("/map/sites.geojson").status_code == 405


def test_geojson_is_cached_until_something_changes(client, places):

    sites, _ = places
    first = client.get("/map/sites.geojson?category=museum").content
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/map/sites.geojson?category=museum").content == first
    assert not [q for q in queries.captured_queries if "bases_practicesitepage" in q["sql"]]
    sites["museum_wanzhou"].title = "改名的万州博物馆"
    sites["museum_wanzhou"].save()
    titles = {
        f["properties"]["title"] for f in client.get("/map/sites.geojson?category=museum").json()["features"]
    }
    assert "改名的万州博物馆" in titles


# --- iCal ------------------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_all_upcoming_open_days_as_ical(client, places):
    sites, _ = places
    response = client.get("/map/open-days.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    # Upcoming means not ended: the open day under way now is included, past ones are not.
    assert [event["SUMMARY"] for event in events] == [
        "精确位置的非遗基地：家庭开放日",
        "渝中博物馆：家庭开放日",
        "高新实验室：家庭开放日",
        "精确位置的非遗基地：家庭开放日",
    ]
    first = events[1]
    assert first.decoded("DTSTART") == datetime.datetime(2026, 3, 7, 9, 30, tzinfo=TZ)
    assert first["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert first.decoded("DTEND") - first.decoded("DTSTART") == datetime.timedelta(hours=2)
    assert first["URL"].endswith(sites["museum_yuzhong"].url)
    assert "渝中区" in first["LOCATION"]
    assert "面向：小学生及家长" in first["DESCRIPTION"]
    assert str(first["UID"]).startswith("openday-")
    assert len({str(event["UID"]) for event in events}) == len(events)
    assert "GEO" in events[0] and "GEO" not in first  # only exact locations have a point
    assert calendar.walk("VTIMEZONE")


@time_machine.travel(NOW, tick=False)
def test_filtered_and_per_site_calendars(client, places):
    sites, _ = places
    filtered = Calendar.from_ical(client.get("/map/open-days.ics?category=lab").content)
    assert [str(e["SUMMARY"]) for e in filtered.walk("VEVENT")] == ["高新实验室：家庭开放日"]
    site = sites["heritage_exact"]
    response = client.get(f"/map/{site.slug}/open-days.ics")
    assert response.status_code == 200
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 2  # every open day of the site, past ones too
    assert client.get("/map/no-such-site/open-days.ics").status_code == 404
    assert client.get(f"/map/{sites['museum_wanzhou'].slug}/open-days.ics").status_code == 200
