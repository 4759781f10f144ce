"""The practice-site map in a real Chromium, phone and desktop: every GeoJSON feature is on the
map (as a marker or inside a cluster), a filter changes the URL, the list and the map together,
popups link to the sites, and without JavaScript the list still shows every place."""

import json
import urllib.request

import pytest

from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

WIDTHS = {"phone": 390, "desktop": 1280}

MARKER_TOTAL = """() => {
  const clusters = [...document.querySelectorAll('#site-map .marker-cluster')]
    .reduce((sum, el) => sum + parseInt(el.textContent, 10), 0);
  const singles = document.querySelectorAll('#site-map .leaflet-marker-icon:not(.marker-cluster)').length;
  return clusters + singles;
}"""


@pytest.fixture
def demo_site(demo_server):
    return demo_server[0]


@pytest.fixture(scope="module")
def published(demo_server):
    """How many practice sites and bases are live and public, by the server's own database."""
    _, manage = demo_server
    out = manage(
        "shell",
        "-c",
        "from bases.models import InnovationBasePage, PracticeSitePage;"
        "print(PracticeSitePage.objects.live().public().count(),"
        " InnovationBasePage.objects.live().public().count())",
    ).stdout
    sites, bases = out.strip().splitlines()[-1].split()
    return {"sites": int(sites), "bases": int(bases)}


def _geojson(base_url, query=""):
    with urllib.request.urlopen(f"{base_url}/map/sites.geojson{query}", timeout=30) as response:
        return json.load(response)


def _layer(features, layer):
    return [f for f in features if f["properties"]["layer"] == layer]


def _titles(page):
    return set(page.locator("#map-results .site-item__title a").all_inner_texts())


def _wait_for_map(page, count):
    page.wait_for_function(
        "n => { const m = document.querySelector('#site-map');"
        " return m && m.dataset.mapState === 'ready' && m.dataset.featureCount === String(n); }",
        arg=count,
        timeout=15_000,
    )


