"""Finding 3: a reviewer reads the revocation requests (and their written reports) of its own
districts only, in every view; requests cannot be copied."""

import json

from django.test import TestCase
from django.urls import NoReverseMatch, reverse

from tests.privacy.world import build_world

PREFIX = "/admin/snippets/bases/revocationrequest"


class RevocationScopeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = build_world()

    def get(self, url, user):
        self.client.force_login(user)
        return self.client.get(url)

    def test_other_districts_request_is_refused_in_every_view(self):
        other = self.w.request_w.pk
        for url in (
            f"{PREFIX}/edit/{other}/",
            f"{PREFIX}/history/{other}/",
            f"{PREFIX}/usage/{other}/",
            f"{PREFIX}/delete/{other}/",
        ):
            with self.subTest(url=url):
                response = self.get(url, self.w.reviewer_jb)
                # The admin's "no permission" answer: back to the dashboard with a message.
                self.assertEqual(response.status_code, 302)
                self.assertEqual(response["Location"], "/admin/")
                self.assertNotContains(self.client.get("/admin/"), "SECRETW")
        response = self.get(
            f"/admin/snippets/choose/bases/revocationrequest/chosen/{other}/", self.w.reviewer_jb
        )
        self.assertEqual(response.status_code, 404)

    def test_list_shows_own_districts_requests_only(self):
        response = self.get(f"{PREFIX}/", self.w.reviewer_jb)
        self.assertContains(response, "甲基地")
        self.assertNotContains(response, "乙基地")

    def test_no_copy_view(self):
        with self.assertRaises(NoReverseMatch):
            reverse("wagtailsnippets_bases_revocationrequest:copy", args=[self.w.request_j.pk])
        response = self.get(f"{PREFIX}/copy/{self.w.request_w.pk}/", self.w.editor)
        self.assertEqual(response.status_code, 404)

    def chooser_html(self, url, user):
        response = self.get(url, user)
        self.assertEqual(response.status_code, 200)
        return json.loads(response.content)["html"]

    def test_chooser_lists_own_districts_requests_only(self):
        url = "/admin/snippets/choose/bases/revocationrequest/"
        html = self.chooser_html(url, self.w.reviewer_jb)
        self.assertIn("撤销申请：甲基地", html)
        self.assertNotIn("乙基地", html)
        self.assertNotIn("撤销申请：", self.chooser_html(url, self.w.base_a_user))
        chosen = self.get(
            f"{url}chosen-multiple/?id={self.w.request_w.pk}&id={self.w.request_j.pk}", self.w.reviewer_jb
        )
        self.assertEqual(chosen.status_code, 200)
        self.assertNotIn("乙基地", json.dumps(json.loads(chosen.content), ensure_ascii=False))

    def test_editor_sees_every_request(self):
        response = self.get(f"{PREFIX}/edit/{self.w.request_w.pk}/", self.w.editor)
        self.assertContains(response, "SECRETW-reason")

    def test_written_report_only_for_its_district(self):
        self.assertEqual(self.get(self.w.revocation_doc_w.url, self.w.reviewer_jb).status_code, 403)
        self.assertEqual(self.get(self.w.revocation_doc_j.url, self.w.reviewer_jb).status_code, 200)

    def test_document_chooser_does_not_hand_out_another_districts_report(self):
        response = self.get(
            f"/admin/documents/chooser/chosen/{self.w.revocation_doc_w.pk}/", self.w.reviewer_jb
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], "/admin/")
        response = self.get(
            f"/admin/documents/chooser/chosen/{self.w.revocation_doc_j.pk}/", self.w.reviewer_jb
        )
        self.assertContains(response, "SECRETJ-report")
