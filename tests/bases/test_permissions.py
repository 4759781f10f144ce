"""Every role against every kind of object, through the admin URLs.

Roles: anonymous, base A's account, base B's account, the district reviewer of A's district,
a city editor (Wagtail's "Editors" group). A base account edits its own profile and reports and
nothing else; it can never publish. Denied means the admin's "no permission" redirect to the
dashboard, or (anonymous) the login page (tests.denial.assert_denied)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import TestCase
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site

from bases.access import create_base_account, create_reviewer_account
from bases.models import InnovationBasePage, RevocationRequest
from tests.bases.helpers import base_form_data
from tests.denial import assert_denied
from tests.factories import (
    CoursePageFactory,
    InnovationBasePageFactory,
    MicroLessonPageFactory,
    YearlyReportPageFactory,
    build_bases,
    build_site,
)

ROLES = ["anonymous", "base_a", "base_b", "reviewer", "editor"]


class RoleMatrixTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home, courses, lessons = build_site()
        cls.index, _ = build_bases(home)
        cls.base_a = InnovationBasePageFactory(parent=cls.index, title="甲基地", district="jiangbei")
        cls.base_b = InnovationBasePageFactory(parent=cls.index, title="乙基地", district="wanzhou")
        cls.report_a = YearlyReportPageFactory(parent=cls.base_a, year=2024)
        cls.report_b = YearlyReportPageFactory(parent=cls.base_b, year=2024)
        cls.course = CoursePageFactory(parent=courses)
        cls.lesson = MicroLessonPageFactory(parent=lessons)
        cls.site = Site.objects.get(is_default_site=True)

        cls.users = {}
        cls.users["base_a"], _, _ = create_base_account(cls.base_a, "base-a")
        cls.users["base_b"], account_b, _ = create_base_account(cls.base_b, "base-b")
        cls.users["reviewer"], _ = create_reviewer_account("reviewer-jiangbei", ["jiangbei"])
        editor = get_user_model().objects.create_user("city-editor", password="x")
        editor.groups.add(Group.objects.get(name="Editors"))
        cls.users["editor"] = editor

        cls.image_b = get_image_model().objects.create(
            title="乙基地的照片", file=get_test_image_file(), collection=account_b.collection
        )
        cls.document_b = get_document_model().objects.create(
            title="乙基地的附件",
            file=ContentFile(b"%PDF-1.4 test", name="b.pdf"),
            collection=account_b.collection,
        )
        cls.request_b = RevocationRequest.objects.create(
            base=cls.base_b, reason="测试", document=cls.document_b
        )

    def login(self, role):
        self.client.logout()
        if role != "anonymous":
            self.client.force_login(self.users[role])

    def assert_access(self, url, allowed_roles, method="get", data=None):
        for role in ROLES:
            with self.subTest(url=url, role=role):
                self.login(role)
                response = getattr(self.client, method)(url, data or {})
                if role in allowed_roles:
                    self.assertEqual(response.status_code, 200, f"{role} should reach {url}")
                else:
                    assert_denied(response, anonymous=role == "anonymous", url=url, label=role)

    def test_base_pages(self):
        self.assert_access(f"/admin/pages/{self.base_a.pk}/edit/", {"base_a", "editor"})
        self.assert_access(f"/admin/pages/{self.base_b.pk}/edit/", {"base_b", "editor"})

    def test_yearly_reports(self):
        self.assert_access(f"/admin/pages/{self.report_a.pk}/edit/", {"base_a", "editor"})
        self.assert_access(f"/admin/pages/{self.report_b.pk}/edit/", {"base_b", "editor"})
        self.assert_access(f"/admin/pages/add/bases/yearlyreportpage/{self.base_a.pk}/", {"base_a", "editor"})
        self.assert_access(f"/admin/pages/add/bases/yearlyreportpage/{self.base_b.pk}/", {"base_b", "editor"})

    def test_nobody_but_editors_adds_a_base(self):
        self.assert_access(f"/admin/pages/add/bases/innovationbasepage/{self.index.pk}/", {"editor"})

    def test_courses_and_lessons(self):
        self.assert_access(f"/admin/pages/{self.course.pk}/edit/", {"editor"})
        self.assert_access(f"/admin/pages/{self.lesson.pk}/edit/", {"editor"})

    def test_site_settings(self):
        # Wagtail's Editors group has no settings permission either: only superusers.
        self.assert_access(f"/admin/settings/home/sitesettings/{self.site.pk}/", set())

    def test_report_view_and_import(self):
        self.assert_access("/admin/bases/report/", {"editor"})
        self.assert_access("/admin/bases/report/?export=xlsx", set() | {"editor"})
        self.assert_access("/admin/bases/import/", {"editor"})
        self.assert_access("/admin/bases/import/template.csv", {"editor"})

    def test_terms(self):
        self.assert_access("/admin/snippets/bases/baseterm/", {"editor"})
        term = self.base_a.terms.first()
        self.assert_access(f"/admin/snippets/bases/baseterm/edit/{term.pk}/", {"editor"})

    def test_revocation_requests(self):
        self.assert_access("/admin/snippets/bases/revocationrequest/", {"reviewer", "editor"})
        self.assert_access("/admin/snippets/bases/revocationrequest/add/", {"reviewer", "editor"})
        # Deciding (editing) a request is the city's: reviewers file, editors decide.
        self.assert_access(f"/admin/snippets/bases/revocationrequest/edit/{self.request_b.pk}/", {"editor"})

    def test_images_and_documents_of_another_base(self):
        self.assert_access(f"/admin/images/{self.image_b.pk}/", {"base_b", "editor"})
        self.assert_access(f"/admin/documents/edit/{self.document_b.pk}/", {"base_b", "editor"})

    def test_a_base_sees_only_its_own_uploads(self):
        self.login("base_a")
        self.assertNotIn("乙基地的照片", self.client.get("/admin/images/").content.decode())
        self.assertNotIn("乙基地的附件", self.client.get("/admin/documents/").content.decode())
        self.login("base_b")
        self.assertIn("乙基地的照片", self.client.get("/admin/images/").content.decode())

    def test_a_base_cannot_publish_delete_unpublish_or_copy(self):
        self.login("base_a")
        html = self.client.get(f"/admin/pages/{self.base_a.pk}/edit/").content.decode()
        self.assertNotIn('name="action-publish"', html)
        self.assertIn('name="action-submit"', html)
        for url in [
            f"/admin/pages/{self.base_a.pk}/delete/",
            f"/admin/pages/{self.base_a.pk}/unpublish/",
            f"/admin/pages/{self.report_a.pk}/delete/",
            f"/admin/pages/{self.report_a.pk}/copy/",
            f"/admin/pages/{self.base_a.pk}/move/",
        ]:
            with self.subTest(url=url):
                assert_denied(self.client.get(url), url=url)

    def test_posting_publish_as_a_base_publishes_nothing(self):
        self.login("base_a")
        url = f"/admin/pages/{self.base_a.pk}/edit/"
        data = {**base_form_data(self.base_a, summary="改过的简介"), "action-publish": "action-publish"}
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.content.decode()[:3000])
        live = InnovationBasePage.objects.get(pk=self.base_a.pk)
        self.assertEqual(live.summary, "一个测试基地。")
        # ...the change was kept as a draft instead, waiting to be submitted for review.
        self.assertEqual(live.get_latest_revision_as_object().summary, "改过的简介")
        self.assertTrue(live.has_unpublished_changes)

    def test_editors_only_see_the_bases_panel_and_menu(self):
        for role in ["base_a", "reviewer", "editor"]:
            with self.subTest(role=role):
                self.login(role)
                html = self.client.get("/admin/").content.decode()
                self.assertEqual("需要处理的事项" in html, role == "editor")
                self.assertEqual("/admin/bases/report/" in html, role == "editor")
