"""The third-party PyPI client ``sageintacctsdk`` runs against the emulator unchanged.

The SDK hard-codes ``https://api.intacct.com/ia/xml/xmlgw.phtml`` in ``ApiBase.__init__`` (a
name-mangled attribute) and only the instance that calls getAPISession follows the returned
endpoint; the other API objects keep the hard-coded URL. So the test patches exactly that one
URL attribute after construction and nothing else.
"""

from __future__ import annotations

import pytest
from sageintacctsdk import SageIntacctSDK
from sageintacctsdk.apis.api_base import ApiBase

from intacct_emulator.testing import EmulatorHandle


@pytest.fixture
def sdk(emu: EmulatorHandle, monkeypatch: pytest.MonkeyPatch) -> SageIntacctSDK:
    original = ApiBase.__init__

    def init(self: ApiBase, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)
        self._ApiBase__api_url = emu.url

    monkeypatch.setattr(ApiBase, "__init__", init)
    return SageIntacctSDK(
        sender_id="trueerp_demo",
        sender_password="demo-sender-pass",
        user_id="api_sync",
        company_id="TRUE-DEMO",
        user_password="demo-user-pass",
    )


def test_sdk_lists_master_data(sdk: SageIntacctSDK) -> None:
    accounts = sdk.accounts.get_all(fields=["ACCOUNTNO", "TITLE"])
    assert [a["ACCOUNTNO"] for a in accounts][:4] == ["1000", "1010", "1100", "1200"]
    assert len(accounts) == 25  # get_all pages by offset over every account, inactive 7000 included
    departments = sdk.departments.get_all(fields=["DEPARTMENTID", "TITLE"])
    assert [d["DEPARTMENTID"] for d in departments] == ["ENG", "CON", "PM", "OPS", "FIN", "ADM", "HR"]
    locations = sdk.locations.get_all(fields=["LOCATIONID", "NAME"])
    assert [x["LOCATIONID"] for x in locations] == [
        "US",
        "CA",
        "UK",
        "US-NY",
        "US-TX",
        "CA-ON",
        "CA-BC",
        "UK-LDN",
        "UK-MAN",
    ]


def test_sdk_creates_journal_entry_and_bill_and_reads_them_back(sdk: SageIntacctSDK) -> None:
    je = sdk.journal_entries.post(
        {
            "JOURNAL": "GJ",
            "BATCH_DATE": "06/30/2026",
            "BATCH_TITLE": "SDK accrual",
            "REFERENCENO": "SDK-JE-1",
            "ENTRIES": {
                "GLENTRY": [
                    {"ACCOUNTNO": "6200", "TR_TYPE": "1", "TRX_AMOUNT": "42.50", "LOCATION": "US-NY"},
                    {"ACCOUNTNO": "2100", "TR_TYPE": "-1", "TRX_AMOUNT": "42.50", "LOCATION": "US-NY"},
                ]
            },
        }
    )
    assert je["status"] == "success"
    recordno = je["data"]["glbatch"]["RECORDNO"]
    found = sdk.journal_entries.get(field="REFERENCENO", value="SDK-JE-1", fields=["RECORDNO", "BATCH_TITLE"])
    assert found["glbatch"]["RECORDNO"] == recordno
    assert found["glbatch"]["BATCH_TITLE"] == "SDK accrual"
    bill = sdk.bills.post(
        {
            "WHENCREATED": "06/15/2026",
            "VENDORID": "V200",
            "RECORDID": "SDK-B-1",
            "DOCNUMBER": "PO-77",
            "APBILLITEMS": {
                "APBILLITEM": [
                    {"ACCOUNTNO": "5200", "TRX_AMOUNT": "1000", "PROJECTID": "P-100", "LOCATIONID": "US-NY"}
                ]
            },
        }
    )
    assert bill["status"] == "success"
    rows = sdk.bills.get_by_query(
        fields=["RECORDNO", "RECORDID", "TOTALDUE"], and_filter=[("equalto", "RECORDID", "SDK-B-1")]
    )
    assert [(r["RECORDID"], r["TOTALDUE"]) for r in rows] == [("SDK-B-1", "1000")]


def test_sdk_default_select_lists_work(sdk: SageIntacctSDK) -> None:
    """The SDK's built-in field lists name real Intacct fields the emulator does not store; they come back empty."""
    vendors = sdk.vendors.get_all()
    assert [(v["VENDORID"], v["DISPLAYCONTACT.CONTACTNAME"]) for v in vendors][:2] == [
        ("V100", "Atlas Concrete Supply"),
        ("V200", "Steelworks Fabrication LLC"),
    ]
    assert [e["EMPLOYEEID"] for e in sdk.employees.get_all()] == ["E100", "E110", "E200", "E300"]
    assert [e["LOCATIONID"] for e in sdk.location_entities.get_all()] == ["US", "CA", "UK"]
