"""Multi-entity: rules choose the entity, inter-entity entries balance, private values are caught."""

from __future__ import annotations

import pytest

from trueerp.financial.models import Transaction
from trueerp.sage_intacct.mapping.models import (
    DimensionMapping,
    DimensionSource,
    DimensionValueOverride,
    EntityRule,
    SyncSettings,
)
from trueerp.sage_intacct.mapping.services import context as mapping
from trueerp.sage_intacct.sync.models import JobState, SyncStatus, TransactionSyncState
from trueerp.sage_intacct.tests.sync_support import (
    CountingFactory,
    connected,
    glbatches,
    job_of,
    journal,
    line,
    master,
    run,
)

pytestmark = [pytest.mark.django_db, pytest.mark.emulator]
__all__ = ["connected", "master"]


def rules(company, master):
    EntityRule.objects.create(
        company=company, position=1, name="Canadian branches", branch_country="CA", entity_id="CA"
    )
    EntityRule.objects.create(
        company=company, position=2, name="US branches", branch_country="US", entity_id="US"
    )


def test_rules_choose_the_entity_and_the_record_lands_there(company, connected, master, emulator):
    rules(company, master)
    m = master
    canadian = journal(
        company,
        [line(m.accounts["6200"], debit="80.00"), line(m.accounts["1000"], credit="80.00")],
        branch=m.branches["CA-ON"],
    )
    american = journal(
        company,
        [line(m.accounts["6200"], debit="60.00"), line(m.accounts["1000"], credit="60.00")],
        branch=m.branches["US-TX"],
    )
    counting = CountingFactory()
    report = run(company, counting)
    assert report.synced == 2
    assert sorted(counting.calls) == [("CA", 1), ("US", 1)]  # one request per entity session
    owners = {b["REFERENCENO"]: b["MEGAENTITYID"] for b in glbatches(emulator)}
    assert owners == {canadian.number: "CA", american.number: "US"}
    assert job_of(canadian).entity_id == "CA"
    assert TransactionSyncState.objects.get(transaction=canadian).entity_id == "CA"


def test_first_matching_rule_wins_and_default_is_top_level(company, connected, master):
    from trueerp.sage_intacct.mapping.services.context import choose_entity, load_context

    rules(company, master)
    EntityRule.objects.create(
        company=company, position=0, name="Job P-200", job=master.jobs["P-200"], entity_id="UK"
    )
    m = master
    txn = journal(
        company, [line(m.accounts["6200"], debit="1.00"), line(m.accounts["1000"], credit="1.00")], post=False
    )
    context = load_context(company)
    assert choose_entity(context, txn) == ("US", None)  # the default entity (sync_support.connect)
    txn.branch = m.branches["CA-ON"]
    assert choose_entity(context, txn)[0] == "CA"
    txn.job = m.jobs["P-200"]
    assert choose_entity(context, txn)[0] == "UK"


def test_inter_entity_entry_at_top_level_balances_through_due_to_due_from(
    company, connected, master, emulator
):
    m = master
    SyncSettings.objects.filter(company=company).update(default_entity_id="")  # the top level
    txn = journal(
        company,
        [
            line(m.accounts["6200"], debit="300.00", branch=m.branches["CA-ON"]),
            line(m.accounts["1000"], credit="300.00", branch=m.branches["US-NY"]),
        ],
        description="Canada travel paid from the US account",
    )
    run(company)
    assert TransactionSyncState.objects.get(transaction=txn).status == SyncStatus.SYNCED
    key = job_of(txn).intacct_key
    entries = [e for e in emulator.records("GLENTRY") if str(e["BATCHNO"]) == key]
    by_entity: dict[str, int] = {}
    for e in entries:
        cents = round(float(e["TRX_AMOUNT"]) * 100) * (1 if e["TR_TYPE"] == "1" else -1)
        by_entity[e["MEGAENTITYID"]] = by_entity.get(e["MEGAENTITYID"], 0) + cents
    assert by_entity == {"CA": 0, "US": 0}
    iet = sorted(
        (e["ACCOUNTNO"], e["TR_TYPE"], e["MEGAENTITYID"]) for e in entries if e.get("ISIET") == "true"
    )
    assert iet == [("1900", "1", "US"), ("2900", "-1", "CA")]


def test_entity_private_value_in_another_entity_is_caught_before_sending(
    company, connected, master, emulator
):
    rules(company, master)
    m = master
    txn = journal(
        company,
        [
            line(m.accounts["6100"], debit="45.00", department=m.departments["HSE"]),
            line(m.accounts["1000"], credit="45.00"),
        ],
        branch=m.branches["US-NY"],
    )
    counting = CountingFactory()
    run(company, counting)
    assert counting.calls == []
    job = job_of(txn)
    assert job.state == JobState.BLOCKED
    assert job.last_error == (
        "Line 1: Department HSE Health, Safety & Environment (UK) (from TRUE department HSE Health & Safety UK) is "
        "private to Intacct entity UK and cannot be used in entity US. Use a shared value or one of entity US, or "
        "post this transaction to entity UK through the entity-mapping rules in Settings > Sage Intacct."
    )
    assert glbatches(emulator) == []


