"""Shared fixtures: one emulator per module, reset to the demo seed before each test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from intacct_emulator.testing import EmulatorHandle, run_emulator

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "intacct"


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorHandle]:
    with run_emulator() as handle:
        yield handle


@pytest.fixture
def emu(server: EmulatorHandle) -> EmulatorHandle:
    server.reset()
    server.control("clock", {"real": True})
    server.set_concurrency_limit(16)
    return server
