"""The reviews waiting in the district workflow are listed in a fixed number of queries: the
district reviewer's dashboard and the city editors' attention list cost the same with 2 and
with 6 submissions (changes to bases and yearly reports), so a query per submission shows."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from bases.admin.dashboards import ReviewerDashboardPanel
from bases.admin.views import report_url
from bases.models import reviewer_districts
from tests.bases.test_role_dashboards import panel
from tests.bases.test_workflow import as_user, world  # noqa: F401 (world: the fixture)
from tests.factories import InnovationBasePageFactory, YearlyReportPageFactory


def _submit(page, user):
    page.save_revision(user=user)
    page.get_workflow().start(page, user)


def _fill(people, start, count):
    """``count`` submissions in 江北 (the reviewer's district) and one in 万州 each time: every
    other one a base's change, the others a yearly report."""
    editor, index = people["editor"], people["index"]
    for n in range(start, start + count):
        base = InnovationBasePageFactory(
            parent=index, title=f"江北基地{n}", slug=f"jb{n}", district="jiangbei"
        )
        if n % 2:
            _submit(YearlyReportPageFactory(parent=base, year=2024), editor)
        else:
            base.summary = f"新的简介{n}"
            _submit(base, editor)
    other = InnovationBasePageFactory(
        parent=index, title=f"万州基地{start}", slug=f"wz{start}", district="wanzhou"
    )
    _submit(YearlyReportPageFactory(parent=other, year=2024), editor)


def _queries(render):
    render()  # warm caches (site root paths) as a real visitor would find them
    with CaptureQueriesContext(connection) as ctx:
        html = render()
    return len(ctx.captured_queries), html


def _listed(who, html):
    """The submissions listed: links to the comparison in the reviewer's panel, lines of the
    reviews category in the editors' list."""
    if who == "reviewer":
        return html.count("/revisions/compare/")
    return html.count("提交于")


def _reviewer_panel(client, user):
    """The reviewer's own panel of the dashboard, rendered as /admin/ renders it. (The page also
    keeps Wagtail's "等待你审核" panel, whose rows Wagtail reads one by one.)"""
    request = RequestFactory().get("/admin/")
    request.user = user

    def render():
        panel = ReviewerDashboardPanel(request, districts=reviewer_districts(user))
        return panel.render_html({"request": request})

    return render


def _editor_list(client, user):
    as_user(client, user)

    def render():
        response = client.get(report_url("reviews"))
        assert response.status_code == 200
        return response.content.decode()

    return render


# (user, what is measured, submissions listed at 2 and at 6): the reviewer sees 江北's, the
# editors all of them.
CASES = [("reviewer", _reviewer_panel, 2, 6), ("editor", _editor_list, 3, 8)]


@pytest.mark.parametrize(
    ("who", "view", "at_2", "at_6"), CASES, ids=["reviewer-dashboard", "editor-attention"]
)
def test_listing_reviews_costs_the_same_for_2_and_6_submissions(client, world, who, view, at_2, at_6):  # noqa: F811
    render = view(client, world[who])
    _fill(world, 0, 2)
    small, html = _queries(render)
    assert _listed(who, html) == at_2
    _fill(world, 2, 4)
    large, html = _queries(render)
    assert _listed(who, html) == at_6
    assert large == small


def test_the_reviewers_dashboard_lists_its_districts_submissions(client, world):  # noqa: F811
    _fill(world, 0, 2)
    as_user(client, world["reviewer"])
    html = client.get("/admin/").content.decode()
    assert _listed("reviewer", panel(html, "district-reviews")) == 2
    assert "江北基地0" in panel(html, "district-reviews")
