"""Intacct errors → plain language: what happened, why, what to do, and whether to retry.

One table (errors as data, ARCHITECTURE.md §8): the engine looks an error up here instead of
branching on messages. Entries match on Intacct's ``errorno`` or on a pattern over its texts, in
order; the first match wins. ``{…}`` placeholders are filled from the pattern's named groups, so a
message can name the account or value instead of quoting Intacct's internal wording.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from intacct import ErrorDetail


@dataclass(frozen=True)
class CatalogueEntry:
    code: str
    title: str
    cause: str
    fix: str
    retryable: bool = False
    errornos: frozenset[str] = field(default_factory=frozenset)
    pattern: re.Pattern[str] | None = None


@dataclass(frozen=True)
class Explanation:
    code: str
    title: str
    cause: str
    fix: str
    retryable: bool
    errorno: str
    detail: str

    @property
    def message(self) -> str:
        return f"{self.title}: {self.cause} {self.fix}".strip()

    def fingerprint(self, extra: str = "") -> str:
        """Same problem → same row in the error list, whatever record hit it."""
        basis = f"{self.code}|{self.title}|{self.cause}|{extra}"
        return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:40]


def _p(text: str) -> re.Pattern[str]:
    return re.compile(text, re.IGNORECASE | re.DOTALL)


CATALOGUE: tuple[CatalogueEntry, ...] = (
    CatalogueEntry(
        "rate_limited",
        "Intacct is busy (rate limit)",
        "Intacct refused the request because too many requests were running for this company.",
        "Nothing to do: the sync retries automatically with a pause. If it keeps happening, lower the "
        "concurrency in the sync settings or ask Sage about a higher performance tier.",
        retryable=True,
        errornos=frozenset({"GW-0010"}),
        pattern=_p(r"rate limit"),
    ),
    CatalogueEntry(
        "offline",
        "Intacct is temporarily unavailable",
        "Intacct answered that the service is off-line or could not be reached.",
        "Nothing to do: the sync retries automatically.",
        retryable=True,
        pattern=_p(r"temporarily off-?line|HTTP 50[234]|connection|timed out"),
    ),
    CatalogueEntry(
        "closed_period",
        "The accounting period is closed in Intacct",
        "The transaction date ({date}) falls in a period that is closed in Intacct.",
        "Reopen the period in Intacct, change the transaction date, or set the closed-period policy to "
        "'Post to the first open period' in Settings > Sage Intacct.",
        errornos=frozenset({"EMU-PERIODCLOSED"}),
        pattern=_p(r"periods? (are|is) closed.*?\((?P<date>[0-9/]+)\)|periods? (are|is) closed"),
    ),
    CatalogueEntry(
        "missing_dimension",
        "A required dimension is missing",
        "Intacct account {account} requires a {dimension} on every line.",
        "Set a {dimension} on the line in TRUE, or map the TRUE attribute that should supply it in "
        "Settings > Sage Intacct > Dimension mapping.",
        pattern=_p(r"account (?P<account>\S+) requires an? (?P<dimension>[\w ]+?)[.,]"),
    ),
    CatalogueEntry(
        "private_value",
        "A value belongs to another entity",
        "{label} '{value}' is private to Intacct entity {owner} and cannot be used where this record posts.",
        "Use a shared value or one of the same entity, or change the entity-mapping rules so that this "
        "record posts to entity {owner}.",
        errornos=frozenset({"EMU-PRIVATE", "BL03002073"}),
        pattern=_p(r"(?P<label>[\w ]+?) '(?P<value>[^']*)' is private to entity (?P<owner>\S+)"),
    ),
    CatalogueEntry(
        "invalid_account",
        "The GL account cannot be used",
        "Intacct says account {account} {reason}.",
        "Map the TRUE account to an active Intacct account in Settings > Sage Intacct > Account mapping, "
        "or reactivate it in Intacct.",
        errornos=frozenset({"EMU-ACCOUNT"}),
        pattern=_p(r"account (?P<account>\S+) (?P<reason>is not a valid account|is inactive)"),
    ),
    CatalogueEntry(
        "invalid_value",
        "A dimension value does not exist in Intacct",
        "Intacct does not know {label} '{value}' (or it is inactive).",
        "Create or reactivate it in Intacct and refresh reference data, or map the TRUE value to an "
        "existing Intacct value in Settings > Sage Intacct > Dimension mapping.",
        errornos=frozenset({"EMU-REFERENCE"}),
        pattern=_p(r"invalid (?P<label>[\w ]+?) '(?P<value>[^']*)' specified"),
    ),
    CatalogueEntry(
        "unbalanced",
        "The entry does not balance",
        "Debits and credits differ (or differ within one entity) and Intacct refuses unbalanced entries.",
        "Correct the amounts in TRUE, or enable inter-entity transactions in Intacct.",
        errornos=frozenset({"EMU-UNBALANCED"}),
        pattern=_p(r"not balanced"),
    ),
    CatalogueEntry(
        "permission",
        "The Intacct user lacks a permission",
        "The Web Services user may not perform this operation in Intacct.",
        "In Intacct, give the Web Services user (Company Preferences > Integrations > API Keys) a role "
        "that allows creating these records.",
        errornos=frozenset({"PL04000005"}),
        pattern=_p(r"do not have permission|not authorized to execute"),
    ),
    CatalogueEntry(
        "credentials",
        "Intacct rejected the credentials",
        "Sign-in to Intacct failed, so nothing was sent.",
        "Re-enter the Company ID, User ID and password in Company Preferences > Integrations > API Keys.",
        pattern=_p(r"sign-in information is incorrect|not authorized to make web services"),
    ),
    CatalogueEntry(
        "duplicate",
        "The record already exists in Intacct",
        "Intacct already has a record with the same identifier ({value}).",
        "Mark the transaction as synced if it is the same record, or change its number in TRUE.",
        errornos=frozenset({"BL34000061"}),
        pattern=_p(r"given value\(s\) (?P<value>.+?) +already exists"),
    ),
    CatalogueEntry(
        "currency_not_enabled",
        "Currency {code} is not enabled in Intacct",
        "Intacct accepts transactions only in the company's transaction currencies, and {code} is not one of "
        "them.",
        "Enable {code} in Intacct (Company > Setup > Configure multi-currency) or enter the transaction in an "
        "enabled currency in TRUE, then retry.",
        pattern=_p(r"currency (?P<code>[A-Z]{3}) is not enabled"),
    ),
    CatalogueEntry(
        "unknown_currency",
        "Intacct does not know currency {code}",
        "The transaction's currency {code} is not a currency code Intacct supports.",
        "Change the currency of the transaction in TRUE to a supported ISO 4217 code, then retry.",
        pattern=_p(r"currency '(?P<code>[^']*)' is not a valid currency code"),
    ),
    CatalogueEntry(
        "no_exchange_rate",
        "Intacct has no exchange rate for this transaction",
        "Intacct has no {rate_type} rate from {source} to {target} for {date}.",
        "Add the rate in Intacct (Company > Setup > Multi-currency > Exchange rates) and refresh reference data, "
        "enter an exchange rate on the transaction, or choose another rate type; then retry.",
        errornos=frozenset({"EMU-EXCHRATE"}),
        pattern=_p(
            r"no (?P<rate_type>.+?) exchange rate from (?P<source>[A-Z]{3}) to (?P<target>[A-Z]{3}) "
            r"is available for (?P<date>[0-9/]+)"
        ),
    ),
    CatalogueEntry(
        "top_level_currency",
        "Intacct needs an entity for this posting",
        "The company's entities keep their books in different base currencies; at the top level Intacct takes "
        "only amounts in the company's base currency, on lines that each belong to an entity.",
        "Post it to an entity through the entity-mapping rules in Settings > Sage Intacct, or give each line a "
        "branch in an entity; then retry.",
        errornos=frozenset({"EMU-TOPLEVEL"}),
        pattern=_p(r"entities use different base currencies"),
    ),
    CatalogueEntry(
        "missing_field",
        "A required field is missing",
        "Intacct says: {what} is missing.",
        "Fill it in on the transaction in TRUE and sync again.",
        errornos=frozenset({"PL01000127"}),
        pattern=_p(r"(?P<what>[\w ]+?) is missing"),
    ),
)

GENERIC = CatalogueEntry(
    "refused",
    "Intacct refused the record",
    "Intacct returned an error that TRUE does not recognise: {detail}",
    "Check the transaction against the message; contact support with the Support ID if it is unclear.",
)


class _Defaults(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"


def explain(errors: Sequence[ErrorDetail], fallback: str = "") -> Explanation:
    """The first catalogue entry matching any of the errors (wrappers like BL01001973 skipped)."""
    details = [e for e in errors if e.errorno != "BL01001973" or len(errors) == 1]
    detail_text = " ".join(str(e) for e in details) or fallback
    for entry in CATALOGUE:
        for error in details or [ErrorDetail(description=fallback)]:
            text = f"{error.text} {error.errorno}"
            match = entry.pattern.search(text) if entry.pattern is not None else None
            if error.errorno in entry.errornos or match:
                groups = _Defaults({k: v for k, v in (match.groupdict() if match else {}).items() if v})
                groups.setdefault("detail", detail_text)
                return Explanation(
                    entry.code,
                    entry.title.format_map(groups),
                    entry.cause.format_map(groups),
                    entry.fix.format_map(groups),
                    entry.retryable,
                    error.errorno,
                    detail_text,
                )
    groups = _Defaults({"detail": detail_text})
    return Explanation(
        GENERIC.code,
        GENERIC.title,
        GENERIC.cause.format_map(groups),
        GENERIC.fix,
        False,
        details[0].errorno if details else "",
        detail_text,
    )


def explain_text(text: str, *, retryable: bool = False) -> Explanation:
    explanation = explain([], fallback=text)
    if retryable and not explanation.retryable:
        return Explanation(
            "transient",
            "Temporary problem talking to Intacct",
            text,
            "Nothing to do: the sync retries automatically.",
            True,
            "",
            text,
        )
    return explanation
