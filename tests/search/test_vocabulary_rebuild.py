"""`rebuild_search_vocabulary` is set-based: it writes the same rows as saving each page
(`sync_page`), in a number of queries that does not grow with the number of pages."""

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from search import vocabulary
from search.models import SearchEntry
from tests.factories import CoursePageFactory, MicroLessonPageFactory

FIELDS = ("kind", "text", "folded", "pinyin", "initials", "url", "page_id", "weight", "keywords")


def _rows():
    return sorted(SearchEntry.objects.values_list(*FIELDS))


def _add(site_tree, count, start=0):
    _, courses, lessons = site_tree
    for n in range(start, start + count):
        MicroLessonPageFactory(
            parent=lessons, title=f"亲子阅读第{n}课", age_stages=["3-6"], topics=["亲子阅读", f"主题{n % 3}"]
        )
        CoursePageFactory(parent=courses, kind="basic", title=f"家长课堂{n}", age_stages=["primary"])


def test_the_rebuild_writes_what_saving_each_page_writes(site_tree):
    _add(site_tree, 3)
    MicroLessonPageFactory(parent=site_tree[2], title="草稿微课", live=False)
    SearchEntry.objects.all().delete()

    for page in Page.objects.live().specific():
        vocabulary.sync_page(page)
    vocabulary.sync_topics()
    vocabulary.sync_terms()
    one_by_one = _rows()

    assert vocabulary.rebuild() == 6
    assert _rows() == one_by_one
    titles = {row[1] for row in one_by_one if row[0] == SearchEntry.Kind.PAGE}
    assert "亲子阅读第0课" in titles and "草稿微课" not in titles


def _rebuild_queries():
    with CaptureQueriesContext(connection) as ctx:
        call_command("rebuild_search_vocabulary", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return len(ctx.captured_queries)


def test_the_rebuild_makes_as_many_queries_for_many_pages_as_for_few(site_tree):
    _add(site_tree, 2)
    few = _rebuild_queries()
    _add(site_tree, 8, start=2)
    assert _rebuild_queries() == few


def test_pinyin_of_a_topic_is_suggested_after_the_rebuild(client, site_tree):
    _add(site_tree, 2)
    SearchEntry.objects.all().delete()
    vocabulary.rebuild()
    suggestions = client.get("/search/suggest", {"q": "qinzi"}).json()["suggestions"]
    assert {"title": "亲子阅读", "url": "/search/?q=%E4%BA%B2%E5%AD%90%E9%98%85%E8%AF%BB"} in suggestions
