"""Factories for the page types (wagtail-factories), used by every test module."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory
import wagtail_factories
from wagtail.models import Page, Site

from home.models import HomePage
from resources.models import (
    AgeStage,
    CourseIndexPage,
    CoursePage,
    CourseSession,
    MicroLessonIndexPage,
    MicroLessonPage,
)

TZ = ZoneInfo("Asia/Shanghai")


class HomePageFactory(wagtail_factories.PageFactory):
    title = "家庭教育资源平台"
    slug = "home"

    class Meta:
        model = HomePage


class CourseIndexPageFactory(wagtail_factories.PageFactory):
    title = "课程"
    slug = "courses"

    class Meta:
        model = CourseIndexPage


class MicroLessonIndexPageFactory(wagtail_factories.PageFactory):
    title = "微课"
    slug = "lessons"

    class Meta:
        model = MicroLessonIndexPage


class _TaxonomyMixin(factory.django.DjangoModelFactory):
    """age_stages=["primary"], topics=["亲子阅读"] as factory arguments."""

    @factory.post_generation
    def age_stages(obj, create, extracted, **kwargs):
        if extracted:
            obj.age_stages = list(AgeStage.objects.filter(slug__in=extracted))
            obj.save()

    @factory.post_generation
    def topics(obj, create, extracted, **kwargs):
        if extracted:
            obj.tags.add(*extracted)
            obj.save()


class CoursePageFactory(wagtail_factories.PageFactory, _TaxonomyMixin):
    title = factory.Sequence(lambda n: f"测试课程{n}")
    kind = "general"
    summary = "一门测试课程。"

    class Meta:
        model = CoursePage
        skip_postgeneration_save = True

    @factory.post_generation
    def sessions(obj, create, extracted, **kwargs):
        """sessions=[("2026-09-12 19:00", 2), ...]"""
        if extracted:
            for when, hours in extracted:
                CourseSession.objects.create(
                    page=obj,
                    starts_at=datetime.datetime.strptime(when, "%Y-%m-%d %H:%M").replace(tzinfo=TZ),
                    class_hours=Decimal(str(hours)),
                    venue="测试地点",
                )


class MicroLessonPageFactory(wagtail_factories.PageFactory, _TaxonomyMixin):
    title = factory.Sequence(lambda n: f"测试微课{n}")
    summary = "一节测试微课。"
    duration_minutes = 8
    body = factory.LazyFunction(lambda: [{"type": "paragraph", "value": "<p>正文</p>"}])

    class Meta:
        model = MicroLessonPage
        skip_postgeneration_save = True


def build_site():
    """Home page as the default site's root with /courses/ and /lessons/.

    Returns (home, course_index, lesson_index). Wagtail's placeholder page goes first
    (its site goes with it), as the demo loader does."""
    Site.objects.all().delete()
    Page.objects.filter(depth=2).delete()
    home = HomePageFactory(parent=Page.get_first_root_node())
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    return home, CourseIndexPageFactory(parent=home), MicroLessonIndexPageFactory(parent=home)
