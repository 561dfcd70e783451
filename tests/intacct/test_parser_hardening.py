"""Hostile or broken responses fail fast with ParseError: no expansion, no network, no hang."""

from __future__ import annotations

import time

import pytest

from intacct import parse_response
from intacct.errors import ParseError, ResponseTooLargeError
from intacct.testing import response_xml, result_xml

from .conftest import fixture_bytes

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<response><control><status>&lol9;</status></control></response>"""

XXE_FILE = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<response><control><status>&xxe;</status></control></response>"""

XXE_NETWORK = b"""<?xml version="1.0"?>
<!DOCTYPE r SYSTEM "http://127.0.0.1:9/evil.dtd">
<response><control><status>success</status></control></response>"""

UTF16_DOCTYPE = (
    '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE r [<!ENTITY x "boom">]>'
    "<response><control><status>&x;</status></control></response>"
).encode("utf-16")


WIDE_BILLION_LAUGHS = (
    '<?xml version="1.0" encoding="{encoding}"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{level} "{("&lol" + (str(level - 1) if level > 1 else "") + ";") * 10}">'
        for level in range(1, 10)
    )
    + "]><response><control><status>&lol9;</status></control></response>"
)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_entity_declarations_in_wide_encodings_are_refused_before_parsing(encoding: str) -> None:
    # The byte-level DOCTYPE check cannot see "<\0!\0D\0..."; without decoding first, only
    # libxml2's own amplification guard stood between this body and an entity expansion.
    body = WIDE_BILLION_LAUGHS.format(encoding=encoding.split("-")[0].upper()).encode(encoding)
    with pytest.raises(ParseError, match="DOCTYPE or entity declaration"):
        parse_response(body)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (BILLION_LAUGHS, "DOCTYPE"),
        (XXE_FILE, "DOCTYPE"),
        (XXE_NETWORK, "DOCTYPE"),
        (UTF16_DOCTYPE, "DOCTYPE"),
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"<html><body>502 Bad Gateway</body></html>", "expected a <response>"),
        (b"Service Unavailable", "not well-formed"),
        (fixture_bytes("response-create-success.xml")[:200], "not well-formed"),
        (b"<response></response>", "missing control"),
        (b"<response><control><status>success</status></control></response>", "missing operation"),
        (
            b"<response><control><status>success</status></control><operation></operation></response>",
            "Authentication block is missing",
        ),
        (response_xml([]).encode(), "Result block is missing"),
        (response_xml(["<result><status>success</status></result>"]).encode(), "missing its <function>"),
        (
            response_xml([result_xml("readByQuery", "c", data_attributes={"count": "many"})]).encode(),
            "count is not an integer",
        ),
    ],
    ids=[
        "billion-laughs",
        "xxe-file",
        "xxe-external-dtd",
        "utf16-doctype",
        "empty",
        "blank",
        "html",
        "plain-text",
        "truncated",
        "no-control",
        "no-operation",
        "no-authentication",
        "no-results",
        "result-without-function",
        "non-integer-count",
    ],
)
def test_bad_documents_raise_parse_error(body: bytes, message: str) -> None:
    started = time.monotonic()
    with pytest.raises(ParseError, match=message):
        parse_response(body)
    assert time.monotonic() - started < 1.0


def test_oversized_body_is_refused_before_parsing() -> None:
    body = fixture_bytes("response-create-success.xml")
    with pytest.raises(ResponseTooLargeError, match=f"{len(body)} bytes exceeds the 100-byte limit"):
        parse_response(body, max_bytes=100)
    assert parse_response(body, max_bytes=len(body)).results[0].ok


def test_deeply_nested_document_is_rejected_without_recursion_blowup() -> None:
    depth = 300_000
    body = b"<response>" + b"<a>" * depth + b"</a>" * depth + b"</response>"
    with pytest.raises(ParseError):
        parse_response(body)


def test_support_id_is_extracted_and_url_decoded() -> None:
    body = response_xml(
        [
            result_xml(
                "readByQuery",
                "c",
                status="failure",
                errors=[
                    "<error><errorno>PL04000005</errorno><description></description><description2>You do not "
                    "have permission for API operation READ_BY_QUERY on objects of type arinvoice "
                    "[Support ID: abc%7EYz-9]</description2><correction></correction></error>"
                ],
            )
        ]
    ).encode()
    result = parse_response(body).results[0]
    assert result.errors[0].support_id == "abc~Yz-9"
    assert result.error().support_ids == ["abc~Yz-9"]  # type: ignore[union-attr]


def test_attributes_and_repeated_elements_become_dicts_and_lists() -> None:
    data = (
        '<type typename="APBILL">AP Bill</type>'
        '<Type Name="EMPLOYEE"><Fields><Field>RECORDNO</Field><Field>EMPLOYEEID</Field></Fields></Type>'
    )
    result = parse_response(response_xml([result_xml("inspect", "c", data=data)]).encode()).results[0]
    assert result.data == [
        {"@typename": "APBILL", "#text": "AP Bill"},
        {"@Name": "EMPLOYEE", "Fields": {"Field": ["RECORDNO", "EMPLOYEEID"]}},
    ]


def test_legacy_listtype_and_key_siblings() -> None:
    body = response_xml(
        [
            "<result><status>success</status><function>get_list</function><controlid>a</controlid>"
            '<listtype start="0" end="1" total="2">class</listtype><data><class><classid>C1</classid></class>'
            "</data></result>",
            "<result><status>success</status><function>create_invoice</function><controlid>b</controlid>"
            "<key>C1234</key></result>",
        ]
    ).encode()
    listing, created = parse_response(body).results
    assert (listing.list_type, listing.total_count, listing.data) == ("class", 2, [{"classid": "C1"}])
    assert created.key == "C1234"


@pytest.mark.parametrize(
    ("doctype", "message"),
    [
        ("+ADw-!DOCTYPE r+AD4-", "contains a DOCTYPE"),
        # An external DTD is never fetched: no_network makes libxml2 refuse the document.
        ("+ADw-!DOCTYPE r SYSTEM +ACI-http://127.0.0.1:9/x.dtd+ACI-+AD4-", "Attempt to load network entity"),
    ],
    ids=["internal", "external"],
)
def test_a_doctype_in_an_encoding_the_byte_checks_cannot_read_is_still_refused(
    doctype: str, message: str
) -> None:
    # UTF-7 hides "<!DOCTYPE" from the byte and UTF-16/32 checks; libxml2 still decodes it, so
    # the parser's own settings and the tree's subsets are the last line of defence.
    body = f'<?xml version="1.0" encoding="UTF-7"?>{doctype}<response/>'.encode()
    assert b"<!DOCTYPE" not in body
    with pytest.raises(ParseError, match=message):
        parse_response(body)
