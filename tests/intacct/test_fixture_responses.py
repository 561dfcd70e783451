"""One test per response fixture: each real-world sample parses to exactly these values."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from intacct import parse_response
from intacct.errors import (
    ControlError,
    CredentialsRejectedError,
    ErrorDetail,
    ResultError,
    SenderNotAuthorizedError,
)

from .conftest import FIXTURES, fixture_bytes

ROLLBACK = ErrorDetail(
    "XL03000009", "", "The entire transaction in this operation has been rolled back due to an error.", ""
)


def test_every_fixture_has_a_dedicated_test() -> None:
    names = {path.name for path in FIXTURES.glob("*.xml")}
    tested = {
        "response-auth-failure-invalid-login.xml",
        "response-auth-failure-sender-not-authorized.xml",
        "response-control-failure-bad-sender-credentials.xml",
        "response-control-failure-xml-parse-error.xml",
        "response-create-failure-duplicate-id.xml",
        "response-create-success.xml",
        "response-getapisession-entity-session.xml",
        "response-mixed-function-results.xml",
        "response-offline-acknowledgement.xml",
        "response-readbyquery-and-read-success.xml",
        "response-readmore-last-page.xml",
        "response-transaction-true-aborted.xml",
        # request fixtures are covered in test_fixture_requests.py
        "request-envelope-session-auth.xml",
        "request-fragment-glentry-all-dimensions.xml",
        "request-function-glbatch-create.xml",
        "request-official-sdk-batch-transaction-uniqueid.xml",
        "request-official-sdk-getapisession-entity-from-session.xml",
        "request-official-sdk-query-filter-orderby.xml",
        "request-official-sdk-readbyquery.xml",
        "request-official-sdk-readmore.xml",
    }
    assert names == tested


def test_auth_failure_invalid_login() -> None:
    response = parse_response(fixture_bytes("response-auth-failure-invalid-login.xml"))
    assert response.control.status == "success"
    assert response.control.control_id == "efaa1f0c-58dc-4377-bf26-6aa1d8442fc0"
    assert response.authentication is not None
    assert response.authentication.status == "failure"
    assert response.authentication.user_id == "xml_gateway"
    assert response.authentication.company_id == "XXXXX"
    assert response.results == []
    assert response.errors == [ErrorDetail("XL03000006", "", "Sign-in information is incorrect", "")]
    error = response.error()
    assert type(error) is CredentialsRejectedError
    assert error.retryable is False
    assert str(error) == (
        "Response authentication status failure - XL03000006 Sign-in information is incorrect "
        "(control id efaa1f0c-58dc-4377-bf26-6aa1d8442fc0)"
    )


def test_auth_failure_sender_not_authorized() -> None:
    response = parse_response(fixture_bytes("response-auth-failure-sender-not-authorized.xml"))
    assert response.authentication is not None
    assert response.authentication.user_id == "test_user_id"
    assert response.errors == [
        ErrorDetail(
            "XL03000006",
            "Invalid Web Services Authorization",
            "The sender ID 'test_sender_id' is not authorized to make Web Services requests to "
            "company ID 'test_company_id'.",
            "Contact the company administrator to grant Web Services authorization to this sender ID.",
        )
    ]
    with pytest.raises(SenderNotAuthorizedError) as caught:
        response.raise_for_status()
    assert caught.value.kind == "sender_not_authorized"
    assert "Contact the company administrator" in str(caught.value)


def test_control_failure_bad_sender() -> None:
    response = parse_response(fixture_bytes("response-control-failure-bad-sender-credentials.xml"))
    assert response.control.status == "failure"
    assert response.control.sender_id == "SENDERID"
    assert response.control.control_id == "1559435393"
    assert response.authentication is None
    assert response.errors == [
        ErrorDetail("XL03000006", "", "Incorrect Intacct XML Partner ID or password.", "")
    ]
    error = response.error()
    assert type(error) is ControlError
    assert error.errors[0].errorno == "XL03000006"


def test_control_failure_xml_parse_error_keeps_every_error() -> None:
    response = parse_response(fixture_bytes("response-control-failure-xml-parse-error.xml"))
    assert [error.errorno for error in response.errors] == ["XL03000003", "XL03000003"]
    assert response.errors[1].description2 == (
        "XML Parse schema error: Fatal Error 76: Opening and ending tag mismatch: PROJECT line 17 "
        "and CUSTOMER. Line: 21, column: 32."
    )
    assert str(response.error()).count("XL03000003") == 2


def test_create_failure_duplicate_id_keeps_data_and_error_chain() -> None:
    response = parse_response(fixture_bytes("response-create-failure-duplicate-id.xml"))
    assert response.authentication is not None
    assert response.authentication.session_timestamp == datetime(
        2018, 11, 24, 12, 23, 45, tzinfo=timezone(timedelta(hours=-8))
    )
    assert response.authentication.session_timeout is None
    (result,) = response.results
    assert result.status == "failure"
    assert result.function == "create"
    assert result.control_id == "testFunctionId"
    assert result.list_type == "objects"
    assert result.count == 1
    assert result.data == [{"RECORDNO": "1424", "PROJECTID": "Fellow PD2"}]
    assert [error.errorno for error in result.errors] == ["BL34000061", "BL01001973", "BL01001973"]
    assert result.errors[0].correction == "Use a unique value instead."
    error = result.error()
    assert type(error) is ResultError
    assert not result.is_duplicate_control_id


def test_create_success() -> None:
    response = parse_response(fixture_bytes("response-create-success.xml"))
    assert response.authentication is not None
    assert response.authentication.session_timeout == datetime(2020, 10, 2, 22, 17, 56, tzinfo=UTC)
    assert response.authentication.location_id == ""
    (result,) = response.results
    assert result.ok
    assert result.control_id == "c969275a-6906-477c-a0b6-fd098c093235"
    assert result.data == [{"RECORDNO": "760", "VENDORID": "FOOBAR"}]
    assert result.error() is None


def test_getapisession_entity_session() -> None:
    response = parse_response(fixture_bytes("response-getapisession-entity-session.xml"))
    assert response.authentication is not None
    assert response.authentication.location_id == "testentity"
    assert response.authentication.session_timeout == datetime(
        2015, 12, 7, 15, 57, 8, tzinfo=timezone(timedelta(hours=-8))
    )
    (result,) = response.results
    assert result.function == "getSession"
    assert result.data == [
        {
            "sessionid": "fAkESesSiOnId..",
            "endpoint": "https://unittest.intacct.com/ia/xml/xmlgw.phtml",
            "locationid": "testentity",
        }
    ]


def test_mixed_function_results_keep_order() -> None:
    response = parse_response(fixture_bytes("response-mixed-function-results.xml"))
    assert [(r.status, r.control_id) for r in response.results] == [
        ("failure", "testFunctionId"),
        ("success", "abcdef"),
        ("failure", "testFunctionId"),
    ]
    assert response.results[0].errors == [ErrorDetail("Invalid fields list x")]
    assert response.results[1].data == [
        {"RECORDNO": "16747", "VENDORID": "407258", "VENDORNAME": "FOSSE BOB", "RECORDID": "E18-6465"}
    ]
    assert response.results[1].list_type == "APBILL"
    assert str(response.results[2].error()) == (
        "Result status: failure for control id testFunctionId (read) Invalid fields list y "
        "(control id testFunctionId)"
    )


def test_offline_acknowledgement() -> None:
    response = parse_response(fixture_bytes("response-offline-acknowledgement.xml"))
    assert response.acknowledgement == "success"
    assert response.control.control_id == "ControlIdHere"
    assert response.results == []
    assert response.ok


def test_readbyquery_and_read_success() -> None:
    response = parse_response(fixture_bytes("response-readbyquery-and-read-success.xml"))
    first, second = response.results
    assert first.function == "readByQuery"
    assert (first.list_type, first.count, first.total_count, first.num_remaining) == ("project", 5, 35, 30)
    assert first.result_id == "7765623336W-ne68CoA4gAAEEhD7EAAAAP4"
    assert [record["PROJECTID"] for record in first.data] == [
        "A17-ADVC",
        "A17-CONF01",
        "A17-Lecture1",
        "A17-Lecture2",
        "A17-READ01",
    ]
    assert second.function == "read"
    assert (second.list_type, second.count, second.total_count, second.result_id) == (
        "PROJECT",
        1,
        None,
        None,
    )
    assert second.data == [{"RECORDNO": "1423", "PROJECTID": "Fellow PD1", "NAME": "Program Development1"}]


def test_readmore_last_page() -> None:
    response = parse_response(fixture_bytes("response-readmore-last-page.xml"))
    (result,) = response.results
    assert (result.count, result.total_count, result.num_remaining, result.result_id) == (
        2,
        12,
        0,
        "READMOREID",
    )
    assert result.data == [
        {"PROJECTID": "S11", "NAME": "Exhibit CLE"},
        {"PROJECTID": "S12", "NAME": "Exhibit OKC"},
    ]
    assert response.authentication is not None
    assert response.authentication.location_id is None


def test_transaction_true_aborted() -> None:
    response = parse_response(fixture_bytes("response-transaction-true-aborted.xml"))
    aborted, failed = response.results
    assert aborted.status == "aborted"
    assert aborted.aborted
    assert aborted.errors == [ROLLBACK]
    assert failed.status == "failure"
    assert failed.errors == [ErrorDetail("Get API Session Failed", "", "Something went wrong", ""), ROLLBACK]
    assert isinstance(aborted.error(), ResultError)
    assert aborted.error().status == "aborted"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("description2", "expected"),
    [
        ("Invalid session", "invalid_session"),
        ("Sign-in information is incorrect", "credentials"),
        (
            "This company is not authorized for XML transactions. Please subscribe to the XML Gateway.",
            "other",
        ),
    ],
)
def test_authentication_failures_are_classified(description2: str, expected: str) -> None:
    from intacct.testing import error_xml, response_xml

    body = response_xml(auth_status="failure", auth_errors=[error_xml("XL03000006", "", description2)])
    error = parse_response(body.encode()).error()
    assert error is not None
    assert getattr(error, "kind", None) == expected


def test_temporarily_offline_result_is_retryable_and_others_are_not() -> None:
    from intacct.testing import error_xml, response_xml, result_xml

    body = response_xml(
        [
            result_xml(
                "read", "a", status="failure", errors=[error_xml("X", "The Service is Temporarily Off-line")]
            ),
            result_xml("read", "b", status="failure", errors=[error_xml("BL03000018", "", "Missing unit")]),
        ]
    )
    offline, invalid = parse_response(body.encode()).results
    assert offline.error().retryable is True  # type: ignore[union-attr]
    assert invalid.error().retryable is False  # type: ignore[union-attr]
