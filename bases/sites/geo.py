"""Geography of the map: Chongqing's district boundaries and centre points, and the two
coordinate systems.

District data comes from the npm package ``echarts`` 4.9.0 (``map/json/province/chongqing.json``,
extracted alone by ``make install`` into node_modules/.districts, never copied into the
repository): one GeoJSON file of
Chongqing's 38 districts and counties whose geometries are compressed the ECharts way
("UTF8Encoding": each ring is a string of characters holding zigzag-encoded deltas from an
offset, scaled by 1024). We decode it once and serve it as plain GeoJSON
(``/map/districts.geojson``): the offline background of the map and of the admin's location
picker, and the source of the point where a place known only by its district is shown.

Coordinates: the database keeps what Chinese map apps show (GCJ-02, see bases.mixins);
everything we publish (GeoJSON, iCal) is WGS-84, as GeoJSON requires. The browser shifts
markers back to GCJ-02 only when the configured tile service uses it (settings
MAP_COORDINATE_SYSTEM). The conversion is prcoords' (public domain); tests compare it with the
browser's (gcoord) on Chongqing points.
"""

import functools
import itertools
import json
from pathlib import Path

import prcoords
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from ..districts import DISTRICT_NAMES, find_district

ENCODE_SCALE = 1024
# Functional areas that are not districts of their own on the map: their places are shown at
# the centre of the district whose territory hosts the area's administration.
FUNCTIONAL_AREA_HOSTS = {"liangjiang": "yubei", "gaoxin": "jiulongpo", "wansheng": "qijiang"}
COORDINATE_DIGITS = 6  # about 0.1 m: more would be noise
SIMPLIFY_TOLERANCE = 0.0015  # degrees, about 150 m: invisible at the zoom levels of a district


# --- ECharts' compressed geometry ------------------------------------------------------------------


def decode_ring(encoded, offset, scale=ENCODE_SCALE):
    """[[lng, lat], ...] from one ECharts-encoded ring: pairs of characters, each its code
    point minus 64, zigzag-decoded, added to the previous point (starting at ``offset``)."""
    previous_x, previous_y = offset
    points = []
    for index in range(0, len(encoded) - 1, 2):
        x = ord(encoded[index]) - 64
        y = ord(encoded[index + 1]) - 64
        x = (x >> 1) ^ -(x & 1)
        y = (y >> 1) ^ -(y & 1)
        previous_x += x
        previous_y += y
        points.append([previous_x / scale, previous_y / scale])
    return points


def _close(ring):
    # GeoJSON rings end where they start.
    return ring if not ring or ring[0] == ring[-1] else [*ring, ring[0]]


def decode_geometry(geometry):
    """A plain GeoJSON geometry from an ECharts-encoded Polygon or MultiPolygon."""
    kind = geometry["type"]
    coordinates = geometry["coordinates"]
    offsets = geometry.get("encodeOffsets")
    if offsets is None:  # already plain
        return {"type": kind, "coordinates": coordinates}
    if kind == "Polygon":
        rings = [_close(decode_ring(ring, offset)) for ring, offset in zip(coordinates, offsets, strict=True)]
        return {"type": "Polygon", "coordinates": rings}
    if kind == "MultiPolygon":
        polygons = [
            [_close(decode_ring(ring, offset)) for ring, offset in zip(polygon, polygon_offsets, strict=True)]
            for polygon, polygon_offsets in zip(coordinates, offsets, strict=True)
        ]
        return {"type": "MultiPolygon", "coordinates": polygons}
    raise ValueError(f"unexpected geometry type {kind}")


def simplify_ring(ring, tolerance):
    """Ramer-Douglas-Peucker on a closed ring, rounded to 4 decimals (about 10 m): the boundaries
    are a background, and the full detail would make the file five times larger."""
    if len(ring) <= 4:
        return ring
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        (x0, y0), (x1, y1) = ring[first], ring[last]
        dx, dy = x1 - x0, y1 - y0
        length = (dx * dx + dy * dy) ** 0.5
        farthest, distance = None, tolerance
        for index in range(first + 1, last):
            x, y = ring[index]
            if length:
                d = abs(dy * x - dx * y + x1 * y0 - y1 * x0) / length
            else:
                d = ((x - x0) ** 2 + (y - y0) ** 2) ** 0.5
            if d > distance:
                farthest, distance = index, d
        if farthest is not None:
            keep[farthest] = True
            stack.extend([(first, farthest), (farthest, last)])
    points = [[round(x, 4), round(y, 4)] for (x, y), kept in zip(ring, keep, strict=True) if kept]
    if len(points) < 4:  # too small to simplify: keep it as it is
        return [[round(x, 4), round(y, 4)] for x, y in ring]
    return points


