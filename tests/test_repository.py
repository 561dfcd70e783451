"""The repository stands alone and its dependencies are pinned once, audited by CI.

* Nothing that runs (code, tests, benchmarks, Makefile, CI) reads the reference folder that sits
  beside the repository on a developer's machine: a fresh clone must test green on its own.
* pyproject.toml and requirements.lock agree on every pin, and pip-audit is one of them.
* CI's audit step fails on a known vulnerability and only warns when the data cannot be reached.
"""

from __future__ import annotations

import importlib.util
import json
import re
import stat
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Spelt in pieces so that this file does not find itself.
OUTSIDE_PATHS = (
    "../" + "shared",
    "/work/" + "shared",
    "parent / " + '"shared"',
    "parents[2] / " + '"shared"',
)


def _run_time_files() -> list[Path]:
    files = [ROOT / "Makefile", ROOT / "Procfile", ROOT / "pyproject.toml", *sorted((ROOT / ".ci").iterdir())]
    for folder in ("src", "tests", "bench"):
        files.extend(
            p for p in sorted((ROOT / folder).rglob("*")) if p.suffix in {".py", ".cfg", ".ini", ".sh"}
        )
    return [path for path in files if path.is_file()]


def test_nothing_that_runs_reads_the_reference_folder_beside_the_repository():
    offenders = [
        f"{path.relative_to(ROOT)}: {needle}"
        for path in _run_time_files()
        for needle in OUTSIDE_PATHS
        if needle in path.read_text(encoding="utf-8", errors="replace")
    ]
    assert offenders == []


def test_ci_runs_the_sqlite_make_test_inside_a_fresh_clone_with_nothing_beside_it():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    clone = script.index('git clone --quiet --no-checkout "$PWD" "$standalone"')
    sqlite_run = script.index('(cd "$standalone" && env -u PYTHONPATH -u VIRTUAL_ENV make test')
    assert 'standalone_root="$(mktemp -d /tmp/trueerp-standalone.XXXXXX)"' in script
    assert clone < sqlite_run
    # The SQLite run happens only there; the PostgreSQL run stays in the checkout.
    assert script.count("make test PYTEST_ARGS=") == 2
    assert 'DATABASE_URL="postgres://' in script


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(lines: list[str]) -> dict[str, str]:
    pins = {}
    for line in lines:
        requirement = line.split(";")[0].strip()
        if not requirement or requirement.startswith("#"):
            continue
        name, _, version = requirement.partition("==")
        pins[_normalise(re.sub(r"\[.*\]", "", name))] = version
    return pins


def test_every_pin_in_pyproject_is_the_same_in_requirements_lock():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = _pins([*project["dependencies"], *project["optional-dependencies"]["dev"]])
    locked = _pins((ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines())
    assert all("==" in d for d in [*project["dependencies"], *project["optional-dependencies"]["dev"]])
    mismatched = {
        name: (version, locked.get(name)) for name, version in declared.items() if locked.get(name) != version
    }
    assert mismatched == {}
    assert declared["pip-audit"] == locked["pip-audit"] == "2.10.1"
    assert declared["django"].startswith("5.2.")


def _audit_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "audit_dependencies", ROOT / ".ci" / "audit_dependencies.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _fake_pip_audit(tmp_path: Path, report: object | None, stderr: str = "", code: int = 0) -> Path:
    """An executable that behaves like pip-audit: writes `report` to --output, prints `stderr`."""
    script = tmp_path / "pip-audit"
    payload = json.dumps(report) if report is not None else ""
    script.write_text(
        f"#!{sys.executable}\n"
        "import sys\n"
        "args = sys.argv[1:]\n"
        f"payload = {payload!r}\n"
        "if payload:\n"
        "    open(args[args.index('--output') + 1], 'w').write(payload)\n"
        f"sys.stderr.write({stderr!r})\n"
        f"sys.exit({code})\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def test_the_audit_fails_on_a_known_vulnerability_and_names_it(tmp_path, capsys):
    report = {
        "dependencies": [
            {
                "name": "django",
                "version": "5.2.1",
                "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.2"], "aliases": ["CVE-2025-0001"]}],
            },
            {"name": "httpx", "version": "0.28.1", "vulns": []},
        ]
    }
    fake = _fake_pip_audit(tmp_path, report, code=1)
    assert _audit_module().main(["--pip-audit", str(fake), "--lock", str(ROOT / "requirements.lock")]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "VULNERABLE: django==5.2.1: PYSEC-2025-1 (CVE-2025-0001); fixed in 5.2.2",
        "pip-audit: 2 audited, 0 not reachable, 1 known vulnerability.",
    ]


def test_unreachable_vulnerability_data_is_a_warning_not_a_failure(tmp_path, capsys):
    report = {
        "dependencies": [
            {
                "name": "amqp",
                "skip_reason": "Dependency not found on PyPI and could not be audited: amqp (5.4.2)",
            },
            {"name": "httpx", "version": "0.28.1", "vulns": []},
        ]
    }
    fake = _fake_pip_audit(tmp_path, report)
    assert _audit_module().main(["--pip-audit", str(fake)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "WARNING: 1 package(s) could not be audited (their vulnerability data was not reachable):",
        "  amqp: Dependency not found on PyPI and could not be audited: amqp (5.4.2)",
        "pip-audit: 1 audited, 1 not reachable, 0 known vulnerabilities.",
    ]


def test_no_report_at_all_because_the_service_is_unreachable_is_a_warning(tmp_path, capsys):
    fake = _fake_pip_audit(
        tmp_path, None, stderr="ConnectionError: could not reach the vulnerability service\n", code=1
    )
    assert _audit_module().main(["--pip-audit", str(fake)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "WARNING: the vulnerability data could not be reached: ConnectionError: could not reach the vulnerability service",
        "WARNING: nothing was audited; this is not a failure.",
    ]


@pytest.mark.parametrize("missing", ["/nonexistent/pip-audit"])
def test_a_pip_audit_that_cannot_start_is_a_warning(missing, capsys):
    assert _audit_module().main(["--pip-audit", missing]) == 0
    assert capsys.readouterr().out.startswith(
        "WARNING: the vulnerability data could not be reached: pip-audit did not run:"
    )
