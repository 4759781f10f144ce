"""Finding 4: a base account sees its own subtree and nothing else anywhere in the admin."""

import json

from django.test import TestCase

from tests.denial import assert_denied
from tests.privacy.world import build_world


class BaseScopeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = build_world()

    def setUp(self):
        self.client.force_login(self.w.base_a_user)

    def html(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        if response["Content-Type"].startswith("application/json"):
            return json.loads(response.content)["html"]
        return response.content.decode()

    def assert_refused(self, url):
        assert_denied(self.client.get(url), url=url)
        self.assertNotIn("SECRETB", self.client.get("/admin/").content.decode())

    def test_page_chooser_browse_lists_own_subtree(self):
        html = self.html(f"/admin/choose-page/{self.w.base_a.pk}/")
        self.assertIn("secreta-report", html)
        html = self.html(f"/admin/choose-page/{self.w.index.pk}/")
        self.assertIn("甲基地", html)
        self.assertNotIn("乙基地", html)

    def test_page_chooser_browse_of_another_base_is_refused(self):
        self.assert_refused(f"/admin/choose-page/{self.w.base_b.pk}/")
        self.assert_refused(f"/admin/choose-page/{self.w.report_b.pk}/")

    def test_page_chooser_search_finds_own_pages_only(self):
        html = self.html("/admin/choose-page/search/?q=2025")
        self.assertIn("secreta-report", html)
        self.assertNotIn("SECRETB", html)

    def test_page_types_usage_report_is_hidden(self):
        self.assert_refused("/admin/reports/page-types-usage/")
        self.assertNotContains(self.client.get("/admin/"), "/admin/reports/page-types-usage/")

    def test_bulk_action_confirmation_names_no_other_page(self):
        for action in ("delete", "move", "publish", "unpublish"):
            with self.subTest(action=action):
                url = (
                    f"/admin/bulk/wagtailcore/page/{action}/?id={self.w.report_b.pk}&id={self.w.report_a.pk}"
                )
                self.assertNotIn("SECRETB", self.html(url))

    def test_bulk_action_confirmation_names_no_other_file(self):
        ids = f"id={self.w.doc_b.pk}&id={self.w.revocation_doc_w.pk}&id={self.w.doc_a.pk}"
        html = self.html(f"/admin/bulk/wagtaildocs/document/delete/?{ids}")
        self.assertNotIn("SECRETB", html)
        self.assertNotIn("SECRETW", html)
        self.assertNotIn(
            "SECRETB", self.html(f"/admin/bulk/wagtailimages/image/delete/?id={self.w.image_b.pk}")
        )

    def test_move_confirmation_and_denials_name_no_other_page(self):
        self.assert_refused(f"/admin/pages/{self.w.report_a.pk}/move/{self.w.report_b.pk}/confirm/")
        self.assert_refused(f"/admin/pages/{self.w.report_b.pk}/move/{self.w.base_a.pk}/confirm/")
        self.assert_refused(f"/admin/pages/{self.w.report_b.pk}/edit/")
        self.assert_refused(f"/admin/pages/{self.w.report_b.pk}/delete/")

    def test_revocation_chooser_shows_no_label(self):
        html = self.html("/admin/snippets/choose/bases/revocationrequest/")
        self.assertNotIn("撤销申请：", html)
        self.assertNotIn("乙基地", html)
