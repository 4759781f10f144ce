"""The vocabulary's generation (the key of the cached pinyin rewrites) never comes back as a
number used before, even when it is lost from the cache (evicted, Redis restarted)."""

from django.core.cache import cache

from search import vocabulary
from tests.factories import MicroLessonPageFactory


def test_a_generation_lost_from_the_cache_does_not_serve_stale_rewrites(site_tree):
    _, _, lessons = site_tree
    cache.delete(vocabulary.GENERATION_KEY)
    vocabulary.changed()
    assert vocabulary.pinyin_rewrites("sahe") == []  # cached under this generation

    MicroLessonPageFactory(parent=lessons, title="沙河")  # its vocabulary rows: new generations
    cache.delete(vocabulary.GENERATION_KEY)  # evicted, or Redis restarted
    vocabulary.changed()  # the next change (a synonym, say) starts the generation afresh

    assert vocabulary.pinyin_rewrites("sahe") == ["沙河"]
