"""Gives a base its own admin account: `manage.py create_base_account "<base name or slug>" <username>`.

Creates (or reuses) the group "基地：<name>" with add/change (not publish) on that base only and
an upload folder of its own, and a user in that group. A new user gets a random password,
printed once (or written to --password-file, never printed); an existing user keeps theirs."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bases.access import AccountError, create_base_account, find_base


class Command(BaseCommand):
    help = "Create (or reuse) a base's account group and a user in it; prints a one-time password."

    def add_arguments(self, parser):
        parser.add_argument("base", help="the base's exact name (页面标题) or slug")
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-file",
            help="write the new password to this file (mode 600) instead of printing it",
        )

    def handle(self, *args, base, username, email, password_file, **options):
        page = find_base(base)
        if page is None:
            raise CommandError(f"找不到基地“{base}”：请使用基地的完整名称或网址代号（slug）。")
        try:
            user, account, password = create_base_account(page, username, email=email)
        except AccountError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"基地：{page.title}（/{page.slug}/）")
        self.stdout.write(f"账号组：{account.group.name}；上传文件夹：{account.collection.name}")
        report_password(self, user, password, password_file, recipient="基地")


def report_password(command, user, password, password_file, recipient):
    if password is None:
        command.stdout.write(f"用户 {user.get_username()} 已存在，已加入账号组，密码未改变。")
        return
    if password_file:
        path = Path(password_file)
        # Created with mode 600 (and an existing file set to it) before the password is written:
        # it is never readable by others, not even for a moment.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(password + "\n")
        command.stdout.write(f"用户 {user.get_username()} 已创建，初始密码已写入 {path}。")
    else:
        command.stdout.write(f"用户 {user.get_username()} 已创建，初始密码（只显示这一次）：{password}")
    command.stdout.write(f"请通过安全渠道交给{recipient}，并提醒登录后在“账号设置”中修改密码。")
