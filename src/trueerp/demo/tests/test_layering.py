"""The demo sits above the apps it fills: nothing imports it, and the host (core) imports no other app."""

from __future__ import annotations

import ast
from pathlib import Path

import trueerp

TRUEERP = Path(trueerp.__file__).parent


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _product_modules(package: str) -> list[Path]:
    return [
        path
        for path in sorted((TRUEERP / package).rglob("*.py"))
        if "tests" not in path.relative_to(TRUEERP).parts and "migrations" not in path.parts
    ]


def _offenders(paths: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{path.relative_to(TRUEERP)} imports {name}"
        for path in paths
        for name in sorted(_imports(path))
        if name.startswith(forbidden)
    ]


def test_no_app_imports_the_demo():
    apps = [p.name for p in TRUEERP.iterdir() if p.is_dir() and p.name not in ("demo", "__pycache__")]
    paths = [path for app in apps for path in _product_modules(app)]
    paths += sorted(TRUEERP.glob("*.py"))
    assert len(paths) > 50
    assert _offenders(paths, ("trueerp.demo",)) == []


def test_core_imports_no_other_app():
    others = ("trueerp.financial", "trueerp.integrations", "trueerp.sage_intacct", "trueerp.demo")
    paths = _product_modules("core")
    assert len(paths) > 5
    assert _offenders(paths, others) == []


def test_the_offender_check_sees_an_import(tmp_path: Path):
    module = tmp_path / "bad.py"
    module.write_text("from trueerp.demo.seed import seed_demo_data\nimport trueerp.demo.people\n")
    assert _imports(module) == {"trueerp.demo.seed", "trueerp.demo.people"}
