"""Bulk jobs (generated content, imports) mark the page cache stale once, at the end, and the
pages then show everything they added; generated pages are proper pages of the tree."""

import pytest
from django.core.management import call_command
from wagtail.models import Page

from home import page_cache as page_cache_module
from home.cache_signals import one_invalidation
from resources.models import MicroLessonPage
from tests.factories import MicroLessonPageFactory

pytestmark = pytest.mark.django_db


def test_changes_in_one_invalidation_show_after_it(page_cache, site_tree, client, monkeypatch):
    client.get("/lessons/")
    assert client.get("/lessons/")["X-Page-Cache"] == "hit"
    calls = []
    original = page_cache_module.invalidate
    monkeypatch.setattr(page_cache_module, "invalidate", lambda: (calls.append(1), original()))
    with one_invalidation():
        MicroLessonPageFactory(parent=site_tree[2], title="批量导入的微课一")
        MicroLessonPageFactory(parent=site_tree[2], title="批量导入的微课二")
        assert calls == []
        assert client.get("/lessons/")["X-Page-Cache"] == "hit"
    assert calls == [1]
    html = client.get("/lessons/").content.decode()
    assert "批量导入的微课一" in html and "批量导入的微课二" in html


def test_generated_lessons_and_sites_are_pages_of_the_tree(site_tree, client, capsys):
    call_command("generate_pages", lessons=7, sites=3)
    lessons = MicroLessonPage.objects.live().filter(slug__startswith="generated-lesson-")
    assert lessons.count() == 7
    lesson = lessons.order_by("pk").last()
    assert lesson.get_parent().specific_class.__name__ == "MicroLessonIndexPage"
    assert lesson.age_stages.count() == 2
    assert client.get(lesson.url).status_code == 200
    assert "示例微课" in client.get("/lessons/").content.decode()
    assert "示例实践点位3" in client.get("/map/").content.decode()
    # The tree stays consistent: a page added by the admin's way goes after them.
    after = MicroLessonPageFactory(parent=lesson.get_parent(), title="之后发布的微课")
    assert client.get(after.url).status_code == 200
    assert all(not problem for problem in Page.find_problems())
