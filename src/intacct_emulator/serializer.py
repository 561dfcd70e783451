"""The one place that writes response XML.

Element names, their order and the status values follow the captured gateway responses in
``shared/intacct/fixtures``; keeping every response on this path is what lets the conformance
tests compare structure once instead of per handler. Plain string building is used because it is
several times faster than building an lxml tree for 100-function batches.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .errors import ErrorDetail


@dataclass(slots=True)
class Payload:
    """What a handler returns: a ``<data>`` block, a legacy ``<key>`` or nothing."""

    attrs: list[tuple[str, str]] | None = None
    items: list[tuple[str, Any]] = field(default_factory=list)
    key: str | None = None
    listtype: tuple[str, int, int, int] | None = None  # legacy get_list: name, start, end, total
    no_data: bool = False


@dataclass(slots=True)
class Result:
    function: str
    controlid: str
    status: str = "success"
    payload: Payload | None = None
    errors: list[ErrorDetail] = field(default_factory=list)


@dataclass(slots=True)
class ControlEcho:
    status: str
    senderid: str
    controlid: str
    uniqueid: str
    dtdversion: str


@dataclass(slots=True)
class AuthEcho:
    status: str
    userid: str
    companyid: str
    locationid: str | None = None
    sessiontimestamp: str | None = None
    sessiontimeout: str | None = None


@dataclass(slots=True)
class OperationOut:
    auth: AuthEcho
    results: list[Result] = field(default_factory=list)
    errors: list[ErrorDetail] = field(default_factory=list)


def esc(value: str) -> str:
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    return value


def _attr(value: str) -> str:
    return esc(value).replace('"', "&quot;")


def write_value(out: list[str], name: str, value: Any) -> None:
    if isinstance(value, list):
        for item in value:
            write_value(out, name, item)
        return
    close = name.split(" ", 1)[0]  # tags may carry attributes, e.g. 'Type Name="GLBATCH"'
    if isinstance(value, dict):
        out.append(f"<{name}>")
        for k, v in value.items():
            write_value(out, k, v)
        out.append(f"</{close}>")
        return
    if value is None or value == "":
        out.append(f"<{name}></{close}>")
        return
    out.append(f"<{name}>{esc(str(value))}</{close}>")


def _errors(out: list[str], errs: Iterable[ErrorDetail]) -> None:
    out.append("<errormessage>")
    for e in errs:
        out.append(
            f"<error><errorno>{esc(e.errorno)}</errorno><description>{esc(e.description)}</description>"
            f"<description2>{esc(e.description2)}</description2><correction>{esc(e.correction)}</correction></error>"
        )
    out.append("</errormessage>")


def _control(out: list[str], c: ControlEcho) -> None:
    out.append(
        f"<control><status>{c.status}</status><senderid>{esc(c.senderid)}</senderid>"
        f"<controlid>{esc(c.controlid)}</controlid><uniqueid>{esc(c.uniqueid)}</uniqueid>"
        f"<dtdversion>{esc(c.dtdversion)}</dtdversion></control>"
    )


def _result(out: list[str], r: Result) -> None:
    out.append(
        f"<result><status>{r.status}</status><function>{esc(r.function)}</function>"
        f"<controlid>{esc(r.controlid)}</controlid>"
    )
    p = r.payload
    if p is not None:
        if p.listtype is not None:
            name, start, end, total = p.listtype
            out.append(f'<listtype start="{start}" end="{end}" total="{total}">{esc(name)}</listtype>')
        if p.key is not None:
            out.append(f"<key>{esc(p.key)}</key>")
        elif not p.no_data:
            attrs = "".join(f' {k}="{_attr(v)}"' for k, v in (p.attrs or []))
            if p.items:
                out.append(f"<data{attrs}>")
                for tag, value in p.items:
                    write_value(out, tag, value)
                out.append("</data>")
            else:
                out.append(f"<data{attrs}/>")
    if r.errors:
        _errors(out, r.errors)
    out.append("</result>")


def response(
    control: ControlEcho, operation: OperationOut | None, control_errors: list[ErrorDetail]
) -> bytes:
    out: list[str] = ['<?xml version="1.0" encoding="UTF-8"?>', "<response>"]
    _control(out, control)
    if operation is None:
        _errors(out, control_errors)
    else:
        a = operation.auth
        out.append("<operation><authentication>")
        out.append(
            f"<status>{a.status}</status><userid>{esc(a.userid)}</userid><companyid>{esc(a.companyid)}</companyid>"
        )
        if a.locationid is not None:
            out.append(f"<locationid>{esc(a.locationid)}</locationid>")
        if a.sessiontimestamp is not None:
            out.append(f"<sessiontimestamp>{a.sessiontimestamp}</sessiontimestamp>")
        if a.sessiontimeout is not None:
            out.append(f"<sessiontimeout>{a.sessiontimeout}</sessiontimeout>")
        out.append("</authentication>")
        if operation.errors:
            _errors(out, operation.errors)
        for r in operation.results:
            _result(out, r)
        out.append("</operation>")
    out.append("</response>")
    return "".join(out).encode("utf-8")


def acknowledgement(control: ControlEcho) -> bytes:
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<response><acknowledgement><status>success</status></acknowledgement>",
    ]
    _control(out, control)
    out.append("</response>")
    return "".join(out).encode("utf-8")
