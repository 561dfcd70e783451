"""Accounting rules, permissions, transaction/uniqueid semantics, paging, sessions, entities, faults."""

from __future__ import annotations

import threading
from typing import Any

import httpx
import pytest
from lxml import etree

from intacct_emulator.testing import EmulatorHandle

from .helpers import envelope, errnos, fn, glbatch, post, results, simple_je


def _one(emu: EmulatorHandle, body: str, **kw: Any) -> tuple[str, list[str], etree._Element]:
    _, root = post(emu.url, envelope(fn("f1", body), **kw))
    r = results(root)[0]
    return r.findtext("status") or "", errnos(r), r


def test_glbatch_create_and_find_by_reference(emu: EmulatorHandle) -> None:
    status, errs, r = _one(emu, simple_je("TRUE-JE-1"))
    assert (status, errs) == ("success", [])
    recordno = r.findtext("data/glbatch/RECORDNO")
    status, _, r = _one(
        emu,
        "<readByQuery><object>GLBATCH</object><query>REFERENCENO = 'TRUE-JE-1'</query>"
        "<fields>RECORDNO,REFERENCENO,BATCH_TITLE,STATE</fields></readByQuery>",
    )
    assert r.findtext("data/glbatch/RECORDNO") == recordno
    assert r.findtext("data/glbatch/BATCH_TITLE") == "JE TRUE-JE-1"
    assert r.findtext("data/glbatch/STATE") == "Posted"


@pytest.mark.parametrize(
    ("lines", "date", "expected"),
    [
        (
            [("6000", "1", "10", {"LOCATION": "US-NY"}), ("1000", "-1", "10", {"LOCATION": "US-NY"})],
            "06/30/2026",
            ["BL03000018", "BL01001973"],
        ),
        (
            [("6200", "1", "10", {"LOCATION": "US-NY"}), ("1000", "-1", "9", {"LOCATION": "US-NY"})],
            "06/30/2026",
            ["EMU-UNBALANCED", "BL01001973"],
        ),
        (
            [("6200", "1", "10", {"LOCATION": "US-NY"}), ("1000", "-1", "10", {"LOCATION": "US-NY"})],
            "12/15/2025",
            ["EMU-PERIODCLOSED"],
        ),
        ([("9999", "1", "10", {}), ("1000", "-1", "10", {})], "06/30/2026", ["EMU-ACCOUNT", "BL01001973"]),
        ([("7000", "1", "10", {}), ("1000", "-1", "10", {})], "06/30/2026", ["EMU-ACCOUNT", "BL01001973"]),
        (
            [("6200", "1", "10", {"DEPARTMENT": "NOPE"}), ("1000", "-1", "10", {})],
            "06/30/2026",
            ["EMU-REFERENCE", "BL01001973"],
        ),
        (
            [
                ("6200", "1", "10", {"LOCATION": "US-NY", "DEPARTMENT": "HSE"}),
                ("1000", "-1", "10", {"LOCATION": "US-NY"}),
            ],
            "06/30/2026",
            ["EMU-PRIVATE"],
        ),
    ],
    ids=[
        "missing-dept",
        "unbalanced",
        "closed-period",
        "unknown-account",
        "inactive-account",
        "unknown-dim",
        "private-dim",
    ],
)
def test_glbatch_rules(
    emu: EmulatorHandle, lines: list[tuple[str, str, str, dict[str, str]]], date: str, expected: list[str]
) -> None:
    status, errs, _ = _one(emu, glbatch("R", lines, date))
    assert (status, errs) == ("failure", expected)
    assert emu.records("GLBATCH") == []


def test_interentity_entry_gets_due_to_due_from_lines(emu: EmulatorHandle) -> None:
    status, errs, _ = _one(
        emu,
        glbatch(
            "IE-1",
            [("6200", "1", "250", {"LOCATION": "CA-ON"}), ("1000", "-1", "250", {"LOCATION": "US-NY"})],
        ),
    )
    assert (status, errs) == ("success", [])
    lines = emu.records("GLBATCH")[0]["ENTRIES"]["GLENTRY"]
    iet = [(x["ACCOUNTNO"], x["TR_TYPE"], x["TRX_AMOUNT"], x["LOCATION"]) for x in lines if x.get("ISIET")]
    # US paid a CA expense: US gets a receivable from CA, CA a payable to US; both entities balance
    assert iet == [("1900", "1", "250", "US"), ("2900", "-1", "250", "CA")]


