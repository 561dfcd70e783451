"""Multi-currency: base currencies per entity, the rate table, conversion of every posted line."""

from __future__ import annotations

import urllib.error
from decimal import Decimal
from typing import Any

import httpx
import pytest
from lxml import etree

from intacct_emulator.testing import EmulatorHandle

from .helpers import envelope, errnos, fn, glbatch, post, results

RATES = "companies/TRUE-DEMO/exchange-rates"


def _one(emu: EmulatorHandle, body: str, **kw: Any) -> etree._Element:
    _, root = post(emu.url, envelope(fn("f1", body), **kw))
    return results(root)[0]


def _ok(emu: EmulatorHandle, body: str, **kw: Any) -> etree._Element:
    r = _one(emu, body, **kw)
    assert (r.findtext("status"), errnos(r)) == ("success", []), etree.tostring(r)
    return r


def _set_rate(
    emu: EmulatorHandle, source: str, target: str, rate: str, date: str = "2026-06-01", **kw: str
) -> Any:
    return emu.control(RATES, {"from": source, "to": target, "rates": [{"date": date, "rate": rate}], **kw})


def _lines(emu: EmulatorHandle, batch: str) -> list[dict[str, Any]]:
    return sorted(
        (e for e in emu.records("GLENTRY") if e["BATCHNO"] == batch), key=lambda e: int(e["RECORDNO"])
    )


def _base_nets(lines: list[dict[str, Any]]) -> dict[str, Decimal]:
    nets: dict[str, Decimal] = {}
    for e in lines:
        amount = Decimal(e["AMOUNT"]) * (1 if e["TR_TYPE"] == "1" else -1)
        nets[e["MEGAENTITYID"]] = nets.get(e["MEGAENTITYID"], Decimal(0)) + amount
    return nets


def test_seeded_rate_table_is_readable_and_hides_the_daily_type(emu: EmulatorHandle) -> None:
    r = _ok(emu, "<query><object>EXCHANGERATETYPES</object><select><field>NAME</field></select></query>")
    assert [n.text for n in r.iter("NAME")] == ["Corporate Rate"]
    r = _ok(
        emu,
        "<readByQuery><object>EXCHANGERATE</object><query>TYPENAME = 'Intacct Daily Rate'</query>"
        "<fields>FROM_CURRENCY,TO_CURRENCY</fields></readByQuery>",
    )
    pairs = {(x.findtext("FROM_CURRENCY"), x.findtext("TO_CURRENCY")) for x in r.findall("data/exchangerate")}
    assert pairs == {(f, t) for t in ("USD", "CAD", "GBP") for f in ("USD", "CAD", "GBP", "EUR") if f != t}
    r = _ok(
        emu,
        "<query><object>EXCHANGERATEENTRY</object><select><field>EFFECTIVE_START_DATE</field>"
        "<field>EXCHANGE_RATE</field><field>RECIPROCAL_RATE</field></select><filter><and>"
        "<equalto><field>FROM_CURRENCY</field><value>EUR</value></equalto>"
        "<equalto><field>TO_CURRENCY</field><value>USD</value></equalto>"
        "<equalto><field>TYPENAME</field><value>Intacct Daily Rate</value></equalto></and></filter>"
        "<pagesize>100</pagesize></query>",
    )
    entries = r.findall("data/EXCHANGERATEENTRY")
    assert len(entries) == 36  # one a month, last year to next year
    rate = Decimal(entries[0].findtext("EXCHANGE_RATE") or "0")
    assert Decimal("1.05") < rate < Decimal("1.12")
    assert Decimal(entries[0].findtext("RECIPROCAL_RATE") or "0") == (1 / rate).quantize(Decimal("0.000001"))
    key = emu.control(RATES + "?from=EUR&to=USD&type=Corporate Rate".replace(" ", "%20"))["rates"][0][
        "recordno"
    ]
    r = _ok(emu, f"<read><object>EXCHANGERATE</object><keys>{key}</keys><fields>*</fields></read>")
    assert r.findtext("data/EXCHANGERATE/TYPENAME") == "Corporate Rate"
    assert len(r.findall("data/EXCHANGERATE/EXCHANGERATEENTRIES/EXCHANGERATEENTRY")) == 12  # quarterly


