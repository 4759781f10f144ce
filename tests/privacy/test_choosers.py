"""Finding 2: every chosen document, image, page and snippet is checked on the server against what
the account may choose, with a precise Chinese message, and nothing is saved."""

from django.test import TestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from bases.models import RevocationRequest, YearlyReportPage
from tests.bases.helpers import base_form_data, report_form_data
from tests.privacy.world import build_world


def attachments(document_pk, title="附件"):
    return nested_form_data({"attachments": inline_formset([{"document": str(document_pk), "title": title}])})


def photos(image_pk):
    return nested_form_data({"photos": inline_formset([{"image": str(image_pk), "caption": ""}])})


class ChosenObjectTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = build_world()

    def setUp(self):
        self.client.force_login(self.w.base_a_user)

    def edit_report(self, **changes):
        data = report_form_data(2025, title="2025年度工作报告", **changes)
        return self.client.post(f"/admin/pages/{self.w.report_a.pk}/edit/", data)

    def revisions(self):
        return YearlyReportPage.objects.get(pk=self.w.report_a.pk).revisions.count()

    def assert_refused(self, response, message):
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, message)
        self.assertEqual(self.revisions(), self.revisions_before)

    def test_another_districts_revocation_report_cannot_be_attached(self):
        self.revisions_before = self.revisions()
        data = report_form_data(2025, title="2025年度工作报告")
        data.update(
            nested_form_data(
                {
                    "attachments": inline_formset(
                        [{"document": str(self.w.revocation_doc_w.pk), "title": "活动照片"}]
                    )
                }
            )
        )
        response = self.client.post(f"/admin/pages/{self.w.report_a.pk}/edit/", data)
        self.assert_refused(
            response, f"所选的文件（编号 {self.w.revocation_doc_w.pk}）不存在或不在你可以使用的文件夹中"
        )

    def test_another_bases_image_cannot_be_a_photo(self):
        self.revisions_before = self.revisions()
        data = report_form_data(2025, title="2025年度工作报告")
        data.update(
            nested_form_data({"photos": inline_formset([{"image": str(self.w.image_b.pk), "caption": ""}])})
        )
        response = self.client.post(f"/admin/pages/{self.w.report_a.pk}/edit/", data)
        self.assert_refused(
            response, f"所选的图片（编号 {self.w.image_b.pk}）不存在或不在你可以使用的文件夹中"
        )

    def test_link_to_another_bases_draft_is_refused(self):
        self.revisions_before = self.revisions()
        html = f'<p>见<a linktype="page" id="{self.w.report_b.pk}">这里</a></p>'
        response = self.edit_report(work_summary=html)
        self.assert_refused(
            response, f"所选或链接的页面（编号 {self.w.report_b.pk}）不存在或不在你可以选择的范围内"
        )

    def test_own_document_and_own_page_are_accepted(self):
        self.revisions_before = self.revisions()
        data = report_form_data(
            2025,
            title="2025年度工作报告",
            work_summary=f'<p>见<a linktype="page" id="{self.w.base_a.pk}">本基地</a></p>',
        )
        data.update(
            nested_form_data(
                {"attachments": inline_formset([{"document": str(self.w.doc_a.pk), "title": "总结"}])}
            )
        )
        response = self.client.post(f"/admin/pages/{self.w.report_a.pk}/edit/", data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.revisions(), self.revisions_before + 1)

    def test_another_bases_image_cannot_be_the_cover(self):
        response = self.client.post(
            f"/admin/pages/{self.w.base_a.pk}/edit/",
            base_form_data(self.w.base_a, cover_image=str(self.w.image_b.pk)),
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f"所选的图片（编号 {self.w.image_b.pk}）不存在")
        self.assertEqual(self.w.base_a.revisions.count(), 0)

    def test_reviewer_cannot_attach_another_districts_report(self):
        self.client.force_login(self.w.reviewer_jb)
        response = self.client.post(
            "/admin/snippets/bases/revocationrequest/add/",
            {"base": str(self.w.base_a.pk), "reason": "测试", "document": str(self.w.revocation_doc_w.pk)},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f"所选的文件（编号 {self.w.revocation_doc_w.pk}）不存在")
        self.assertEqual(RevocationRequest.objects.count(), 2)
