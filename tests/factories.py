"""Factories for the page types (wagtail-factories), used by every test module."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory
import wagtail_factories
from wagtail.models import Page, Site
from wagtail.search import index

from bases.models import BaseIndexPage, BaseTerm, InnovationBasePage, YearlyReportPage
from bases.models.sites import OpenDay, PracticeSiteIndexPage, PracticeSitePage, SiteCategory
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
            index.insert_or_update_object(obj)  # see topics below

    @factory.post_generation
    def topics(obj, create, extracted, **kwargs):
        if extracted:
            obj.tags.add(*extracted)
            obj.save()
            # As publishing does (search/signals.py): the post_save index update ran before
            # the tags were committed.
            index.insert_or_update_object(obj)


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


# --- Innovation practice bases ---------------------------------------------------------------


class BaseIndexPageFactory(wagtail_factories.PageFactory):
    title = "创新实践基地"
    slug = "bases"

    class Meta:
        model = BaseIndexPage


class InnovationBasePageFactory(wagtail_factories.PageFactory):
    """term=("2020-01-01", "2024-12-31") by default; term=False for a base without a term."""

    title = factory.Sequence(lambda n: f"测试基地{n}")
    district = "jiangbei"
    kind = "primary"
    summary = "一个测试基地。"

    class Meta:
        model = InnovationBasePage
        skip_postgeneration_save = True

    @factory.post_generation
    def term(obj, create, extracted, **kwargs):
        if extracted is False:
            return
        start, end = extracted or ("2020-01-01", "2024-12-31")
        BaseTerm.objects.create(
            base=obj,
            batch_year=int(start[:4]),
            document_title="关于命名重庆市家庭教育创新实践基地的通知",
            start_date=datetime.date.fromisoformat(start),
            end_date=datetime.date.fromisoformat(end),
        )


class YearlyReportPageFactory(wagtail_factories.PageFactory):
    year = 2024
    title = factory.LazyAttribute(lambda page: f"{page.year}年度工作报告")
    slug = factory.LazyAttribute(lambda page: f"report-{page.year}")
    work_summary = "<p>全年开展家长课堂和亲子活动。</p>"
    guidance_activities = 12
    families_served = 300

    class Meta:
        model = YearlyReportPage


def build_bases(home, count=0, **base_fields):
    """/bases/ under ``home`` (with its review workflow) and ``count`` bases in it."""
    index = BaseIndexPageFactory(parent=home)
    bases = [InnovationBasePageFactory(parent=index, **base_fields) for _ in range(count)]
    return index, bases


# --- Practice sites and the map ---------------------------------------------------------------


class SiteCategoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"测试类别{n}")
    slug = factory.Sequence(lambda n: f"category-{n}")

    class Meta:
        model = SiteCategory
        django_get_or_create = ("slug",)


class PracticeSiteIndexPageFactory(wagtail_factories.PageFactory):
    title = "实践点位地图"
    slug = "map"

    class Meta:
        model = PracticeSiteIndexPage


class PracticeSitePageFactory(wagtail_factories.PageFactory, _TaxonomyMixin):
    """open_days=["2026-03-07 09:30", ...] (two hours each) as a factory argument."""

    title = factory.Sequence(lambda n: f"测试点位{n}")
    district = "yuzhong"
    category = factory.SubFactory(SiteCategoryFactory)
    summary = "一个测试点位。"

    class Meta:
        model = PracticeSitePage
        skip_postgeneration_save = True

    @factory.post_generation
    def open_days(obj, create, extracted, **kwargs):
        for when in extracted or []:
            starts_at = datetime.datetime.strptime(when, "%Y-%m-%d %H:%M").replace(tzinfo=TZ)
            OpenDay.objects.create(
                page=obj,
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(hours=2),
                audience="小学生及家长",
            )


def build_map(home, count=0, **site_fields):
    """/map/ under ``home`` and ``count`` practice sites in it."""
    index = PracticeSiteIndexPageFactory(parent=home)
    sites = [PracticeSitePageFactory(parent=index, **site_fields) for _ in range(count)]
    return index, sites


def sections_in_menu(site_tree):
    """The courses, lessons and map sections of ``site_tree`` (the map made here), all shown in
    the main menu: what the navigation renders on every page."""
    home, courses, lessons = site_tree
    index, _ = build_map(home)
    for section in (courses, lessons, index):
        section.show_in_menus = True
        section.save()
    return courses, lessons, index
