"""Splitting long lists of functions into requests Intacct will accept in reasonable time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from intacct._function import Function
from intacct.errors import InvalidArgumentError

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_MAX_FUNCTIONS", "split_into_requests"]

# Intacct publishes no hard limit; ~100 records per request is the common field advice and keeps a
# request well inside the 15-minute synchronous window.
DEFAULT_MAX_FUNCTIONS = 100
DEFAULT_MAX_BYTES = 2_000_000
DEFAULT_ENVELOPE_BYTES = 1024

F = TypeVar("F", bound=Function)


def split_into_requests(
    functions: Sequence[F],
    *,
    max_functions: int = DEFAULT_MAX_FUNCTIONS,
    max_bytes: int = DEFAULT_MAX_BYTES,
    envelope_bytes: int = DEFAULT_ENVELOPE_BYTES,
) -> list[list[F]]:
    """Group functions, in order, into chunks of at most ``max_functions`` and ``max_bytes``.

    ``max_bytes`` bounds the whole request body, so ``envelope_bytes`` is reserved for the
    control and authentication blocks. A single function too big for any request raises.
    """
    if max_functions < 1:
        raise InvalidArgumentError("max_functions must be at least 1")
    budget = max_bytes - envelope_bytes
    if budget < 1:
        raise InvalidArgumentError("max_bytes leaves no room for functions")
    chunks: list[list[F]] = []
    current: list[F] = []
    current_bytes = 0
    for function in functions:
        size = len(function.to_xml().encode("utf-8"))
        if size > budget:
            raise InvalidArgumentError(
                f"function {function.control_id} is {size} bytes, more than a request may carry ({budget})"
            )
        if current and (len(current) >= max_functions or current_bytes + size > budget):
            chunks.append(current)
            current, current_bytes = [], 0
        current.append(function)
        current_bytes += size
    if current:
        chunks.append(current)
    return chunks
