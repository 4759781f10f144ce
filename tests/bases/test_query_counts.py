"""/bases/ must not make more queries as the list grows: 5 bases and 30 bases cost the same.

Two small sizes prove it as well as large ones: a query per base shows as a difference of 25.
Every filtered list has at least one base at both sizes (an empty list skips its per-item work).
The page size is 12, so 30 bases also cover a second page."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from bases.choices import RevocationStatus
from bases.districts import DISTRICT_CODES
from bases.models import RevocationRequest
from tests.factories import InnovationBasePageFactory, YearlyReportPageFactory, build_bases

KINDS = ["primary", "secondary", "kindergarten", "community", "centre", "library", "village"]
TERMS = [("2020-01-01", "2024-12-31"), ("2022-01-01", "2026-12-31"), ("2025-01-01", "2029-12-31")]


def _fill(index, image, start, count):
    for n in range(start, start + count):
        base = InnovationBasePageFactory(
            parent=index,
            district=DISTRICT_CODES[n % len(DISTRICT_CODES)],
            kind=KINDS[n % len(KINDS)],
            cover_image=image if n % 2 else None,
            term=TERMS[n % len(TERMS)],
        )
        if n % 5 == 0:
            YearlyReportPageFactory(parent=base, year=2024)
        if n % 7 == 0:
            RevocationRequest.objects.create(
                base=base,
                reason="测试",
                status=RevocationStatus.APPROVED,
                revoked_on=base.terms.first().start_date,
            )


def _queries(client, url):
    client.get(url)  # warm caches (site root paths, renditions) as a real visitor would find them
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


# The lists of the 5 first bases: all; the one expired and not revoked (n=3); n=1 by its district
# and kind; the second page, which holds the first page while there is no second.
URLS = {
    "/bases/": 5,
    "/bases/?status=expired": 1,
    "/bases/?district=qianjiang&kind=secondary": 1,
    "/bases/?page=2": 5,
}


def test_query_count_does_not_grow_with_the_list(client, site_tree):
    home, _, _ = site_tree
    index, _ = build_bases(home)
    image = get_image_model().objects.create(title="封面", file=get_test_image_file())
    _fill(index, image, 0, 5)
    small = {}
    for url in URLS:
        small[url], response = _queries(client, url)
        assert len(response.context["items"]) == URLS[url], url
    _fill(index, image, 5, 25)
    large = {url: _queries(client, url)[0] for url in URLS}
    assert large == small, f"queries with 5 bases: {small}; with 30 bases: {large}"
