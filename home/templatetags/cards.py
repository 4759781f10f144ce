"""``{% card_image %}``: a page's cover on a list card, always at ``home.base_page.CARD_IMAGE_SPEC``.

List querysets prefetch exactly that rendition (``with_listing_data()``), so the spec lives in
one place and a card never asks the database for its image."""

from django import template
from wagtail.images.shortcuts import get_rendition_or_not_found

from home import base_page

register = template.Library()


@register.simple_tag
def card_image(image, **attributes):
    """``<img>`` of ``image`` at the card size; keyword arguments become attributes
    (``{% card_image item.cover_image loading="lazy" alt="" %}``)."""
    if not image:
        return ""
    return get_rendition_or_not_found(image, base_page.CARD_IMAGE_SPEC).img_tag(attributes)