def test_line_in_foreign_currency_keeps_trx_amount_and_posts_base_amount(emu: EmulatorHandle) -> None:
    _set_rate(emu, "EUR", "USD", "1.25")
    je = glbatch(
        "FX-1",
        [
            ("6200", "1", "200.00", {"LOCATION": "US-NY", "CURRENCY": "EUR"}),
            ("1000", "-1", "200.00", {"LOCATION": "US-NY", "CURRENCY": "EUR"}),
        ],
        date="06/20/2026",
    )
    batch = _ok(emu, je).findtext("data/glbatch/RECORDNO") or ""
    fields = (
        "CURRENCY",
        "BASECURR",
        "TRX_AMOUNT",
        "AMOUNT",
        "EXCHANGE_RATE",
        "EXCH_RATE_DATE",
        "EXCH_RATE_TYPE_ID",
    )
    want = ("EUR", "USD", "200.00", "250.00", "1.250000", "06/20/2026", "Intacct Daily Rate")
    assert [tuple(e[f] for f in fields) for e in _lines(emu, batch)] == [want, want]
    r = _ok(
        emu,
        f"<query><object>GLENTRY</object><select><field>TRX_AMOUNT</field><field>AMOUNT</field>"
        f"<field>CURRENCY</field></select><filter><equalto><field>BATCHNO</field><value>{batch}</value>"
        "</equalto></filter></query>",
    )
    assert [
        (x.findtext("TRX_AMOUNT"), x.findtext("AMOUNT"), x.findtext("CURRENCY"))
        for x in r.findall("data/GLENTRY")
    ] == [("200.00", "250.00", "EUR")] * 2
    r = _ok(
        emu,
        f"<readByQuery><object>GLDETAIL</object><query>BATCHNO = '{batch}'</query>"
        "<fields>TRX_AMOUNT,AMOUNT,DEBITAMOUNT,CREDITAMOUNT</fields></readByQuery>",
    )
    assert [x.findtext("DEBITAMOUNT") for x in r.findall("data/gldetail")] == ["250.00", "0"]
    r = _ok(emu, f"<read><object>GLBATCH</object><keys>{batch}</keys><fields>*</fields></read>")
    assert [x.findtext("AMOUNT") for x in r.iter("GLENTRY")] == ["250.00", "250.00"]


def test_explicit_rate_and_custom_rate_type(emu: EmulatorHandle) -> None:
    explicit = glbatch(
        "FX-2",
        [
            ("6200", "1", "10.00", {"LOCATION": "UK-LDN", "CURRENCY": "USD", "EXCHANGE_RATE": "0.8"}),
            ("1000", "-1", "10.00", {"LOCATION": "UK-LDN", "CURRENCY": "USD", "EXCHANGE_RATE": "0.8"}),
        ],
    )
    batch = _ok(emu, explicit).findtext("data/glbatch/RECORDNO") or ""
    assert [(e["AMOUNT"], e["BASECURR"], e["EXCHANGE_RATE"]) for e in _lines(emu, batch)] == [
        ("8.00", "GBP", "0.8")
    ] * 2
    _set_rate(emu, "CAD", "USD", "0.7", date="2026-04-01", type="Corporate Rate")
    custom = glbatch(
        "FX-3",
        [
            (
                "6200",
                "1",
                "100",
                {"LOCATION": "US-TX", "CURRENCY": "CAD", "EXCH_RATE_TYPE_ID": "Corporate Rate"},
            ),
            (
                "1000",
                "-1",
                "100",
                {
                    "LOCATION": "US-TX",
                    "CURRENCY": "CAD",
                    "EXCH_RATE_TYPE_ID": "Corporate Rate",
                    "EXCH_RATE_DATE": "05/01/2026",
                },
            ),
        ],
    )
    batch = _ok(emu, custom).findtext("data/glbatch/RECORDNO") or ""
    assert [(e["AMOUNT"], e["EXCH_RATE_TYPE_ID"]) for e in _lines(emu, batch)] == [
        ("70.00", "Corporate Rate")
    ] * 2


