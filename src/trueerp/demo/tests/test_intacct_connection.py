"""The demo company is connected to the local Intacct emulator; a re-seed never undoes a user's change."""

from __future__ import annotations

from django.core.management import call_command

from trueerp.core.models import Company
from trueerp.demo.intacct_connection import configure_demo_connection
from trueerp.integrations.models import AccountingIntegration, EncryptedSecret
from trueerp.integrations.services.accounting import active_provider
from trueerp.sage_intacct.connection.models import ConnectionStatus, IntacctConnection
from trueerp.sage_intacct.mapping.models import SyncSettings
from trueerp.sage_intacct.sync.models import SyncJob


def test_seed_demo_connects_northwind_to_the_emulator_and_nobody_else(db, settings):
    settings.INTACCT_DEMO_ENDPOINT_URL = "http://127.0.0.1:8399/ia/xml/xmlgw.phtml"

    call_command("seed_demo", verbosity=0)

    connection = IntacctConnection.objects.get()
    assert connection.company.code == "NORTHWIND"
    assert (connection.intacct_company_id, connection.user_id, connection.entity_id) == (
        "TRUE-DEMO",
        "api_sync",
        "",
    )
    assert connection.endpoint_url == "http://127.0.0.1:8399/ia/xml/xmlgw.phtml"
    assert connection.get_password() == "demo-user-pass"
    stored = EncryptedSecret.objects.get(company=connection.company)
    assert stored.ciphertext
    assert "demo-user-pass" not in stored.ciphertext
    assert (connection.status, connection.status_message) == (
        ConnectionStatus.UNTESTED,
        "Configured for the local Intacct emulator; not tested yet.",
    )
    assert list(AccountingIntegration.objects.values_list("company__code", "provider", "is_active")) == [
        ("NORTHWIND", "sage_intacct", True)
    ]
    assert list(SyncSettings.objects.values_list("company__code", "auto_create_projects")) == [
        ("NORTHWIND", True)
    ]
    assert not SyncJob.objects.exists()  # connected after the documents: seeding queues no sync


def test_a_second_run_keeps_what_the_user_changed(company: Company):
    configure_demo_connection(company)
    connection = IntacctConnection.objects.get(company=company)
    connection.user_id = "my_own_user"
    connection.set_password("my-own-pass")
    connection.save()
    SyncSettings.objects.filter(company=company).update(auto_create_projects=False)

    configure_demo_connection(company)

    connection.refresh_from_db()
    assert (connection.user_id, connection.get_password()) == ("my_own_user", "my-own-pass")
    assert SyncSettings.objects.get(company=company).auto_create_projects is False
    assert AccountingIntegration.objects.filter(company=company).count() == 1


def test_nothing_is_connected_where_custom_endpoints_are_not_allowed(company: Company, settings):
    settings.INTACCT_ALLOW_CUSTOM_ENDPOINT = False

    configure_demo_connection(company)

    assert not IntacctConnection.objects.exists()
    assert active_provider(company) is None
    assert not SyncSettings.objects.exists()