def test_balance_by_entity_without_iet_is_refused(emu: EmulatorHandle) -> None:
    emu.control("companies/TRUE-DEMO/settings", {"IET_ENABLED": False})
    status, errs, _ = _one(
        emu,
        glbatch(
            "IE-2",
            [("6200", "1", "250", {"LOCATION": "CA-ON"}), ("1000", "-1", "250", {"LOCATION": "US-NY"})],
        ),
    )
    assert (status, errs) == ("failure", ["EMU-UNBALANCED", "BL01001973"])


def test_duplicate_id_error_chain(emu: EmulatorHandle) -> None:
    status, errs, _ = _one(
        emu, "<create><DEPARTMENT><DEPARTMENTID>ENG</DEPARTMENTID><TITLE>x</TITLE></DEPARTMENT></create>"
    )
    assert (status, errs) == ("failure", ["BL34000061", "BL01001973", "BL01001973"])


def test_required_field(emu: EmulatorHandle) -> None:
    status, errs, _ = _one(emu, "<create><CLASS><CLASSID>C9</CLASSID></CLASS></create>")
    assert (status, errs) == ("failure", ["PL01000127", "BL01001973"])


def test_readonly_user_cannot_write_but_can_read(emu: EmulatorHandle) -> None:
    kw = {"user": "api_readonly", "password": "demo-readonly-pass"}
    status, errs, _ = _one(emu, simple_je("RO-1"), **kw)
    assert (status, errs) == ("failure", ["PL04000005"])
    status, errs, r = _one(
        emu, "<readByQuery><object>CLASS</object><query/><fields>CLASSID</fields></readByQuery>", **kw
    )
    assert r.find("data").get("totalcount") == "3"  # type: ignore[union-attr]


def test_transaction_true_rolls_back_everything(emu: EmulatorHandle) -> None:
    body = (
        fn("a", simple_je("T-1")) + fn("b", simple_je("T-2", date="12/01/2025")) + fn("c", simple_je("T-3"))
    )
    _, root = post(emu.url, envelope(body, transaction=True))
    got = [(r.findtext("status"), errnos(r)) for r in results(root)]
    assert got == [
        ("aborted", ["XL03000009"]),
        ("failure", ["EMU-PERIODCLOSED", "XL03000009"]),
        ("aborted", ["XL03000009"]),
    ]
    assert emu.records("GLBATCH") == []


def test_transaction_false_commits_independently(emu: EmulatorHandle) -> None:
    body = fn("a", simple_je("T-1")) + fn("b", simple_je("T-2", date="12/01/2025"))
    _, root = post(emu.url, envelope(body))
    assert [r.findtext("status") for r in results(root)] == ["success", "failure"]
    assert [r["REFERENCENO"] for r in emu.records("GLBATCH")] == ["T-1"]


def test_uniqueid_refuses_completed_control_id(emu: EmulatorHandle) -> None:
    _, root = post(emu.url, envelope(fn("je-42", simple_je("U-1")), uniqueid=True))
    assert results(root)[0].findtext("status") == "success"
    _, root = post(emu.url, envelope(fn("je-42", simple_je("U-1")), uniqueid=True))
    r = results(root)[0]
    assert (r.findtext("status"), errnos(r)) == ("failure", ["EMU-UNIQUEID"])
    text = r.findtext("errormessage/error/description2") or ""
    assert "control id" in text
    assert "already" in text
    _, root = post(emu.url, envelope(fn("je-42", simple_je("U-2")), uniqueid=False))
    assert results(root)[0].findtext("status") == "success"
    assert len(emu.records("GLBATCH")) == 2


