"""The public form: validation in Chinese, the waitlist, duplicates, double submits, the
honeypot, rate limits and the personal link."""

import datetime
import re
import threading

import pytest
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from home.signup import security, services, views
from home.signup.models import Signup, SignupStatus

from .conftest import form_data, make_open_day_window

pytestmark = pytest.mark.django_db


def post(client, window, **changes):
    return client.post(reverse("signup:form", args=[window.pk]), form_data(**changes))


def test_form_shows_event_places_and_privacy_notice(client, window):
    response = client.get(reverse("signup:form", args=[window.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "剩余 10" in text
    assert "个人信息说明" in text and "天后" in text and "编辑" in text
    assert response["Cache-Control"] == "private, no-store"


def test_sign_up_redirects_to_personal_page_with_code(client, window):
    response = post(client, window, mobile="+86 138-0013-8000")
    assert response.status_code == 302
    signup = Signup.objects.get()
    assert signup.status == SignupStatus.CONFIRMED
    assert signup.mobile == "13800138000"
    assert re.fullmatch(r"[A-Z0-9]{6}", signup.code)
    page = client.get(response["Location"])
    text = page.content.decode()
    assert page.status_code == 200
    assert "报名成功" in text and signup.code in text
    assert "138****8000" in text
    # Only the hash of the personal token is stored.
    token = response["Location"].split("/")[3]
    assert signup.token_hash == security.token_hash(token)
    assert token not in str(Signup.objects.values().get())


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "请填写家长姓名。"),
        ({"name": "长" * 21}, "姓名最多 20 个字。"),
        ({"mobile": ""}, "请填写手机号。"),
        ({"mobile": "12345678901"}, "请填写 11 位中国大陆手机号码"),
        ({"mobile": "1380013800"}, "请填写 11 位中国大陆手机号码"),
        ({"mobile": "1" * 30}, "请填写 11 位中国大陆手机号码"),
        ({"adults": "9"}, "成人人数为 1 到 4 人。"),
        ({"consent": ""}, "请阅读个人信息说明并勾选同意"),
        ({"age_stage": "99999"}, "请从列表中选择孩子的年龄段。"),
    ],
)
def test_bad_input_gets_chinese_message_and_saves_nothing(client, window, changes, message):
    response = post(client, window, **changes)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Signup.objects.count() == 0


def test_not_yet_open_closed_and_past_events_refuse(client, tree):
    later = make_open_day_window(tree["site"], opens_ago=-1)
    response = post(client, later)
    assert response.status_code == 409
    assert "报名还没有开始" in response.content.decode()
    closed = make_open_day_window(tree["site"], days_ahead=7)
    closed.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    closed.opens_at = timezone.now() - datetime.timedelta(days=2)
    closed.save()
    response = post(client, closed, mobile="13900139000")
    assert response.status_code == 409
    assert "报名已经截止" in response.content.decode()
    assert Signup.objects.count() == 0


def test_form_is_hidden_outside_the_window(client, tree):
    later = make_open_day_window(tree["site"], opens_ago=-1)
    text = client.get(reverse("signup:form", args=[later.pk])).content.decode()
    assert "开始报名" in text and '<form method="post" class="signup-form"' not in text


def test_full_event_waitlists_then_refuses(client, tree):
    window = make_open_day_window(tree["site"], places=1, waitlist=1)
    assert post(client, window, mobile="13800000001").status_code == 302
    assert post(client, window, mobile="13800000002").status_code == 302
    response = post(client, window, mobile="13800000003")
    assert response.status_code == 409
    assert "名额已满，候补也已排满" in response.content.decode()
    statuses = sorted(Signup.objects.values_list("status", flat=True))
    assert statuses == ["confirmed", "waitlisted"]


def test_same_mobile_cannot_sign_up_twice(client, window):
    assert post(client, window).status_code == 302
    response = post(client, window, mobile="138 0013 8000", name="另一个名字")
    assert response.status_code == 409
    assert "这个手机号已经报名了这个活动" in response.content.decode()
    assert Signup.objects.count() == 1


def test_database_refuses_two_active_signups_of_one_number(window):
    services.sign_up(window.pk, name="示例甲", mobile="13800138000", adults=1, children=1)
    first = Signup.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Signup.objects.create(
            window=window,
            name="示例乙",
            mobile="13800138000",
            mobile_hash=first.mobile_hash,
            status=SignupStatus.WAITLISTED,
            code="ACDEFG",
            consented_at=timezone.now(),
        )


def test_mobile_hash_is_keyed(window, settings):
    digest = security.mobile_hash("13800138000")
    settings.SIGNUP_HASH_KEY = "another-key"
    assert security.mobile_hash("13800138000") != digest
    assert len(digest) == 64


