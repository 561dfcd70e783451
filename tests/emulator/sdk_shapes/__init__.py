"""The official SDKs' function shapes (PHP 202 + .NET/JS-only 22), with the emulator's expected answer."""

from __future__ import annotations

from .base import NOT_MODELLED, SUCCESS, Setup, Shape
from .common import COMMON, COMPANY, PLATFORM
from .extras import EXTRAS
from .ledger import CASH, CONSOLIDATIONS, EXPENSES, INVENTORY, LEDGER
from .operations import ORDERS, PROJECTS, PURCHASES
from .payables import PAYABLES, RECEIVABLES
from .setups import SETUPS

SHAPES: list[Shape] = [
    *PAYABLES,
    *RECEIVABLES,
    *CASH,
    *COMMON,
    *COMPANY,
    *PLATFORM,
    *EXPENSES,
    *LEDGER,
    *CONSOLIDATIONS,
    *INVENTORY,
    *ORDERS,
    *PURCHASES,
    *PROJECTS,
    *EXTRAS,
]

__all__ = ["NOT_MODELLED", "SETUPS", "SHAPES", "SUCCESS", "Setup", "Shape"]