def test_readbyquery_paging_with_readmore(emu: EmulatorHandle) -> None:
    q = (
        "<readByQuery><object>GLACCOUNT</object><query>ACCOUNTNO &lt; '5000' OR NOT (STATUS = 'active')</query>"
        "<fields>ACCOUNTNO</fields><pagesize>5</pagesize></readByQuery>"
    )
    _, root = post(emu.url, envelope(fn("q", q)))
    data = results(root)[0].find("data")
    assert data is not None
    assert (data.get("count"), data.get("totalcount"), data.get("numremaining")) == ("5", "16", "11")
    seen = [x.text for x in data.iter("ACCOUNTNO")]
    rid = data.get("resultId")
    while rid:
        _, root = post(emu.url, envelope(fn("m", f"<readMore><resultId>{rid}</resultId></readMore>")))
        data = results(root)[0].find("data")
        assert data is not None
        seen += [x.text for x in data.iter("ACCOUNTNO")]
        rid = data.get("resultId")
    assert seen[:3] == ["1000", "1010", "1100"]
    assert seen[-1] == "7000"
    assert len(seen) == 16


def test_legacy_query_grammar(emu: EmulatorHandle) -> None:
    q = (
        "<readByQuery><object>VENDOR</object><query>NAME like 'Atlas%' OR (VENDORID in ('V300','V400') AND "
        "NAME not like '%Maple%') OR TAXID IS NOT NULL</query><fields>VENDORID</fields></readByQuery>"
    )
    _, root = post(emu.url, envelope(fn("q", q)))
    assert [x.text for x in results(root)[0].iter("VENDORID")] == ["V100", "V400"]


def test_query_filter_aggregate_and_related_field(emu: EmulatorHandle) -> None:
    _one(
        emu,
        "<create_bill><vendorid>V100</vendorid><datecreated><year>2026</year><month>6</month><day>1</day>"
        "</datecreated><billno>B-1</billno><billitems><lineitem><glaccountno>5100</glaccountno><amount>300</amount>"
        "<projectid>P-100</projectid><locationid>US-NY</locationid></lineitem></billitems></create_bill>",
    )
    q = (
        "<query><select><field>VENDORID</field><field>VENDOR.NAME</field><sum>TOTALDUE</sum></select><object>APBILL</object>"
        "<filter><and><equalto><field>STATE</field><value>posted</value></equalto><greaterthan><field>TOTALDUE</field>"
        "<value>100</value></greaterthan></and></filter><options><caseinsensitive>true</caseinsensitive></options></query>"
    )
    _, root = post(emu.url, envelope(fn("q", q)))
    row = results(root)[0].find("data/APBILL")
    assert row is not None
    assert [(c.tag, c.text) for c in row] == [
        ("VENDORID", "V100"),
        ("VENDOR.NAME", "Atlas Concrete Supply"),
        ("SUM.TOTALDUE", "300"),
    ]


def test_sessions_entity_visibility_and_expiry(emu: EmulatorHandle) -> None:
    _, root = post(emu.url, envelope(fn("s", "<getAPISession><locationid>UK</locationid></getAPISession>")))
    sid = root.findtext("operation/result/data/api/sessionid")
    assert root.findtext("operation/result/data/api/locationid") == "UK"
    q = "<readByQuery><object>PROJECT</object><query/><fields>PROJECTID</fields></readByQuery>"
    _, root = post(emu.url, envelope(fn("q", q), auth=f"<sessionid>{sid}</sessionid>"))
    assert root.findtext("operation/authentication/locationid") == "UK"
    assert [x.text for x in root.iter("PROJECTID")] == ["P-100", "P-110", "P-300", "P-400", "P-900"]
    q2 = "<query><select><field>PROJECTID</field></select><object>PROJECT</object></query>"
    _, top = post(emu.url, envelope(fn("q", q2)))
    assert [x.text for x in top.iter("PROJECTID")] == ["P-100", "P-110", "P-400", "P-900"]
    emu.expire_sessions()
    _, root = post(emu.url, envelope(fn("q", q), auth=f"<sessionid>{sid}</sessionid>"))
    assert root.findtext("operation/authentication/status") == "failure"
    assert root.findtext("operation/errormessage/error/errorno") == "XL03000006"


