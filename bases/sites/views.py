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
from types import SimpleNamespace
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Page, Site

from ..districts import district_name
from ..models.sites import PracticeSitePage, SiteCategory, sort_by_district
from .cache import map_cache_version
from .filters import MapQuery
from .geo import centre_note, district_collection, published_point
from .ical import calendar_for, upcoming_open_days_of

CACHE_SECONDS = 300
GEOJSON_CONTENT_TYPE = "application/geo+json; charset=utf-8"
CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"
PRECISION_LABELS = {"exact": "精确位置", "district": "仅精确到区县"}


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


def _iso(value, tz=None):
    """ISO 8601 in local time; ``tz`` (the current time zone, looked up once per collection)
    saves the lookup per value when thousands of sites are serialised."""
    if not value:
        return None
    return value.astimezone(tz).isoformat() if tz is not None else timezone.localtime(value).isoformat()


def site_feature(site, request, tz=None):
    point = published_point(site)
    if point is None:
        return None
    lng, lat, precision = point
    next_start = getattr(site, "next_open_day_start", None)
    next_end = getattr(site, "next_open_day_end", None)
    return {
        "type": "Feature",
        "id": f"site-{site.pk}",
        "geometry": {"type": "Point", "coordinates": [lng, lat]},
        "properties": {
            "layer": "sites",
            "id": site.pk,
            "title": site.title,
            "url": site.url if isinstance(site, SiteRow) else site.get_url(request),
            "category": site.category.name,
            "category_slug": site.category.slug,
            "district": site.district,
            "district_name": site.district_label,
            "precision": precision,
            "precision_label": PRECISION_LABELS[precision],
            "location_note": "" if precision == "exact" else centre_note(site.district),
            "address": site.address,
            "organisation": site.organisation,
            "appointment_required": site.appointment_required,
            "barrier_free": site.barrier_free,
            "age_stages": (
                site.age_stage_names
                if isinstance(site, SiteRow)
                else [stage.name for stage in site.age_stages.all()]
            ),
            "next_open_day": (
                {"start": _iso(next_start, tz), "end": _iso(next_end, tz)} if next_start else None
            ),
            "is_example": site.is_example,
        },
    }


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
            "id": base.pk,
            "title": base.title,
            "url": base.get_url(request),
            "kind": base.get_kind_display(),
            "status": base.status_code,
            "status_label": base.status_label,
            "district": base.district,
            "district_name": base.district_label,
            "precision": precision,
            "precision_label": PRECISION_LABELS[precision],
            "location_note": "" if precision == "exact" else centre_note(base.district),
            "address": base.address,
            "is_example": base.is_example,
        },
    }


def feature_collection(query, request):
    sites = site_features(query, request)
    bases = [base_feature(base, request) for base in query.bases()]
    features = [feature for feature in sites + bases if feature is not None]
    return {
        "type": "FeatureCollection",
        # Foreign members (RFC 7946 §6.1): readers that do not know them ignore them.
        "coordinate_system": "WGS-84",
        "counts": {
            "sites": sum(1 for f in features if f["properties"]["layer"] == "sites"),
            "bases": sum(1 for f in features if f["properties"]["layer"] == "bases"),
        },
        "features": features,
    }


# --- Sites as rows: the map's thousands of points without a page object each -------------------

SITE_ROW_FIELDS = (
    "pk",
    "title",
    "slug",
    "path",
    "district",
    "location_precision",
    "latitude",
    "longitude",
    "address",
    "organisation",
    "appointment_required",
    "barrier_free",
    "is_example",
    "next_open_day_start",
    "next_open_day_end",
)


URL_SAFE = "!$&'()*+,;=/~:@"  # what Django's reverse() leaves unquoted in a path (RFC 3986)


class SiteRow(SimpleNamespace):
    """One site's columns, with what ``site_feature`` and ``published_point`` read of a page."""

    @property
    def has_exact_location(self):
        return self.location_precision == "exact" and self.latitude is not None and self.longitude is not None

    @property
    def district_label(self):
        return district_name(self.district)


def site_rows(queryset, request):
    """The filtered sites as ``SiteRow``s in the list's order (district, title), in four
    queries whatever their number: the columns, the categories, the age stages and the parent
    pages. A site's URL is its parent's (the map page's) URL plus its slug, as Wagtail routes
    it, so no URL is resolved per site."""
    columns = queryset.prefetch_related(None).values(*SITE_ROW_FIELDS, "category_id")
    rows = [SiteRow(**values) for values in columns]
    categories = {c.pk: c for c in SiteCategory.objects.filter(pk__in={row.category_id for row in rows})}
    stages = {}
    through = PracticeSitePage.age_stages.through
    for site_id, name in (
        through.objects.filter(practicesitepage__in=queryset.order_by().values("pk"))
        .order_by("agestage__sort_order", "agestage__pk")
        .values_list("practicesitepage_id", "agestage__name")
    ):
        stages.setdefault(site_id, []).append(name)
    steplen = Page.steplen
    parent_urls = {
        parent.path: parent.get_url(request)
        for parent in Page.objects.filter(path__in={row.path[:-steplen] for row in rows})
    }
    for row in rows:
        row.category = categories[row.category_id]
        row.age_stage_names = stages.get(row.pk, [])
        parent_url = parent_urls.get(row.path[:-steplen])
        row.url = f"{parent_url}{quote(row.slug, safe=URL_SAFE)}/" if parent_url else None
    return sort_by_district(rows)


def site_features(query, request):
    if not query.shows("sites"):
        return []
    tz = timezone.get_current_timezone()
    return [site_feature(row, request, tz) for row in site_rows(query.filterset.qs, request)]


@require_GET
def sites_geojson(request):
    query = MapQuery(request.GET, root=_root(request))
    if not query.is_valid:
        return _bad_request(query)
    key = _cache_key("geojson", request, query.query_string())
    body = built_once(
        key,
        lambda: json.dumps(feature_collection(query, request), ensure_ascii=False, separators=(",", ":")),
    )
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
