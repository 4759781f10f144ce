"""What an editor sees in the Chinese admin when creating courses and micro-lessons."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield
from wagtailmedia.models import Media

from resources.models import AgeStage, CoursePage, MicroLessonPage
from resources.validation import basic_course_problems, school_year_of
from tests.factories import TZ


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    return client


def _course_data(sessions, kind="basic", publish=True, **extra):
    primary = AgeStage.objects.get(slug="primary")
    data = {
        "title": "测试基础课",
        "slug": "test-basic",
        "kind": kind,
        "tags": "亲子沟通",
        "summary": "简介",
        "organiser": "",
        "class_hours": "",
        "body": streamfield([]),
        "sessions": inline_formset(
            [
                {
                    "title": "",
                    "starts_at": when,
                    "ends_at": "",
                    "venue": "学校礼堂",
                    "online_url": "",
                    "class_hours": h,
                }
                for when, h in sessions
            ]
        ),
        **extra,
    }
    if publish:
        data["action-publish"] = "action-publish"
    return {**nested_form_data(data), "age_stages": [str(primary.pk)]}


FOUR_BY_TWO = [
    ("2026-09-12 19:00", "2"),
    ("2026-10-10 19:00", "2"),
    ("2026-11-14 19:00", "2"),
    ("2027-03-13 19:00", "2"),
]


def _add_url(index):
    return f"/admin/pages/add/resources/coursepage/{index.pk}/"


def test_admin_is_in_chinese(editor_client, site_tree):
    html = editor_client.get("/admin/").content.decode()
    assert 'lang="zh-hans"' in html or 'lang="zh-Hans"' in html
    assert "控制面板" in html


def test_basic_course_with_4_sessions_and_8_hours_publishes(editor_client, site_tree):
    _, courses, _ = site_tree
    response = editor_client.post(_add_url(courses), _course_data(FOUR_BY_TWO))
    assert response.status_code == 302, response.content.decode()[:2000]
    page = CoursePage.objects.get(slug="test-basic")
    assert page.live
    assert page.total_class_hours == Decimal(8)


@pytest.mark.parametrize(
    ("sessions", "message"),
    [
        (FOUR_BY_TWO[:3], "2026-2027 学年现在是 3 次课、共 6 课时"),
        ([(w, "1.5") for w, _ in FOUR_BY_TWO], "2026-2027 学年现在是 4 次课、共 6 课时"),
        (
            [*FOUR_BY_TWO[:2], ("2027-09-20 19:00", "2"), ("2027-10-20 19:00", "2")],
            "2027-2028 学年现在是 2 次课",
        ),
        ([], "目前还没有任何一次课"),
    ],
)
def test_basic_course_that_does_not_add_up_is_refused_with_a_clear_message(
    editor_client, site_tree, sessions, message
):
    _, courses, _ = site_tree
    response = editor_client.post(_add_url(courses), _course_data(sessions))
    assert response.status_code == 200
    html = response.content.decode()
    assert "基础课每学年应为 4 次课、共 8 课时" in html or "基础课需要排课" in html
    assert message in html
    assert not CoursePage.objects.filter(slug="test-basic").exists()


def test_draft_of_an_incomplete_basic_course_is_saved_with_a_warning(editor_client, site_tree):
    _, courses, _ = site_tree
    response = editor_client.post(
        _add_url(courses), _course_data(FOUR_BY_TWO[:3], publish=False), follow=True
    )
    assert response.status_code == 200
    page = CoursePage.objects.get(slug="test-basic")
    assert not page.live
    html = response.content.decode()
    assert "草稿已保存，但发布前需要改正" in html
    assert "3 次课、共 6 课时" in html


def test_other_kinds_are_not_held_to_the_basic_rule(editor_client, site_tree):
    _, courses, _ = site_tree
    response = editor_client.post(_add_url(courses), _course_data(FOUR_BY_TWO[:1], kind="general"))
    assert response.status_code == 302


def test_total_hours_must_match_the_sessions(editor_client, site_tree):
    _, courses, _ = site_tree
    response = editor_client.post(_add_url(courses), _course_data(FOUR_BY_TWO, class_hours="10"))
    assert response.status_code == 200
    assert "总课时 10 与各次课课时之和 8 不一致" in response.content.decode()


def test_a_session_needs_a_venue_or_a_link(editor_client, site_tree):
    _, courses, _ = site_tree
    data = _course_data(FOUR_BY_TWO, kind="general")
    data["sessions-0-venue"] = ""
    response = editor_client.post(_add_url(courses), data)
    assert response.status_code == 200
    assert "请填写上课地点或线上链接" in response.content.decode()


def test_school_year_boundaries():

    assert school_year_of(datetime.datetime(2026, 8, 31, 23, 59, tzinfo=TZ)) == 2025
    assert school_year_of(datetime.datetime(2026, 9, 1, 0, 0, tzinfo=TZ)) == 2026
    # 31 Aug 16:30 UTC is already 1 Sep in Chongqing
    assert school_year_of(datetime.datetime(2026, 8, 31, 16, 30, tzinfo=datetime.UTC)) == 2026
    assert basic_course_problems([]) != []


def _lesson_data(**extra):
    stage = AgeStage.objects.get(slug="3-6")
    data = {
        "title": "测试微课",
        "slug": "test-lesson",
        "summary": "",
        "duration_minutes": "5",
        "tags": "",
        "course": "",
        "activity": "reading",
        "transcript": rich_text(""),
        "body": streamfield([]),
        "action-publish": "action-publish",
        **extra,
    }
    return {**nested_form_data(data), "age_stages": [str(stage.pk)]}


def test_lesson_with_video_requires_a_transcript(editor_client, site_tree):

    _, _, lessons = site_tree
    video = Media(title="视频", type="video", duration=3)
    video.file.save("v.webm", ContentFile(b"x"), save=True)
    url = f"/admin/pages/add/resources/microlessonpage/{lessons.pk}/"
    response = editor_client.post(url, _lesson_data(lesson_media=str(video.pk)))
    assert response.status_code == 200
    assert "有视频或音频的微课必须填写文字稿" in response.content.decode()
    response = editor_client.post(
        url, _lesson_data(lesson_media=str(video.pk), transcript=rich_text("<p>文字稿</p>"))
    )
    assert response.status_code == 302
    assert MicroLessonPage.objects.get(slug="test-lesson").live


def test_text_lesson_needs_a_body(editor_client, site_tree):
    _, _, lessons = site_tree
    url = f"/admin/pages/add/resources/microlessonpage/{lessons.pk}/"
    response = editor_client.post(url, _lesson_data())
    assert response.status_code == 200
    # StreamField errors reach the editor through the block widget (rendered by the admin's JS)
    assert response.context["form"].errors["body"] == ["图文微课请填写正文；或者在上方选择视频或音频。"]


def test_editor_can_schedule_a_course(editor_client, site_tree):
    _, courses, _ = site_tree
    data = _course_data(FOUR_BY_TWO, kind="general", go_live_at="2099-01-01 08:00")
    response = editor_client.post(_add_url(courses), data)
    assert response.status_code == 302
    page = CoursePage.objects.get(slug="test-basic")
    assert not page.live
    assert page.get_latest_revision().approved_go_live_at is not None
