from django.conf import settings
from django.contrib.sitemaps.views import sitemap
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import Sitemap
from wagtail.documents import urls as wagtaildocs_urls

from bases.files import serve_media
from home import views as home_views
from search import views as search_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search_views.search, name="search"),
    path("search/suggest", search_views.suggest, name="search_suggest"),
    path("sitemap/", home_views.site_map, name="site_map"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": Sitemap}}, name="sitemap"),
    # Browsers and WeChat ask for /favicon.ico whatever the page says.
    path("favicon.ico", lambda request: redirect(static("favicon.svg"), permanent=True)),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8"),
        name="robots_txt",
    ),
    # The map's GeoJSON and iCal files (a dot in the name, which Wagtail's page routing refuses).
    path("map/", include("bases.sites.urls")),
    # The open-data API (/api/v2/), its OpenAPI schema and documentation page (home/api).
    path("api/", include("home.api.urls")),
    # Sign-ups, personal links and certificate checks (home/signup).
    path("signup/", include("home.signup.urls")),
]

if settings.MEDIA_STORAGE == "local":
    # Uploaded images and audio/video from the local media folder, each checked against the
    # privacy rules (bases.files); documents only through /documents/. A web server in front
    # must pass /media/ to the site rather than serve the folder itself.
    urlpatterns += [re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.+)$", serve_media, name="media")]

urlpatterns += [path("", include(wagtail_urls))]
