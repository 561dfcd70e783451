"""General ledger family: journal entries (GLBATCH), GL lines, budgets and legacy GL functions.

A journal entry balances in its transaction currency; each line is converted to its entity's
base currency, the inter-entity lines that make every entity balance are added, and each
entity's lines then also balance in its base currency (rounding goes to the entity's last line).
"""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from .. import errors
from ..context import Ctx, fmt_date
from ..currency import Conversion, check_top_level, conversion, entity_base, round_money
from ..model import BUDGET_LINE_DIMENSIONS, GL_LINE_DIMENSIONS, OBJECTS
from ..registry import function, hooks
from ..serializer import Payload
from ..store import Record
from ..xmlio import as_list, to_value
from .company import money, validate_line
from .generic import insert, require_write
from .ledger import LEGACY_DIMS, ZERO, check_open, legacy_date, post_lines, unpost


def line_conversion(ctx: Ctx, line: Record, entity: str, posting_date: str) -> Conversion:
    """A GL line's own currency fields (CURRENCY, EXCH_RATE_DATE, EXCH_RATE_TYPE_ID, EXCHANGE_RATE)."""
    if not line.get("CURRENCY") and not line.get("EXCHANGE_RATE"):
        if not entity:
            check_top_level(ctx, entity, "")
        base = entity_base(ctx, entity)
        return Conversion(base, base, Decimal(1))
    return conversion(
        ctx,
        entity,
        line.get("CURRENCY"),
        posting_date,
        line.get("EXCH_RATE_DATE"),
        line.get("EXCH_RATE_TYPE_ID"),
        line.get("EXCHANGE_RATE"),
    )


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


def _signed(line: Record, field: str) -> Decimal:
    amount = Decimal(str(line[field]))
    return amount if line["TR_TYPE"] == "1" else -amount


def balance_base(ctx: Ctx, lines: list[Record], entity_of: dict[int, str]) -> None:
    """Make each entity that balances in transaction currency also balance in base currency.

    Conversion rounds every line to cents, so an entity's base debits and credits can differ by a
    cent or two; that residual goes to the entity's last line. A larger gap (explicit rates that
    disagree) is refused as unbalanced.
    """
    trx: dict[str, Decimal] = {}
    base: dict[str, Decimal] = {}
    last: dict[str, Record] = {}
    for n, line in enumerate(lines):
        ent = entity_of[n]
        trx[ent] = trx.get(ent, ZERO) + _signed(line, "TRX_AMOUNT")
        base[ent] = base.get(ent, ZERO) + _signed(line, "AMOUNT")
        last[ent] = line
    for ent, residual in sorted(base.items()):
        if trx[ent] != ZERO or residual == ZERO:
            continue
        count = sum(1 for e in entity_of.values() if e == ent)
        if abs(residual) > Decimal("0.01") * count:
            raise errors.unbalanced_base(ent or "top level", str(residual), entity_base(ctx, ent))
        line = last[ent]
        fixed = Decimal(str(line["AMOUNT"])) - (residual if line["TR_TYPE"] == "1" else -residual)
        line["AMOUNT"] = str(round_money(fixed))


def _prepare_statistical(ctx: Ctx, rec: Record, lines: list[Record]) -> None:
    """Statistical entries count things (headcount, square feet): no currency, no balancing."""
    for n, line in enumerate(lines, 1):
        acct = str(line.get("ACCOUNTNO") or "")
        stat = ctx.store.get_by_id(ctx.company, "STATACCOUNT", acct)
        if stat is None or str(stat.get("STATUS", "active")) != "active":
            raise errors.invalid_reference("Statistical account", acct)
        validate_line(ctx, {k: v for k, v in line.items() if k != "ACCOUNTNO"}, GL_LINE_DIMENSIONS, None)
        amount = money(line.get("TRX_AMOUNT"), "Transaction amount")
        tr = str(line.get("TR_TYPE") or "1").strip()
        if tr not in ("1", "-1"):
            raise errors.bad_request(f"TR_TYPE must be 1 or -1, not {tr}")
        line.update({"LINE_NO": str(n), "TR_TYPE": tr, "TRX_AMOUNT": str(amount), "AMOUNT": str(amount)})
        line.update({"ACCOUNTTITLE": stat.get("TITLE", ""), "STATISTICAL": "true"})
    rec["ENTRIES"] = {"GLENTRY": lines}


