"""The review workflow end to end, through the admin: a base edits and submits, nothing is
public before approval, only a reviewer of the base's district approves or returns it, yearly
reports go the same way; reviewers file revocation requests and editors decide them."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, TaskState, WorkflowPage, WorkflowState

from bases.access import WORKFLOW_NAME, create_base_account, create_reviewer_account
from bases.choices import ReportState, RevocationStatus
from bases.models import (
    DistrictReviewTask,
    InnovationBasePage,
    RevocationRequest,
    YearlyReportAttachment,
    YearlyReportPage,
)
from tests.bases.helpers import base_form_data, report_form_data
from tests.denial import assert_denied
from tests.factories import TZ, InnovationBasePageFactory, build_bases

NOW = datetime.datetime(2024, 11, 20, 10, 0, tzinfo=TZ)


@pytest.fixture
def world(site_tree, django_user_model):
    home, _, _ = site_tree
    index, _ = build_bases(home)
    base = InnovationBasePageFactory(
        parent=index,
        title="江北示范小学",
        district="jiangbei",
        summary="旧简介",
        term=("2022-01-01", "2026-12-31"),
    )
    other = InnovationBasePageFactory(parent=index, title="万州示范社区", district="wanzhou")
    base_user, _, _ = create_base_account(base, "jiangbei-school")
    reviewer, _ = create_reviewer_account("jiangbei-reviewer", ["jiangbei"], email="jiangbei@example.com")
    outsider, _ = create_reviewer_account("wanzhou-reviewer", ["wanzhou"], email="wanzhou@example.com")
    editor = django_user_model.objects.create_user("city-editor", password="x")
    editor.groups.add(Group.objects.get(name="Editors"))
    moderator = django_user_model.objects.create_user("city-moderator", password="x")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    with time_machine.travel(NOW, tick=False):
        yield {
            "index": index,
            "base": base,
            "other": other,
            "base_user": base_user,
            "reviewer": reviewer,
            "outsider": outsider,
            "editor": editor,
            "moderator": moderator,
        }


def as_user(client, user):
    client.logout()
    client.force_login(user)
    return client


def submit_profile_change(client, world, **changes):
    base = world["base"]
    as_user(client, world["base_user"])
    data = {**base_form_data(base, **changes), "action-submit": "action-submit"}
    response = client.post(f"/admin/pages/{base.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS, revision__object_id=str(base.pk))


def workflow_action(client, page, action, task_state, comment=""):
    return client.post(
        f"/admin/pages/workflow/action/{page.pk}/{action}/{task_state.pk}/",
        {"comment": comment},
    )


def test_the_workflow_is_set_up_on_the_bases_index(world):
    workflow_page = WorkflowPage.objects.get(page=world["index"])
    assert workflow_page.workflow.name == WORKFLOW_NAME
    task = workflow_page.workflow.tasks.get().specific
    assert isinstance(task, DistrictReviewTask)
    reviewer_groups = set(world["reviewer"].groups.values_list("name", flat=True))
    assert reviewer_groups == {"区县审核员：江北区"}
    assert world["base"].get_workflow() == workflow_page.workflow
    # Each district's reviewers may publish (on approval) their own district's bases only.
    assert world["base"].permissions_for_user(world["reviewer"]).can_publish()
    assert not world["other"].permissions_for_user(world["reviewer"]).can_publish()
    assert not world["base"].permissions_for_user(world["reviewer"]).can_edit()


def test_profile_change_is_public_only_after_the_district_reviewer_approves(client, world):
    base = world["base"]
    task_state = submit_profile_change(client, world, summary="新的简介：欢迎家长周末来参加亲子活动")

    # Submitted, not public.
    live = InnovationBasePage.objects.get(pk=base.pk)
    assert live.summary == "旧简介"
    client.logout()
    assert "新的简介" not in client.get(base.url).content.decode()

    # The base cannot change it while it is in review.
    as_user(client, world["base_user"])
    assert client.get(f"/admin/pages/{base.pk}/edit/").context["page_perms"].page_locked()

    # A reviewer of another district can neither see it in their queue nor approve it.
    as_user(client, world["outsider"])
    assert "江北示范小学" not in client.get("/admin/").content.decode()
    assert_denied(workflow_action(client, base, "approve", task_state))
    assert InnovationBasePage.objects.get(pk=base.pk).summary == "旧简介"

    # The base itself cannot approve its own change.
    as_user(client, world["base_user"])
    assert_denied(workflow_action(client, base, "approve", task_state))

    # The reviewer of its district sees it on the dashboard and approves it.
    as_user(client, world["reviewer"])
    assert "江北示范小学" in client.get("/admin/").content.decode()
    response = workflow_action(client, base, "approve", task_state)
    assert response.status_code == 302
    live = InnovationBasePage.objects.get(pk=base.pk)
    assert live.summary == "新的简介：欢迎家长周末来参加亲子活动"
    assert live.live and not live.has_unpublished_changes
    client.logout()
    assert "新的简介：欢迎家长周末来参加亲子活动" in client.get(base.url).content.decode()


def test_only_the_districts_reviewers_are_told_by_email(client, world, mailoutbox):
    submit_profile_change(client, world, summary="请审核")
    to_reviewers = [mail for mail in mailoutbox if mail.subject.startswith("【待审核】")]
    assert len(to_reviewers) == 1
    assert to_reviewers[0].to == ["jiangbei@example.com"]
    assert "江北示范小学" in to_reviewers[0].subject
    assert f"/admin/pages/{world['base'].pk}/edit/" in to_reviewers[0].body


def test_reviewer_returns_a_change_with_a_comment(client, world):
    base = world["base"]
    task_state = submit_profile_change(client, world, contact_phone="12")
    as_user(client, world["reviewer"])
    workflow_action(client, base, "reject", task_state, comment="请填写完整的对外联系电话")
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_REJECTED
    assert task_state.comment == "请填写完整的对外联系电话"
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(base.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert InnovationBasePage.objects.get(pk=base.pk).contact_phone == ""

    # The base sees the comment, corrects and resubmits.
    as_user(client, world["base_user"])
    html = client.get(f"/admin/pages/{base.pk}/edit/").content.decode()
    assert "请填写完整的对外联系电话" in html
    data = {**base_form_data(base, contact_phone="023-67000000"), "action-submit": "action-submit"}
    assert client.post(f"/admin/pages/{base.pk}/edit/", data).status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS


def test_city_moderators_may_step_in_but_editors_without_publish_may_not(client, world):
    base = world["base"]
    task_state = submit_profile_change(client, world, summary="市级通过的简介")
    as_user(client, world["editor"])
    workflow_action(client, base, "approve", task_state)
    assert InnovationBasePage.objects.get(pk=base.pk).summary == "旧简介"
    as_user(client, world["moderator"])
    workflow_action(client, base, "approve", task_state)
    assert InnovationBasePage.objects.get(pk=base.pk).summary == "市级通过的简介"


def test_a_base_moved_to_another_district_changes_reviewers(world):
    base = world["base"]
    base.district = "wanzhou"
    base.save_revision().publish()
    assert base.permissions_for_user(world["outsider"]).can_publish()
    assert not base.permissions_for_user(world["reviewer"]).can_publish()


def test_a_base_cannot_rename_itself_or_change_its_district(client, world):
    base = world["base"]
    submit_profile_change(client, world, title="改名的学校", district="wanzhou", kind="library")
    revision = InnovationBasePage.objects.get(pk=base.pk).get_latest_revision_as_object()
    assert (revision.title, revision.district, revision.kind) == ("江北示范小学", "jiangbei", "primary")


def test_yearly_report_is_written_submitted_and_approved(client, world):
    base = world["base"]
    as_user(client, world["base_user"])
    add_url = f"/admin/pages/add/bases/yearlyreportpage/{base.pk}/"
    assert client.get(add_url).context["form"].initial["year"] == 2024  # this year, prefilled
    response = client.post(add_url, {**report_form_data(2024), "action-submit": "action-submit"})
    assert response.status_code == 302, response.content.decode()[:3000]
    report = YearlyReportPage.objects.get(year=2024)
    assert report.report_state == ReportState.SUBMITTED
    assert report.due_date == datetime.date(2024, 12, 31)
    assert not report.live
    client.logout()
    assert "2024年度工作报告" not in client.get(base.url).content.decode()

    # Shown in Chinese in the admin's report listing.
    as_user(client, world["base_user"])
    assert "已提交待审核" in client.get("/admin/yearly_reports/").content.decode()

    as_user(client, world["reviewer"])
    task_state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
    workflow_action(client, report, "approve", task_state)
    report = YearlyReportPage.objects.get(pk=report.pk)
    assert report.live and report.report_state == ReportState.APPROVED
    client.logout()
    assert "2024年度工作报告" in client.get(base.url).content.decode()


def test_report_states_in_chinese(client, world):
    base = world["base"]
    as_user(client, world["base_user"])
    add_url = f"/admin/pages/add/bases/yearlyreportpage/{base.pk}/"
    client.post(add_url, report_form_data(2023))  # saved as a draft
    report = YearlyReportPage.objects.get(year=2023)
    assert report.report_state_label == "草稿"
    edit_url = f"/admin/pages/{report.pk}/edit/"
    client.post(edit_url, {**report_form_data(2023), "action-submit": "action-submit"})
    assert YearlyReportPage.objects.get(pk=report.pk).report_state_label == "已提交待审核"
    as_user(client, world["reviewer"])
    task_state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
    workflow_action(client, report, "reject", task_state, comment="请补充活动照片")
    assert YearlyReportPage.objects.get(pk=report.pk).report_state_label == "已退回修改"


def test_one_report_per_base_and_year(client, world):
    base = world["base"]
    as_user(client, world["base_user"])
    add_url = f"/admin/pages/add/bases/yearlyreportpage/{base.pk}/"
    assert client.post(add_url, report_form_data(2024)).status_code == 302
    response = client.post(add_url, report_form_data(2024, slug="report-2024-b"))
    assert response.status_code == 200
    assert "这个基地已经有 2024 年度的工作报告了" in response.content.decode()
    assert YearlyReportPage.objects.filter(year=2024).count() == 1
    # the same year is fine for another base
    as_user(client, world["moderator"])
    other_url = f"/admin/pages/add/bases/yearlyreportpage/{world['other'].pk}/"
    assert client.post(other_url, report_form_data(2024)).status_code == 302


def _document(title="书面报告"):
    return get_document_model().objects.create(title=title, file=ContentFile(b"%PDF-1.4", name="r.pdf"))


def test_reviewer_requests_revocation_and_an_editor_records_it(client, world):

    base = world["base"]
    # The reviewer uploads the written report into the revocation folder (the only one it may choose).
    document = _document()
    document.collection = Collection.objects.get(name="撤销申请材料")
    document.uploaded_by_user = world["reviewer"]
    document.save()
    as_user(client, world["reviewer"])
    add_url = "/admin/snippets/bases/revocationrequest/add/"
    html = client.get(add_url).content.decode()
    assert 'name="revoked_on"' not in html  # the decision is not the reviewer's
    response = client.post(
        add_url,
        {
            "base": str(base.pk),
            "reason": "基地已停止开展家庭教育指导服务",
            "document": str(document.pk),
            "status": "approved",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    request = RevocationRequest.objects.get()
    assert request.requested_by == world["reviewer"]
    assert request.status == RevocationStatus.PENDING  # a posted status is ignored
    assert InnovationBasePage.objects.get(pk=base.pk).status_info().code == "valid"

    # Not for a base of another district.
    response = client.post(
        add_url, {"base": str(world["other"].pk), "reason": "x", "document": str(document.pk)}
    )
    assert response.status_code == 200
    assert "只能为本人负责区县的基地提出撤销申请" in response.content.decode()

    # The editor records the revocation.
    as_user(client, world["editor"])
    edit_url = f"/admin/snippets/bases/revocationrequest/edit/{request.pk}/"
    data = {
        "base": str(base.pk),
        "reason": request.reason,
        "document": str(document.pk),
        "status": "approved",
        "revoked_on": "",
        "decision_document": "",
        "decision_note": "",
    }
    response = client.post(edit_url, data)
    assert response.status_code == 200
    assert "核准撤销时请填写撤销生效日期" in response.content.decode()
    response = client.post(edit_url, {**data, "revoked_on": "2024-11-20", "decision_note": "同意撤销"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.decided_by == world["editor"] and request.decided_at is not None
    page = InnovationBasePage.objects.get(pk=base.pk)
    assert page.status_info().code == "revoked"
    client.logout()
    assert "已于 2024年11月20日 撤销" in client.get(base.url).content.decode()


def test_reviewers_see_only_their_districts_requests(client, world):
    RevocationRequest.objects.create(base=world["other"], reason="万州的申请", document=_document())
    RevocationRequest.objects.create(base=world["base"], reason="江北的申请", document=_document())
    as_user(client, world["reviewer"])
    html = client.get("/admin/snippets/bases/revocationrequest/").content.decode()
    assert "江北示范小学" in html and "万州示范社区" not in html
    as_user(client, world["editor"])
    html = client.get("/admin/snippets/bases/revocationrequest/").content.decode()
    assert "江北示范小学" in html and "万州示范社区" in html


def test_uploads_are_private_until_an_approved_report_shows_them(client, world):
    base = world["base"]
    collection = base.account.collection
    document = get_document_model().objects.create(
        title="活动记录", file=ContentFile(b"%PDF-1.4 private", name="record.pdf"), collection=collection
    )
    client.logout()
    assert client.get(document.url).status_code == 403
    as_user(client, world["base_user"])
    assert client.get(document.url).status_code == 200
    report = YearlyReportPage(
        title="2024年度工作报告",
        slug="report-2024",
        year=2024,
        work_summary="<p>x</p>",
        guidance_activities=1,
        families_served=1,
        live=False,
    )
    base.add_child(instance=report)
    YearlyReportAttachment.objects.create(page=report, document=document)
    client.logout()
    assert client.get(document.url).status_code == 403  # attached to a report not yet approved
    report.save_revision().publish()
    assert client.get(document.url).status_code == 200


def test_a_file_shown_in_the_approved_profile_is_public(client, world):
    base = world["base"]
    document = get_document_model().objects.create(
        title="活动方案",
        file=ContentFile(b"%PDF-1.4 plan", name="plan.pdf"),
        collection=base.account.collection,
    )
    client.logout()
    assert client.get(document.url).status_code == 403
    base.practices = [{"type": "document", "value": {"document": document.pk, "title": "活动方案"}}]
    base.save_revision().publish()
    assert client.get(document.url).status_code == 200
