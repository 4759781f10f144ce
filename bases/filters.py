"""Filters of /bases/ (django-filter), all in the query string: ?district=jiangbei&kind=primary&status=valid.

Several values of one filter match any of them; different filters combine. Status is computed
(see bases.status), so it filters on the SQL annotation of ``with_status``. A value the site
does not know is ignored and the page says so, instead of failing."""

import django_filters
from django import forms
from django.db.models import Count, Q

from .choices import STATUS_ORDER, BaseKind, BaseStatus
from .districts import DISTRICT_CHOICES


class BaseFilter(django_filters.FilterSet):
    district = django_filters.MultipleChoiceFilter(
        label="区县", choices=DISTRICT_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    kind = django_filters.MultipleChoiceFilter(
        label="类型", choices=BaseKind.choices, widget=forms.CheckboxSelectMultiple
    )
    status = django_filters.MultipleChoiceFilter(
        label="状态",
        field_name="annotated_status",
        choices=BaseStatus.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every district is accepted in the URL; the form offers only those that have bases.
        used = set(self.queryset.order_by().values_list("district", flat=True).distinct())
        field = self.form.fields["district"]
        field.widget.choices = [(code, name) for code, name in DISTRICT_CHOICES if code in used]

    def _cleaned(self):
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return getattr(self.form, "cleaned_data", {})

    def status_counts(self):
        """How many bases have each status, within the other filters in effect (not status
        itself, so the counts say what choosing a status would show)."""
        queryset = self.queryset
        cleaned = self._cleaned()
        for name, value in cleaned.items():
            if name != "status":
                queryset = self.filters[name].filter(queryset, value)
        totals = queryset.order_by().aggregate(
            **{status.value: Count("pk", filter=Q(annotated_status=status.value)) for status in STATUS_ORDER}
        )
        return {status: {"label": status.label, "count": totals[status.value]} for status in STATUS_ORDER}

    def error_messages(self):
        """Plain Chinese messages for values that were ignored."""
        if not self.is_bound or self.form.is_valid():
            return []
        return [
            f"筛选条件“{self.form.fields[name].label}”中有无法识别的值，已忽略。"
            for name in self.form.errors
            if name in self.form.fields
        ]

    def active_filters(self):
        """(label, value label) pairs for the filters in effect, for the summary line."""
        active = []
        for name, value in self._cleaned().items():
            if not value:
                continue
            field = self.form.fields[name]
            choices = dict(field.choices)
            active.append((field.label, "、".join(str(choices.get(v, v)) for v in value)))
        return active
