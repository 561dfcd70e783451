from __future__ import annotations

from collections.abc import Iterator

import pytest

from intacct_emulator.testing import EmulatorHandle, run_emulator
from trueerp.sage_intacct.connection.clients import forget_clients
from trueerp.sage_intacct.tests.sync_support import connected, master  # noqa: F401  (shared fixtures for sync tests)


@pytest.fixture(scope="session")
def emulator_server() -> Iterator[EmulatorHandle]:
    with run_emulator(seed="demo") as handle:
        yield handle


@pytest.fixture
def emulator(emulator_server: EmulatorHandle) -> Iterator[EmulatorHandle]:
    """A freshly reset demo emulator for each test (same server, state wiped and re-seeded)."""
    emulator_server.reset("demo")
    forget_clients()
    yield emulator_server
    emulator_server.clear_faults()
    emulator_server.set_latency(0)
    forget_clients()