def test_faults_and_rate_limit(emu: EmulatorHandle) -> None:
    emu.inject_fault("http_503", count=1)
    r = httpx.post(emu.url, content=envelope(fn("q", "<getAPISession/>")).encode())
    assert r.status_code == 503
    emu.inject_fault("http_524_after_commit", count=1)
    r = httpx.post(emu.url, content=envelope(fn("q", simple_je("F-1"))).encode())
    assert r.status_code == 524
    assert [x["REFERENCENO"] for x in emu.records("GLBATCH")] == ["F-1"]
    emu.inject_fault("drop_after_commit", count=1)
    with pytest.raises(httpx.RemoteProtocolError):
        httpx.post(emu.url, content=envelope(fn("q", simple_je("F-2"))).encode())
    assert len(emu.records("GLBATCH")) == 2
    emu.inject_fault("rate_limit", count=1)
    r = httpx.post(emu.url, content=envelope(fn("q", "<getAPISession/>")).encode())
    assert r.status_code == 429
    assert b"GW-0010" in r.content


def test_concurrency_limit_gives_429(emu: EmulatorHandle) -> None:
    emu.set_concurrency_limit(1)
    emu.set_latency(300)
    codes: list[int] = []

    def call() -> None:
        codes.append(
            httpx.post(
                emu.url, content=envelope(fn("q", "<getAPISession/>")).encode(), timeout=10
            ).status_code
        )

    threads = [threading.Thread(target=call) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    emu.set_latency(0)
    assert sorted(codes) == [200, 429, 429]


def test_malformed_xml_and_form_encoding(emu: EmulatorHandle) -> None:
    r = httpx.post(emu.url, content=b"<request><control><senderid>x</control></request>")
    assert r.status_code == 200
    assert b"XL03000003" in r.content
    assert b"Opening and ending tag mismatch" in r.content
    r = httpx.post(emu.url, data={"xmlrequest": envelope(fn("q", "<getAPISession/>"))})
    assert r.status_code == 200
    assert b"<status>success</status>" in r.content


def test_trial_balance(emu: EmulatorHandle) -> None:
    _one(emu, simple_je("TB-1", "125.50"))
    body = (
        "<get_trialbalance><startdate><year>2026</year><month>6</month><day>1</day></startdate>"
        "<enddate><year>2026</year><month>6</month><day>30</day></enddate></get_trialbalance>"
    )
    _status, _, r = _one(emu, body)
    rows = {
        x.findtext("glaccountno"): (x.findtext("debits"), x.findtext("credits"))
        for x in r.iter("trialbalance")
    }
    assert rows == {"1000": ("0", "125.50"), "6200": ("125.50", "0")}


@pytest.mark.parametrize(
    "body",
    [
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><request>&x;</request>',
        b'<?xml version="1.0"?>' + b" " * 5000 + b"<!DOCTYPE request><request/>",
    ],
    ids=["external-entity", "late-doctype"],
)
def test_hardened_parser_refuses_dtds(emu: EmulatorHandle, body: bytes) -> None:
    r = httpx.post(emu.url, content=body)
    assert r.status_code == 200
    root = etree.fromstring(r.content)
    assert root.findtext("control/status") == "failure"
    assert root.findtext("errormessage/error/errorno") == "XL03000003"
    assert b"root:" not in r.content


def test_session_timeout_slides_and_result_ids_expire(emu: EmulatorHandle) -> None:
    emu.set_clock("2026-06-30T09:00:00")
    _, root = post(emu.url, envelope(fn("s", "<getAPISession/>")))
    sid = root.findtext("operation/result/data/api/sessionid")
    auth = f"<sessionid>{sid}</sessionid>"
    q = "<readByQuery><object>GLACCOUNT</object><query/><fields>ACCOUNTNO</fields><pagesize>10</pagesize></readByQuery>"
    _, root = post(emu.url, envelope(fn("q", q), auth=auth))
    rid = root.find("operation/result/data").get("resultId")  # type: ignore[union-attr]
    emu.control("clock", {"advance_seconds": 7 * 3600})
    _, root = post(emu.url, envelope(fn("m", f"<readMore><resultId>{rid}</resultId></readMore>"), auth=auth))
    assert root.findtext("operation/authentication/sessiontimeout") == "2026-07-01T00:00:00+00:00"
    assert errnos(results(root)[0]) == ["EMU-RESULTID"]
    emu.control("clock", {"advance_seconds": 7 * 3600})
    _, root = post(emu.url, envelope(fn("q", q), auth=auth))
    assert root.findtext("operation/authentication/status") == "success"
    emu.control("clock", {"advance_seconds": 9 * 3600})
    _, root = post(emu.url, envelope(fn("q", q), auth=auth))
    assert root.findtext("operation/errormessage/error/description2") == "Invalid session"


def test_probability_malformed_and_session_expiry_faults(emu: EmulatorHandle) -> None:
    emu.control("faults", {"kind": "malformed_body", "probability": 1.0, "seed": 3})
    r = httpx.post(emu.url, content=envelope(fn("q", "<getAPISession/>")).encode())
    assert r.status_code == 200
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(r.content)
    emu.clear_faults()
    _, root = post(emu.url, envelope(fn("s", "<getAPISession/>")))
    sid = root.findtext("operation/result/data/api/sessionid")
    emu.inject_fault("session_expiry", count=1)
    _, root = post(emu.url, envelope(fn("q", "<getDimensions/>"), auth=f"<sessionid>{sid}</sessionid>"))
    assert root.findtext("operation/authentication/status") == "failure"
    _, root = post(emu.url, envelope(fn("q", "<getDimensions/>"), auth=f"<sessionid>{sid}</sessionid>"))
    assert root.findtext("operation/authentication/status") == "failure"
    _, root = post(emu.url, envelope(fn("s", "<getAPISession/>")))
    assert root.findtext("operation/result/status") == "success"


def test_iso_dates_are_refused_like_intacct(emu: EmulatorHandle) -> None:
    status, errs, r = _one(emu, simple_je("ISO-1", date="2026-06-30"))
    assert (status, errs) == ("failure", ["DL02000001"])
    assert r.findtext("errormessage/error/description2") == (
        "Invalid posting date '2026-06-30': dates must be MM/DD/YYYY"
    )


def test_handler_crash_is_a_rolled_back_result_failure(
    emu: EmulatorHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    from intacct_emulator.objects.generic import create
    from intacct_emulator.registry import FUNCTIONS, FunctionSpec

    def boom(ctx: Any, el: Any) -> Any:
        create(
            ctx, etree.fromstring("<create><CLASS><CLASSID>CRASH</CLASSID><NAME>x</NAME></CLASS></create>")
        )
        raise RuntimeError("bug")

    monkeypatch.setitem(FUNCTIONS, "boom", FunctionSpec(boom, "CREATE", writes=True))
    _, root = post(emu.url, envelope(fn("a", "<boom/>") + fn("b", simple_je("AFTER-1"))))
    assert [(r.findtext("status"), errnos(r)) for r in results(root)] == [
        ("failure", ["EMU-INTERNAL"]),
        ("success", []),
    ]
    assert "CRASH" not in [c["CLASSID"] for c in emu.records("CLASS")]


def test_entity_session_can_switch_back_to_top_level(emu: EmulatorHandle) -> None:
    _, root = post(emu.url, envelope(fn("s", "<getAPISession/>"), entity="UK"))
    assert root.findtext("operation/authentication/locationid") == "UK"
    assert root.findtext("operation/result/data/api/locationid") == "UK"
    uk = f"<sessionid>{root.findtext('operation/result/data/api/sessionid')}</sessionid>"
    _, root = post(emu.url, envelope(fn("s", "<getAPISession><locationid/></getAPISession>"), auth=uk))
    assert root.findtext("operation/result/data/api/locationid") == ""
    top = f"<sessionid>{root.findtext('operation/result/data/api/sessionid')}</sessionid>"
    _, root = post(emu.url, envelope(fn("q", "<getDimensions/>"), auth=top))
    assert root.findtext("operation/authentication/locationid") == ""
    _, root = post(
        emu.url, envelope(fn("s", "<getAPISession><locationid>XX</locationid></getAPISession>"), auth=uk)
    )
    assert errnos(results(root)[0]) == ["EMU-REFERENCE", "BL01001973"]
