"""GLBATCH create throughput of one emulator process (no injected latency).

Starts ``intacct-emulator serve`` as a subprocess on a free loopback port, sends requests of
100 ``create GLBATCH`` functions (4 lines each) from a few client threads, and prints the rate.
The last line is one JSON object with ``glbatch_creates_per_s``.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SENDER = "<senderid>trueerp_demo</senderid><password>demo-sender-pass</password>"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def envelope(auth: str, functions: str, controlid: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><request><control>{SENDER}<controlid>{controlid}</controlid>'
        "<uniqueid>false</uniqueid><dtdversion>3.0</dtdversion><includewhitespace>false</includewhitespace>"
        f'</control><operation transaction="false"><authentication>{auth}</authentication>'
        f"<content>{functions}</content></operation></request>"
    ).encode()


def batch(req: int, size: int) -> str:
    parts = []
    for i in range(size):
        ref = f"BENCH-{req}-{i}"
        lines = "".join(
            f"<GLENTRY><ACCOUNTNO>{a}</ACCOUNTNO><TR_TYPE>{t}</TR_TYPE><TRX_AMOUNT>{amt}</TRX_AMOUNT>"
            f"<LOCATION>US-NY</LOCATION><DEPARTMENT>ENG</DEPARTMENT></GLENTRY>"
            for a, t, amt in (
                ("6200", "1", "100.00"),
                ("6300", "1", "50.00"),
                ("2100", "-1", "120.00"),
                ("1000", "-1", "30.00"),
            )
        )
        parts.append(
            f'<function controlid="{ref}"><create><GLBATCH><JOURNAL>GJ</JOURNAL><BATCH_DATE>06/30/2026</BATCH_DATE>'
            f"<BATCH_TITLE>Bench {ref}</BATCH_TITLE><REFERENCENO>{ref}</REFERENCENO><ENTRIES>{lines}</ENTRIES>"
            "</GLBATCH></create></function>"
        )
    return "".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--data", default=":memory:")
    args = parser.parse_args()
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "intacct_emulator.cli", "serve", "--port", str(port), "--data", args.data],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/ia/xml/xmlgw.phtml"
    try:
        for _ in range(100):
            try:
                httpx.get(f"http://127.0.0.1:{port}/__emulator__/api/health", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        login = "<login><userid>api_sync</userid><companyid>TRUE-DEMO</companyid><password>demo-user-pass</password></login>"
        r = httpx.post(
            url, content=envelope(login, '<function controlid="s"><getAPISession/></function>', "s")
        )
        sid = r.text.split("<sessionid>")[1].split("</sessionid>")[0]
        auth = f"<sessionid>{sid}</sessionid>"
        bodies = [envelope(auth, batch(i, args.batch), f"req-{i}") for i in range(args.requests)]
        client = httpx.Client(timeout=120, limits=httpx.Limits(max_connections=args.clients))
        client.post(url, content=envelope(auth, batch(-1, 5), "warmup"))

        def send(body: bytes) -> int:
            resp = client.post(url, content=body)
            assert resp.status_code == 200, resp.status_code
            return resp.text.count("<status>success</status>") - 2  # control + authentication

        start = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            ok = sum(pool.map(send, bodies))
        elapsed = time.perf_counter() - start
        total = args.requests * args.batch
        assert ok == total, f"{ok} of {total} creates succeeded"
        rate = total / elapsed
        print(f"{args.requests} requests x {args.batch} GLBATCH (4 lines) from {args.clients} clients")
        print(f"elapsed {elapsed:.2f}s  requests/s {args.requests / elapsed:.1f}  creates/s {rate:.0f}")
        print(
            json.dumps(
                {
                    "glbatch_creates_per_s": round(rate, 1),
                    "requests_per_s": round(args.requests / elapsed, 2),
                    "batch": args.batch,
                    "clients": args.clients,
                    "data": args.data,
                }
            )
        )
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
