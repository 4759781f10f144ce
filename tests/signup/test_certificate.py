"""The night-school record and certificate: class-hours per parent per school year, the PDF
(Chinese in an embedded font), the public check that shows only a masked name."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse

from bases.access import create_base_account, ensure_user
from home.signup import security, services
from home.signup.models import Certificate
from tests.denial import assert_denied
from tests.factories import TZ
from tests.spreadsheets import csv_text

from .conftest import make_session_window

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 10, 1, 9, 0, tzinfo=TZ)


def attend(window, mobile="13800138000", name="示例家长"):
    result = services.sign_up(window.pk, name=name, mobile=mobile, adults=1, children=1)
    services.check_in(result.signup, None)
    return result


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def personal_url(result):
    return reverse("signup:personal", args=[result.token])


def test_four_class_hours_give_a_certificate_and_a_public_check(client, tree, frozen):
    first = make_session_window(tree["course"], NOW + datetime.timedelta(days=3), hours=2)
    second = make_session_window(tree["course"], NOW + datetime.timedelta(days=10), hours=2)
    attend(first)
    page = client.get(personal_url(attend(first, mobile="13900139000")))
    assert "下载家长夜校结业证书" not in page.content.decode()

    result = attend(second)
    text = client.get(personal_url(result)).content.decode()
    assert "2026—2027 学年" in text
    assert 'class="record-hours">4<' in text
    assert "下载家长夜校结业证书（PDF）" in text

    pdf = client.get(reverse("signup:certificate", args=[result.token]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert b"/FontFile" in pdf.content and b"NotoSansCJK" in pdf.content  # embedded, not assumed

    certificate = Certificate.objects.get()
    assert certificate.hours == 4 and certificate.school_year == 2026
    assert client.get(reverse("signup:certificate", args=[result.token])).status_code == 200
    assert Certificate.objects.count() == 1  # the same certificate again

    check = client.get(reverse("signup:verify_code", args=[certificate.code]))
    text = check.content.decode()
    assert check.status_code == 200
    assert "证书有效" in text and "示***" in text and "2026—2027 学年" in text and "4 课时" in text
    assert "示例家长" not in text and "138" not in text
    # The form accepts the code typed in lower case and without dashes.
    typed = certificate.code.replace("-", "").lower()
    assert client.get(reverse("signup:verify"), {"code": typed})["Location"] == certificate.get_absolute_url()


def test_below_four_hours_no_certificate(client, tree, frozen):
    window = make_session_window(tree["course"], NOW + datetime.timedelta(days=3), hours=2)
    result = attend(window)
    response = client.get(reverse("signup:certificate", args=[result.token]))
    assert response.status_code == 403
    assert "签到满 4 课时后才能领取证书" in response.content.decode()
    assert Certificate.objects.count() == 0


def test_hours_count_per_school_year_and_only_when_attended(tree):
    with time_machine.travel(datetime.datetime(2026, 8, 20, tzinfo=TZ), tick=False):
        august = make_session_window(tree["course"], datetime.datetime(2026, 8, 30, 19, tzinfo=TZ), hours=2)
        september = make_session_window(tree["course"], datetime.datetime(2026, 9, 5, 19, tzinfo=TZ), hours=2)
        october = make_session_window(tree["course"], datetime.datetime(2026, 10, 5, 19, tzinfo=TZ), hours=2)
        attend(august)
        attend(september)
    with time_machine.travel(datetime.datetime(2026, 9, 10, tzinfo=TZ), tick=False):
        not_attended = services.sign_up(
            october.pk, name="示例家长", mobile="13800138000", adults=1, children=1
        )
    digest = security.mobile_hash("13800138000")
    assert services.night_school_record(digest, 2025)[1] == 2
    assert services.night_school_record(digest, 2026)[1] == 2
    assert services.certificate_for(not_attended.signup, 2026) is None


@pytest.mark.parametrize(
    ("code", "well_formed"),
    [
        ("AAAA-AAAA-AAAA-AAAA", True),
        ("not-a-code", False),
        ("<script>", False),
        ("1" * 300, False),
        ("%00", False),
    ],
)
def test_unknown_or_malformed_codes_are_plain_not_found(client, code, well_formed):
    response = client.get(f"/signup/verify/{code}/")
    assert response.status_code == 404
    assert "未找到这张证书" in response.content.decode()
    response = client.get(reverse("signup:verify"), {"code": code[:40]})
    if well_formed:
        assert response.status_code == 302
        response = client.get(response["Location"])
    assert response.status_code == 404
    assert "未找到这张证书" in response.content.decode()


def test_certificate_codes_are_long_and_random():
    codes = {security.new_certificate_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(code.replace("-", "")) == 16 for code in codes)  # 26^16 possibilities


def test_editors_see_how_many_parents_reached_four_hours(client, tree, frozen):
    first = make_session_window(tree["course"], NOW + datetime.timedelta(days=3), hours=2)
    second = make_session_window(tree["course"], NOW + datetime.timedelta(days=10), hours=2)
    attend(first)
    attend(second)
    attend(first, mobile="13900139000")
    editor, _ = ensure_user("editor", password="x-editor-pass-1")
    editor.groups.add(Group.objects.get(name="Editors"))
    base, _, _ = create_base_account(tree["bases"][0], "base-a", password="x-base-a-pass-1")
    url = reverse("signups:night_school")

    client.force_login(base)
    assert_denied(client.get(url))

    client.force_login(editor)
    text = client.get(url, {"year": "2026"}).content.decode()
    assert "签到参加家长夜校的家长 2 人，其中达到 4 课时的 1 人" in text
    export = csv_text(client.get(url, {"year": "2026", "export": "csv"}))
    assert export.splitlines()[1] == "2026-2027,科学城家长夜校,2,1"
    assert "签到参加家长夜校的家长 0 人" in client.get(url, {"year": "2025"}).content.decode()
    assert "2026—2027 学年" in client.get(url, {"year": "abc"}).content.decode()
