"""What site/static/js/map.js needs, for the map page and the editor's location picker: the
URLs of the map's data (bases.sites.urls) and the tile settings. Imports no model, so the models
(the map page, the location picker panel) can use it."""

from django.conf import settings
from django.urls import reverse


def _base_config():
    return {
        "districts": reverse("map_districts_geojson"),
        "tileUrl": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "crs": settings.MAP_COORDINATE_SYSTEM,
    }


def map_config(request, query):
    """What site/static/js/map.js needs, as JSON in the page."""
    query_string = query.query_string()
    geojson = reverse("map_sites_geojson")
    return {
        **_base_config(),
        "geojson": f"{geojson}?{query_string}" if query_string else geojson,
        "geojsonBase": geojson,
    }


def admin_map_config():
    return _base_config()
