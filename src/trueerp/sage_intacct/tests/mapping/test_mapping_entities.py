"""Entity-mapping rules editor: add, edit, reorder, delete, default entity, and "test a rule"."""

from __future__ import annotations

import html

import pytest

from trueerp.core.models import AuditEntry
from trueerp.sage_intacct.mapping.models import EntityRule, SyncSettings
from trueerp.sage_intacct.tests.sync_support import journal, line

pytestmark = [pytest.mark.django_db, pytest.mark.emulator]

BASE = "/settings/sage-intacct/mapping/entities/"


def text(response):
    return html.unescape(response.content.decode())


def rule_data(master, **overrides):
    data = {"name": "Canadian branches", "branch_country": "CA", "entity_id": "CA", "active": "on"}
    data.update(overrides)
    return data


def make_rule(company, master, name, position, **fields):
    return EntityRule.objects.create(company=company, name=name, position=position, **fields)


def test_add_rule_lists_it_and_audits(company, master, connected, admin_user, client_for):
    client = client_for(admin_user)
    response = client.post(BASE + "new/", rule_data(master), follow=True)
    assert "Rule “Canadian branches” saved: branch country is CA → entity CA." in text(response)
    rule = EntityRule.objects.get(company=company)
    assert (rule.position, rule.branch_country, rule.entity_id, rule.active) == (1, "CA", "CA", True)
    audit = AuditEntry.objects.get(action="sage_intacct.mapping.entity_rule.created")
    assert audit.after == {
        "name": "Canadian branches",
        "position": 1,
        "conditions": ["branch country is CA"],
        "entity_id": "CA",
        "active": True,
    }
    assert [r["rule"].name for r in response.context["rows"]] == ["Canadian branches"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"branch_country": ""}, "A rule needs at least one condition."),
        ({"entity_id": "XX"}, "Select a valid choice. XX is not one of the available choices."),
        ({"name": ""}, "This field is required."),
    ],
)
def test_invalid_rule_saves_nothing(company, master, connected, admin_user, client_for, overrides, message):
    response = client_for(admin_user).post(BASE + "new/", rule_data(master, **overrides))
    assert response.status_code == 200
    assert message in text(response)
    assert "Nothing was saved" in text(response)
    assert not EntityRule.objects.exists()
    assert not AuditEntry.objects.exists()


def test_other_companys_branch_is_not_a_valid_choice(
    company, other_company, master, connected, admin_user, client_for
):
    from trueerp.financial.models import Branch

    foreign = Branch.objects.create(company=other_company, code="X", name="Elsewhere")
    response = client_for(admin_user).post(BASE + "new/", rule_data(master, branch=foreign.pk))
    assert "Select a valid choice." in text(response)
    assert not EntityRule.objects.exists()


def test_edit_move_and_delete(company, master, connected, admin_user, client_for):
    client = client_for(admin_user)
    first = make_rule(company, master, "Toronto", 1, branch=master.branches["CA-ON"], entity_id="CA")
    second = make_rule(company, master, "UK", 2, branch_country="GB", entity_id="UK")
    client.post(f"{BASE}{second.pk}/move/", {"direction": "up"})
    assert list(EntityRule.objects.order_by("position").values_list("name", flat=True)) == ["UK", "Toronto"]
    response = client.post(f"{BASE}{second.pk}/move/", {"direction": "up"}, follow=True)
    assert "Rule “UK” is already first." in text(response)
    client.post(
        f"{BASE}{first.pk}/edit/",
        rule_data(master, name="Toronto office", branch_country="", branch=master.branches["CA-ON"].pk),
    )
    first.refresh_from_db()
    assert (first.name, first.position) == ("Toronto office", 2)
    client.post(f"{BASE}{second.pk}/delete/")
    assert list(EntityRule.objects.values_list("name", "position")) == [("Toronto office", 1)]
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == [
        "sage_intacct.mapping.entity_rule.moved",
        "sage_intacct.mapping.entity_rule.changed",
        "sage_intacct.mapping.entity_rule.deleted",
    ]


def test_default_entity_must_exist(company, master, connected, admin_user, client_for):
    client = client_for(admin_user)
    response = client.post(BASE + "default/", {"entity_id": "CA"}, follow=True)
    assert "Transactions that match no rule now post to entity CA." in text(response)
    assert SyncSettings.objects.get(company=company).default_entity_id == "CA"
    response = client.post(BASE + "default/", {"entity_id": "ZZ"}, follow=True)
    assert "Nothing was saved: choose the top level or one of the entities in the list." in text(response)
    assert SyncSettings.objects.get(company=company).default_entity_id == "CA"
    assert AuditEntry.objects.filter(action="sage_intacct.mapping.default_entity").count() == 1


def test_test_a_rule_shows_rule_entity_and_dimensions(company, master, connected, admin_user, client_for):
    make_rule(company, master, "UK", 1, branch_country="GB", entity_id="UK")
    make_rule(company, master, "Canada", 2, branch_country="CA", entity_id="CA")
    make_rule(company, master, "Harbourfront job", 3, job=master.jobs["P-200"], entity_id="US")
    txn = journal(
        company,
        [
            line(master.accounts["6200"], debit="50.00", branch=master.branches["CA-ON"]),
            line(master.accounts["1000"], credit="50.00", branch=master.branches["CA-ON"]),
        ],
        job=master.jobs["P-200"],
        branch=master.branches["CA-ON"],
    )
    client = client_for(admin_user)
    found = client.get(BASE, {"q": txn.number[-4:]}).context["found"]
    assert txn in found
    response = client.get(BASE, {"q": txn.number, "txn": txn.pk})
    result = response.context["result"]
    assert (result.rule.name, result.entity_id) == ("Canada", "CA")
    assert [(v.rule.name, v.matched, v.chosen) for v in result.verdicts] == [
        ("UK", False, False),
        ("Canada", True, True),
        ("Harbourfront job", True, False),
    ]
    assert result.lines[0]["dimensions"] == [("Location", "CA-ON"), ("Project", "P-200")]
    assert result.problems == []
    body = text(response)
    assert "Matches (earlier rule wins)" in body
    assert "Pre-validation passes" in body


def test_test_a_rule_shows_why_it_would_be_blocked(company, master, connected, admin_user, client_for):
    make_rule(company, master, "All to UK", 1, transaction_type="journal_entry", entity_id="UK")
    txn = journal(
        company,
        [
            line(master.accounts["6200"], debit="50.00", branch=master.branches["US-NY"]),
            line(master.accounts["1000"], credit="50.00", branch=master.branches["US-NY"]),
        ],
    )
    result = client_for(admin_user).get(BASE, {"txn": txn.pk}).context["result"]
    assert result.entity_id == "UK"
    assert any("belongs to entity US" in p for p in result.problems)
