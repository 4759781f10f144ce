"""Renewals: an editor records a new naming batch for several bases at once as a bulk action
(and from a spreadsheet, tests/bases/test_import.py): each base gets a new term, earlier terms
stay; a clash with an existing term registers nothing; only city editors may do it."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group

from bases.access import create_base_account
from bases.models import BaseTerm, InnovationBasePage
from tests.factories import TZ, InnovationBasePageFactory, build_bases

URL = "/admin/bulk/wagtailcore/page/renew_bases/"
NEW_BATCH = {
    "batch_year": "2026",
    "start_date": "2026-01-01",
    "end_date": "2030-12-31",
    "document_title": "关于命名第二批重庆市家庭教育创新实践基地的通知（示例）",
    "document_number": "",
}


@pytest.fixture
def bases(site_tree, django_user_model):
    home, _, _ = site_tree
    index, _ = build_bases(home)
    first = InnovationBasePageFactory(parent=index, title="第一个基地", term=("2020-01-01", "2024-12-31"))
    second = InnovationBasePageFactory(parent=index, title="第二个基地", term=("2020-01-01", "2024-12-31"))
    editor = django_user_model.objects.create_user("city-editor", password="x")
    editor.groups.add(Group.objects.get(name="Editors"))
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, 0, tzinfo=TZ), tick=False):
        yield {"index": index, "first": first, "second": second, "editor": editor}


def _ids(*pages):
    return "&".join(f"id={page.pk}" for page in pages)


def test_a_new_batch_for_the_selected_bases(client, bases):
    first, second = bases["first"], bases["second"]
    client.force_login(bases["editor"])
    url = f"{URL}?{_ids(first, second)}&next=/admin/base_pages/"
    form = client.get(url)
    assert form.status_code == 200
    html = form.content.decode()
    assert "登记新命名批次" in html and "第一个基地" in html and "第二个基地" in html

    response = client.post(url, NEW_BATCH, follow=True)
    assert response.redirect_chain[-1][0] == "/admin/base_pages/"
    assert "已为 2 个基地登记 2026 年命名批次，有效期 2026-01-01 至 2030-12-31；原有的有效期保留。" in (
        response.content.decode()
    )
    for base in (first, second):
        terms = list(
            BaseTerm.objects.filter(base=base).order_by("start_date").values_list("batch_year", "end_date")
        )
        assert terms == [(2020, datetime.date(2024, 12, 31)), (2026, datetime.date(2030, 12, 31))]
        assert InnovationBasePage.objects.get(pk=base.pk).status_info().label == "有效"


def test_a_clash_registers_nothing_and_says_which_base(client, bases):
    first, second = bases["first"], bases["second"]
    BaseTerm.objects.create(
        base=second,
        batch_year=2025,
        start_date=datetime.date(2025, 6, 1),
        end_date=datetime.date(2029, 5, 31),
        document_title="已有的命名",
    )
    client.force_login(bases["editor"])
    response = client.post(f"{URL}?{_ids(first, second)}", NEW_BATCH)
    assert response.status_code == 200
    assert "这些基地在这段时间已有有效期，没有登记任何基地：第二个基地。" in response.content.decode()
    assert not BaseTerm.objects.filter(batch_year=2026).exists()


def test_wrong_dates_are_refused_in_chinese(client, bases):
    client.force_login(bases["editor"])
    response = client.post(f"{URL}?{_ids(bases['first'])}", {**NEW_BATCH, "end_date": "2025-12-31"})
    assert response.status_code == 200
    assert "有效期结束日期必须晚于开始日期。" in response.content.decode()
    assert not BaseTerm.objects.filter(batch_year=2026).exists()


def test_a_base_cannot_renew_itself(client, bases):
    user, _, _ = create_base_account(bases["first"], "first-base")
    client.force_login(user)
    response = client.post(f"{URL}?{_ids(bases['first'])}", NEW_BATCH)
    assert not BaseTerm.objects.filter(batch_year=2026).exists()
    assert response.status_code == 200
    assert "你没有登记命名批次的权限" in response.content.decode()


def test_the_public_list_explains_an_all_expired_state_until_the_next_batch(client, bases):
    note = (
        "2020 年命名的创新实践基地有效期已于 2024年12月31日结束；"
        "新一批基地的命名尚未公布，公布后将在这里列出。"
    )
    index_url = bases["index"].url
    assert note in client.get(index_url).content.decode()

    client.force_login(bases["editor"])
    client.post(f"{URL}?{_ids(bases['first'])}", NEW_BATCH)
    client.logout()
    html = client.get(index_url).content.decode()
    assert note not in html
    assert "目前有 1 个基地在有效期内" in html
