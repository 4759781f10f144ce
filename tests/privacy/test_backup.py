"""Finding 10: `manage.py backup` / `manage.py restore` (and `make backup` / `make restore`).

The round trip runs the real commands in subprocesses against a throwaway database of the
run's engine (SQLite file, or a PostgreSQL database beside DATABASE_URL's), never the test
database: back up, wipe (drop the database and the media), restore, and the same pages,
documents (and their files), terms and accounts are back."""

import json
import os
import shutil
import stat
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from tests.conftest import worker_suffix

ROOT = Path(__file__).resolve().parents[2]


def _postgres_admin(url):

    parts = urlsplit(url)
    return psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True)


class Site:
    """A throwaway site: its own database and MEDIA_ROOT; runs manage.py against them."""

    def __init__(self, tmp_path):
        self.tmp_path = tmp_path
        self.media = tmp_path / "media"
        url = os.environ.get("DATABASE_URL", "")
        self.postgres = url.startswith(("postgres://", "postgresql://"))
        if self.postgres:
            parts = urlsplit(url)
            self.db_name = parts.path.lstrip("/") + "_backup_test" + worker_suffix()
            self.admin_url = url
            self.url = urlunsplit(parts._replace(path=f"/{self.db_name}"))
        else:
            self.db_file = tmp_path / "site.sqlite3"
            self.url = f"sqlite:///{self.db_file}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DEBUG": "false",
            "DATABASE_URL": self.url,
            "MEDIA_ROOT": str(self.media),
            "WAGTAIL_LOG_LEVEL": "WARNING",
        }

    def manage(self, *args, check=True):
        return subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=check,
        )

    def shell(self, code):
        return self.manage("shell", "-c", code).stdout

    def create_database(self):
        if self.postgres:
            with _postgres_admin(self.admin_url) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{self.db_name}"')

    def wipe(self):
        """Nothing left: the database is dropped (an empty one created) and the media deleted."""
        if self.postgres:
            self.create_database()
        else:
            self.db_file.unlink()
        shutil.rmtree(self.media)

    def drop(self):
        if self.postgres:
            with _postgres_admin(self.admin_url) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')

    def state(self):
        return json.loads(
            self.shell("from tests.privacy.backup_content import state; state()").strip().splitlines()[-1]
        )


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("backup-site"))
    site.create_database()
    site.manage("migrate", "--noinput", "-v0")
    site.shell("from tests.privacy.backup_content import create; create()")
    yield site
    site.drop()


def test_round_trip_restores_pages_documents_terms_and_accounts(site):
    before = site.state()
    assert "备份测试基地" in before["pages"] and "2023年度工作报告" in " ".join(before["pages"])
    assert before["documents"][0][0] == "备份测试文件"
    assert before["terms"] == ["备份测试基地 2022-01-01 2026-12-31"]
    archive = site.tmp_path / "backup.tar.gz"

    output = site.manage("backup", "--output", str(archive)).stdout
    assert "备份已写入" in output
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "manifest.json" in names
    assert ("database.pgdump" if site.postgres else "database.sqlite3") in names
    assert f"media/{before['documents'][0][1]}" in names

    site.wipe()
    assert not site.media.exists()

    output = site.manage("restore", str(archive), "--noinput").stdout
    assert "恢复完成" in output
    assert site.state() == before


def test_restore_replaces_changes_made_after_the_backup(site):
    archive = site.tmp_path / "before-change.tar.gz"
    site.manage("backup", "--output", str(archive))
    before = site.state()
    site.shell(
        "from wagtail.models import Page; from bases.models import BaseTerm; "
        "Page.objects.get(title='备份测试课程').delete(); BaseTerm.objects.all().delete()"
    )
    (site.media / "uploaded-after-backup.txt").write_text("later")
    assert site.state() != before
    site.manage("restore", str(archive), "--noinput")
    assert site.state() == before
    assert not (site.media / "uploaded-after-backup.txt").exists()


def test_restore_refuses_a_file_that_is_not_a_backup(site, tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not an archive")
    result = site.manage("restore", str(bogus), "--noinput", check=False)
    assert result.returncode == 1
    assert "这不是本站的备份文件" in result.stderr
    assert site.state()["pages"]  # nothing was touched


def test_restore_asks_before_replacing_everything(site):
    archive = site.tmp_path / "ask.tar.gz"
    site.manage("backup", "--output", str(archive))
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "restore", str(archive)],
        cwd=ROOT,
        env=site.env,
        input="no\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "已取消" in result.stderr
