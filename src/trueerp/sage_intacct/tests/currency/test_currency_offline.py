"""Currency in the builders and in pre-validation, without Intacct: the exact fields each object
carries, nothing extra in the base currency, and every refusal said before an API call."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from trueerp.financial.models import Transaction
from trueerp.financial.services.transactions import transaction_input_from, update_transaction
from trueerp.sage_intacct.mapping.services.prevalidation import CREATE, prepare
from trueerp.sage_intacct.sync.models import SyncAction
from trueerp.sage_intacct.sync.services.builders import build_journal_reversal
from trueerp.sage_intacct.tests.currency.offline import context_for, document, prepared_and_built
from trueerp.sage_intacct.tests.sync_support import DAY, journal, line, master

pytestmark = pytest.mark.django_db
__all__ = ["master"]

DAILY = "<CURRENCY>EUR</CURRENCY><EXCH_RATE_DATE>03/10/2026</EXCH_RATE_DATE><EXCH_RATE_TYPE_ID>Intacct Daily Rate</EXCH_RATE_TYPE_ID>"


def gl_entries(xml: str) -> list[str]:
    return [part.split("</GLENTRY>")[0] for part in xml.split("<GLENTRY>")[1:]]


def test_a_base_currency_entry_sends_no_currency_field(company, master):
    txn = document(company, master, Transaction.Type.JOURNAL_ENTRY, currency="USD")

    _, built = prepared_and_built(context_for(company, "US"), txn)

    assert gl_entries(built.function.to_xml()) == [
        "<ACCOUNTNO>6200</ACCOUNTNO><TR_TYPE>1</TR_TYPE><TRX_AMOUNT>500.00</TRX_AMOUNT>",
        "<ACCOUNTNO>1000</ACCOUNTNO><TR_TYPE>-1</TR_TYPE><TRX_AMOUNT>500.00</TRX_AMOUNT>",
    ]
    assert (built.currency, built.exchange_rate_type, built.exchange_rate, built.exchange_rate_date) == (
        "",
        "",
        None,
        None,
    )


def test_a_euro_entry_on_the_us_entity_carries_currency_on_every_line(company, master):
    txn = document(company, master, Transaction.Type.JOURNAL_ENTRY, currency="EUR")

    prepared, built = prepared_and_built(context_for(company, "US"), txn)

    assert gl_entries(built.function.to_xml()) == [
        f"<ACCOUNTNO>6200</ACCOUNTNO><TR_TYPE>1</TR_TYPE><TRX_AMOUNT>500.00</TRX_AMOUNT>{DAILY}",
        f"<ACCOUNTNO>1000</ACCOUNTNO><TR_TYPE>-1</TR_TYPE><TRX_AMOUNT>500.00</TRX_AMOUNT>{DAILY}",
    ]
    assert (built.currency, built.exchange_rate_type, built.exchange_rate, built.exchange_rate_date) == (
        "EUR",
        "Intacct Daily Rate",
        None,
        DAY,
    )
    assert (prepared.conversion.currency, prepared.conversion.base_currency) == ("EUR", "USD")
    assert built.summary.endswith("entity=US EUR→USD (Intacct Daily Rate)")


def test_an_entered_rate_is_sent_instead_of_a_rate_type(company, master):
    txn = document(
        company,
        master,
        Transaction.Type.JOURNAL_ENTRY,
        currency="EUR",
        exchange_rate=Decimal("1.0800000000"),
        exchange_rate_date=dt.date(2026, 3, 9),
    )

    _, built = prepared_and_built(context_for(company, "US"), txn)

    rate = "<CURRENCY>EUR</CURRENCY><EXCH_RATE_DATE>03/09/2026</EXCH_RATE_DATE><EXCHANGE_RATE>1.08</EXCHANGE_RATE>"
    assert [entry.split("</TRX_AMOUNT>")[1] for entry in gl_entries(built.function.to_xml())] == [rate, rate]
    assert (built.exchange_rate_type, built.exchange_rate, built.exchange_rate_date) == (
        "",
        Decimal("1.08"),
        dt.date(2026, 3, 9),
    )


def test_a_usd_entry_on_the_uk_entity_is_foreign_there(company, master):
    txn = document(
        company, master, Transaction.Type.JOURNAL_ENTRY, currency="USD", exchange_rate_type="Month-end"
    )

    prepared, built = prepared_and_built(context_for(company, "UK"), txn)

    fields = "<CURRENCY>USD</CURRENCY><EXCH_RATE_DATE>03/10/2026</EXCH_RATE_DATE><EXCH_RATE_TYPE_ID>Month-end</EXCH_RATE_TYPE_ID>"
    assert all(entry.endswith(fields) for entry in gl_entries(built.function.to_xml()))
    assert prepared.conversion.base_currency == "GBP"


def test_the_company_default_rate_type_applies_when_the_entry_names_none(company, master):
    txn = document(company, master, Transaction.Type.JOURNAL_ENTRY, currency="CAD")

    _, built = prepared_and_built(
        context_for(company, "US", rate_types={"Month-end", "Spot"}, default_rate_type="Spot"), txn
    )

    assert "<EXCH_RATE_TYPE_ID>Spot</EXCH_RATE_TYPE_ID>" in built.function.to_xml()
    assert built.exchange_rate_type == "Spot"


def test_a_reversal_keeps_the_original_rate_date_so_base_amounts_net_to_zero(company, master):
    txn = document(company, master, Transaction.Type.JOURNAL_ENTRY, currency="EUR")

    context = context_for(company, "US")
    prepared, sent = prepared_and_built(context, txn)
    # A journal entry is reversed from what its confirmed posting sent (the posting ledger's row).
    built = build_journal_reversal(
        context,
        txn,
        f"cid-{txn.pk}-reverse",
        prepared.lines,
        dt.date(2026, 4, 2),
        "",
        currency=sent.currency,
        exchange_rate_type=sent.exchange_rate_type,
        exchange_rate=sent.exchange_rate,
        exchange_rate_date=sent.exchange_rate_date,
    )

    xml = built.function.to_xml()
    assert "<BATCH_DATE>04/02/2026</BATCH_DATE>" in xml
    assert gl_entries(xml) == [
        f"<ACCOUNTNO>6200</ACCOUNTNO><TR_TYPE>-1</TR_TYPE><TRX_AMOUNT>500.00</TRX_AMOUNT>{DAILY}",
        f"<ACCOUNTNO>1000</ACCOUNTNO><TR_TYPE>1</TR_TYPE><TRX_AMOUNT>500.00</TRX_AMOUNT>{DAILY}",
    ]


def test_an_ap_bill_carries_currency_and_base_currency_on_its_header(company, master):
    txn = document(company, master, Transaction.Type.AP_BILL, currency="CAD")

    _, built = prepared_and_built(context_for(company, "US"), txn)

    xml = built.function.to_xml()
    assert (
        "<DESCRIPTION></DESCRIPTION><CURRENCY>CAD</CURRENCY><BASECURR>USD</BASECURR>"
        "<EXCH_RATE_DATE>03/10/2026</EXCH_RATE_DATE><EXCH_RATE_TYPE_ID>Intacct Daily Rate</EXCH_RATE_TYPE_ID>"
        "<APBILLITEMS><APBILLITEM><ACCOUNTNO>5100</ACCOUNTNO><TRX_AMOUNT>500.00</TRX_AMOUNT>"
    ) in xml


def test_an_ar_invoice_uses_the_legacy_currency_elements(company, master):
    txn = document(
        company, master, Transaction.Type.AR_INVOICE, currency="GBP", exchange_rate=Decimal("1.27")
    )

    _, built = prepared_and_built(context_for(company, "US"), txn)

    assert (
        "<invoiceno>INV-000001</invoiceno><basecurr>USD</basecurr><currency>GBP</currency>"
        "<exchratedate><year>2026</year><month>03</month><day>10</day></exchratedate><exchrate>1.27</exchrate>"
        "<invoiceitems>"
    ) in built.function.to_xml()


def test_payments_carry_their_currency(company, master):
    context = context_for(company, "CA")
    invoice = document(company, master, Transaction.Type.AR_INVOICE, currency="USD")
    bill = document(company, master, Transaction.Type.AP_BILL, currency="USD")
    receipt = document(company, master, Transaction.Type.AR_PAYMENT, currency="USD", applies_to=invoice)
    payment = document(company, master, Transaction.Type.AP_PAYMENT, currency="USD", applies_to=bill)

    _, ar = prepared_and_built(context, receipt, key="31")
    _, ap = prepared_and_built(context, payment, key="32")

    assert (
        "<paymentmethod>EFT</paymentmethod><basecurr>CAD</basecurr><currency>USD</currency>"
        "<exchratedate><year>2026</year><month>03</month><day>10</day></exchratedate>"
        "<exchratetype>Intacct Daily Rate</exchratetype><arpaymentitem><invoicekey>31</invoicekey>"
    ) in ar.function.to_xml()
    assert (
        "<PAYMENTDATE>03/10/2026</PAYMENTDATE><CURRENCY>USD</CURRENCY><EXCH_RATE_DATE>03/10/2026</EXCH_RATE_DATE>"
        "<EXCH_RATE_TYPE_ID>Intacct Daily Rate</EXCH_RATE_TYPE_ID><APPYMTDETAILS>"
    ) in ap.function.to_xml()


# --- pre-validation ---------------------------------------------------------------------------


def problems_of(context, txn, action: str = CREATE) -> list[str]:
    return prepare(context, txn, action).problems


def test_an_unknown_currency_blocks_with_what_to_do(company, master):
    txn = document(company, master, Transaction.Type.JOURNAL_ENTRY)
    Transaction.objects.filter(pk=txn.pk).update(currency="XEU")  # imported before codes were checked
    txn.refresh_from_db()

    assert problems_of(context_for(company, "US"), txn) == [
        "The transaction's currency: XEU is not an ISO 4217 currency code. Use the three-letter code of the "
        "currency the amounts are in, such as USD, CAD, GBP or EUR. Change the currency on the transaction in "
        "Financial."
    ]


def test_a_currency_intacct_has_no_rate_of_is_not_set_up_there(company, master):
    table = {("Intacct Daily Rate", "EUR", "USD"): [(dt.date(2026, 1, 1), Decimal("1.08"))]}
    txn = document(company, master, Transaction.Type.JOURNAL_ENTRY, currency="CHF")

    assert problems_of(context_for(company, "US", rates=table, currencies={"EUR", "USD"}), txn) == [
        "Currency CHF is not set up in Intacct: its exchange-rate table has no CHF rate at all. Enable CHF as a "
        "transaction currency in Intacct (Company > Setup > Configure multi-currency) with its rates and refresh "
        "reference data in Settings > Sage Intacct, or enter the transaction in another currency."
    ]


def test_the_top_level_of_a_multi_base_company_needs_every_line_in_an_entity(company, master):
    m = master
    txn = journal(
        company,
        [
            line(m.accounts["6200"], debit="5", branch=m.branches["US-NY"]),
            line(m.accounts["1000"], credit="5"),
        ],
    )

    assert problems_of(context_for(company, ""), txn) == [
        "This transaction posts to the top level of an Intacct company whose entities have different base "
        "currencies (CA: CAD, UK: GBP, US: USD), and line 2 is in no entity, so Intacct cannot tell whose books it "
        "goes to. Give every line a branch that maps to a location of an entity, or post it to an entity: add an "
        "entity-mapping rule or set a default entity in Settings > Sage Intacct > Entity mapping."
    ]


def test_the_top_level_of_a_multi_base_company_takes_no_foreign_amount(company, master):
    m = master
    txn = journal(
        company,
        [
            line(m.accounts["6200"], debit="5", branch=m.branches["UK-LDN"]),
            line(m.accounts["1000"], credit="5", branch=m.branches["UK-LDN"]),
        ],
        currency="EUR",
    )

    assert problems_of(context_for(company, ""), txn) == [
        "This transaction is in EUR and posts to the top level of an Intacct company whose entities have different "
        "base currencies (CA: CAD, UK: GBP, US: USD); there Intacct books amounts only in the company's base "
        "currency, USD. Enter it in USD, or post it to an entity: add an entity-mapping rule or set a default "
        "entity in Settings > Sage Intacct > Entity mapping."
    ]


def test_the_top_level_takes_an_inter_entity_entry_in_the_company_currency(company, master):
    m = master
    txn = journal(
        company,
        [
            line(m.accounts["6200"], debit="5", branch=m.branches["CA-ON"]),
            line(m.accounts["1000"], credit="5", branch=m.branches["US-NY"]),
        ],
        currency="USD",
    )

    prepared, built = prepared_and_built(context_for(company, ""), txn)

    assert (prepared.conversion.base_currency, prepared.conversion.is_foreign) == ("USD", False)
    assert "<CURRENCY>" not in built.function.to_xml()


def test_the_top_level_of_a_single_base_currency_company_posts_foreign_entries(company, master):
    txn = document(company, master, Transaction.Type.JOURNAL_ENTRY, currency="EUR")
    context = context_for(company, "", entity_currencies={"US": "USD", "CA": "USD", "UK": "USD"})

    prepared = prepare(context, txn, CREATE)

    assert prepared.problems == []
    assert (prepared.conversion.base_currency, prepared.conversion.is_foreign) == ("USD", True)


def test_a_currency_the_entity_does_not_allow_blocks(company, master):
    txn = document(company, master, Transaction.Type.JOURNAL_ENTRY, currency="EUR")
    context = context_for(company, "CA", entity_allowed_currencies={"CA": ("CAD", "USD")})

    assert problems_of(context, txn) == [
        "Entity CA (base currency CAD) does not allow transactions in EUR (it allows CAD, USD). Enter the "
        "transaction in an allowed currency, post it to another entity through the entity-mapping rules in "
        "Settings > Sage Intacct, or allow EUR for the entity in Intacct and refresh reference data."
    ]


def test_an_unknown_rate_type_blocks(company, master):
    txn = document(
        company, master, Transaction.Type.JOURNAL_ENTRY, currency="EUR", exchange_rate_type="Month end"
    )

    assert problems_of(context_for(company, "US", rate_types={"Month-end", "Budget"}), txn) == [
        "Rate type 'Month end' does not exist in Intacct (rate types found: Budget, Month-end). Correct the rate "
        "type on the transaction, or create it in Intacct (Company > Setup > Multi-currency > Exchange rate "
        "types) and refresh reference data in Settings > Sage Intacct."
    ]


def test_no_rate_for_the_date_blocks_and_a_rate_in_force_is_known(company, master):
    table = {("Month-end", "EUR", "USD"): [(dt.date(2026, 3, 1), Decimal("1.0850"))]}
    context = context_for(company, "US", rate_types={"Month-end"}, rates=table)
    early = document(
        company,
        master,
        Transaction.Type.JOURNAL_ENTRY,
        currency="EUR",
        exchange_rate_type="Month-end",
        on=dt.date(2026, 2, 27),
    )
    later = document(
        company, master, Transaction.Type.JOURNAL_ENTRY, currency="EUR", exchange_rate_type="Month-end"
    )

    assert problems_of(context, early) == [
        "Intacct has no Month-end rate from EUR to USD on or before 02/27/2026, so it cannot convert this "
        "transaction to entity US's base currency. Add the rate in Intacct (Company > Setup > Multi-currency > "
        "Exchange rates) and refresh reference data, enter an exchange rate on the transaction, or choose another "
        "rate type."
    ]
    conversion = prepare(context, later, CREATE).conversion
    assert (conversion.known_rate, conversion.base_amount(Decimal("500.00"))) == (
        Decimal("1.0850"),
        Decimal("542.50"),
    )


def test_a_reciprocal_rate_is_used_when_only_the_other_direction_is_cached(company, master):
    table = {("Month-end", "USD", "EUR"): [(dt.date(2026, 3, 1), Decimal("0.8"))]}
    txn = document(
        company, master, Transaction.Type.JOURNAL_ENTRY, currency="EUR", exchange_rate_type="Month-end"
    )

    conversion = prepare(
        context_for(company, "US", rate_types={"Month-end"}, rates=table), txn, CREATE
    ).conversion

    assert conversion.known_rate == Decimal("1.2500000000")


def test_the_daily_rate_is_never_refused_for_want_of_a_cached_table(company, master):
    table = {("Month-end", "EUR", "USD"): [(dt.date(2026, 3, 1), Decimal("1.0850"))]}
    txn = document(company, master, Transaction.Type.JOURNAL_ENTRY, currency="GBP")

    prepared = prepare(context_for(company, "US", rate_types={"Month-end"}, rates=table), txn, CREATE)

    assert prepared.problems == []
    assert (prepared.conversion.rate_type, prepared.conversion.known_rate) == ("Intacct Daily Rate", None)


def test_a_payment_in_another_currency_than_its_invoice_blocks(company, master):
    invoice = document(company, master, Transaction.Type.AR_INVOICE, currency="USD")
    receipt = document(company, master, Transaction.Type.AR_PAYMENT, currency="EUR", applies_to=invoice)

    assert problems_of(context_for(company, "US"), receipt) == [
        f"{receipt} is in EUR but pays {invoice}, which is in USD; Intacct applies a payment only in its "
        "document's currency. Enter the payment in USD."
    ]


def test_editing_the_currency_changes_what_is_sent(company, master):
    txn = document(company, master, Transaction.Type.JOURNAL_ENTRY, currency="USD")
    data = transaction_input_from(txn)
    data.currency = "GBP"
    txn = update_transaction(txn, actor=None, data=data)

    _, built = prepared_and_built(context_for(company, "US"), txn, SyncAction.UPDATE, key="5")

    assert "<CURRENCY>GBP</CURRENCY>" in built.function.to_xml()
    assert built.currency == "GBP"
