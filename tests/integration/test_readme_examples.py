"""Every ```python block of src/intacct/README.md runs, in order and in one namespace.

The README's examples are written for production: credentials from the environment and the
default ``https://api.intacct.com`` endpoint. To run them unchanged, this test starts the emulator,
makes it advertise the production endpoint from getAPISession, points the INTACCT_* variables and
a profile file at it, and swaps the client's default transport for a real httpx transport that
delivers ``https://*.intacct.com`` requests to the emulator over loopback HTTP.

An HTML comment right before a block can prepare the emulator for it:
``<!-- readme-test: inject <fault kind> -->`` injects one fault of that kind.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

import intacct.client
from intacct import DEFAULT_ENDPOINT_URL
from intacct.transport import HttpxTransport, Timeout, TransportResponse

if TYPE_CHECKING:
    from intacct_emulator.testing import EmulatorHandle

emulator_testing = pytest.importorskip("intacct_emulator.testing")

pytestmark = pytest.mark.emulator

README = Path(__file__).resolve().parents[2] / "src" / "intacct" / "README.md"
BLOCK = re.compile(
    r"(?:<!-- readme-test: (?P<directive>[^>]*?) -->\n)?```python\n(?P<code>.*?)```", re.DOTALL
)


def python_blocks() -> list[tuple[int, str | None, str]]:
    """(line number, directive, code) for each python block, in file order."""
    text = README.read_text(encoding="utf-8")
    return [
        (text.count("\n", 0, match.start("code")) + 1, match.group("directive"), match.group("code"))
        for match in BLOCK.finditer(text)
    ]


class RoutedTransport(HttpxTransport):
    """Real HTTP, but requests for Intacct hosts go to the emulator."""

    target = ""

    def post(self, url: str, body: bytes, headers: Mapping[str, str], timeout: Timeout) -> TransportResponse:
        parts = urlsplit(url)
        if parts.hostname and parts.hostname.endswith(".intacct.com"):
            url = self.target + parts.path
        return super().post(url, body, headers, timeout)


@pytest.fixture
def production_like(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[EmulatorHandle]:
    with emulator_testing.run_emulator() as emu:
        emu.app.emu.public_endpoint = DEFAULT_ENDPOINT_URL
        credentials = emu.credentials
        for name in ("sender_id", "sender_password", "company_id", "user_id", "user_password"):
            monkeypatch.setenv(f"INTACCT_{name.upper()}", credentials[name])
        for name in ("INTACCT_ENTITY_ID", "INTACCT_ENDPOINT_URL", "INTACCT_PROFILE"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("HOME", str(tmp_path))
        profile = tmp_path / ".intacct" / "credentials.ini"
        profile.parent.mkdir()
        profile.write_text(
            "[sandbox]\n"
            + "".join(f"{name} = {credentials[name]}\n" for name in ("sender_id", "company_id")),
            encoding="utf-8",
        )
        monkeypatch.setattr(RoutedTransport, "target", emu.base_url)
        monkeypatch.setattr(intacct.client, "HttpxTransport", RoutedTransport)
        logger = logging.getLogger("intacct")
        level = logger.level
        try:
            yield emu
        finally:
            logger.setLevel(level)


def test_the_readme_has_examples_for_every_section() -> None:
    blocks = python_blocks()
    assert len(blocks) >= 15
    assert {directive for _, directive, _ in blocks} <= {None, "inject drop_after_commit"}


def test_every_python_example_in_the_readme_runs(
    production_like: EmulatorHandle, capsys: pytest.CaptureFixture[str]
) -> None:
    namespace: dict[str, Any] = {"__name__": "readme"}
    for line, directive, code in python_blocks():
        if directive is not None:
            verb, _, argument = directive.partition(" ")
            assert verb == "inject", directive
            production_like.inject_fault(argument, count=1)
        try:
            exec(compile(code, f"{README.name}:{line}", "exec"), namespace)  # noqa: S102 - our own README
        except Exception as exc:  # pragma: no cover - the message is the point
            pytest.fail(f"README example at line {line} raised {type(exc).__name__}: {exc}")
    output = capsys.readouterr().out

    # The outcomes the README promises in its comments.
    assert "refused: endpoint host '127.0.0.1'" in output
    assert output.count("refused: Create (function control id") == 3
    assert "['success', 'failure', 'success']" in output
    assert "['aborted', 'failure']" in output
    assert "[100, 100, 50]" in output
    assert "{'CLASSID': 'UK-README', 'MEGAENTITYID': 'UK'}" in output
    assert "(NAME = 'Bob\\'s Pizza' AND WHENMODIFIED > '01/31/2026')" in output
    assert "no definite answer for" in output  # the injected fault really hit the write
    assert "copies in Intacct: 1" in output
    assert "ResultError failure create False" in output
    assert re.search(r"GLBATCH \d+ in EUR", output)
    assert re.search(r"bill \d+ paid: True", output)
    assert "{'CURRENCY': 'GBP', 'EXCHANGE_RATE': Decimal('1.2712')}" in output
    assert (
        "refused: currency must be a three-letter ISO 4217 code in capitals such as 'EUR', got 'eur'"
        in output
    )
    assert re.search(r"\d+ accounts; the ledger balances: True", output)
    assert "report R-42 [('V100', '120.00')] False" in output
    assert "report R-42 [('V200', '80.00')] True" in output
    assert namespace["client"]._shared.transport._client.is_closed
