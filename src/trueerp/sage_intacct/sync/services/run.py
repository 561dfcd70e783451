"""What one worker run shares with the reconciliation it performs: how it gets a client, what it counts.

Kept below both `engine` and `reconcile` so that the engine can reconcile and reconciliation can report
into the engine's run without the two importing each other.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from dataclasses import dataclass

from intacct import IntacctClient
from trueerp.core.models import Company
from trueerp.sage_intacct.connection.clients import client_for_company

ClientFactory = Callable[[Company, str], IntacctClient]


def default_client_factory(company: Company, entity_id: str) -> IntacctClient:
    return client_for_company(company, entity_id)


@dataclass
class RunReport:
    batches: int = 0
    requests: int = 0
    synced: int = 0
    failed: int = 0
    blocked: int = 0
    unconfirmed: int = 0
    retried: int = 0
    reconciled: int = 0
    lookup_errors: int = 0
    busy: bool = False
    paused: bool = False  # Intacct rejected the credentials: the company's queue is paused
    auth_error: Exception | None = None  # what rejected them (handled once per run by the engine)


def worker_name() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"
