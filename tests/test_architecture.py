"""The package's shape, checked from its source: imports run one way, down the layers; a feature
uses another only through its service, models or deps; no cycle between top-level packages; SQL
only in repositories and db/; templates name only their own feature's templates and the page
shell's. Each rule also runs on a small made-up package that breaks it, so a rule that cannot
fail is caught too.

The layers, lowest first (README, "Development"):

    config, errors, storable_text,     settings; the error base class; text PostgreSQL can store;
    parent_watch                       child processes that end with their parent
    db                                 pools, units of work, migrations
    ai, speech, documents              pure engines (no database)
    clients, mail, observability       outside services' clients (Stripe, the AI provider, SMTP);
                                       metrics, request ids and logs
    web                                the shared web kit
    auth, billing, ... (FEATURES)      features
    app, jobs, jobs_supervision        assembly
    cli, __main__, serving             the command line (serving: serve's web processes)
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

PACKAGE = "resumepilot"
ROOT = Path(__file__).resolve().parent.parent / PACKAGE
FEATURES = frozenset(
    {
        "auth",
        "billing",
        "bullets",
        "interviews",
        "resumes",
        "dashboard",
        "voice",
        "letters",
        "analyzer",
        "admin",
        "privacy",
    }
)
LAYERS: dict[str, int] = {
    PACKAGE: 0,
    "config": 0,
    "errors": 0,
    "storable_text": 0,
    "parent_watch": 0,
    "db": 1,
    "ai": 2,
    "speech": 2,
    "documents": 2,
    "clients": 3,
    "mail": 3,
    "observability": 3,
    "web": 4,
    **dict.fromkeys(FEATURES, 5),
    "app": 6,
    "jobs": 6,
    "jobs_supervision": 6,
    "cli": 7,
    "__main__": 7,
    "serving": 7,
}
# Pure layers never touch the database.
PURE = frozenset({"ai", "speech", "documents", "clients", "mail"})
# What one feature may import of another.
PUBLIC_MODULES = frozenset({"service", "models", "deps"})
SQL_START = re.compile(
    r"^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|ALTER|DROP|TRUNCATE|GRANT|REVOKE)\s", re.ASCII
)

Graph = Mapping[str, Iterable[str]]


# Reading the package --------------------------------------------------------------------------


def module_name(path: Path, root: Path) -> str:
    parts = [root.name, *path.relative_to(root).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def read_package(root: Path) -> dict[str, str]:
    """module name -> source, for every .py file of the package."""
    return {module_name(p, root): p.read_text("utf-8") for p in sorted(root.rglob("*.py"))}


def imports_of(module: str, source: str, modules: set[str]) -> set[str]:
    """The package's modules that `module` imports anywhere (lazily and for typing too)."""
    found: set[str] = set()
    is_package = any(other.startswith(module + ".") for other in modules)
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's own package upwards
                parts = module.split(".")
                anchor = parts[: len(parts) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in modules else base)
    return {name for name in found if name == PACKAGE or name.startswith(PACKAGE + ".")}


def import_graph(sources: Mapping[str, str]) -> dict[str, set[str]]:
    modules = set(sources)
    return {m: imports_of(m, src, modules) - {m} for m, src in sources.items()}


def top(module: str) -> str:
    """The top-level package (or module) a module belongs to: 'billing' for billing.sync."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


# The rules ------------------------------------------------------------------------------------


def unplaced(graph: Graph) -> list[str]:
    """Top-level packages that no layer names (a new one must be placed on purpose)."""
    return sorted({top(m) for m in graph} - set(LAYERS))


def upward_imports(graph: Graph) -> list[str]:
    """Imports of anything in a layer above the importer's, and of db/ by a pure layer."""
    out = []
    for module, targets in graph.items():
        here = top(module)
        for target in targets:
            there = top(target)
            if there == here or here not in LAYERS or there not in LAYERS:
                continue
            if LAYERS[there] > LAYERS[here]:
                out.append(f"{module} imports {target}: layer {there} is above {here}")
            elif here in PURE and there == "db":
                out.append(f"{module} imports {target}: {here} is pure, it has no database")
    return sorted(out)


