"""The project's dependency rules, read from the import statements of every module (top-level
and inside functions) with ``ast``:

- a domain app (resources, bases) never imports another domain app;
- ``search`` imports no domain app and not ``home`` (page types declare what search needs);
- the foundation modules (``FOUNDATION``: the base page, the shared StreamField blocks, the CSV/XLSX
  export helper, the page cache, the generations it and the search vocabulary key their
  cached values by, and the fragments kept under the page cache's generation) import no
  domain app and nothing else of ``home``; any app may import them, and a domain app imports
  nothing else of ``home`` (home assembles the domains, not the other way round);
- a models module never imports a views module;
- a class named by dotted path (``by_path("app.module.Class")``) counts as an import of its
  module for the rules above;
- no module of the apps imports a project module inside a function, and no module of the tests
  imports any module inside a function, a library's or the standard library's too (an import
  placed there to dodge a cycle hides the cycle; in a test it hides what the module depends
  on): the one place for such imports is ``AppConfig.ready()`` in ``apps.py``,
  Django's documented place for what needs the loaded app registry (signals, checks,
  registrations); anything else must be listed in ``IN_FUNCTION_IMPORTS`` with its reason.
  A class the models need but whose module imports the models (a page's admin form, its
  list's filter set) is named by dotted path (``home.base_page.by_path``);
- no module of the apps imports another module's private (underscored) name: what another
  module uses is public;
- no module assigns to an attribute of a module (or of anything imported from one) outside
  the project: a library is extended through its public extension points, never patched.

Rules other work is still bringing the code to are listed once in ``KNOWN_VIOLATIONS``; an
entry that is no longer needed fails ``test_known_violations_are_still_needed``, so the list
only shrinks.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Folder -> import name (site/ is imported as ``config``: see pyproject.toml).
PACKAGES = {"home": "home", "resources": "resources", "bases": "bases", "search": "search", "site": "config"}
PROJECT = {*PACKAGES.values(), "tests"}
DOMAINS = {"resources", "bases"}
SEARCH_MAY_NOT_IMPORT = {"resources", "bases", "home"}
MODULE_LOADERS = {"import_module", "__import__"}
FOUNDATION = {
    "home.base_page",
    "home.blocks",
    "home.security.exports",
    "home.page_cache",
    "home.generation",
    "home.fragments",
}


def is_foundation(name):
    return any(name == module or name.startswith(module + ".") for module in FOUNDATION)


# (file, rule, imported module or patched target): what is still being fixed elsewhere.
KNOWN_VIOLATIONS = set()

IN_FUNCTION = "imports a module inside a function"
PRIVATE = "imports a private name of another module"
# (file, imported module): why that import must stay inside its function. Keep it short.
IN_FUNCTION_IMPORTS = {
    ("search/migrations/0006_suggestion_keys.py", "search.vocabulary"): (
        "the keys of an existing vocabulary must be the ones lookups compute, so the data"
        " migration calls the site's own function, imported when the migration runs rather than"
        " when Django loads the migration graph"
    ),
}


@dataclass(frozen=True)
class Module:
    path: Path  # relative to ROOT
    name: str  # dotted import name

    @property
    def package(self):
        return self.name if self.path.name == "__init__.py" else self.name.rpartition(".")[0]

    @property
    def is_models(self):
        return "models" in self.name.split(".")[1:] and "migrations" not in self.name.split(".")


def project_modules():
    for folder, import_name in PACKAGES.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT)
            parts = list(relative.with_suffix("").parts)
            parts[0] = import_name
            if parts[-1] == "__init__":
                parts.pop()
            yield Module(relative, ".".join(parts))
    for path in sorted((ROOT / "tests").rglob("*.py")):
        relative = path.relative_to(ROOT)
        parts = list(relative.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        yield Module(relative, ".".join(parts))


def imports_of(module, tree):
    """Every module ``module`` imports, absolute, with what each name it binds refers to."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append((alias.name, alias.asname or alias.name.partition(".")[0], alias.name))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.package.split(".")
                base = base[: len(base) - (node.level - 1)]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module
            for alias in node.names:
                # ``from a import b`` may import the module a.b: count it as that module too.
                found.append((source, alias.asname or alias.name, f"{source}.{alias.name}"))
    return found


def top(name):
    return name.partition(".")[0]


def named_by_path(tree):
    """Classes named by dotted path (``by_path("bases.forms.InnovationBasePageForm")``): the same
    dependency rules apply to them as to imports."""
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", "")) == "by_path"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            source = node.args[0].value.rpartition(".")[0]
            found.append((source, "", node.args[0].value))
    return found


def imports_in_functions(module, tree):
    """Modules ``module`` imports inside a function, except in an ``AppConfig.ready()``: the
    project's modules for an app, every module for a test (a test module imports what it
    needs at its top, libraries included)."""
    is_test = top(module.name) == "tests"
    found = set()
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if module.path.name == "apps.py" and function.name == "ready":
            continue
        found.update(
            source
            for source, _bound, _full in imports_of(module, function)
            if is_test or top(source) in PROJECT
        )
    return found


