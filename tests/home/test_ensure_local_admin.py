"""`make run` ends with `ensure_local_admin`: on the development settings and a loopback address
it creates the local admin account and prints its login; anywhere else it refuses."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings


@pytest.mark.django_db
def test_creates_the_local_admin_on_the_development_settings(tmp_path, capsys):
    with override_settings(SETTINGS_MODULE="config.settings.dev", BASE_DIR=tmp_path):
        call_command("ensure_local_admin", "--host", "127.0.0.1", "--port", "8123")
    password = (tmp_path / ".local" / "admin-password").read_text().strip()
    assert get_user_model().objects.get(username="admin").check_password(password)
    output = capsys.readouterr().out
    assert "http://127.0.0.1:8123/admin/" in output
    assert f"admin / {password}" in output


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("settings_module", "host"),
    [("config.settings.production", "127.0.0.1"), ("config.settings.dev", "0.0.0.0")],
)
def test_refuses_outside_local_development(tmp_path, settings_module, host):
    with (
        override_settings(SETTINGS_MODULE=settings_module, BASE_DIR=tmp_path),
        pytest.raises(CommandError, match="local development only"),
    ):
        call_command("ensure_local_admin", "--host", host)
    assert not get_user_model().objects.filter(username="admin").exists()
    assert not (tmp_path / ".local").exists()