def test_cross_entity_entry_balances_each_entity_in_its_base_currency(emu: EmulatorHandle) -> None:
    _set_rate(emu, "EUR", "USD", "1.1")
    _set_rate(emu, "EUR", "GBP", "0.85")
    je = glbatch(
        "FX-4",
        [
            ("6200", "1", "100.00", {"LOCATION": "US-NY", "CURRENCY": "EUR"}),
            ("1000", "-1", "100.00", {"LOCATION": "UK-LDN", "CURRENCY": "EUR"}),
        ],
    )
    batch = _ok(emu, je).findtext("data/glbatch/RECORDNO") or ""
    lines = _lines(emu, batch)
    assert [
        (e["ACCOUNTNO"], e["MEGAENTITYID"], e["TRX_AMOUNT"], e["AMOUNT"], e["BASECURR"]) for e in lines
    ] == [
        ("6200", "US", "100.00", "110.00", "USD"),
        ("1000", "UK", "100.00", "85.00", "GBP"),
        ("1900", "UK", "100.00", "85.00", "GBP"),
        ("2900", "US", "100.00", "110.00", "USD"),
    ]
    assert _base_nets(lines) == {"US": Decimal(0), "UK": Decimal(0)}


def test_conversion_rounding_goes_to_the_entitys_last_line(emu: EmulatorHandle) -> None:
    _set_rate(emu, "EUR", "USD", "1.08375")
    je = glbatch(
        "FX-5",
        [
            ("6200", "1", "100.00", {"LOCATION": "US-NY", "CURRENCY": "EUR"}),
            ("1000", "-1", "33.33", {"LOCATION": "US-NY", "CURRENCY": "EUR"}),
            ("1000", "-1", "33.33", {"LOCATION": "US-NY", "CURRENCY": "EUR"}),
            ("1000", "-1", "33.34", {"LOCATION": "US-NY", "CURRENCY": "EUR"}),
        ],
    )
    batch = _ok(emu, je).findtext("data/glbatch/RECORDNO") or ""
    assert [e["AMOUNT"] for e in _lines(emu, batch)] == ["108.38", "36.12", "36.12", "36.14"]


def test_absent_currency_keeps_the_entity_base_currency_and_amounts(emu: EmulatorHandle) -> None:
    je = glbatch(
        "FX-6", [("6200", "1", "42.5", {"LOCATION": "CA-ON"}), ("1000", "-1", "42.5", {"LOCATION": "CA-ON"})]
    )
    batch = _ok(emu, je).findtext("data/glbatch/RECORDNO") or ""
    assert [(e["CURRENCY"], e["BASECURR"], e["TRX_AMOUNT"], e["AMOUNT"]) for e in _lines(emu, batch)] == [
        ("CAD", "CAD", "42.5", "42.5")
    ] * 2


@pytest.mark.parametrize(
    ("dims", "errno", "text"),
    [
        (
            {"LOCATION": "US-NY", "CURRENCY": "XYZ"},
            "EMU-CURRENCY",
            "Currency 'XYZ' is not a valid currency code.",
        ),
        (
            {"LOCATION": "US-NY", "CURRENCY": "JPY"},
            "EMU-CURRENCY",
            "Currency JPY is not enabled as a transaction",
        ),
        (
            {"LOCATION": "US-NY", "CURRENCY": "EUR", "EXCH_RATE_TYPE_ID": "Test Rate"},
            "EMU-EXCHRATE",
            "No Test Rate exchange rate from EUR to USD is available for 05/31/2026.",
        ),
        ({"CURRENCY": "EUR"}, "EMU-TOPLEVEL", "entities use different base currencies (CAD, GBP, USD)"),
        (
            {"LOCATION": "US-NY", "CURRENCY": "EUR", "EXCH_RATE_TYPE_ID": "Nope"},
            "EMU-REFERENCE",
            "Exchange rate type",
        ),
    ],
)
def test_refused_currencies_and_rates_save_nothing(
    emu: EmulatorHandle, dims: dict[str, str], errno: str, text: str
) -> None:
    _set_rate(emu, "EUR", "USD", "1.2", type="Test Rate")  # effective 06/01/2026: nothing earlier
    je = glbatch("FX-BAD", [("6200", "1", "5", dims), ("1000", "-1", "5", dims)], date="05/31/2026")
    r = _one(emu, je)
    assert r.findtext("status") == "failure"
    assert errnos(r)[0] == errno
    assert text in (r.findtext("errormessage/error/description2") or "")
    assert emu.records("GLBATCH") == []
    assert emu.records("GLENTRY") == []


