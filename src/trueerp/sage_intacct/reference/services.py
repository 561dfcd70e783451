"""Reference data: pull entities, accounts, journals, periods, dimension values and the exchange-rate
table (rate types and effective-dated rates) into the cache.

The first pull of an object is full; later pulls ask only for records with WHENMODIFIED at or after
the newest one seen (the watermark). A full pull marks values that Intacct no longer returns as
inactive; nothing is ever deleted, so history keeps its meaning. Queries run at the top level with
``showprivate`` so that entity-private values are cached with their owner entity.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.db import transaction as db_transaction
from django.utils import timezone

from intacct import IntacctClient, IntacctError, as_list
from intacct.functions import GetDimensions
from intacct.query import Query, greater_than_or_equal_to
from trueerp.core.models import Company
from trueerp.sage_intacct.connection.clients import client_for_company
from trueerp.sage_intacct.reference.models import (
    IntacctAccount,
    IntacctDimensionValue,
    IntacctEntity,
    IntacctExchangeRate,
    IntacctExchangeRateType,
    IntacctJournal,
    IntacctPeriod,
    ReferenceWatermark,
)
from trueerp.sage_intacct.reference.signals import sync_inputs_changed

logger = logging.getLogger(__name__)

REQUIRE_FLAGS = {
    "REQUIREDEPT": "DEPARTMENT",
    "REQUIRELOC": "LOCATION",
    "REQUIREPROJECT": "PROJECT",
    "REQUIRECUSTOMER": "CUSTOMER",
    "REQUIREVENDOR": "VENDOR",
    "REQUIREEMPLOYEE": "EMPLOYEE",
    "REQUIREITEM": "ITEM",
    "REQUIRECLASS": "CLASS",
}
# dimension object → (id field, name field, parent field)
DIMENSIONS: dict[str, tuple[str, str, str]] = {
    "DEPARTMENT": ("DEPARTMENTID", "TITLE", "PARENTID"),
    "LOCATION": ("LOCATIONID", "NAME", "PARENTID"),
    "PROJECT": ("PROJECTID", "NAME", "PARENTID"),
    "TASK": ("TASKID", "NAME", "PROJECTID"),
    "CLASS": ("CLASSID", "NAME", "PARENTID"),
    "CUSTOMER": ("CUSTOMERID", "NAME", ""),
    "VENDOR": ("VENDORID", "NAME", ""),
    "EMPLOYEE": ("EMPLOYEEID", "TITLE", ""),
    "ITEM": ("ITEMID", "NAME", ""),
}
COMMON = ["RECORDNO", "STATUS", "WHENMODIFIED", "MEGAENTITYID"]
# The rate table is read whole every time: entries have no modification stamp of their own, and a
# rate that disappeared must stop converting.
ALWAYS_FULL = frozenset({"EXCHANGERATETYPES", "EXCHANGERATE", "EXCHANGERATEENTRY"})
_TS_FORMAT = "%m/%d/%Y %H:%M:%S"


@dataclass
class RefreshReport:
    objects: dict[str, int] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.objects.values())


def _text(record: dict[str, Any], name: str) -> str:
    value = record.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def _active(record: dict[str, Any]) -> bool:
    return _text(record, "STATUS").lower() not in ("inactive", "false", "closed")


def _parse_ts(value: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(value, _TS_FORMAT)
    except ValueError:
        return None


def _parse_date(value: str) -> dt.date | None:
    for pattern in ("%m/%d/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def _pull(
    client: IntacctClient, company: Company, obj: str, fields: list[str], full: bool
) -> tuple[list[dict[str, Any]], ReferenceWatermark]:
    mark, _ = ReferenceWatermark.objects.get_or_create(company=company, object_name=obj)
    since = None if full else _parse_ts(mark.last_modified)
    query = Query(
        obj,
        fields,
        filter=greater_than_or_equal_to("WHENMODIFIED", since) if since else None,
        show_private=True,
        page_size=2000,
    )
    records = list(client.iter_records(query))
    newest = max((_parse_ts(_text(r, "WHENMODIFIED")) or dt.datetime.min for r in records), default=None)
    current = _parse_ts(mark.last_modified)
    if newest is not None and newest != dt.datetime.min and (current is None or newest > current):
        mark.last_modified = newest.strftime(_TS_FORMAT)
    now = timezone.now()
    mark.last_refresh_at = now
    if full or since is None:
        mark.last_full_at = now
    mark.records_seen = len(records)
    mark.last_error = ""
    return records, mark


def _upsert(
    model: type[models.Model],
    company: Company,
    key_field: str,
    rows: dict[str, dict[str, Any]],
    full: bool,
    scope: dict[str, Any] | None = None,
) -> None:
    """Insert new rows, update changed ones; a full pull marks unseen rows inactive."""
    scope = scope or {}
    manager = model._default_manager
    existing = {getattr(o, key_field): o for o in manager.filter(company=company, **scope)}
    created, updated = [], []
    update_fields: set[str] = set()
    for key, values in rows.items():
        obj = existing.get(key)
        if obj is None:
            created.append(model(company=company, **scope, **{key_field: key}, **values))
            continue
        changed = {name: value for name, value in values.items() if getattr(obj, name) != value}
        if changed:
            for name, value in changed.items():
                setattr(obj, name, value)
            update_fields.update(changed)
            updated.append(obj)
    if full and "active" in {f.name for f in model._meta.fields}:
        for key, obj in existing.items():
            if key not in rows and getattr(obj, "active", False):
                obj.active = False  # type: ignore[attr-defined]
                update_fields.add("active")
                updated.append(obj)
    if created:
        manager.bulk_create(created, batch_size=500)
    if updated:
        manager.bulk_update(updated, sorted(update_fields), batch_size=500)


def _entities(records: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {
        _text(r, "LOCATIONID"): {
            "name": _text(r, "NAME"),
            "currency": _text(r, "CURRENCY"),
            "active": _active(r),
        }
        for r in records
        if _text(r, "LOCATIONID")
    }


def _accounts(records: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {
        _text(r, "ACCOUNTNO"): {
            "title": _text(r, "TITLE"),
            "account_type": _text(r, "ACCOUNTTYPE"),
            "required_dimensions": [
                kind for flag, kind in REQUIRE_FLAGS.items() if _text(r, flag).lower() == "true"
            ],
            "owner_entity": _text(r, "MEGAENTITYID"),
            "active": _active(r),
        }
        for r in records
        if _text(r, "ACCOUNTNO")
    }


def _journals(records: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {
        _text(r, "SYMBOL"): {"title": _text(r, "TITLE"), "active": _active(r)}
        for r in records
        if _text(r, "SYMBOL")
    }


def _periods(records: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for r in records:
        start, end = _parse_date(_text(r, "START_DATE")), _parse_date(_text(r, "END_DATE"))
        if not _text(r, "NAME") or start is None or end is None:
            continue
        closed = _text(r, "CLOSED").lower() == "true" or _text(r, "STATUS").lower() == "closed"
        rows[_text(r, "NAME")] = {"start_date": start, "end_date": end, "closed": closed}
    return rows


def _dimension_rows(
    records: Iterable[dict[str, Any]], id_f: str, name_f: str, parent_f: str
) -> dict[str, dict[str, Any]]:
    return {
        _text(r, id_f): {
            "name": _text(r, name_f),
            "owner_entity": _text(r, "MEGAENTITYID"),
            "parent_id": _text(r, parent_f) if parent_f else "",
            "active": _active(r),
        }
        for r in records
        if _text(r, id_f)
    }


def _rate_types(records: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {
        _text(r, "NAME"): {
            "type_id": _text(r, "ID"),
            "is_default": _text(r, "ISDEFAULT").lower() == "true",
            "active": True,
        }
        for r in records
        if _text(r, "NAME")
    }


def _rate(record: dict[str, Any]) -> Decimal | None:
    try:
        value = Decimal(_text(record, "EXCHANGE_RATE"))
    except InvalidOperation:
        return None
    return value if value.is_finite() and value > 0 else None


def _store_rates(
    company: Company, headers: dict[str, tuple[str, str, str]], entries: Iterable[dict[str, Any]]
) -> None:
    """Replace the cached rates with Intacct's: entries joined to their (type, from, to) header."""
    rows: dict[tuple[str, str, str, dt.date], Decimal] = {}
    for entry in entries:
        pair = headers.get(_text(entry, "EXCHANGERATEID"))
        start = _parse_date(_text(entry, "EFFECTIVE_START_DATE"))
        rate = _rate(entry)
        if pair is not None and start is not None and rate is not None:
            rows[(*pair, start)] = rate.quantize(Decimal("1e-10"))
    IntacctExchangeRate.objects.filter(company=company).delete()
    IntacctExchangeRate.objects.bulk_create(
        [
            IntacctExchangeRate(
                company=company,
                rate_type=kind,
                from_currency=source,
                to_currency=target,
                effective_date=on,
                rate=rate,
            )
            for (kind, source, target, on), rate in rows.items()
        ],
        batch_size=1000,
    )


