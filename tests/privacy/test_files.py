"""Finding 1: uploaded files are served only to whom may read them, and the admin API and the
choosers list only what the account may choose."""

import json

from django.core.cache import cache
from django.test import TestCase

from tests.privacy.world import build_world


class FileServingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = build_world()

    def setUp(self):
        # Wagtail caches renditions; a rendition cached by an earlier test is gone from the database.
        cache.clear()

    def get(self, url, user=None):
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
        return self.client.get(url)

    def media_url(self, name):
        return f"/media/{name}"

    def test_documents_are_never_served_as_plain_files(self):
        for document in (self.w.doc_b, self.w.revocation_doc_w, self.w.public_doc):
            with self.subTest(document=document.title):
                self.assertEqual(self.get(self.media_url(document.file.name)).status_code, 404)
                self.assertEqual(self.get(self.media_url(document.file.name), self.w.editor).status_code, 404)

    def test_document_urls_go_through_the_serve_view(self):
        self.assertEqual(self.w.doc_b.url, f"/documents/{self.w.doc_b.pk}/{self.w.doc_b.filename}")

    def test_unapproved_base_upload_is_not_public(self):
        url = self.w.doc_b.url
        self.assertEqual(self.get(url).status_code, 403)
        self.assertEqual(self.get(url, self.w.base_a_user).status_code, 403)
        self.assertEqual(self.get(url, self.w.base_b_user).status_code, 200)

    def test_revocation_report_only_for_its_district_and_editors(self):
        url = self.w.revocation_doc_w.url
        self.assertEqual(self.get(url).status_code, 403)
        self.assertEqual(self.get(url, self.w.base_b_user).status_code, 403)
        self.assertEqual(self.get(url, self.w.reviewer_jb).status_code, 403)
        self.assertEqual(self.get(url, self.w.reviewer_wz).status_code, 200)
        self.assertEqual(self.get(url, self.w.editor).status_code, 200)

    def test_public_document_downloads_anonymously(self):
        response = self.get(self.w.public_doc.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), b"%PDF-1.4 " + "公开资料".encode())

    def test_private_original_image_is_not_public(self):
        url = self.media_url(self.w.image_b.file.name)
        self.assertEqual(self.get(url).status_code, 404)
        self.assertEqual(self.get(url, self.w.base_a_user).status_code, 404)
        self.assertEqual(self.get(url, self.w.reviewer_jb).status_code, 404)
        response = self.get(url, self.w.base_b_user)
        self.assertEqual(response.status_code, 200)
        self.assertIn("private", response["Cache-Control"])
        self.assertIn("no-cache", response["Cache-Control"])

    def test_private_rendition_is_not_public(self):
        rendition = self.w.image_b.get_rendition("max-165x165")
        url = self.media_url(rendition.file.name)
        self.assertEqual(self.get(url).status_code, 404)
        self.assertEqual(self.get(url, self.w.base_b_user).status_code, 200)

    def test_image_of_a_published_page_is_public_and_cached(self):
        response = self.get(self.media_url(self.w.cover_b.file.name))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Cache-Control"], "public, max-age=3600")
        rendition = self.w.cover_b.get_rendition("fill-640x360-c70")
        self.assertEqual(self.get(self.media_url(rendition.file.name)).status_code, 200)

    def test_image_stops_being_public_when_its_page_is_unpublished(self):
        self.w.base_b.unpublish()
        self.assertEqual(self.get(self.media_url(self.w.cover_b.file.name)).status_code, 404)

    def test_private_audio_is_not_public(self):
        url = self.media_url(self.w.media_b.file.name)
        self.assertEqual(self.get(url).status_code, 404)
        self.assertEqual(self.get(url, self.w.base_a_user).status_code, 404)
        self.assertEqual(self.get(url, self.w.editor).status_code, 200)

    def test_unknown_and_traversal_paths_are_404(self):
        for path in ("/media/", "/media/nothing.png", "/media/original_images/../../README.md"):
            with self.subTest(path=path):
                self.assertEqual(self.get(path).status_code, 404)

    def titles(self, url, user):
        response = self.get(url, user)
        self.assertEqual(response.status_code, 200)
        return sorted(item["title"] for item in json.loads(response.content)["items"])

    def test_admin_api_lists_only_choosable_documents(self):
        url = "/admin/api/main/documents/?limit=20"
        self.assertEqual(self.titles(url, self.w.base_a_user), [self.w.doc_a.title])
        self.assertEqual(self.titles(url, self.w.reviewer_jb), [self.w.revocation_doc_j.title])
        self.assertEqual(len(self.titles(url, self.w.editor)), 5)

    def test_admin_api_lists_only_choosable_images(self):
        url = "/admin/api/main/images/?limit=20"
        self.assertEqual(self.titles(url, self.w.base_a_user), [self.w.image_a.title])
        self.assertEqual(self.titles(url, self.w.reviewer_jb), [])

    def test_document_chooser_lists_only_choosable_documents(self):
        response = self.get("/admin/documents/chooser/", self.w.reviewer_jb)
        self.assertContains(response, "SECRETJ-report")
        self.assertNotContains(response, "SECRETW-report")
        response = self.get("/admin/documents/chooser/", self.w.base_a_user)
        self.assertContains(response, "SECRETA-doc")
        self.assertNotContains(response, "SECRETB-doc")
        self.assertNotContains(response, "SECRETJ-report")
