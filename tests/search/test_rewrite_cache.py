"""Pinyin rewrites (a typed word read as a Chinese term of the vocabulary) are cached per
vocabulary generation: a repeated word costs no query, and a page, topic or synonym added
since is seen at once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from search import vocabulary
from search.models import SearchSynonym
from search.results import run_search
from tests.factories import MicroLessonPageFactory


def test_a_rewrite_is_read_from_the_cache_until_the_vocabulary_changes(site_tree):
    _, _, lessons = site_tree
    MicroLessonPageFactory(parent=lessons, title="亲子阅读")
    assert vocabulary.pinyin_rewrites("qzyd") == ["亲子阅读"]
    with CaptureQueriesContext(connection) as context:
        assert vocabulary.pinyin_rewrites("qzyd") == ["亲子阅读"]
    assert context.captured_queries == []

    assert vocabulary.pinyin_rewrites("sahe") == []
    MicroLessonPageFactory(parent=lessons, title="沙河")  # its vocabulary row is written on save
    assert vocabulary.pinyin_rewrites("sahe") == ["沙河"]
    assert [page.title for page in run_search("sahe", {}).items] == ["沙河"]


def test_a_synonym_change_starts_a_new_generation(site_tree):
    before = vocabulary.generation()
    SearchSynonym.objects.create(term="睡前", alternatives="晚安")
    assert vocabulary.generation() != before
