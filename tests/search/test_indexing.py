"""Publishing, unpublishing, moving and deleting pages keep the engine's index current, and
update_index rebuilds atomically behind an alias."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from search.chinese import query_text
from tests.factories import MicroLessonIndexPageFactory, MicroLessonPageFactory


def _titles(client, query):
    return [item.title for item in client.get("/search/", {"q": query}).context["items"]]


def test_page_changes_reach_the_engine(client, site_tree, engine):
    _, _, lessons = site_tree
    lesson = MicroLessonPageFactory(parent=lessons, title="科学实验开放日", live=False)
    engine.refresh()
    assert _titles(client, "科学实验") == []

    lesson.save_revision().publish()
    engine.refresh()
    assert _titles(client, "科学实验") == ["科学实验开放日"]

    lesson.refresh_from_db()
    lesson.title = "科学实验室参观日"
    lesson.save_revision().publish()
    engine.refresh()
    assert _titles(client, "参观") == ["科学实验室参观日"]

    lesson.refresh_from_db()  # publish() worked on a copy of the page
    lesson.unpublish()
    engine.refresh()
    assert _titles(client, "科学实验") == []
    # the engine itself knows (the page also re-checks the database, in case an index lags)
    assert list(engine.backend.search("科学实验", Page.objects.live())) == []

    lesson.save_revision().publish()
    Page.objects.get(pk=lesson.pk).specific.delete()
    engine.refresh()
    assert _titles(client, "科学实验") == []


def test_moved_page_is_found_at_its_new_address(client, site_tree, engine):
    home, _, lessons = site_tree
    lesson = MicroLessonPageFactory(parent=lessons, title="搬家后的微课", slug="moved")
    # The admin allows one lesson section; a second one here is only a destination to move to.
    archive = MicroLessonIndexPageFactory(parent=home, title="往期微课", slug="archive")
    Page.objects.get(pk=lesson.pk).move(archive, pos="last-child")
    engine.refresh()
    response = client.get("/search/", {"q": "搬家"})
    assert [i.url for i in response.context["items"]] == ["/archive/moved/"]


def test_update_index_rebuilds_atomically_with_progress(site_tree, engine):
    MicroLessonPageFactory(parent=site_tree[2], title="重建索引的微课")
    backend = engine.backend
    index = backend.get_index_for_model(Page)
    client = backend.es
    before = set(client.indices.get_alias(name=index.name))
    out = io.StringIO()
    call_command("update_index", backend_name="default", stdout=out)
    after = set(client.indices.get_alias(name=index.name))
    assert "indexed" in out.getvalue()
    # The alias now points at a new index; the old one was only dropped after the switch.
    assert len(after) == 1 and after != before
    engine.refresh()
    result = backend.search("重建索引", Page.objects.live())
    assert [p.title for p in result] == ["重建索引的微课"]


@pytest.mark.parametrize("query", ["重建", "索引"])
def test_fallback_database_index_is_kept_up_to_date_too(client, site_tree, engine, query):

    MicroLessonPageFactory(parent=site_tree[2], title="重建索引的微课")
    fallback = get_search_backend("fallback")
    assert [p.title for p in fallback.search(query_text(query), Page.objects.live())] == ["重建索引的微课"]
