from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import SearchTermReportView
from .models import SearchTermWeek


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("reports/search-terms/", SearchTermReportView.as_view(), name="search_terms_report"),
        path(
            "reports/search-terms/results/",
            SearchTermReportView.as_view(results_only=True),
            name="search_terms_report_results",
        ),
    ]


class SearchTermMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(f"{SearchTermWeek._meta.app_label}.view_searchtermweek")


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return SearchTermMenuItem("搜索词统计", reverse("search_terms_report"), icon_name="search", order=900)
