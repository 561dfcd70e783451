"""The emulator package's shape: no import circles, no hidden imports, small modules, no Django/intacct.

These are rules of the project guide that code review alone kept missing (the console and the
control plane used to import each other inside functions), so they are checked on every run.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "intacct_emulator"
MAX_LINES = 500


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(module: str, is_package: bool, level: int, target: str | None) -> str:
    base = module.split(".") if is_package else module.split(".")[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join([*base, target] if target else base)


def _imports(name: str, path: Path, known: set[str]) -> tuple[set[str], list[str]]:
    """Package-internal modules ``name`` imports, and imports found inside functions."""
    tree = ast.parse(path.read_text())
    is_package = path.name == "__init__.py"
    edges: set[str] = set()
    nested: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    nested.append(f"{name}:{inner.lineno}")
        if isinstance(node, ast.ImportFrom):
            target = _resolve(name, is_package, node.level, node.module) if node.level else node.module or ""
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                edges.add(candidate if candidate in known else target)
        elif isinstance(node, ast.Import):
            edges.update(a.name for a in node.names)
    return {e for e in edges if e in known and e != name}, nested


def test_no_import_circles_and_no_imports_inside_functions() -> None:
    mods = _modules()
    known = set(mods)
    graph: dict[str, set[str]] = {}
    nested: list[str] = []
    for name, path in mods.items():
        graph[name], inner = _imports(name, path, known)
        nested += inner
    # only the pytest fixture factory in testing.py may import pytest lazily (tests only need it)
    assert [n for n in nested if not n.startswith("intacct_emulator.testing:")] == []
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            # a package importing its own submodules (objects/__init__ registering families) is not a circle
            if nxt.startswith(node + "."):
                continue
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt] if nxt in stack else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_every_module_is_small_and_imports_neither_django_nor_intacct() -> None:
    too_long = {}
    forbidden = []
    for name, path in _modules().items():
        text = path.read_text()
        lines = text.count("\n")
        if lines > MAX_LINES:
            too_long[name] = lines
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Import):
                roots = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                roots = [(node.module or "").split(".")[0]]
            else:
                continue
            forbidden += [f"{name}: {r}" for r in roots if r in ("django", "intacct", "trueerp")]
    assert forbidden == []
    assert too_long == {}


def test_console_python_writes_no_html() -> None:
    """Console markup lives in templates (auto-escaped); Python only picks what to show."""
    offenders = []
    for path in sorted((PACKAGE / "console").glob("*.py")):
        tree = ast.parse(path.read_text())
        docstrings = {
            id(n.body[0].value)
            for n in ast.walk(tree)
            if isinstance(n, ast.Module | ast.FunctionDef | ast.ClassDef)
            and n.body
            and isinstance(n.body[0], ast.Expr)
            and isinstance(n.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
                and re.search(r"</?[a-z][a-z0-9]*[ >/]", node.value)
            ):
                offenders.append(f"{path.name}:{node.lineno}: {node.value[:40]!r}")
    assert offenders == []
