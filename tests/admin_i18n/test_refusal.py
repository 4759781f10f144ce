"""A publish refused by a rule reads clearly: one Chinese message saying nothing was saved or
published and what to fix; no autosave and no "saved" state; the stored draft is unchanged."""

import re

import pytest
from django.contrib.messages import get_messages

from resources.models import CoursePage
from tests.resources.test_admin import FOUR_BY_TWO, _add_url, _course_data

RULE = "基础课每学年应为 4 次课、共 8 课时；2026-2027 学年现在是 3 次课、共 6 课时。"


@pytest.fixture
def draft(client, site_tree, django_user_model):
    _, courses, _ = site_tree
    editor = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(editor)
    response = client.post(_add_url(courses), _course_data(FOUR_BY_TWO, publish=False), follow=True)
    assert response.status_code == 200
    return CoursePage.objects.get(slug="test-basic")


def test_a_refused_publish_says_so_once_in_chinese(client, draft):
    revisions = draft.revisions.count()
    response = client.post(f"/admin/pages/{draft.pk}/edit/", _course_data(FOUR_BY_TWO[:3]))
    assert response.status_code == 200
    shown = [str(message.message) for message in get_messages(response.wsgi_request)]
    assert len(shown) == 1
    assert shown[0].startswith("页面没有保存，也没有发布：请先改正下面列出或标出的内容。")
    assert RULE in shown[0]
    assert re.findall(r"[A-Za-z]{3,}", re.sub(r"<[^>]+>", "", shown[0])) == []
    html = response.content.decode()
    assert html.count("基础课每学年应为") == 1
    assert "could not be saved" not in html

    # Nothing was stored: the draft the editor reopens is the one saved before.
    draft.refresh_from_db()
    assert draft.revisions.count() == revisions
    assert not draft.live
    stored = draft.get_latest_revision_as_object()
    assert len(stored.sessions.all()) == 4


def _form_controllers(html):
    """The controllers on the page editor's form (w-autosave would save it in the background)."""
    start = html.index('id="page-edit-form"')
    return re.search(r'data-controller="([^"]*)"', html[start:]).group(1).split()


def test_the_editor_never_autosaves(client, draft):
    html = client.get(f"/admin/pages/{draft.pk}/edit/").content.decode()
    assert "w-unsaved" in _form_controllers(html)
    assert "w-autosave" not in _form_controllers(html)
    assert "data-w-autosave-interval-value" not in html
    refused = client.post(f"/admin/pages/{draft.pk}/edit/", _course_data(FOUR_BY_TWO[:3])).content.decode()
    assert "w-autosave" not in _form_controllers(refused)
