"""Finding 14: the demo loader only adds what it never created before. Demo items an editor
deleted (a course, a lesson, a base, a yearly report, a practice site, a category, the home
page's featured courses) stay deleted when `load_demo_content` runs again (`make run`)."""

from types import SimpleNamespace

import pytest

from bases.models import InnovationBasePage, YearlyReportPage
from bases.models.sites import PracticeSitePage, SiteCategory
from home.demo import content as full_content
from home.demo.loader import load
from home.models import DemoRecord, HomeFeaturedCourse, HomePage
from resources.models import CoursePage, MicroLessonPage


def small_content(courses=3):
    lessons = [item for item in full_content.LESSONS if not item.get("media")][:2]
    return SimpleNamespace(
        COURSES=full_content.COURSES[:courses],
        LESSONS=lessons,
        FEATURED_COURSES=[item["slug"] for item in full_content.COURSES[:2]],
    )


@pytest.fixture(scope="module")
def _two_courses_loaded(module_transaction):
    """The small demo with its first two courses, loaded once for the module; each test changes
    it inside its own transaction, rolled back after the test."""
    load(small_content(courses=2))


@pytest.fixture
def loaded(_two_courses_loaded, db):
    """A database where the demo was loaded before (with one course fewer than now)."""


def test_what_an_editor_deleted_is_not_brought_back(loaded):
    content = small_content()
    load(content)
    course = CoursePage.objects.get(slug=content.COURSES[0]["slug"])
    lesson = MicroLessonPage.objects.get(slug=content.LESSONS[0]["slug"])
    report = YearlyReportPage.objects.first()
    base = InnovationBasePage.objects.exclude(pk=report.get_parent().pk).first()
    site = PracticeSitePage.objects.first()
    category = SiteCategory.objects.exclude(pk=site.category_id).order_by("pk").first()
    assert DemoRecord.objects.filter(key=f"course:{course.slug}").exists()

    for page in (course, lesson, report, base, site):
        page.delete()
    unused = PracticeSitePage.objects.filter(category=category)
    unused.delete()
    category.delete()
    HomeFeaturedCourse.objects.all().delete()
    counts = (
        CoursePage.objects.count(),
        MicroLessonPage.objects.count(),
        InnovationBasePage.objects.count(),
        YearlyReportPage.objects.count(),
        PracticeSitePage.objects.count(),
        SiteCategory.objects.count(),
    )

    again = load(content)
    assert again.created == []
    assert (
        CoursePage.objects.count(),
        MicroLessonPage.objects.count(),
        InnovationBasePage.objects.count(),
        YearlyReportPage.objects.count(),
        PracticeSitePage.objects.count(),
        SiteCategory.objects.count(),
    ) == counts
    assert not CoursePage.objects.filter(slug=course.slug).exists()
    assert not HomeFeaturedCourse.objects.filter(page=HomePage.objects.get()).exists()


def test_new_demo_items_are_still_added(loaded):
    new = full_content.COURSES[2]
    assert not CoursePage.objects.filter(slug=new["slug"]).exists()
    again = load(small_content(courses=3))
    assert again.created == [new["title"]]
    assert CoursePage.objects.filter(slug=new["slug"]).exists()


def test_a_database_loaded_before_the_records_is_covered_from_its_next_run(loaded):
    content = small_content()
    load(content)
    DemoRecord.objects.all().delete()  # as after an older loader
    load(content)  # finds everything present and records it
    course = CoursePage.objects.get(slug=content.COURSES[0]["slug"])
    course.delete()
    assert load(content).created == []
