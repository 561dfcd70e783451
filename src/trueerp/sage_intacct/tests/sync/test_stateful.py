"""The ledger's promise as a stateful property, against the emulator (issue 11).

Hypothesis drives random interleavings of what people and machines do: post, edit, void, sync now,
bulk sync, update, retry, retry all, reverse, mark synced (entered by hand in Intacct first, as an
administrator would), mark not synced, worker runs cut at a random point (a timeout before or after
Intacct ran the request, a worker killed between send and answer, a claim lost to another worker),
emulator faults (503, 524 after commit, connection dropped after commit, session expiry, rate limit),
credentials that stop and start working, time passing and the sweep.

At every step Intacct never holds two records with one TRUE reference. After settling (faults
cleared, keys fixed, time let pass, and people retrying, updating or syncing what shows they
should), for every TRUE document: Intacct holds exactly one live posting equal to TRUE's current
posted version (entity, amounts, accounts, dimensions), or nets to zero per account when voided,
and TRUE's status says exactly that.

CI runs a bounded number of examples. ``make soak SOAK_MINUTES=20`` runs it for that long and prints
the examples tried and the invariants broken.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from intacct import UncertainOutcomeError
from intacct_emulator.testing import EmulatorHandle
from trueerp.core.models import AuditEntry, Company, User
from trueerp.financial.models import Transaction
from trueerp.financial.services.transactions import (
    TransactionInput,
    create_transaction,
    transaction_input_from,
    update_transaction,
    void_transaction,
)
from trueerp.sage_intacct.connection.clients import forget_clients
from trueerp.sage_intacct.connection.models import ConnectionStatus, IntacctConnection
from trueerp.sage_intacct.mapping.services.context import load_context
from trueerp.sage_intacct.mapping.services.prevalidation import prepare
from trueerp.sage_intacct.sync.models import (
    OPEN_JOB_STATES,
    InflightLease,
    SyncError,
    SyncJob,
    SyncStatus,
    TransactionSyncState,
)
from trueerp.sage_intacct.sync.services import builders
from trueerp.sage_intacct.sync.services.engine import result_key, run_company
from trueerp.sage_intacct.sync.services.run import default_client_factory
from trueerp.sage_intacct.sync.services.state import bulk, machine, requests, worker
from trueerp.sage_intacct.tests.sync_support import (
    KilledWorker,
    Master,
    connected,
    let_time_pass,
    line,
    master,
    run,
    wrapped,
)

pytestmark = [pytest.mark.django_db, pytest.mark.emulator]
__all__ = ["connected", "master"]

SOAK_MINUTES = float(os.environ.get("LEDGER_SOAK_MINUTES", "0") or 0)
CI_EXAMPLES = int(os.environ.get("LEDGER_STATEFUL_EXAMPLES", "12"))
EMULATOR_FAULTS = ("http_503", "http_524_after_commit", "drop_after_commit", "session_expiry", "rate_limit")
CUTS = ("timeout_before_intacct_ran_it", "timeout_after_intacct_ran_it", "killed_after_send", "claim_lost")
DAY = dt.date(2026, 3, 10)
# Where an administrator would enter a record by hand: TRUE has not got it into Intacct (yet).
BY_HAND_FROM = (
    SyncStatus.NOT_SYNCED,
    SyncStatus.QUEUED,
    SyncStatus.FAILED,
    SyncStatus.BLOCKED,
    SyncStatus.UNCONFIRMED,
    SyncStatus.PAUSED,
)


@dataclass
class World:
    company: Company
    master: Master
    emulator: EmulatorHandle
    connection: IntacctConnection
    admin: User
    examples: int = 0


WORLD: World | None = None


def world() -> World:
    assert WORLD is not None
    return WORLD


def _lines(kind: str, m: Master, amount: Decimal) -> list[Any]:
    if kind == Transaction.Type.AP_BILL:
        return [line(m.accounts["6300"], debit=str(amount)), line(m.accounts["2000"], credit=str(amount))]
    return [
        line(m.accounts["6200"], debit=str(amount), department=m.departments["ENG"]),
        line(m.accounts["1000"], credit=str(amount)),
    ]


def _expire_dead_claims() -> None:
    """Every worker of earlier steps is gone: their claims run out (a heartbeat no longer renews them)."""
    past = timezone.now() - dt.timedelta(seconds=1)
    SyncJob.objects.exclude(claimed_by="").update(claimed_until=past)
    InflightLease.objects.exclude(holder="").update(holder="", expires_at=None)


class LedgerMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        w = world()
        w.examples += 1
        Transaction.objects.filter(company=w.company).delete()
        SyncError.objects.filter(company=w.company).delete()
        InflightLease.objects.all().delete()
        AuditEntry.objects.filter(company=w.company).delete()
        w.emulator.reset("demo")
        w.emulator.clear_faults()
        w.emulator.set_latency(0)
        IntacctConnection.objects.filter(pk=w.connection.pk).update(status=ConnectionStatus.CONNECTED)
        self._set_password(w.emulator.credentials["user_password"])
        self.docs: list[int] = []
        self.hand_made = 0

    # --- helpers ---------------------------------------------------------------------------------

    def _set_password(self, password: str) -> None:
        w = world()
        connection = IntacctConnection.objects.get(pk=w.connection.pk)
        connection.set_password(password)
        connection.status = ConnectionStatus.CONNECTED
        connection.save()  # working keys saved: a paused queue resumes
        forget_clients()

    def _doc(self, pick: int) -> Transaction:
        return Transaction.objects.get(pk=self.docs[pick % len(self.docs)])

    def _run(self, factory: Callable[..., Any] | None = None, seconds: float = 0.5) -> None:
        run_company(world().company.pk, worker="machine", client_factory=factory, max_seconds=seconds)

    # --- what people do --------------------------------------------------------------------------

    @rule(
        kind=st.sampled_from([Transaction.Type.JOURNAL_ENTRY, Transaction.Type.AP_BILL]),
        cents=st.integers(1, 99999),
    )
    def post(self, kind: str, cents: int) -> None:
        w = world()
        data = TransactionInput(
            type=kind,
            date=DAY,
            due_date=DAY + dt.timedelta(days=30) if kind == Transaction.Type.AP_BILL else None,
            description="Stateful",
            vendor=w.master.vendors["V100"] if kind == Transaction.Type.AP_BILL else None,
            lines=_lines(kind, w.master, Decimal(cents) / 100),
        )
        txn = create_transaction(company=w.company, actor=w.admin, data=data, post=True)
        self.docs.append(txn.pk)

    @precondition(lambda self: self.docs)
    @rule(pick=st.integers(0, 10**6), cents=st.integers(1, 99999))
    def edit(self, pick: int, cents: int) -> None:
        txn = self._doc(pick)
        if txn.state != Transaction.State.POSTED:
            return
        data = transaction_input_from(txn)
        data.lines = _lines(txn.type, world().master, Decimal(cents) / 100)
        update_transaction(txn, actor=world().admin, data=data)

    @precondition(lambda self: self.docs)
    @rule(pick=st.integers(0, 10**6))
    def void(self, pick: int) -> None:
        txn = self._doc(pick)
        if txn.state == Transaction.State.POSTED:
            void_transaction(txn, actor=world().admin)

    @precondition(lambda self: self.docs)
    @rule(
        pick=st.integers(0, 10**6),
        what=st.sampled_from(
            [
                machine.SYNC,
                machine.RETRY,
                machine.UPDATE_REQUEST,
                machine.REVERSE_REQUEST,
                machine.MARK_NOT_SYNCED,
            ]
        ),
    )
    def ask(self, pick: int, what: str) -> None:
        requests.request(self._doc(pick), what, actor=world().admin, priority=requests.MANUAL_PRIORITY)

    @precondition(lambda self: self.docs)
    @rule(picks=st.lists(st.integers(0, 10**6), min_size=1, max_size=5))
    def bulk_sync(self, picks: list[int]) -> None:
        txns = {self._doc(p).pk: self._doc(p) for p in picks}
        bulk.sync_many([t for t in txns.values() if t.state == Transaction.State.POSTED], actor=world().admin)

    @rule()
    def retry_all(self) -> None:
        bulk.retry_all_failed(world().company, actor=world().admin)

    @precondition(lambda self: self.docs)
    @rule(pick=st.integers(0, 10**6))
    def mark_synced_after_entering_it_by_hand(self, pick: int) -> None:
        """An administrator checks Intacct, enters (or corrects) the record there by hand so that it
        matches TRUE's current version, and marks it as synced with the key Intacct gave it."""
        w = world()
        txn = self._doc(pick)
        situation = requests.situation(txn, requests.record_of(txn), requests.open_job(txn))
        if txn.state != Transaction.State.POSTED or situation.status not in BY_HAND_FROM:
            return
        obj, field = builders.OBJECTS[txn.type]
        held = [r for r in w.emulator.records(obj) if r.get(field) == txn.number]
        context = load_context(w.company)
        prepared = prepare(context, txn, machine.CREATE)
        self.hand_made += 1
        job = SyncJob(
            company=w.company,
            transaction=txn,
            action=machine.UPDATE if held else machine.CREATE,
            control_id=f"by-hand-{w.examples}-{self.hand_made}",
        )
        built = builders.build(context, job, txn, prepared, str(held[0]["RECORDNO"]) if held else "")
        client = default_client_factory(w.company, "")
        try:
            (result,) = client.execute_batch([built.function])
        except Exception:
            return
        if not result.ok:
            return
        key = str(held[0]["RECORDNO"]) if held else result_key(result)
        requests.request(txn, machine.MARK_SYNCED, actor=w.admin, intacct_key=key)

    @rule()
    def credentials_stop_working(self) -> None:
        self._set_password("changed-in-intacct")
        IntacctConnection.objects.filter(pk=world().connection.pk).update(status=ConnectionStatus.CONNECTED)

    @rule()
    def credentials_fixed(self) -> None:
        self._set_password(world().emulator.credentials["user_password"])

    # --- what machines do -------------------------------------------------------------------------

    @rule(fault=st.sampled_from(("none", *EMULATOR_FAULTS)))
    def worker_runs(self, fault: str) -> None:
        if fault != "none":
            world().emulator.inject_fault(fault, count=1)
        self._run()
        world().emulator.clear_faults()

    @rule(cut=st.sampled_from(CUTS))
    def worker_run_is_cut(self, cut: str) -> None:
        company = world().company

        def execute(original: Callable[..., Any], functions: Any, *args: Any, **kwargs: Any) -> Any:
            ids = [f.control_id for f in functions]
            if cut == "timeout_before_intacct_ran_it":
                raise UncertainOutcomeError("read timed out", function_control_ids=ids)
            results = original(functions, *args, **kwargs)
            if cut == "timeout_after_intacct_ran_it":
                raise UncertainOutcomeError("read timed out", function_control_ids=ids)
            if cut == "killed_after_send":
                raise KilledWorker
            _expire_dead_claims()  # claim lost: another worker's sweep took the jobs over meanwhile
            worker.recover_stale(company.pk)
            return results

        with contextlib.suppress(KilledWorker):  # the worker died; its claims run out later
            self._run(lambda c, e: wrapped(c, e, execute=execute))

    @rule()
    def time_passes_and_the_sweep_runs(self) -> None:
        _expire_dead_claims()
        let_time_pass()
        worker.recover_stale(world().company.pk)

    # --- at every step ----------------------------------------------------------------------------

    @invariant()
    def intacct_never_holds_a_reference_twice(self) -> None:
        emulator = world().emulator
        for obj, field in (("GLBATCH", "REFERENCENO"), ("APBILL", "RECORDID")):
            counts = Counter(r.get(field) for r in emulator.records(obj))
            assert not [ref for ref, n in counts.items() if n > 1], f"posted twice in Intacct: {counts}"

    @invariant()
    def at_most_one_open_job_per_record(self) -> None:
        counts = Counter(
            SyncJob.objects.filter(state__in=OPEN_JOB_STATES).values_list("transaction_id", flat=True)
        )
        assert all(n == 1 for n in counts.values()), counts

    # --- after settling -----------------------------------------------------------------------------

    def teardown(self) -> None:
        try:
            settle(self.docs)
            check_ledger(self.docs)
        finally:
            world().emulator.clear_faults()


