"""The demo company connects to the local Intacct emulator with the emulator's documented demo credentials.

The only demo module that knows Sage Intacct: it calls the module's models and services, never the other
way round.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from trueerp.core.models import Company
from trueerp.integrations.services.accounting import activate, active_provider
from trueerp.sage_intacct.connection.models import ConnectionStatus, IntacctConnection
from trueerp.sage_intacct.mapping.models import EntityRule
from trueerp.sage_intacct.mapping.services.context import settings_for

DEMO_COMPANY_ID = "TRUE-DEMO"
DEMO_USER_ID = "api_sync"
DEMO_ENTITY_BY_COUNTRY = (("US", "US"), ("CA", "CA"), ("GB", "UK"))
DEMO_USER_PASSWORD = "demo-user-pass"  # noqa: S105 — the emulator's documented demo credentials


def configure_demo_connection(company: Company) -> None:
    """Idempotent: an existing connection is left alone, so a re-seed never undoes a user's change.

    Nothing happens where custom endpoints are not allowed (production): the emulator is not Intacct.
    """
    if not settings.INTACCT_ALLOW_CUSTOM_ENDPOINT:
        return
    with transaction.atomic():
        connection, created = IntacctConnection.objects.get_or_create(
            company=company,
            defaults={
                "intacct_company_id": DEMO_COMPANY_ID,
                "user_id": DEMO_USER_ID,
                "endpoint_url": settings.INTACCT_DEMO_ENDPOINT_URL,
                "status": ConnectionStatus.UNTESTED,
                "status_message": "Configured for the local Intacct emulator; not tested yet.",
            },
        )
        if created:
            connection.set_password(DEMO_USER_PASSWORD)
            connection.save(update_fields=["updated_at"])
        if active_provider(company) is None:
            activate(company, "sage_intacct", None)
        if created:
            # Ten of the demo's fifteen jobs are new projects that Intacct does not have yet: let the
            # first sync create them, as a company starting out with the integration would choose to.
            sync_settings = settings_for(company)
            sync_settings.auto_create_projects = True
            sync_settings.save(update_fields=["auto_create_projects", "updated_at"])
            # Northwind's entities keep books in USD, CAD and GBP: Intacct refuses a posting at the top
            # level of such a company, so each branch's records post to its country's entity.
            for position, (country, entity_id) in enumerate(DEMO_ENTITY_BY_COUNTRY, start=1):
                EntityRule.objects.create(
                    company=company,
                    position=position,
                    name=f"{country} branches post to entity {entity_id}",
                    branch_country=country,
                    entity_id=entity_id,
                )
