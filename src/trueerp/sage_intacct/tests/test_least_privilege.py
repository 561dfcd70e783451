"""Issue 12, item 2: least privilege.

* API Keys need #1200 and #1598: a preferences administrator without #1598 neither reads the Intacct
  company and user nor replaces the credentials.
* Mapping, entity rules, sync preferences and automation: #1598 may look, only #1599 may change.
* Without #1598 the Financial list and detail show nothing of Sage Intacct: no column, badge, filter
  or bulk action, and a sync-status filter in the URL is ignored.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from trueerp.core.models import AuditEntry
from trueerp.financial.models import Account
from trueerp.financial.services.transactions import LineInput, TransactionInput, create_transaction
from trueerp.integrations.models import EncryptedSecret
from trueerp.sage_intacct.automation.models import SyncAutomation
from trueerp.sage_intacct.connection.models import IntacctConnection
from trueerp.sage_intacct.mapping.models import EntityRule, SyncSettings
from trueerp.sage_intacct.mapping.services.context import ensure_default_mappings, settings_for
from trueerp.sage_intacct.sync.models import SyncStatus, TransactionSyncState

pytestmark = pytest.mark.django_db

API_KEYS = "/settings/preferences/api-keys/"
AUTOMATION = "/settings/preferences/sage-intacct-sync/"


@pytest.fixture
def connection(company):
    connection = IntacctConnection(
        company=company,
        intacct_company_id="NW-INTACCT-CO",
        user_id="nw_api_user",
        endpoint_url="http://127.0.0.1:9/ia/xml/xmlgw.phtml",
        status="connected",
    )
    connection.set_password("nw-secret-pass")
    connection.save()
    return connection


def _keys_form(**overrides):
    data = {
        "intacct_company_id": "ATTACKER-CO",
        "user_id": "attacker",
        "user_password": "attacker-pass",
        "entity_id": "",
        "endpoint_url": "",
        "save_anyway": "on",
    }
    data.update(overrides)
    return data


def test_preferences_admin_without_1598_can_neither_read_nor_replace_the_api_keys(
    connection, preferences_admin_user, client_for
):
    client = client_for(preferences_admin_user)
    page = client.get(API_KEYS)
    assert page.status_code == 403
    body = page.content.decode()
    assert "#1598" in body
    assert "NW-INTACCT-CO" not in body
    assert "nw_api_user" not in body

    ciphertext = EncryptedSecret.objects.get().ciphertext
    assert client.post(API_KEYS, _keys_form()).status_code == 403
    saved = IntacctConnection.objects.get(pk=connection.pk)
    assert (saved.intacct_company_id, saved.user_id, saved.get_password()) == (
        "NW-INTACCT-CO",
        "nw_api_user",
        "nw-secret-pass",
    )
    assert EncryptedSecret.objects.get().ciphertext == ciphertext
    assert not AuditEntry.objects.filter(action="sage_intacct.api_keys").exists()

    # The section is not offered in Company Preferences either, and no other page leaks the keys.
    general = client.get("/settings/preferences/general/").content.decode()
    assert "api-keys" not in general
    assert "NW-INTACCT-CO" not in general


def test_api_keys_open_with_1200_and_1598(connection, sage_user, client_for):
    page = client_for(sage_user).get(API_KEYS)
    assert page.status_code == 200
    assert 'value="NW-INTACCT-CO"' in page.content.decode()


def test_1598_without_1599_sees_the_mapping_read_only(connection, company, sage_user, client_for):
    rule = EntityRule.objects.create(company=company, name="Canada", position=1, branch_country="CA")
    client = client_for(sage_user)
    page = client.get("/settings/sage-intacct/mapping/entities/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-testid="read-only"' in body
    assert "changing it needs permission #1599" in body
    assert 'data-testid="add-rule"' not in body
    assert '<fieldset class="plain" disabled>' in body
    assert client.get("/settings/sage-intacct/mapping/entities/new/").status_code == 403
    assert client.get(f"/settings/sage-intacct/mapping/entities/{rule.pk}/edit/").status_code == 403


def test_admin_with_1599_gets_the_controls(connection, admin_user, client_for):
    body = client_for(admin_user).get("/settings/sage-intacct/mapping/entities/").content.decode()
    assert 'data-testid="read-only"' not in body
    assert 'data-testid="add-rule"' in body
    assert '<fieldset class="plain" disabled>' not in body
    assert body.count('<fieldset class="plain">') == 1  # the default-entity form (no rules yet)


def test_1598_without_1599_changes_no_mapping_rule_preference_or_automation(
    connection, company, sage_user, client_for
):
    rule = EntityRule.objects.create(company=company, name="Canada", position=1, branch_country="CA")
    mapping = ensure_default_mappings(company)[0]
    sync_settings = settings_for(company)
    batch_size = sync_settings.batch_size
    AuditEntry.objects.all().delete()
    client = client_for(sage_user)
    for url, data in [
        (f"/settings/sage-intacct/mapping/entities/{rule.pk}/delete/", {}),
        (f"/settings/sage-intacct/mapping/entities/{rule.pk}/move/", {"direction": "down"}),
        (
            f"/settings/sage-intacct/mapping/entities/{rule.pk}/edit/",
            {"name": "Renamed", "branch_country": "US"},
        ),
        ("/settings/sage-intacct/mapping/entities/new/", {"name": "New", "branch_country": "US"}),
        ("/settings/sage-intacct/mapping/entities/default/", {"entity_id": "CA"}),
        (
            f"/settings/sage-intacct/mapping/dimensions/{mapping.dimension}/accept/",
            {"mapping": mapping.pk, "scope": "all"},
        ),
        (
            f"/settings/sage-intacct/mapping/dimensions/{mapping.dimension}/configure/",
            {"mapping": mapping.pk, "source": "branch", "match_by": "name", "active": "on"},
        ),
        (
            f"/settings/sage-intacct/mapping/dimensions/{mapping.dimension}/override/",
            {"mapping": mapping.pk, "source_code": "X", "value_id": "Y"},
        ),
        ("/settings/sage-intacct/mapping/accounts/", {"action": "accept", "scope": "all"}),
        ("/settings/sage-intacct/sync-preferences/", {"batch_size": str(batch_size + 7)}),
        (AUTOMATION, {"frequency": "manual"}),
        (AUTOMATION, {"send_test": "1"}),
    ]:
        refused = client.post(url, data)
        assert refused.status_code == 403, url
        assert "#1599" in refused.content.decode(), url
    assert list(EntityRule.objects.values_list("name", "branch_country", "position")) == [("Canada", "CA", 1)]
    assert SyncSettings.objects.get(company=company).batch_size == batch_size
    assert not SyncAutomation.objects.filter(company=company).exclude(frequency="on_posting").exists()
    assert AuditEntry.objects.count() == 0


def test_1598_without_1599_reads_the_automation_section_with_its_controls_disabled(
    connection, sage_user, client_for
):
    page = client_for(sage_user).get(AUTOMATION)
    assert page.status_code == 200
    body = page.content.decode()
    assert "changing them needs permission #1599" in body
    assert '<fieldset class="plain" disabled>' in body


def test_users_access_lists_1599_with_what_it_now_covers(admin_user, client_for):
    body = client_for(admin_user).get(f"/settings/users/{admin_user.pk}/access/").content.decode()
    assert (
        '<span class="perm-no">#1599</span>\n        <strong>Sync Administration (Sage Intacct)</strong>'
        in body
    )
    assert "change the Sage Intacct mapping, entity rules, sync preferences and automation" in body


@pytest.fixture
def synced_transaction(company, admin_user, connection):
    cash = Account.objects.create(company=company, number="1000", name="Cash", type=Account.Type.ASSET)
    revenue = Account.objects.create(
        company=company, number="4000", name="Revenue", type=Account.Type.REVENUE
    )
    txn = create_transaction(
        company=company,
        actor=admin_user,
        data=TransactionInput(
            type="journal_entry",
            date=dt.date(2026, 3, 10),
            description="Marker entry",
            lines=[
                LineInput(account=cash, debit=Decimal("10.00")),
                LineInput(account=revenue, credit=Decimal("10.00")),
            ],
        ),
        post=True,
    )
    TransactionSyncState.objects.update_or_create(
        company=company, transaction=txn, defaults={"status": SyncStatus.FAILED}
    )
    return txn


def test_without_1598_the_financial_list_and_detail_show_nothing_of_sage_intacct(
    synced_transaction, clerk_user, admin_user, client_for
):
    admin_list = client_for(admin_user).get("/financial/").content.decode()
    assert "Sage Intacct" in admin_list
    assert 'name="x_sage_sync"' in admin_list
    assert "Sync selected to Sage Intacct" in admin_list

    clerk = client_for(clerk_user)
    body = clerk.get("/financial/").content.decode()
    assert synced_transaction.number in body
    for trace in ("Sage Intacct", "x_sage_sync", "Sync status", "Sync selected"):
        assert trace not in body, trace
    # A sync-status filter typed into the URL is ignored rather than applied.
    filtered = clerk.get("/financial/", {"x_sage_sync": SyncStatus.SYNCED}).content.decode()
    assert synced_transaction.number in filtered
    detail = clerk.get(f"/financial/transactions/{synced_transaction.pk}/").content.decode()
    assert "Sage Intacct" not in detail
    assert "Failed" not in detail
