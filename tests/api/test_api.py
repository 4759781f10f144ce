"""The open-data API as a district app uses it: the pages' filters and search, bad parameters,
WGS-84 coordinates, open days, conditional requests and cache headers, CORS, the rate limit,
the schema and the documentation page, and a query count that does not grow with the list."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from bases.sites.geo import gcj02_to_wgs84
from tests.api.helpers import api_detail_path, api_endpoints
from tests.factories import (
    CoursePageFactory,
    InnovationBasePageFactory,
    MicroLessonPageFactory,
    PracticeSitePageFactory,
    SiteCategoryFactory,
    build_bases,
    build_map,
)


def titles(response):
    assert response.status_code == 200, response.content[:500]
    return {item["title"] for item in response.json()["results"]}


@pytest.fixture
def courses(site_tree):
    _, course_index, _ = site_tree
    make = CoursePageFactory
    return {
        "basic_primary": make(
            parent=course_index, title="小学基础课", kind="basic", age_stages=["primary"], topics=["亲子阅读"]
        ),
        "basic_junior": make(parent=course_index, title="初中基础课", kind="basic", age_stages=["junior"]),
        "online_primary": make(
            parent=course_index,
            title="小学网络课",
            kind="online",
            age_stages=["primary"],
            topics=["心理健康"],
        ),
    }


@pytest.mark.django_db
def test_the_api_filters_like_the_course_page(client, courses):
    for query in (
        "kind=basic",
        "kind=basic&age=primary",
        "topic=亲子阅读",
        "kind=basic&kind=online&age=primary",
    ):
        api = titles(client.get(f"/api/v2/courses/?{query}"))
        page = client.get(f"/courses/?{query}").content.decode()
        assert api, query
        for course in courses.values():
            assert (course.title in api) == (course.title in page), (query, course.title)
    assert titles(client.get("/api/v2/courses/?kind=basic&age=primary")) == {"小学基础课"}


@pytest.mark.django_db
def test_search_uses_the_sites_chinese_analysis(client, courses, site_tree):
    _, _, lesson_index = site_tree
    MicroLessonPageFactory(parent=lesson_index, title="睡前亲子阅读十五分钟", age_stages=["3-6"])
    MicroLessonPageFactory(parent=lesson_index, title="和青春期孩子谈手机", age_stages=["junior"])
    # A partial Chinese word, and pinyin.
    assert titles(client.get("/api/v2/lessons/", {"search": "阅读"})) == {"睡前亲子阅读十五分钟"}
    assert titles(client.get("/api/v2/lessons/", {"search": "qinziyuedu"})) == {"睡前亲子阅读十五分钟"}
    # Search and filters combine.
    assert titles(client.get("/api/v2/courses/", {"search": "基础课", "age": "junior"})) == {"初中基础课"}


@pytest.mark.django_db
def test_bad_parameters_get_a_400_with_the_reason_per_parameter(client, courses, site_tree):
    response = client.get("/api/v2/courses/?kind=weekly&age=toddler")
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "请求参数有误，请检查后重试。"
    assert set(body["errors"]) == {"kind", "age"}
    assert "weekly" in body["errors"]["kind"] and "课程类型" in body["errors"]["kind"]
    home, _, _ = site_tree
    build_map(home)
    for path, name in [
        ("/api/v2/sites/?when=year", "when"),
        ("/api/v2/open-days/?district=atlantis", "district"),
        ("/api/v2/courses/?page=0", "page"),
        ("/api/v2/courses/?page_size=1000", "page_size"),
        ("/api/v2/courses/?search=" + "长" * 101, "search"),
        ("/api/v2/courses/?search=a%00b", "search"),
        ("/api/v2/courses/abc/", "id"),
    ]:
        response = client.get(path)
        assert response.status_code == 400, path
        assert list(response.json()["errors"]) == [name], path
    # A page past the end and an id that does not exist are 404s, in JSON.
    assert client.get("/api/v2/courses/?page=9").status_code == 404
    missing = client.get("/api/v2/courses/999999/")
    assert missing.status_code == 404 and missing.json()["detail"] == "没有这个条目，或者它尚未公开。"


@pytest.mark.django_db
def test_ids_and_slugs_find_the_same_item(client, courses):
    course = courses["basic_primary"]
    by_slug = client.get("/api/v2/courses/", {"slug": course.slug}).json()["results"]
    assert [item["id"] for item in by_slug] == [course.pk]
    detail = client.get(api_detail_path("api-course", course.pk)).json()
    assert (detail["slug"], detail["kind"]) == (course.slug, {"code": "basic", "label": "基础课"})


@pytest.mark.django_db
def test_practice_sites_are_in_wgs84_with_their_precision_as_in_the_geojson(client, site_tree):
    home, _, _ = site_tree
    map_index, _ = build_map(home)
    build_bases(home)
    exact = PracticeSitePageFactory(
        parent=map_index,
        title="精确点位",
        district="jiulongpo",
        location_precision="exact",
        latitude=Decimal("29.503000"),
        longitude=Decimal("106.513000"),
    )
    PracticeSitePageFactory(parent=map_index, title="区县点位", district="wanzhou")
    sites = {s["title"]: s for s in client.get("/api/v2/sites/").json()["results"]}
    lat, lng = gcj02_to_wgs84(exact.latitude, exact.longitude)
    location = sites["精确点位"]["location"]
    assert location["precision"] == "exact" and location["coordinate_system"] == "WGS-84"
    assert location["latitude"] == pytest.approx(lat, abs=1e-6)
    assert location["longitude"] == pytest.approx(lng, abs=1e-6)
    assert abs(location["latitude"] - 29.503) > 1e-4  # really shifted from GCJ-02
    district = sites["区县点位"]["location"]
    assert district["precision"] == "district" and "万州区" in district["note"]
    geojson = client.get("/map/sites.geojson").json()
    for feature in geojson["features"]:
        api_location = sites[feature["properties"]["title"]]["location"]
        assert feature["geometry"]["coordinates"] == [api_location["longitude"], api_location["latitude"]]


@pytest.mark.django_db
def test_upcoming_open_days_with_places_offered_and_the_note_on_places_left(client, site_tree):
    home, _, _ = site_tree
    map_index, _ = build_map(home)
    now = timezone.now()
    fmt = "%Y-%m-%d %H:%M"
    site = PracticeSitePageFactory(
        parent=map_index,
        title="开放日点位",
        category=SiteCategoryFactory(slug="museum", name="博物馆"),
        open_days=[
            (now - datetime.timedelta(days=10)).strftime(fmt),
            (now + datetime.timedelta(days=40)).strftime(fmt),
        ],
    )
    site.open_days.update(capacity=30)
    days = client.get("/api/v2/open-days/").json()["results"]
    assert len(days) == 1  # the past one is gone
    assert days[0]["places_offered"] == 30 and days[0]["places_left"] is None
    assert days[0]["site"]["title"] == "开放日点位"
    assert client.get("/api/v2/open-days/?category=museum").json()["count"] == 1
    assert client.get("/api/v2/open-days/?when=week").json()["count"] == 0
    schema = client.get("/api/schema/?format=json").json()
    note = schema["components"]["schemas"]["UpcomingOpenDay"]["properties"]["places_left"]["description"]
    assert "报名功能尚未上线" in note


@pytest.mark.django_db
def test_etag_last_modified_and_cache_headers(client, courses):
    response = client.get("/api/v2/courses/")
    assert response.status_code == 200
    assert response["ETag"] and response["Last-Modified"]
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    again = client.get("/api/v2/courses/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""
    # A change gives a new ETag.
    course = courses["basic_junior"]
    course.title = "初中基础课（更新）"
    course.save_revision().publish()
    changed = client.get("/api/v2/courses/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != response["ETag"]


@pytest.mark.django_db
def test_cors_allows_only_the_configured_origins(client, courses, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.jiangbei.example.cn"]
    allowed = client.get("/api/v2/courses/", HTTP_ORIGIN="https://app.jiangbei.example.cn")
    assert allowed["Access-Control-Allow-Origin"] == "https://app.jiangbei.example.cn"
    other = client.get("/api/v2/courses/", HTTP_ORIGIN="https://elsewhere.example.com")
    assert "Access-Control-Allow-Origin" not in other
    # Only the API: pages send no CORS headers.
    page = client.get("/courses/", HTTP_ORIGIN="https://app.jiangbei.example.cn")
    assert "Access-Control-Allow-Origin" not in page


@pytest.mark.django_db
def test_rate_limit_per_address(client, courses, settings):
    settings.API_RATE_LIMIT = "3/minute"
    for _ in range(3):
        assert client.get("/api/v2/courses/", REMOTE_ADDR="10.0.0.1").status_code == 200
    limited = client.get("/api/v2/courses/", REMOTE_ADDR="10.0.0.1")
    assert limited.status_code == 429 and limited.json()["detail"]
    assert "Retry-After" in limited
    # Another address is counted on its own; a forged X-Forwarded-For does not reset the count.
    assert client.get("/api/v2/courses/", REMOTE_ADDR="10.0.0.2").status_code == 200
    forged = client.get("/api/v2/courses/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert forged.status_code == 429


@pytest.mark.django_db
def test_the_schema_describes_every_endpoint_of_the_router(client, site_tree):
    schema = client.get("/api/schema/?format=json").json()
    assert schema["openapi"].startswith("3.")
    expected = set()
    for path in api_endpoints().values():
        expected |= {path, path + "{id}/"}
    assert set(schema["paths"]) == expected
    for item in schema["paths"].values():
        assert set(item) == {"get"}  # read-only
        assert {"200", "400", "404", "429"} <= set(item["get"]["responses"])


@pytest.mark.django_db
def test_the_documentation_page_is_chinese_and_loads_nothing_from_another_host(client, site_tree):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "开放数据接口" in html and 'lang="zh-CN"' in html
    for path in api_endpoints().values():
        assert path in html
    loaded = re.findall(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="([^"]+)"', html)
    assert loaded
    assert all(url.startswith("/") or url.startswith("http://testserver/") for url in loaded), loaded


def _fill(site_tree, count):
    _, course_index, lesson_index = site_tree
    image = get_image_model().objects.create(title="封面", file=get_test_image_file())
    for n in range(count):
        course = CoursePageFactory(
            parent=course_index,
            cover_image=image,
            age_stages=["primary", "junior"],
            topics=["亲子沟通", f"主题{n}"],
            sessions=[("2026-09-12 19:00", 2)],
        )
        MicroLessonPageFactory(
            parent=lesson_index, cover_image=image, age_stages=["3-6"], topics=["阅读"], course=course
        )


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_list(client, site_tree):
    home, _, _ = site_tree
    bases_index, _ = build_bases(home)
    map_index, _ = build_map(home)
    soon = (timezone.now() + datetime.timedelta(days=5)).strftime("%Y-%m-%d %H:%M")

    def add(count):
        _fill(site_tree, count)
        for _ in range(count):
            base = InnovationBasePageFactory(parent=bases_index)
            PracticeSitePageFactory(
                parent=map_index, base=base, age_stages=["primary"], open_days=[soon, soon]
            )

    def queries(path):
        client.get(path)  # warm caches (site root paths, renditions)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx.captured_queries)

    add(2)
    few = {path: queries(path) for path in api_endpoints().values()}
    add(8)
    many = {path: queries(path) for path in api_endpoints().values()}
    assert many == few
