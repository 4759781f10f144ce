"""`make test` runs the suite with `--dist loadgroup` (tests/conftest.py): a module runs whole on
one worker, so its module-scoped fixtures are built once; the modules reading the shared demo run
on one worker, which loads it once. The grouping breaks silently (pytest-xdist appends the group
to the test id the worker reports; a mark added too late, or a pytest whose ids ignore that, only
spreads the tests around), so this checks the group reached the id the scheduler reads."""

import os

WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
NODE = "tests/test_xdist_groups.py::test_this_module_is_one_group"


def test_this_module_is_one_group(request):
    assert [mark.args[0] for mark in request.node.iter_markers("xdist_group")] == [
        "tests/test_xdist_groups.py"
    ]
    grouping = bool(WORKER) and request.config.option.loadgroup
    assert request.node.nodeid == (f"{NODE}@tests/test_xdist_groups.py" if grouping else NODE)
