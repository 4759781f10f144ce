"""The practice sites in the admin: one "实践点位" menu (the sites, their categories, the open-day
report and the bulk import) and the dashboard panel of sites short of open days this semester.

Registered in bases.wagtail_hooks, like the bases' menu. The report, the import and the categories
are for those who hold ``bases.manage_sites``."""

from django.db.models import ExpressionWrapper, F, IntegerField, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.pages.listing import IndexView as PageIndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from ..admin.views import ExportReportView, SpreadsheetImportView
from ..admin.viewsets import PermissionViewSet
from ..imports.sites import COLUMNS, REQUIRED, import_sites, template_csv
from ..models import SITES_PERMISSION
from ..models.sites import PracticeSiteIndexPage, PracticeSitePage, SiteCategory, sites_short_of_target
from . import semester as semesters


def current_semester():
    return semesters.counting_semester(timezone.now())


def short_sites(semester):
    """Sites short of the target, with ``missing`` (how many more open days are needed)."""
    return sites_short_of_target(semester).annotate(
        missing=ExpressionWrapper(
            Value(semesters.TARGET_OPEN_DAYS) - F("semester_open_days"), output_field=IntegerField()
        )
    )


# --- Report ----------------------------------------------------------------------------------------


class OpenDaysReportView(ExportReportView):
    """Published sites with fewer than 4 open days in the current semester (during August: the
    autumn semester about to start), fewest first; downloadable as XLSX or CSV."""

    header_icon = "date"
    template_name = "bases/sites/admin/report.html"
    index_url_name = "practice_sites_report:index"
    list_export = ["title", "category.name", "district_label", "semester_open_days", "missing"]
    export_headings = {
        "title": "点位",
        "category.name": "类别",
        "district_label": "区县",
        "semester_open_days": "本学期开放日（次）",
        "missing": "还差（次）",
    }
    columns = [
        TitleColumn(
            "title", label="点位", get_url=lambda site: reverse("wagtailadmin_pages:edit", args=[site.pk])
        ),
        Column("category", label="类别"),
        Column("district_label", label="区县"),
        Column("semester_open_days", label="本学期开放日"),
        Column("missing", label="还差"),
    ]

    @cached_property
    def semester(self):
        return current_semester()

    @property
    def page_title(self):
        return "开放日不足的实践点位"

    def get_filename(self):
        return f"open-days-short-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        return short_sites(self.semester)

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context.update(semester=self.semester, target=semesters.TARGET_OPEN_DAYS)
        return context


class OpenDaysReportViewSet(PermissionViewSet):
    name = "practice_sites_report"
    url_prefix = "practice-sites/open-days"
    menu_label = "开放日不足提醒"
    menu_icon = "date"
    permission = SITES_PERMISSION
    view_class = OpenDaysReportView


# --- Import -----------------------------------------------------------------------------------------


class SitesImportView(SpreadsheetImportView):
    page_title = "批量导入实践点位"
    template_name = "bases/sites/admin/import.html"
    index_model = PracticeSiteIndexPage
    import_function = import_sites
    columns = COLUMNS
    required = REQUIRED
    missing_index_message = "还没有“实践点位地图页”（/map/），请先在页面管理中创建。"
    csv_template = staticmethod(template_csv)
    template_filename = "practice-sites-import-template.csv"

    def get_extra_context(self):
        return {"categories": list(SiteCategory.objects.all())}


class SitesImportViewSet(PermissionViewSet):
    name = "practice_sites_import"
    url_prefix = "practice-sites/import"
    menu_label = "批量导入点位"
    menu_icon = "upload"
    permission = SITES_PERMISSION
    view_class = SitesImportView


# --- Listing and categories -------------------------------------------------------------------------


class SiteEditorsMenuItem(MenuItem):
    """Only for those who may edit or add practice sites: a base's account has nothing there."""

    def is_shown(self, request):
        index = PracticeSiteIndexPage.objects.first()
        if index is None:
            return request.user.is_superuser
        permissions = index.permissions_for_user(request.user)
        return permissions.can_edit() or permissions.can_add_subpage()


class PracticeSiteListing(PageListingViewSet):
    """Every practice site the user may edit, with district and booking rules."""

    model = PracticeSitePage
    menu_item_class = SiteEditorsMenuItem
    name = "practice_site_pages"
    menu_label = "点位资料"
    icon = "site"
    columns = [
        *PageIndexView.base_columns,
        Column("district_label", label="区县", width="10%"),
        Column("appointment_label", label="预约", width="10%"),
    ]


class SiteCategoryViewSet(SnippetViewSet):
    model = SiteCategory
    menu_label = "点位类别"
    icon = "tag"
    list_display = ["name", "description", "sort_order"]
    ordering = ["sort_order", "name"]


class PracticeSitesMenu(ViewSetGroup):
    menu_label = "实践点位"
    menu_icon = "site"
    menu_order = 220
    items = (PracticeSiteListing, SiteCategoryViewSet, OpenDaysReportViewSet, SitesImportViewSet)
