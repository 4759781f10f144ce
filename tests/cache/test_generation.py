"""The generations of the page cache and of the search vocabulary (home.generation): one
mechanism; a generation lost from the cache (evicted, Redis restarted) never comes back as a
number used before, whichever of them is lost."""

from django.core.cache import cache as default_cache

from home import page_cache as page_cache_module
from home.generation import Generation
from search import vocabulary


def _numbers_after_losses(current, change, lose):
    """The generations seen through a few changes, the generation lost between them."""
    seen = [current()]
    for _ in range(3):
        change()
        seen.append(current())
        lose()
        change()
        seen.append(current())
    return seen


def test_the_page_cache_generation_never_repeats_after_a_loss(page_cache):
    seen = _numbers_after_losses(
        page_cache_module.current_generation,
        page_cache_module.invalidate,
        lambda: page_cache.delete(page_cache_module.GENERATION_KEY),
    )
    assert len(set(seen)) == len(seen), seen


def test_the_vocabulary_generation_never_repeats_after_a_loss(db):
    seen = _numbers_after_losses(
        vocabulary.generation,
        vocabulary.changed,
        lambda: default_cache.delete(vocabulary.GENERATION_KEY),
    )
    assert len(set(seen)) == len(seen), seen


def test_a_lost_generation_is_read_as_none_on_the_hit_path(page_cache):
    generation = Generation("test:generation")
    assert generation.read(page_cache) is None
    first = generation.current(page_cache)
    assert generation.read(page_cache) == first
    generation.bump(page_cache)
    assert generation.read(page_cache) == first + 1
