"""The map's data: /map/sites.geojson, /map/districts.geojson, /map/open-days.ics and
/map/<slug>/open-days.ics (bases.sites.urls).

These URLs end in a file extension, which Wagtail's page routing does not accept (its serve
pattern allows letters, digits, - and _ in a path segment), so they are plain Django views
mounted under /map/ ahead of Wagtail's catch-all. They serve the places under the site's root
page, with the filters of the map page (bases.sites.filters).

Answers are cached (Django's cache, keyed by the canonical filters and a version that changes
whenever a site, open day, category or base changes) and sent with public cache headers.
"""

import hashlib
import json
import time
from urllib.parse import quote

import orjson
from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Page, Site

from ..choices import LocationPrecision
from ..districts import DISTRICT_ORDER, district_name
from ..models.sites import PracticeSitePage
from .cache import map_cache_version
from .filters import MapQuery
from .geo import (
    COORDINATE_DIGITS,
    centre_note,
    district_centre,
    district_collection,
    gcj02_to_wgs84,
    published_point,
)
from .ical import calendar_for, upcoming_open_days_of

CACHE_SECONDS = 300
GEOJSON_CONTENT_TYPE = "application/geo+json; charset=utf-8"
CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"


def _root(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("没有配置站点。")
    return site.root_page


def _public(response, seconds=None):
    seconds = CACHE_SECONDS if seconds is None else seconds
    if settings.PAGE_CACHE_SECONDS:
        patch_cache_control(response, public=True, max_age=min(seconds, settings.PAGE_CACHE_SECONDS))
    return response


def _cache_key(kind, request, query_string):
    digest = hashlib.sha1(f"{request.get_host()}?{query_string}".encode()).hexdigest()
    return f"map:{kind}:{map_cache_version()}:{digest}"


def _bad_request(query):
    return JsonResponse(
        {"error": "筛选参数有误，请检查后重试。", "errors": query.errors},
        status=400,
        json_dumps_params={"ensure_ascii": False},
    )


# --- GeoJSON ----------------------------------------------------------------------------------------
#
# What the map draws and its popups show, and nothing else (site/static/js/map.js reads these
# properties): a site's other details are on its page, linked from the popup, and in the
# open-data API. Thousands of sites are read as rows (no page object each) and encoded by orjson;
# the encoded bytes are what the shared cache keeps and what every request is answered with.


def _district_place(code):
    """(WGS-84 point, district name, location note) of a place drawn at its district's centre."""
    centre = district_centre(code)
    point = [centre[0], centre[1]] if centre else None
    return point, district_name(code), centre_note(code)


def base_feature(base, request):
    point = published_point(base)
    if point is None:
        return None
    lng, lat, precision = point
    return {
        "type": "Feature",
        "id": f"base-{base.pk}",
        "geometry": {"type": "Point", "coordinates": [lng, lat]},
        "properties": {
            "layer": "bases",
            "title": base.title,
            "url": base.get_url(request),
            "kind": base.get_kind_display(),
            "status_label": base.status_label,
            "district_name": base.district_label,
            "precision": precision,
            "location_note": "" if precision == "exact" else centre_note(base.district),
            "address": base.address,
            "is_example": base.is_example,
        },
    }


def feature_collection(query, request):
    sites = site_features(query, request)
    bases = [feature for base in query.bases() if (feature := base_feature(base, request))]
    return {
        "type": "FeatureCollection",
        # Foreign members (RFC 7946 §6.1): readers that do not know them ignore them.
        "coordinate_system": "WGS-84",
        "counts": {"sites": len(sites), "bases": len(bases)},
        "features": sites + bases,
    }


def encoded_collection(query, request):
    """The FeatureCollection as UTF-8 JSON bytes (orjson: a tenth of the standard library's time)."""
    return orjson.dumps(feature_collection(query, request))


# --- Sites as rows: the map's thousands of points without a page object each -------------------

SITE_COLUMNS = (
    "pk",
    "title",
    "slug",
    "path",
    "district",
    "location_precision",
    "latitude",
    "longitude",
    "address",
    "appointment_required",
    "barrier_free",
    "is_example",
    "next_open_day_start",
    "category__name",
)

URL_SAFE = "!$&'()*+,;=/~:@"  # what Django's reverse() leaves unquoted in a path (RFC 3986)


def _parent_urls(paths, request):
    """{tree path: URL} of the pages whose children the sites are (the map page, usually one)."""
    return {parent.path: parent.get_url(request) for parent in Page.objects.filter(path__in=paths)}


def site_features(query, request):
    """The filtered sites' features in the list's order (district, title), in two queries
    whatever their number: the sites' columns (category joined, next open day a subquery) and
    their parent pages. A site's URL is its parent's (the map page's) URL plus its slug, as
    Wagtail routes it, so no URL is resolved per site; what depends only on the district (its
    name, centre and note) is computed once per district."""
    if not query.shows("sites"):
        return []
    rows = list(query.filterset.qs.prefetch_related(None).values_list(*SITE_COLUMNS))
    steplen = Page.steplen
    parent_urls = _parent_urls({row[3][:-steplen] for row in rows}, request)
    order = DISTRICT_ORDER.get
    rows.sort(key=lambda row: (order(row[4], 99), row[1], row[0]))
    tz = timezone.get_current_timezone()
    districts = {}
    features = []
    for (
        pk,
        title,
        slug,
        path,
        district,
        precision,
        latitude,
        longitude,
        address,
        appointment_required,
        barrier_free,
        is_example,
        next_start,
        category,
    ) in rows:
        place = districts.get(district)
        if place is None:
            place = districts[district] = _district_place(district)
        if precision == LocationPrecision.EXACT and latitude is not None and longitude is not None:
            lat, lng = gcj02_to_wgs84(latitude, longitude)
            point, note = [round(lng, COORDINATE_DIGITS), round(lat, COORDINATE_DIGITS)], ""
        elif place[0] is not None:
            point, precision, note = place[0], "district", place[2]
        else:
            continue  # no point at all: not on the map (it is still in the list)
        parent_url = parent_urls.get(path[:-steplen])
        features.append(
            {
                "type": "Feature",
                "id": f"site-{pk}",
                "geometry": {"type": "Point", "coordinates": point},
                "properties": {
                    "layer": "sites",
                    "title": title,
                    "url": f"{parent_url}{quote(slug, safe=URL_SAFE)}/" if parent_url else None,
                    "category": category,
                    "district_name": place[1],
                    "precision": precision,
                    "location_note": note,
                    "address": address,
                    "appointment_required": appointment_required,
                    "barrier_free": barrier_free,
                    "next_open_day": {"start": next_start.astimezone(tz)} if next_start else None,
                    "is_example": is_example,
                },
            }
        )
    return features


@require_GET
def sites_geojson(request):
    query = MapQuery(request.GET, root=_root(request))
    if not query.is_valid:
        return _bad_request(query)
    key = _cache_key("geojson", request, query.query_string())
    body = built_once(key, lambda: encoded_collection(query, request))
    return _public(HttpResponse(body, content_type=GEOJSON_CONTENT_TYPE))


BUILD_LOCK_SECONDS = 30
BUILD_WAIT_SECONDS = 5


def built_once(key, build, seconds=CACHE_SECONDS):
    """The value cached under ``key`` in the shared cache (Redis in production, a file cache
    in the benchmark), built by one worker only: the first to miss takes a lock in the same
    cache and builds; the others wait for its result (at most BUILD_WAIT_SECONDS, then build
    themselves). Keys carry the map's version, so each change is built once for all workers."""
    value = cache.get(key)
    if value is not None:
        return value
    lock = f"{key}:building"
    if not cache.add(lock, 1, BUILD_LOCK_SECONDS):
        deadline = time.monotonic() + BUILD_WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.02)
            value = cache.get(key)
            if value is not None:
                return value
    try:
        value = build()
        cache.set(key, value, seconds)
    finally:
        cache.delete(lock)
    return value


