"""Currencies of financial transactions: ISO 4217 codes, exchange rates and their checks.

A transaction's lines are in its own currency (the *transaction currency*). Where that differs from
the currency of the books it lands in (the *base currency*), the amounts are converted either at an
exchange rate entered on the transaction or at the rate a *rate type* gives for the rate date
(an accounting system's rate table, e.g. Sage Intacct's "Intacct Daily Rate"). A rate is always
"1 unit of the transaction currency = rate units of the base currency".

The checks here are shared by the transaction form and the transaction service, so a bookkeeper
sees the same sentence whether the input came from a page or from an import.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from trueerp.core.models import Company
from trueerp.financial.models import Branch, Job, Transaction

# Rates are kept to 10 decimal places (the precision of Sage Intacct's rate tables); more would be
# silently rounded somewhere between TRUE and the ledger.
RATE_DECIMAL_PLACES = 10
RATE_MAX_DIGITS = 20
RATE_TYPE_MAX_LENGTH = 40
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Currency:
    code: str
    name: str
    minor_units: int

    @property
    def label(self) -> str:
        return f"{self.code} — {self.name}"


# Active ISO 4217 currencies (funds, precious metals and testing codes left out: nobody books in
# them). Code, minor units, English name.
_ISO_4217 = """
AED 2 UAE dirham|AFN 2 Afghan afghani|ALL 2 Albanian lek|AMD 2 Armenian dram|AOA 2 Angolan kwanza
ARS 2 Argentine peso|AUD 2 Australian dollar|AWG 2 Aruban florin|AZN 2 Azerbaijani manat
BAM 2 Bosnia and Herzegovina convertible mark|BBD 2 Barbados dollar|BDT 2 Bangladeshi taka
BGN 2 Bulgarian lev|BHD 3 Bahraini dinar|BIF 0 Burundian franc|BMD 2 Bermudian dollar|BND 2 Brunei dollar
BOB 2 Boliviano|BRL 2 Brazilian real|BSD 2 Bahamian dollar|BTN 2 Bhutanese ngultrum|BWP 2 Botswana pula
BYN 2 Belarusian ruble|BZD 2 Belize dollar|CAD 2 Canadian dollar|CDF 2 Congolese franc|CHF 2 Swiss franc
CLP 0 Chilean peso|CNY 2 Renminbi|COP 2 Colombian peso|CRC 2 Costa Rican colon|CUP 2 Cuban peso
CVE 2 Cape Verdean escudo|CZK 2 Czech koruna|DJF 0 Djiboutian franc|DKK 2 Danish krone
DOP 2 Dominican peso|DZD 2 Algerian dinar|EGP 2 Egyptian pound|ERN 2 Eritrean nakfa|ETB 2 Ethiopian birr
EUR 2 Euro|FJD 2 Fiji dollar|FKP 2 Falkland Islands pound|GBP 2 Pound sterling|GEL 2 Georgian lari
GHS 2 Ghanaian cedi|GIP 2 Gibraltar pound|GMD 2 Gambian dalasi|GNF 0 Guinean franc|GTQ 2 Guatemalan quetzal
GYD 2 Guyanese dollar|HKD 2 Hong Kong dollar|HNL 2 Honduran lempira|HTG 2 Haitian gourde
HUF 2 Hungarian forint|IDR 2 Indonesian rupiah|ILS 2 Israeli new shekel|INR 2 Indian rupee
IQD 3 Iraqi dinar|IRR 2 Iranian rial|ISK 0 Icelandic krona|JMD 2 Jamaican dollar|JOD 3 Jordanian dinar
JPY 0 Japanese yen|KES 2 Kenyan shilling|KGS 2 Kyrgyzstani som|KHR 2 Cambodian riel|KMF 0 Comoro franc
KPW 2 North Korean won|KRW 0 South Korean won|KWD 3 Kuwaiti dinar|KYD 2 Cayman Islands dollar
KZT 2 Kazakhstani tenge|LAK 2 Lao kip|LBP 2 Lebanese pound|LKR 2 Sri Lankan rupee|LRD 2 Liberian dollar
LSL 2 Lesotho loti|LYD 3 Libyan dinar|MAD 2 Moroccan dirham|MDL 2 Moldovan leu|MGA 2 Malagasy ariary
MKD 2 Macedonian denar|MMK 2 Myanmar kyat|MNT 2 Mongolian togrog|MOP 2 Macanese pataca
MRU 2 Mauritanian ouguiya|MUR 2 Mauritian rupee|MVR 2 Maldivian rufiyaa|MWK 2 Malawian kwacha
MXN 2 Mexican peso|MYR 2 Malaysian ringgit|MZN 2 Mozambican metical|NAD 2 Namibian dollar
NGN 2 Nigerian naira|NIO 2 Nicaraguan cordoba|NOK 2 Norwegian krone|NPR 2 Nepalese rupee
NZD 2 New Zealand dollar|OMR 3 Omani rial|PAB 2 Panamanian balboa|PEN 2 Peruvian sol
PGK 2 Papua New Guinean kina|PHP 2 Philippine peso|PKR 2 Pakistani rupee|PLN 2 Polish zloty
PYG 0 Paraguayan guarani|QAR 2 Qatari riyal|RON 2 Romanian leu|RSD 2 Serbian dinar|RUB 2 Russian ruble
RWF 0 Rwandan franc|SAR 2 Saudi riyal|SBD 2 Solomon Islands dollar|SCR 2 Seychelles rupee
SDG 2 Sudanese pound|SEK 2 Swedish krona|SGD 2 Singapore dollar|SHP 2 Saint Helena pound
SLE 2 Sierra Leonean leone|SOS 2 Somali shilling|SRD 2 Surinamese dollar|SSP 2 South Sudanese pound
STN 2 Sao Tome and Principe dobra|SVC 2 Salvadoran colon|SYP 2 Syrian pound|SZL 2 Swazi lilangeni
THB 2 Thai baht|TJS 2 Tajikistani somoni|TMT 2 Turkmenistan manat|TND 3 Tunisian dinar
TOP 2 Tongan paanga|TRY 2 Turkish lira|TTD 2 Trinidad and Tobago dollar|TWD 2 New Taiwan dollar
TZS 2 Tanzanian shilling|UAH 2 Ukrainian hryvnia|UGX 0 Ugandan shilling|USD 2 US dollar
UYU 2 Uruguayan peso|UZS 2 Uzbekistani sum|VES 2 Venezuelan bolivar|VND 0 Vietnamese dong
VUV 0 Vanuatu vatu|WST 2 Samoan tala|XAF 0 Central African CFA franc|XCD 2 East Caribbean dollar
XCG 2 Caribbean guilder|XOF 0 West African CFA franc|XPF 0 CFP franc|YER 2 Yemeni rial
ZAR 2 South African rand|ZMW 2 Zambian kwacha|ZWG 2 Zimbabwe gold
"""


def _parse(table: str) -> dict[str, Currency]:
    out: dict[str, Currency] = {}
    for entry in table.replace("\n", "|").split("|"):
        if entry.strip():
            code, units, name = entry.strip().split(" ", 2)
            out[code] = Currency(code, name, int(units))
    return out


CURRENCIES: dict[str, Currency] = _parse(_ISO_4217)
# Offered first in pickers: the currencies a US/Canada/UK firm meets most.
COMMON_CODES = ("USD", "CAD", "GBP", "EUR", "AUD", "CHF", "JPY", "MXN")


def normalize_code(text: str | None) -> str:
    return (text or "").strip().upper()


def currency_choices() -> list[Currency]:
    """Common currencies first, then every other ISO 4217 currency by code."""
    common = [CURRENCIES[code] for code in COMMON_CODES]
    return common + [c for code, c in sorted(CURRENCIES.items()) if code not in COMMON_CODES]


def currency_problem(code: str) -> str | None:
    """Why ``code`` is not a currency TRUE can book in, or None."""
    if not code:
        return "Enter a currency: a three-letter ISO 4217 code such as USD, CAD, GBP or EUR."
    if code not in CURRENCIES:
        return (
            f"{code} is not an ISO 4217 currency code. Use the three-letter code of the currency the "
            "amounts are in, such as USD, CAD, GBP or EUR."
        )
    return None


def decimal_places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


RATE_AND_TYPE = (
    "Enter either an exchange rate or a rate type, not both: with a rate type the rate is looked up on "
    "the rate date; an entered rate is used as it is."
)


def format_rate(rate: Decimal) -> str:
    """A rate as people write it: 1.08, not 1.0800000000 or 1.08E+0."""
    return format(rate.normalize(), "f")


def rate_problems(rate: Decimal | None, rate_type: str) -> list[str]:
    """Problems of an entered exchange rate / rate type pair (both may be empty)."""
    problems: list[str] = []
    if rate is not None and rate_type:
        problems.append(RATE_AND_TYPE)
    if rate is not None:
        if not rate.is_finite() or rate <= 0:
            problems.append(
                f"The exchange rate must be greater than zero (it is {rate}): it says how much one unit "
                "of the transaction currency is worth in the base currency, e.g. 1.08."
            )
        elif (places := decimal_places(rate)) > RATE_DECIMAL_PLACES:
            problems.append(
                f"The exchange rate {rate} has {places} decimal places; at most {RATE_DECIMAL_PLACES} "
                f"are kept. Round it to {RATE_DECIMAL_PLACES} decimal places."
            )
        elif rate.adjusted() >= RATE_MAX_DIGITS - RATE_DECIMAL_PLACES:
            problems.append(f"The exchange rate {rate} is too large; check the rate and its direction.")
    if len(rate_type) > RATE_TYPE_MAX_LENGTH:
        problems.append(f"A rate type name has at most {RATE_TYPE_MAX_LENGTH} characters.")
    return problems


def amount_problem(code: str, amount: Decimal) -> str | None:
    """An amount with more decimals than its currency has (e.g. yen cents)."""
    currency = CURRENCIES.get(code)
    if currency is None or decimal_places(amount) <= currency.minor_units:
        return None
    if currency.minor_units == 0:
        return f"{code} has no minor unit: enter {amount} as a whole number of {currency.name}."
    return f"{code} amounts have at most {currency.minor_units} decimal places; {amount} has more."


def home_currency(company: Company, branch: Branch | None, job: Job | None = None) -> str:
    """The currency a transaction is in unless it says otherwise: its branch's (or its job's
    branch's), else the company's base currency."""
    if branch is None and job is not None:
        branch = job.branch
    if branch is not None and branch.currency:
        return branch.currency
    return company.base_currency


def convert(amount: Decimal, rate: Decimal) -> Decimal:
    """A transaction amount in the base currency, to the cent (half up, as ledgers round)."""
    return (amount * rate).quantize(CENT, rounding=ROUND_HALF_UP)


def effective_rate_date(rate_date: dt.date | None, transaction_date: dt.date) -> dt.date:
    return rate_date or transaction_date


@dataclass(frozen=True)
class CurrencySummary:
    """What a page says about a transaction's currency: its own, the branch's, and the rate."""

    currency: str
    home_currency: str
    rate: Decimal | None
    rate_type: str
    rate_date: dt.date
    base_total: Decimal | None

    @property
    def is_foreign(self) -> bool:
        return self.currency != self.home_currency

    @property
    def rate_text(self) -> str:
        if self.rate is not None:
            return f"1 {self.currency} = {format_rate(self.rate)} {self.home_currency} (entered)"
        kind = self.rate_type or "the default rate type"
        day = self.rate_date
        return f"{kind} on {day:%b} {day.day}, {day.year}"


def summary_for(txn: Transaction) -> CurrencySummary:
    home = home_currency(txn.company, txn.branch, txn.job)
    rate = txn.exchange_rate
    base_total = convert(txn.total, rate) if rate is not None and txn.currency != home else None
    return CurrencySummary(txn.currency, home, rate, txn.exchange_rate_type, txn.rate_date, base_total)
