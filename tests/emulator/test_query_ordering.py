"""Ordering of mixed columns in the emulator's query engine."""

from __future__ import annotations

from decimal import Decimal

from intacct_emulator.query import sort_key


def test_mixed_values_sort_numbers_then_dates_then_text() -> None:
    values = ["Zeta", "10", "01/02/2026", "", "2.5", "NaN", "Infinity", "Alpha"]
    assert sorted(values, key=sort_key) == ["", "2.5", "10", "01/02/2026", "Alpha", "Infinity", "NaN", "Zeta"]


def test_not_a_number_is_ordered_as_text_instead_of_raising() -> None:
    assert sort_key("NaN") == (3, "NaN")
    assert sort_key("12.50") == (1, Decimal("12.50"))
