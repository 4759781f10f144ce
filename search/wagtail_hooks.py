from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import SearchTermReportView
from .models import ApprovedSearchTerm, SearchSynonym, SearchTermWeek


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


class SearchSynonymViewSet(SnippetViewSet):
    """设置 → 搜索同义词: editors manage the synonym rules applied to every query."""

    model = SearchSynonym
    icon = "search"
    menu_label = "搜索同义词"
    add_to_settings_menu = True
    list_display = ["term", "alternatives", "both_ways"]
    search_fields = ["term", "alternatives"]
    list_per_page = 200  # the whole default list (about 100 rules) on one page
    panels = [FieldPanel("term"), FieldPanel("alternatives"), FieldPanel("both_ways")]


class ApprovedSearchTermViewSet(SnippetViewSet):
    """设置 → 推荐搜索词: the only visitor-typed terms that may appear under 大家常搜."""

    model = ApprovedSearchTerm
    icon = "search"
    menu_label = "推荐搜索词"
    add_to_settings_menu = True
    list_display = ["term", "created_at"]
    panels = [FieldPanel("term")]


register_snippet(SearchSynonymViewSet)
register_snippet(ApprovedSearchTermViewSet)
