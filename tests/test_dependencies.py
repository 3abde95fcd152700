"""Every module the app imports at run time comes from a distribution that pyproject declares in
`dependencies` (not only in the test extras), so a plain `pip install resumepilot` runs."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "resumepilot"

# Modules an SDK imports only when we use one of its features: the attribute we touch -> the
# module it needs. Such an import is invisible in our own source, yet fails at run time.
IMPORTED_ON_OUR_BEHALF = {
    ("stripe", "HTTPXClient"): "httpx",
}


def _requirement_name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0]


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared_distributions() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {_canonical(_requirement_name(r)) for r in project["dependencies"]}


def runtime_imports() -> dict[str, set[str]]:
    """Top-level third-party modules the package imports -> the files importing them."""
    found: dict[str, set[str]] = {}

    def add(module: str, path: Path) -> None:
        top = module.split(".")[0]
        if top != "resumepilot" and top not in sys.stdlib_module_names and top != "__future__":
            found.setdefault(top, set()).add(str(path.relative_to(ROOT)))

    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    add(alias.name, path)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                add(node.module, path)
            elif (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and (node.value.id, node.attr) in IMPORTED_ON_OUR_BEHALF
            ):
                add(IMPORTED_ON_OUR_BEHALF[(node.value.id, node.attr)], path)
    return found


def test_the_walk_finds_the_imports_it_must_judge() -> None:
    # Guards the walker itself: without these it would pass on anything.
    found = runtime_imports()
    for module in ("fastapi", "psycopg", "stripe", "httpx", "typst"):
        assert module in found, module


def test_every_runtime_import_is_provided_by_a_declared_dependency() -> None:
    declared = declared_distributions()
    providers = packages_distributions()
    problems = []
    for module, files in sorted(runtime_imports().items()):
        distributions = {_canonical(d) for d in providers.get(module, [])}
        if not distributions:
            problems.append(f"{module} (imported by {', '.join(sorted(files))}) is not installed")
        elif not distributions & declared:
            problems.append(
                f"{module} (imported by {', '.join(sorted(files))}) comes from "
                f"{', '.join(sorted(distributions))}, which pyproject's "
                "`dependencies` does not declare"
            )
    assert problems == []
