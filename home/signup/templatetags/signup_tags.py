from django import template
from django.utils import timezone

from ..directions import map_links
from ..models import SignupWindow

register = template.Library()


@register.simple_tag
def signup_windows(open_days=None, sessions=None):
    """{event pk: window} for the open days or course sessions shown, in one query, for the
    sign-up buttons; only windows whose event has not started."""
    now = timezone.now()
    if open_days is not None:
        ids = [day.pk for day in open_days if day.pk]
        windows = SignupWindow.objects.filter(open_day_id__in=ids, open_day__starts_at__gt=now)
        return {w.open_day_id: w for w in windows}
    ids = [session.pk for session in sessions or [] if session.pk]
    windows = SignupWindow.objects.filter(session_id__in=ids, session__starts_at__gt=now)
    return {w.session_id: w for w in windows}


@register.filter
def window_for(windows, pk):
    return windows.get(pk) if windows else None


@register.simple_tag
def navigation_links(place):
    """Links to the map apps for a place with an exact location; [] otherwise."""
    if not getattr(place, "has_exact_location", False):
        return []
    return map_links(place.title, place.latitude, place.longitude, getattr(place, "address", ""))
