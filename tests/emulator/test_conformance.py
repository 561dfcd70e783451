"""Wire conformance against the captured fixtures in shared/intacct/fixtures."""

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
    """Element paths with attribute names; repeated records and data payload fields collapse to one."""
    here = f"{path}/{el.tag}"
    names = sorted(str(k) for k in el.attrib.keys())  # noqa: SIM118 - lxml _Attrib is typed as not iterable
    out = [here + ("[" + ",".join(names) + "]" if names else "")]
    if el.tag in ("data", "api") and path.endswith("result"):
        children = list(el)[:1] if el.tag == "data" and el.get("listtype") else list(el)
        for c in children:
            out.append(f"{here}/{c.tag if el.tag == 'api' else '*'}")
        return out
    seen: set[str] = set()
    for c in el:
        if not isinstance(c.tag, str):
            continue
        sub = skeleton(c, here)
        if sub[0] in seen and c.tag in ("error", "result"):
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
    _, root = post(
        emu.url,
        envelope(
            fn(
                "p",
                "<create><PROJECT><PROJECTID>P-100</PROJECTID><NAME>x</NAME>"
                "<PROJECTCATEGORY>Contract</PROJECTCATEGORY></PROJECT></create>",
            )
        ),
    )
    # the fixture's failed create also echoes a data block; the emulator sends none on failure
    _same(root, "response-create-failure-duplicate-id.xml", drop=("/data", "sessiontimeout"))
    assert _statuses(root) == ["success", "success", "failure"]


def test_readbyquery_and_readmore_shapes(emu: EmulatorHandle) -> None:
    q = "<readByQuery><object>PROJECT</object><query/><fields>RECORDNO,PROJECTID,NAME</fields><pagesize>2</pagesize></readByQuery>"
    _, root = post(
        emu.url,
        envelope(
            fn("q", q) + fn("r", "<read><object>PROJECT</object><keys>1</keys><fields>*</fields></read>")
        ),
    )
    rid = root.find("operation/result/data").get("resultId")  # type: ignore[union-attr]
    first = results_only(root, 1)
    _same(first, "response-readbyquery-and-read-success.xml", drop=("sessiontimeout", "/result/data/*"))
    _, more = post(emu.url, envelope(fn("m", f"<readMore><resultId>{rid}</resultId></readMore>")))
    _same(more, "response-readmore-last-page.xml", drop=("sessiontimeout", "locationid"))


def results_only(root: etree._Element, n: int) -> etree._Element:
    """Keep only the first n results (the fixture's second result is a read of an existing key)."""
    op = root.find("operation")
    assert op is not None
    for r in op.findall("result")[n:]:
        op.remove(r)
    return root


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
    body = fn("1", "<read><object>APBILL</object><keys>1</keys><fields>x</fields></read>") + fn(
        "2", "<read><object>CLASS</object><keys>1</keys><fields>*</fields></read>"
    )
    _, root = post(emu.url, envelope(body))
    assert _statuses(root) == ["success", "success", "failure", "success"]
    assert root.findtext("operation/result/errormessage/error/errorno") == "Invalid fields list x"
