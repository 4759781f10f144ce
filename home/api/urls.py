"""URLs of the open-data API, mounted in site/urls.py: /api/v2/ (the endpoints), /api/schema/
(OpenAPI 3, YAML or ?format=json) and /api/docs/ (the documentation page, in Chinese)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import APIRootView, DefaultRouter

from . import docs, views


class RootView(APIRootView):
    authentication_classes = []  # no accounts on the open-data API


class Router(DefaultRouter):
    APIRootView = RootView
    include_format_suffixes = False  # JSON only; /api/v2/courses/1.json is not a second address


router = Router()
router.register("courses", views.CourseViewSet, basename="api-course")
router.register("lessons", views.LessonViewSet, basename="api-lesson")
router.register("bases", views.BaseViewSet, basename="api-base")
router.register("sites", views.SiteViewSet, basename="api-site")
router.register("open-days", views.OpenDayViewSet, basename="api-open-day")

# What the schema describes: the endpoints of /api/v2/ only (not Wagtail's admin API).
api_patterns = [path("api/v2/", include(router.urls))]

urlpatterns = [
    path("v2/", include(router.urls)),
    path(
        "schema/",
        SpectacularAPIView.as_view(patterns=api_patterns, authentication_classes=[]),
        name="api-schema",
    ),
    # The page documents what the schema does (Django passes the dict to the view).
    path("docs/", docs.documentation, {"patterns": api_patterns}, name="api-docs"),
]
