"""The production stack on loopback, for the front-cache test and the page benchmark:
gunicorn (production settings, site/deploy/gunicorn.conf.py) on a throwaway SQLite database, Varnish with
site/deploy/varnish.vcl in front of it, and nginx serving a static file.

Every process gets a free loopback port and a folder of its own, runs as the current user
(varnishd with ``-j none``, which works for root and for anyone else) and is stopped by
``Stack.close()``. Nothing here is used by the site itself."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VCL = BASE_DIR / "site" / "deploy" / "varnish.vcl"
GUNICORN_CONF = BASE_DIR / "site" / "deploy" / "gunicorn.conf.py"


def free_port():
    """A free loopback port; within LOOPBACK_PORTS ("8500-8599") when set, so that several
    checkouts on one machine keep to their own ranges."""
    low, _, high = os.environ.get("LOOPBACK_PORTS", "").partition("-")
    candidates = range(int(low), int(high) + 1) if low and high else [0]
    for port in candidates:
        if port and port in _taken:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            port = sock.getsockname()[1]
            _taken.add(port)
            return port
    raise RuntimeError(f"no free port in LOOPBACK_PORTS={os.environ['LOOPBACK_PORTS']}")


_taken = set()  # handed out already (the process may not listen yet)


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def which(name):
    for folder in ("/usr/sbin", "/usr/bin", "/sbin"):
        candidate = Path(folder) / name
        if candidate.exists():
            return str(candidate)
    return shutil.which(name)


class Stack:
    def __init__(self, folder, workers=2, page_cache_seconds=3600):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.processes = []
        self.app_port = free_port()
        self.varnish_port = free_port()
        self.workers = workers
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "loopback-stack-only",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            "DATABASE_URL": f"sqlite:///{self.folder / 'db.sqlite3'}",
            # Shared by the workers and by the commands that change content.
            "CACHE_URL": os.environ.get("STACK_CACHE_URL") or f"filecache://{self.folder / 'cache'}",
            "STATIC_ROOT": str(self.folder / "static"),
            "MEDIA_ROOT": str(self.folder / "media"),
            "PAGE_CACHE_SECONDS": "300",
            "PAGE_APP_CACHE_SECONDS": str(page_cache_seconds),
            "FRONT_CACHE_URL": f"http://127.0.0.1:{self.varnish_port}",
            "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{self.varnish_port}",
            "LOG_LEVEL": "WARNING",
        }
        self.env.pop("SEARCH_URL", None)

    @property
    def app_url(self):
        return f"http://127.0.0.1:{self.app_port}"

    @property
    def varnish_url(self):
        return f"http://127.0.0.1:{self.varnish_port}"

    def manage(self, *args, timeout=3600, **extra_env):
        return subprocess.run(
            [sys.executable, str(BASE_DIR / "manage.py"), *args],
            env={**self.env, **extra_env},
            cwd=BASE_DIR,
            check=True,
            capture_output=True,
            text=True,
            timeout=timeout,
        ).stdout

    def prepare(self, *generate_args):
        self.manage("migrate", "--noinput", "-v0")
        self.manage("collectstatic", "--noinput", "-v0")
        # Nothing to purge yet: Varnish starts later.
        return self.manage("generate_pages", *generate_args, FRONT_CACHE_URL="")

    def _start(self, command, log_name):
        log = open(self.folder / log_name, "w")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            command, env=self.env, cwd=BASE_DIR, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes.append((process, log))
        return process

    def start_app(self):
        self._start(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--config",
                str(GUNICORN_CONF),
                "--bind",
                f"127.0.0.1:{self.app_port}",
                "--workers",
                str(self.workers),
            ],
            "gunicorn.log",
        )
        wait_for(self.app_url + "/robots.txt", 120)

    def start_varnish(self):
        vcl = self.folder / "varnish.vcl"
        vcl.write_text(VCL.read_text().replace('.port = "8000";', f'.port = "{self.app_port}";'))
        self._start(
            [
                which("varnishd"),
                "-F",
                "-j",
                "none",
                "-n",
                str(self.folder / "varnish"),
                "-a",
                f"127.0.0.1:{self.varnish_port}",
                "-f",
                str(vcl),
                "-s",
                "malloc,64m",
            ],
            "varnish.log",
        )
        wait_for(self.varnish_url + "/robots.txt", 60)

    def start_nginx(self, root):
        port = free_port()
        conf = self.folder / "nginx.conf"
        conf.write_text(
            f"""daemon off;
worker_processes 1;
pid {self.folder / "nginx.pid"};
error_log {self.folder / "nginx-error.log"};
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {self.folder / "nginx-tmp"};
    proxy_temp_path {self.folder / "nginx-tmp"};
    fastcgi_temp_path {self.folder / "nginx-tmp"};
    uwsgi_temp_path {self.folder / "nginx-tmp"};
    scgi_temp_path {self.folder / "nginx-tmp"};
    default_type text/html;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location / {{ try_files /index.html =404; }}
    }}
}}
"""
        )
        (self.folder / "nginx-tmp").mkdir(exist_ok=True)
        self._start(
            [which("nginx"), "-c", str(conf), "-e", str(self.folder / "nginx-error.log")], "nginx.log"
        )
        url = f"http://127.0.0.1:{port}"
        wait_for(url + "/", 30)
        return url

    def close(self):
        for process, log in reversed(self.processes):
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
            log.close()
        self.processes = []
