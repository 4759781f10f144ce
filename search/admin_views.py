"""The editors' report of what parents search for: most frequent terms and terms that found
nothing, week by week, downloadable as XLSX or CSV."""

import django_filters
from django import forms
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from home.security.exports import SafeSpreadsheetExportMixin

from .models import SearchTermWeek


def _week_choices():
    weeks = SearchTermWeek.objects.order_by("-week").values_list("week", flat=True).distinct()[:26]
    return [(week.isoformat(), f"{week:%Y-%m-%d} 起的一周") for week in weeks]


class SearchTermFilterSet(WagtailFilterSet):
    week = django_filters.ChoiceFilter(label="周", choices=_week_choices, empty_label="全部周")
    # One checkbox (?zero=on); a choice filter so the active-filter pill reads in Chinese
    # ("搜索结果: 只看无结果的搜索") rather than "True"/"False".
    zero = django_filters.MultipleChoiceFilter(
        label="搜索结果",
        choices=[("on", "只看无结果的搜索")],
        method="filter_zero",
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = SearchTermWeek
        fields = ["week"]

    def filter_zero(self, queryset, name, value):
        return queryset.filter(zero_results__gt=0).order_by("-week", "-zero_results") if value else queryset


class SearchTermReportView(SafeSpreadsheetExportMixin, ReportView):
    page_title = "搜索词统计"
    header_icon = "search"
    index_url_name = "search_terms_report"
    index_results_url_name = "search_terms_report_results"
    filterset_class = SearchTermFilterSet
    permission_policy = ModelPermissionPolicy(SearchTermWeek)
    permission_required = "view"
    columns = [
        Column("week", label="周（周一）"),
        Column("term", label="搜索词"),
        Column("searches", label="搜索次数"),
        Column("zero_results", label="无结果次数"),
    ]
    list_export = ["week", "term", "searches", "zero_results"]
    export_headings = {
        "week": "周（周一）",
        "term": "搜索词",
        "searches": "搜索次数",
        "zero_results": "无结果次数",
    }

    def get_queryset(self):
        return SearchTermWeek.objects.order_by("-week", "-searches", "term")
