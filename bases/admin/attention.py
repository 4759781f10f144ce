"""What city editors need to act on: bases expiring soon, yearly reports due or overdue,
changes waiting for review, and revocation requests. One source for the dashboard panel and
the report view (with its XLSX/CSV download), so the two always agree."""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, TaskState

from ..choices import BaseStatus, ReportState, RevocationStatus
from ..districts import DISTRICT_ORDER, district_name
from ..models import (
    DistrictReviewTask,
    InnovationBasePage,
    RevocationRequest,
    YearlyReportPage,
    can_manage_bases,
    report_state,
)


class Category:
    EXPIRED = "expired"
    EXPIRING = "expiring"
    REPORTS = "reports"
    REVIEWS = "reviews"
    REVOCATIONS = "revocations"

    LABELS = {
        EXPIRED: "已到期未续期的基地",
        EXPIRING: "6 个月内到期的基地",
        REPORTS: "今年应交或逾期的年度报告",
        REVIEWS: "待审核的修改",
        REVOCATIONS: "撤销申请",
    }
    ORDER = [EXPIRED, EXPIRING, REPORTS, REVIEWS, REVOCATIONS]


@dataclass
class AttentionItem:
    category: str
    base_title: str
    district: str
    detail: str
    date: datetime.date | None
    admin_url: str

    @property
    def category_label(self):
        return Category.LABELS[self.category]

    @property
    def district_label(self):
        return district_name(self.district)

    @property
    def date_text(self):
        return self.date.isoformat() if self.date else ""


def _bases_with_status(today, category, status, detail):
    """Bases whose status today is ``status``, latest term's end first, as ``category`` items
    whose text is ``detail(base)``."""
    bases = InnovationBasePage.objects.with_status(today).filter(annotated_status=status.value)
    return [
        AttentionItem(
            category,
            base.title,
            base.district,
            detail(base),
            base.term_end,
            reverse("wagtailadmin_pages:edit", args=[base.pk]),
        )
        for base in bases.order_by("term_end", "title")
    ]


def expired_bases(today):
    """Bases whose latest term has ended with no new term recorded (a renewal adds one)."""
    return _bases_with_status(
        today,
        Category.EXPIRED,
        BaseStatus.EXPIRED,
        lambda base: f"有效期已于 {base.term_end:%Y-%m-%d} 结束，尚未登记新的命名批次",
    )


def expiring_bases(today):
    return _bases_with_status(
        today,
        Category.EXPIRING,
        BaseStatus.EXPIRING,
        lambda base: f"有效期至 {base.term_end:%Y-%m-%d}，还剩 {(base.term_end - today).days} 天",
    )


def report_years(today):
    """The years whose reports matter now: this year's (due 31 December) and last year's
    (overdue from 1 January if it was never approved)."""
    return [today.year - 1, today.year]


def reports_due(today):
    """One item for every base that owed a report for last year or owes one for this year and
    has no approved report for it yet. A base owes a report for a year its term covers, unless
    it was revoked before that year's due date."""
    years = report_years(today)
    bases = list(
        InnovationBasePage.objects.prefetch_related("terms")
        .order_by("title")
        .only("pk", "title", "district", "path")
    )
    revoked = {}
    for request in RevocationRequest.objects.filter(
        status=RevocationStatus.APPROVED, revoked_on__isnull=False
    ):
        revoked.setdefault(request.base_id, []).append(request.revoked_on)
    reports = {}
    for report in YearlyReportPage.objects.filter(year__in=years).prefetch_workflow_states():
        reports[(report.path[: -Page.steplen], report.year)] = report

    items = []
    for base in bases:
        for year in years:
            due = datetime.date(year, 12, 31)
            covered = any(
                term.start_date <= due and term.end_date >= datetime.date(year, 1, 1)
                for term in base.terms.all()
            )
            if not covered or any(day <= due for day in revoked.get(base.pk, [])):
                continue
            report = reports.get((base.path, year))
            state = report_state(report) if report else None
            if state == ReportState.APPROVED:
                continue
            overdue = today > due
            where = f"（{ReportState(state).label}）" if state else "（尚未填写）"
            detail = f"{year} 年度报告{'已逾期' if overdue else '待提交'}，截止 {due:%Y-%m-%d}{where}"
            url = (
                reverse("wagtailadmin_pages:edit", args=[report.pk])
                if report
                else reverse("wagtailadmin_pages:edit", args=[base.pk])
            )
            items.append(AttentionItem(Category.REPORTS, base.title, base.district, detail, due, url))
    items.sort(key=lambda item: (item.date, DISTRICT_ORDER.get(item.district, 99), item.base_title))
    return items


