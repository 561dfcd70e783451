"""Request builders and response readers for the emulator tests."""

from __future__ import annotations

import httpx
from lxml import etree

SENDER = ("trueerp_demo", "demo-sender-pass")


def envelope(
    functions: str,
    *,
    auth: str | None = None,
    user: str = "api_sync",
    password: str = "demo-user-pass",  # noqa: S107 - published demo credential
    entity: str = "",
    transaction: bool = False,
    uniqueid: bool = False,
    policy: str = "",
) -> str:
    if auth is None:
        loc = f"<locationid>{entity}</locationid>" if entity else ""
        auth = (
            f"<login><userid>{user}</userid><companyid>TRUE-DEMO</companyid><password>{password}</password>"
            f"{loc}</login>"
        )
    pol = f"<policyid>{policy}</policyid>" if policy else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><request><control><senderid>{SENDER[0]}</senderid>'
        f"<password>{SENDER[1]}</password><controlid>req-1</controlid><uniqueid>{str(uniqueid).lower()}</uniqueid>"
        f"<dtdversion>3.0</dtdversion>{pol}<includewhitespace>false</includewhitespace></control>"
        f'<operation transaction="{str(transaction).lower()}"><authentication>{auth}</authentication>'
        f"<content>{functions}</content></operation></request>"
    )


def fn(controlid: str, body: str) -> str:
    return f'<function controlid="{controlid}">{body}</function>'


def post(url: str, xml: str) -> tuple[int, etree._Element]:
    r = httpx.post(url, content=xml.encode(), headers={"content-type": "application/xml"}, timeout=30)
    return r.status_code, etree.fromstring(r.content)


def results(root: etree._Element) -> list[etree._Element]:
    return root.findall("operation/result")


def errnos(result: etree._Element) -> list[str]:
    return [e.text or "" for e in result.findall("errormessage/error/errorno")]


def glbatch(
    ref: str, lines: list[tuple[str, str, str, dict[str, str]]], date: str = "06/30/2026", journal: str = "GJ"
) -> str:
    entries = "".join(
        f"<GLENTRY><ACCOUNTNO>{a}</ACCOUNTNO><TR_TYPE>{t}</TR_TYPE><TRX_AMOUNT>{amt}</TRX_AMOUNT>"
        + "".join(f"<{k}>{v}</{k}>" for k, v in dims.items())
        + "</GLENTRY>"
        for a, t, amt, dims in lines
    )
    return (
        f"<create><GLBATCH><JOURNAL>{journal}</JOURNAL><BATCH_DATE>{date}</BATCH_DATE>"
        f"<BATCH_TITLE>JE {ref}</BATCH_TITLE><REFERENCENO>{ref}</REFERENCENO><ENTRIES>{entries}</ENTRIES>"
        "</GLBATCH></create>"
    )


def simple_je(ref: str, amount: str = "100.00", date: str = "06/30/2026") -> str:
    return glbatch(
        ref,
        [("6200", "1", amount, {"LOCATION": "US-NY"}), ("1000", "-1", amount, {"LOCATION": "US-NY"})],
        date,
    )
