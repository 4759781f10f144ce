"""Admin menu entries written once for bases and practice sites: a menu item shown to those who
hold a permission, and a view set for one report or one import page (with its CSV template)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import path
from django.utils.functional import cached_property
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet


class PermissionMenuItem(MenuItem):
    permission = None

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class PermissionViewSet(ViewSet):
    """One admin page (``view_class``, checked against ``permission``) and its menu entry, shown
    only to those who hold ``permission``. An import page also serves its blank template at
    ``template.csv`` (the view class's ``csv_template``)."""

    permission = None
    view_class = None

    @cached_property
    def menu_item_class(self):
        return type(f"{type(self).__name__}MenuItem", (PermissionMenuItem,), {"permission": self.permission})

    def get_urlpatterns(self):
        urls = [path("", self.view_class.as_view(permission=self.permission), name="index")]
        if getattr(self.view_class, "csv_template", None):
            urls.append(path("template.csv", self.template_view, name="template"))
        return urls

    def template_view(self, request):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        response = HttpResponse(self.view_class.csv_template(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.view_class.template_filename}"'
        return response
