"""The base every Intacct function derives from."""

from __future__ import annotations

import hashlib
import uuid
from abc import ABC, abstractmethod
from typing import ClassVar

from intacct._xml import XmlWriter, escape_attribute
from intacct.config import check_control_id
from intacct.errors import InvalidArgumentError

__all__ = ["Function", "check_object_name", "deterministic_control_id"]


def deterministic_control_id(*parts: object, prefix: str = "") -> str:
    """A stable function control id derived from business keys.

    With ``uniqueid=true`` Intacct refuses a control id it already executed, so deriving the id from
    the record being written (and its version) turns a blind resend into a detectable duplicate.
    """
    if not parts:
        raise InvalidArgumentError("deterministic_control_id needs at least one part")
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode("utf-8")).hexdigest()
    return check_control_id(f"{prefix}{digest[:40]}")


def check_object_name(name: str) -> str:
    if not isinstance(name, str) or not name.strip():
        raise InvalidArgumentError("object name must be a non-empty string")
    return name


class Function(ABC):
    """One ``<function controlid="…">`` block.

    ``writes`` marks functions that change data; ``idempotent`` marks functions that can be sent
    again after an ambiguous transport failure without changing the outcome. Functions are treated
    as immutable once built: their XML is cached for batching and request building.
    """

    element: ClassVar[str]
    writes: ClassVar[bool] = False
    idempotent: ClassVar[bool] = True
    legacy_dates: ClassVar[bool] = False

    def __init__(self, *, control_id: str | None = None) -> None:
        self.control_id = check_control_id(
            str(uuid.uuid4()) if control_id is None else control_id, "function control id"
        )
        self._xml: str | None = None

    @abstractmethod
    def write_body(self, writer: XmlWriter) -> None:
        """Write the element inside ``<function>``."""

    def write(self, writer: XmlWriter) -> None:
        writer.raw(self.to_xml())

    def to_xml(self) -> str:
        if self._xml is None:
            writer = XmlWriter(legacy_dates=self.legacy_dates)
            writer.raw(f'<function controlid="{escape_attribute(self.control_id)}">')
            try:
                self.write_body(writer)
            except InvalidArgumentError as exc:
                # In a batch of hundreds, say which function holds the bad value.
                raise InvalidArgumentError(
                    f"{type(self).__name__} (function control id {self.control_id!r}): {exc.message}"
                ) from None
            writer.end("function")
            self._xml = writer.getvalue()
        return self._xml

    def __repr__(self) -> str:
        return f"{type(self).__name__}(control_id={self.control_id!r})"
