from django import forms
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.viewsets.model import ModelViewSet

from bases.models import OpenDay
from resources.models import CourseSession

from .admin_views import SignupsViewSet
from .models import SignupWindow


class SignupWindowForm(WagtailAdminModelForm):
    """Events to choose from are named with their site or course; only those not yet ended
    (plus the one already chosen)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        now = timezone.now()
        instance = self.instance
        open_days = OpenDay.objects.filter(ends_at__gte=now)
        sessions = CourseSession.objects.filter(starts_at__gte=now)
        if instance.open_day_id:
            open_days = open_days | OpenDay.objects.filter(pk=instance.open_day_id)
        if instance.session_id:
            sessions = sessions | CourseSession.objects.filter(pk=instance.session_id)
        field = self.fields["open_day"]
        field.queryset = open_days.select_related("page").order_by("starts_at", "pk")
        field.label_from_instance = lambda day: f"{day.page.title}：{day}"
        field = self.fields["session"]
        field.queryset = sessions.select_related("page").order_by("starts_at", "pk")
        field.label_from_instance = lambda s: (
            f"{s.page.title}：{s.title or '一次课'}（{timezone.localtime(s.starts_at):%Y-%m-%d %H:%M}）"
        )
        for name in ("open_day", "session"):
            self.fields[name].widget = forms.Select(choices=self.fields[name].choices)


class SignupWindowViewSet(ModelViewSet):
    model = SignupWindow
    icon = "date"
    menu_label = "报名设置"
    menu_order = 251
    add_to_admin_menu = True
    name = "signup_windows"
    list_display = ["__str__", "opens_at", "closes_at", "places", "waitlist_places"]
    inspect_view_enabled = False
    # The model's panels with this form (a viewset's own edit handler, not an attribute set on the model).
    edit_handler = ObjectList(SignupWindow.panels, base_form_class=SignupWindowForm)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [SignupsViewSet(), SignupWindowViewSet()]