NEEDS: dict[str, str] = {
    SyncStatus.DESYNCHRONIZED: machine.UPDATE_REQUEST,
    SyncStatus.FAILED: machine.RETRY,
    SyncStatus.BLOCKED: machine.RETRY,
    SyncStatus.REVERSAL_REFUSED: machine.RETRY,
}


def _what_people_do(txn: Transaction) -> str | None:
    """What a person does on seeing the record's badge after the trouble is over."""
    status = TransactionSyncState.objects.filter(transaction=txn).values_list("status", flat=True).first()
    if status in (None, SyncStatus.NOT_SYNCED):
        return machine.SYNC if txn.state == Transaction.State.POSTED else None
    return NEEDS.get(status)


def settle(docs: list[int], rounds: int = 40) -> None:
    """Faults end, keys work, time passes, and people act on what the badges show."""
    w = world()
    w.emulator.clear_faults()
    connection = IntacctConnection.objects.get(pk=w.connection.pk)
    connection.set_password(w.emulator.credentials["user_password"])
    connection.status = ConnectionStatus.CONNECTED
    connection.save()
    forget_clients()
    for _ in range(rounds):
        _expire_dead_claims()
        let_time_pass()
        pending = False
        for txn in Transaction.objects.filter(pk__in=docs):
            what = _what_people_do(txn)
            if what is not None:
                pending = True
                requests.request(txn, what, actor=w.admin)
        run(w.company)
        settled = (
            not pending
            and not SyncJob.objects.filter(transaction_id__in=docs, state__in=OPEN_JOB_STATES).exists()
        )
        if settled and not any(_what_people_do(t) for t in Transaction.objects.filter(pk__in=docs)):
            return
    stuck = [
        (t.number, _what_people_do(t), TransactionSyncState.objects.filter(transaction=t).first())
        for t in Transaction.objects.filter(pk__in=docs)
    ]
    open_jobs = list(
        SyncJob.objects.filter(transaction_id__in=docs, state__in=OPEN_JOB_STATES).values_list(
            "transaction__number", "state", "last_error"
        )
    )
    raise AssertionError(f"the queue did not settle: {open_jobs} {stuck}")


