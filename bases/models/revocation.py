"""Revocation (撤销): a district's written request to revoke a base and the city's decision on it.
An approved request with its date is what makes a base 已撤销 (bases.status)."""

from django.conf import settings
from django.db import models
from wagtail.admin.panels import (
    FieldPanel,
    MultiFieldPanel,
)

from home.base_page import by_path

from ..choices import RevocationStatus
from ..mixins import CollectErrorsMixin

# --- Revocation ----------------------------------------------------------------------------


class RevocationRequest(CollectErrorsMixin, models.Model):
    """A district's written request to revoke a base, and the city's decision on it.

    District reviewers file the request with its reason and document; a city editor records
    the decision. An approved request with its date is what makes a base 已撤销."""

    base = models.ForeignKey(
        "bases.InnovationBasePage",
        verbose_name="基地",
        on_delete=models.CASCADE,
        related_name="revocation_requests",
    )
    reason = models.TextField("撤销理由", help_text="与基地条件不符的具体情况。")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="书面报告",
        null=True,
        blank=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="区县妇联、教育部门提出撤销的书面报告（扫描件或文件）。",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申请人",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    status = models.CharField(
        "处理结果", max_length=10, choices=RevocationStatus.choices, default=RevocationStatus.PENDING
    )
    revoked_on = models.DateField("撤销生效日期", null=True, blank=True, help_text="核准撤销时填写。")
    decision_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="撤销决定文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_note = models.TextField("核准意见", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核准人",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("核准时间", null=True, blank=True, editable=False)

    decide_permission = "bases.decide_revocationrequest"
    base_form_class = by_path("bases.forms.RevocationRequestForm")
    panels = [
        FieldPanel("base"),
        FieldPanel("reason"),
        FieldPanel("document"),
        MultiFieldPanel(
            [
                FieldPanel("status", permission=decide_permission),
                FieldPanel("revoked_on", permission=decide_permission),
                FieldPanel("decision_document", permission=decide_permission),
                FieldPanel("decision_note", permission=decide_permission),
            ],
            heading="市级核准（市妇联、市教委）",
            permission=decide_permission,
        ),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "撤销申请"
        verbose_name_plural = "撤销申请"
        permissions = [("decide_revocationrequest", "可核准或驳回撤销申请（记录撤销）")]

    def __str__(self):
        base = self.base.title if self.base_id else ""
        return f"撤销申请：{base}（{self.get_status_display()}）"

    def collect_errors(self):
        errors = super().collect_errors()
        if self.status == RevocationStatus.APPROVED and not self.revoked_on:
            errors["revoked_on"] = "核准撤销时请填写撤销生效日期。"
        if self.status != RevocationStatus.APPROVED and self.revoked_on:
            errors["revoked_on"] = "只有核准撤销时才填写撤销生效日期。"
        return errors
