import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from bases.models.sites import OpenDay
from home.signup.models import SignupWindow
from resources.models import CourseSession
from tests.factories import CoursePageFactory, PracticeSitePageFactory, build_bases, build_map, build_site


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def make_open_day_window(site, *, places=10, waitlist=5, days_ahead=7, opens_ago=1, **window):
    start = timezone.now() + datetime.timedelta(days=days_ahead)
    day = OpenDay.objects.create(
        page=site,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        audience="小学生及家长",
        capacity=places,
    )
    return SignupWindow.objects.create(
        open_day=day,
        opens_at=timezone.now() - datetime.timedelta(days=opens_ago),
        closes_at=start - datetime.timedelta(hours=1),
        waitlist_places=waitlist,
        **window,
    )


def make_session_window(course, starts_at, *, hours=2, places=30):
    session = CourseSession.objects.create(
        page=course, starts_at=starts_at, class_hours=Decimal(hours), venue="科学城某社区学校（示例）"
    )
    return SignupWindow.objects.create(
        session=session,
        opens_at=starts_at - datetime.timedelta(days=30),
        closes_at=starts_at - datetime.timedelta(hours=1),
        places=places,
    )


@pytest.fixture
def tree(db):
    home, courses, _lessons = build_site()
    _base_index, bases = build_bases(home, count=2)
    map_index, _ = build_map(home)
    site = PracticeSitePageFactory(
        parent=map_index,
        base=bases[0],
        location_precision="exact",
        latitude=Decimal("29.563010"),
        longitude=Decimal("106.551557"),
        address="测试路 1 号",
    )
    other_site = PracticeSitePageFactory(parent=map_index, base=bases[1])
    course = CoursePageFactory(parent=courses, title="科学城家长夜校")
    return {
        "home": home,
        "bases": bases,
        "site": site,
        "other_site": other_site,
        "course": course,
    }


@pytest.fixture
def window(tree):
    return make_open_day_window(tree["site"])


def form_data(**changes):
    data = {
        "name": "示例家长",
        "mobile": "13800138000",
        "adults": "1",
        "children": "1",
        "age_stage": "",
        "consent": "on",
        "website": "",
        "nonce": "",
    }
    data.update(changes)
    return data
