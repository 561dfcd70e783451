"""Entity-mapping rules as people edit them: ordered, moved up and down, a default entity, and a
dry run ("test a rule") that shows which rule a real transaction meets, where it would post and
which dimension values it would carry, using the engine's own matching and pre-validation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction as db_transaction
from django.db.models import Max, Q

from trueerp.core.audit import record_audit
from trueerp.core.models import Company, User
from trueerp.financial.models import Transaction
from trueerp.sage_intacct.mapping.models import EntityRule
from trueerp.sage_intacct.mapping.services.context import load_context, rule_matches, settings_for
from trueerp.sage_intacct.mapping.services.dimensions import MappingInputError
from trueerp.sage_intacct.mapping.services.prevalidation import CREATE, prepare
from trueerp.sage_intacct.reference.labels import dimension_label
from trueerp.sage_intacct.reference.models import IntacctEntity
from trueerp.sage_intacct.reference.signals import sync_inputs_changed

CONDITION_FIELDS = (
    "transaction_type",
    "branch",
    "branch_country",
    "job",
    "contract",
    "department",
    "customer",
    "vendor",
)


def where(entity_id: str) -> str:
    return f"entity {entity_id}" if entity_id else "the top level"


def entity_choices(company: Company, keep: str = "") -> list[tuple[str, str]]:
    """Top level and the active entities of the reference cache (plus ``keep``, even if gone)."""
    choices = [("", "Top level (no entity)")]
    seen = set()
    for entity in IntacctEntity.objects.filter(company=company, active=True).order_by("entity_id"):
        choices.append(
            (entity.entity_id, f"{entity.entity_id} — {entity.name}" if entity.name else entity.entity_id)
        )
        seen.add(entity.entity_id)
    if keep and keep not in seen:
        choices.append((keep, f"{keep} (not found in Intacct)"))
    return choices


def entity_problem(company: Company, entity_id: str) -> str:
    if not entity_id:
        return ""
    entity = IntacctEntity.objects.filter(company=company, entity_id=entity_id).first()
    if entity is None:
        return f"Entity {entity_id} was not found in Intacct's reference data."
    if not entity.active:
        return f"Entity {entity_id} is inactive in Intacct."
    return ""


def conditions_of(rule: EntityRule) -> list[str]:
    """The rule's filled conditions, as people read them."""
    parts = []
    if rule.transaction_type:
        parts.append(f"type is {Transaction.Type(rule.transaction_type).label}")
    if rule.branch_id:
        parts.append(f"branch is {rule.branch}")
    if rule.branch_country:
        parts.append(f"branch country is {rule.branch_country}")
    if rule.job_id:
        parts.append(f"job is {rule.job}")
    if rule.contract_id:
        parts.append(f"contract is {rule.contract}")
    if rule.department_id:
        parts.append(f"job's department is {rule.department}")
    if rule.customer_id:
        parts.append(f"customer is {rule.customer}")
    if rule.vendor_id:
        parts.append(f"vendor is {rule.vendor}")
    return parts


def rules_of(company: Company) -> list[EntityRule]:
    return list(
        EntityRule.objects.filter(company=company)
        .select_related("branch", "job", "contract", "department", "customer", "vendor")
        .order_by("position", "id")
    )


def _snapshot(rule: EntityRule) -> dict[str, Any]:
    return {
        "name": rule.name,
        "position": rule.position,
        "conditions": conditions_of(rule),
        "entity_id": rule.entity_id,
        "active": rule.active,
    }


def _renumber(company: Company, ordered_ids: list[int]) -> None:
    """Positions 1..n in the given order, without firing a signal per row."""
    for position, pk in enumerate(ordered_ids, start=1):
        EntityRule.objects.filter(company=company, pk=pk).exclude(position=position).update(position=position)


def save_rule(company: Company, actor: User, rule: EntityRule, *, created: bool) -> EntityRule:
    """Save a validated rule (new rules go last) and audit it."""
    if not conditions_of(rule):
        raise MappingInputError(
            "A rule needs at least one condition. To send every other transaction to one entity, set the "
            "default entity instead."
        )
    before = None
    if not created:
        old = EntityRule.objects.filter(company=company, pk=rule.pk).first()
        if old is None:
            raise MappingInputError("This rule no longer exists.")
        before = _snapshot(old)
    with db_transaction.atomic():
        if created:
            last = EntityRule.objects.filter(company=company).aggregate(n=Max("position"))["n"] or 0
            rule.company = company
            rule.position = last + 1
        rule.save()
        record_audit(
            company=company,
            actor=actor,
            action="sage_intacct.mapping.entity_rule." + ("created" if created else "changed"),
            object_type="sage_intacct.entityrule",
            object_id=rule.pk,
            summary=f"Entity rule {rule.name or '#' + str(rule.position)}: "
            f"{' and '.join(conditions_of(rule))} → {where(rule.entity_id)}",
            before=before,
            after=_snapshot(rule),
        )
    return rule


