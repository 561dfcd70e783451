"""Conformance with the official SDKs: every function class's XML gets Intacct's answer.

One test per function shape of the PHP SDK (202) and of the classes only the .NET/JS SDKs have
(22). Each runs on a freshly reset demo company, after the prerequisites it names, and must get
exactly the expected answer: success, Intacct's error for the SDK's default (empty) values, or
EMU-UNSUPPORTED for the few functions the README lists as not modelled.
"""

from __future__ import annotations

from collections import Counter

import pytest

from intacct_emulator.testing import EmulatorHandle

from .sdk_shapes import NOT_MODELLED, SHAPES, Shape
from .sdk_shapes.harness import run

PHP_SHAPES = 202
EXTRA_SHAPES = 22


def _id(shape: Shape) -> str:
    n = sum(1 for s in SHAPES[: SHAPES.index(shape)] if s.sdk == shape.sdk) + 1
    return f"{shape.sdk}#{n}"


@pytest.mark.parametrize("shape", SHAPES, ids=[_id(s) for s in SHAPES])
def test_sdk_function_shape_gets_intaccts_answer(emu: EmulatorHandle, shape: Shape) -> None:
    answer = run(emu.base_url, shape)
    assert not answer.crashed, answer.text
    assert (answer.outcome, answer.understood) == (shape.expect, shape.expect != NOT_MODELLED), answer.text


def test_shape_catalogue_covers_the_sdks_and_most_are_understood() -> None:
    by_sdk = Counter(s.sdk.split(":")[0] for s in SHAPES)
    assert by_sdk == {"php": PHP_SHAPES, "net": EXTRA_SHAPES}
    modules = Counter(s.module for s in SHAPES if s.sdk.startswith("php:"))
    assert modules == {
        "AccountsPayable": 32,
        "AccountsReceivable": 25,
        "CashManagement": 9,
        "Common": 34,
        "Company": 31,
        "DataDeliveryService": 4,
        "EmployeeExpense": 16,
        "GeneralLedger": 12,
        "GlobalConsolidations": 2,
        "InventoryControl": 9,
        "OrderEntry": 7,
        "PlatformServices": 2,
        "Projects": 12,
        "Purchasing": 7,
    }
    php = [s for s in SHAPES if s.sdk.startswith("php:")]
    understood = sum(1 for s in php if s.expect != NOT_MODELLED)
    total = sum(1 for s in SHAPES if s.expect != NOT_MODELLED)
    print(f"understood: PHP {understood}/{len(php)}, all official SDK shapes {total}/{len(SHAPES)}")
    assert understood / len(php) >= 0.8
