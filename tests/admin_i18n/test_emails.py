"""The e-mails of the review workflow are Chinese: to the district's reviewers on submission,
and Wagtail's own notices to the base when its change is returned or approved."""

import re

from tests.bases.test_workflow import as_user, submit_profile_change, workflow_action, world  # noqa: F401

# Account names (jiangbei-school) are what people typed; links and addresses are not wording.
CONTENT = re.compile(r"<[^>]+>|https?://\S+|[\w.-]+@[\w.-]+|jiangbei-(school|reviewer)")


def english(mail):
    texts = [mail.subject, mail.body, *(content for content, _ in getattr(mail, "alternatives", []))]
    return sorted(set(re.findall(r"[A-Za-z]{2,}", CONTENT.sub(" ", "\n".join(texts)))))


def test_review_emails_are_chinese(client, world, mailoutbox):  # noqa: F811
    base_user = world["base_user"]
    base_user.email = "school@example.com"
    base_user.save()
    task_state = submit_profile_change(client, world, contact_phone="12")
    as_user(client, world["reviewer"])
    workflow_action(client, world["base"], "reject", task_state, comment="请填写完整的对外联系电话")
    task_state = submit_profile_change(client, world, contact_phone="023-67000000")
    as_user(client, world["reviewer"])
    workflow_action(client, world["base"], "approve", task_state)

    to_reviewers = [mail for mail in mailoutbox if "jiangbei@example.com" in mail.to]
    to_base = [mail for mail in mailoutbox if "school@example.com" in mail.to]
    assert len(to_reviewers) == 2
    assert [mail.subject for mail in to_base] == [
        "页面“江北示范小学”在“基地内容审核”中被退回修改。",
        "页面“江北示范小学”已通过“基地内容审核”。",
    ]
    for mail in mailoutbox:
        assert english(mail) == [], (mail.subject, mail.body)
