"""Finding 13: deployment mistakes are refused. The placeholder SECRET_KEY of .env.example stops
production (and `check --deploy`); `make run` never serves the debug pages off loopback; admin
sessions end after an idle time; `create_base_account --password-file` never leaves the
password readable by others; an existing username is not silently given another base."""

import datetime
import io
import os
import stat
import subprocess
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client

from tests.factories import InnovationBasePageFactory, build_bases
from tests.home.test_settings import _run_manage, _sample_environment

ROOT = Path(__file__).resolve().parents[2]


def production_env(tmp_path, secret_key):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CACHE_URL"}}
    env.update(_sample_environment())
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'deploy.sqlite3'}"
    env["SECRET_KEY"] = secret_key
    return env


@pytest.mark.parametrize(
    "secret_key",
    [
        _sample_environment()["SECRET_KEY"],
        "dev-only-insecure-key-not-for-production",
        "django-insecure-0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefgh",
    ],
)
def test_production_refuses_a_placeholder_secret_key(tmp_path, secret_key):
    result = _run_manage("check", "--deploy", env=production_env(tmp_path, secret_key))
    assert result.returncode == 1
    assert "SECRET_KEY is a placeholder" in result.stderr


def test_check_deploy_reports_a_placeholder_key_under_any_settings(tmp_path):
    env = production_env(tmp_path, "change-me-please-0123456789-0123456789-0123456789-0123456789")
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    result = _run_manage("check", "--deploy", env=env)
    assert result.returncode == 1
    assert "security.E001" in result.stderr and "占位值" in result.stderr


@pytest.mark.parametrize(
    ("host", "debug", "refused"),
    [
        ("0.0.0.0", None, True),
        ("192.168.1.20", "true", True),
        ("0.0.0.0", "false", False),
        ("127.0.0.1", None, False),
        ("localhost", None, False),
    ],
)
def test_make_run_refuses_debug_pages_off_loopback(host, debug, refused):
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    if debug is not None:
        env["DEBUG"] = debug
    result = subprocess.run(
        ["make", "--no-print-directory", "guard-host", f"HOST={host}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode != 0) is refused
    if refused:
        assert "is not loopback" in result.stdout


@pytest.mark.django_db
def test_admin_sessions_end_after_the_idle_time(django_user_model, site_tree, settings):
    assert settings.SESSION_COOKIE_AGE == 120 * 60
    editor = django_user_model.objects.create_user("city-editor", password="editor-password-1")
    editor.groups.add(Group.objects.get(name="Editors"))
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        client = Client()
        client.force_login(editor)
        assert client.get("/admin/").status_code == 200
        # Working: each request moves the expiry forward.
        for _ in range(3):
            clock.shift(datetime.timedelta(minutes=100))
            assert client.get("/admin/").status_code == 200
        # Away for longer than the idle time: logged out.
        clock.shift(datetime.timedelta(minutes=121))
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


@pytest.fixture
def two_bases(site_tree):
    home, _, _ = site_tree
    index, _ = build_bases(home)
    return (
        InnovationBasePageFactory(parent=index, title="江北区甲基地", slug="base-a"),
        InnovationBasePageFactory(parent=index, title="万州区乙基地", slug="base-b"),
    )


def test_password_file_is_never_readable_by_others(two_bases, tmp_path, monkeypatch):
    # Even with a permissive umask and no chmod afterwards, the file is created 0600.
    monkeypatch.setattr(Path, "chmod", lambda self, mode: None)
    old_umask = os.umask(0)
    try:
        secret = tmp_path / "password"
        call_command("create_base_account", "base-a", "centre-a", "--password-file", str(secret))
        assert stat.S_IMODE(secret.stat().st_mode) == 0o600
        # An existing, world-readable file is tightened before the password goes in.
        other = tmp_path / "existing"
        other.write_text("old")
        os.chmod(other, 0o644)
        call_command("create_base_account", "base-b", "centre-b", "--password-file", str(other))
        assert stat.S_IMODE(other.stat().st_mode) == 0o600
    finally:
        os.umask(old_umask)


def test_an_existing_username_is_not_added_to_another_base(two_bases, django_user_model):
    call_command("create_base_account", "base-a", "centre-a", stdout=io.StringIO())
    with pytest.raises(CommandError, match="已是基地“江北区甲基地”的账号"):
        call_command("create_base_account", "base-b", "centre-a")
    user = django_user_model.objects.get(username="centre-a")
    assert [group.name for group in user.groups.all()] == ["基地：江北区甲基地"]
    # Nor an editor's (or anyone else's) account.
    editor = django_user_model.objects.create_user("city-editor", password="x")
    with pytest.raises(CommandError, match="已是其他人的账号"):
        call_command("create_base_account", "base-b", "city-editor")
    assert not editor.groups.exists()
