"""Users / Access: numbered permissions, 403 naming the permission, tenant isolation, audit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from trueerp.core.models import AuditEntry, PermissionGrant
from trueerp.core.permissions import COMPANY_PREFERENCES, FINANCIAL_MODULE, user_has_permission
from trueerp.sage_intacct.permissions import MODULE_ACCESS_SAGE_INTACCT

pytestmark = pytest.mark.django_db


def test_catalog_has_sage_intacct_module_access_as_1598(admin_user) -> None:
    from trueerp.core.permissions import get_permission

    definition = get_permission(1598)
    assert definition.name == "Module Access (Sage Intacct)"
    assert definition.description == "User can access the Sage Intacct module in Settings"
    assert user_has_permission(admin_user, MODULE_ACCESS_SAGE_INTACCT)


def test_clerk_gets_403_naming_permission_number(clerk_user, client_for) -> None:
    response = client_for(clerk_user).get(reverse("users_list"))
    assert response.status_code == 403
    body = response.content.decode()
    assert "#1010" in body
    assert "Users / Access (Manage)" in body


def test_anonymous_is_sent_to_login(client) -> None:
    response = client.get(reverse("settings"))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/settings/")


def test_settings_menu_shows_only_permitted_entries(admin_user, clerk_user, client_for) -> None:
    admin_page = client_for(admin_user).get(reverse("settings")).content.decode()
    clerk_page = client_for(clerk_user).get(reverse("settings")).content.decode()
    assert 'data-settings-entry="preferences"' in admin_page
    assert 'data-settings-entry="users"' in admin_page
    assert 'data-settings-entry="preferences"' not in clerk_page
    assert 'data-settings-entry="users"' not in clerk_page


def test_admin_grants_and_revokes_with_audit(admin_user, clerk_user, client_for) -> None:
    url = reverse("user_access", args=[clerk_user.pk])
    response = client_for(admin_user).post(url, {"permissions": [FINANCIAL_MODULE, COMPANY_PREFERENCES]})
    assert response.status_code == 302
    assert set(PermissionGrant.objects.filter(user=clerk_user).values_list("number", flat=True)) == {
        FINANCIAL_MODULE,
        COMPANY_PREFERENCES,
    }
    entry = AuditEntry.objects.get(action="access.changed")
    assert entry.actor == admin_user
    assert entry.summary == (
        "clerk: granted #1200 Company Preferences; revoked #1310 Financial Transactions (Create / Post / Void)"
    )
    assert entry.before == {"permissions": [1300, 1310]}
    assert entry.after == {"permissions": [1200, 1300]}


def test_unknown_permission_number_is_refused_and_nothing_changes(admin_user, clerk_user, client_for) -> None:
    url = reverse("user_access", args=[clerk_user.pk])
    response = client_for(admin_user).post(url, {"permissions": ["99999"]}, follow=True)
    assert "Unknown permission number(s): #99999." in response.content.decode()
    assert set(PermissionGrant.objects.filter(user=clerk_user).values_list("number", flat=True)) == {
        1300,
        1310,
    }
    assert not AuditEntry.objects.exists()


def test_other_companys_user_answers_404(admin_user, outsider_user, client_for) -> None:
    response = client_for(admin_user).get(reverse("user_access", args=[outsider_user.pk]))
    assert response.status_code == 404
    response = client_for(admin_user).post(
        reverse("user_access", args=[outsider_user.pk]), {"permissions": []}
    )
    assert response.status_code == 404
    assert PermissionGrant.objects.filter(user=outsider_user).count() > 0


def test_users_list_is_company_scoped(admin_user, clerk_user, outsider_user, client_for) -> None:
    body = client_for(admin_user).get(reverse("users_list")).content.decode()
    assert "clerk" in body
    assert "outsider" not in body


def test_sidebar_highlights_only_the_entry_that_owns_the_page(admin_user, client_for) -> None:
    import re

    body = client_for(admin_user).get("/settings/sage-intacct/sync-preferences/").content.decode()
    active = re.findall(r'data-settings-entry="([a-z_]+)" class="active"', body)
    assert active == ["sage_intacct"]
