from __future__ import annotations

import pytest

from intacct import IntacctClient, split_into_requests
from intacct.errors import InvalidArgumentError
from intacct.functions import Create, ReadByQuery
from intacct.query import Query
from intacct.testing import FakeTransport, RecordedRequest, response_xml, result_xml, xml_response
from intacct.transport import TransportResponse

from .conftest import make_config
from .helpers import decode


def classes(count: int, name_size: int = 10) -> list[Create]:
    return [
        Create("CLASS", {"CLASSID": f"C{n}", "NAME": "x" * name_size}, control_id=f"c{n}")
        for n in range(count)
    ]


def test_split_by_function_count_keeps_order() -> None:
    chunks = split_into_requests(classes(7), max_functions=3)
    assert [[f.control_id for f in chunk] for chunk in chunks] == [
        ["c0", "c1", "c2"],
        ["c3", "c4", "c5"],
        ["c6"],
    ]


def test_split_by_bytes() -> None:
    functions = classes(4, name_size=400)
    size = len(functions[0].to_xml().encode())
    chunks = split_into_requests(functions, max_bytes=2 * size + 100, envelope_bytes=100)
    assert [len(chunk) for chunk in chunks] == [2, 2]
    with pytest.raises(InvalidArgumentError, match="more than a request may carry"):
        split_into_requests(functions, max_bytes=size + 99, envelope_bytes=100)
    assert split_into_requests([]) == []


def page(function: str, cid: str, numbers: range, total: int, remaining: int, result_id: str = "") -> str:
    data = "".join(f"<class><CLASSID>C{n}</CLASSID></class>" for n in numbers)
    attributes: dict[str, str | int] = {
        "listtype": "class",
        "count": len(numbers),
        "totalcount": total,
        "numremaining": remaining,
        "resultId": result_id,
    }
    return response_xml([result_xml(function, cid, data=data, data_attributes=attributes)])


def test_read_by_query_pages_follow_result_id_once_each(
    login_client: IntacctClient, transport: FakeTransport
) -> None:
    def responder(request):
        sent = decode(request)
        ((name, cid),) = sent.functions
        if name == "readByQuery":
            return page_response(page(name, cid, range(0, 2), 5, 3, "RID"))
        if len([r for r in transport.requests if b"readMore" in r.body]) == 1:
            return page_response(page(name, cid, range(2, 4), 5, 1, "RID"))
        return page_response(page(name, cid, range(4, 5), 5, 0, "RID"))

    from intacct.testing import xml_response as page_response

    transport._responder = responder
    records = list(login_client.iter_records(ReadByQuery("CLASS", page_size=2)))
    assert [r["CLASSID"] for r in records] == ["C0", "C1", "C2", "C3", "C4"]
    sent = [decode(r).functions[0][0] for r in transport.requests]
    assert sent == ["readByQuery", "readMore", "readMore"]
    assert all(b"<resultId>RID</resultId>" in r.body for r in transport.requests[1:])


def test_query_pages_advance_the_offset() -> None:
    def responder(request: RecordedRequest) -> TransportResponse:
        ((name, cid),) = decode(request).functions
        offset = int(request.text.split("<offset>")[1].split("</offset>")[0])
        numbers = range(offset, min(offset + 2, 5))
        return xml_response(
            response_xml(
                [
                    result_xml(
                        name,
                        cid,
                        data="".join(f"<CLASS><CLASSID>C{n}</CLASSID></CLASS>" for n in numbers),
                        data_attributes={
                            "listtype": "CLASS",
                            "totalcount": 5,
                            "offset": offset,
                            "count": len(numbers),
                            "numremaining": 5 - offset - len(numbers),
                        },
                    )
                ]
            )
        )

    transport = FakeTransport(responder)
    login_client = IntacctClient(make_config(use_sessions=False), transport=transport)
    query = Query("CLASS", ["CLASSID"], page_size=2, offset=0)
    pages = list(login_client.iter_pages(query))
    assert [[r["CLASSID"] for r in p.records] for p in pages] == [["C0", "C1"], ["C2", "C3"], ["C4"]]
    assert [p.next_offset for p in pages] == [2, 4, 5]
    offsets = [r.text.split("<offset>")[1].split("</offset>")[0] for r in transport.requests]
    assert offsets == ["0", "2", "4"]


def test_paging_a_non_paged_function_is_refused(
    login_client: IntacctClient, transport: FakeTransport
) -> None:
    with pytest.raises(InvalidArgumentError):
        list(login_client.iter_pages(Create("CLASS", {"CLASSID": "C"})))
    assert transport.requests == []
