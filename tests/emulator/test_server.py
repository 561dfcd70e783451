"""Server-level behaviour: persistence across restarts, deterministic clock/ids, CLI, console, usage."""

from __future__ import annotations

import subprocess
import sys
import urllib.error
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from intacct_emulator.cli import main as cli_main
from intacct_emulator.testing import EmulatorHandle, run_emulator

from .helpers import envelope, fn, post, results, simple_je


def test_restart_keeps_data(tmp_path: Path) -> None:
    db = str(tmp_path / "emu.db")
    with run_emulator(data=db) as first:
        _, root = post(first.url, envelope(fn("a", simple_je("KEEP-1")) + fn("s", "<getAPISession/>")))
        sid = root.findtext("operation/result[2]/data/api/sessionid")
    with run_emulator(data=db) as second:
        assert [r["REFERENCENO"] for r in second.records("GLBATCH")] == ["KEEP-1"]
        _, root = post(
            second.url,
            envelope(
                fn("q", "<readByQuery><object>GLBATCH</object><query/></readByQuery>"),
                auth=f"<sessionid>{sid}</sessionid>",
            ),
        )
        assert root.find("operation/result/data").get("count") == "1"  # type: ignore[union-attr]


def test_deterministic_clock_and_ids(emu: EmulatorHandle) -> None:
    def run() -> tuple[str | None, str | None, str | None]:
        emu.reset()
        emu.set_clock("2026-06-30T09:00:00")
        emu.control("ids", {"seed": 7})
        _, root = post(emu.url, envelope(fn("s", "<getAPISession/>") + fn("j", simple_je("DET-1"))))
        rs = results(root)
        return (
            rs[0].findtext("data/api/sessionid"),
            rs[1].findtext("data/glbatch/RECORDNO"),
            root.findtext("operation/authentication/sessiontimeout"),
        )

    first, second = run(), run()
    assert first == second
    assert first[2] == "2026-06-30T17:00:00+00:00"
    assert emu.records("GLBATCH")[0]["WHENCREATED"] == "06/30/2026 09:00:00"


def test_usage_counts_records_and_reads(emu: EmulatorHandle) -> None:
    post(
        emu.url,
        envelope(
            fn("a", simple_je("U-1")) + fn("q", "<readByQuery><object>CLASS</object><query/></readByQuery>")
        ),
    )
    usage = emu.usage()["TRUE-DEMO"]
    assert usage["by_function"] == {"create": 1, "readByQuery": 1}
    assert (usage["total"], usage["monthly_allowance"], usage["over_allowance"]) == (2, 100000, False)
    emu.control("companies/TRUE-DEMO/settings", {"MONTHLY_TRANSACTIONS": 1})
    assert emu.usage()["TRUE-DEMO"]["over_allowance"] is True
    with pytest.raises(urllib.error.HTTPError, match="400"):
        emu.control("companies/TRUE-DEMO/settings", {"MONTHLY_TRANSACTION": 1})  # misspelt


def test_console_pages_and_stable_record_urls(emu: EmulatorHandle) -> None:
    _, root = post(emu.url, envelope(fn("a", simple_je("CON-1"))))
    recordno = results(root)[0].findtext("data/glbatch/RECORDNO")
    base = emu.base_url + "/__emulator__"
    assert "TRUE-DEMO" in httpx.get(base + "/").text
    assert "TRUE Engineering Canada Ltd." in httpx.get(base + "/companies/TRUE-DEMO").text
    page = httpx.get(f"{base}/companies/TRUE-DEMO/GLBATCH/{recordno}")
    assert page.status_code == 200
    assert "CON-1" in page.text
    assert "Lines" in page.text
    assert "Cash - Operating" in page.text
    assert httpx.get(f"{base}/companies/TRUE-DEMO/GLBATCH/999999").status_code == 404
    usage = httpx.get(base + "/usage").text
    assert "<span class=mono>create</span>" in usage
    # every object list and every record page of the seed renders; IDs work as keys too
    for obj in ("GLACCOUNT", "LOCATIONENTITY", "LOCATION", "PROJECT", "VENDOR", "FUND", "REPORTINGPERIOD"):
        listing = httpx.get(f"{base}/companies/TRUE-DEMO/{obj}")
        assert listing.status_code == 200, obj
        for rec in emu.records(obj)[:3]:
            assert httpx.get(f"{base}/companies/TRUE-DEMO/{obj}/{rec['RECORDNO']}").status_code == 200
    vendor = httpx.get(f"{base}/companies/TRUE-DEMO/VENDOR/V100")
    assert vendor.status_code == 200
    assert "Atlas Concrete Supply" in vendor.text
    assert httpx.get(f"{base}/companies/TRUE-DEMO/NOPE").status_code == 404
    assert httpx.get(f"{base}/companies/NOPE").status_code == 404
    assert httpx.get(f"{base}/companies/TRUE-DEMO/GLBATCH?q=con-1").text.count("CON-1") >= 1


def test_console_bill_page_shows_lines_payments_and_postings(emu: EmulatorHandle) -> None:
    bill = (
        "<create_bill><vendorid>V100</vendorid><datecreated><year>2026</year><month>6</month><day>1</day>"
        "</datecreated><billno>CB-1</billno><billitems><lineitem><glaccountno>6200</glaccountno><amount>120.5"
        "</amount><locationid>US-NY</locationid><memo>Taxi to site</memo></lineitem></billitems></create_bill>"
    )
    _, root = post(emu.url, envelope(fn("b", bill)))
    key = results(root)[0].findtext("key")
    post(emu.url, envelope(fn("r", f'<reverse_bill key="{key}"></reverse_bill>')))
    page = httpx.get(f"{emu.base_url}/__emulator__/companies/TRUE-DEMO/APBILL/{key}").text
    assert "Bill CB-1" in page
    assert "Taxi to site" in page
    assert "Reversed" in page
    postings = page.split("General ledger postings", 1)[1]
    assert postings.count("120.50") == 4  # two lines and the two lines of the reversal
    assert postings.count("241.00") == 2  # debit and credit totals


