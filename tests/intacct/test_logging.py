"""No secret may reach any log record, at any level, on any path (success, failure, retry)."""

from __future__ import annotations

import logging

import pytest

from intacct import IntacctClient
from intacct._logging import body_for_log, redact
from intacct.errors import CredentialsRejectedError
from intacct.functions import Create, Read
from intacct.testing import FakeTransport, error_xml, response_xml, result_xml, xml_response
from intacct.transport import TransportResponse

from .conftest import SENDER_PASSWORD, USER_PASSWORD, Sleeps, make_config
from .helpers import ScriptedIntacct, decode

VENDOR_SECRETS = {
    "TAXID": "98-7654321",
    "ACHACCOUNTNUMBER": "000123456789",
    "WIREACCOUNTNUMBER": "555000111",
    "ACCOUNTNUMBER": "4111222233334444",
    "CARDNUM": "4000123412341234",
    "SSN": "123-45-6789",
}


def all_log_text(caplog: pytest.LogCaptureFixture) -> str:
    parts = []
    for record in caplog.records:
        parts.append(record.getMessage())
        parts.append(repr(record.args))
        if record.exc_text:
            parts.append(record.exc_text)
    return "\n".join(parts)


def test_no_secret_reaches_any_log_record(caplog: pytest.LogCaptureFixture, sleeps: Sleeps) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="intacct")
    echoed = "".join(f"<{tag.lower()}>{value}</{tag.lower()}>" for tag, value in VENDOR_SECRETS.items())

    def echo_secrets(sent):
        # Intacct echoing sensitive fields back, in lower and upper case.
        data = f"<vendor><VENDORID>V1</VENDORID>{echoed}<TAXID>{VENDOR_SECRETS['TAXID']}</TAXID></vendor>"
        return xml_response(response_xml([result_xml(n, c, data=data) for n, c in sent.functions]))

    intacct = ScriptedIntacct(on_function=echo_secrets)
    answers: list[object] = [TransportResponse(503, b"busy")]

    def responder(request):
        if answers and decode(request).functions[0][0] != "getAPISession":
            return answers.pop()
        return intacct(request)

    client = IntacctClient(make_config(), transport=FakeTransport(responder), sleep=sleeps)
    client.execute(Create("VENDOR", {"VENDORID": "V1", **VENDOR_SECRETS}))
    client.execute(Read("VENDOR", [1]))

    text = all_log_text(caplog)
    assert "POST" in text  # the bodies really were logged at DEBUG
    assert "REDACTED" in text
    assert len(sleeps) == 1  # the retry path logged too
    secrets = [SENDER_PASSWORD, USER_PASSWORD, "S1..", *VENDOR_SECRETS.values()]
    for secret in secrets:
        assert secret not in text, secret
    assert "s3nder-Pa55&amp;&lt;word&gt;" not in text


def test_secrets_stay_out_of_failure_logs_and_errors(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="intacct")
    transport = FakeTransport().queue(
        response_xml(
            auth_status="failure",
            auth_errors=[error_xml("XL03000006", "", f"Sign-in failed for password {USER_PASSWORD}")],
        )
    )
    client = IntacctClient(make_config(use_sessions=False), transport=transport)
    with pytest.raises(CredentialsRejectedError) as caught:
        client.execute(Read("X"))
    assert USER_PASSWORD not in all_log_text(caplog)
    assert SENDER_PASSWORD not in repr(client)
    assert USER_PASSWORD not in repr(client.config)
    assert "CredentialsRejectedError" in type(caught.value).__name__


def test_redaction_matches_the_official_sdk_element_list() -> None:
    xml = (
        '<password>a</password><PASSWORD attr="1">b</PASSWORD><sessionid>c</sessionid>'
        "<taxid>d</taxid><name>visible</name><achaccountnumber>e\nf</achaccountnumber>"
    )
    assert redact(xml) == (
        '<password>REDACTED</password><PASSWORD attr="1">REDACTED</PASSWORD><sessionid>REDACTED</sessionid>'
        "<taxid>REDACTED</taxid><name>visible</name><achaccountnumber>REDACTED</achaccountnumber>"
    )
    assert redact("<note>pw is hunter22</note>", ["hunter22"]) == "<note>pw is REDACTED</note>"


def test_shortened_bodies_never_leak_a_partial_secret() -> None:
    # The cut falls inside a password element and inside a configured secret written elsewhere:
    # redacting after cutting would have left "hunter" and "s3cr" in the log.
    padding = "x" * 60
    body = f"<a>{padding}</a><password>s3cr3t-value</password><note>hunter2000</note>".encode()
    for limit in range(len(padding), len(body)):
        text = body_for_log(body, ["hunter2000"], limit=limit)
        assert "s3cr" not in text
        assert "hunter" not in text
