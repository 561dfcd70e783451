"""The package's import structure: dependencies point one way and nothing hides a circle.

Every import statement counts, wherever it is (module level, inside a function, under
``if TYPE_CHECKING``), so a circle cannot be "broken" by moving an import out of sight.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "intacct"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def trees() -> dict[str, ast.Module]:
    return {
        module_name(path): ast.parse(path.read_text(encoding="utf-8"), str(path))
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def import_graph() -> dict[str, set[str]]:
    modules = trees()
    return {
        name: {dep for dep in imported_modules(tree) if dep in modules and dep != name}
        for name, tree in modules.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for dep in sorted(graph[node]):
            if dep not in index:
                visit(dep)
                low[node] = min(low[node], low[dep])
            elif dep in on_stack:
                low[node] = min(low[node], index[dep])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_circle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_package_has_no_import_circles() -> None:
    graph = import_graph()
    assert {"intacct.client", "intacct.pagination", "intacct.errors", "intacct.response"} <= set(graph)
    assert cycles(graph) == []


def test_low_modules_stay_low() -> None:
    graph = import_graph()
    assert graph["intacct.pagination"].isdisjoint({"intacct.client"})
    assert graph["intacct.errors"] == {"intacct._shapes"}
    assert graph["intacct._shapes"] == set()


def test_no_intacct_import_is_hidden_in_a_function_or_a_type_checking_block() -> None:
    hidden: list[str] = []
    for name, tree in trees().items():
        for node in ast.walk(tree):
            nested = (
                node.body
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                else node.body
                if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
                else []
            )
            for statement in nested:
                for inner in ast.walk(statement):
                    if isinstance(inner, ast.Import | ast.ImportFrom) and any(
                        module.startswith("intacct") for module in imported_modules(inner)
                    ):
                        hidden.append(f"{name}:{inner.lineno}")
    assert hidden == []


def test_the_client_package_never_imports_django_the_app_or_the_emulator() -> None:
    forbidden = ("django", "trueerp", "intacct_emulator")
    offenders = {
        name: sorted(dep for dep in imported_modules(tree) if dep.split(".")[0] in forbidden)
        for name, tree in trees().items()
    }
    assert {name: deps for name, deps in offenders.items() if deps} == {}
