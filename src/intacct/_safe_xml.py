"""Turning untrusted bytes into an lxml tree, safely.

The parser never resolves entities, never loads a DTD, never touches the network and refuses any
document with a DOCTYPE or entity declaration (also in UTF-16/32 bodies), so XXE and
entity-expansion bombs fail fast with :class:`ParseError`. Bodies over the size limit are refused
before parsing. What the document *means* is :mod:`intacct.response`'s business.
"""

from __future__ import annotations

import re
import threading

from lxml import etree

from intacct.errors import ParseError, ResponseTooLargeError

__all__ = ["DEFAULT_MAX_BYTES", "parse_document"]

DEFAULT_MAX_BYTES = 64 * 1024 * 1024

_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_DOCTYPE_TEXT = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)

# XML 1.0 Appendix F: how a document in a 16- or 32-bit encoding starts. The byte pattern above
# cannot see "<!DOCTYPE" there, so such bodies are decoded before the same check.
_WIDE_ENCODINGS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)
_BOMS = (b"\xfe\xff", b"\xff\xfe")


class _Parsers(threading.local):
    """lxml parser objects must not be shared between threads."""

    def __init__(self) -> None:
        self.parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
            collect_ids=False,
        )


_PARSERS = _Parsers()


def _wide_text(body: bytes) -> str:
    head = body[:4]
    # Every wide-encoding signature has a NUL in its first four bytes or starts with a BOM.
    if b"\x00" not in head and not head.startswith(_BOMS):
        return ""
    for prefix, encoding in _WIDE_ENCODINGS:
        if body.startswith(prefix):
            return body.decode(encoding, "replace")
    return ""


def parse_document(body: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> etree._Element:
    """The root element of ``body``, or :class:`ParseError` for anything unsafe or malformed."""
    if len(body) > max_bytes:
        raise ResponseTooLargeError(f"response of {len(body)} bytes exceeds the {max_bytes}-byte limit")
    if not body.strip():
        raise ParseError("response body is empty")
    if _DOCTYPE.search(body) or _DOCTYPE_TEXT.search(_wide_text(body)):
        raise ParseError("response contains a DOCTYPE or entity declaration; refusing to parse it")
    try:
        root = etree.fromstring(body, _PARSERS.parser)
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"response is not well-formed XML: {exc}") from None
    except ValueError as exc:  # e.g. unsupported encoding declarations
        raise ParseError(f"response could not be decoded: {exc}") from None
    # Encodings the byte checks cannot read (UTF-7, EBCDIC…) still reach libxml2; it loads no
    # DTD, and a declared one is refused here.
    docinfo = root.getroottree().docinfo
    if getattr(docinfo, "doctype", "") or docinfo.internalDTD is not None:
        raise ParseError("response contains a DOCTYPE; refusing to parse it")
    return root