def user_defined_dimensions(client: IntacctClient) -> list[str]:
    result = client.execute(GetDimensions())
    names: list[str] = []
    for record in result.data:
        for dim in as_list(record.get("dimension")):
            if isinstance(dim, dict) and str(dim.get("userDefinedDimension", "")).lower() == "true":
                name = dim.get("objectName")
                if isinstance(name, str) and name:
                    names.append(name.upper())
    return names


def refresh_reference_data(
    company: Company,
    *,
    full: bool = False,
    client: IntacctClient | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> RefreshReport:
    """Pull every reference object; ``progress(object, done, total)`` lets the UI show n of m."""
    if client is None:
        client = client_for_company(company, "")
    report = RefreshReport()
    steps: list[tuple[str, list[str], Callable[[list[dict[str, Any]], bool], None]]] = [
        (
            "LOCATIONENTITY",
            ["LOCATIONID", "NAME", "CURRENCY", *COMMON],
            lambda rows, f: _upsert(IntacctEntity, company, "entity_id", _entities(rows), f),
        ),
        (
            "GLACCOUNT",
            ["ACCOUNTNO", "TITLE", "ACCOUNTTYPE", *REQUIRE_FLAGS, *COMMON],
            lambda rows, f: _upsert(IntacctAccount, company, "account_no", _accounts(rows), f),
        ),
        (
            "GLJOURNAL",
            ["SYMBOL", "TITLE", *COMMON],
            lambda rows, f: _upsert(IntacctJournal, company, "symbol", _journals(rows), f),
        ),
        (
            "REPORTINGPERIOD",
            ["NAME", "START_DATE", "END_DATE", "CLOSED", *COMMON],
            lambda rows, f: _upsert(IntacctPeriod, company, "name", _periods(rows), False),
        ),
    ]
    rate_headers: dict[str, tuple[str, str, str]] = {}

    def keep_headers(rows: list[dict[str, Any]], f: bool) -> None:
        rate_headers.update(
            {
                _text(r, "RECORDNO"): (
                    _text(r, "TYPENAME"),
                    _text(r, "FROM_CURRENCY"),
                    _text(r, "TO_CURRENCY"),
                )
                for r in rows
                if _text(r, "RECORDNO")
            }
        )

    steps += [
        (
            "EXCHANGERATETYPES",
            ["ID", "NAME", "ISDEFAULT"],
            lambda rows, f: _upsert(IntacctExchangeRateType, company, "name", _rate_types(rows), True),
        ),
        ("EXCHANGERATE", ["RECORDNO", "TYPENAME", "FROM_CURRENCY", "TO_CURRENCY"], keep_headers),
        (
            "EXCHANGERATEENTRY",
            ["RECORDNO", "EXCHANGERATEID", "EFFECTIVE_START_DATE", "EXCHANGE_RATE"],
            lambda rows, f: _store_rates(company, rate_headers, rows) if rate_headers or not rows else None,
        ),
    ]
    for obj, (id_f, name_f, parent_f) in DIMENSIONS.items():
        fields = [id_f, name_f, *([parent_f] if parent_f else []), *COMMON]

        def store(
            rows: list[dict[str, Any]],
            f: bool,
            kind: str = obj,
            spec: tuple[str, str, str] = (id_f, name_f, parent_f),
        ) -> None:
            _upsert(
                IntacctDimensionValue, company, "value_id", _dimension_rows(rows, *spec), f, {"kind": kind}
            )

        steps.append((obj, fields, store))
    try:
        udds = user_defined_dimensions(client)
    except IntacctError as exc:
        report.errors["getDimensions"] = str(exc)
        udds = []
    for name in udds:

        def store_udd(rows: list[dict[str, Any]], f: bool, kind: str = name) -> None:
            _upsert(
                IntacctDimensionValue,
                company,
                "value_id",
                _dimension_rows(rows, "id", "name", ""),
                f,
                {"kind": kind},
            )

        steps.append((name, ["id", "name", "RECORDNO", "WHENMODIFIED"], store_udd))
    for done, (obj, fields, save) in enumerate(steps, start=1):
        if progress is not None:
            progress(obj, done - 1, len(steps))
        try:
            mark_full = (
                full
                or obj in ALWAYS_FULL
                or not ReferenceWatermark.objects.filter(
                    company=company, object_name=obj, last_full_at__isnull=False
                ).exists()
            )
            records, mark = _pull(client, company, obj, fields, mark_full)
            with db_transaction.atomic():
                save(records, mark_full)
                mark.save()
            report.objects[obj] = len(records)
        except IntacctError as exc:
            logger.warning("reference refresh of %s failed for company %s: %s", obj, company.pk, exc)
            report.errors[obj] = str(exc)
            ReferenceWatermark.objects.filter(company=company, object_name=obj).update(
                last_error=str(exc)[:2000]
            )
    if progress is not None:
        progress("done", len(steps), len(steps))
    sync_inputs_changed.send(sender=__name__, company_id=company.pk)
    return report
