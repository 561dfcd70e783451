"""Codec cost of the intacct client: building requests and parsing responses, no I/O.

Run: .venv/bin/python bench/client_codec.py
The last output line is one JSON object with median microseconds per operation.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from intacct import ClientConfig, RequestConfig, parse_response
from intacct._xml import FieldValue
from intacct.functions import Create
from intacct.request import SessionAuth, build_request
from intacct.testing import response_xml, result_xml

CONFIG = ClientConfig(sender_id="bench_sender", sender_password="bench-pass", company_id="BENCH")
AUTH = SessionAuth("benchsession..")


def glbatch(n: int) -> Create:
    lines: list[FieldValue] = [
        {
            "ACCOUNTNO": account,
            "TR_TYPE": tr_type,
            "TRX_AMOUNT": Decimal("1250.75"),
            "LOCATION": "US-NY",
            "DEPARTMENT": "OPS",
            "PROJECTID": "P-100",
            "CLASSID": "C1",
            "DESCRIPTION": f"Accrual line {index} & <reversal>",
            "GLDIMFUND": "F1",
        }
        for index, (account, tr_type) in enumerate([("6000", 1), ("6100", 1), ("2000", -1), ("2100", -1)])
    ]
    return Create(
        "GLBATCH",
        {
            "JOURNAL": "GJ",
            "BATCH_DATE": date(2026, 6, 30),
            "BATCH_TITLE": f"TRUE ERP journal {n}",
            "REFERENCENO": f"TRUE-JE-{n}",
            "ENTRIES": {"GLENTRY": lines},
        },
        control_id=f"je-{n:06d}",
    )


def create_result(n: int) -> str:
    return result_xml(
        "create",
        f"je-{n:06d}",
        data=f"<glbatch><RECORDNO>{1000 + n}</RECORDNO><BATCHNO>{n}</BATCHNO></glbatch>",
        data_attributes={"listtype": "objects", "count": 1},
    )


def measure(label: str, operation: Callable[[], object], runs: int) -> float:
    for _ in range(min(50, runs)):
        operation()
    samples = []
    for _ in range(runs):
        started = time.perf_counter_ns()
        operation()
        samples.append((time.perf_counter_ns() - started) / 1000)
    median = statistics.median(samples)
    p95 = sorted(samples)[int(len(samples) * 0.95) - 1]
    print(f"{label:<48} median {median:10.1f} us   p95 {p95:10.1f} us   ({runs} runs)")
    return median


def main() -> None:
    single_response = response_xml([create_result(1)]).encode()

    def one_glbatch() -> None:
        function = glbatch(1)
        function.to_xml()
        parse_response(single_response)

    response_100 = response_xml([create_result(n) for n in range(100)]).encode()

    def request_100() -> None:
        functions = [glbatch(n) for n in range(100)]
        build_request(CONFIG, AUTH, functions, RequestConfig(control_id="bench", uniqueid=True))
        response = parse_response(response_100)
        assert len(response.results) == 100

    body = build_request(CONFIG, AUTH, [glbatch(n) for n in range(100)], RequestConfig(control_id="bench"))
    print(
        f"Python {sys.version.split()[0]}; 100-function request {len(body):,} bytes; "
        f"100-result response {len(response_100):,} bytes"
    )
    glbatch_us = measure("GLBATCH (4 lines): build function + parse result", one_glbatch, 2000)
    request_us = measure("100 x GLBATCH: build request + parse 100 results", request_100, 200)
    print(json.dumps({"glbatch_function_us": round(glbatch_us, 1), "request_100_us": round(request_us, 1)}))


if __name__ == "__main__":
    main()
