"""Open days as iCalendar (RFC 5545), so a parent can add one to the phone's calendar or subscribe
to all of them. Times are sent in settings.TIME_ZONE with its VTIMEZONE; UIDs are stable (the open
day's id and the site's host), so a calendar that subscribes updates events instead of
duplicating them."""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from ..models.sites import OpenDay, PracticeSitePage
from .geo import gcj02_to_wgs84

PRODID = "-//家庭教育资源平台//实践点位开放日//ZH"


def upcoming_open_days_of(site_ids, now):
    """Open days of these sites that have not ended, soonest first, each with its site (one query)."""
    live = PracticeSitePage.objects.live().public().values("pk")
    return list(
        OpenDay.objects.filter(page_id__in=site_ids, page__in=live, ends_at__gte=now)
        .select_related("page", "page__category")
        .order_by("starts_at", "pk")
    )


def _uid_host():
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"


def _location(site):
    if site.address:
        return f"{site.address}（{site.district_label}）"
    return f"{site.title}（{site.district_label}，具体地址请向点位咨询）"


def _description(day, site, url):
    lines = [f"面向：{day.audience}", f"名额：{day.capacity_text}"]
    if day.sign_up:
        lines.append(f"报名方式：{day.sign_up}")
    if day.sign_up_url:
        lines.append(f"报名链接：{day.sign_up_url}")
    lines.append(site.appointment_label + ("，有无障碍设施" if site.barrier_free else ""))
    if site.contact_phone:
        lines.append(f"联系电话：{site.contact_phone}")
    if day.is_example or site.is_example:
        lines.append("（示例内容，仅用于演示，尚未核实）")
    lines.append(f"详情：{url}")
    return "\n".join(lines)


def open_day_event(day, site, request, stamp):
    url = site.get_full_url(request)
    event = Event()
    event.add("uid", f"openday-{day.pk}@{_uid_host()}")
    event.add("dtstamp", stamp)
    event.add("dtstart", timezone.localtime(day.starts_at))
    event.add("dtend", timezone.localtime(day.ends_at))
    prefix = "【示例】" if day.is_example or site.is_example else ""
    event.add("summary", f"{prefix}{site.title}：{day.display_title}")
    event.add("location", _location(site))
    event.add("description", _description(day, site, url))
    event.add("url", url)
    event.add("categories", [site.category.name])
    if site.has_exact_location:
        lat, lng = gcj02_to_wgs84(site.latitude, site.longitude)
        event.add("geo", (round(lat, 6), round(lng, 6)))
    return event


def calendar_for(name, open_days, request):
    """The .ics bytes of ``open_days`` (each with ``.page`` loaded)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    for day in open_days:
        calendar.add_component(open_day_event(day, day.page, request, stamp))
    calendar.add_missing_timezones(first_date=datetime.date(2000, 1, 1))
    return calendar.to_ical()
