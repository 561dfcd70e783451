"""Definitions and their versions: saving never changes a version a run may have used."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max

from trueerp.core.audit import record_audit
from trueerp.core.models import Company, User
from trueerp.sage_intacct.reports.catalog import TEMPLATES
from trueerp.sage_intacct.reports.models import ReportDefinition, ReportVersion
from trueerp.sage_intacct.reports.spec import parse


def ensure_templates(company: Company) -> int:
    """Give the company every built-in template it does not have yet; returns how many were added."""
    have = set(ReportDefinition.objects.filter(company=company).values_list("template_key", flat=True))
    added = 0
    for key, template in TEMPLATES.items():
        if key in have:
            continue
        try:
            with transaction.atomic():
                definition = ReportDefinition.objects.create(
                    company=company,
                    name=template["name"],
                    description=template["description"],
                    template_key=key,
                )
                ReportVersion.objects.create(
                    definition=definition, number=1, spec=template["spec"], note="Built-in template"
                )
                added += 1
        except IntegrityError:  # another request added it, or a definition already has this name
            continue
    return added


def save_version(
    definition: ReportDefinition, spec: dict[str, Any], actor: User | None, note: str = ""
) -> ReportVersion:
    """A new version (the spec must parse); the previous versions stay as they were."""
    parse(spec)
    with transaction.atomic():
        ReportDefinition.objects.select_for_update().filter(pk=definition.pk).first()
        number = (definition.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = ReportVersion.objects.create(
            definition=definition, number=number, spec=spec, note=note[:200], created_by=actor
        )
        definition.save(update_fields=["updated_at"])
        record_audit(
            company=definition.company,
            actor=actor,
            action="sage_intacct.report.version",
            object_type="sage_intacct.reportdefinition",
            object_id=definition.pk,
            summary=f"Report '{definition.name}' saved as version {number}",
        )
    return version


def create_definition(
    company: Company, name: str, spec: dict[str, Any], actor: User | None, description: str = ""
) -> ReportVersion:
    parse(spec)
    with transaction.atomic():
        definition = ReportDefinition.objects.create(
            company=company, name=name, description=description, created_by=actor
        )
        return save_version(definition, spec, actor, "Created")
