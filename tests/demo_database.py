"""The demo content, loaded once per test process and shared by the modules that read it.

Loading the demo takes seconds (pages, revisions, images, media files, the search index and its
vocabulary); the modules that only read it borrow one loaded copy instead of loading their own:

- SQLite (the test database is in memory): the demo is loaded once into the test database, kept
  as an in-memory snapshot with SQLite's backup API (``sqlite3.Connection.backup``), and the
  database is put back as migrate left it; a module borrowing the demo gets the snapshot copied
  into the test database, and the migrated state back after it (a copy takes milliseconds).
- PostgreSQL: the demo is loaded once into a database of its own, created from the test database
  (``CREATE DATABASE ... TEMPLATE``); a module borrowing the demo has the connection pointed at
  it, and back after it. A test that commits (a live server) gets a copy of its own.

A test that commits is followed by pytest-django's flush, which empties whatever database the
connection then points at; the copy it borrowed is taken away only after that flush, so the flush
never reaches the test database the modules after it read.

Either way each test still runs in its own transaction, rolled back after it, so what a test
changes never reaches the next one. The media files the demo made stay in the worker's media
folder (config.settings.test) for the whole run.
"""

import sqlite3
from contextlib import contextmanager

import psycopg
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from home.demo.loader import load
from search import vocabulary


def _load_demo():
    """The demo as `make run` builds it: content, then the suggestion vocabulary."""
    load()
    vocabulary.rebuild()


def _use_database(name):
    """Point the default connection (and every thread's: they share its settings) at ``name``."""
    connection.close()
    connection.settings_dict["NAME"] = name
    settings.DATABASES[connection.alias]["NAME"] = name
    cache.clear()  # Wagtail's site root paths and the like name rows of the other database


def _raw_sqlite():
    connection.ensure_connection()
    return connection.connection


def _copy_sqlite(source, target):
    source.backup(target)
    cache.clear()


@contextmanager
def _postgres_admin():
    options = connection.settings_dict
    with psycopg.connect(
        dbname="postgres",
        user=options["USER"],
        password=options["PASSWORD"],
        host=options["HOST"] or None,
        port=options["PORT"] or None,
        autocommit=True,
    ) as admin:
        yield admin


def _create_from(name, template):
    connection.close()
    with _postgres_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


def _drop(name):
    connection.close()
    with _postgres_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class SharedDemo:
    """The worker's loaded demo; ``borrowed()`` lends it to a module, ``copy()`` to one
    transactional test (live server). Built by the session fixture in tests/conftest.py."""

    def __init__(self):
        self.sqlite = connection.vendor == "sqlite"
        if self.sqlite:
            raw = _raw_sqlite()
            self.migrated = sqlite3.connect(":memory:")
            raw.backup(self.migrated)
            _load_demo()
            self.demo = sqlite3.connect(":memory:")
            raw.backup(self.demo)
            _copy_sqlite(self.migrated, raw)
        else:
            self.test_name = connection.settings_dict["NAME"]
            self.demo_name = f"{self.test_name}_demo"
            _create_from(self.demo_name, self.test_name)
            _use_database(self.demo_name)
            try:
                _load_demo()
            finally:
                _use_database(self.test_name)

    @contextmanager
    def borrowed(self):
        """The test database holds the demo inside the block (tests roll back what they change)."""
        if self.sqlite:
            _copy_sqlite(self.demo, _raw_sqlite())
            try:
                yield
            finally:
                _copy_sqlite(self.migrated, _raw_sqlite())
        else:
            _use_database(self.demo_name)
            try:
                yield
            finally:
                _use_database(self.test_name)

    def lend_copy(self):
        """Put a copy of the demo in place for a test that commits (a live server, a
        transactional test) and return the function that takes it away. That function must run
        after the test's whole teardown, pytest-django's flush included (tests/conftest.py calls
        it from ``pytest_runtest_teardown``): the flush then empties the copy, and the test
        database is given back as migrate left it for the tests after it, on either database."""
        if self.sqlite:
            _copy_sqlite(self.demo, _raw_sqlite())

            def give_back():
                _copy_sqlite(self.migrated, _raw_sqlite())

            return give_back
        name = f"{self.test_name}_democopy"
        _create_from(name, self.demo_name)
        _use_database(name)

        def give_back():
            _use_database(self.test_name)
            _drop(name)

        return give_back

    def close(self):
        if self.sqlite:
            self.migrated.close()
            self.demo.close()
        else:
            _drop(self.demo_name)