def test_double_submit_makes_one_signup_and_the_same_confirmation(client, window):
    first = post(client, window, nonce="same-form")
    second = post(client, window, nonce="same-form")
    assert first.status_code == second.status_code == 302
    assert first["Location"].split("?")[0] == second["Location"].split("?")[0]
    assert Signup.objects.count() == 1


def test_honeypot_saves_nothing(client, window):
    response = post(client, window, website="http://spam.example")
    assert response.status_code == 400
    assert "提交失败" in response.content.decode()
    assert Signup.objects.count() == 0


@override_settings(SIGNUP_RATE_LIMIT_PER_ADDRESS=3)
def test_rate_limit_per_address(client, window):
    for n in range(3):
        assert post(client, window, mobile=f"1380000000{n}").status_code == 302
    response = post(client, window, mobile="13800000009")
    assert response.status_code == 429
    assert "提交太频繁了" in response.content.decode()
    assert Signup.objects.count() == 3


@override_settings(SIGNUP_RATE_LIMIT_PER_MOBILE=2)
def test_rate_limit_per_number(client, tree):
    windows = [make_open_day_window(tree["site"]) for _ in range(3)]
    assert post(client, windows[0]).status_code == 302
    assert post(client, windows[1]).status_code == 302
    response = post(client, windows[2], REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429
    assert "这个手机号提交太频繁了" in response.content.decode()


def test_phone_number_alone_opens_nothing(client, window):
    post(client, window)
    for guess in ("13800138000", security.mobile_hash("13800138000"), "x" * 200):
        assert client.get(f"/signup/s/{guess}/").status_code == 404


def test_cancel_promotes_the_first_waiting(client, tree):
    window = make_open_day_window(tree["site"], places=1, waitlist=3)
    first = post(client, window, mobile="13800000001")["Location"].split("?")[0]
    post(client, window, mobile="13800000002")
    post(client, window, mobile="13800000003")
    response = client.post(first + "cancel/")
    assert response.status_code == 302
    statuses = dict(Signup.objects.values_list("mobile", "status"))
    assert statuses == {
        "13800000001": "cancelled",
        "13800000002": "confirmed",
        "13800000003": "waitlisted",
    }
    assert Signup.objects.get(mobile="13800000002").promoted_at is not None
    text = client.get(first).content.decode()
    assert "已取消" in text and "取消报名</button>" not in text


def test_after_cancelling_the_number_may_sign_up_again(client, window):
    location = post(client, window)["Location"].split("?")[0]
    client.post(location + "cancel/")
    assert post(client, window).status_code == 302
    assert Signup.objects.filter(status="confirmed").count() == 1


def test_personal_page_offers_directions_and_calendar(client, window):
    location = post(client, window)["Location"]
    text = client.get(location).content.decode()
    assert "https://uri.amap.com/marker?position=106.551557,29.563010" in text
    assert "添加到日历" in text and "下载日历文件" in text
    assert "时间：" in text and "地点：测试路 1 号" in text
    ics = client.get(location.split("?")[0] + "event.ics")
    assert ics.status_code == 200
    assert ics["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in ics.content and b"DTSTART;TZID=" in ics.content


def test_district_level_site_says_no_exact_point(client, tree):
    window = make_open_day_window(tree["other_site"])
    location = post(client, window)["Location"]
    text = client.get(location).content.decode()
    assert "位置只精确到区县，无法直接导航" in text
    assert "uri.amap.com" not in text


def test_unpublished_site_has_no_form(client, window, tree):
    tree["site"].unpublish()
    assert client.get(reverse("signup:form", args=[window.pk])).status_code == 404


def test_a_second_click_while_the_first_is_running_gets_the_same_confirmation(client, window):
    key = f"signup:nonce:{window.pk}:clicked-twice"
    cache.set(key, views.PENDING)  # the first click is still being handled
    first = services.sign_up(window.pk, name="示例家长", mobile="13800138000", adults=1, children=1)
    finish = threading.Timer(0.5, cache.set, args=(key, first.token))  # ... and finishes a moment later
    finish.start()
    response = post(client, window, nonce="clicked-twice")
    finish.join()
    assert response["Location"] == reverse("signup:personal", args=[first.token])
    assert Signup.objects.count() == 1


def test_a_refused_submit_frees_the_form_for_a_corrected_one(client, tree):
    window = make_open_day_window(tree["site"], opens_ago=-1)
    assert post(client, window, nonce="n1").status_code == 409
    window.opens_at = timezone.now() - datetime.timedelta(hours=1)
    window.save()
    assert post(client, window, nonce="n1").status_code == 302
