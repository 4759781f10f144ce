"""The organisers' side in the Wagtail admin: the events with sign-ups, each event's list,
its export (XLSX / CSV) and check-in (签到) on a phone by code or name."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from resources.validation import school_year_of

from . import export, services
from .access import can_see_signups, is_signup_editor, visible_windows
from .models import SignupStatus
from .stats import night_school_stats

WINDOW_RELATED = ("open_day", "open_day__page", "session", "session__page")


class SignupAccessMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_see_signups(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_window(self):
        windows = visible_windows(self.request.user).select_related(*WINDOW_RELATED)
        window = windows.filter(pk=self.kwargs["pk"]).first()
        if window is None:
            raise PermissionDenied
        return window


class EventsView(SignupAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "signup/admin/events.html"
    page_title = "活动报名"
    header_icon = "form"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        windows = (
            visible_windows(self.request.user)
            .select_related(*WINDOW_RELATED)
            .annotate(
                confirmed=Count("signups", filter=Q(signups__status=SignupStatus.CONFIRMED)),
                waitlisted=Count("signups", filter=Q(signups__status=SignupStatus.WAITLISTED)),
                attended=Count("signups", filter=Q(signups__attended_at__isnull=False)),
            )
            .order_by("-opens_at", "-pk")
        )
        context["windows"] = windows
        context["can_see_stats"] = is_signup_editor(self.request.user)
        return context


class EventSignupsView(SignupAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "signup/admin/event.html"
    header_icon = "form"

    @property
    def page_title(self):
        return "报名名单"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        window = self.get_window()
        signups = window.signups.select_related("age_stage").order_by("status", "created_at", "pk")
        context.update(
            window=window, signups=signups, counts=window.counts(), page_subtitle=window.event_title
        )
        return context


class CheckInView(SignupAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "signup/admin/checkin.html"
    header_icon = "tick"
    page_title = "签到"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        window = self.get_window()
        query = " ".join(self.request.GET.get("q", "").split())[:20]
        found = []
        if query:
            found = list(
                window.signups.filter(Q(code__iexact=query) | Q(name__contains=query))
                .exclude(status=SignupStatus.CANCELLED)
                .order_by("name", "pk")[:20]
            )
        context.update(window=window, query=query, found=found, searched=bool(query))
        return context

    def post(self, request, *args, **kwargs):
        window = self.get_window()
        raw = request.POST.get("signup", "")
        signup = window.signups.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) < 12 else None
        target = reverse("signups:checkin", args=[window.pk])
        if signup is None:
            messages.error(request, "没有找到这条报名。")
            return redirect(target)
        try:
            recorded = services.check_in(signup, request.user)
        except services.SignupError as exc:
            messages.error(request, exc.message)
        else:
            if recorded:
                messages.success(request, f"{signup.name}（{signup.code}）签到成功。")
            else:
                messages.warning(request, f"{signup.name}（{signup.code}）已经签到过了。")
        return redirect(target + "?q=" + signup.code)


def export_view(request, pk, fmt):
    if not can_see_signups(request.user):
        raise PermissionDenied
    window = visible_windows(request.user).select_related(*WINDOW_RELATED).filter(pk=pk).first()
    if window is None:
        raise PermissionDenied
    signups = window.signups.select_related("age_stage").order_by("status", "created_at", "pk")
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        response = HttpResponse(export.as_csv(signups), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            export.as_xlsx(signups, window.event_title),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="signups-{window.pk}-{stamp}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


class NightSchoolStatsView(WagtailAdminTemplateMixin, TemplateView):
    """Editors only: parents who reached 4 class-hours in a school year, overall and per course."""

    template_name = "signup/admin/night_school.html"
    header_icon = "doc-full"
    page_title = "家长夜校统计"

    def dispatch(self, request, *args, **kwargs):
        if not is_signup_editor(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def year(self):
        current = school_year_of(timezone.now())
        raw = self.request.GET.get("year", "")
        return int(raw) if raw.isdigit() and 2000 <= int(raw) <= current + 1 else current

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "csv":
            stats = night_school_stats(self.year())
            rows = [["学年", "课程", "参加家长（人）", "达到 4 课时（人）"]]
            rows += [
                [f"{stats['year']}-{stats['year'] + 1}", r["course"], r["parents"], r["reached"]]
                for r in stats["courses"]
            ]
            rows.append([f"{stats['year']}-{stats['year'] + 1}", "合计", stats["parents"], stats["reached"]])
            response = HttpResponse(export.rows_as_csv(rows), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="night-school-{stats["year"]}.csv"'
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.year()
        current = school_year_of(timezone.now())
        context.update(stats=night_school_stats(year), years=range(current, current - 5, -1), year=year)
        return context


class SignupsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_signups(request.user)


class SignupsViewSet(ViewSet):
    name = "signups"
    url_prefix = "signups"
    menu_label = "活动报名"
    menu_icon = "form"
    menu_order = 250
    menu_item_class = SignupsMenuItem
    add_to_admin_menu = True

    def get_urlpatterns(self):
        return [
            path("", EventsView.as_view(), name="index"),
            path("<int:pk>/", EventSignupsView.as_view(), name="event"),
            path("<int:pk>/checkin/", CheckInView.as_view(), name="checkin"),
            path("<int:pk>/export.csv", export_view, {"fmt": "csv"}, name="export_csv"),
            path("<int:pk>/export.xlsx", export_view, {"fmt": "xlsx"}, name="export_xlsx"),
            path("night-school/", NightSchoolStatsView.as_view(), name="night_school"),
        ]
