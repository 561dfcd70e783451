"""Wire conformance against the captured fixtures in tests/fixtures/intacct."""

from __future__ import annotations

import httpx
import pytest
from lxml import etree

from intacct_emulator.testing import EmulatorHandle

from .conftest import FIXTURES
from .helpers import SENDER, envelope, fn, post, simple_je

DEMO = {
    "testsenderpass": SENDER[1],
    "testsender": SENDER[0],
    "testuser": "api_sync",
    "TESTCO": "TRUE-DEMO",
    "testpass": "demo-user-pass",
    "testsenderid": SENDER[0],
    "pass123!": SENDER[1],
}


def _demo(xml: str, sid: str) -> str:
    for k, v in DEMO.items():
        xml = xml.replace(f">{k}<", f">{v}<")
    return xml.replace(">testsession..<", f">{sid}<").replace(">fAkESesSiOnId..<", f">{sid}<")


def _session(emu: EmulatorHandle) -> str:
    _, root = post(emu.url, envelope(fn("s", "<getAPISession/>")))
    return root.findtext("operation/result/data/api/sessionid") or ""


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("request-*.xml")))
def test_every_request_fixture_is_accepted(emu: EmulatorHandle, name: str) -> None:
    raw = (FIXTURES / name).read_text()
    body = raw.split("-->", 1)[1].strip()
    if not body.startswith("<request"):
        inner = (
            body
            if body.startswith("<function")
            else fn(
                "frag",
                f"<create><GLBATCH><JOURNAL>GJ</JOURNAL>"
                f"<BATCH_DATE>06/30/2026</BATCH_DATE><BATCH_TITLE>x"
                f"</BATCH_TITLE><ENTRIES>{body}</ENTRIES></GLBATCH></create>",
            )
        )
        body = envelope(inner)
    status, root = post(emu.url, _demo(body, _session(emu)))
    assert status == 200
    assert root.findtext("control/status") == "success"
    assert root.findtext("operation/authentication/status") == "success"
    for r in root.findall("operation/result"):
        codes = [e.text for e in r.findall("errormessage/error/errorno")]
        assert "XL03000003" not in codes
        if name in (
            "request-official-sdk-batch-transaction-uniqueid.xml",
            "request-official-sdk-readbyquery.xml",
            "request-official-sdk-query-filter-orderby.xml",
            "request-official-sdk-getapisession-entity-from-session.xml",
        ):
            assert (r.findtext("status"), codes) == ("success", [])


def skeleton(el: etree._Element, path: str = "") -> list[str]:
    """Element paths with attribute names, in document order.

    Every result is kept (so order and count of results are compared); inside a listing ``data``
    block only the first record's element name is kept (record fields are data, not structure);
    repeated ``error`` elements collapse to one.
    """
    here = f"{path}/{el.tag}"
    names = sorted(str(k) for k in el.attrib.keys())  # noqa: SIM118 - lxml _Attrib is typed as not iterable
    out = [here + ("[" + ",".join(names) + "]" if names else "")]
    if el.tag == "data" and el.get("listtype") is not None:
        out.extend(f"{here}/{c.tag}" for c in list(el)[:1])
        return out
    seen: set[str] = set()
    for c in el:
        if not isinstance(c.tag, str):
            continue
        sub = skeleton(c, here)
        if sub[0] in seen and c.tag == "error":
            continue
        seen.add(sub[0])
        out.extend(sub)
    return out


def _fixture(name: str) -> etree._Element:
    return etree.fromstring((FIXTURES / name).read_bytes())


def _statuses(root: etree._Element) -> list[str]:
    return [s.text or "" for s in root.iter("status")]


def _same(emu_root: etree._Element, fixture: str, drop: tuple[str, ...] = ()) -> None:
    want = [p for p in skeleton(_fixture(fixture)) if not any(d in p for d in drop)]
    got = [p for p in skeleton(emu_root) if not any(d in p for d in drop)]
    assert got == want


def test_create_success_shape(emu: EmulatorHandle) -> None:
    _, root = post(
        emu.url,
        envelope(fn("c", "<create><VENDOR><VENDORID>FOOBAR</VENDORID><NAME>Foo</NAME></VENDOR></create>")),
    )
    _same(root, "response-create-success.xml")
    assert root.find("operation/result/data/vendor/VENDORID").text == "FOOBAR"  # type: ignore[union-attr]


def test_getapisession_shape(emu: EmulatorHandle) -> None:
    _, root = post(emu.url, envelope(fn("s", "<getAPISession><locationid>UK</locationid></getAPISession>")))
    _same(root, "response-getapisession-entity-session.xml")


def test_duplicate_failure_shape(emu: EmulatorHandle) -> None:
    project = "<PROJECT><PROJECTID>{}</PROJECTID><NAME>x</NAME><PROJECTCATEGORY>Contract</PROJECTCATEGORY></PROJECT>"
    _, root = post(emu.url, envelope(fn("p", f"<create>{project.format('P-100')}</create>")))
    _same(root, "response-create-failure-duplicate-id.xml", drop=("/data", "sessiontimeout"))
    assert _statuses(root) == ["success", "success", "failure"]
    assert root.find("operation/result/data") is None  # nothing was created