def test_mixed_transaction_currencies_and_strict_top_level_are_refused(emu: EmulatorHandle) -> None:
    je = glbatch(
        "FX-MIX",
        [
            ("6200", "1", "5", {"LOCATION": "US-NY", "CURRENCY": "EUR"}),
            ("1000", "-1", "5", {"LOCATION": "US-NY"}),
        ],
    )
    r = _one(emu, je)
    assert errnos(r)[0] == "EMU-CURRENCY"
    assert "found EUR, USD" in (r.findtext("errormessage/error/description2") or "")
    plain = glbatch("FX-TOP", [("6200", "1", "5", {}), ("1000", "-1", "5", {})])
    _ok(emu, plain)  # base currency at the top level: booked there, as before
    emu.control("companies/TRUE-DEMO/settings", {"REQUIRE_ENTITY_AT_TOP_LEVEL": True})
    r = _one(emu, plain.replace("FX-TOP", "FX-TOP2"))
    assert errnos(r)[0] == "EMU-TOPLEVEL"
    assert [b["REFERENCENO"] for b in emu.records("GLBATCH")] == ["FX-TOP"]


def test_foreign_bill_paid_at_another_rate_books_the_exchange_difference(emu: EmulatorHandle) -> None:
    _set_rate(emu, "EUR", "USD", "1.10")
    _set_rate(emu, "EUR", "USD", "1.20", date="2026-06-15")
    bill = (
        "<create_bill><vendorid>V100</vendorid><datecreated><year>2026</year><month>6</month><day>5</day>"
        "</datecreated><billno>FXB-1</billno><currency>EUR</currency><exchratetype>Intacct Daily Rate</exchratetype>"
        "<billitems><lineitem><glaccountno>6200</glaccountno><amount>1000</amount><locationid>US-NY</locationid>"
        "</lineitem></billitems></create_bill>"
    )
    key = _ok(emu, bill).findtext("key")
    (rec,) = emu.records("APBILL")
    fields = (
        "CURRENCY",
        "BASECURR",
        "EXCHANGE_RATE",
        "TRX_TOTALENTERED",
        "TOTALENTERED",
        "TRX_TOTALDUE",
        "TOTALDUE",
    )
    assert tuple(rec[f] for f in fields) == ("EUR", "USD", "1.100000", "1000", "1100.00", "1000", "1100.00")
    pay = (
        "<create><APPYMT><PAYMENTMETHOD>EFT</PAYMENTMETHOD><FINANCIALENTITY>BOA</FINANCIALENTITY>"
        f"<VENDORID>V100</VENDORID><PAYMENTDATE>06/20/2026</PAYMENTDATE><CURRENCY>EUR</CURRENCY>"
        f"<APPYMTDETAILS><APPYMTDETAIL><RECORDKEY>{key}</RECORDKEY><TRX_PAYMENTAMOUNT>1000</TRX_PAYMENTAMOUNT>"
        "</APPYMTDETAIL></APPYMTDETAILS></APPYMT></create>"
    )
    payment = _ok(emu, pay).findtext("data/appymt/RECORDNO") or ""
    (rec,) = emu.records("APBILL")
    assert (rec["STATE"], rec["TRX_TOTALDUE"], rec["TOTALDUE"], rec["TOTALPAID"]) == (
        "Paid",
        "0",
        "0.00",
        "1100.00",
    )
    lines = _lines(emu, payment)
    assert [(e["ACCOUNTNO"], e["TR_TYPE"], e["TRX_AMOUNT"], e["AMOUNT"]) for e in lines] == [
        ("2000", "1", "1000", "1100.00"),
        ("1000", "-1", "1000", "1200.00"),
        ("4900", "1", "0", "100.00"),  # paying 100 USD more than booked: a realized loss
    ]
    assert _base_nets(lines) == {"US": Decimal(0)}
    wrong = pay.replace("<CURRENCY>EUR</CURRENCY>", "<CURRENCY>GBP</CURRENCY>")
    assert errnos(_one(emu, wrong))[0] == "EMU-REQUEST"


