"""Backup and restore of the database and the uploaded media files, as one archive.

An archive is a gzip'd tar with:

- ``manifest.json``: format version, time, database engine, whether media is included;
- ``database.sqlite3`` (SQLite, copied with SQLite's online backup API, safe while the site runs)
  or ``database.pgdump`` (PostgreSQL, ``pg_dump --format=custom``);
- ``media/``: every file under MEDIA_ROOT (local storage only; S3 buckets are backed up by the
  storage service's own versioning).

The archive holds password hashes and personal data: it is written with mode 0600.
"""

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connections

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
MEDIA_MEMBER = "media"


class BackupError(Exception):
    """A problem the operator can fix; the message is in Chinese."""


def _engine(alias="default"):
    vendor = connections[alias].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"不支持的数据库类型：{vendor}（只支持 SQLite 和 PostgreSQL）。")
    return vendor


def _media_is_local():
    backend = settings.STORAGES["default"]["BACKEND"]
    return backend == "django.core.files.storage.FileSystemStorage"


def _pg_environment(alias):
    """Connection parameters for the PostgreSQL client tools, in the environment (so the
    password never shows in a process list)."""
    db = connections[alias].settings_dict
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[name] = str(db[key])
    env["PGDATABASE"] = db["NAME"]
    return env


def _run_pg_tool(args, env):
    tool = args[0]
    if shutil.which(tool) is None:
        raise BackupError(
            f"找不到 {tool}：请安装 PostgreSQL 客户端（Debian：apt-get install postgresql-client）。"
        )
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{tool} 失败：{result.stderr.strip()}")


def default_archive_path():
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path(settings.BASE_DIR) / "var" / "backups" / f"family-{stamp}.tar.gz"


def create_backup(output, alias="default"):
    """Writes the archive to ``output``; returns the manifest."""
    engine = _engine(alias)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    include_media = _media_is_local()
    manifest = {
        "format": FORMAT_VERSION,
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "engine": engine,
        "media": include_media,
        "media_files": 0,
    }
    with tempfile.TemporaryDirectory(prefix="family-backup-") as work:
        work = Path(work)
        if engine == "sqlite":
            database = work / SQLITE_MEMBER
            connection = connections[alias]
            connection.ensure_connection()
            target = sqlite3.connect(database)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        else:
            database = work / POSTGRES_MEMBER
            _run_pg_tool(
                ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={database}"],
                _pg_environment(alias),
            )
        if include_media and media_root.is_dir():
            manifest["media_files"] = sum(1 for path in media_root.rglob("*") if path.is_file())
        (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")

        partial = output.with_name(output.name + ".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            archive.add(work / MANIFEST, arcname=MANIFEST)
            archive.add(database, arcname=database.name)
            if include_media and media_root.is_dir():
                archive.add(media_root, arcname=MEDIA_MEMBER)
        partial.replace(output)
    return manifest


def read_manifest(archive_path):
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(f"找不到备份文件：{archive_path}")
    try:
        with tarfile.open(archive_path, mode="r:gz") as archive:
            member = archive.extractfile(MANIFEST)
            manifest = json.loads(member.read().decode("utf-8"))
    except (tarfile.TarError, KeyError, OSError, ValueError, AttributeError) as error:
        raise BackupError(f"这不是本站的备份文件（{error}）。") from error
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"备份文件格式版本 {manifest.get('format')} 不受支持（需要 {FORMAT_VERSION}）。")
    return manifest


def restore_backup(archive_path, alias="default"):
    """Replaces the database and the media files with those of the archive; returns the manifest."""
    manifest = read_manifest(archive_path)
    engine = _engine(alias)
    if manifest["engine"] != engine:
        raise BackupError(
            f"这份备份来自 {manifest['engine']} 数据库，当前站点使用 {engine}：只能恢复到同一种数据库。"
        )
    with tempfile.TemporaryDirectory(prefix="family-restore-") as work:
        work = Path(work)
        with tarfile.open(archive_path, mode="r:gz") as archive:
            archive.extractall(work, filter="data")
        connection = connections[alias]
        connection.close()
        if engine == "sqlite":
            source = sqlite3.connect(work / SQLITE_MEMBER)
            try:
                connection.ensure_connection()
                source.backup(connection.connection)
            finally:
                source.close()
                connection.close()
        else:
            _run_pg_tool(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    "--exit-on-error",
                    f"--dbname={connection.settings_dict['NAME']}",
                    str(work / POSTGRES_MEMBER),
                ],
                _pg_environment(alias),
            )
        if manifest.get("media"):
            _replace_media(work / MEDIA_MEMBER, Path(settings.MEDIA_ROOT))
    cache.clear()
    return manifest


def _replace_media(source, media_root):
    """MEDIA_ROOT becomes exactly the archive's media (files uploaded after the backup go)."""
    media_root.mkdir(parents=True, exist_ok=True)
    for child in media_root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    if source.is_dir():
        shutil.copytree(source, media_root, dirs_exist_ok=True)
