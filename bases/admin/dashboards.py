"""The admin dashboard by role (Wagtail's construct_homepage_panels hook):

- a base's account: "我的基地" — its status and term, this year's report (due 31 December,
  days left, a button that starts or continues it), its changes waiting for review and the
  reviewer's comments on those returned;
- a district reviewer: its district's submissions with a link to Wagtail's comparison of the
  change against the published version (approve/return in place stay in Wagtail's own
  "等待你审核" panel), and open revocation requests of its district;
- a city editor: five lines, each a count and a link — bases expired and not renewed, bases
  expiring within 6 months, reports overdue, practice sites short of open days this semester,
  this week's searches that found nothing.

Wagtail's other panels (page counts, recent edits, locked pages …) are left out for these roles.
"""

import datetime

from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState

from search.models import SearchTermWeek, week_start

from ..choices import BaseStatus, ReportState, RevocationStatus
from ..models import (
    BaseAccount,
    RevocationRequest,
    YearlyReportPage,
    can_manage_bases,
    can_manage_sites,
    report_state,
    reviewer_districts,
)
from ..sites.admin import current_semester, short_sites
from .attention import Category, expired_bases, expiring_bases, reports_due, reviews_in_progress
from .views import report_url

# Wagtail's panels that stay: approve/return in place for those who review.
KEPT_PANELS = {"workflow_objects_to_moderate"}


def base_of(user):
    """The base whose account group ``user`` belongs to, or None."""
    if not user.is_authenticated:
        return None
    account = BaseAccount.objects.filter(group__user=user).select_related("base").first()
    return account.base.specific if account else None


def _report_add_url(base):
    return reverse("wagtailadmin_pages:add", args=["bases", "yearlyreportpage", base.pk])


class RolePanel(Component):
    """A dashboard panel of one role: built with the request and what the role is about (a base,
    districts), given as keyword arguments and kept as attributes."""

    name = ""
    template_name = ""
    order = 50

    def __init__(self, request, **subject):
        self.request = request
        for key, value in subject.items():
            setattr(self, key, value)


class BaseDashboardPanel(RolePanel):
    name = "my_base"
    template_name = "bases/admin/dashboard_base.html"
    base = None

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        base = self.base
        info = base.status_info(today)
        year = today.year
        due = datetime.date(year, 12, 31)
        term = info.term
        covered = term is not None and term.start_date <= due and term.end_date >= datetime.date(year, 1, 1)
        report = YearlyReportPage.objects.child_of(base).filter(year=year).first()
        state = report_state(report) if report else None
        pages = [base.pk, *YearlyReportPage.objects.child_of(base).values_list("pk", flat=True)]
        states = (
            WorkflowState.objects.filter(
                base_content_type__model="page",
                object_id__in=[str(pk) for pk in pages],
                status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES],
            )
            .select_related("current_task_state__task")
            .order_by("-created_at")
        )
        waiting, returned = [], []
        titles = {page.pk: page for page in Page.objects.filter(pk__in=pages).specific()}
        for state_row in states:
            page = titles.get(int(state_row.object_id))
            if page is None:
                continue
            entry = {
                "title": page.get_admin_display_title(),
                "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
                "since": state_row.created_at,
            }
            if state_row.status == WorkflowState.STATUS_IN_PROGRESS:
                waiting.append(entry)
            else:
                task_state = state_row.current_task_state
                entry["comment"] = (task_state.get_comment() if task_state else "") or "（审核人没有留言）"
                entry["when"] = task_state.finished_at if task_state else None
                returned.append(entry)
        return {
            **super().get_context_data(parent_context),
            "base": base,
            "status_label": info.label,
            "status_code": info.code,
            "term": term,
            "year": year,
            "due": due,
            "days_left": (due - today).days,
            "report_needed": covered and info.code != BaseStatus.REVOKED,
            "report": report,
            "report_state": ReportState(state).label if state else "",
            "report_done": state in (ReportState.APPROVED, ReportState.SUBMITTED),
            "report_url": (
                reverse("wagtailadmin_pages:edit", args=[report.pk]) if report else _report_add_url(base)
            ),
            "waiting": waiting,
            "returned": returned,
            "edit_url": reverse("wagtailadmin_pages:edit", args=[base.pk]),
        }


class ReviewerDashboardPanel(RolePanel):
    name = "district_reviews"
    template_name = "bases/admin/dashboard_reviewer.html"
    order = 60
    districts = ()

    def get_context_data(self, parent_context):
        submissions = []
        for review in reviews_in_progress():
            if review.district not in self.districts:
                continue
            state, page = review.state, review.page
            compare_from = "live" if page.live else "earliest"
            submissions.append(
                {
                    "title": page.get_admin_display_title(),
                    "who": state.revision.user.get_username() if state.revision.user else "",
                    "since": state.started_at,
                    "compare_url": reverse(
                        "wagtailadmin_pages:revisions_compare",
                        args=[page.pk, compare_from, state.revision_id],
                    ),
                    "review_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
                }
            )
        revocations = (
            RevocationRequest.objects.filter(
                status=RevocationStatus.PENDING, base__district__in=self.districts
            )
            .select_related("base")
            .order_by("created_at")
        )
        return {
            **super().get_context_data(parent_context),
            "submissions": submissions,
            "revocations": [
                {
                    "base": request.base.title,
                    "reason": request.reason[:60],
                    "since": request.created_at,
                    "url": reverse("wagtailsnippets_bases_revocationrequest:edit", args=[request.pk]),
                }
                for request in revocations
            ],
            "revocations_url": reverse("wagtailsnippets_bases_revocationrequest:list"),
        }


class EditorDashboardPanel(RolePanel):
    name = "city_editor_actions"
    template_name = "bases/admin/dashboard_editor.html"

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        overdue = [item for item in reports_due(today) if item.date < today]
        semester = current_semester()
        week = week_start(timezone.localdate())
        zero = SearchTermWeek.objects.filter(week=week, zero_results__gt=0).count()
        lines = [
            ("expired", Category.LABELS[Category.EXPIRED], len(expired_bases(today)), report_url("expired")),
            (
                "expiring",
                Category.LABELS[Category.EXPIRING],
                len(expiring_bases(today)),
                report_url("expiring"),
            ),
            ("overdue", "逾期未交的年度报告", len(overdue), report_url("reports")),
            (
                "zero_searches",
                "本周没有结果的搜索词",
                zero,
                f"{reverse('search_terms_report')}?week={week.isoformat()}&zero=on",
            ),
        ]
        if can_manage_sites(self.request.user):
            lines.insert(
                3,
                (
                    "open_days",
                    f"开放日不足的实践点位（{semester.label}）",
                    short_sites(semester).count(),
                    reverse("practice_sites_report:index"),
                ),
            )
        return {
            **super().get_context_data(parent_context),
            "lines": [
                {"key": key, "label": label, "count": count, "url": url} for key, label, count, url in lines
            ],
        }


def dashboard_panels(request, panels):
    """Replace the dashboard's panels by the ones of the user's role (see the module's doc)."""
    user = request.user
    if can_manage_bases(user):
        mine = [EditorDashboardPanel(request)]
    elif districts := reviewer_districts(user):
        mine = [ReviewerDashboardPanel(request, districts=districts)]
    elif base := base_of(user):
        mine = [BaseDashboardPanel(request, base=base)]
    else:
        return
    panels[:] = mine + [panel for panel in panels if getattr(panel, "name", "") in KEPT_PANELS]