def test_foreign_invoice_and_receipt_with_explicit_rates(emu: EmulatorHandle) -> None:
    invoice = (
        "<create_invoice><customerid>C100</customerid><datecreated><year>2026</year><month>6</month><day>5</day>"
        "</datecreated><invoiceno>FXI-1</invoiceno><currency>GBP</currency><exchrate>1.25</exchrate>"
        "<invoiceitems><lineitem><glaccountno>4000</glaccountno><amount>400</amount><locationid>US-NY</locationid>"
        "<projectid>P-100</projectid></lineitem></invoiceitems></create_invoice>"
    )
    key = _ok(emu, invoice).findtext("key")
    receipt = (
        "<create_arpayment><customerid>C100</customerid><paymentamount>400</paymentamount>"
        "<datereceived><year>2026</year><month>6</month><day>25</day></datereceived><paymentmethod>EFT</paymentmethod>"
        f"<currency>GBP</currency><exchrate>1.30</exchrate><arpaymentitem><invoicekey>{key}</invoicekey>"
        "<amount>400</amount></arpaymentitem></create_arpayment>"
    )
    receipt_key = _ok(emu, receipt).findtext("key") or ""
    (inv,) = emu.records("ARINVOICE")
    assert (inv["TOTALENTERED"], inv["TRX_TOTALENTERED"], inv["STATE"]) == ("500.00", "400", "Paid")
    (pmt,) = emu.records("ARPYMT")
    assert (pmt["CURRENCY"], pmt["TOTALENTERED"], pmt["TRX_TOTALENTERED"]) == ("GBP", "520.00", "400")
    assert [(e["ACCOUNTNO"], e["TR_TYPE"], e["AMOUNT"]) for e in _lines(emu, receipt_key)] == [
        ("1000", "1", "520.00"),
        ("1100", "-1", "500.00"),
        ("4900", "-1", "20.00"),  # receiving 20 USD more than booked: a realized gain
    ]


def test_control_plane_sets_currencies_and_rates(emu: EmulatorHandle) -> None:
    je = glbatch(
        "FX-JPY",
        [
            ("6200", "1", "1000", {"LOCATION": "US-NY", "CURRENCY": "JPY"}),
            ("1000", "-1", "1000", {"LOCATION": "US-NY", "CURRENCY": "JPY"}),
        ],
    )
    settings = emu.control(
        "companies/TRUE-DEMO/settings", {"CURRENCIES": ["USD", "CAD", "GBP", "EUR", "JPY"]}
    )
    assert settings["CURRENCIES"] == ["USD", "CAD", "GBP", "EUR", "JPY"]
    assert errnos(_one(emu, je))[0] == "EMU-EXCHRATE"  # enabled, but no JPY rate yet
    saved = _set_rate(emu, "JPY", "USD", "0.0065")
    assert saved["EXCHANGERATEENTRIES"]["EXCHANGERATEENTRY"][0]["EXCHANGE_RATE"] == "0.006500"
    batch = _ok(emu, je).findtext("data/glbatch/RECORDNO") or ""
    assert [e["AMOUNT"] for e in _lines(emu, batch)] == ["6.50", "6.50"]
    listed = emu.control(RATES + "?from=JPY")
    assert [(r["type"], r["to"], len(r["entries"])) for r in listed["rates"]] == [
        ("Intacct Daily Rate", "USD", 1)
    ]
    for bad in (
        {"from": "EUR", "to": "XXX", "rates": [{"date": "2026-06-01", "rate": "1"}]},
        {"from": "EUR", "to": "USD"},
    ):
        with pytest.raises(urllib.error.HTTPError, match="400"):
            emu.control(RATES, bad)
    with pytest.raises(urllib.error.HTTPError, match="400"):
        emu.control("companies/TRUE-DEMO/settings", {"CURRENCIES": ["USD", "ZZZ"]})
    kinds = emu.control("companies/TRUE-DEMO/exchange-rate-types", {"name": "Budget Rate"})
    assert kinds["NAME"] == "Budget Rate"


def test_console_shows_currencies_rates_and_base_amounts(emu: EmulatorHandle) -> None:
    _set_rate(emu, "EUR", "USD", "1.25")
    je = glbatch(
        "FX-CON",
        [
            ("6200", "1", "8", {"LOCATION": "US-NY", "CURRENCY": "EUR"}),
            ("1000", "-1", "8", {"LOCATION": "US-NY", "CURRENCY": "EUR"}),
        ],
    )
    batch = _ok(emu, je).findtext("data/glbatch/RECORDNO")
    base = f"{emu.base_url}/__emulator__/companies/TRUE-DEMO"
    page = httpx.get(base + "/currencies").text
    assert "Corporate Rate" in page
    assert "Intacct Daily Rate" in page
    assert page.count('b-purple">EUR</span>') == 1  # enabled transaction currency
    batch_page = httpx.get(f"{base}/GLBATCH/{batch}").text
    assert "Base amount" in batch_page
    assert "10.00 USD" in batch_page
