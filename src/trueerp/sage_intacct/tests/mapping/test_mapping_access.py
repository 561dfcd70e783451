"""Personas on every mapping page: admin (#1598) gets in, clerk without #1598 gets 403 and changes
nothing, an outsider gets 404 on our company's objects and changes nothing."""

from __future__ import annotations

import pytest

from trueerp.core.models import AuditEntry
from trueerp.sage_intacct.mapping.models import DimensionValueOverride, EntityRule
from trueerp.sage_intacct.mapping.services.context import ensure_default_mappings
from trueerp.sage_intacct.progress.models import OperationProgress

pytestmark = pytest.mark.django_db

PAGES = [
    "/settings/sage-intacct/mapping/entities/",
    "/settings/sage-intacct/mapping/entities/new/",
    "/settings/sage-intacct/mapping/dimensions/",
    "/settings/sage-intacct/mapping/dimensions/LOCATION/",
    "/settings/sage-intacct/mapping/accounts/",
    "/settings/sage-intacct/reference/",
    "/settings/sage-intacct/sync-preferences/",
]


@pytest.mark.parametrize("url", PAGES)
def test_admin_sees_clerk_is_refused_anonymous_signs_in(url, admin_user, clerk_user, client_for, client):
    assert client_for(admin_user).get(url).status_code == 200
    refused = client_for(clerk_user).get(url)
    assert refused.status_code == 403
    assert "#1598" in refused.content.decode()
    assert client.get(url).status_code == 302


@pytest.fixture
def ours(company, admin_user):
    rule = EntityRule.objects.create(
        company=company, name="Ours", position=1, branch_country="CA", entity_id=""
    )
    mapping = ensure_default_mappings(company)[0]
    progress = OperationProgress.objects.create(company=company, kind="reference_refresh")
    AuditEntry.objects.all().delete()
    return {"rule": rule, "mapping": mapping, "progress": progress}


def test_clerk_posts_change_nothing(ours, clerk_user, client_for):
    client = client_for(clerk_user)
    rule, mapping = ours["rule"], ours["mapping"]
    for url, data in [
        (f"/settings/sage-intacct/mapping/entities/{rule.pk}/delete/", {}),
        ("/settings/sage-intacct/mapping/entities/new/", {"name": "X", "branch_country": "CA"}),
        ("/settings/sage-intacct/mapping/entities/default/", {"entity_id": ""}),
        (
            f"/settings/sage-intacct/mapping/dimensions/{mapping.dimension}/accept/",
            {"mapping": mapping.pk, "scope": "all"},
        ),
        ("/settings/sage-intacct/reference/refresh/", {}),
        ("/settings/sage-intacct/sync-preferences/", {"batch_size": "5"}),
    ]:
        assert client.post(url, data).status_code == 403, url
    assert list(EntityRule.objects.values_list("name", flat=True)) == ["Ours"]
    assert OperationProgress.objects.count() == 1
    assert not AuditEntry.objects.exists()


def test_outsider_gets_404_on_our_objects_and_changes_nothing(ours, outsider_user, client_for):
    client = client_for(outsider_user)
    rule, mapping, progress = ours["rule"], ours["mapping"], ours["progress"]
    assert client.get(f"/settings/sage-intacct/mapping/entities/{rule.pk}/edit/").status_code == 404
    assert (
        client.post(
            f"/settings/sage-intacct/mapping/entities/{rule.pk}/edit/",
            {"name": "Theirs", "branch_country": ""},
        ).status_code
        == 404
    )
    assert client.post(f"/settings/sage-intacct/mapping/entities/{rule.pk}/delete/").status_code == 404
    assert (
        client.post(
            f"/settings/sage-intacct/mapping/entities/{rule.pk}/move/", {"direction": "up"}
        ).status_code
        == 404
    )
    override = client.post(
        f"/settings/sage-intacct/mapping/dimensions/{mapping.dimension}/override/",
        {"mapping": mapping.pk, "source_code": "X", "value_id": "Y"},
    )
    assert override.status_code == 404
    accept = client.post(
        f"/settings/sage-intacct/mapping/dimensions/{mapping.dimension}/accept/",
        {"mapping": mapping.pk, "scope": "all"},
    )
    assert accept.status_code == 404
    assert client.get(f"/settings/sage-intacct/reference/progress/{progress.pk}.json").status_code == 404
    assert client.get("/settings/sage-intacct/mapping/entities/", {"txn": 999999}).status_code == 404
    rule.refresh_from_db()
    assert rule.name == "Ours"
    assert not DimensionValueOverride.objects.exists()
    assert not AuditEntry.objects.filter(company=rule.company).exists()


def test_outsider_cannot_test_our_transaction(company, ours, outsider_user, client_for):
    import datetime as dt

    from trueerp.financial.models import Transaction

    txn = Transaction.objects.create(
        company=company, type="journal_entry", number="JE-1", date=dt.date(2026, 3, 1)
    )
    response = client_for(outsider_user).get(
        "/settings/sage-intacct/mapping/entities/", {"q": "JE-1", "txn": txn.pk}
    )
    assert response.status_code == 404
    response = client_for(outsider_user).get("/settings/sage-intacct/mapping/entities/", {"q": "JE-1"})
    assert response.context["found"] == []


def test_unknown_dimension_is_404(admin_user, client_for):
    assert client_for(admin_user).get("/settings/sage-intacct/mapping/dimensions/NOSUCH/").status_code == 404