@require_GET
def districts_geojson(request):
    """Chongqing's district boundaries (decoded from the npm package), the offline background."""
    body = cache.get("map:districts")
    if body is None:
        body = json.dumps(district_collection(), ensure_ascii=False, separators=(",", ":"))
        cache.set("map:districts", body, None)
    return _public(HttpResponse(body, content_type=GEOJSON_CONTENT_TYPE), seconds=86400)


# --- iCal -------------------------------------------------------------------------------------------


@require_GET
def open_days_ics(request):
    """Every upcoming open day of the sites that pass the filters (all sites without filters)."""
    query = MapQuery(request.GET, root=_root(request))
    if not query.is_valid:
        return _bad_request(query)
    key = _cache_key("ics", request, query.query_string())
    body = cache.get(key)
    if body is None:
        days = upcoming_open_days_of([site.pk for site in query.sites()], query.now)
        body = calendar_for("重庆家庭教育实践点位开放日", days, request)
        cache.set(key, body, CACHE_SECONDS)
    return _calendar_response(body, "open-days.ics")


@require_GET
def site_open_days_ics(request, slug):
    """Every open day of one site."""
    site = (
        PracticeSitePage.objects.live()
        .public()
        .descendant_of(_root(request))
        .filter(slug=slug)
        .select_related("category")
        .first()
    )
    if site is None:
        raise Http404("没有这个实践点位。")
    key = _cache_key(f"ics-site-{site.pk}", request, "")
    body = cache.get(key)
    if body is None:
        days = list(site.open_days.order_by("starts_at", "pk"))
        for day in days:
            day.page = site
        body = calendar_for(f"{site.title}开放日", days, request)
        cache.set(key, body, CACHE_SECONDS)
    return _calendar_response(body, f"site-{site.pk}-open-days.ics")


def _calendar_response(body, filename):
    response = HttpResponse(body, content_type=CALENDAR_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return _public(response)