def _gl(emulator: EmulatorHandle, references: set[str]) -> list[dict[str, Any]]:
    return [e for e in emulator.records("GLENTRY") if e.get("REFERENCENO") in references]


def _net(entries: list[dict[str, Any]]) -> dict[str, Decimal]:
    net: dict[str, Decimal] = {}
    for e in entries:
        amount = Decimal(str(e["TRX_AMOUNT"])) * int(e["TR_TYPE"])
        net[e["ACCOUNTNO"]] = net.get(e["ACCOUNTNO"], Decimal(0)) + amount
    return {k: v for k, v in net.items() if v}


def _expected(txn: Transaction) -> set[tuple[str, str, Decimal, str]]:
    return {
        (
            row.account.number,
            "1" if row.debit else "-1",
            row.debit or row.credit,
            row.department.code if row.department else "",
        )
        for row in txn.lines.select_related("account", "department")
    }


def check_ledger(docs: list[int]) -> None:
    """For every TRUE document, Intacct holds exactly what TRUE's status says."""
    w = world()
    emulator = w.emulator
    batches = emulator.records("GLBATCH")
    bills = emulator.records("APBILL")
    for txn in Transaction.objects.filter(pk__in=docs).order_by("id"):
        state = TransactionSyncState.objects.filter(transaction=txn).first()
        status = state.status if state is not None else SyncStatus.NOT_SYNCED
        where = f"{txn} ({txn.get_state_display()}, v{txn.version}) shows {status}"
        if txn.type == Transaction.Type.JOURNAL_ENTRY:
            mine = [b for b in batches if b["REFERENCENO"] == txn.number]
            reversals = [b for b in batches if b["REFERENCENO"] == f"REV {txn.number}"]
            entries = _gl(emulator, {txn.number, f"REV {txn.number}"})
            if txn.state == Transaction.State.POSTED:
                assert (len(mine), len(reversals)) == (1, 0), (
                    f"{where}: Intacct holds {len(mine)} + {len(reversals)} reversals"
                )
                held = {
                    (e["ACCOUNTNO"], e["TR_TYPE"], Decimal(str(e["TRX_AMOUNT"])), e.get("DEPARTMENT") or "")
                    for e in entries
                }
                assert held == _expected(txn), f"{where}: Intacct holds {held}"
                assert state is not None
                # Records post to entity US (tests/sync_support.py); TRUE shows the entity Intacct holds.
                assert (mine[0].get("MEGAENTITYID", ""), state.entity_id) == ("US", "US"), where
                assert (status, state.synced_version, state.intacct_key) == (
                    SyncStatus.SYNCED,
                    txn.version,
                    str(mine[0]["RECORDNO"]),
                ), where
            else:
                assert _net(entries) == {}, f"{where}: Intacct nets to {_net(entries)}"
                expected = SyncStatus.REVERSED if mine else SyncStatus.NOT_SYNCED
                assert status == expected, where
                assert len(mine) == len(reversals) <= 1, where
        else:
            mine = [b for b in bills if b["RECORDID"] == txn.number]
            if txn.state == Transaction.State.POSTED:
                assert len(mine) == 1, f"{where}: Intacct holds {len(mine)} bills"
                assert mine[0]["STATE"] != "Reversed", where
                assert Decimal(str(mine[0]["TOTALENTERED"])) == txn.total, where
                assert state is not None
                assert (status, state.synced_version) == (SyncStatus.SYNCED, txn.version), where
            else:
                live = [b for b in mine if b["STATE"] != "Reversed"]
                assert not live, f"{where}: Intacct still holds a live bill"
                assert status == (SyncStatus.REVERSED if mine else SyncStatus.NOT_SYNCED), where


