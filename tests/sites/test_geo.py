"""District data from the npm package (ECharts-compressed, decoded by us), district centres, and
the WGS-84 / GCJ-02 conversion checked against the browser's library (gcoord)."""

import itertools
import json
import math
import shutil
import subprocess
from pathlib import Path

import prcoords
import pytest
from django.conf import settings

from bases.districts import DISTRICT_CODES
from bases.sites.geo import (
    FUNCTIONAL_AREA_HOSTS,
    decode_geometry,
    decode_ring,
    district_centres,
    district_collection,
    gcj02_to_wgs84,
)
from tests.conftest import IN_CI


def wgs84_to_gcj02(lat, lng):
    """The forward shift (the site only ever converts GCJ-02 to WGS-84): what the check compares."""
    result = prcoords.wgs_gcj((lat, lng))
    return result.lat, result.lon


# Chongqing points: 解放碑, 朝天门, 大学城, 万州 city centre, 秀山, 城口 (WGS-84, lng/lat).
POINTS = [
    (106.5773, 29.5578),
    (106.5866, 29.5693),
    (106.3095, 29.6092),
    (108.4087, 30.8079),
    (108.9890, 28.4478),
    (108.6645, 31.9481),
]


def encode_ring(points, scale=1024):
    """ECharts' encoding, written independently of the decoder, to test it."""
    ints = [(round(x * scale), round(y * scale)) for x, y in points]
    offset = list(ints[0])
    previous = offset[:]
    chars = []
    for x, y in ints:
        for value, index in ((x, 0), (y, 1)):
            delta = value - previous[index]
            previous[index] = value
            zigzag = (delta << 1) ^ (delta >> 31)
            chars.append(chr(zigzag + 64))
    return "".join(chars), offset


def test_decode_ring_inverts_the_echarts_encoding():
    points = [(106.5, 29.5), (106.501953125, 29.5), (106.5, 29.498046875), (106.5, 29.5)]
    encoded, offset = encode_ring(points)
    assert decode_ring(encoded, offset) == [list(point) for point in points]


def test_decode_geometry_handles_polygons_and_multipolygons():
    ring = [(107.0, 30.0), (107.1, 30.0), (107.1, 30.1), (107.0, 30.0)]
    encoded, offset = encode_ring(ring)
    polygon = decode_geometry({"type": "Polygon", "coordinates": [encoded], "encodeOffsets": [offset]})
    assert polygon["type"] == "Polygon"
    assert polygon["coordinates"][0][0] == polygon["coordinates"][0][-1]
    multi = decode_geometry(
        {"type": "MultiPolygon", "coordinates": [[encoded], [encoded]], "encodeOffsets": [[offset], [offset]]}
    )
    assert len(multi["coordinates"]) == 2
    assert multi["coordinates"][1][0] == polygon["coordinates"][0]


def _inside(point, ring):
    x, y = point
    inside = False
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
            inside = not inside
    return inside


def test_every_district_of_the_package_is_decoded_with_its_centre_inside_it():
    features = district_collection()["features"]
    codes = {feature["properties"]["code"] for feature in features}
    assert len(features) == 38
    assert codes == set(DISTRICT_CODES) - set(FUNCTIONAL_AREA_HOSTS)
    for feature in features:
        geometry = feature["geometry"]
        rings = (
            [geometry["coordinates"][0]]
            if geometry["type"] == "Polygon"
            else [polygon[0] for polygon in geometry["coordinates"]]
        )
        centre = feature["properties"]["centre"]
        assert 105.2 < centre[0] < 110.2 and 28.1 < centre[1] < 32.3
        assert any(_inside(centre, ring) for ring in rings), feature["properties"]["name"]


def test_every_district_code_has_a_centre_and_functional_areas_use_their_host():
    centres = district_centres()
    assert set(centres) == set(DISTRICT_CODES)
    for area, host in FUNCTIONAL_AREA_HOSTS.items():
        assert centres[area] == centres[host]
    # 开州区 has no centre in the package: it is computed from its outline.
    kaizhou = centres["kaizhou"]
    assert 107.9 < kaizhou[0] < 108.9 and 30.8 < kaizhou[1] < 31.7


def test_district_centres_come_from_the_package_file_itself():
    raw = json.loads(Path(settings.MAP_DISTRICTS_GEOJSON).read_text(encoding="utf-8"))
    yuzhong = next(f for f in raw["features"] if f["properties"]["name"] == "渝中区")
    assert list(district_centres()["yuzhong"]) == yuzhong["properties"]["cp"]


# --- WGS-84 / GCJ-02 -------------------------------------------------------------------------------


def _distance_m(lng1, lat1, lng2, lat2):
    r = 6_371_000
    dlat = math.radians(lat2 - lat1)
    dlng = math.radians(lng2 - lng1) * math.cos(math.radians((lat1 + lat2) / 2))
    return r * math.hypot(dlat, dlng)


def _gcoord(points):
    """gcoord's WGS-84 -> GCJ-02 (the library the browser uses), run by node."""
    node = shutil.which("node")
    module = Path(settings.BASE_DIR) / "node_modules" / "gcoord" / "dist" / "gcoord.cjs.js"
    if node is None or not module.exists():
        message = "node and node_modules/gcoord are needed (`make install`)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    script = (
        f"const g = require({json.dumps(str(module))});"
        f"const pts = {json.dumps(points)};"
        "console.log(JSON.stringify(pts.map(p => g.transform(p, g.WGS84, g.GCJ02))));"
    )
    result = subprocess.run([node, "-e", script], check=True, capture_output=True, text=True, timeout=60)
    return json.loads(result.stdout)


def test_gcj02_conversion_agrees_with_the_browser_library():
    expected = _gcoord([list(point) for point in POINTS])
    for (lng, lat), (gcj_lng, gcj_lat) in zip(POINTS, expected, strict=True):
        ours_lat, ours_lng = wgs84_to_gcj02(lat, lng)
        assert ours_lng == pytest.approx(gcj_lng, abs=1e-6)
        assert ours_lat == pytest.approx(gcj_lat, abs=1e-6)


def test_the_shift_in_chongqing_is_a_few_hundred_metres_and_reverses():
    for lng, lat in POINTS:
        gcj_lat, gcj_lng = wgs84_to_gcj02(lat, lng)
        assert 150 < _distance_m(lng, lat, gcj_lng, gcj_lat) < 800
        back_lat, back_lng = gcj02_to_wgs84(gcj_lat, gcj_lng)
        assert back_lat == pytest.approx(lat, abs=1e-6)
        assert back_lng == pytest.approx(lng, abs=1e-6)
