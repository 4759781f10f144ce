"""The search page's filters and sorting, a django-filter FilterSet like every other list:
content type, the registered facets (search/facets.py) and the order. The FilterSet validates
the query string and draws the form; the filtering itself runs in the engine or, on the
database backend, in search/query.py, because the results are not one queryset.

Each choice is labelled with how many results it would give (小学（3）)."""

import django_filters
from django import forms
from wagtail.models import Page

from . import facets

SORTS = {"relevance": "相关度", "newest": "最新发布"}
MULTI_VALUE_LIMIT = 10


def _counted(choices, counts, selected):
    """Choices with their counts; values with no result are left out unless selected."""
    labelled = []
    for value, label in choices:
        count = counts.get(str(value), 0)
        if count or str(value) in selected:
            labelled.append((value, f"{label}（{count}）"))
    return labelled


class SearchFilter(django_filters.FilterSet):
    """Built per request (`for_request`): one multiple-choice filter per content type list
    and registered facet, and the sort order."""

    def __init__(self, data, type_choices, facet_names):
        data = data.copy()
        if not data.get("sort"):
            data["sort"] = "relevance"
        super().__init__(data, queryset=Page.objects.none())
        self.filters["type"] = django_filters.MultipleChoiceFilter(
            label="内容类型", choices=type_choices, widget=forms.CheckboxSelectMultiple
        )
        self.facets = [f for f in facets.facets() if f.name in facet_names and f.choices()]
        for facet in self.facets:
            self.filters[facet.name] = django_filters.MultipleChoiceFilter(
                label=facet.label, choices=facet.choices(), widget=forms.CheckboxSelectMultiple
            )
        self.filters["sort"] = django_filters.ChoiceFilter(
            label="排序",
            choices=list(SORTS.items()),
            empty_label=None,
            widget=forms.RadioSelect,
            method=lambda queryset, name, value: queryset,
        )

    def selected(self):
        """{name: [values]} of the valid filters (an invalid one is ignored, see errors)."""
        self.form.is_valid()
        data = self.form.cleaned_data
        names = ["type", *[facet.name for facet in self.facets]]
        return {name: list(data.get(name) or [])[:MULTI_VALUE_LIMIT] for name in names}

    def sort(self):
        self.form.is_valid()
        return self.form.cleaned_data.get("sort") or "relevance"

    def error_messages(self):
        """Plain Chinese messages for values that were ignored."""
        if self.form.is_valid():
            return []
        return [
            f"筛选条件“{self.form.fields[name].label}”中有无法识别的值，已忽略。"
            for name in self.form.errors
            if name in self.form.fields
        ]

    def show_counts(self, outcome):
        """Label every choice with its count from the search outcome."""
        selected = self.selected()
        type_counts = {name: count for name, _label, count in outcome.type_counts}
        field = self.form.fields["type"]
        field.choices = [(value, f"{label}（{type_counts.get(value, 0)}）") for value, label in field.choices]
        for facet in self.facets:
            field = self.form.fields[facet.name]
            counts = outcome.facet_counts.get(facet.name, {})
            field.choices = _counted(field.choices, counts, selected.get(facet.name, []))
            if not field.choices:
                del self.form.fields[facet.name]
