"""URLs of the map's data, mounted at /map/ in site/urls.py ahead of Wagtail's pages (Wagtail's
page routing does not accept a dot in a path segment). The map page itself and the site pages
(/map/, /map/<slug>/) are Wagtail pages."""

from django.urls import path

from . import views

urlpatterns = [
    path("sites.geojson", views.sites_geojson, name="map_sites_geojson"),
    path("districts.geojson", views.districts_geojson, name="map_districts_geojson"),
    path("open-days.ics", views.open_days_ics, name="map_open_days_ics"),
    path("<str:slug>/open-days.ics", views.site_open_days_ics, name="map_site_open_days_ics"),
]
