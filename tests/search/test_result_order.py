"""Pages that match a query equally well keep one order on every backend, however the index
holds them: after some of them are indexed again (which moves them to the end of an engine's
internal order, as a segment merge reorders it), the results pages list the same pages, and a
page shown on one results page never comes back on the next."""

from tests.factories import MicroLessonPageFactory

from .conftest import refresh


def _two_pages(client):
    first = [item.pk for item in client.get("/search/", {"q": "亲子阅读"}).context["items"]]
    second = [item.pk for item in client.get("/search/", {"q": "亲子阅读", "page": 2}).context["items"]]
    return first, second


def test_equal_matches_keep_their_order_when_indexed_again(client, site_tree, backend):
    _, _, lessons = site_tree
    made = [MicroLessonPageFactory(parent=lessons, title=f"亲子阅读微课第{n}讲") for n in range(1, 15)]
    refresh(backend)
    first, second = _two_pages(client)
    assert len(first) == 10 and len(second) == 4
    assert not set(first) & set(second)

    for page in made[:3]:  # shown first: indexed again, they go last in the engine's own order
        page.save_revision().publish()
    refresh(backend)
    assert _two_pages(client) == (first, second)
