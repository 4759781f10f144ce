"""Filters of /courses/ and /lessons/ (django-filter), all in the query string so a filtered
list can be bookmarked and shared.

Values are slugs: ?kind=basic&age=primary&topic=亲子阅读. Several values of one filter match
any of them; different filters combine. A value the site does not know is ignored and the
page says so, instead of failing."""

import django_filters
from django import forms
from taggit.models import Tag

from .models import AgeStage, CourseTag, MicroLessonTag
from .taxonomy import Activity, CourseKind


class ResourceFilter(django_filters.FilterSet):
    age = django_filters.ModelMultipleChoiceFilter(
        label="年龄段",
        field_name="age_stages__slug",
        to_field_name="slug",
        queryset=AgeStage.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        distinct=True,
    )
    topic = django_filters.ModelMultipleChoiceFilter(
        label="主题",
        field_name="tags__slug",
        to_field_name="slug",
        queryset=Tag.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        distinct=True,
    )

    tag_through = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The form shows filters in Meta.fields order (kind first), not declaration order.
        self.filters = {name: self.filters[name] for name in self._meta.fields}
        # Offer only topics that are used by this kind of page.
        used = self.tag_through.objects.values("tag_id")
        self.filters["topic"].queryset = Tag.objects.filter(pk__in=used).order_by("name")
        self.form.fields["topic"].queryset = self.filters["topic"].queryset

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
        if not self.is_bound:
            return []
        self.form.is_valid()
        active = []
        for name, value in self.form.cleaned_data.items():
            if not value:
                continue
            field = self.form.fields[name]
            values = list(value) if hasattr(value, "__iter__") and not isinstance(value, str) else [value]
            choices = dict(getattr(field, "choices", []))
            names = [str(choices.get(v, v)) for v in values]
            active.append((field.label, "、".join(names)))
        return active


class CourseFilter(ResourceFilter):
    kind = django_filters.MultipleChoiceFilter(
        label="课程类型", choices=CourseKind.choices, widget=forms.CheckboxSelectMultiple
    )
    tag_through = CourseTag

    class Meta:
        fields = ["kind", "age", "topic"]


class MicroLessonFilter(ResourceFilter):
    activity = django_filters.MultipleChoiceFilter(
        label="亲子三刻钟", choices=Activity.choices, widget=forms.CheckboxSelectMultiple
    )
    media = django_filters.ChoiceFilter(
        label="形式",
        choices=[("video", "视频"), ("audio", "音频"), ("text", "图文")],
        method="filter_media",
        empty_label="全部",
    )
    tag_through = MicroLessonTag

    class Meta:
        fields = ["age", "topic", "activity", "media"]

    def filter_media(self, queryset, name, value):
        if value == "text":
            return queryset.filter(lesson_media__isnull=True)
        return queryset.filter(lesson_media__type=value)
