"""`make run` serves the site with the address it runs on, so links in e-mails (review
notifications) and share cards point at the real port, not the default :8000."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import IN_CI

ROOT = Path(__file__).resolve().parents[2]


def _dry_run(target, **variables):
    if shutil.which("make") is None:
        if IN_CI:
            pytest.fail("make is not installed")
        pytest.skip("make is not installed")
    args = ["make", "-n", target, *[f"{key}={value}" for key, value in variables.items()]]
    return subprocess.run(args, cwd=ROOT, check=True, capture_output=True, text=True).stdout


@pytest.mark.parametrize("target", ["run", "run-engine"])
def test_make_run_gives_the_server_its_own_address(target):
    commands = _dry_run(target, HOST="127.0.0.1", PORT="8123")
    server = [line for line in commands.replace("\\\n", " ").splitlines() if "manage.py runserver" in line]
    assert len(server) == 1
    assert "WAGTAILADMIN_BASE_URL=http://127.0.0.1:8123 " in server[0]
    assert server[0].rstrip().endswith("runserver 127.0.0.1:8123")


def _foreign_urls(html):
    urls = re.findall(r"""(?:src|data-[\w-]*url)=["'](?:https?:)?//([^/"']+)""", html)
    local = {"testserver", "127.0.0.1", "localhost"}
    return sorted({host for host in urls if host.split(":")[0] not in local})


def test_the_admin_names_no_other_host(client, site_tree, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.com", "x")
    client.force_login(user)
    for url in ["/admin/pages/", "/admin/account/"]:
        html = client.get(url).content.decode()
        assert "gravatar" not in html
        assert "releases.wagtail.io" not in html  # the update check
        assert "guide.wagtail.org" not in html  # the English editor guide in the help menu
        assert _foreign_urls(html) == []
