"""The facets of the search page. Page types opt in by declaring `search_filters`, a mapping
from a facet name below to the ORM lookup on that page type (e.g. {"age": "age_stages__slug"}),
so the search page never lists page models by hand."""

from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class Facet:
    name: str
    label: str

    def choices(self):
        raise NotImplementedError


class AgeFacet(Facet):
    def choices(self):
        return [(s.slug, s.name) for s in apps.get_model("resources", "AgeStage").objects.all()]


class TopicFacet(Facet):
    def choices(self):
        from taggit.models import Tag

        return list(Tag.objects.order_by("name").values_list("slug", "name"))


class KindFacet(Facet):
    def choices(self):
        from resources.taxonomy import CourseKind

        return list(CourseKind.choices)


class DistrictFacet(Facet):
    def choices(self):
        try:
            from bases.districts import DISTRICTS
        except ImportError:
            return []
        return list(DISTRICTS)


FACETS = [
    AgeFacet("age", "年龄段"),
    TopicFacet("topic", "主题"),
    KindFacet("kind", "课程类型"),
    DistrictFacet("district", "区县"),
]
