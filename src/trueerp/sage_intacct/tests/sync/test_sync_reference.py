"""Reference data: full first pull, incremental pulls by WHENMODIFIED, inactive never deleted."""

from __future__ import annotations

import pytest

from intacct.functions import Update
from trueerp.sage_intacct.connection.clients import client_for_company
from trueerp.sage_intacct.mapping.models import SyncSettings
from trueerp.sage_intacct.reference.models import (
    IntacctAccount,
    IntacctDimensionValue,
    IntacctEntity,
    IntacctJournal,
    IntacctPeriod,
    ReferenceWatermark,
)
from trueerp.sage_intacct.reference.services import refresh_reference_data
from trueerp.sage_intacct.tests.sync_support import connect

pytestmark = [pytest.mark.django_db, pytest.mark.emulator]


def test_first_pull_loads_every_object_with_owners_and_flags(company, emulator):
    connect(company, emulator)
    steps: list[tuple[str, int, int]] = []
    report = refresh_reference_data(
        company, progress=lambda obj, done, total: steps.append((obj, done, total))
    )
    assert report.errors == {}
    assert sorted(IntacctEntity.objects.values_list("entity_id", flat=True)) == ["CA", "UK", "US"]
    salaries = IntacctAccount.objects.get(company=company, account_no="6100")
    assert (salaries.title, salaries.required_dimensions, salaries.active) == (
        "Salaries - Administrative",
        ["DEPARTMENT"],
        True,
    )
    assert IntacctAccount.objects.get(account_no="7000").active is False
    assert IntacctAccount.objects.get(account_no="4000").required_dimensions == ["LOCATION", "PROJECT"]
    hse = IntacctDimensionValue.objects.get(kind="DEPARTMENT", value_id="HSE")
    assert (hse.owner_entity, hse.active) == ("UK", True)
    assert IntacctDimensionValue.objects.get(kind="LOCATION", value_id="CA-ON").owner_entity == "CA"
    assert IntacctDimensionValue.objects.get(kind="TASK", value_id="T-200-FND").parent_id == "P-200"
    assert sorted(IntacctDimensionValue.objects.filter(kind="FUND").values_list("value_id", flat=True)) == [
        "F1",
        "F2",
        "F3",
    ]
    assert set(IntacctJournal.objects.values_list("symbol", flat=True)) == {
        "GJ",
        "ADJ",
        "APJ",
        "ARJ",
        "SJ",
    }  # SJ: the seeded statistical journal
    assert IntacctPeriod.objects.get(name="Month Ended December 2025").closed is True
    assert steps[0] == ("LOCATIONENTITY", 0, len(steps) - 1)
    assert steps[-1] == ("done", len(steps) - 1, len(steps) - 1)
    assert SyncSettings.objects.get(company=company).revision >= 2


def test_incremental_pull_marks_inactive_and_never_deletes(company, emulator):
    connect(company, emulator)
    refresh_reference_data(company)
    before = IntacctDimensionValue.objects.count()
    marks = dict(ReferenceWatermark.objects.values_list("object_name", "last_modified"))
    assert marks["DEPARTMENT"]
    emulator.set_clock("2030-01-01T00:00:00")
    client = client_for_company(company, "")
    client.execute(Update("DEPARTMENT", {"DEPARTMENTID": "OPS", "STATUS": "inactive"}))
    refresh_reference_data(company)  # the watermark moves to 2030
    emulator.set_clock("2030-01-02T00:00:00")
    client.execute(Update("DEPARTMENT", {"DEPARTMENTID": "FIN", "TITLE": "Finance & Treasury"}))
    report = refresh_reference_data(company)
    # Inclusive watermark (Intacct timestamps have one-second resolution): OPS again, and FIN.
    assert report.objects["DEPARTMENT"] == 2
    ops = IntacctDimensionValue.objects.get(kind="DEPARTMENT", value_id="OPS")
    assert ops.active is False
    assert IntacctDimensionValue.objects.get(kind="DEPARTMENT", value_id="FIN").name == "Finance & Treasury"
    assert IntacctDimensionValue.objects.count() == before
    assert ReferenceWatermark.objects.get(object_name="DEPARTMENT").last_modified == "01/02/2030 00:00:00"