def feature_reach_ins(graph: Graph) -> list[str]:
    """A feature importing another feature's insides (anything but service, models, deps)."""
    out = []
    for module, targets in graph.items():
        here = top(module)
        for target in targets:
            there = top(target)
            if here in FEATURES and there in FEATURES and there != here:
                inner = target.split(".")[2:3]
                if not inner or inner[0] not in PUBLIC_MODULES:
                    out.append(f"{module} imports {target}: use {there}'s service, models or deps")
    return sorted(out)


def package_cycles(graph: Graph) -> list[list[str]]:
    """Groups of top-level packages that import each other, directly or round a circle."""
    edges: dict[str, set[str]] = {}
    for module, targets in graph.items():
        here = top(module)
        edges.setdefault(here, set()).update(top(t) for t in targets if top(t) != here)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(cycles)


def sql_outside_repositories(sources: Mapping[str, str]) -> list[str]:
    """String literals that start like SQL, in modules other than repositories and db/."""
    out = []
    for module, source in sources.items():
        if module.endswith(".repository") or top(module) == "db":
            continue
        for node in ast.walk(ast.parse(source)):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and SQL_START.match(node.value)
            ):
                first = node.value.strip().splitlines()[0][:60]
                out.append(f"{module}:{node.lineno}: {first}")
    return sorted(out)


TEMPLATE_REF = re.compile(r"""{%-?\s*(?:include|extends|import|from)\s+["']([^"']+)["']""")


def template_reach_ins(templates: Mapping[str, str]) -> list[str]:
    """Templates naming another feature's templates. `templates` maps 'feature/name.html'
    (web's own: 'web/name.html') to its text. A feature's templates use their own and the page
    shell's (web's, named without a folder); web's use only web's."""
    out = []
    for name, text in templates.items():
        owner = name.split("/", 1)[0]
        for ref in TEMPLATE_REF.findall(text):
            target = ref.split("/", 1)[0] if "/" in ref else "web"
            if target not in (owner, "web"):
                out.append(f"{name} uses {ref}: a template of {target}")
    return sorted(out)


TEMPLATE_NAME = re.compile(r"^(\w+)/[\w/.-]+\.html$")


def templates_named_in_code(sources: Mapping[str, str]) -> list[str]:
    """Python naming another feature's template ('billing/x.html' outside billing); web's code
    names none of the features'."""
    out = []
    for module, source in sources.items():
        here = top(module)
        if here not in FEATURES and here != "web":
            continue
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                match = TEMPLATE_NAME.match(node.value)
                if match and match.group(1) in FEATURES and match.group(1) != here:
                    out.append(f"{module}:{node.lineno}: {node.value}")
    return sorted(out)


def read_templates(root: Path) -> dict[str, str]:
    found = {}
    for path in sorted(root.glob("*/templates/**/*.html")):
        owner = path.parts[len(root.parts)]
        found[f"{owner}/{path.name}"] = path.read_text("utf-8")
    return found


# The package as it is -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sources() -> dict[str, str]:
    return read_package(ROOT)


@pytest.fixture(scope="module")
def graph(sources: dict[str, str]) -> dict[str, set[str]]:
    return import_graph(sources)


def test_the_graph_is_read(graph: dict[str, set[str]]) -> None:
    # Guards the rules below against passing on an empty or unresolved graph.
    assert "resumepilot.bullets.service" in graph["resumepilot.interviews.service"]
    assert "resumepilot.web.deps" in graph["resumepilot.auth.routes"]
    assert "resumepilot.jobs_supervision" in graph["resumepilot.cli"]  # a lazy import counts too


def test_every_package_has_a_layer(graph: dict[str, set[str]]) -> None:
    assert unplaced(graph) == []


def test_imports_run_down_the_layers(graph: dict[str, set[str]]) -> None:
    assert upward_imports(graph) == []


def test_features_meet_through_service_models_or_deps(graph: dict[str, set[str]]) -> None:
    assert feature_reach_ins(graph) == []


def test_no_cycle_between_top_level_packages(graph: dict[str, set[str]]) -> None:
    assert package_cycles(graph) == []


