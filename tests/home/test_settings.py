"""Deployment settings: production is hardened and configured only from the environment."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _sample_environment():
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            values[key] = value
    return values


def _run_manage(*args, env):
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_with_production_settings_and_the_sample_environment_is_clean(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "CACHE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(_sample_environment())
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'deploy.sqlite3'}"  # no server needed for `check`
    # The sample's SECRET_KEY is a placeholder that production refuses (tests/privacy/test_deploy.py).
    env["SECRET_KEY"] = "Zq8Jx3vN0bTt6Wm2Ly5Rk9Hc1Fd4Gs7Pa0Ue3Io6Yw9Bn2Mv5Xc8Lk1Jh4Gf7Ds0Aq"
    result = _run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    result = _run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_every_environment_variable_read_by_the_settings_is_documented():

    documented = set(_sample_environment()) | {
        m.group(1) for m in re.finditer(r"^#\s*([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M)
    }
    used = set()
    for settings_file in [*(ROOT / "site" / "settings").glob("*.py"), ROOT / "search" / "config.py"]:
        if settings_file.name in {"test.py", "dev.py"}:
            continue
        used |= set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', settings_file.read_text()))
    assert used - documented == set()
