"""The dashboard of each role says what to do next: a base its status, term, this year's report
and its changes in review; a district reviewer its district's submissions with what changed and
open revocation requests; menus show only what the role may use."""

import json
import re

from bases.models import RevocationRequest
from tests.bases.test_workflow import as_user, submit_profile_change, workflow_action, world  # noqa: F401


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def panel(html, panel_id):
    match = re.search(rf'id="{panel_id}-content".*?(?=<section class="w-panel|</main>)', html, flags=re.S)
    assert match is not None, f"no panel {panel_id}"
    return match.group(0)


def menu_urls(html):
    props = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S
    )
    urls = set()

    def walk(value):
        if isinstance(value, dict):
            if isinstance(value.get("url"), str):
                urls.add(value["url"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(json.loads(props.group(1)))
    return urls


def test_a_base_sees_its_status_its_report_and_its_reviews(client, world):  # noqa: F811
    base = world["base"]
    as_user(client, world["base_user"])
    mine = text(panel(client.get("/admin/").content.decode(), "my-base"))
    assert "江北示范小学" in mine
    assert "状态：有效" in mine and "有效期：2022-01-01 至 2026-12-31" in mine
    assert "截止 2024-12-31，还剩 41 天" in mine and "还没有开始填写" in mine
    html = client.get("/admin/").content.decode()
    assert f'href="/admin/pages/add/bases/yearlyreportpage/{base.pk}/"' in panel(html, "my-base")
    assert "开始填写 2024 年度报告" in mine
    assert "等待审核的修改：0" in mine and "退回修改：0" in mine

    task_state = submit_profile_change(client, world, contact_phone="12")
    mine = text(panel(client.get("/admin/").content.decode(), "my-base"))
    assert "等待审核的修改：1" in mine and "等待区县审核" in mine

    as_user(client, world["reviewer"])
    workflow_action(client, base, "reject", task_state, comment="请填写完整的对外联系电话")
    as_user(client, world["base_user"])
    html = client.get("/admin/").content.decode()
    mine = text(panel(html, "my-base"))
    assert "等待审核的修改：0" in mine and "退回修改：1" in mine
    assert "审核意见“请填写完整的对外联系电话”" in mine
    # Only the base's panel: no page counts' panels, no recent edits of others.
    assert re.findall(r'<section class="w-panel[^"]*" id="([\w-]+)"', html) == ["my-base-section"]


def test_a_reviewer_sees_its_districts_submissions_and_revocations(client, world):  # noqa: F811
    base, other = world["base"], world["other"]
    task_state = submit_profile_change(client, world, summary="请审核的新简介")
    RevocationRequest.objects.create(base=base, reason="基地已停止开展活动")
    RevocationRequest.objects.create(base=other, reason="万州的申请")

    as_user(client, world["reviewer"])
    html = client.get("/admin/").content.decode()
    mine = panel(html, "district-reviews")
    compare = f"/admin/pages/{base.pk}/revisions/compare/live...{task_state.revision_id}/"
    assert f'href="{compare}"' in mine
    assert client.get(compare).status_code == 200
    assert "基地提交的修改：1" in text(mine)
    assert "本区未办结的撤销申请：1" in text(mine) and "基地已停止开展活动" in mine
    assert "万州的申请" not in html
    assert "等待你审核" in html  # Wagtail's panel, where approve and return happen in place

    as_user(client, world["outsider"])
    html = client.get("/admin/").content.decode()
    assert "基地提交的修改：0" in text(panel(html, "district-reviews"))
    assert "江北示范小学" not in html and "基地已停止开展活动" not in html


def test_a_base_whose_term_ended_owes_no_report(client, world):  # noqa: F811
    term = world["base"].terms.get()
    term.end_date = term.end_date.replace(year=2023)
    term.save()
    as_user(client, world["base_user"])
    mine = text(panel(client.get("/admin/").content.decode(), "my-base"))
    assert "状态：已到期" in mine
    assert "基地的有效期已于 2023-12-31 结束，2024 年无需提交年度报告" in mine
    assert "开始填写" not in mine


def test_menus_show_only_what_the_role_may_use(client, world, django_user_model):  # noqa: F811
    as_user(client, world["base_user"])
    base_menu = menu_urls(client.get("/admin/").content.decode())
    assert "/admin/base_pages/" in base_menu and "/admin/yearly_reports/" in base_menu
    assert "/admin/practice_site_pages/" not in base_menu
    assert "/admin/reports/page-types-usage/" not in base_menu
    assert "/admin/reports/aging-pages/" not in base_menu

    as_user(client, world["editor"])
    editor_menu = menu_urls(client.get("/admin/").content.decode())
    assert "/admin/bases/report/" in editor_menu and "/admin/reports/aging-pages/" in editor_menu
    assert "/admin/reports/page-types-usage/" not in editor_menu

    admin = django_user_model.objects.create_superuser("root", "root@example.com", "x")
    as_user(client, admin)
    assert "/admin/reports/page-types-usage/" in menu_urls(client.get("/admin/").content.decode())
