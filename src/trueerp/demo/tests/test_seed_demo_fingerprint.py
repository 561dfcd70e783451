"""seed_demo writes exactly the same rows, run after run and refactor after refactor.

The expected fingerprint was recorded from the seed as it stood before it was split into modules
(issue 10): any change to what the demo contains must be deliberate and update these values.

Rows are compared by content, not by primary key: a foreign key is the digest of the row it points
to, so the fingerprint is the same on SQLite and PostgreSQL (whose sequences survive rolled-back
tests). Timestamps, password hashes and Fernet tokens differ on every run and are left out; the
audit log's object ids and before/after snapshots carry primary keys and are left out too.
Models without rows are left out, so a new model that the seed does not fill changes nothing here.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.db import models

APPS = ("core", "financial", "integrations", "sage_intacct")
VOLATILE_FIELDS = {
    "core.AuditEntry": {"object_id", "before", "after"},
    "integrations.EncryptedSecret": {"ciphertext"},  # Fernet tokens differ every time; read back elsewhere
}

EXPECTED_COUNTS: dict[str, int] = {
    "core.AuditEntry": 944,
    "core.Company": 2,
    "core.PermissionGrant": 11,
    "core.User": 3,
    "financial.Account": 46,
    "financial.AccountingClass": 3,
    "financial.Branch": 7,
    "financial.Contract": 9,
    "financial.CustomAttribute": 2,
    "financial.CustomAttributeValue": 7,
    "financial.Customer": 5,
    "financial.Department": 8,
    "financial.Employee": 4,
    "financial.FinancialPreferences": 2,
    "financial.Job": 16,
    "financial.Transaction": 488,
    "financial.TransactionLine": 1172,
    "financial.Vendor": 6,
    "integrations.AccountingIntegration": 1,
    "integrations.EncryptedSecret": 1,
    "sage_intacct.EntityRule": 3,
    "sage_intacct.IntacctConnection": 1,
    "sage_intacct.SyncSettings": 1,
}
EXPECTED_DIGESTS: dict[str, str] = {
    "core.AuditEntry": "d0ec4b37f66c273b658c13c4bcec5db14e0aa649472e4b419f4fed514880b925",
    "core.Company": "8415fd0e52a84f130876d38a10a3f8fe1e276f0b0cf0f237ca08f29bba418932",
    "core.PermissionGrant": "8661f4fcb976505ab8851486ce66e86dfeeb2bfff503cea352a475da64d8c40e",
    "core.User": "eba88c4af22ebb9222802ea77369940fe8a11354d9cf3dd2186473ab57619681",
    "financial.Account": "783ba73f9a0f112fcdf354cf1731b43d910a1f386a823b21978969684e2ffd6f",
    "financial.AccountingClass": "98e30c106acebb9d9ac54e3da64993b885f46ddecff4bc59e04b703deeece26e",
    "financial.Branch": "1bfcd42d7d6b2775d1a9b629588e19a815281f20d640d4b3cd0407ffcfcf3fcc",
    "financial.Contract": "d19b8d070f28332990c01a2e0a629bc5aa1b1116e6ae3637ee4701bef54d869a",
    "financial.CustomAttribute": "e78078559c3bc56412f5d2bb5f50d318cdc70440cd02497925468e4ab4c55577",
    "financial.CustomAttributeValue": "d800ba58836f597b3e4e57543f6ebcb62fadb55ed2f044765182ee72eea25111",
    "financial.Customer": "5b1503ba840baf2aa6a9ac8bbfa891be055d700dcc26da799189298185d47e29",
    "financial.Department": "f5e164ab074c46a2609832379436192b2fc841236d162634ccd8d8cf3277728f",
    "financial.Employee": "b0a65347fadbb61f67c5762cf529559ea6b9b1232ec17da8591fe1282ada0533",
    "financial.FinancialPreferences": "5dd2481f4e26fe4839772e5a8e61145fd2f8934b0f040a4cfefb2eb3e500c6dd",
    "financial.Job": "9f730c8f298f8db8eb9290314db2c268808c701a38fb44a51a78e31835812264",
    "financial.Transaction": "90ac1f0e8c058297b7175231e37b0a551c97e0eb28c4e67668a8d1abce4f466a",
    "financial.TransactionLine": "81cfc3abc12846dcd6de7aaf4b38665dfff8ba0f2b7251c424dd8be1eb501508",
    "financial.Vendor": "cdb4e536c84b5ee092d3c3a8c5e5b2acf075c7cc4a07ca0fae257aff9ba9d96a",
    "integrations.AccountingIntegration": "49572c8c6b4596152bab99c2e4050b2392e9932445f79513e871a750096a061e",
    "integrations.EncryptedSecret": "2013226b67ec142d88fc2ec5a5bc18580176f8b7dee5dddbc630e3de8e7a3f0c",
    "sage_intacct.EntityRule": "ab36005e63d368c459663aaeff76394224042b4e29687a39d326303396d3814d",
    "sage_intacct.IntacctConnection": "595bc77af5663962556e0d8082f70d43993c3affcd03371bcffe060d2dc83a67",
    "sage_intacct.SyncSettings": "5d1274c6e21304ac65557c20dfd161f470b9dff77b451788eebee1fe7e431666",
}


class _Digester:
    """Content digests of rows, memoised per (model, pk) so a foreign key costs one lookup."""

    def __init__(self) -> None:
        self._rows: dict[type[models.Model], dict[Any, models.Model]] = {}
        self._digests: dict[tuple[type[models.Model], Any], str] = {}

    def instance(self, model: type[models.Model], pk: Any) -> models.Model:
        if model not in self._rows:
            self._rows[model] = {obj.pk: obj for obj in model._default_manager.all()}
        return self._rows[model][pk]

    def content(self, obj: models.Model) -> list[Any]:
        skipped = VOLATILE_FIELDS.get(obj._meta.label, set())
        values: list[Any] = []
        for field in obj._meta.concrete_fields:
            if field.primary_key or field.name in skipped or _is_volatile(field):
                continue
            value = getattr(obj, field.attname)
            if field.related_model is not None and value is not None:
                value = self.digest(field.related_model, value)
            values.append([field.name, value])
        for m2m in obj._meta.many_to_many:
            target = m2m.related_model
            assert target is not None
            related = getattr(obj, m2m.name).values_list("pk", flat=True)
            values.append([m2m.name, sorted(self.digest(target, pk) for pk in related)])
        return values

    def digest(self, model: type[models.Model], pk: Any) -> str:
        key = (model, pk)
        if key not in self._digests:
            self._digests[key] = _sha(self.content(self.instance(model, pk)))
        return self._digests[key]


def _is_volatile(field: models.Field[Any, Any]) -> bool:
    return (
        isinstance(field, models.DateTimeField)
        or field.name == "password"
        or field.name.endswith("_encrypted")
    )


def _sha(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def _models() -> list[type[models.Model]]:
    return [model for app in APPS for model in apps.get_app_config(app).get_models()]


def fingerprint() -> tuple[dict[str, int], dict[str, str]]:
    """Row count and digest (of its sorted row digests) of every model that has rows."""
    digester = _Digester()
    counts: dict[str, int] = {}
    digests: dict[str, str] = {}
    for model in _models():
        pks = list(model._default_manager.values_list("pk", flat=True))
        if pks:
            counts[model._meta.label] = len(pks)
            digests[model._meta.label] = _sha(sorted(digester.digest(model, pk) for pk in pks))
    return counts, digests


def test_seed_demo_writes_the_recorded_rows_and_a_second_run_changes_nothing(db, settings):
    # The connection's endpoint comes from settings: pin the documented default the values were taken with.
    settings.INTACCT_ALLOW_CUSTOM_ENDPOINT = True
    settings.INTACCT_DEMO_ENDPOINT_URL = "http://127.0.0.1:8300/ia/xml/xmlgw.phtml"
    call_command("seed_demo", verbosity=0)
    first = fingerprint()

    call_command("seed_demo", verbosity=0)

    assert fingerprint() == first
    counts, digests = first
    assert counts == EXPECTED_COUNTS
    assert digests == EXPECTED_DIGESTS
