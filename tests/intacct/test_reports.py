"""Asynchronous custom reports: run, poll while PENDING, then page until nothing remains."""

from __future__ import annotations

import pickle
from collections.abc import Callable

import pytest
from lxml import etree

from intacct import IntacctClient
from intacct.errors import InvalidArgumentError, ParseError, ReportPendingError, ResultError
from intacct.functions import ReadMore, ReadReport
from intacct.testing import FakeTransport, RecordedRequest, error_xml, response_xml, result_xml, xml_response
from intacct.transport import TransportResponse

from .conftest import make_config


class FakeTime:
    """A clock that only moves when the client sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


@pytest.fixture
def time_() -> FakeTime:
    return FakeTime()


@pytest.fixture
def client(transport: FakeTransport, time_: FakeTime) -> IntacctClient:
    return IntacctClient(
        make_config(use_sessions=False), transport=transport, sleep=time_.sleep, clock=time_.clock
    )


def report_answer(function: str, control_id: str, *, records: str = "", **attributes: str | int) -> str:
    return result_xml(
        function, control_id, data=records, data_attributes={"listtype": "report", **attributes}
    )


def sent(request: RecordedRequest) -> tuple[str, str, str]:
    """(function element, its control id, the report id it names or '')."""
    function = etree.fromstring(request.body).find("operation/content/function")
    assert function is not None
    element = function[0]
    return str(element.tag), function.get("controlid", ""), element.findtext("reportId") or ""


def scripted(*answers: dict[str, str | int]) -> Callable[[RecordedRequest], TransportResponse]:
    """A responder answering each request with the next page, echoing its control id."""
    pages = list(answers)

    def respond(request: RecordedRequest) -> TransportResponse:
        element, control_id, _ = sent(request)
        page = pages.pop(0)
        records = str(page.pop("records", ""))
        return xml_response(response_xml([report_answer(element, control_id, records=records, **page)]))

    return respond


def scripted_client(time_: FakeTime, *answers: dict[str, str | int]) -> tuple[IntacctClient, FakeTransport]:
    transport = FakeTransport(scripted(*answers))
    client = IntacctClient(
        make_config(use_sessions=False), transport=transport, sleep=time_.sleep, clock=time_.clock
    )
    return client, transport


ROW = "<report><VENDORID>{0}</VENDORID><AMOUNT>{1}</AMOUNT></report>"


def test_a_pending_run_is_polled_then_paged_to_the_end(time_: FakeTime) -> None:
    transport = FakeTransport(
        scripted(
            {"reportId": "R1", "status": "PENDING", "count": 0, "numremaining": 0},
            {"reportId": "R1", "status": "PENDING", "count": 0, "numremaining": 0},
            {
                "reportId": "R1",
                "status": "DONE",
                "count": 2,
                "totalcount": 3,
                "numremaining": 1,
                "records": ROW.format("V100", "10.00") + ROW.format("V200", "20.00"),
            },
            {
                "reportId": "R1",
                "status": "DONE",
                "count": 1,
                "totalcount": 3,
                "numremaining": 0,
                "records": ROW.format("V300", "30.00"),
            },
        )
    )
    client = IntacctClient(
        make_config(use_sessions=False), transport=transport, sleep=time_.sleep, clock=time_.clock
    )
    run = ReadReport("Vendor payments", arguments={"REPORTINGPERIOD": "Current Year"}, page_size=2)
    pages = list(client.iter_report_pages(run, poll_interval=5.0, timeout=60.0))
    assert [[record["VENDORID"] for record in page.records] for page in pages] == [["V100", "V200"], ["V300"]]
    assert [(page.total_count, page.num_remaining, page.result_id) for page in pages] == [
        (3, 1, "R1"),
        (3, 0, "R1"),
    ]
    assert [sent(request)[0::2] for request in transport.requests] == [
        ("readReport", ""),
        ("readMore", "R1"),
        ("readMore", "R1"),
        ("readMore", "R1"),
    ]
    assert time_.sleeps == [5.0, 5.0]  # only while pending, never between pages


def test_records_flatten_the_pages(client: IntacctClient, transport: FakeTransport) -> None:
    transport.queue(
        response_xml(
            [
                report_answer(
                    "readReport",
                    "r",
                    records=ROW.format("V1", "1") + ROW.format("V2", "2"),
                    reportId="R2",
                    status="DONE",
                    count=2,
                    numremaining=0,
                )
            ]
        )
    )
    records = list(client.iter_report_records(ReadReport("X", control_id="r")))
    assert records == [{"VENDORID": "V1", "AMOUNT": "1"}, {"VENDORID": "V2", "AMOUNT": "2"}]
    assert len(transport.requests) == 1


def test_a_run_still_pending_after_the_timeout_raises_with_its_report_id(time_: FakeTime) -> None:
    pending: dict[str, str | int] = {"reportId": "R3", "status": "pending", "count": 0}
    client, transport = scripted_client(time_, *[dict(pending) for _ in range(10)])
    with pytest.raises(ReportPendingError) as caught:
        list(client.iter_report_pages(ReadReport("Slow"), poll_interval=10.0, timeout=25.0))
    error = caught.value
    assert error.report_id == "R3"
    assert (error.retryable, error.may_have_committed) == (True, False)
    assert "ReadMore(report_id='R3')" in str(error)
    assert time_.sleeps == [10.0, 10.0, 10.0]
    assert len(transport.requests) == 4  # the run and three polls; no poll after the deadline
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
    assert (type(copy), copy.report_id, copy.retryable) == (ReportPendingError, "R3", True)


def test_a_run_is_resumed_by_report_id(time_: FakeTime) -> None:
    client, transport = scripted_client(
        time_,
        {"reportId": "R4", "status": "DONE", "count": 1, "numremaining": 0, "records": ROW.format("V9", "9")},
    )
    (page,) = client.iter_report_pages(ReadMore(report_id="R4"))
    assert page.records == [{"VENDORID": "V9", "AMOUNT": "9"}]
    assert [sent(request)[0::2] for request in transport.requests] == [("readMore", "R4")]


def test_an_answer_without_status_is_a_finished_page(time_: FakeTime) -> None:
    client, transport = scripted_client(
        time_,
        {"reportId": "R5", "count": 1, "numremaining": 1, "records": ROW.format("A", "1")},
        {"count": 1, "numremaining": 0, "records": ROW.format("B", "2")},
    )
    pages = list(client.iter_report_pages(ReadReport("X")))
    assert [page.records[0]["VENDORID"] for page in pages] == ["A", "B"]
    assert sent(transport.requests[1])[2] == "R5"  # the id from the first answer is kept


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({"status": "PENDING", "count": 0}, "PENDING without a reportId"),
        (
            {"reportId": "R6", "status": "FAILED", "count": 0},
            "answered status 'FAILED'; expected PENDING or DONE",
        ),
        ({"status": "DONE", "count": 1, "numremaining": 4}, "4 remaining but no reportId"),
    ],
)
def test_answers_that_cannot_be_followed_raise_parse_error(
    time_: FakeTime, answer: dict[str, str | int], message: str
) -> None:
    client, transport = scripted_client(time_, answer)
    with pytest.raises(ParseError, match=message):
        list(client.iter_report_pages(ReadReport("X")))
    assert len(transport.requests) == 1


def test_a_failed_run_raises_its_result_error(client: IntacctClient, transport: FakeTransport) -> None:
    transport.queue(
        response_xml(
            [
                result_xml(
                    "readReport", "r", status="failure", errors=[error_xml("BL01001973", "No such report")]
                )
            ]
        )
    )
    with pytest.raises(ResultError) as caught:
        list(client.iter_report_pages(ReadReport("Missing", control_id="r")))
    assert caught.value.errors[0].errorno == "BL01001973"


@pytest.mark.parametrize(
    ("function", "message"),
    [
        (ReadReport("X", return_definition=True), "returns a definition"),
        (ReadMore("RESULT-1"), "ReadMore\\(report_id=...\\)"),
    ],
)
def test_functions_that_are_not_report_runs_are_refused(
    client: IntacctClient, transport: FakeTransport, function: ReadReport | ReadMore, message: str
) -> None:
    with pytest.raises(InvalidArgumentError, match=message):
        list(client.iter_report_pages(function))
    assert transport.requests == []


def test_result_exposes_report_id_and_status() -> None:
    from intacct import parse_response

    body = response_xml([report_answer("readReport", "r", reportId="R7", status=" done ", count=0)])
    (result,) = parse_response(body.encode()).results
    assert (result.report_id, result.report_status) == ("R7", "DONE")
    assert result.data_attributes == {
        "listtype": "report",
        "reportId": "R7",
        "status": " done ",
        "count": "0",
    }


STATUS = "<report_results><REPORTID>R7</REPORTID><STATUS>{}</STATUS></report_results>"


def documented(*answers: tuple[str, dict[str, str]]) -> Callable[[RecordedRequest], TransportResponse]:
    """Answers in the shape Intacct documents: report_results while it runs, then report pages."""
    pages = list(answers)

    def respond(request: RecordedRequest) -> TransportResponse:
        element, control_id, _ = sent(request)
        records, attributes = pages.pop(0)
        return xml_response(
            response_xml([result_xml(element, control_id, data=records, data_attributes=attributes)])
        )

    return respond


def test_the_documented_report_results_answer_is_polled_then_paged(time_: FakeTime) -> None:
    transport = FakeTransport(
        documented(
            (STATUS.format("PENDING"), {}),
            (STATUS.format("PENDING"), {}),
            (STATUS.format("DONE"), {}),
            (
                ROW.format("V100", "10.00") + ROW.format("V200", "20.00"),
                {"listtype": "report", "count": "2", "totalcount": "2", "numremaining": "0"},
            ),
        )
    )
    client = IntacctClient(
        make_config(use_sessions=False), transport=transport, sleep=time_.sleep, clock=time_.clock
    )
    pages = list(client.iter_report_pages(ReadReport("Vendor payments"), poll_interval=5.0, timeout=60.0))
    assert [[record["VENDORID"] for record in page.records] for page in pages] == [["V100", "V200"]]
    assert [(page.total_count, page.num_remaining, page.result_id) for page in pages] == [(2, 0, "R7")]
    assert [sent(request)[0::2] for request in transport.requests] == [
        ("readReport", ""),
        ("readMore", "R7"),
        ("readMore", "R7"),
        ("readMore", "R7"),
    ]
    assert time_.sleeps == [5.0, 5.0]