def delete_rule(company: Company, actor: User, rule: EntityRule) -> None:
    with db_transaction.atomic():
        snapshot = _snapshot(rule)
        rule.delete()
        _renumber(company, [r.pk for r in rules_of(company)])
        record_audit(
            company=company,
            actor=actor,
            action="sage_intacct.mapping.entity_rule.deleted",
            object_type="sage_intacct.entityrule",
            object_id=snapshot["position"],
            summary=f"Entity rule {rule.name or '#' + str(snapshot['position'])} deleted",
            before=snapshot,
        )


def move_rule(company: Company, actor: User, rule: EntityRule, direction: str) -> bool:
    """Swap the rule with its neighbour; False when it is already first/last."""
    if direction not in ("up", "down"):
        raise MappingInputError("Move a rule up or down.")
    with db_transaction.atomic():
        ids = [
            r.pk
            for r in EntityRule.objects.select_for_update().filter(company=company).order_by("position", "id")
        ]
        index = ids.index(rule.pk)
        other = index - 1 if direction == "up" else index + 1
        if other < 0 or other >= len(ids):
            return False
        before = list(ids)
        ids[index], ids[other] = ids[other], ids[index]
        _renumber(company, ids)
        record_audit(
            company=company,
            actor=actor,
            action="sage_intacct.mapping.entity_rule.moved",
            object_type="sage_intacct.entityrule",
            object_id=rule.pk,
            summary=f"Entity rule {rule.name or rule.pk} moved {direction} to position {ids.index(rule.pk) + 1}",
            before={"order": before},
            after={"order": ids},
        )
        sync_inputs_changed.send(sender=__name__, company_id=company.pk)
    return True


def set_default_entity(company: Company, actor: User, entity_id: str) -> str:
    entity_id = entity_id.strip()
    if entity_id and entity_problem(company, entity_id):
        raise MappingInputError(
            entity_problem(company, entity_id) + " Refresh reference data or pick another."
        )
    settings = settings_for(company)
    before = settings.default_entity_id
    if before == entity_id:
        return f"Transactions that match no rule already post to {where(entity_id)}."
    with db_transaction.atomic():
        settings.default_entity_id = entity_id
        settings.save(update_fields=["default_entity_id", "updated_at"])
        record_audit(
            company=company,
            actor=actor,
            action="sage_intacct.mapping.default_entity",
            object_type="sage_intacct.syncsettings",
            object_id=settings.pk,
            summary=f"Default entity: {where(entity_id)}",
            before={"default_entity_id": before},
            after={"default_entity_id": entity_id},
        )
        sync_inputs_changed.send(sender=__name__, company_id=company.pk)
    return f"Transactions that match no rule now post to {where(entity_id)}."


# --- test a rule ------------------------------------------------------------------------------


def search_transactions(company: Company, query: str, limit: int = 8) -> list[Transaction]:
    query = query.strip()
    if not query:
        return []
    return list(
        Transaction.objects.filter(company=company)
        .filter(Q(number__icontains=query) | Q(reference__icontains=query))
        .select_related("customer", "vendor", "branch", "job")
        .order_by("-date", "-id")[:limit]
    )


@dataclass
class RuleVerdict:
    rule: EntityRule
    conditions: list[str]
    matched: bool
    skipped: bool
    chosen: bool = False


@dataclass
class TestResult:
    transaction: Transaction
    verdicts: list[RuleVerdict]
    entity_id: str
    rule: EntityRule | None
    lines: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    note: str = ""
    posting_date: Any = None

    @property
    def where(self) -> str:
        return where(self.entity_id)


def test_transaction(company: Company, txn: Transaction) -> TestResult:
    """Which rule the transaction meets, its entity and line dimensions (no API call, nothing saved)."""
    context = load_context(company)
    verdicts = []
    chosen: EntityRule | None = None
    for rule in rules_of(company):
        matched = rule.active and rule_matches(rule, txn)
        verdict = RuleVerdict(rule, conditions_of(rule), matched, not rule.active)
        if matched and chosen is None:
            chosen = rule
            verdict.chosen = True
        verdicts.append(verdict)
    prepared = prepare(context, txn, CREATE)
    lines = [
        {
            "line_no": line.line_no,
            "account_no": line.account_no,
            "debit": line.amount if line.is_debit else None,
            "credit": None if line.is_debit else line.amount,
            "dimensions": [(dimension_label(kind), value) for kind, value in sorted(line.dimensions.items())],
        }
        for line in prepared.lines
    ]
    return TestResult(
        transaction=txn,
        verdicts=verdicts,
        entity_id=prepared.entity_id,
        rule=chosen,
        lines=lines,
        problems=list(prepared.problems),
        note=prepared.note,
        posting_date=prepared.posting_date,
    )