def violations():
    found = set()
    for module in project_modules():
        tree = ast.parse((ROOT / module.path).read_text(encoding="utf-8"), filename=str(module.path))
        path = module.path.as_posix()
        app = top(module.name)
        third_party_names = set()
        for source in imports_in_functions(module, tree) - {s for p, s in IN_FUNCTION_IMPORTS if p == path}:
            found.add((path, IN_FUNCTION, source))
        for source, bound, full in [*imports_of(module, tree), *named_by_path(tree)]:
            target_app = top(source)
            if target_app not in PROJECT:
                third_party_names.add(bound)
                continue
            name = full.rpartition(".")[2]
            if app != "tests" and name.startswith("_") and not name.startswith("__"):
                found.add((path, PRIVATE, full))
            if is_foundation(source) or is_foundation(full):
                continue
            if is_foundation(module.name) and target_app in SEARCH_MAY_NOT_IMPORT:
                found.add((path, "a foundation module imports an app", source))
            if app in DOMAINS and target_app in DOMAINS and target_app != app:
                found.add((path, "domain imports another domain", source))
            if app in DOMAINS and target_app == "home":
                found.add((path, "a domain imports home", source))
            if app == "search" and target_app in SEARCH_MAY_NOT_IMPORT:
                found.add((path, "search imports a domain", source))
            if module.is_models and ("views" in source.split(".") or full.endswith(".views")):
                found.add((path, "a models module imports a views module", full))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Call)
                and getattr(node.value.func, "id", getattr(node.value.func, "attr", "")) in MODULE_LOADERS
            ):
                # module = import_module("library.path"): a module object too.
                third_party_names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        for node in ast.walk(tree):
            targets = []
            if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"setattr", "delattr"}
                and node.args
            ):
                targets = [ast.Attribute(value=node.args[0], attr="*")]
            for target in targets:
                if isinstance(target, ast.Attribute):
                    base = target.value
                    while isinstance(base, ast.Attribute):
                        base = base.value
                    if isinstance(base, ast.Name) and base.id in third_party_names:
                        found.add(
                            (
                                path,
                                "patches a third-party module",
                                f"{ast.unparse(target.value)}.{target.attr}",
                            )
                        )
    return found


def test_the_dependency_rules_hold():
    unexpected = sorted(violations() - KNOWN_VIOLATIONS)
    assert unexpected == [], "\n".join(" — ".join(row) for row in unexpected)


def test_known_violations_are_still_needed():
    fixed = sorted(KNOWN_VIOLATIONS - violations())
    assert fixed == [], "fixed, remove from KNOWN_VIOLATIONS:\n" + "\n".join(" — ".join(row) for row in fixed)


def test_in_function_imports_listed_are_still_there():
    found = set()
    for module in project_modules():
        tree = ast.parse((ROOT / module.path).read_text(encoding="utf-8"))
        found |= {(module.path.as_posix(), source) for source in imports_in_functions(module, tree)}
    gone = sorted(set(IN_FUNCTION_IMPORTS) - found)
    assert gone == [], "no longer imported inside a function, remove from IN_FUNCTION_IMPORTS:\n" + "\n".join(
        " — ".join(row) for row in gone
    )
    assert all(IN_FUNCTION_IMPORTS.values()), "every listed import says why it stays in its function"


def test_the_checker_sees_each_kind_of_violation(tmp_path, monkeypatch):
    """The rules above catch what they say (imports inside functions, relative imports, patches)."""
    (tmp_path / "bases" / "models").mkdir(parents=True)
    (tmp_path / "search").mkdir()
    for folder in ("home", "resources", "site"):
        (tmp_path / folder).mkdir()
    (tmp_path / "tests").mkdir()
    (tmp_path / "bases" / "models" / "__init__.py").write_text(
        "def f():\n    from ..sites import views\n    from resources.models import AgeStage\n"
    )
    (tmp_path / "search" / "backends.py").write_text(
        "from importlib import import_module\nfrom lib.backends import sqlite\nimport bases.models\n"
        "from .query import _rank, __version__\nfrom lib import _private\n"
        "sqlite.Indexer = object\nsetattr(sqlite, 'Other', 1)\n"
        "def patch():\n    module = import_module('lib.postgres')\n    module.Indexer = object\n"
    )
    # Inside functions: flagged in a method and in a test, not in AppConfig.ready(), not when listed.
    (tmp_path / "home" / "views.py").write_text(
        "class View:\n    def get(self):\n        from .forms import Form\n"
        "def listed():\n    from home import slow\n"
    )
    (tmp_path / "home" / "apps.py").write_text(
        "class Config:\n    def ready(self):\n        from . import signals\n"
    )
    (tmp_path / "resources" / "models.py").write_text(
        "from home.base_page import by_path\nclass Page:\n    form = by_path('bases.forms.Form')\n"
    )
    (tmp_path / "tests" / "test_x.py").write_text(
        "from search.query import _rank\ndef test():\n    from home.views import View\n"
        "def test_library():\n    from wagtail.models import Page\n    import re\n"
    )
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    monkeypatch.setattr(f"{__name__}.IN_FUNCTION_IMPORTS", {("home/views.py", "home"): "a reason"})
    assert violations() == {
        ("bases/models/__init__.py", "a models module imports a views module", "bases.sites.views"),
        ("bases/models/__init__.py", "domain imports another domain", "resources.models"),
        ("search/backends.py", "search imports a domain", "bases.models"),
        ("search/backends.py", PRIVATE, "search.query._rank"),
        ("search/backends.py", "patches a third-party module", "sqlite.Indexer"),
        ("search/backends.py", "patches a third-party module", "sqlite.*"),
        ("search/backends.py", "patches a third-party module", "module.Indexer"),
        ("bases/models/__init__.py", IN_FUNCTION, "bases.sites"),
        ("bases/models/__init__.py", IN_FUNCTION, "resources.models"),
        ("home/views.py", IN_FUNCTION, "home.forms"),
        ("tests/test_x.py", IN_FUNCTION, "home.views"),
        # In a test, a library's or the standard library's module too (an app may import them
        # inside a function: a model module read once the app registry is ready).
        ("tests/test_x.py", IN_FUNCTION, "wagtail.models"),
        ("tests/test_x.py", IN_FUNCTION, "re"),
        ("resources/models.py", "domain imports another domain", "bases.forms"),
    }
