"""Real-browser tests: Playwright drives Debian's Chromium (never a downloaded browser).

Outside CI a machine without Chromium skips these tests with a clear reason; in CI (CI=true)
a missing browser fails the run."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from tests.conftest import IN_CI, worker_suffix

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path():
    for candidate in (os.environ.get("CHROMIUM_PATH"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def playwright(playwright):
    """pytest-playwright's, plus Django's documented switch for a thread where an event loop
    runs: Playwright's sync API keeps one running in this thread until the session ends, and
    xdist may give this worker more modules after the browser group; their (synchronous)
    database calls would be refused with SynchronousOnlyOperation."""
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield playwright


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    path = chromium_path()
    if path is None:
        message = "Chromium is not installed (Debian package `chromium`; .ci/run installs it)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": path, "args": CHROMIUM_FLAGS}


LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


@pytest.fixture(autouse=True)
def no_request_to_another_host(request):
    """Every browser test fails if a page asks another host for anything (fonts, avatars,
    tiles, scripts, update checks): such requests are blocked and reported at the end."""
    if "context" not in request.fixturenames and "page" not in request.fixturenames:
        yield
        return
    context = request.getfixturevalue("context")
    foreign = []

    def block(route):
        url = route.request.url
        host = urlsplit(url).hostname or ""
        if url.startswith(("http://", "https://", "ws://", "wss://")) and host not in LOCAL_HOSTS:
            foreign.append(url)
            route.abort()
        else:
            route.fallback()

    context.route("**/*", block)
    yield
    assert foreign == [], f"requests to another host: {foreign}"


CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error("CSP violation: " + event.violatedDirective + " blocked " + (event.blockedURI || "inline")
    + " at " + (event.sourceFile || location.href) + ":" + event.lineNumber);
});
"""


@pytest.fixture
def console_errors(page):
    """Every console error and uncaught exception of the page, to assert there are none."""
    errors = []
    # Every Content-Security-Policy violation is reported too, with the directive and what was
    # blocked (Chromium also logs most of them as console errors, but not all, e.g. report-only).
    page.add_init_script(CSP_LISTENER)
    page.on("console", lambda msg: errors.append(f"console: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    return errors


@pytest.fixture
def screenshot(page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(name):
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _browser_database_url(tmp_path):
    """The same engine as the rest of the run (DATABASE_URL), in a database of its own."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tmp_path / 'browser.sqlite3'}"

    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_browser" + worker_suffix()
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    """The site as `make run` serves it: migrated, demo content loaded, in its own process.

    Yields (base_url, manage) where manage(*args) runs a management command against the
    same database, for tests that need to prepare accounts or content."""
    tmp_path = tmp_path_factory.mktemp("browser-site")
    port = _free_port()
    env = {
        # DEBUG unset, as under `make run`: the dev settings then keep it off.
        # CACHE_URL unset too: the suite's Redis databases belong to the test workers (they
        # empty them, and Wagtail's rendition cache there names files in their media folders).
        **{key: value for key, value in os.environ.items() if key not in ("DEBUG", "CACHE_URL")},
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": _browser_database_url(tmp_path),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{port}",
        "PAGE_CACHE_SECONDS": "0",
        "WAGTAIL_LOG_LEVEL": "WARNING",
    }

    def manage(*args):
        return subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=300,
        )

    manage("migrate", "--noinput")
    manage("load_demo_content")
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "runserver",
            "--noreload",
            "--insecure",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    # Generous: on a busy 2-core machine the first home page (image renditions) takes a while.
    deadline = time.monotonic() + 240
    while True:
        try:
            with urllib.request.urlopen(base_url + "/", timeout=60) as response:
                if response.status == 200:
                    break
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            raise RuntimeError(f"the site did not start; see {log.name}")
        time.sleep(0.2)
    try:
        yield base_url, manage
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