def _machine_settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        stateful_step_count=12,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )


@pytest.fixture
def ledger_world(company, connected, master, admin_user, emulator):
    global WORLD
    WORLD = World(company, master, emulator, connected, admin_user)
    yield WORLD
    WORLD = None


@pytest.mark.skipif(SOAK_MINUTES > 0, reason="the soak run replaces the bounded one")
def test_the_ledger_holds_under_random_interleavings(ledger_world):
    run_state_machine_as_test(LedgerMachine, settings=_machine_settings(CI_EXAMPLES))


@pytest.mark.timeout(0)
@pytest.mark.skipif(SOAK_MINUTES <= 0, reason="make soak SOAK_MINUTES=… runs this for a chosen time")
def test_soak_the_ledger_for_a_chosen_time(ledger_world, capsys):
    deadline = time.monotonic() + SOAK_MINUTES * 60
    broken: list[str] = []
    rounds = 0
    while time.monotonic() < deadline:
        rounds += 1
        try:
            run_state_machine_as_test(LedgerMachine, settings=_machine_settings(20))
        except Exception as exc:
            broken.append(f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
    with capsys.disabled():
        print(
            f"\nledger soak: {SOAK_MINUTES:g} min, {ledger_world.examples} examples tried in {rounds} rounds, "
            f"{len(broken)} invariants broken"
        )
        for failure in broken:
            print(f"  broken: {failure}")
    assert broken == []
