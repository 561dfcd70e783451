"""Dimension and account mapping tables: auto-match, suggestions, unmapped first, override, bulk accept."""

from __future__ import annotations

import html

import pytest

from trueerp.core.models import AuditEntry
from trueerp.financial.models import Account, CustomAttribute, CustomAttributeValue, Department
from trueerp.sage_intacct.mapping.models import (
    AccountMapping,
    DimensionMapping,
    DimensionSource,
    DimensionValueOverride,
    SyncSettings,
)
from trueerp.sage_intacct.mapping.services import dimensions as mapping_admin
from trueerp.sage_intacct.mapping.services.context import ensure_default_mappings

pytestmark = [pytest.mark.django_db, pytest.mark.emulator]

DEPARTMENTS = "/settings/sage-intacct/mapping/dimensions/DEPARTMENT/"
ACCOUNTS = "/settings/sage-intacct/mapping/accounts/"


@pytest.fixture
def renamed(company, master, connected):
    """TRUE values whose codes differ from Intacct's: one matches by name, one by nothing."""
    Department.objects.create(company=company, code="ENGR", name="Engineering")  # Intacct ENG by name
    Department.objects.create(company=company, code="MKT", name="Marketing")  # nothing in Intacct
    return company


def text(response):
    return html.unescape(response.content.decode())


def dept_mapping(company):
    ensure_default_mappings(company)
    return DimensionMapping.objects.get(company=company, source=DimensionSource.DEPARTMENT)


def test_rows_are_classified_unmapped_first_with_counts(renamed, admin_user, client_for):
    response = client_for(admin_user).get(DEPARTMENTS)
    assert response.status_code == 200
    section = response.context["sections"][0]
    assert section["counts"] == {"mapped": 3, "suggested": 1, "unmapped": 1, "total": 5}
    statuses = [(row.code, row.status, row.how) for row in section["rows"]]
    assert statuses == [
        ("MKT", "unmapped", "No match"),
        ("ENGR", "suggested", "Same name"),
        ("ENG", "mapped", "Same ID"),
        ("FIN", "mapped", "Same ID"),
        ("HSE", "mapped", "Same ID"),
    ]
    assert section["rows"][1].suggestion.value_id == "ENG"
    body = text(response)
    assert "Accept all 1 suggestion" in body


def test_search_and_status_filter(renamed, admin_user, client_for):
    client = client_for(admin_user)
    rows = client.get(DEPARTMENTS, {"q": "market"}).context["sections"][0]["rows"]
    assert [r.code for r in rows] == ["MKT"]
    rows = client.get(DEPARTMENTS, {"status": "mapped"}).context["sections"][0]["rows"]
    assert [r.code for r in rows] == ["ENG", "FIN", "HSE"]


def test_bulk_accept_pins_suggestions_and_audits(renamed, admin_user, client_for):
    mapping = dept_mapping(renamed)
    revision = SyncSettings.objects.get(company=renamed).revision
    response = client_for(admin_user).post(
        DEPARTMENTS + "accept/", {"mapping": mapping.pk, "scope": "all"}, follow=True
    )
    assert "Accepted 1 suggested department match." in text(response)
    assert list(
        DimensionValueOverride.objects.filter(mapping=mapping).values_list("source_code", "value_id")
    ) == [("ENGR", "ENG")]
    audit = AuditEntry.objects.get(action="sage_intacct.mapping.dimension_bulk_accept")
    assert audit.after == {"ENGR": "ENG"}
    assert SyncSettings.objects.get(company=renamed).revision > revision
    counts = response.context["sections"][0]["counts"]
    assert counts == {"mapped": 4, "suggested": 0, "unmapped": 1, "total": 5}


def test_accept_selected_without_ticks_changes_nothing(renamed, admin_user, client_for):
    mapping = dept_mapping(renamed)
    response = client_for(admin_user).post(
        DEPARTMENTS + "accept/", {"mapping": mapping.pk, "scope": "selected"}, follow=True
    )
    assert "Nothing was accepted: tick the suggestions to accept first." in text(response)
    assert not DimensionValueOverride.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="sage_intacct.mapping").exists()


def test_override_pins_a_value_and_clearing_returns_to_automatic(renamed, admin_user, client_for):
    client = client_for(admin_user)
    mapping = dept_mapping(renamed)
    response = client.post(
        DEPARTMENTS + "override/",
        {"mapping": mapping.pk, "source_code": "MKT", "value_id": "FIN — Finance"},
        follow=True,
    )
    assert "MKT is mapped to department FIN Finance." in text(response)
    assert DimensionValueOverride.objects.get(mapping=mapping, source_code="MKT").value_id == "FIN"
    row = next(r for r in response.context["sections"][0]["rows"] if r.code == "MKT")
    assert (row.status, row.how) == ("mapped", "Pinned")
    client.post(DEPARTMENTS + "override/", {"mapping": mapping.pk, "source_code": "MKT", "value_id": ""})
    assert not DimensionValueOverride.objects.filter(mapping=mapping).exists()
    assert AuditEntry.objects.filter(action="sage_intacct.mapping.dimension_value").count() == 2


