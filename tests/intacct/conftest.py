from __future__ import annotations

from pathlib import Path

import pytest

from intacct import ClientConfig, IntacctClient
from intacct.testing import FakeTransport

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = REPO_ROOT / "tests" / "fixtures" / "intacct"

SENDER_PASSWORD = "s3nder-Pa55&<word>"
USER_PASSWORD = "us3r-Pa55%word"
EMULATOR_URL = "http://127.0.0.1:8300/ia/xml/xmlgw.phtml"


def fixture_text(name: str) -> str:
    """Fixture files start with a one-line source comment, which is not part of the sample."""
    text = (FIXTURES / name).read_text(encoding="utf-8")
    first, _, rest = text.partition("\n")
    assert first.startswith("<!-- source:")
    return rest


def fixture_bytes(name: str) -> bytes:
    return fixture_text(name).encode("utf-8")


def make_config(**overrides: object) -> ClientConfig:
    values: dict[str, object] = {
        "sender_id": "trueerp_sender",
        "sender_password": SENDER_PASSWORD,
        "company_id": "TRUE-DEMO",
        "user_id": "api_sync",
        "user_password": USER_PASSWORD,
        "endpoint_url": "https://api.intacct.com/ia/xml/xmlgw.phtml",
        "backoff_initial": 0.01,
        "backoff_max": 0.05,
    }
    values.update(overrides)
    return ClientConfig(**values)  # type: ignore[arg-type]


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def transport() -> FakeTransport:
    return FakeTransport()


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def login_client(transport: FakeTransport, sleeps: Sleeps) -> IntacctClient:
    """A client that logs in on every request, so tests see exactly one HTTP call per request."""
    return IntacctClient(make_config(use_sessions=False), transport=transport, sleep=sleeps)
