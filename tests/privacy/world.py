"""Two bases in two districts, their accounts and reviewers, and private things marked by name.

Every non-public object of base 乙 (万州区) carries the marker "secretb" in its title or file name;
万州区's revocation request and its written report carry "secretw"; 江北区's revocation request
about base 甲 carries "secretj" (its reviewers may read it; base 甲 may not). Base 甲's own
private uploads carry "secreta"."""

from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection
from wagtailmedia.models import get_media_model

from bases.access import create_base_account, create_reviewer_account, ensure_district_group
from bases.models import RevocationRequest
from tests.factories import InnovationBasePageFactory, YearlyReportPageFactory, build_bases, build_site

Document = get_document_model()
Image = get_image_model()


def _document(title, name, collection, user=None):
    return Document.objects.create(
        title=title,
        file=ContentFile(b"%PDF-1.4 " + title.encode(), name=name),
        collection=collection,
        uploaded_by_user=user,
    )


def _image(title, name, collection, user=None):
    return Image.objects.create(
        title=title, file=get_test_image_file(filename=name), collection=collection, uploaded_by_user=user
    )


def build_world():
    w = SimpleNamespace()
    w.home, w.courses, w.lessons = build_site()
    w.index, _ = build_bases(w.home)
    w.base_a = InnovationBasePageFactory(parent=w.index, title="甲基地", slug="base-a", district="jiangbei")
    w.base_b = InnovationBasePageFactory(parent=w.index, title="乙基地", slug="base-b", district="wanzhou")
    w.base_a_user, w.account_a, _ = create_base_account(w.base_a, "base-a")
    w.base_b_user, w.account_b, _ = create_base_account(w.base_b, "base-b")
    w.reviewer_jb, _ = create_reviewer_account("reviewer-jiangbei", ["jiangbei"])
    w.reviewer_wz, _ = create_reviewer_account("reviewer-wanzhou", ["wanzhou"])
    w.editor = get_user_model().objects.create_user("city-editor", password="x")
    w.editor.groups.add(Group.objects.get(name="Editors"))

    # Base 乙's drafts and private uploads.
    w.report_b = YearlyReportPageFactory(parent=w.base_b, year=2025, title="2025年度工作报告 SECRETB-report")
    w.report_b.unpublish()
    w.doc_b = _document("乙基地附件 SECRETB-doc", "secretb-doc.pdf", w.account_b.collection, w.base_b_user)
    w.image_b = _image("乙基地照片 SECRETB-image", "secretb-image.png", w.account_b.collection, w.base_b_user)
    w.media_b = get_media_model().objects.create(
        title="乙基地录音 SECRETB-audio",
        type="audio",
        duration=3,
        file=ContentFile(b"ID3 secret audio", name="secretb-audio.mp3"),
        collection=w.account_b.collection,
    )
    # Base 乙's public cover: shown on its published profile.
    w.cover_b = _image("乙基地封面", "public-cover-b.png", w.account_b.collection, w.base_b_user)
    w.base_b.cover_image = w.cover_b
    w.base_b.save_revision().publish()

    # Base 甲's own private uploads and draft.
    w.report_a = YearlyReportPageFactory(parent=w.base_a, year=2025, title="2025年度工作报告 secreta-report")
    w.report_a.unpublish()
    w.doc_a = _document("甲基地附件 SECRETA-doc", "secreta-doc.pdf", w.account_a.collection, w.base_a_user)
    w.image_a = _image("甲基地照片 SECRETA-image", "secreta-image.png", w.account_a.collection, w.base_a_user)

    # Revocation requests with their written reports, one per district.
    revocation_collection = Collection.objects.get(name="撤销申请材料")
    ensure_district_group("wanzhou")
    w.revocation_doc_w = _document(
        "万州区书面报告 SECRETW-report", "secretw-report.pdf", revocation_collection, w.reviewer_wz
    )
    w.request_w = RevocationRequest.objects.create(
        base=w.base_b, reason="SECRETW-reason", document=w.revocation_doc_w, requested_by=w.reviewer_wz
    )
    w.revocation_doc_j = _document(
        "江北区书面报告 SECRETJ-report", "secretj-report.pdf", revocation_collection, w.reviewer_jb
    )
    w.request_j = RevocationRequest.objects.create(
        base=w.base_a, reason="SECRETJ-reason", document=w.revocation_doc_j, requested_by=w.reviewer_jb
    )

    # An editor's public file (root collection): anyone may download it.
    w.public_doc = _document("公开资料", "public-guide.pdf", Collection.get_first_root_node())
    return w


# What each account must never see, as lower-case markers.
FORBIDDEN = {
    "base_a": ("secretb", "secretw", "secretj"),
    "reviewer_jb": ("secretb", "secretw"),
    "anonymous": ("secreta", "secretb", "secretw", "secretj"),
}
