"""The card image spec lives in one place (home.base_page.CARD_IMAGE_SPEC): the cards draw the
cover at that size through {% card_image %} and the lists prefetch that same rendition. Changing
the spec therefore changes every card and still costs no query per card."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from home import base_page
from tests.factories import CoursePageFactory, InnovationBasePageFactory, build_bases


def _courses(parent, count):
    for n in range(count):
        # each card its own image, so a rendition looked up per card would show as a query per card
        image = get_image_model().objects.create(title=f"封面{n}", file=get_test_image_file())
        CoursePageFactory(parent=parent, kind="basic", cover_image=image)


def _bases(index, count):
    for n in range(count):
        image = get_image_model().objects.create(title=f"基地{n}", file=get_test_image_file())
        InnovationBasePageFactory(parent=index, cover_image=image)


def _get(client, url):
    client.get(url)  # renditions made on the first visit, as a real visitor finds them
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def _card_image_sizes(html):
    """(width, height) of every cover on the cards, and whether each is lazy with an empty alt."""
    sizes = []
    for attributes in re.findall(r'<div class="card__media">\s*<img ([^>]*)>', html):
        width = re.search(r'width="(\d+)"', attributes).group(1)
        height = re.search(r'height="(\d+)"', attributes).group(1)
        sizes.append((width, height, 'loading="lazy"' in attributes and 'alt=""' in attributes))
    return sizes


@pytest.mark.parametrize("spec, size", [(None, ("640", "360")), ("fill-320x180-c70", ("320", "180"))])
def test_cards_use_the_one_spec_at_a_constant_query_count(client, site_tree, monkeypatch, spec, size):
    if spec:
        monkeypatch.setattr(base_page, "CARD_IMAGE_SPEC", spec)
    _, courses, _ = site_tree
    _courses(courses, 2)
    few, html = _get(client, "/courses/")
    _courses(courses, 4)
    more, html = _get(client, "/courses/")
    assert few == more, f"2 cards: {few} queries; 6 cards: {more}"
    assert _card_image_sizes(html) == [(*size, True)] * 6


def test_base_cards_use_the_spec_the_base_list_prefetches(client, site_tree, monkeypatch):
    monkeypatch.setattr(base_page, "CARD_IMAGE_SPEC", "fill-320x180-c70")
    index, _ = build_bases(site_tree[0])
    _bases(index, 2)
    few, html = _get(client, "/bases/")
    _bases(index, 4)
    more, html = _get(client, "/bases/")
    assert few == more, f"2 cards: {few} queries; 6 cards: {more}"
    assert _card_image_sizes(html) == [("320", "180", True)] * 6
