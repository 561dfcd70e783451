"""Only the state machine writes a sync job's state or a record's sync status (read from the code)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[4]
STATE_PACKAGE = SRC / "trueerp" / "sage_intacct" / "sync" / "services" / "state"
GUARDED = {"SyncJob": "state", "TransactionSyncState": "status"}
WRITES = {"update", "create", "bulk_create", "update_or_create", "get_or_create"}


def _root_name(node: ast.AST) -> str:
    while isinstance(node, ast.Attribute | ast.Call):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else ""


def writes_outside_the_state_machine(src: Path = SRC) -> set[str]:
    found = set()
    state_package = src / STATE_PACKAGE.relative_to(SRC)
    for path in (src / "trueerp").rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or state_package in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            model = _root_name(node.func.value)
            column = GUARDED.get(model)
            if column is None or node.func.attr not in WRITES:
                continue
            keywords = {k.arg for k in node.keywords}
            if (
                node.func.attr in ("update", "update_or_create")
                and column not in keywords
                and "defaults" not in keywords
            ):
                continue  # e.g. the heartbeat renewing claimed_until: not a change of state
            if node.func.attr == "get_or_create" and column not in keywords:
                continue  # a record read into existence says "not synced"; not a transition
            found.add(f"{path.relative_to(src)}:{node.lineno} {model}.{node.func.attr}")
    return found


def test_no_module_outside_the_state_machine_writes_sync_state():
    assert writes_outside_the_state_machine() == set()


def test_the_check_sees_a_write_when_there_is_one(tmp_path):
    """The scanner itself: a write outside the package is reported, one inside is not."""
    outside = tmp_path / "trueerp" / "sage_intacct" / "sync" / "services" / "rogue.py"
    inside = tmp_path / STATE_PACKAGE.relative_to(SRC) / "fine.py"
    for path in (outside, inside):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("SyncJob.objects.filter(pk=1).update(state='queued')\n", encoding="utf-8")
    assert writes_outside_the_state_machine(tmp_path) == {
        "trueerp/sage_intacct/sync/services/rogue.py:1 SyncJob.update"
    }
