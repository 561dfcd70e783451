"""What an official-SDK function shape is, and the prerequisites shapes refer to.

Each shape is the XML one function class of the official SDKs (PHP, .NET, JS) writes, written
here with the demo company's values (the element names and structure are the SDKs'; the data is
ours). ``expect`` is the emulator's answer: "success" or the first error number, which for an
SDK's default parameters is often Intacct's own "missing field" error.
"""

from __future__ import annotations

from dataclasses import dataclass

SUCCESS = "success"
NOT_MODELLED = "EMU-UNSUPPORTED"


@dataclass(frozen=True)
class Shape:
    sdk: str  # "php:AccountsPayable/BillCreate" ("net:" / "js:" for classes only those SDKs have)
    xml: str
    expect: str = SUCCESS
    setup: tuple[str, ...] = ()  # prerequisites run first, in order; their values fill {name}

    @property
    def module(self) -> str:
        return self.sdk.split(":", 1)[1].split("/", 1)[0]


@dataclass(frozen=True)
class Setup:
    xml: str = ""  # a function body (may use earlier setups' values)
    capture: str = "key"  # key | recordno | path:XPATH | attr:XPATH@attribute | all:XPATH
    control: tuple[str, dict[str, object]] | None = None  # a control-plane call instead of XML


def d(year: int, month: int, day: int) -> str:
    """A legacy date element body."""
    return f"<year>{year}</year><month>{month:02d}</month><day>{day:02d}</day>"


JUNE = d(2026, 6, 15)
CUSTOM = (
    "<customfields><customfield><customfieldname>TRUE_REF</customfieldname>"
    "<customfieldvalue>demo-1</customfieldvalue></customfield></customfields>"
)