def simplify_geometry(geometry, tolerance):
    if geometry["type"] == "Polygon":
        return {
            "type": "Polygon",
            "coordinates": [simplify_ring(r, tolerance) for r in geometry["coordinates"]],
        }
    return {
        "type": "MultiPolygon",
        "coordinates": [
            [simplify_ring(r, tolerance) for r in polygon] for polygon in geometry["coordinates"]
        ],
    }


def _outer_rings(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    return [polygon[0] for polygon in geometry["coordinates"]]


def ring_centroid(ring):
    """Area-weighted centroid (lng, lat) of a closed ring (planar: fine at district size)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if not area:
        return ring[0]
    return [cx / (3 * area), cy / (3 * area)]


def largest_ring_centroid(geometry):
    rings = _outer_rings(geometry)

    def size(ring):
        return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)))

    return ring_centroid(max(rings, key=size))


# --- Chongqing's districts ----------------------------------------------------------------------


def districts_source_path():
    return Path(settings.MAP_DISTRICTS_GEOJSON)


def _district_code(name):
    # The package predates 梁平 and 武隆 becoming districts (梁平县, 武隆县 in its data).
    return find_district(name) or find_district(name[:-1])


def _district_source():
    """The package's features: (our code, raw feature) of each district it knows."""
    path = districts_source_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ImproperlyConfigured(
            f"District boundaries not found at {path}: run `make install` (npm ci) first."
        ) from exc
    for feature in data["features"]:
        code = _district_code(feature["properties"]["name"])
        if code is not None:
            yield code, feature


def _centre(feature, geometry=None):
    """[lng, lat]: the package's centre point (cp), else the largest outline's centroid."""
    centre = feature["properties"].get("cp") or largest_ring_centroid(
        geometry or decode_geometry(feature["geometry"])
    )
    return [round(centre[0], COORDINATE_DIGITS), round(centre[1], COORDINATE_DIGITS)]


@functools.cache
def district_collection():
    """Chongqing's districts as a plain GeoJSON FeatureCollection (WGS-84 as far as the
    package says; district-level precision makes the difference irrelevant). Each feature's
    properties: code, name (ours, current), centre [lng, lat]."""
    features = []
    for code, feature in _district_source():
        geometry = decode_geometry(feature["geometry"])
        features.append(
            {
                "type": "Feature",
                "id": code,
                "geometry": simplify_geometry(geometry, SIMPLIFY_TOLERANCE),
                "properties": {
                    "code": code,
                    "name": DISTRICT_NAMES[code],
                    "centre": _centre(feature, geometry),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


@functools.cache
def district_centres():
    """{district code: (lng, lat)} for every code of bases.districts, functional areas included.
    Read from the package's centre points, without decoding and simplifying the outlines (a few
    ms instead of a fifth of a second in each worker's first GeoJSON)."""
    centres = {code: tuple(_centre(feature)) for code, feature in _district_source()}
    for area, host in FUNCTIONAL_AREA_HOSTS.items():
        if host in centres:
            centres.setdefault(area, centres[host])
    return centres


def district_centre(code):
    return district_centres().get(code)


@functools.lru_cache(maxsize=64)
def centre_note(code):
    """Where a district-level place is drawn, in words for the page and the popup."""
    host = FUNCTIONAL_AREA_HOSTS.get(code)
    if host:
        return f"地图上标在{DISTRICT_NAMES[host]}中心（{DISTRICT_NAMES[code]}所在区域），不是具体位置"
    return f"地图上标在{DISTRICT_NAMES.get(code, '')}中心，不是具体位置"


# --- Coordinate systems ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=16384)
def gcj02_to_wgs84(lat, lng):
    """WGS-84 (lat, lng) of a GCJ-02 point, by prcoords' iterative inverse (error < 1e-6°).
    About 20 µs a point, so remembered per process: the map's thousands of exact points are
    converted once, not again every time the GeoJSON is rebuilt after a change."""
    result = prcoords.gcj_wgs_bored((float(lat), float(lng)))
    return result.lat, result.lon


def published_point(place):
    """(lng, lat, precision) in WGS-84 of a place with LocationMixin: its own point when exact,
    its district's centre otherwise (None when even that is unknown)."""
    if place.has_exact_location:
        lat, lng = gcj02_to_wgs84(place.latitude, place.longitude)
        return round(lng, COORDINATE_DIGITS), round(lat, COORDINATE_DIGITS), "exact"
    centre = district_centre(place.district)
    if centre is None:
        return None
    return centre[0], centre[1], "district"
