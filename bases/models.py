"""Innovation practice bases (重庆市家庭教育创新实践基地): their public profiles, the terms the city
named them for, their yearly reports, and the review and revocation that keep the list honest.

Why the pieces live where they do:

- A base's profile (``InnovationBasePage``) and its yearly reports (``YearlyReportPage``, child
  pages) are Wagtail pages, so each base account edits only its own subtree through Wagtail's
  page permissions, and every change goes through the review workflow before it is public.
- What the city decides (the naming terms, ``BaseTerm``; revocations, ``RevocationRequest``) is
  kept outside the pages' revisions: a base cannot touch it, and approving an older draft of a
  profile can never undo a term or a revocation an editor recorded in the meantime.
- Status is never stored: it is computed from the latest term and any approved revocation
  (bases.status), in Python for one base and in SQL for lists.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, IntegerField, OuterRef, Subquery, Value, When
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    Panel,
    TitleFieldPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager, Task, TaskState
from wagtail.query import PageQuerySet
from wagtail.search import index

from home.base_page import BasePage, ListingQuerySetMixin
from home.blocks import BodyBlock

from .choices import NO_TERM_LABEL, STATUS_ORDER, BaseKind, BaseStatus, ReportState, RevocationStatus
from .districts import DISTRICT_CHOICES, DISTRICT_ORDER
from .forms import InnovationBasePageForm, RevocationRequestForm, YearlyReportPageForm
from .mixins import CollectErrorsMixin, ContactMixin, LocationMixin, ValidityPeriodMixin
from .status import compute_status, expiring_window_end

MANAGE_PERMISSION = "bases.manage_bases"


def can_manage_bases(user):
    """City editors: name bases, record terms and revocations, import, see the reports."""
    return bool(user and user.is_active and user.has_perm(MANAGE_PERMISSION))


# --- Index -----------------------------------------------------------------------------------


class BaseIndexPage(BasePage):
    """/bases/: every base, current ones first, expired and revoked ones kept as history."""

    show_in_menus_default = True  # a section: in the main navigation (includes/header.html)
    menu_label = "基地"  # short label in the navigation (the title is longer)

    intro = models.TextField("导语", blank=True, max_length=400)
    per_page = 12

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("summary")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["bases.InnovationBasePage"]
    max_count = 1

    class Meta:
        verbose_name = "创新实践基地列表页"

    def get_listing_queryset(self, today):
        return InnovationBasePage.objects.live().public().descendant_of(self).with_status(today)

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        from .filters import BaseFilter

        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        filterset = BaseFilter(request.GET or None, queryset=self.get_listing_queryset(today))
        counts = filterset.status_counts()
        items = filterset.qs.with_listing_data().ordered_current_first()
        page_obj = Paginator(items, self.per_page).get_page(request.GET.get("page"))
        context.update(
            today=today,
            filterset=filterset,
            filter_errors=filterset.error_messages(),
            active_filters=filterset.active_filters(),
            status_counts=counts,
            history_count=counts[BaseStatus.EXPIRED]["count"] + counts[BaseStatus.REVOKED]["count"],
            all_expired_note=all_expired_note(today),
            page_obj=page_obj,
            items=page_obj.object_list,
        )
        return context


# --- Base --------------------------------------------------------------------------------------


class InnovationBasePageQuerySet(ListingQuerySetMixin, PageQuerySet):
    def with_status(self, today=None):
        """Annotate the current term (the latest by start date), the date a revocation took
        effect in it, and ``status_code`` computed by the rule of bases.status, in SQL."""
        today = today or timezone.localdate()
        terms = BaseTerm.objects.filter(base=OuterRef("pk")).order_by("-start_date", "-pk")
        revocations = RevocationRequest.objects.filter(
            base=OuterRef("pk"),
            status=RevocationStatus.APPROVED,
            revoked_on__gte=OuterRef("term_start"),
            revoked_on__lte=today,
        ).order_by("revoked_on")
        return (
            self.annotate(
                term_start=Subquery(terms.values("start_date")[:1]),
                term_end=Subquery(terms.values("end_date")[:1]),
                term_batch_year=Subquery(terms.values("batch_year")[:1]),
            )
            .annotate(term_revoked_on=Subquery(revocations.values("revoked_on")[:1]))
            .annotate(
                annotated_status=Case(
                    When(term_end__isnull=True, then=Value("")),
                    When(term_revoked_on__isnull=False, then=Value(BaseStatus.REVOKED.value)),
                    When(term_end__lt=today, then=Value(BaseStatus.EXPIRED.value)),
                    When(term_end__lte=expiring_window_end(today), then=Value(BaseStatus.EXPIRING.value)),
                    default=Value(BaseStatus.VALID.value),
                    output_field=models.CharField(),
                )
            )
        )

    def ordered_current_first(self):
        """Valid, then expiring, then expired, then revoked; by district in the official order."""
        status_rank = Case(
            *[
                When(annotated_status=status.value, then=Value(rank))
                for rank, status in enumerate(STATUS_ORDER)
            ],
            default=Value(len(STATUS_ORDER)),
            output_field=IntegerField(),
        )
        district_rank = Case(
            *[When(district=code, then=Value(rank)) for code, rank in DISTRICT_ORDER.items()],
            default=Value(len(DISTRICT_ORDER)),
            output_field=IntegerField(),
        )
        return self.annotate(status_rank=status_rank, district_rank=district_rank).order_by(
            "status_rank", "district_rank", "title", "pk"
        )


InnovationBasePageManager = PageManager.from_queryset(InnovationBasePageQuerySet)


class TermsPanel(Panel):
    """Shows, inside the profile editor, the terms and status that only city editors change."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "bases/admin/terms_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            context.update(
                page=page,
                terms=list(page.terms.all()) if page.pk else [],
                status=page.status_info() if page.pk else None,
                can_manage=can_manage_bases(self.request.user),
            )
            return context


