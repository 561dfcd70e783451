"""The layout's rules, read from the code's own imports (every import, also those inside functions).

docs/architecture.md describes the layers; this test keeps them true: the emulator and the client stand
alone, the host apps never reach up into the integrations, the Sage Intacct module's capability
packages import each other only downward, and no two modules anywhere in src/ import each other in a
circle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

# The Sage Intacct module's capability packages, from the bottom up: each may import only those before it.
CAPABILITY_ORDER = (
    "progress",
    "connection",
    "reference",
    "mapping",
    "sync",
    "automation",
    "projects",
    "reports",
    "actions",
    "log",
    "status",
    "help",
)
# The module's root: wiring (apps, urls) may import any capability; capabilities may import permissions.
MODULE_ROOT_WIRING = {"trueerp.sage_intacct.apps", "trueerp.sage_intacct.urls"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(path): path for path in SRC.rglob("*.py")}


def imports_of(name: str) -> set[str]:
    """Every module `name` imports, resolved to modules of src/ where they are ours."""
    path = modules()[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in modules() else base)
    return found


def product_modules() -> Iterator[str]:
    for name, path in modules().items():
        if "tests" in path.parts or path.name == "conftest.py" or "migrations" in path.parts:
            continue
        yield name


def top(name: str) -> str:
    return name.split(".")[0]


def test_the_emulator_imports_neither_the_client_nor_django():
    offenders = {
        (name, target)
        for name in modules()
        if top(name) == "intacct_emulator"
        for target in imports_of(name)
        if top(target) in {"intacct", "django", "trueerp"}
    }
    assert offenders == set()


def test_the_client_imports_no_django_and_nothing_of_trueerp():
    offenders = {
        (name, target)
        for name in modules()
        if top(name) == "intacct"
        for target in imports_of(name)
        if top(target) in {"django", "trueerp", "intacct_emulator"}
    }
    assert offenders == set()


def _app_of(name: str) -> str:
    parts = name.split(".")
    return parts[1] if parts[0] == "trueerp" and len(parts) > 1 else ""


@pytest.mark.parametrize(
    ("app", "forbidden"),
    [
        ("core", {"financial", "integrations", "sage_intacct", "demo"}),
        ("financial", {"integrations", "sage_intacct", "demo"}),
        ("integrations", {"sage_intacct", "demo"}),
        ("sage_intacct", {"demo"}),
    ],
)
def test_host_apps_never_import_what_sits_above_them(app, forbidden):
    offenders = {
        (name, target)
        for name in product_modules()
        if _app_of(name) == app
        for target in imports_of(name)
        if _app_of(target) in forbidden
    }
    assert offenders == set()


def _capability(name: str) -> str | None:
    parts = name.split(".")
    if parts[:2] != ["trueerp", "sage_intacct"] or len(parts) < 3:
        return None
    return parts[2] if parts[2] in CAPABILITY_ORDER else None


def test_capability_packages_import_each_other_only_downward():
    offenders = set()
    for name in product_modules():
        own = _capability(name)
        if own is None:
            continue
        for target in imports_of(name):
            other = _capability(target)
            if other is not None and CAPABILITY_ORDER.index(other) > CAPABILITY_ORDER.index(own):
                offenders.add((name, target))
    assert offenders == set()


def test_every_sage_intacct_module_belongs_to_a_capability_or_the_root():
    root = {"trueerp.sage_intacct", "trueerp.sage_intacct.permissions", *MODULE_ROOT_WIRING}
    strays = {
        name
        for name in product_modules()
        if name.startswith("trueerp.sage_intacct") and name not in root and _capability(name) is None
    }
    assert strays == set()


def test_no_import_circles_anywhere_in_src():
    graph = {name: {t for t in imports_of(name) if t in modules() and t != name} for name in modules()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in graph[node]:
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    assert circles == []


def test_pre_validation_names_the_create_action_by_the_sync_models_value():
    import django

    django.setup()
    from trueerp.sage_intacct.mapping.services.prevalidation import CREATE
    from trueerp.sage_intacct.sync.models import SyncAction

    assert CREATE == SyncAction.CREATE.value == "create"
