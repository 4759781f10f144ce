"""Admin views for city editors, written once for bases and practice sites: the permission check,
the report with XLSX/CSV download, the bulk import; and the bases' own report and import."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import View
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView

from home.security.exports import SafeSpreadsheetExportMixin

from ..imports.bases import COLUMNS, REQUIRED, import_bases, template_csv
from ..models import BaseIndexPage
from .attention import Category, attention_items


class PermissionRequiredMixin:
    """403 unless the user holds ``permission`` (set by the view set: bases.admin.viewsets)."""

    permission = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ExportReportView(PermissionRequiredMixin, SafeSpreadsheetExportMixin, ReportView):
    """A report for editors, 100 rows a page, downloadable as XLSX or CSV (Excel-safe)."""

    paginate_by = 100


class BasesReportView(ExportReportView):
    """Everything about the bases that needs an editor's attention, in one list that can be
    downloaded as XLSX or CSV; ?category= narrows it to one of the lists."""

    page_title = "基地工作提醒"
    header_icon = "warning"
    template_name = "bases/admin/report.html"
    index_url_name = "bases_report:index"
    list_export = ["category_label", "base_title", "district_label", "detail", "date_text"]
    export_headings = {
        "category_label": "类别",
        "base_title": "基地",
        "district_label": "区县",
        "detail": "说明",
        "date_text": "日期",
    }
    columns = [
        Column("category_label", label="类别"),
        TitleColumn("base_title", label="基地", get_url=lambda item: item.admin_url),
        Column("district_label", label="区县"),
        Column("detail", label="说明"),
        Column("date_text", label="日期"),
    ]

    @cached_property
    def category(self):
        value = self.request.GET.get("category")
        return value if value in Category.LABELS else None

    def get_filename(self):
        return f"bases-report-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        groups = attention_items(self.request.user)
        self.counts = {category: len(items) for category, items in groups.items()}
        return [
            item for category, items in groups.items() if self.category in (None, category) for item in items
        ]

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["categories"] = [(key, Category.LABELS[key], self.counts[key]) for key in Category.ORDER]
        context["current_category"] = self.category
        return context


class ImportForm(forms.Form):
    file = forms.FileField(
        label="表格文件",
        help_text="Excel（.xlsx）或 CSV 文件，第一行为列名。",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class SpreadsheetImportView(PermissionRequiredMixin, WagtailAdminTemplateMixin, View):
    """Bulk import from .xlsx/.csv: check every row, import all or nothing, update what is
    already on record. Subclasses name the index page, the import function, its columns and
    the blank template offered for download (``csv_template``, ``template_filename``)."""

    header_icon = "upload"
    index_model = None
    import_function = None
    columns = ()
    required = ()
    missing_index_message = ""
    csv_template = None
    template_filename = ""

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_extra_context(self):
        return {}

    def render(self, request, form, result=None, status=200):
        context = self.get_context_data(
            form=form,
            result=result,
            columns=self.columns,
            required=self.required,
            index=self.index_model.objects.first(),
            **self.get_extra_context(),
        )
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        return self.render(request, ImportForm())

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        index = self.index_model.objects.first()
        if not form.is_valid():
            return self.render(request, form, status=400)
        if index is None:
            form.add_error(None, self.missing_index_message)
            return self.render(request, form, status=400)
        result = type(self).import_function(form.cleaned_data["file"], index, request.user)
        return self.render(
            request, ImportForm() if result.ok else form, result, status=200 if result.ok else 400
        )


class BasesImportView(SpreadsheetImportView):
    page_title = "批量导入基地"
    template_name = "bases/admin/import.html"
    index_model = BaseIndexPage
    import_function = import_bases
    columns = COLUMNS
    required = REQUIRED
    missing_index_message = "还没有“创新实践基地”列表页，请先在页面管理中创建（/bases/）。"
    csv_template = staticmethod(template_csv)
    template_filename = "bases-import-template.csv"


def report_url(category=None):
    url = reverse("bases_report:index")
    return f"{url}?category={category}" if category else url
