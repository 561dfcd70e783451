"""Hardened request parsing and the element → plain-data conversion handlers work with.

Requests come from untrusted clients, so the parser never loads a DTD, never resolves entities,
never touches the network and refuses oversized bodies before parsing. Parser messages are kept
because Intacct echoes them in XL03000003 errors and clients show them to developers.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from . import errors

MAX_REQUEST_BYTES = 20 * 1024 * 1024

Value = Any  # str | dict[str, Value] | list[Value]

_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)


def parse_request(body: bytes) -> etree._Element:
    if len(body) > MAX_REQUEST_BYTES:
        raise errors.xml_parse_errors(
            [f"XML Parse schema error: request larger than {MAX_REQUEST_BYTES} bytes."]
        )
    if b"<!DOCTYPE" in body[:4096] or b"<!ENTITY" in body:
        raise errors.xml_parse_errors(
            ["XML Parse schema error: DOCTYPE and ENTITY declarations are not allowed."]
        )
    try:
        root = etree.fromstring(body, parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        entries: list[Any] = list(exc.error_log)  # type: ignore[call-overload]
        messages = [
            f"XML Parse schema error: Fatal Error {e.type}: {e.message.rstrip('.')}. Line: {e.line}, column: {e.column}."
            for e in entries
            if e.level_name in ("FATAL", "ERROR")
        ]
        if not messages:
            messages = [f"XML Parse schema error: {exc}"]
        raise errors.xml_parse_errors(messages) from None
    if getattr(root.getroottree().docinfo, "doctype", ""):  # lxml-stubs lacks DocInfo.doctype
        raise errors.xml_parse_errors(
            ["XML Parse schema error: DOCTYPE and ENTITY declarations are not allowed."]
        )
    if root.tag != "request":
        raise errors.xml_parse_errors(
            [f"XML Parse schema error: root element must be request, not {root.tag}."]
        )
    return root


def to_value(el: etree._Element) -> Value:
    """Children become a dict (repeated tags a list); leaves become their stripped text."""
    children = [c for c in el if isinstance(c.tag, str)]
    if not children:
        return (el.text or "").strip()
    out: dict[str, Value] = {}
    for child in children:
        tag = str(child.tag)
        val = to_value(child)
        if tag in out:
            prev = out[tag]
            if isinstance(prev, list):
                prev.append(val)
            else:
                out[tag] = [prev, val]
        else:
            out[tag] = val
    return out


def as_list(value: Value) -> list[Any]:
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return value
    return [value]


def text(el: etree._Element | None, path: str, default: str = "") -> str:
    if el is None:
        return default
    found = el.find(path)
    if found is None:
        return default
    return (found.text or "").strip()
