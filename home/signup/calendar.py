"""One event as .ics (for phones that open it) and as plain text to copy into a calendar by hand
(WeChat's in-app browser often cannot open .ics files)."""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

PRODID = "-//家庭教育资源平台//活动报名//ZH"


def event_text(window):
    lines = [
        f"活动：{'【示例】' if window.is_example else ''}{window.event_title}",
        f"时间：{window.when_text}",
        f"地点：{window.place_text}",
    ]
    return "\n".join(lines)


def event_ics(window, request):
    host = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"signup-window-{window.pk}@{host}")
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC).replace(microsecond=0))
    event.add("dtstart", timezone.localtime(window.starts_at))
    event.add("dtend", timezone.localtime(window.ends_at))
    event.add("summary", f"{'【示例】' if window.is_example else ''}{window.event_title}")
    event.add("location", window.place_text)
    event.add("description", event_text(window) + f"\n详情：{window.page.get_full_url(request)}")
    calendar.add_component(event)
    return calendar.to_ical()