def test_partially_failed_create_reports_what_it_saved(emu: EmulatorHandle) -> None:
    """The fixture's shape: a failed create that still lists the object it did create."""
    project = "<PROJECT><PROJECTID>{}</PROJECTID><NAME>x</NAME><PROJECTCATEGORY>Contract</PROJECTCATEGORY></PROJECT>"
    body = f"<create>{project.format('P-100')}{project.format('P-NEW')}</create>"
    _, root = post(emu.url, envelope(fn("p", body)))
    _same(root, "response-create-failure-duplicate-id.xml", drop=("sessiontimeout",))
    assert root.findtext("operation/result/status") == "failure"
    assert root.findtext("operation/result/data/project/PROJECTID") == "P-NEW"
    assert [e.text for e in root.iter("errorno")] == ["BL34000061", "BL01001973", "BL01001973"]
    assert [p["PROJECTID"] for p in emu.records("PROJECT")].count("P-NEW") == 1
    # all or nothing under transaction="true": the saved object goes too, and no data is echoed
    _, root = post(emu.url, envelope(fn("p", body.replace("P-NEW", "P-NEW2")), transaction=True))
    assert root.find("operation/result/data") is None
    assert "P-NEW2" not in [p["PROJECTID"] for p in emu.records("PROJECT")]


def test_readbyquery_and_readmore_shapes(emu: EmulatorHandle) -> None:
    project = next(p for p in emu.records("PROJECT") if p["PROJECTID"] == "P-100")["RECORDNO"]
    q = (
        "<readByQuery><object>PROJECT</object><query/><fields>RECORDNO,PROJECTID,NAME</fields>"
        "<pagesize>2</pagesize></readByQuery>"
    )
    read = (
        f"<read><object>PROJECT</object><keys>{project}</keys><fields>RECORDNO,PROJECTID,NAME</fields></read>"
    )
    _, root = post(emu.url, envelope(fn("q", q) + fn("r", read)))
    _same(root, "response-readbyquery-and-read-success.xml", drop=("sessiontimeout",))
    rid = root.find("operation/result/data").get("resultId")  # type: ignore[union-attr]
    _, more = post(emu.url, envelope(fn("m", f"<readMore><resultId>{rid}</resultId></readMore>")))
    while more.find("operation/result/data").get("numremaining") != "0":  # type: ignore[union-attr]
        _, more = post(emu.url, envelope(fn("m", f"<readMore><resultId>{rid}</resultId></readMore>")))
    _same(more, "response-readmore-last-page.xml", drop=("locationid",))


def test_transaction_aborted_shape(emu: EmulatorHandle) -> None:
    body = fn("a", "<getAPISession/>") + fn("b", simple_je("X", date="12/01/2025"))
    _, root = post(emu.url, envelope(body, transaction=True))
    _same(root, "response-transaction-true-aborted.xml", drop=("sessiontimeout",))
    assert _statuses(root) == ["success", "success", "aborted", "failure"]


def test_control_failures_shape(emu: EmulatorHandle) -> None:
    bad = envelope(fn("a", "<getAPISession/>")).replace(SENDER[1], "wrong")
    _, root = post(emu.url, bad)
    _same(root, "response-control-failure-bad-sender-credentials.xml")
    r = httpx.post(emu.url, content=b"<request><control><a></b></control></request>")
    _same(etree.fromstring(r.content), "response-control-failure-xml-parse-error.xml")


def test_auth_failure_shapes(emu: EmulatorHandle) -> None:
    _, root = post(emu.url, envelope(fn("a", "<getAPISession/>"), password="nope"))
    _same(root, "response-auth-failure-invalid-login.xml")
    assert root.findtext("operation/errormessage/error/description2") == "Sign-in information is incorrect"


def test_offline_acknowledgement_shape(emu: EmulatorHandle) -> None:
    _, root = post(emu.url, envelope(fn("a", simple_je("OFF-1")), policy="trueerp_demo_async"))
    _same(root, "response-offline-acknowledgement.xml")
    assert [r["REFERENCENO"] for r in emu.records("GLBATCH")] == ["OFF-1"]


def test_mixed_results_shape(emu: EmulatorHandle) -> None:
    bill = (
        "<create_bill><vendorid>V100</vendorid><datecreated><year>2026</year><month>6</month><day>1</day>"
        "</datecreated><billno>E18-6465</billno><billitems><lineitem><glaccountno>6200</glaccountno>"
        "<amount>10</amount></lineitem></billitems></create_bill>"
    )
    _, root = post(emu.url, envelope(fn("b", bill)))
    key = root.findtext("operation/result/key")
    body = (
        fn("1", f"<read><object>APBILL</object><keys>{key}</keys><fields>x</fields></read>")
        + fn("2", f"<read><object>APBILL</object><keys>{key}</keys><fields>RECORDNO,VENDORID</fields></read>")
        + fn("3", f"<read><object>APBILL</object><keys>{key}</keys><fields>y</fields></read>")
    )
    _, root = post(emu.url, envelope(body))
    _same(root, "response-mixed-function-results.xml")
    assert _statuses(root) == ["success", "success", "failure", "success", "failure"]
    assert [e.text for e in root.iter("errorno")] == ["Invalid fields list x", "Invalid fields list y"]


def test_sender_not_authorized_shape(emu: EmulatorHandle) -> None:
    xml = envelope(fn("a", "<getAPISession/>")).replace(
        f"<senderid>{SENDER[0]}", "<senderid>unauthorized_sender"
    )
    _, root = post(emu.url, xml)
    _same(root, "response-auth-failure-sender-not-authorized.xml")
    assert root.findtext("operation/errormessage/error/description2") == (
        "The sender ID 'unauthorized_sender' is not authorized to make Web Services requests to company ID "
        "'TRUE-DEMO'."
    )