class InnovationBasePage(LocationMixin, ContactMixin, BasePage):
    """A base's public profile. The base keeps it up to date through its own account; the
    district reviewer approves every change; the city's decisions (terms, revocation) are
    shown here but recorded elsewhere by editors."""

    kind = models.CharField("类型", max_length=20, choices=BaseKind.choices, db_index=True)
    introduction = RichTextField(
        "基地介绍",
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text="基地的基本情况：面向哪些家庭、有哪些场地和队伍。",
    )
    practices = StreamField(
        BodyBlock(),
        verbose_name="特色做法与活动",
        blank=True,
        help_text="家校社协同的做法、常办的亲子活动、可供其他阵地借鉴的经验。",
    )

    objects = InnovationBasePageManager()
    base_form_class = InnovationBasePageForm

    content_panels = [
        TitleFieldPanel("title", heading="基地名称"),
        TermsPanel(heading="命名与有效期"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("district")]),
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("introduction"),
        FieldPanel("practices"),
        MultiFieldPanel(
            [FieldPanel("contact_phone"), FieldPanel("contact_email"), FieldPanel("visit_notes")],
            heading="对外联系方式",
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("location_precision"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading="地址与位置",
        ),
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("introduction"),
        index.SearchField("practices"),
        index.SearchField("address"),
        index.FilterField("district"),
        index.FilterField("kind"),
    ]

    # The site search lists bases and lets visitors narrow results to a district.
    show_in_search = True
    search_filters = {"district": "district"}

    parent_page_types = ["bases.BaseIndexPage"]
    subpage_types = ["bases.YearlyReportPage"]

    class Meta:
        verbose_name = "创新实践基地"
        verbose_name_plural = "创新实践基地"
        permissions = [("manage_bases", "管理全部基地：命名、有效期、撤销、批量导入和报表")]

    # --- terms and status ---

    @cached_property
    def ordered_terms(self):
        return sorted(self.terms.all(), key=lambda term: (term.start_date, term.pk), reverse=True)

    @property
    def current_term(self):
        return self.ordered_terms[0] if self.ordered_terms else None

    def status_info(self, today=None):
        """(status, term, revoked_on) for this base today, by the rule of bases.status."""
        today = today or timezone.localdate()
        term = self.current_term
        revoked_on = None
        if term is not None:
            dates = [
                request.revoked_on
                for request in self.revocation_requests.all()
                if request.status == RevocationStatus.APPROVED
                and request.revoked_on
                and term.start_date <= request.revoked_on <= today
            ]
            revoked_on = min(dates) if dates else None
        status = compute_status(
            term.start_date if term else None, term.end_date if term else None, revoked_on, today
        )
        return StatusInfo(status, term, revoked_on)

    @property
    def status_code(self):
        """The status annotated in SQL on list pages (``with_status``), computed otherwise."""
        annotated = getattr(self, "annotated_status", None)
        return annotated if annotated is not None else self.status_info().code

    @property
    def status_label(self):
        return status_label(self.status_code)

    @property
    def card_badges(self):
        return [self.get_kind_display(), self.district_label]

    @property
    def location_text(self):
        if self.has_exact_location:
            return self.address or f"{self.district_label}（坐标见地图）"
        if self.address:
            return f"{self.address}（仅精确到{self.district_label}，具体位置待核实）"
        return f"仅精确到{self.district_label}，具体地址待核实"

    def approved_reports(self):
        return (
            YearlyReportPage.objects.child_of(self)
            .live()
            .public()
            .order_by("-year")
            .prefetch_related("photos__image", "attachments__document")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["status"] = self.status_info()
        context["terms"] = self.ordered_terms
        context["reports"] = list(self.approved_reports())
        return context


class StatusInfo:
    """What the profile says about validity: status code and label, the term, the revocation."""

    def __init__(self, status, term, revoked_on):
        self.status = status
        self.term = term
        self.revoked_on = revoked_on

    @property
    def code(self):
        return self.status.value if self.status else ""

    @property
    def label(self):
        return status_label(self.code)


def status_label(code):
    return BaseStatus(code).label if code else NO_TERM_LABEL


class BaseTerm(ValidityPeriodMixin, models.Model):
    """One naming of a base by the city: the batch, the naming document and the validity term.

    The latest term is the current one; earlier terms stay on record when a base is named
    again. Only city editors add or change terms (the naming is the city's decision)."""

    base = models.ForeignKey(
        InnovationBasePage, verbose_name="基地", on_delete=models.CASCADE, related_name="terms"
    )
    batch_year = models.PositiveSmallIntegerField(
        "命名批次（年）", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    document_title = models.CharField(
        "命名文件", max_length=200, help_text="例如 关于命名重庆市家庭教育创新实践基地的通知"
    )
    document_number = models.CharField(
        "文号", max_length=60, blank=True, help_text="文件上印的发文字号，没有可留空。"
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="文件原件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("base"),
        FieldPanel("batch_year"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("document_title"),
        FieldPanel("document_number"),
        FieldPanel("document"),
    ]

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = "命名与有效期"
        verbose_name_plural = "命名与有效期"
        constraints = [
            models.UniqueConstraint(fields=["base", "start_date"], name="bases_term_unique_start"),
        ]

    def __str__(self):
        return f"{self.base.title if self.base_id else ''} {self.start_date:%Y}—{self.end_date:%Y}"

    @property
    def term_text(self):
        return f"{self.start_date:%Y年%-m月%-d日}至{self.end_date:%Y年%-m月%-d日}"

    def collect_errors(self):
        errors = super().collect_errors()
        if self.base_id and self.start_date and self.end_date:
            overlapping = BaseTerm.objects.filter(
                base_id=self.base_id, start_date__lte=self.end_date, end_date__gte=self.start_date
            ).exclude(pk=self.pk)
            other = overlapping.first()
            if other is not None:
                errors["start_date"] = (
                    f"与这个基地已有的有效期（{other.start_date:%Y-%m-%d} 至 "
                    f"{other.end_date:%Y-%m-%d}）重叠；"
                    "再次命名请从上一期结束后开始。"
                )
        return errors


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

    base_form_class = YearlyReportPageForm

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


class YearlyReportPhoto(Orderable):
    page = ParentalKey(YearlyReportPage, related_name="photos", on_delete=models.CASCADE)
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name="照片", on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField("说明", max_length=120, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
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


# --- Revocation ----------------------------------------------------------------------------


class RevocationRequest(CollectErrorsMixin, models.Model):
    """A district's written request to revoke a base, and the city's decision on it.

    District reviewers file the request with its reason and document; a city editor records
    the decision. An approved request with its date is what makes a base 已撤销."""

    base = models.ForeignKey(
        InnovationBasePage,
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
    base_form_class = RevocationRequestForm
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


class DistrictReviewGroup(models.Model):
    """The reviewers of one district (区县妇联、教育部门): a Wagtail group "区县审核员：<区县>".

    Its members approve or return changes of that district's bases and reports, may publish
    them (Wagtail publishes on approval as the approver) and file revocation requests. Adding
    a user to the group in 设置 → 用户组 makes them a reviewer of the district."""

    district = models.CharField("区县", max_length=20, choices=DISTRICT_CHOICES, unique=True)
    group = models.OneToOneField(
        "auth.Group", verbose_name="审核员用户组", on_delete=models.CASCADE, related_name="review_district"
    )

    class Meta:
        verbose_name = "区县审核组"
        verbose_name_plural = "区县审核组"

    def __str__(self):
        return self.group.name


def reviewer_districts(user):
    """The districts whose bases ``user`` reviews."""
    if not (user and user.is_authenticated):
        return set()
    return set(DistrictReviewGroup.objects.filter(group__user=user).values_list("district", flat=True))


class BaseAccount(models.Model):
    """Links a base to its own account group and upload collection, so that permissions,
    uploads and review follow the base even if its name or the group's name changes."""

    base = models.OneToOneField(
        InnovationBasePage, verbose_name="基地", on_delete=models.CASCADE, related_name="account"
    )
    group = models.OneToOneField(
        "auth.Group", verbose_name="账号组", on_delete=models.CASCADE, related_name="+"
    )
    collection = models.ForeignKey(
        "wagtailcore.Collection", verbose_name="上传文件夹", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "基地账号组"
        verbose_name_plural = "基地账号组"

    def __str__(self):
        return self.group.name


# --- Review task ---------------------------------------------------------------------------------


def district_of_page(page):
    """The district whose reviewers review this page, or None for pages that are not a base's."""
    specific = page.specific_deferred if isinstance(page, Page) else page
    if isinstance(specific, InnovationBasePage):
        return specific.district
    if isinstance(specific, YearlyReportPage):
        base = InnovationBasePage.objects.filter(pk=page.get_parent().pk).only("district").first()
        return base.district if base else None
    return None


class DistrictReviewTask(Task):
    """A review step where only the reviewers of the base's own district (its
    DistrictReviewGroup) may approve or return a change to a base or a report; city editors
    who may publish (Moderators) and superusers can step in.

    Not a GroupApprovalTask: its reviewers depend on the page, so a fixed list of groups (and
    Wagtail's e-mail to all of them) would be wrong; bases.signals e-mails the district's
    reviewers instead."""

    class Meta:
        verbose_name = "区县审核（按基地所在区县）"
        verbose_name_plural = "区县审核（按基地所在区县）"

    @classmethod
    def get_description(cls):
        return "所选用户组中负责该基地所在区县的审核员（以及市级编辑）可以通过或退回。"

    def user_can_review(self, obj, user):
        if not (user and user.is_active):
            return False
        if user.is_superuser:
            return True
        district = district_of_page(obj) if isinstance(obj, Page) else None
        if district is not None and district in reviewer_districts(user):
            return True
        # City editors who may publish (Wagtail's Moderators) can step in for any district.
        return (
            can_manage_bases(user) and isinstance(obj, Page) and obj.permissions_for_user(user).can_publish()
        )

    def user_can_access_editor(self, obj, user):
        return self.user_can_review(obj, user)

    def locked_for_user(self, obj, user):
        return not self.user_can_review(obj, user)

    def user_can_lock(self, obj, user):
        return self.user_can_review(obj, user)

    def get_actions(self, obj, user):
        if self.user_can_review(obj, user):
            return [
                ("reject", "退回修改", True),
                ("approve", "通过", False),
                ("approve", "通过并留言", True),
            ]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        if not (user and user.is_active):
            return TaskState.objects.none()
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return states
        return states.filter(revision__object_id__in=reviewable_page_ids(user))


def reviewable_page_ids(user):
    """Ids (as strings, like Revision.object_id) of the bases and reports ``user`` may review."""
    from wagtail.permission_policies.pages import PagePermissionPolicy

    bases = InnovationBasePage.objects.filter(district__in=reviewer_districts(user))
    if can_manage_bases(user):
        publishable = PagePermissionPolicy().instances_user_has_permission_for(user, "publish")
        bases = InnovationBasePage.objects.filter(pk__in=publishable.values("pk")) | bases
    ids = []
    for base in bases.only("path", "depth"):
        ids.extend(
            str(pk) for pk in Page.objects.descendant_of(base, inclusive=True).values_list("pk", flat=True)
        )
    return ids


# Practice sites and the map (their own module; imported here so Django registers the models).
from .sites import *  # noqa: E402,F403


def all_expired_note(today=None):
    """What the public list and the map say when no published base is currently valid, e.g.
    after a batch's term ended and before the next batch is published; empty otherwise."""
    today = today or timezone.localdate()
    published = InnovationBasePage.objects.live().public()
    current = [BaseStatus.VALID.value, BaseStatus.EXPIRING.value]
    if published.with_status(today).filter(annotated_status__in=current).exists():
        return ""
    last = BaseTerm.objects.filter(base__in=published).order_by("-end_date", "-pk").first()
    if last is None or last.end_date >= today:
        return ""
    return (
        f"{last.batch_year} 年命名的创新实践基地有效期已于 {last.end_date:%Y年%-m月%-d日}结束；"
        "新一批基地的命名尚未公布，公布后将在这里列出。"
    )