def test_sql_only_in_repositories_and_db(sources: dict[str, str]) -> None:
    assert sql_outside_repositories(sources) == []


def test_templates_use_only_their_own_feature_and_the_page_shell(sources: dict[str, str]) -> None:
    templates = read_templates(ROOT)
    assert "web/base.html" in templates and "billing/_banner.html" in templates
    assert template_reach_ins(templates) == []
    assert templates_named_in_code(sources) == []


# Each rule fails on a package that breaks it ---------------------------------------------------

MADE_UP = {
    "resumepilot.db.pool": "from resumepilot.web.deps import Db\n",  # db above web: upward
    # web above a feature; web and db import each other
    "resumepilot.web.deps": "import resumepilot.billing.service\nfrom resumepilot.db import pool\n",
    "resumepilot.documents.render": "from resumepilot.db import pool\n",  # pure uses db
    "resumepilot.billing.service": "from resumepilot.auth.repository import get_profile\n",
    "resumepilot.auth.service": "from resumepilot.billing import service\n",  # auth <-> billing
    "resumepilot.auth.repository": "",
    "resumepilot.interviews.routes": (
        "def f():\n    from resumepilot.bullets.routes import api\n"  # lazy, still counted
    ),
    "resumepilot.bullets.routes": "",
    "resumepilot.bullets.service": 'ROWS = "SELECT id FROM resume_bullets"\n',
    "resumepilot.bullets.repository": 'ROWS = "SELECT id FROM resume_bullets"\n',
    "resumepilot.interviews.models": 'PAGE = "billing/limit.html"\nOWN = "interviews/a.html"\n',
    "resumepilot.shiny.thing": "from .. import errors\nfrom . import sub\n",  # relative
    "resumepilot.shiny.sub": "",
    "resumepilot.shiny": "",
    "resumepilot.errors": "",
}


def test_the_rules_catch_a_made_up_package_that_breaks_them() -> None:
    graph = import_graph(MADE_UP)
    assert graph["resumepilot.shiny.thing"] == {"resumepilot.errors", "resumepilot.shiny.sub"}
    assert unplaced(graph) == ["shiny"]
    assert upward_imports(graph) == [
        "resumepilot.db.pool imports resumepilot.web.deps: layer web is above db",
        "resumepilot.documents.render imports resumepilot.db.pool: documents is pure, it has no "
        "database",
        "resumepilot.web.deps imports resumepilot.billing.service: layer billing is above web",
    ]
    assert feature_reach_ins(graph) == [
        "resumepilot.billing.service imports resumepilot.auth.repository: use auth's service, "
        "models or deps",
        "resumepilot.interviews.routes imports resumepilot.bullets.routes: use bullets's "
        "service, models or deps",
    ]
    assert package_cycles(graph) == [["auth", "billing"], ["db", "web"]]
    assert sql_outside_repositories(MADE_UP) == [
        "resumepilot.bullets.service:1: SELECT id FROM resume_bullets"
    ]
    assert templates_named_in_code(MADE_UP) == [
        "resumepilot.interviews.models:1: billing/limit.html"
    ]


def test_a_longer_circle_is_a_cycle_and_a_chain_is_not() -> None:
    circle = {
        "resumepilot.auth.service": ["resumepilot.billing.service"],
        "resumepilot.billing.service": ["resumepilot.bullets.service"],
        "resumepilot.bullets.service": ["resumepilot.auth.service"],
    }
    assert package_cycles(circle) == [["auth", "billing", "bullets"]]
    chain = {**circle, "resumepilot.bullets.service": []}
    assert package_cycles(chain) == []


def test_the_template_rule_catches_a_shell_that_names_a_feature() -> None:
    templates = {
        "web/base.html": '{% include "billing/_banner.html" %}',
        "auth/login.html": '{% extends "base.html" %}{% from "_field.html" import f %}',
        "billing/pricing.html": '{% from "billing/_plan_limits.html" import limits %}',
        "interviews/list.html": '{% include "bullets/_answer.html" %}',
    }
    assert template_reach_ins(templates) == [
        "interviews/list.html uses bullets/_answer.html: a template of bullets",
        "web/base.html uses billing/_banner.html: a template of billing",
    ]