@pytest.mark.parametrize(
    ("code", "value", "message"),
    [
        ("MKT", "NOPE", "Intacct has no department 'NOPE' (cached)."),
        ("ZZZ", "FIN", "'ZZZ' is not one of the TRUE departments."),
    ],
)
def test_bad_override_saves_nothing(renamed, admin_user, client_for, code, value, message):
    mapping = dept_mapping(renamed)
    response = client_for(admin_user).post(
        DEPARTMENTS + "override/",
        {"mapping": mapping.pk, "source_code": code, "value_id": value},
        follow=True,
    )
    assert message in text(response)
    assert not DimensionValueOverride.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="sage_intacct.mapping").exists()


def test_inactive_intacct_value_cannot_be_pinned(renamed, admin_user, client_for):
    from trueerp.sage_intacct.reference.models import IntacctDimensionValue

    IntacctDimensionValue.objects.filter(company=renamed, kind="DEPARTMENT", value_id="FIN").update(
        active=False
    )
    mapping = dept_mapping(renamed)
    response = client_for(admin_user).post(
        DEPARTMENTS + "override/",
        {"mapping": mapping.pk, "source_code": "MKT", "value_id": "FIN"},
        follow=True,
    )
    assert "Department FIN Finance is inactive in Intacct." in text(response)
    assert not DimensionValueOverride.objects.exists()
    fin = next(r for r in response.context["sections"][0]["rows"] if r.code == "FIN")
    assert (fin.status, fin.note) == ("unmapped", "FIN is inactive in Intacct.")


def test_user_defined_dimension_tab_is_fed_by_a_custom_attribute(
    company, master, connected, admin_user, client_for
):
    attribute = CustomAttribute.objects.create(company=company, code="FUND", name="Funding source")
    for code, name in (("F1", "Client funded"), ("F9", "Government grant")):
        CustomAttributeValue.objects.create(attribute=attribute, code=code, name=name)
    client = client_for(admin_user)
    page = client.get("/settings/sage-intacct/mapping/dimensions/FUND/")
    assert page.status_code == 200
    assert [t.kind for t in page.context["tabs"]][-1] == "FUND"
    assert page.context["sections"] == []
    assert page.context["suggested_attribute"] == "FUND"
    response = client.post(
        "/settings/sage-intacct/mapping/dimensions/FUND/configure/",
        {"source": "custom", "attribute_code": "FUND", "match_by": "id", "active": "on"},
        follow=True,
    )
    mapping = DimensionMapping.objects.get(company=company, source="custom", attribute_code="FUND")
    assert (mapping.dimension, mapping.active) == ("FUND", True)
    assert DimensionMapping.objects.filter(company=company).count() == 8  # the 7 defaults kept
    rows = {r.code: (r.status, r.how) for r in response.context["sections"][0]["rows"]}
    assert rows == {"F1": ("mapped", "Same ID"), "F9": ("suggested", "Same name")}


def test_one_attribute_cannot_feed_two_dimensions(company, master, connected, admin_user, client_for):
    response = client_for(admin_user).post(
        "/settings/sage-intacct/mapping/dimensions/CLASS/configure/",
        {"source": "department", "match_by": "id", "active": "on"},
        follow=True,
    )
    assert "TRUE departments already feed the Department dimension" in text(response)
    assert DimensionMapping.objects.get(company=company, source="class").dimension == "CLASS"
    assert DimensionMapping.objects.filter(company=company, source="department").count() == 1


def test_account_table_identity_suggestion_and_required_dimensions(
    company, master, connected, admin_user, client_for
):
    Account.objects.create(company=company, number="6210", name="Travel", type=Account.Type.EXPENSE)
    client = client_for(admin_user)
    response = client.get(ACCOUNTS)
    rows = {r.code: r for r in response.context["table"].rows}
    assert (rows["6100"].status, rows["6100"].how) == ("mapped", "Same number")
    assert rows["6100"].extra["required"] == [("Department", True)]
    assert rows["4000"].extra["required"] == [("Location", True), ("Project", True)]
    assert (rows["6210"].status, rows["6210"].suggestion.value_id) == ("suggested", "6200")
    assert rows["7000"].status == "unmapped"  # inactive in Intacct
    assert response.context["table"].rows[0].code == "7000"
    response = client.post(ACCOUNTS, {"action": "accept", "scope": "all"}, follow=True)
    assert "Accepted 1 suggested account match." in text(response)
    assert AccountMapping.objects.get(company=company).intacct_account_no == "6200"
    response = client.post(
        ACCOUNTS, {"action": "override", "account": "7000", "intacct_account_no": "9999"}, follow=True
    )
    assert "Intacct has no GL account '9999' (cached)." in text(response)
    assert AccountMapping.objects.filter(company=company).count() == 1


def test_matcher_suggestions_are_exact_before_fuzzy():
    matcher = mapping_admin.Matcher(
        [
            mapping_admin.Candidate("ENG", "Engineering", True),
            mapping_admin.Candidate("OPS", "Field Operations", True),
            mapping_admin.Candidate("OLD", "Retired", False),
        ]
    )
    assert matcher.suggest("X1", "engineering ", "id") == (matcher.by_id["ENG"], "Same name")
    assert matcher.suggest("e-n-g", "Something", "id") == (
        matcher.by_id["ENG"],
        "Same ID or name, ignoring case and punctuation",
    )
    assert matcher.suggest("FO", "Field Operation", "id") == (matcher.by_id["OPS"], "Similar name")
    assert matcher.suggest("OLD", "Nothing alike", "name") is None
