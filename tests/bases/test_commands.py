"""Giving a base (or a reviewer) an account from the command line, as the README says."""

import stat
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from wagtail.models import GroupPagePermission

from bases.models import BaseAccount, DistrictReviewGroup
from tests.factories import InnovationBasePageFactory, build_bases


@pytest.fixture
def base(site_tree):
    home, _, _ = site_tree
    index, _ = build_bases(home)
    return InnovationBasePageFactory(parent=index, title="江北区妇女儿童活动中心", slug="jiangbei-centre")


def run(*args):

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_create_base_account_prints_a_one_time_password(base):
    output = run(
        "create_base_account", "江北区妇女儿童活动中心", "jiangbei-centre", "--email", "centre@example.com"
    )
    password = output.split("初始密码（只显示这一次）：")[1].split()[0]
    user = authenticate(RequestFactory().post("/admin/login/"), username="jiangbei-centre", password=password)
    assert user is not None and user.email == "centre@example.com"
    account = BaseAccount.objects.get(base=base)
    assert account.group.name == "基地：江北区妇女儿童活动中心"
    assert list(user.groups.all()) == [account.group]
    codenames = set(
        GroupPagePermission.objects.filter(group=account.group).values_list("permission__codename", "page_id")
    )
    assert codenames == {("add_page", base.pk), ("change_page", base.pk)}  # never publish
    assert account.collection.name == "江北区妇女儿童活动中心"
    assert user.has_perm("wagtailadmin.access_admin")


def test_running_it_again_reuses_everything(base):
    run("create_base_account", "jiangbei-centre", "centre")  # by slug
    output = run("create_base_account", "江北区妇女儿童活动中心", "centre")
    assert "已存在" in output and "密码未改变" in output
    assert Group.objects.filter(name="基地：江北区妇女儿童活动中心").count() == 1
    assert GroupPagePermission.objects.filter(page=base).count() == 2


def test_password_file(base, tmp_path):
    secret = tmp_path / "password"
    output = run("create_base_account", "jiangbei-centre", "centre", "--password-file", str(secret))
    password = secret.read_text().strip()
    assert password and password not in output
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert authenticate(RequestFactory().post("/admin/login/"), username="centre", password=password)


def test_unknown_base(base):
    with pytest.raises(CommandError, match="找不到基地"):
        run("create_base_account", "不存在的基地", "someone")


def test_create_reviewer_account(base):
    output = run("create_reviewer_account", "reviewer", "--district", "江北", "--district", "wanzhou")
    assert "负责 江北区、万州区" in output
    groups = set(Group.objects.filter(user__username="reviewer").values_list("name", flat=True))
    assert groups == {"区县审核员：江北区", "区县审核员：万州区"}
    assert set(DistrictReviewGroup.objects.values_list("district", flat=True)) == {"jiangbei", "wanzhou"}
    with pytest.raises(CommandError, match="不是重庆市的区县"):
        run("create_reviewer_account", "reviewer2", "--district", "火星")
