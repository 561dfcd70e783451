"""General ledger family: journal entries, GL lines, periods, balances and budgets.

Every posting path (GLBATCH, create_gltransaction, bills, invoices, payments) ends in
``post_lines`` so GLENTRY/GLDETAIL queries and the trial balance see one consistent ledger.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from lxml import etree

from .. import errors
from ..context import Ctx, fmt_date, parse_date
from ..model import BUDGET_LINE_DIMENSIONS, GL_LINE_DIMENSIONS, OBJECTS
from ..registry import function, hooks
from ..serializer import Payload
from ..store import Record
from ..xmlio import as_list, to_value
from .company import money, validate_line
from .generic import insert, require_write

ZERO = Decimal(0)


def check_open(ctx: Ctx, date_text: str, label: str = "Posting date") -> dt.date:
    """Parse a generic-function date (MM/DD/YYYY only, like Intacct) and refuse closed periods."""
    if not date_text.strip():
        raise errors.missing_field(label, "transaction")
    parts = date_text.strip().split("/")
    try:
        if len(parts) != 3 or len(parts[2]) != 4:
            raise ValueError(date_text)
        d = dt.date(int(parts[2]), int(parts[0]), int(parts[1]))
    except ValueError:
        raise errors.data_error(f"Invalid {label.lower()} '{date_text}': dates must be MM/DD/YYYY") from None
    closed: list[tuple[dt.date, dt.date]] | None = ctx.cache.get("closed_periods")
    if closed is None:
        closed = ctx.cache["closed_periods"] = [
            (start, end)
            for p in ctx.store.records(ctx.company, "REPORTINGPERIOD")
            if str(p.get("CLOSED")) == "true"
            and (start := parse_date(str(p["START_DATE"]))) is not None
            and (end := parse_date(str(p["END_DATE"]))) is not None
        ]
    for start, end in closed:
        if start <= d <= end:
            raise errors.period_closed(fmt_date(d))
    return d


def entity_currency(ctx: Ctx, entity: str) -> str:
    ent = ctx.store.get_by_id(ctx.company, "LOCATIONENTITY", entity) if entity else None
    return str(ent["CURRENCY"]) if ent else str(ctx.company_rec.get("BASECURRENCY", "USD"))


def iet_lines(ctx: Ctx, nets: dict[str, Decimal], base: str) -> list[Record]:
    """Due-to/due-from lines that make each entity balance, settled against the base entity."""
    due_from = str(ctx.company_rec.get("IET_DUE_FROM", "1900"))
    due_to = str(ctx.company_rec.get("IET_DUE_TO", "2900"))
    out: list[Record] = []
    for entity, net in sorted(nets.items()):
        if entity == base or net == ZERO:
            continue
        amount = str(abs(net))
        if net > ZERO:  # entity has excess debits: it owes the base entity
            pair = ((entity, due_to, "-1", base), (base, due_from, "1", entity))
        else:
            pair = ((entity, due_from, "1", base), (base, due_to, "-1", entity))
        for ent, acct, tr, other in pair:
            out.append(
                {
                    "ACCOUNTNO": acct,
                    "TR_TYPE": tr,
                    "TRX_AMOUNT": amount,
                    "LOCATION": ent,
                    "DESCRIPTION": f"Inter-entity {'due to' if acct == due_to else 'due from'} {other}",
                    "ISIET": "true",
                }
            )
    return out


def prepare_batch(ctx: Ctx, rec: Record, old: Record | None) -> None:
    journal = str(rec.get("JOURNAL") or "")
    if ctx.store.get_by_id(ctx.company, "GLJOURNAL", journal) is None:
        raise errors.invalid_reference("Journal", journal)
    if old is not None:
        check_open(ctx, str(old.get("BATCH_DATE", "")))
    when = check_open(ctx, str(rec.get("BATCH_DATE") or ""))
    rec["BATCH_DATE"] = fmt_date(when)
    if str(rec.get("REVERSEDATE") or "").strip():
        reverse_on = check_open(ctx, str(rec["REVERSEDATE"]), "Reverse date")
        if reverse_on <= when:
            raise errors.bad_request(
                f"REVERSEDATE {fmt_date(reverse_on)} must be after BATCH_DATE {fmt_date(when)}"
            )
        rec["REVERSEDATE"] = fmt_date(reverse_on)
    state = str(rec.get("STATE") or "Posted")
    if state not in ("Draft", "Posted"):
        raise errors.bad_request(f"STATE must be Draft or Posted, not {state}")
    rec["STATE"] = state
    rec["MODULE"] = "2.GL"
    lines = [x for x in rec.get("ENTRIES", {}).get("GLENTRY", []) if not x.get("ISIET")]
    if not lines:
        raise errors.missing_field("Journal entry lines", "Journal Entry")
    balanced_by_entity = str(ctx.company_rec.get("BALANCE_BY_ENTITY", "true")) == "true"
    iet = str(ctx.company_rec.get("IET_ENABLED", "true")) == "true"
    debit = credit = ZERO
    nets: dict[str, Decimal] = {}
    base = ""
    for n, line in enumerate(lines, 1):
        arec, entity = validate_line(ctx, line, GL_LINE_DIMENSIONS, "ACCOUNTNO")
        amount = money(line.get("TRX_AMOUNT"), "Transaction amount")
        tr = str(line.get("TR_TYPE") or "1").strip()
        if tr not in ("1", "-1"):
            raise errors.bad_request(f"TR_TYPE must be 1 or -1, not {tr}")
        if n == 1:
            base = entity
        line["LINE_NO"] = str(n)
        line["TR_TYPE"] = tr
        line["TRX_AMOUNT"] = str(amount)
        line["AMOUNT"] = str(amount)
        line["ACCOUNTTITLE"] = arec.get("TITLE", "")
        line.setdefault("CURRENCY", entity_currency(ctx, entity))
        if tr == "1":
            debit += amount
        else:
            credit += amount
        nets[entity] = nets.get(entity, ZERO) + (amount if tr == "1" else -amount)
    if debit != credit:
        raise errors.unbalanced(str(debit), str(credit))
    if balanced_by_entity and any(v != ZERO for v in nets.values()):
        if not iet:
            ent = next(e for e, v in sorted(nets.items()) if v != ZERO)
            raise errors.unbalanced(str(max(nets[ent], ZERO)), str(max(-nets[ent], ZERO)), ent or "top level")
        extra = iet_lines(ctx, nets, str(rec.get("BASELOCATION_NO") or base))
        for n, line in enumerate(extra, len(lines) + 1):
            line["LINE_NO"] = str(n)
            line["AMOUNT"] = line["TRX_AMOUNT"]
            line["CURRENCY"] = entity_currency(ctx, str(line["LOCATION"]))
            acct = ctx.store.get_by_id(ctx.company, "GLACCOUNT", str(line["ACCOUNTNO"]))
            line["ACCOUNTTITLE"] = acct.get("TITLE", "") if acct else ""
        lines = lines + extra
    rec["ENTRIES"] = {"GLENTRY": lines}


def post_lines(
    ctx: Ctx,
    source: str,
    recordno: int,
    header: Record,
    lines: Iterable[Record],
    date: str,
    journal: str,
    title: str,
    reference: str,
) -> None:
    """Write one GLENTRY row per posted line; rows carry their header fields for reporting."""
    state = str(header.get("STATE", "Posted"))
    for line in lines:
        loc = str(line.get("LOCATION") or line.get("LOCATIONID") or "")
        entity = ctx.entity_of_location(loc) if loc else ctx.entity
        row: Record = {k: v for k, v in line.items() if not isinstance(v, dict | list)}
        row.update(
            {
                "BATCHNO": str(recordno),
                "SOURCE": source,
                "JOURNAL": journal,
                "ENTRY_DATE": date,
                "BATCH_DATE": date,
                "BATCH_TITLE": title,
                "REFERENCENO": reference,
                "STATE": state,
                "LOCATION": loc,
            }
        )
        n = ctx.allocate()
        row["RECORDNO"] = str(n)
        ctx.stamp(row, created=True)
        ctx.own(row, entity)
        line["RECORDNO"] = str(n)
        ctx.store.put(ctx.company, "GLENTRY", n, row, None)


def unpost(ctx: Ctx, lines: Iterable[Record]) -> None:
    for line in lines:
        if str(line.get("RECORDNO") or "").isdigit():
            ctx.store.remove(ctx.company, "GLENTRY", int(line["RECORDNO"]))


def _after_batch(ctx: Ctx, recordno: int, rec: Record) -> None:
    rec["BATCHNO"] = str(recordno)
    post_lines(
        ctx,
        "GLBATCH",
        recordno,
        rec,
        rec["ENTRIES"]["GLENTRY"],
        str(rec["BATCH_DATE"]),
        str(rec["JOURNAL"]),
        str(rec.get("BATCH_TITLE", "")),
        str(rec.get("REFERENCENO") or ""),
    )
    rec["_REVKEYS"] = []
    if rec.get("REVERSEDATE"):
        # auto-reversal: the same lines, debits and credits swapped, on the reverse date
        flipped = [
            {**line, "TR_TYPE": "-1" if line.get("TR_TYPE") == "1" else "1"}
            for line in rec["ENTRIES"]["GLENTRY"]
        ]
        post_lines(
            ctx,
            "GLBATCH",
            recordno,
            rec,
            flipped,
            str(rec["REVERSEDATE"]),
            str(rec["JOURNAL"]),
            f"Reversal of {rec.get('BATCH_TITLE', '')}",
            str(rec.get("REFERENCENO") or ""),
        )
        rec["_REVKEYS"] = [line["RECORDNO"] for line in flipped]


def _before_delete_batch(ctx: Ctx, recordno: int, rec: Record) -> None:
    check_open(ctx, str(rec.get("BATCH_DATE", "")))
    unpost(ctx, rec.get("ENTRIES", {}).get("GLENTRY", []))
    unpost(ctx, [{"RECORDNO": k} for k in rec.get("_REVKEYS", [])])


def _gldetail_rows(ctx: Ctx) -> list[Record]:
    out = []
    for r in ctx.store.records(ctx.company, "GLENTRY"):
        amt = str(r.get("AMOUNT") or "0")
        debit = r.get("TR_TYPE") == "1"
        out.append({**r, "DEBITAMOUNT": amt if debit else "0", "CREDITAMOUNT": "0" if debit else amt})
    return out


def _prepare_account(ctx: Ctx, rec: Record, old: Record | None) -> None:
    rec.setdefault("ACCOUNTTYPE", "balancesheet")
    rec.setdefault("NORMALBALANCE", "debit")


def _prepare_budget(ctx: Ctx, rec: Record, old: Record | None) -> None:
    for line in rec.get("GLBUDGETITEMS", {}).get("GLBUDGETITEM", []):
        validate_line(ctx, line, BUDGET_LINE_DIMENSIONS, "ACCT_NO")
        money(line.get("AMOUNT"), "Amount")
        period = str(line.get("PERIODNAME") or "")
        if ctx.store.get_by_id(ctx.company, "REPORTINGPERIOD", period) is None:
            raise errors.invalid_reference("Reporting period", period)


hooks("GLBATCH").prepare = prepare_batch
hooks("GLBATCH").after_write = _after_batch
hooks("GLBATCH").before_delete = _before_delete_batch
hooks("GLBATCH").repost_on_update = True  # a new BATCH_DATE or REVERSEDATE moves the GL lines
hooks("GLDETAIL").virtual_rows = _gldetail_rows
hooks("GLACCOUNT").prepare = _prepare_account
hooks("GLBUDGETHEADER").prepare = _prepare_budget


def legacy_date(value: Any) -> str:
    if isinstance(value, dict):
        try:
            return fmt_date(dt.date(int(value["year"]), int(value["month"]), int(value["day"])))
        except (KeyError, ValueError):
            return ""
    return str(value or "")


# legacy dimension element → GL line field, in get_accountbalancesbydimensions output order
_DIM_KEYS = (
    ("departmentid", "DEPARTMENT"),
    ("locationid", "LOCATION"),
    ("projectid", "PROJECTID"),
    ("customerid", "CUSTOMERID"),
    ("vendorid", "VENDORID"),
    ("employeeid", "EMPLOYEEID"),
    ("itemid", "ITEMID"),
    ("classid", "CLASSID"),
)


@function("create_gltransaction", "CREATE", writes=True)
def create_gltransaction(ctx: Ctx, el: etree._Element) -> Payload:
    require_write(ctx, "CREATE", "GLBATCH")
    data = to_value(el)
    data = data if isinstance(data, dict) else {}
    entries = as_list((data.get("gltransactionentries") or {}).get("glentry"))
    lines: list[Record] = []
    for e in entries:
        line: Record = {
            "ACCOUNTNO": e.get("glaccountno", ""),
            "TRX_AMOUNT": e.get("amount", ""),
            "TR_TYPE": "1" if str(e.get("trtype", "debit")).lower() == "debit" else "-1",
            "DESCRIPTION": e.get("memo", ""),
        }
        for legacy, field in (*_DIM_KEYS, ("taskid", "TASKID")):
            if e.get(legacy):
                line[field] = e[legacy]
        lines.append(line)
    rec: Record = {
        "JOURNAL": data.get("journalid", ""),
        "BATCH_DATE": legacy_date(data.get("datecreated")),
        "BATCH_TITLE": data.get("description", ""),
        "REFERENCENO": data.get("referenceno", ""),
        "ENTRIES": {"GLENTRY": lines},
    }
    recordno, _ = insert(ctx, OBJECTS["GLBATCH"], rec)
    return Payload(key=str(recordno))
