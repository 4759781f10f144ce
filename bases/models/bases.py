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

from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, IntegerField, OuterRef, Subquery, Value, When
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    TitleFieldPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from home.base_page import BasePage, ListingQuerySetMixin, by_path
from home.blocks import BodyBlock

from ..admin.panels import TermsPanel
from ..choices import NO_TERM_LABEL, STATUS_ORDER, BaseKind, BaseStatus, RevocationStatus
from ..districts import DISTRICT_ORDER
from ..filters import BaseFilter
from ..mixins import ContactMixin, LocationMixin, ValidityPeriodMixin
from ..permissions import MANAGE_PERMISSION, can_manage_bases  # noqa: F401  (re-exported)
from ..status import compute_status, expiring_window_end
from .reports import YearlyReportPage
from .revocation import RevocationRequest

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
    base_form_class = by_path("bases.forms.InnovationBasePageForm")

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
