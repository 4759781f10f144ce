"""Choices of the search-page facets this app registers (see ResourcesConfig.ready)."""


def age_choices():
    from .models import AgeStage

    return list(AgeStage.objects.values_list("slug", "name"))


def topic_choices():
    from taggit.models import Tag

    return list(Tag.objects.order_by("name").values_list("slug", "name"))


def kind_choices():
    from .taxonomy import CourseKind

    return list(CourseKind.choices)
