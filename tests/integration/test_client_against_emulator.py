"""The intacct client end to end against the emulator over real loopback HTTP."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

from intacct import (
    ClientConfig,
    IntacctClient,
    RequestConfig,
    as_list,
    deterministic_control_id,
    split_into_requests,
)
from intacct.errors import (
    ControlError,
    CredentialsRejectedError,
    DuplicateControlIdError,
    ParseError,
    ResultError,
    SenderNotAuthorizedError,
    TransportError,
    UncertainOutcomeError,
)
from intacct.functions import (
    ArPaymentItem,
    BillLine,
    Create,
    CreateArPayment,
    CreateBill,
    CreateInvoice,
    Delete,
    GetAccountBalancesByDimensions,
    GetDimensions,
    GetTrialBalance,
    Inspect,
    InvoiceLine,
    Lookup,
    Query,
    Read,
    ReadByName,
    ReadByQuery,
    ReverseArPayment,
    ReverseBill,
    ReverseInvoice,
    Update,
)
from intacct.query import QueryBuilder, equal_to

if TYPE_CHECKING:
    from intacct_emulator.testing import EmulatorHandle

emulator_testing = pytest.importorskip("intacct_emulator.testing")

pytestmark = pytest.mark.emulator


@pytest.fixture(scope="module")
def emulator() -> Iterator[EmulatorHandle]:
    with emulator_testing.run_emulator() as handle:
        yield handle


@pytest.fixture
def emu(emulator: EmulatorHandle) -> EmulatorHandle:
    emulator.reset()
    emulator.clear_faults()
    return emulator


def config_for(emu: EmulatorHandle, **overrides: object) -> ClientConfig:
    credentials = emu.credentials
    values: dict[str, object] = {
        "sender_id": credentials["sender_id"],
        "sender_password": credentials["sender_password"],
        "company_id": credentials["company_id"],
        "user_id": credentials["user_id"],
        "user_password": credentials["user_password"],
        "endpoint_url": emu.url,
        "allow_custom_endpoint": True,
        "backoff_initial": 0.01,
        "backoff_max": 0.05,
        "read_timeout": 30.0,
    }
    values.update(overrides)
    return ClientConfig(**values)  # type: ignore[arg-type]


@pytest.fixture
def client(emu: EmulatorHandle) -> Iterator[IntacctClient]:
    with IntacctClient(config_for(emu)) as instance:
        yield instance


def new_class(
    class_id: str, *, control_id: str | None = None, name: str | None = "Integration class"
) -> Create:
    return Create("CLASS", {"CLASSID": class_id, "NAME": name}, control_id=control_id)


def class_ids(client: IntacctClient) -> set[str]:
    query = Query("CLASS", ["CLASSID"], page_size=2000)
    return {str(record["CLASSID"]) for record in client.iter_records(query)}


def journal_entry(reference: str) -> Create:
    return Create(
        "GLBATCH",
        {
            "JOURNAL": "GJ",
            "BATCH_DATE": date.today(),
            "BATCH_TITLE": f"Integration {reference} & <checks>",
            "REFERENCENO": reference,
            "ENTRIES": {
                "GLENTRY": [
                    {"ACCOUNTNO": "6200", "TR_TYPE": 1, "TRX_AMOUNT": Decimal("125.50"), "LOCATION": "US"},
                    {"ACCOUNTNO": "1000", "TR_TYPE": -1, "TRX_AMOUNT": Decimal("125.50"), "LOCATION": "US"},
                ]
            },
        },
        control_id=deterministic_control_id("GLBATCH", reference, prefix="je-"),
    )


def test_session_is_opened_once_and_reused(client: IntacctClient) -> None:
    for _ in range(3):
        assert client.execute(Read("GLACCOUNT", fields=["ACCOUNTNO"])).ok
    assert client.session_provider.sessions_opened == 1
    session = client.session_provider.get()
    assert session.entity_id == ""
    assert session.company_id == "TRUE-DEMO"


def test_entity_session_scopes_created_records(client: IntacctClient) -> None:
    uk = client.for_entity("UK")
    uk.execute(new_class("UK-ONLY"))
    assert uk.session_provider.get().entity_id == "UK"
    records = client.execute(ReadByQuery("CLASS", equal_to("CLASSID", "UK-ONLY"))).data
    assert [(r["CLASSID"], r["MEGAENTITYID"]) for r in records] == [("UK-ONLY", "UK")]
    assert client.session_provider.sessions_opened == 1
    assert uk.session_provider.sessions_opened == 1


def test_journal_entry_round_trip(client: IntacctClient) -> None:
    result = client.execute(journal_entry("TRUE-JE-1"))
    assert result.count == 1
    recordno = result.data[0]["RECORDNO"]
    (batch,) = client.execute(Read("GLBATCH", [str(recordno)])).data
    assert batch["BATCH_TITLE"] == "Integration TRUE-JE-1 & <checks>"
    assert batch["BATCH_DATE"] == date.today().strftime("%m/%d/%Y")


def test_batches_split_by_count_all_succeed_in_order(client: IntacctClient) -> None:
    functions = [new_class(f"B{n:02d}", control_id=f"class-{n}") for n in range(25)]
    chunks = split_into_requests(functions, max_functions=10)
    assert [len(chunk) for chunk in chunks] == [10, 10, 5]
    results = [result for chunk in chunks for result in client.execute_batch(chunk, uniqueid=True)]
    assert [r.control_id for r in results] == [f"class-{n}" for n in range(25)]
    assert all(r.ok for r in results)
    assert {f"B{n:02d}" for n in range(25)} <= class_ids(client)


def test_partial_failure_without_transaction_commits_the_rest(client: IntacctClient) -> None:
    results = client.execute_batch([new_class("P1"), new_class("P2", name=None), new_class("P3")])
    assert [r.status for r in results] == ["success", "failure", "success"]
    assert results[1].errors[0].errorno == "PL01000127"
    assert {"P1", "P3"} <= class_ids(client)


def test_transaction_true_rolls_everything_back(client: IntacctClient) -> None:
    results = client.execute_batch(
        [new_class("T1"), new_class("T2", name=None), new_class("T3")], transaction=True
    )
    assert [r.status for r in results] == ["aborted", "failure", "aborted"]
    assert all(any(e.errorno == "XL03000009" for e in r.errors) for r in results)
    assert not {"T1", "T2", "T3"} & class_ids(client)


def test_repeated_control_id_under_uniqueid_is_refused(client: IntacctClient) -> None:
    unique = RequestConfig(uniqueid=True)
    client.execute(new_class("U1", control_id="class-u1"), unique)
    with pytest.raises(DuplicateControlIdError) as caught:
        client.execute(new_class("U1", control_id="class-u1"), unique)
    assert caught.value.result.control_id == "class-u1"
    assert caught.value.errors[0].errorno == "EMU-UNIQUEID"
    assert client.execute(new_class("U2", control_id="class-u1")).ok  # uniqueid=false runs it again


def test_read_by_query_paging_requests_each_page_once(client: IntacctClient) -> None:
    pages = list(client.iter_pages(ReadByQuery("GLACCOUNT", fields=["ACCOUNTNO"], page_size=7)))
    counts = [len(page.records) for page in pages]
    total = pages[0].total_count
    assert total is not None
    assert sum(counts) == total
    assert counts[:-1] == [7] * (len(counts) - 1)
    accounts = [record["ACCOUNTNO"] for page in pages for record in page.records]
    assert len(set(accounts)) == total
    assert pages[-1].is_last


def test_query_offset_paging(client: IntacctClient) -> None:
    query = QueryBuilder("GLACCOUNT").select("ACCOUNTNO", "TITLE").order_by("ACCOUNTNO").page_size(10).build()
    records = list(client.iter_records(query))
    accounts = [str(record["ACCOUNTNO"]) for record in records]
    assert accounts == sorted(accounts)
    assert len(accounts) == len(set(accounts)) == client.execute(query).total_count


def test_control_level_failure_bad_sender(emu: EmulatorHandle) -> None:
    with (
        IntacctClient(config_for(emu, sender_password="wrong")) as client,
        pytest.raises(ControlError) as caught,
    ):
        client.execute(Read("GLACCOUNT"))
    assert caught.value.errors[0].errorno == "XL03000006"


def test_authentication_failure_bad_user_password(emu: EmulatorHandle) -> None:
    with (
        IntacctClient(config_for(emu, user_password="wrong")) as client,
        pytest.raises(CredentialsRejectedError),
    ):
        client.execute(Read("GLACCOUNT"))


def test_result_failure_for_readonly_user(emu: EmulatorHandle) -> None:
    credentials = emu.credentials
    config = config_for(
        emu, user_id=credentials["readonly_user_id"], user_password=credentials["readonly_user_password"]
    )
    with IntacctClient(config) as client, pytest.raises(ResultError) as caught:
        client.execute(new_class("RO1"))
    assert caught.value.errors[0].errorno == "PL04000005"
    assert caught.value.retryable is False


def test_expired_session_is_renewed_transparently(emu: EmulatorHandle, client: IntacctClient) -> None:
    client.execute(Read("GLACCOUNT"))
    emu.expire_sessions()
    assert client.execute(Read("GLACCOUNT")).ok
    assert client.session_provider.sessions_opened == 2


@pytest.mark.parametrize("kind", ["http_502", "http_503", "rate_limit"])
def test_transient_faults_are_retried(emu: EmulatorHandle, client: IntacctClient, kind: str) -> None:
    client.execute(Read("GLACCOUNT"))  # open the session first so the fault hits the write
    emu.inject_fault(kind, count=2)
    assert client.execute(new_class(f"R-{kind}")).ok
    assert f"R-{kind}" in class_ids(client)


def test_retry_budget_is_respected(emu: EmulatorHandle, client: IntacctClient) -> None:
    client.execute(Read("GLACCOUNT"))
    emu.inject_fault("http_503", count=5)
    with pytest.raises(TransportError) as caught:
        client.execute(Read("GLACCOUNT"), RequestConfig(max_retries=2))
    assert caught.value.http_status == 503


@pytest.mark.parametrize("kind", ["http_524_after_commit", "drop_after_commit"])
def test_ambiguous_write_raises_uncertain_outcome_then_resend_is_refused(
    emu: EmulatorHandle, client: IntacctClient, kind: str
) -> None:
    client.execute(Read("GLACCOUNT"))
    entry = journal_entry(f"TRUE-{kind}")
    emu.inject_fault(kind, count=1)
    with pytest.raises(UncertainOutcomeError) as caught:
        client.execute(entry, RequestConfig(uniqueid=True))
    assert caught.value.function_control_ids == [entry.control_id]
    # The write did commit; re-sending the same function under uniqueid is refused, not doubled.
    with pytest.raises(DuplicateControlIdError):
        client.execute(entry, RequestConfig(uniqueid=True))
    matches = client.execute(ReadByQuery("GLBATCH", equal_to("REFERENCENO", f"TRUE-{kind}"))).data
    assert len(matches) == 1


def test_malformed_body_is_a_parse_error(emu: EmulatorHandle, client: IntacctClient) -> None:
    client.execute(Read("GLACCOUNT"))
    emu.inject_fault("malformed_body", count=1)
    with pytest.raises(ParseError):
        client.execute(Read("GLACCOUNT"))


def test_delete_round_trip(client: IntacctClient) -> None:
    created = client.execute(new_class("DEL1"))
    recordno = created.data[0]["RECORDNO"]
    client.execute(Delete("CLASS", [str(recordno)]))
    assert "DEL1" not in class_ids(client)


def test_legacy_invoice_payment_reversal_and_trial_balance(client: IntacctClient) -> None:
    today = date.today()
    invoice = client.execute(
        CreateInvoice(
            "C100",
            today,
            [
                InvoiceLine(
                    amount=Decimal("1000.00"), gl_account_no="4000", location_id="US-NY", project_id="P-100"
                )
            ],
            date_due=today,
            invoice_no="INV-INT-1",
        )
    )
    assert invoice.key is not None
    payment = client.execute(
        CreateArPayment(
            "C100",
            Decimal("400.00"),
            today,
            "EFT",
            bank_account_id="BOA",
            apply_to=[ArPaymentItem(invoice.key, Decimal("400.00"))],
        )
    )
    assert payment.key is not None
    assert client.execute(ReverseArPayment(payment.key, today, memo="bounced")).ok
    assert client.execute(ReverseInvoice(invoice.key, today)).ok
    balances = client.execute(GetTrialBalance(start_date=date(today.year, 1, 1), end_date=today))
    assert balances.ok
    assert {"glaccountno", "endbalance"} <= set(balances.data[0])


def test_concurrent_threads_share_one_session_and_ride_out_rate_limits(
    emu: EmulatorHandle, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="intacct")
    emu.set_concurrency_limit(2, company="TRUE-DEMO")  # re-seeded by the next reset
    emu.set_latency(20)
    config = config_for(emu, max_in_flight=4, max_retries=50, backoff_initial=0.005, backoff_max=0.02)
    failures: list[BaseException] = []
    try:
        with IntacctClient(config) as client:

            def work() -> None:
                try:
                    for _ in range(4):
                        client.execute(Read("GLACCOUNT", fields=["ACCOUNTNO"]))
                except BaseException as exc:
                    failures.append(exc)

            threads = [threading.Thread(target=work) for _ in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert failures == []
            assert client.session_provider.sessions_opened == 1
    finally:
        emu.set_latency(0)
    rate_limited = [r for r in caplog.records if r.name == "intacct.retry" and "GW-0010" in r.getMessage()]
    assert rate_limited, "the emulator never throttled, so the test proved nothing"


def test_sender_not_authorised_for_the_company(emu: EmulatorHandle) -> None:
    config = config_for(emu, sender_id="unauthorized_sender")
    with IntacctClient(config) as client, pytest.raises(SenderNotAuthorizedError) as caught:
        client.execute(Read("GLACCOUNT"))
    assert caught.value.errors[0].errorno == "XL03000006"


def test_offline_request_is_acknowledged_and_a_bad_policy_is_a_control_error(client: IntacctClient) -> None:
    response = client.execute_offline(
        [Read("GLACCOUNT", control_id="r")], RequestConfig(policy_id="trueerp_demo_async")
    )
    assert response.acknowledgement == "success"
    with pytest.raises(ControlError, match="not a valid transport policy"):
        client.execute_offline([Read("GLACCOUNT")], RequestConfig(policy_id="nope"))


def test_metadata_functions_and_read_by_name(client: IntacctClient) -> None:
    fields = client.execute(Inspect("GLACCOUNT")).data[0]
    assert fields["@Name"] == "GLACCOUNT"
    assert "ACCOUNTNO" in as_list(fields["Fields"]["Field"])  # type: ignore[index,call-overload]
    objects = client.execute(Inspect()).data
    assert {"@typename": "GLACCOUNT", "#text": "GL Account"} in objects
    detail = client.execute(Inspect("CLASS", detail=True)).data[0]
    assert detail["Attributes"]["SingularName"] == "Class"  # type: ignore[index,call-overload]
    lookup = client.execute(Lookup("GLBATCH")).data[0]
    assert lookup["@Name"] == "GLBATCH"
    dimensions = as_list(client.execute(GetDimensions()).data[0]["dimension"])
    assert {"DEPARTMENT", "LOCATION"} <= {d["objectName"] for d in dimensions}  # type: ignore[index,call-overload]
    accounts = client.execute(ReadByName("GLACCOUNT", ["1000", "6200"], fields=["ACCOUNTNO", "TITLE"]))
    assert [(r["ACCOUNTNO"], r["TITLE"]) for r in accounts.data] == [
        ("1000", "Cash - Operating"),
        ("6200", "Travel"),
    ]


def test_update_bill_reversal_and_balances_by_dimension(client: IntacctClient) -> None:
    updated = client.execute(Update("CLASS", {"CLASSID": "C1", "NAME": "Commercial (renamed)"}))
    assert updated.data[0]["CLASSID"] == "C1"
    (renamed,) = client.execute(ReadByName("CLASS", ["C1"], fields=["NAME"])).data
    assert renamed["NAME"] == "Commercial (renamed)"
    today = date.today()
    bill = client.execute(
        CreateBill("V100", today, [BillLine(amount=Decimal("50.00"), gl_account_no="6200")], date_due=today)
    )
    assert bill.key is not None
    assert client.execute(ReverseBill(bill.key, today, memo="entered twice")).ok
    balances = client.execute(
        GetAccountBalancesByDimensions(
            start_date=date(today.year, 1, 1), end_date=today, gl_account_no="1000"
        )
    )
    assert balances.ok
