"""Plain data shapes shared by the error classes and the response parser.

This module sits below both :mod:`intacct.errors` and :mod:`intacct.response`: an error that
carries a failed function's result needs to know what a result looks like, and the parser needs
the error classes, so the description of a result lives here and neither imports the other back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol, TypeAlias
from urllib.parse import unquote

__all__ = ["ErrorDetail", "FunctionResult", "Record", "RecordValue"]

RecordValue: TypeAlias = "str | dict[str, RecordValue] | list[RecordValue]"
Record: TypeAlias = "dict[str, RecordValue]"

_SUPPORT_ID = re.compile(r"\[Support ID:\s*([^\]]*)\]")


@dataclass(frozen=True, slots=True)
class ErrorDetail:
    """One ``<error>`` element; ``errorno`` is free text at Intacct, not always a code."""

    errorno: str = ""
    description: str = ""
    description2: str = ""
    correction: str = ""

    @property
    def support_id(self) -> str | None:
        """Intacct appends ``[Support ID: …]`` URL-encoded; support staff need it decoded."""
        for text in (self.description2, self.description, self.correction, self.errorno):
            match = _SUPPORT_ID.search(text)
            if match:
                return unquote(match.group(1).strip())
        return None

    @property
    def text(self) -> str:
        """All descriptive text, for pattern matching regardless of which field Intacct used."""
        return " ".join(part for part in (self.description, self.description2, self.correction) if part)

    def __str__(self) -> str:
        return " ".join(
            part for part in (self.errorno, self.description, self.description2, self.correction) if part
        )


class FunctionResult(Protocol):
    """What an error needs to know about one function's result.

    :class:`intacct.response.Result` is the implementation; errors depend on this description
    instead, so the error classes never import the parser that builds results.
    """

    @property
    def status(self) -> str: ...

    @property
    def function(self) -> str: ...

    @property
    def control_id(self) -> str: ...

    @property
    def data(self) -> list[Record]: ...

    @property
    def errors(self) -> list[ErrorDetail]: ...

    @property
    def key(self) -> str | None: ...