@dataclass
class Review:
    """A change waiting in the district review: its task state, the page (specific) and the
    base it is about (the page itself, or the base a yearly report belongs to; None for other
    pages)."""

    state: TaskState
    page: Page
    base: InnovationBasePage | None

    @property
    def district(self):
        return self.base.district if self.base else None


def reviews_in_progress(states=None):
    """The reviews in progress among ``states`` (by default every district review), oldest
    first, as ``Review``s: the city's attention list and the reviewer's dashboard. A fixed number
    of queries whatever their number: the task states with their revisions and authors, the
    pages (one query per page type) and the bases of the reports."""
    if states is None:
        states = TaskState.objects.filter(task__in=DistrictReviewTask.objects.all())
    states = (
        states.filter(status=TaskState.STATUS_IN_PROGRESS)
        .select_related("revision", "revision__user")
        .prefetch_related("revision__content_object")
        .order_by("started_at")
    )
    reviews = [
        Review(state, page, page if isinstance(page, InnovationBasePage) else None)
        for state in states
        if isinstance(page := state.revision.content_object, Page)
    ]
    parent_paths = {
        review.page.path[: -Page.steplen] for review in reviews if isinstance(review.page, YearlyReportPage)
    }
    if parent_paths:
        bases = {base.path: base for base in InnovationBasePage.objects.filter(path__in=parent_paths)}
        for review in reviews:
            if isinstance(review.page, YearlyReportPage):
                review.base = bases.get(review.page.path[: -Page.steplen])
    return reviews


def pending_reviews(user):
    """Changes to bases and reports waiting in the review workflow: all of them for city
    editors (who oversee the districts' reviewers), those they may act on for others."""
    states = None if can_manage_bases(user) else TaskState.objects.reviewable_by(user)
    items = []
    for review in reviews_in_progress(states):
        state, page, base = review.state, review.page, review.base
        if base is None:
            continue
        what = "基地资料修改" if page is base else f"{page.year} 年度工作报告"
        who = state.revision.user.get_username() if state.revision.user else ""
        items.append(
            AttentionItem(
                Category.REVIEWS,
                base.title,
                base.district,
                f"{what}，{who} 提交于 {state.started_at:%Y-%m-%d}",
                state.started_at.date(),
                reverse("wagtailadmin_pages:edit", args=[page.pk]),
            )
        )
    return items


def revocation_requests():
    requests = RevocationRequest.objects.filter(status=RevocationStatus.PENDING).select_related("base")
    return [
        AttentionItem(
            Category.REVOCATIONS,
            request.base.title,
            request.base.district,
            f"待核准：{request.reason[:40]}",
            request.created_at.date(),
            reverse("wagtailsnippets_bases_revocationrequest:edit", args=[request.pk]),
        )
        for request in requests
    ]


def attention_items(user, today=None, categories=None):
    """{category: [AttentionItem]} in display order."""
    today = today or timezone.localdate()
    categories = categories or Category.ORDER
    builders = {
        Category.EXPIRED: lambda: expired_bases(today),
        Category.EXPIRING: lambda: expiring_bases(today),
        Category.REPORTS: lambda: reports_due(today),
        Category.REVIEWS: lambda: pending_reviews(user),
        Category.REVOCATIONS: revocation_requests,
    }
    return {category: builders[category]() for category in Category.ORDER if category in categories}
