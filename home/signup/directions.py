"""Navigation links that open the common Chinese map apps (高德, 百度, 腾讯) at a place, from the
page's GCJ-02 coordinates. Only links: the page loads nothing from those hosts. A place known
only to its district gets no point (the template says so instead)."""

from urllib.parse import quote

SOURCE = "family-education-site"


def map_links(name, latitude, longitude, address=""):
    if latitude is None or longitude is None:
        return []
    lat, lng, title = f"{latitude}", f"{longitude}", quote(name or "目的地")
    addr = quote(address or name or "")
    return [
        (
            "高德地图",
            f"https://uri.amap.com/marker?position={lng},{lat}&name={title}&coordinate=gaode&callnative=1",
        ),
        (
            "百度地图",
            f"https://api.map.baidu.com/marker?location={lat},{lng}&title={title}&content={addr}"
            f"&coord_type=gcj02&output=html&src={SOURCE}",
        ),
        (
            "腾讯地图",
            f"https://apis.map.qq.com/uri/v1/marker?marker=coord:{lat},{lng};title:{title};addr:{addr}"
            f"&referer={SOURCE}",
        ),
    ]


def search_link(keyword, city="重庆"):
    """For a venue given only as text (course sessions): a search, not a pretended point."""
    return f"https://uri.amap.com/search?keyword={quote(keyword)}&city={quote(city)}&callnative=1"


def window_links(window):
    if window.is_session:
        venue = window.session.venue
        return [("在高德地图中搜索地点", search_link(venue))] if venue else []
    site = window.open_day.page
    if not site.has_exact_location:
        return []
    return map_links(site.title, site.latitude, site.longitude, site.address)
