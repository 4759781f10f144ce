"""The demo loader: what `make run` shows, and that running it again changes nothing.

The demo is the one loaded once for the test process (`demo_database`, tests/conftest.py): each
test reads it, or changes it inside its own transaction, rolled back after the test."""

from collections import Counter
from pathlib import Path

from wagtail.models import Page, PageLogEntry, Revision, Site
from wagtailmedia.models import Media

from home.demo import content
from home.demo.loader import load
from home.models import HomeFeaturedCourse, HomePage, SiteSettings
from resources.models import CoursePage, MicroLessonPage
from resources.taxonomy import CourseKind


def test_demo_content(demo_database, db, client):
    """One load (it takes seconds), several promises."""
    _covers_every_kind_age_stage_and_topic()
    _basic_courses_add_up()
    _media_is_real_and_made_locally()
    _the_site_is_set_up(client)
    _running_it_again_changes_nothing()


def _covers_every_kind_age_stage_and_topic():
    courses = list(CoursePage.objects.live())
    kinds = Counter(c.kind for c in courses)
    assert all(kinds[kind] >= 3 for kind in CourseKind.values), kinds
    lessons = list(MicroLessonPage.objects.live().prefetch_related("age_stages"))
    assert len(lessons) >= 40
    stages = Counter(stage.slug for lesson in lessons for stage in lesson.age_stages.all())
    assert set(stages) == {"0-3", "3-6", "primary", "junior", "senior"}
    topics = {tag.name for page in courses + lessons for tag in page.tags.all()}
    assert {
        "亲子阅读",
        "亲子运动",
        "亲子沟通",
        "心理健康",
        "家风家教",
        "婴幼儿照护",
        "留守儿童",
        "手机与网络",
    } <= topics
    assert {lesson.media_kind for lesson in lessons} == {"video", "audio", "text"}
    assert all(page.is_example for page in courses + lessons), "invented items are marked 示例"


def _basic_courses_add_up():
    for course in CoursePage.objects.filter(kind=CourseKind.BASIC):
        assert course.basic_course_problems() == [], course.title


def _media_is_real_and_made_locally():
    for item in Media.objects.all():
        header = item.file.read(12)
        assert header[4:8] == b"ftyp", item.title  # an MP4 / M4A container
        assert item.file.name.endswith(".mp4" if item.type == "video" else ".m4a")
    for lesson in MicroLessonPage.objects.exclude(lesson_media=None):
        lesson.full_clean()  # a transcript is present wherever there is video or audio
        # The file lasts what the lesson says (within a few seconds).
        assert abs(lesson.lesson_media.duration - lesson.duration_minutes * 60) < 5, lesson.title
        assert lesson.duration_label == f"{lesson.duration_minutes} 分钟"


def _the_site_is_set_up(client):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert not Page.objects.filter(depth=2).exclude(pk=site.root_page_id).exists()
    assert SiteSettings.for_site(site).hotline_is_example
    html = client.get("/").content.decode()
    assert "今日亲子三刻钟" in html and "推荐课程" in html and "最新微课" in html
    assert "示例" in html


def _running_it_again_changes_nothing():
    counts = (
        Page.objects.count(),
        Revision.objects.count(),
        PageLogEntry.objects.count(),
        Media.objects.count(),
    )
    report = load()
    assert report.created == []
    assert (
        Page.objects.count(),
        Revision.objects.count(),
        PageLogEntry.objects.count(),
        Media.objects.count(),
    ) == counts


def test_an_editors_change_survives_another_run(demo_database, db):
    first = content.COURSES[0]["slug"]
    page = CoursePage.objects.get(slug=first)
    page.title = "编辑改过的标题"
    page.is_example = False
    page.save_revision().publish()
    settings = SiteSettings.objects.get()
    settings.hotline_number = "023-12345678"
    settings.save()
    home = HomePage.objects.get()
    HomeFeaturedCourse.objects.filter(page=home).delete()
    HomeFeaturedCourse.objects.create(page=home, course=page)

    load()

    page.refresh_from_db()
    assert page.title == "编辑改过的标题" and not page.is_example
    assert SiteSettings.objects.get().hotline_number == "023-12345678"
    assert [f.course_id for f in HomePage.objects.get().featured_courses.all()] == [page.pk]


def test_demo_text_never_reads_the_shared_folder():
    for path in Path(__file__).resolve().parents[2].glob("[hrbs]*/**/*.py"):
        assert "shared/" not in path.read_text(encoding="utf-8"), path
