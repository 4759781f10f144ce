"""Choices of the search-page facets this app registers (see ResourcesConfig.ready)."""

from taggit.models import Tag

from .models import AgeStage
from .taxonomy import CourseKind


def age_choices():
    return list(AgeStage.objects.values_list("slug", "name"))


def topic_choices():
    return list(Tag.objects.order_by("name").values_list("slug", "name"))


def kind_choices():
    return list(CourseKind.choices)