def _no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("viewport", WIDTHS)
def test_map_and_list_show_the_same_places_and_filter_together(
    page, demo_site, published, viewport, console_errors, screenshot
):
    page.set_viewport_size({"width": WIDTHS[viewport], "height": 900})
    everything = _geojson(demo_site)
    features = everything["features"]
    # Every published place is drawn, and the counts announced are those drawn, whatever the
    # demo holds.
    sites, bases = _layer(features, "sites"), _layer(features, "bases")
    assert sites and bases
    assert {"sites": len(sites), "bases": len(bases)} == published
    assert everything["counts"] == published

    page.goto(demo_site + "/map/")
    _wait_for_map(page, len(features))
    assert page.evaluate(MARKER_TOTAL) == len(features)
    assert _titles(page) == {f["properties"]["title"] for f in features}
    assert page.locator("#site-map").is_visible()
    box = page.locator("#site-map").bounding_box()
    assert box["width"] <= WIDTHS[viewport] and box["height"] >= 280
    # The offline background: Chongqing's districts drawn from the site's own data.
    # The district outlines arrive in their own request after the markers: wait for them.
    page.wait_for_function("() => document.querySelectorAll('#site-map svg path').length >= 38")
    assert page.locator("#site-map path.leaflet-interactive, #site-map svg path").count() >= 38
    assert _no_horizontal_scroll(page)
    screenshot(f"map-{viewport}")

    # A marker's popup links to its site: zoom in on it, open its cluster (several places share
    # a district's centre) and click the marker, as a parent would.
    site = next(f for f in features if f["properties"]["title"] == "走马古镇")
    page.evaluate(
        """title => new Promise(resolve => {
          const map = window.siteMap.map, group = window.siteMap.groups.sites;
          const marker = group.getLayers().find(m => m.options.title === title);
          map.once('moveend', () => setTimeout(() => {
            const parent = group.getVisibleParent(marker);
            if (parent && parent !== marker && parent.spiderfy) parent.spiderfy();
            setTimeout(resolve, 500);
          }, 300));
          map.setView(marker.getLatLng(), map.getMaxZoom(), {animate: false});
        })""",
        "走马古镇",
    )
    page.locator('#site-map .leaflet-marker-icon[title="走马古镇"]').click()
    # The map pans to show the whole popup; wait until it has.
    page.wait_for_function(
        """() => {
          const popup = document.querySelector('.leaflet-popup');
          if (!popup) return false;
          const p = popup.getBoundingClientRect();
          const m = document.querySelector('#site-map').getBoundingClientRect();
          return p.top >= m.top && p.bottom <= m.bottom && p.left >= m.left && p.right <= m.right;
        }"""
    )
    # ... and, once the pan has ended, never lies under the controls at the top of the map.
    covered = """() => {
          const p = document.querySelector('.leaflet-popup').getBoundingClientRect();
          return [...document.querySelectorAll('#site-map .leaflet-top .leaflet-control')]
            .map(c => [c.className, c.getBoundingClientRect()])
            .filter(([, r]) => r.width && r.height)
            .filter(([, r]) => !(r.right <= p.left || r.left >= p.right
                                 || r.bottom <= p.top || r.top >= p.bottom))
            .map(([name]) => name);
        }"""
    page.evaluate("() => new Promise(resolve => setTimeout(resolve, 600))")  # Leaflet's pan: 250 ms
    assert page.evaluate(covered) == []
    popup = page.locator(".leaflet-popup-content")
    link = popup.locator("a.map-popup__title")
    assert link.get_attribute("href") == site["properties"]["url"]
    assert "位置仅精确到区县" in popup.inner_text()
    # (a full-page screenshot resizes the viewport, which closes a popup: shoot the viewport only)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"map-popup-{viewport}.png"))
    link.click()
    page.wait_for_url(f"**{site['properties']['url']}")
    assert page.get_by_role("heading", name="走马古镇").is_visible()

    # A filter, chosen as a parent would: the URL, the list and the map change together.
    page.goto(demo_site + "/map/")
    _wait_for_map(page, len(features))
    page.locator("summary", has_text="筛选").click()
    page.get_by_role("checkbox", name="故居旧址").check()
    page.wait_for_url("**/map/?*category=former-residence*")
    expected = _geojson(demo_site, "?category=former-residence")["features"]
    assert 0 < len(expected) < len(features)
    _wait_for_map(page, len(expected))
    page.wait_for_function(
        "n => document.querySelectorAll('#map-results .site-item').length === n", arg=len(expected)
    )
    assert page.evaluate(MARKER_TOTAL) == len(expected)
    assert _titles(page) == {f["properties"]["title"] for f in expected}
    assert "类别：故居旧址" in page.locator(".active-filters").inner_text()
    # Screen readers hear the new count once, not the whole list.
    assert f"共 {len(expected)} 个实践点位" in page.locator("#map-announcer").text_content()
    assert _no_horizontal_scroll(page)
    screenshot(f"map-filtered-{viewport}")

    # The filtered URL is shareable: opening it shows the same.
    page.goto(page.url)
    _wait_for_map(page, len(expected))
    assert _titles(page) == {f["properties"]["title"] for f in expected}
    assert page.get_by_role("checkbox", name="故居旧址").is_checked()
    assert console_errors == []


def test_without_javascript_the_list_shows_every_site(browser, demo_site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 900})
    page = context.new_page()
    try:
        features = _geojson(demo_site)["features"]
        page.goto(demo_site + "/map/")
        assert not page.locator("#site-map").is_visible()
        assert _titles(page) == {f["properties"]["title"] for f in features}
        sites = _layer(features, "sites")
        assert sites
        assert page.locator("#site-list .site-item").count() == len(sites)
        # A site without an exact location (the demo never invents one) says so in the list.
        approximate = [f for f in sites if f["properties"]["precision"] != "exact"]
        assert approximate
        assert page.locator("#site-list").get_by_text("位置仅精确到区县").count() == len(approximate)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "map-no-js-phone.png"), full_page=True)

        # The filter form works as a plain form.
        page.locator("summary", has_text="筛选").click()
        page.get_by_role("checkbox", name="渝中区").check()
        page.get_by_role("checkbox", name="博物馆").check()
        page.get_by_role("button", name="应用筛选").click()
        page.wait_for_url("**/map/?*district=yuzhong*")
        expected = _geojson(demo_site, "?category=museum&district=yuzhong")["features"]
        assert len(expected) > 0
        assert _titles(page) == {f["properties"]["title"] for f in expected}
        page.screenshot(path=str(ARTIFACTS / "map-no-js-filtered-phone.png"), full_page=True)
    finally:
        context.close()
