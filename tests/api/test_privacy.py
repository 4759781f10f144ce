"""Nothing that is not public on the site is public through the API, on any endpoint.

The fixture builds, next to public items, everything that must never come out: draft pages,
unpublished changes of live pages (a new title, a new open day), pages behind a view
restriction, a document in a private collection, a lesson's draft course and a site's draft
base, reviewer comments, revocation requests, a draft yearly report and the owner's account.
Each secret text contains 秘密. The endpoints are enumerated from the router, and every list
(all pages) and every item of every list is fetched; then every hidden object's id is asked
for at every endpoint and must be a 404. The public items must be there, so the test fails
if the API shows nothing at all."""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Comment, Page, PageViewRestriction

from bases.models import OpenDay, RevocationRequest
from home.api.urls import router
from tests.api.helpers import api_detail_path, api_endpoints
from tests.factories import (
    CoursePageFactory,
    InnovationBasePageFactory,
    MicroLessonPageFactory,
    PracticeSitePageFactory,
    YearlyReportPageFactory,
    build_bases,
    build_map,
)

SECRET = "秘密"


def _document(title, collection):
    return get_document_model().objects.create(
        title=title, file=ContentFile(b"content", name="file.txt"), collection=collection
    )


@pytest.fixture
def content(site_tree):
    home, course_index, lesson_index = site_tree
    bases_index, _ = build_bases(home)
    map_index, _ = build_map(home)
    owner = get_user_model().objects.create_user("owner秘密", email="owner-秘密@example.com", password="x")
    hidden_pages, hidden_days = [], []

    # Courses: public; a draft; behind a password; live with an unpublished new title.
    course = CoursePageFactory(parent=course_index, title="公开课程", owner=owner)
    hidden_pages.append(CoursePageFactory(parent=course_index, title="草稿课程秘密", live=False).pk)
    private_course = CoursePageFactory(parent=course_index, title="受限课程秘密")
    PageViewRestriction.objects.create(page=private_course, restriction_type="password", password="pw")
    hidden_pages.append(private_course.pk)
    course.title = "未发布的修改秘密"
    course.save_revision(user=owner)
    Comment.objects.create(page=course, user=owner, text="审核意见秘密", contentpath="title")

    # Lessons: one with a public and a private document, linked to a draft course.
    root = Collection.get_first_root_node()
    private_collection = root.add_child(name="非公开文件夹")
    CollectionViewRestriction.objects.create(collection=private_collection, restriction_type="login")
    public_doc = _document("公开附件", root)
    private_doc = _document("私有附件秘密", private_collection)
    draft_course = CoursePageFactory(parent=course_index, title="草稿所属课程秘密", live=False)
    hidden_pages.append(draft_course.pk)
    MicroLessonPageFactory(
        parent=lesson_index,
        title="公开微课",
        course=draft_course,
        body=[
            {"type": "paragraph", "value": "<p>正文</p>"},
            {"type": "document", "value": {"document": public_doc.pk, "title": ""}},
            {"type": "document", "value": {"document": private_doc.pk, "title": ""}},
        ],
    )
    hidden_pages.append(MicroLessonPageFactory(parent=lesson_index, title="草稿微课秘密", live=False).pk)

    # Bases: public with a live and a draft report and revocation requests; a draft base.
    base = InnovationBasePageFactory(parent=bases_index, title="公开基地", term=("2024-01-01", "2028-12-31"))
    YearlyReportPageFactory(parent=base, year=2024, title="公开年度报告")
    hidden_pages.append(
        YearlyReportPageFactory(parent=base, year=2025, title="草稿年度报告秘密", live=False).pk
    )
    RevocationRequest.objects.create(base=base, reason="撤销理由秘密", requested_by=owner)
    revoked = InnovationBasePageFactory(
        parent=bases_index, title="已撤销基地", term=("2022-01-01", "2026-12-31")
    )
    RevocationRequest.objects.create(
        base=revoked,
        reason="核准的撤销理由秘密",
        status="approved",
        revoked_on=datetime.date(2023, 6, 1),
        decision_note="核准意见秘密",
        requested_by=owner,
        decided_by=owner,
    )
    draft_base = InnovationBasePageFactory(parent=bases_index, title="草稿基地秘密", live=False)
    hidden_pages.append(draft_base.pk)

    # Sites: public, linked to the draft base, with an open day and one added only in a draft.
    soon = (timezone.now() + datetime.timedelta(days=3)).strftime("%Y-%m-%d %H:%M")
    site = PracticeSitePageFactory(parent=map_index, title="公开点位", base=draft_base, open_days=[soon])
    site = site.specific
    site.open_days.add(
        OpenDay(
            title="未发布开放日秘密",
            starts_at=timezone.now() + datetime.timedelta(days=4),
            ends_at=timezone.now() + datetime.timedelta(days=4, hours=2),
            audience="家长",
        )
    )
    site.save_revision(user=owner)
    draft_site = PracticeSitePageFactory(parent=map_index, title="草稿点位秘密", live=False, open_days=[soon])
    hidden_pages.append(draft_site.pk)
    hidden_days += list(OpenDay.objects.filter(page=draft_site).values_list("pk", flat=True))
    private_site = PracticeSitePageFactory(parent=map_index, title="受限点位秘密", open_days=[soon])
    PageViewRestriction.objects.create(page=private_site, restriction_type="login")
    hidden_pages.append(private_site.pk)
    hidden_days += list(OpenDay.objects.filter(page=private_site).values_list("pk", flat=True))
    return {"hidden_pages": hidden_pages, "hidden_days": hidden_days, "public_doc": public_doc}