def prepare_batch(ctx: Ctx, rec: Record, old: Record | None) -> None:
    journal = str(rec.get("JOURNAL") or "")
    journal_rec = ctx.store.get_by_id(ctx.company, "GLJOURNAL", journal)
    if journal_rec is None:
        raise errors.invalid_reference("Journal", journal)
    if old is not None:
        check_open(ctx, str(old.get("BATCH_DATE", "")))
    when = check_open(ctx, str(rec.get("BATCH_DATE") or ""))
    rec["BATCH_DATE"] = date = fmt_date(when)
    if str(rec.get("REVERSEDATE") or "").strip():
        reverse_on = check_open(ctx, str(rec["REVERSEDATE"]), "Reverse date")
        if reverse_on <= when:
            raise errors.bad_request(f"REVERSEDATE {fmt_date(reverse_on)} must be after BATCH_DATE {date}")
        rec["REVERSEDATE"] = fmt_date(reverse_on)
    state = str(rec.get("STATE") or "Posted")
    if state not in ("Draft", "Posted"):
        raise errors.bad_request(f"STATE must be Draft or Posted, not {state}")
    rec["STATE"] = state
    rec["MODULE"] = "2.GL"
    lines = [x for x in rec.get("ENTRIES", {}).get("GLENTRY", []) if not x.get("ISIET")]
    if not lines:
        raise errors.missing_field("Journal entry lines", "Journal Entry")
    if journal_rec.get("STATISTICAL") == "true":
        _prepare_statistical(ctx, rec, lines)
        return
    balanced_by_entity = str(ctx.company_rec.get("BALANCE_BY_ENTITY", "true")) == "true"
    iet = str(ctx.company_rec.get("IET_ENABLED", "true")) == "true"
    debit = credit = ZERO
    nets: dict[str, Decimal] = {}
    entity_of: dict[int, str] = {}
    convs: dict[str, Conversion] = {}
    explicit = False
    base = ""
    for n, line in enumerate(lines, 1):
        arec, entity = validate_line(ctx, line, GL_LINE_DIMENSIONS, "ACCOUNTNO")
        amount = money(line.get("TRX_AMOUNT"), "Transaction amount")
        tr = str(line.get("TR_TYPE") or "1").strip()
        if tr not in ("1", "-1"):
            raise errors.bad_request(f"TR_TYPE must be 1 or -1, not {tr}")
        if n == 1:
            base = entity
        explicit = explicit or bool(line.get("CURRENCY"))
        conv = line_conversion(ctx, line, entity, date)
        convs.setdefault(entity, conv)
        entity_of[n - 1] = entity
        line["LINE_NO"] = str(n)
        line["TR_TYPE"] = tr
        line["TRX_AMOUNT"] = str(amount)
        line["AMOUNT"] = str(conv.to_base(amount))
        line["ACCOUNTTITLE"] = arec.get("TITLE", "")
        conv.stamp(line)
        if tr == "1":
            debit += amount
        else:
            credit += amount
        nets[entity] = nets.get(entity, ZERO) + (amount if tr == "1" else -amount)
    currencies = sorted({str(ln["CURRENCY"]) for ln in lines})
    if explicit and len(currencies) > 1:
        raise errors.mixed_currencies(currencies)
    if debit != credit:
        raise errors.unbalanced(str(debit), str(credit))
    if balanced_by_entity and any(v != ZERO for v in nets.values()):
        if not iet:
            ent = next(e for e, v in sorted(nets.items()) if v != ZERO)
            raise errors.unbalanced(str(max(nets[ent], ZERO)), str(max(-nets[ent], ZERO)), ent or "top level")
        extra = iet_lines(ctx, nets, str(rec.get("BASELOCATION_NO") or base))
        for n, line in enumerate(extra, len(lines) + 1):
            ent = ctx.entity_of_location(str(line["LOCATION"]))
            conv = convs.get(ent) or (
                line_conversion(ctx, {**lines[0], "EXCHANGE_RATE": ""}, ent, date)
                if explicit
                else Conversion(entity_base(ctx, ent), entity_base(ctx, ent), Decimal(1))
            )
            entity_of[n - 1] = ent
            line["LINE_NO"] = str(n)
            line["AMOUNT"] = str(conv.to_base(Decimal(line["TRX_AMOUNT"])))
            conv.stamp(line)
            acct = ctx.store.get_by_id(ctx.company, "GLACCOUNT", str(line["ACCOUNTNO"]))
            line["ACCOUNTTITLE"] = acct.get("TITLE", "") if acct else ""
        lines = lines + extra
    balance_base(ctx, lines, entity_of)
    rec["ENTRIES"] = {"GLENTRY": lines}


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
        for legacy, field in (*LEGACY_DIMS, ("taskid", "TASKID")):
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
