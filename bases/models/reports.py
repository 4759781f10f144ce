"""A base's yearly work reports (年度工作报告): child pages of the base, one per year, reviewed like
any change to the base's profile."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    TitleFieldPanel,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from home.base_page import BasePage, by_path

from ..choices import ReportState
from ..mixins import PhotoOrderable

# --- Yearly reports ----------------------------------------------------------------------------


class YearlyReportPage(BasePage):
    """A base's yearly work report (年度工作报告), one per year, due on 31 December of that year.

    A child page of its base, so the base's account writes it and the district reviewer
    approves it like any profile change; it is public only once approved."""

    year = models.PositiveSmallIntegerField(
        "年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)], db_index=True
    )
    work_summary = RichTextField(
        "工作总结",
        features=["bold", "ol", "ul", "link"],
        help_text="这一年做了哪些家庭教育指导服务、有什么成效和经验、下一年打算做什么。",
    )
    guidance_activities = models.PositiveIntegerField("开展家庭教育指导活动（场次）")
    families_served = models.PositiveIntegerField("服务家庭（户次）")

    base_form_class = by_path("bases.forms.YearlyReportPageForm")

    content_panels = [
        FieldRowPanel([FieldPanel("year"), TitleFieldPanel("title", heading="报告标题")]),
        FieldPanel("work_summary"),
        FieldRowPanel([FieldPanel("guidance_activities"), FieldPanel("families_served")]),
        InlinePanel("photos", heading="活动照片", label="照片"),
        InlinePanel("attachments", heading="附件", label="附件"),
    ]
    promote_panels = BasePage.promote_panels

    search_fields = [*BasePage.search_fields, index.SearchField("work_summary"), index.FilterField("year")]

    parent_page_types = ["bases.InnovationBasePage"]
    subpage_types = []

    class Meta:
        verbose_name = "年度工作报告"
        verbose_name_plural = "年度工作报告"

    @property
    def due_date(self):
        return datetime.date(self.year, 12, 31)

    @property
    def card_badges(self):
        return [f"{self.year} 年度"]

    def get_base(self):
        parent = self.get_parent()
        return parent.specific if parent else None

    @property
    def report_state(self):
        return report_state(self)

    @property
    def report_state_label(self):
        return ReportState(self.report_state).label

    def clean(self):
        super().clean()
        if not self.year:
            return
        parent = self.get_parent() if self.path else None
        if parent is not None:
            duplicate_year_error(parent, self.year, self.pk)


def duplicate_year_error(base, year, exclude_pk=None):
    """Refuse a second report for the same base and year."""
    siblings = YearlyReportPage.objects.child_of(base).filter(year=year)
    if exclude_pk:
        siblings = siblings.exclude(pk=exclude_pk)
    if siblings.exists():
        raise ValidationError(
            {"year": f"这个基地已经有 {year} 年度的工作报告了，每年只写一份；请编辑原来那份。"}
        )


def report_state(page):
    """草稿 / 已提交待审核 / 已通过 / 已退回修改, from Wagtail's workflow state and live status.

    A live report with a change under review is 已提交待审核 (the approved version stays public
    meanwhile)."""
    from wagtail.models import WorkflowState

    state = page.current_workflow_state
    if state is not None:
        if state.status == WorkflowState.STATUS_IN_PROGRESS:
            return ReportState.SUBMITTED
        if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            return ReportState.RETURNED
    if page.live:
        return ReportState.APPROVED
    return ReportState.DRAFT


class YearlyReportPhoto(PhotoOrderable):
    page = ParentalKey(YearlyReportPage, related_name="photos", on_delete=models.CASCADE)

    class Meta(PhotoOrderable.Meta):
        verbose_name = "活动照片"


class YearlyReportAttachment(Orderable):
    page = ParentalKey(YearlyReportPage, related_name="attachments", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="文件", on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField("显示名称", max_length=120, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = "附件"
