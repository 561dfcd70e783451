"""Tie-out: a snapshot is published only if it equals Intacct's trial balance to the cent.

For every entity and account: the snapshot's opening balance must equal the trial balance's start
balance, and opening + the months' activity its end balance; and the entity's trial balance must
itself balance. Any difference is reported with the entity, the account, both figures and the
difference, so "it doesn't tie" always says where. The hash covers the trial balances the run was
checked against; it is printed on every output as the audit stamp.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal

from trueerp.sage_intacct.reports.services.snapshot import Snapshot

ZERO = Decimal(0)


@dataclass
class Difference:
    entity: str
    account: str
    what: str  # "start balance" | "end balance" | "trial balance does not balance"
    intacct: Decimal
    snapshot: Decimal

    @property
    def difference(self) -> Decimal:
        return self.snapshot - self.intacct

    def as_dict(self) -> dict[str, str]:
        return {
            "entity": self.entity,
            "account": self.account,
            "what": self.what,
            "intacct": str(self.intacct),
            "snapshot": str(self.snapshot),
            "difference": str(self.difference),
        }

    def sentence(self) -> str:
        where = f"entity {self.entity}, account {self.account}" if self.account else f"entity {self.entity}"
        return (
            f"{where}: {self.what} is {self.intacct} in Intacct's trial balance but {self.snapshot} in the "
            f"report's data (difference {self.difference})."
        )


@dataclass
class TieOut:
    differences: list[Difference] = field(default_factory=list)
    entities: dict[str, dict[str, str]] = field(default_factory=dict)
    digest: str = ""

    @property
    def ok(self) -> bool:
        return not self.differences

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "entities": self.entities,
            "differences": [d.as_dict() for d in self.differences],
            "hash": self.digest,
        }


def tie_out(snapshot: Snapshot, *, filtered: bool = False) -> TieOut:
    """``filtered``: the run reads one dimension value, whose trial balance need not balance."""
    result = TieOut()
    canonical: dict[str, dict[str, list[str]]] = {}
    for ledger in snapshot.entities:
        opening: dict[str, Decimal] = {}
        closing: dict[str, Decimal] = {}
        for (account, _dim), value in ledger.opening.items():
            opening[account] = opening.get(account, ZERO) + value
            closing[account] = closing.get(account, ZERO) + value
        for month in ledger.activity:
            for (account, _dim), value in month.items():
                closing[account] = closing.get(account, ZERO) + value
        before = len(result.differences)
        for account in sorted(set(ledger.trial_balance) | set(closing)):
            start, _debits, _credits, end = ledger.trial_balance.get(account, (ZERO, ZERO, ZERO, ZERO))
            if opening.get(account, ZERO) != start:
                result.differences.append(
                    Difference(ledger.entity, account, "start balance", start, opening.get(account, ZERO))
                )
            if closing.get(account, ZERO) != end:
                result.differences.append(
                    Difference(ledger.entity, account, "end balance", end, closing.get(account, ZERO))
                )
        total = sum((tb[3] for tb in ledger.trial_balance.values()), ZERO)
        if total != ZERO and not filtered:
            result.differences.append(
                Difference(ledger.entity, "", "trial balance does not balance", ZERO, total)
            )
        result.entities[ledger.entity] = {
            "ok": "yes" if len(result.differences) == before else "no",
            "accounts": str(len(ledger.trial_balance)),
            "currency": ledger.currency,
            "lines": str(ledger.lines),
            "last_modified": ledger.last_modified,
        }
        canonical[ledger.entity] = {a: [str(x) for x in v] for a, v in sorted(ledger.trial_balance.items())}
    blob = json.dumps(canonical, sort_keys=True, separators=(",", ":")).encode()
    result.digest = hashlib.sha256(blob).hexdigest()
    return result
