"""Send a shape to an emulator (after its prerequisites) and classify the answer.

"Understood" means the emulator answered as Intacct would: success, or a business error. It is
not understood when it answers EMU-UNSUPPORTED (not modelled), "Object definition … not found",
an XML parse error or an internal error (a crash).
"""

from __future__ import annotations

import json
import urllib.request
from dataclasses import dataclass

import httpx
from lxml import etree

from . import SETUPS, SUCCESS, Shape

SENDER = "<senderid>trueerp_demo</senderid><password>demo-sender-pass</password>"
LOGIN = "<login><userid>api_sync</userid><companyid>TRUE-DEMO</companyid><password>demo-user-pass</password></login>"
NOT_UNDERSTOOD = ("EMU-UNSUPPORTED", "EMU-INTERNAL", "XL03000003")


@dataclass(frozen=True)
class Answer:
    status: str
    errnos: tuple[str, ...]
    text: str

    @property
    def outcome(self) -> str:
        return SUCCESS if self.status == "success" else (self.errnos[0] if self.errnos else "failure")

    @property
    def understood(self) -> bool:
        if self.status == "success":
            return True
        return (
            bool(self.errnos)
            and self.errnos[0] not in NOT_UNDERSTOOD
            and "Object definition" not in self.text
        )

    @property
    def crashed(self) -> bool:
        return "EMU-INTERNAL" in self.errnos


def _envelope(body: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><request><control>{SENDER}<controlid>sdk</controlid>'
        "<uniqueid>false</uniqueid><dtdversion>3.0</dtdversion><includewhitespace>false</includewhitespace></control>"
        f'<operation transaction="false"><authentication>{LOGIN}</authentication><content>'
        f'<function controlid="sdk">{body}</function></content></operation></request>'
    ).encode()


def call(url: str, body: str) -> etree._Element:
    response = httpx.post(
        url, content=_envelope(body), headers={"content-type": "application/xml"}, timeout=30
    )
    result = etree.fromstring(response.content).find("operation/result")
    assert result is not None, response.text
    return result


def _capture(result: etree._Element, how: str) -> str:
    if how == "none":
        return ""
    if how == "key":
        return result.findtext("key") or ""
    if how == "recordno":
        data = result.find("data")
        first = next(iter(data), None) if data is not None else None
        return (first.findtext("RECORDNO") if first is not None else "") or ""
    kind, _, path = how.partition(":")
    if kind == "path":
        return result.findtext(path) or ""
    if kind == "attr":
        where, _, attribute = path.partition("@")
        found = result.find(where)
        return (found.get(attribute) if found is not None else "") or ""
    return ",".join(e.text or "" for e in result.findall(path))


def run(base_url: str, shape: Shape) -> Answer:
    url = f"{base_url}/ia/xml/xmlgw.phtml"
    values: dict[str, str] = {}
    for name in shape.setup:
        setup = SETUPS[name]
        if setup.control is not None:
            endpoint, payload = setup.control
            request = urllib.request.Request(
                f"{base_url}/__emulator__/api/{endpoint}", data=json.dumps(payload).encode(), method="POST"
            )
            urllib.request.urlopen(request, timeout=30).read()
            continue
        result = call(url, setup.xml.format(**values))
        assert result.findtext("status") == "success", f"setup {name}: {etree.tostring(result).decode()}"
        values[name] = _capture(result, setup.capture)
    result = call(url, shape.xml.format(**values))
    errnos = tuple(e.text or "" for e in result.findall("errormessage/error/errorno"))
    text = " ".join(e.text or "" for e in result.iter("description2"))
    return Answer(result.findtext("status") or "", errnos, text)
