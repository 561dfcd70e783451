"""One accounting system per company: activating, deactivating, asking which is active."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from trueerp.core.audit import record_audit
from trueerp.core.models import Company, User
from trueerp.integrations.models import AccountingIntegration, AccountingProvider


class IntegrationConflict(Exception):
    """Another accounting system is active; the message says how to switch."""


def active_integration(company: Company) -> AccountingIntegration | None:
    return AccountingIntegration.objects.filter(company=company, is_active=True).first()


def active_provider(company: Company) -> str | None:
    integration = active_integration(company)
    return None if integration is None else integration.provider


def conflict_message(current: str, wanted: str) -> str:
    current_label = AccountingProvider(current).label
    wanted_label = AccountingProvider(wanted).label
    return (
        f"{current_label} is this company's accounting integration, and a company can use only one. "
        f"To switch to {wanted_label}, first disconnect {current_label}: choose \u201cNone\u201d in Company "
        f"Preferences > Integrations > Accounting integration and save. Sync history and record links are kept."
    )


def activate(company: Company, provider: str, actor: User | None) -> AccountingIntegration:
    """Make `provider` the active accounting system; refuse while another one is active."""
    AccountingProvider(provider)  # raises ValueError for an unknown provider
    with transaction.atomic():
        current = (
            AccountingIntegration.objects.select_for_update().filter(company=company, is_active=True).first()
        )
        if current is not None:
            if current.provider == provider:
                return current
            raise IntegrationConflict(conflict_message(current.provider, provider))
        try:
            with transaction.atomic():
                integration = AccountingIntegration.objects.create(
                    company=company, provider=provider, activated_by=actor
                )
        except IntegrityError:
            # Another request activated a system between our check and our insert.
            now_active = active_provider(company) or provider
            raise IntegrationConflict(conflict_message(now_active, provider)) from None
        record_audit(
            company=company,
            actor=actor,
            action="integration.activated",
            object_type="accounting_integration",
            object_id=integration.pk,
            summary=f"{integration.get_provider_display()} enabled",
            before={"accounting_integration": None},
            after={"accounting_integration": provider},
        )
        return integration


def deactivate(company: Company, actor: User | None) -> AccountingIntegration | None:
    """Disconnect the active system. History, sync logs and record links are kept."""
    with transaction.atomic():
        current = (
            AccountingIntegration.objects.select_for_update().filter(company=company, is_active=True).first()
        )
        if current is None:
            return None
        current.is_active = False
        current.deactivated_by = actor
        current.deactivated_at = timezone.now()
        current.save(update_fields=["is_active", "deactivated_by", "deactivated_at"])
        record_audit(
            company=company,
            actor=actor,
            action="integration.deactivated",
            object_type="accounting_integration",
            object_id=current.pk,
            summary=f"{current.get_provider_display()} disconnected",
            before={"accounting_integration": current.provider},
            after={"accounting_integration": None},
        )
        return current
