"""Renewals: a city editor records a new naming batch for many bases at once, as a bulk action
over the bases selected in the admin's page listings (登记新命名批次). Each base gets a new term;
its earlier terms stay on record. (The spreadsheet import does the same from a file: a row with
other dates adds a new term.) Either every selected base gets its term or none does."""

from django import forms
from wagtail.admin.views.pages.bulk_actions.page_bulk_action import PageBulkAction
from wagtail.admin.widgets import AdminDateInput

from .models import BaseTerm, InnovationBasePage, can_manage_bases


class RenewalForm(forms.Form):
    batch_year = forms.IntegerField(label="命名批次（年）", min_value=2000, max_value=2100)
    start_date = forms.DateField(label="有效期开始", widget=AdminDateInput)
    end_date = forms.DateField(
        label="有效期结束",
        help_text="最后一个有效日，当天仍然有效。",
        widget=AdminDateInput,
    )
    document_title = forms.CharField(
        label="命名文件", max_length=200, help_text="例如 关于命名重庆市家庭教育创新实践基地的通知"
    )
    document_number = forms.CharField(label="文号", max_length=60, required=False)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end <= start:
            self.add_error("end_date", "有效期结束日期必须晚于开始日期。")
        return cleaned


def overlapping(bases, start_date, end_date):
    """Titles of the bases that already have a term overlapping the new one."""
    return sorted(
        BaseTerm.objects.filter(base__in=bases, start_date__lte=end_date, end_date__gte=start_date)
        .values_list("base__title", flat=True)
        .distinct()
    )


def renew(bases, batch_year, start_date, end_date, document_title, document_number=""):
    """A new term for each base; returns how many were added."""
    terms = [
        BaseTerm(
            base=base,
            batch_year=batch_year,
            start_date=start_date,
            end_date=end_date,
            document_title=document_title,
            document_number=document_number,
        )
        for base in bases
    ]
    BaseTerm.objects.bulk_create(terms)
    return len(terms)


class RenewBasesBulkAction(PageBulkAction):
    display_name = "登记新命名批次"
    action_type = "renew_bases"
    aria_label = "为所选基地登记新的命名批次"
    template_name = "bases/admin/confirm_bulk_renew.html"
    action_priority = 10
    form_class = RenewalForm

    def check_perm(self, page):
        return can_manage_bases(self.request.user) and page.specific_class is InnovationBasePage

    def prepare_action(self, objects, objects_without_access):
        data = self.cleaned_form.cleaned_data
        clashes = overlapping([page.pk for page in objects], data["start_date"], data["end_date"])
        if clashes:
            self.cleaned_form.add_error(
                None, f"这些基地在这段时间已有有效期，没有登记任何基地：{'、'.join(clashes)}。"
            )
            return self.form_invalid(self.cleaned_form)
        if not objects:
            self.cleaned_form.add_error(None, "没有选中可以登记的基地。")
            return self.form_invalid(self.cleaned_form)
        return None

    def get_execution_context(self):
        return {**super().get_execution_context(), **self.cleaned_form.cleaned_data}

    @classmethod
    def execute_action(cls, objects, user=None, **term):
        bases = InnovationBasePage.objects.filter(pk__in=[page.pk for page in objects])
        return renew(bases, **term), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        data = self.cleaned_form.cleaned_data
        return (
            f"已为 {num_parent_objects} 个基地登记 {data['batch_year']} 年命名批次，"
            f"有效期 {data['start_date']:%Y-%m-%d} 至 {data['end_date']:%Y-%m-%d}；原有的有效期保留。"
        )
