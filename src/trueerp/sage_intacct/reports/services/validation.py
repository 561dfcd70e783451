"""Checks a definition against the company's Intacct data (the cached reference data).

``spec.parse`` knows whether a definition is well formed; this module knows whether it can run
for this company: an account range that matches no account, a dimension the company does not
have, an entity that does not exist. Each problem says what to change.
"""

from __future__ import annotations

from trueerp.core.models import Company
from trueerp.sage_intacct.reference.models import IntacctAccount, IntacctDimensionValue, IntacctEntity
from trueerp.sage_intacct.reports.services.snapshot import GROUPBY
from trueerp.sage_intacct.reports.spec import Spec


def problems(company: Company, spec: Spec) -> list[str]:
    out: list[str] = []
    accounts = list(IntacctAccount.objects.filter(company=company).values_list("account_no", flat=True))
    if not accounts:
        return [
            "Intacct's chart of accounts is not loaded yet: refresh the reference data (Settings > Sage Intacct > Reference data)."
        ]
    for n, row in enumerate(spec.rows, 1):
        for r in row.ranges:
            if not any(a in r for a in accounts):
                out.append(
                    f"Row {n} ({row.label}): the account range {r.label} matches no account in Intacct; "
                    f"the company's accounts run from {min(accounts)} to {max(accounts)}."
                )
    kinds = set(
        IntacctDimensionValue.objects.filter(company=company).values_list("kind", flat=True).distinct()
    )
    known = {k.upper() for k in kinds} | set(GROUPBY)
    for dimension in [spec.dimension, *spec.filters.dimensions]:
        if dimension and dimension.upper() not in known:
            out.append(
                f"The company has no dimension '{dimension}' in Intacct; use one of {', '.join(sorted(known))}."
            )
    for kind, values in spec.filters.dimensions.items():
        for value in values:
            if not IntacctDimensionValue.objects.filter(
                company=company, kind__iexact=kind, value_id=value
            ).exists():
                out.append(
                    f"{kind} '{value}' does not exist in Intacct; pick an existing value for the filter."
                )
    entities = set(IntacctEntity.objects.filter(company=company).values_list("entity_id", flat=True))
    for entity in spec.filters.entities:
        if entity not in entities:
            out.append(
                f"Entity '{entity}' does not exist in Intacct; the company's entities are {', '.join(sorted(entities))}."
            )
    return out