def _get_json(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, (path, response.content[:500])
    return response


def _everything(client):
    """(texts of every list page and every item, ids per endpoint) for every endpoint."""
    texts, ids = [], {}
    for basename, path in api_endpoints().items():
        url, params = path, {"page_size": 100}
        ids[basename] = []
        while url:
            response = _get_json(client, url, **params)
            texts.append(response.content.decode())
            data = response.json()
            ids[basename] += [item["id"] for item in data["results"]]
            url, params = data["next"], {}
        for pk in ids[basename]:
            texts.append(_get_json(client, api_detail_path(basename, pk)).content.decode())
    return texts, ids


@pytest.mark.django_db
def test_no_endpoint_shows_anything_that_is_not_public(client, content):
    texts, ids = _everything(client)
    everything = "\n".join(texts)
    assert SECRET not in everything
    # The public side is really there (the test would pass on an empty API otherwise).
    for public in ("公开课程", "公开微课", "公开基地", "公开年度报告", "公开点位", "公开附件", "已撤销基地"):
        assert public in everything, public
    assert all(ids.values()), ids
    assert "owner" not in everything and "example.com" not in everything


@pytest.mark.django_db
def test_hidden_objects_are_404_at_every_endpoint(client, content):
    page_endpoints = {basename for _prefix, viewset, basename in router.registry if viewset is not None}
    for basename in page_endpoints:
        hidden = content["hidden_days"] if basename == "api-open-day" else content["hidden_pages"]
        assert hidden
        for pk in hidden:
            response = client.get(api_detail_path(basename, pk))
            assert response.status_code == 404, (basename, pk)
            assert SECRET not in response.content.decode()


@pytest.mark.django_db
def test_links_to_draft_pages_and_revocation_details_are_left_out(client, content):
    lesson = client.get("/api/v2/lessons/", {"slug": Page.objects.get(title="公开微课").slug}).json()
    assert lesson["results"][0]["course"] is None
    site = client.get("/api/v2/sites/").json()["results"][0]
    assert site["base"] is None
    bases = {b["title"]: b for b in client.get("/api/v2/bases/").json()["results"]}
    # The revoked base says so, with the date (as its public page does), and nothing else.
    assert bases["已撤销基地"]["status"] == {"code": "revoked", "label": "已撤销", "revoked_on": "2023-06-01"}
    assert bases["公开基地"]["status"]["code"] == "valid"
    detail = client.get(api_detail_path("api-base", bases["公开基地"]["id"])).json()
    assert [r["title"] for r in detail["reports"]] == ["公开年度报告"]
    payload = json.dumps(detail, ensure_ascii=False)
    assert "reason" not in payload and "revocation" not in payload
