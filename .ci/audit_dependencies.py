"""CI's dependency audit: pip-audit against requirements.lock, judged the way the project wants.

A known vulnerability in a pinned package fails the run. Not being able to reach the vulnerability
data (no network, the index answers 404 for a release, pip-audit cannot start its service) is a
warning, because it says nothing about the dependencies. Either way the result is printed, one line
per finding, so a reader of the CI log sees what was checked.

Usage: python .ci/audit_dependencies.py [--pip-audit PATH] [--lock requirements.lock]
Exit status: 0 clean or unreachable (warning printed), 1 a known vulnerability.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class AuditResult:
    audited: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    vulnerable: list[str] = field(default_factory=list)
    unreachable: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.vulnerable)


def interpret(report_text: str, stderr: str = "") -> AuditResult:
    """Read pip-audit's JSON report; a missing or unreadable report means the data was unreachable."""
    result = AuditResult()
    try:
        report = json.loads(report_text) if report_text.strip() else None
    except json.JSONDecodeError:
        report = None
    if not isinstance(report, dict) or not isinstance(report.get("dependencies"), list):
        last = stderr.strip().splitlines()[-1] if stderr.strip() else "pip-audit wrote no report"
        result.unreachable = last
        return result
    for dependency in report["dependencies"]:
        name = f"{dependency.get('name')}=={dependency.get('version', '?')}"
        if dependency.get("skip_reason"):
            result.skipped.append(f"{dependency.get('name')}: {dependency['skip_reason']}")
            continue
        result.audited.append(name)
        for vuln in dependency.get("vulns") or []:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fixed release yet"
            aliases = ", ".join(vuln.get("aliases") or [])
            ident = vuln.get("id", "?") + (f" ({aliases})" if aliases else "")
            result.vulnerable.append(f"{name}: {ident}; fixed in {fixes}")
    return result


def report_lines(result: AuditResult) -> list[str]:
    lines: list[str] = []
    if result.unreachable:
        lines.append(f"WARNING: the vulnerability data could not be reached: {result.unreachable}")
        lines.append("WARNING: nothing was audited; this is not a failure.")
        return lines
    lines.extend(f"VULNERABLE: {line}" for line in result.vulnerable)
    if result.skipped:
        lines.append(
            f"WARNING: {len(result.skipped)} package(s) could not be audited "
            "(their vulnerability data was not reachable):"
        )
        lines.extend(f"  {line}" for line in result.skipped)
    lines.append(
        f"pip-audit: {len(result.audited)} audited, {len(result.skipped)} not reachable, "
        f"{len(result.vulnerable)} known vulnerabilit{'y' if len(result.vulnerable) == 1 else 'ies'}."
    )
    return lines


def run_pip_audit(pip_audit: str, lock: Path) -> AuditResult:
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / "audit.json"
        try:
            completed = subprocess.run(
                [
                    pip_audit,
                    "--requirement",
                    str(lock),
                    "--no-deps",
                    "--disable-pip",
                    "--progress-spinner",
                    "off",
                    "--format",
                    "json",
                    "--output",
                    str(output),
                ],
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            return AuditResult(unreachable=f"pip-audit did not run: {error}")
        text = output.read_text(encoding="utf-8") if output.exists() else ""
        return interpret(text, completed.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pip-audit", default=str(ROOT / ".venv" / "bin" / "pip-audit"))
    parser.add_argument("--lock", type=Path, default=ROOT / "requirements.lock")
    args = parser.parse_args(argv)
    result = run_pip_audit(args.pip_audit, args.lock)
    for line in report_lines(result):
        print(line)
    return 1 if result.failed else 0


if __name__ == "__main__":
    sys.exit(main())
