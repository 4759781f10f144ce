"""The API against its own OpenAPI schema, on a live server with the demo content.

schemathesis (the pinned CLI, in a subprocess) reads /api/schema/ from the running site and
generates requests for every operation: valid parameter combinations, which must be answered
2xx (or 404 for an id or page that does not exist), and invalid ones, which must be refused
with a 4xx (a 400 with the reason for filters, paging, ids, search and slug). Every answer must
conform to the schema: documented status code, JSON body valid against the response schema,
declared content type and headers, never a 5xx.

Bounded and deterministic: at most 50 examples per operation in deterministic mode, one worker,
so every run sends the same requests and takes the same time. The figures (operations, cases,
failures) are printed at the end of the run."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.api.helpers import api_list_paths

MAX_EXAMPLES = 50


def schemathesis_command():
    found = Path(sys.executable).with_name("schemathesis")
    return str(found) if found.exists() else shutil.which("schemathesis")


@pytest.fixture
def demo_site(live_server, transactional_db, demo_live_database, settings):
    # The demo loaded once for the test process, copied for this test (the live server commits);
    # the flush after it empties the copy, never the test database (tests/conftest.py).
    settings.PAGE_CACHE_SECONDS = 300
    return live_server.url


def test_every_operation_answers_as_its_schema_says(demo_site, tmp_path, capsys):
    command = [
        schemathesis_command(),
        "run",
        f"{demo_site}/api/schema/?format=json",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--generation-deterministic",
        "--phases",
        "examples,coverage,fuzzing",
        "--workers",
        "1",
        "--request-timeout",
        "30",
        "--no-color",
    ]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=900)
    output = result.stdout + result.stderr
    tested = re.search(r"Tested: (\d+)", output)
    cases = re.search(r"(\d+) generated, ([^\n]+)", output)
    with capsys.disabled():
        print(
            f"\nschemathesis: {tested.group(1) if tested else '?'} operations, "
            f"{cases.group(0) if cases else 'no cases'}"
        )
    assert result.returncode == 0, output[-20000:]
    # Every list and item endpoint of the router was in the schema and tested.
    assert tested is not None and int(tested.group(1)) == 2 * len(api_list_paths()), output[-5000:]
