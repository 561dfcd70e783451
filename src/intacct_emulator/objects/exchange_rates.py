"""Exchange rates as Intacct stores them, for clients that translate balances themselves.

``EXCHANGERATETYPES`` (rate types), ``EXCHANGERATE`` (one per type and currency pair, owning its
``EXCHANGERATEENTRIES/EXCHANGERATEENTRY`` with ``EFFECTIVE_START_DATE`` and ``EXCHANGE_RATE``) and
the flattened, queryable ``EXCHANGERATEENTRY``. Definitions are registered only where the object
is not defined yet, so a fuller currency model elsewhere in the emulator takes precedence.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from .. import errors
from ..context import Ctx, fmt_date, parse_date
from ..model import OBJECTS, ObjectDef
from ..registry import HOOKS, hooks
from ..store import Record

_COMMON = ("RECORDNO", "WHENCREATED", "WHENMODIFIED", "CREATEDBY", "MODIFIEDBY", "MEGAENTITYID")

if "EXCHANGERATETYPES" not in OBJECTS:
    OBJECTS["EXCHANGERATETYPES"] = ObjectDef(
        "EXCHANGERATETYPES",
        "Exchange Rate Type",
        "NAME",
        "NAME",
        (("NAME", "Name"),),
        fields=("ID", "NAME", "ISDEFAULT", *_COMMON),
    )
if "EXCHANGERATE" not in OBJECTS:
    OBJECTS["EXCHANGERATE"] = ObjectDef(
        "EXCHANGERATE",
        "Exchange Rate",
        None,
        None,
        (
            ("TYPENAME", "Exchange rate type"),
            ("FROM_CURRENCY", "From currency"),
            ("TO_CURRENCY", "To currency"),
        ),
        owned={"EXCHANGERATEENTRIES": ("EXCHANGERATEENTRY", "EXCHANGERATEENTRY")},
        fields=("TYPENAME", "FROM_CURRENCY", "TO_CURRENCY", *_COMMON),
    )

    def _prepare(ctx: Ctx, rec: Record, old: Record | None) -> None:
        for entry in rec.get("EXCHANGERATEENTRIES", {}).get("EXCHANGERATEENTRY", []):
            when = parse_date(str(entry.get("EFFECTIVE_START_DATE") or ""))
            if when is None:
                raise errors.missing_field("Effective start date", "Exchange Rate Entry")
            try:
                rate = Decimal(str(entry.get("EXCHANGE_RATE") or ""))
            except InvalidOperation:
                raise errors.missing_field("Exchange rate", "Exchange Rate Entry") from None
            if rate <= 0:
                raise errors.data_error(f"Exchange rate must be positive, not {rate}")
            entry["EFFECTIVE_START_DATE"] = fmt_date(when)
            entry["EXCHANGE_RATE"] = str(rate)
            if not str(entry.get("RECIPROCAL_RATE") or "").strip():
                entry["RECIPROCAL_RATE"] = str((Decimal(1) / rate).quantize(Decimal("0.0000000001")))

    hooks("EXCHANGERATE").prepare = _prepare

if "EXCHANGERATEENTRY" not in OBJECTS:
    OBJECTS["EXCHANGERATEENTRY"] = ObjectDef(
        "EXCHANGERATEENTRY",
        "Exchange Rate Entry",
        None,
        None,
        fields=(
            "EXCHANGERATEKEY",
            "TYPENAME",
            "FROM_CURRENCY",
            "TO_CURRENCY",
            "EFFECTIVE_START_DATE",
            "EXCHANGE_RATE",
            "RECIPROCAL_RATE",
            *_COMMON,
        ),
        writable=False,
    )

    def _entries(ctx: Ctx) -> list[Record]:
        out: list[Record] = []
        for header in ctx.store.records(ctx.company, "EXCHANGERATE"):
            for n, entry in enumerate(header.get("EXCHANGERATEENTRIES", {}).get("EXCHANGERATEENTRY", []), 1):
                out.append(
                    {
                        **entry,
                        "RECORDNO": f"{header['RECORDNO']}{n:04d}",
                        "EXCHANGERATEKEY": header["RECORDNO"],
                        "TYPENAME": header.get("TYPENAME", ""),
                        "FROM_CURRENCY": header.get("FROM_CURRENCY", ""),
                        "TO_CURRENCY": header.get("TO_CURRENCY", ""),
                        "MEGAENTITYID": "",
                    }
                )
        return out

    if not (HOOKS.get("EXCHANGERATEENTRY") and HOOKS["EXCHANGERATEENTRY"].virtual_rows):
        hooks("EXCHANGERATEENTRY").virtual_rows = _entries