def test_console_escapes_what_clients_sent(emu: EmulatorHandle) -> None:
    evil = "&lt;script&gt;alert(1)&lt;/script&gt;"  # XML-escaped on the wire, a live tag once parsed
    vendor = f"<create><VENDOR><VENDORID>V-X</VENDORID><NAME>{evil}</NAME></VENDOR></create>"
    _, root = post(emu.url, envelope(fn("v", vendor) + fn("j", simple_je(evil))))
    recordno = results(root)[1].findtext("data/glbatch/RECORDNO")
    base = f"{emu.base_url}/__emulator__/companies/TRUE-DEMO"
    for path in ("", "/VENDOR", "/VENDOR/V-X", "/GLBATCH", f"/GLBATCH/{recordno}", "/GLBATCH?q=<script>"):
        page = httpx.get(base + path).text
        assert "<script>" not in page, path
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in httpx.get(base + "/VENDOR/V-X").text


def test_cli_reset_and_seed(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    assert cli_main(["reset", "--data", db]) == 0
    assert cli_main(["seed", "--data", db]) == 1  # the demo company is there already: refused, unchanged
    with run_emulator(data=db, seed=None) as emu:
        assert len(emu.records("GLACCOUNT")) == 25
        with pytest.raises(urllib.error.HTTPError, match="400"):
            emu.control("seed", {"name": "demo"})
        assert len(emu.records("GLACCOUNT")) == 25
    out = subprocess.run(
        [sys.executable, "-m", "intacct_emulator.cli", "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert "{serve,reset,seed}" in out


def test_concurrent_writers_on_a_file_store_lose_nothing(tmp_path: Path) -> None:
    """Many clients at once: every create lands once, RECORDNOs never collide, a restart keeps all,
    and a function control id raced under uniqueid=true completes exactly once."""
    db = str(tmp_path / "race.db")
    with run_emulator(data=db, threads=8) as emu:
        emu.set_concurrency_limit(64)

        def writer(n: int) -> list[str]:
            statuses = []
            for i in range(5):
                _, root = post(emu.url, envelope(fn(f"w{n}-{i}", simple_je(f"RACE-{n}-{i}"))))
                statuses.append(results(root)[0].findtext("status") or "")
            return statuses

        def racer(_: int) -> str:
            _, root = post(emu.url, envelope(fn("same-id", simple_je("ONCE")), uniqueid=True))
            return results(root)[0].findtext("status") or ""

        with ThreadPoolExecutor(8) as pool:
            written = [s for batch in pool.map(writer, range(8)) for s in batch]
            raced = list(pool.map(racer, range(8)))
        assert written == ["success"] * 40
        assert sorted(raced) == ["failure"] * 7 + ["success"]
    with run_emulator(data=db) as again:
        batches = again.records("GLBATCH")
        refs = sorted(b["REFERENCENO"] for b in batches)
        assert refs == sorted([f"RACE-{n}-{i}" for n in range(8) for i in range(5)] + ["ONCE"])
        numbers = [b["RECORDNO"] for b in batches] + [g["RECORDNO"] for g in again.records("GLENTRY")]
        assert len(numbers) == len(set(numbers)) == 41 * 3


def test_console_shows_every_object_family_the_emulator_holds(emu: EmulatorHandle) -> None:
    from intacct_emulator.model import OBJECTS

    from .sdk_shapes import SETUPS
    from .sdk_shapes.harness import call

    values: dict[str, str] = {}
    for name in (
        "bill", "invoice", "apadjustment", "aradjustment", "appayment", "arpayment", "card", "cctransaction",
        "receipt", "expensereport", "expenseadjustment", "statje", "timesheet", "so_order", "po", "ic_receipt",
        "contract", "contractline", "allocation", "folder", "supdoc", "contact", "p100", "obspct", "billbatch",
    ):  # fmt: skip
        result = call(emu.url, SETUPS[name].xml.format(**values))
        assert result.findtext("status") == "success", name
        values[name] = (
            result.findtext("key")
            or result.findtext("data/*/RECORDNO")
            or result.findtext("data/PROJECT/RECORDNO")
            or ""
        )
    base = f"{emu.base_url}/__emulator__/companies/TRUE-DEMO"
    overview = httpx.get(base + "/objects").text
    for name, d in OBJECTS.items():
        assert f">{name}</span>" in overview, name
        listing = httpx.get(f"{base}/{name}")
        assert listing.status_code == 200, name
        rows = emu.records(name)[:1]
        for rec in rows:
            page = httpx.get(f"{base}/{name}/{rec['RECORDNO']}")
            assert page.status_code == 200, (name, rec["RECORDNO"])
            assert d.label in page.text
    po = httpx.get(f"{base}/PODOCUMENT/{values['po']}")
    assert po.status_code == 200
    assert "Purchase Order-PO0001" in po.text
    assert "Purchasing Transaction Lines" in po.text  # its lines
    assert "I300" in po.text
    expense = httpx.get(f"{base}/EEXPENSES/{values['expensereport']}").text
    assert "General ledger postings" in expense
    assert httpx.get(f"{base}/PODOCUMENTENTRY").status_code == 200