def test_line_location_outside_the_chosen_entity_is_caught(company, connected, master, emulator):
    EntityRule.objects.create(company=company, position=1, name="Everything to CA", entity_id="CA")
    m = master
    txn = journal(
        company,
        [
            line(m.accounts["6200"], debit="5.00", branch=m.branches["US-NY"]),
            line(m.accounts["1000"], credit="5.00"),
        ],
    )
    counting = CountingFactory()
    run(company, counting)
    assert counting.calls == []
    assert job_of(txn).last_error == (
        "Line 1: TRUE branch US-NY New York Office maps to Intacct location US-NY, which belongs to entity US, but "
        "this transaction posts to entity CA (rule 'Everything to CA'). Change the line's branch or the "
        "entity-mapping rules in Settings > Sage Intacct."
    )


def test_blocked_record_clears_itself_when_the_mapping_is_fixed(company, connected, master, emulator):
    m = master
    txn = journal(
        company,
        [
            line(m.accounts["6100"], debit="45.00", department=m.departments["FIN"]),
            line(m.accounts["1000"], credit="45.00"),
        ],
    )
    # TRUE department FIN → Intacct by name, which does not match ("Finance" exists, as "FIN").
    DimensionMapping.objects.create(
        company=company, source=DimensionSource.DEPARTMENT, dimension="DEPARTMENT", match_by="name"
    )
    mapping.ensure_default_mappings(company)
    m.departments["FIN"].name = "Finance & Accounting"
    m.departments["FIN"].save()
    run(company)
    job = job_of(txn)
    assert job.state == JobState.BLOCKED
    assert job.last_error.startswith(
        "Line 1: TRUE department FIN Finance & Accounting has no matching Department"
    )
    assert glbatches(emulator) == []
    override = DimensionValueOverride.objects.create(
        mapping=DimensionMapping.objects.get(company=company, source=DimensionSource.DEPARTMENT),
        source_code="FIN",
        value_id="FIN",
    )
    assert override.pk
    job.refresh_from_db()
    assert job.state == JobState.QUEUED  # re-checked automatically, not by hand
    run(company)
    job.refresh_from_db()
    assert job.state == JobState.SYNCED
    assert [b["REFERENCENO"] for b in glbatches(emulator)] == [txn.number]
    assert job.error is None


def test_ar_invoice_lines_carry_project_and_location(company, connected, master, emulator):
    import datetime as dt

    from trueerp.financial.services.transactions import TransactionInput, create_transaction

    m = master
    data = TransactionInput(
        type=Transaction.Type.AR_INVOICE,
        date=dt.date(2026, 3, 3),
        customer=m.customers["C100"],
        job=m.jobs["P-100"],
        lines=[line(m.accounts["1100"], debit="1000.00"), line(m.accounts["4000"], credit="1000.00")],
    )
    invoice = create_transaction(company=company, actor=None, data=data, post=True)
    run(company)
    assert job_of(invoice).state == JobState.SYNCED, job_of(invoice).last_error
    items = emulator.records("ARINVOICE")[0]["ARINVOICEITEMS"]["ARINVOICEITEM"]
    item = items[0] if isinstance(items, list) else items
    assert (item["ACCOUNTNO"], item["PROJECTID"], item["LOCATIONID"]) == ("4000", "P-100", "US-NY")


def test_blocked_record_clears_itself_when_the_transaction_is_fixed(company, connected, master, emulator):
    from trueerp.financial.services.transactions import transaction_input_from, update_transaction

    m = master
    txn = journal(
        company, [line(m.accounts["6100"], debit="40.00"), line(m.accounts["1000"], credit="40.00")]
    )
    run(company)
    assert job_of(txn).state == JobState.BLOCKED
    data = transaction_input_from(txn)
    data.lines = [
        line(m.accounts["6100"], debit="40.00", department=m.departments["ENG"]),
        line(m.accounts["1000"], credit="40.00"),
    ]
    txn = update_transaction(txn, actor=None, data=data)
    assert job_of(txn).state == JobState.QUEUED
    run(company)
    assert job_of(txn).state == JobState.SYNCED
    assert TransactionSyncState.objects.get(transaction=txn).status == SyncStatus.SYNCED
    assert [b["REFERENCENO"] for b in glbatches(emulator)] == [txn.number]


def test_api_keys_entity_is_the_default_until_rules_say_otherwise(company, emulator, master):
    from trueerp.sage_intacct.reference.services import refresh_reference_data
    from trueerp.sage_intacct.tests.sync_support import connect

    connect(company, emulator, entity_id="US")
    refresh_reference_data(company)
    m = master
    txn = journal(company, [line(m.accounts["6200"], debit="9.00"), line(m.accounts["1000"], credit="9.00")])
    counting = CountingFactory()
    run(company, counting)
    assert counting.calls == [("US", 1)]
    assert {b["REFERENCENO"]: b["MEGAENTITYID"] for b in glbatches(emulator)} == {txn.number: "US"}
