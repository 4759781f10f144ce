"""Browser tests wait with function predicates only.

The site's CSP forbids eval. Playwright compiles a predicate written as a function once, through
the DevTools protocol, but re-evaluates a bare expression string with eval on every poll: such a
wait passes when its condition already holds and fails under the CSP when it has to poll. One
such wait failed CI only on the run where the map's outlines arrived late.
"""

import ast
import re
from pathlib import Path

FUNCTION = re.compile(r"^\s*(\(|async\s*\(|[A-Za-z_$][\w$]*\s*=>)")
HERE = Path(__file__).parent / "browser"


def expression_waits(source):
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "wait_for_function"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and not FUNCTION.match(node.args[0].value)
        ):
            found.append(node.lineno)
    return found


def test_every_wait_is_a_function():
    offenders = {
        path.name: lines
        for path in sorted(HERE.glob("*.py"))
        if (lines := expression_waits(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def test_the_check_sees_an_expression_wait():
    assert expression_waits("page.wait_for_function(\"document.title === 'x'\")") == [1]
    assert expression_waits("page.wait_for_function('() => true')") == []
    assert expression_waits("page.wait_for_function('n => n > 1', arg=1)") == []
