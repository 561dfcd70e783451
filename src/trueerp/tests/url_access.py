"""What every URL of the project needs, for the URL walk (`test_url_walk.py`).

ADDING A PAGE? Add its URL name to `URL_ACCESS` below with the permission numbers it needs and the
status a permitted user gets for GET and for POST (an empty POST: no form data). If its URL has
arguments, name the objects that fill them (`kwargs=`, objects come from `WORLD`; add a builder to
`WORLD_BUILDERS` for your own models). The walk fails for any URL name missing here.

How the walk reads an entry (for each persona, GET and POST):
* anonymous visitor: the login redirect (302), unless `public`;
* signed in without one of `needs`: 403; a POST also needs `to_change`;
* signed in with them: `get` / `post` (405 = the method is not allowed);
* another company's full administrator: the same, except 404 where `scoped` (the URL names one of
  this company's objects); and never a byte of this company's data in any body.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from trueerp.core.permissions import (
    AUDIT_LOG_VIEW,
    COMPANY_PREFERENCES,
    FINANCIAL_MODULE,
    FINANCIAL_POST,
    USERS_ACCESS_ADMIN,
)
from trueerp.sage_intacct.permissions import MODULE_ACCESS_SAGE_INTACCT as SAGE
from trueerp.sage_intacct.permissions import SAGE_INTACCT_REPORT_DESIGN as DESIGN
from trueerp.sage_intacct.permissions import SAGE_INTACCT_SYNC_ADMIN as SAGE_ADMIN

NOT_ALLOWED = 405


@dataclass(frozen=True)
class Access:
    needs: tuple[int, ...] = ()
    get: int = 200
    post: int = NOT_ALLOWED
    to_change: tuple[int, ...] = ()
    scoped: bool = False
    kwargs: Mapping[str, str] = field(default_factory=dict)
    public: bool = False
    # Public pages only: what an anonymous visitor gets (None = the same as a signed-in one).
    anonymous_get: int | None = None
    anonymous_post: int | None = None


def page(*needs: int, post: int = NOT_ALLOWED, **extra: Any) -> Access:
    """A page read with GET (an empty POST answers `post`)."""
    return Access(needs=needs, get=200, post=post, **extra)


def action(*needs: int, post: int = 302, **extra: Any) -> Access:
    """A POST-only action (GET answers 405), redirecting afterwards."""
    return Access(needs=needs, get=NOT_ALLOWED, post=post, **extra)


TXN = {"txn_id": "transaction"}
RULE = {"pk": "entity_rule"}
KIND = {"kind": "dimension_kind"}
REPORT = {"pk": "report_definition"}
RUN = {"pk": "report_run"}

URL_ACCESS: dict[str, Access | list[Access]] = {
    # --- core ------------------------------------------------------------------------------------
    "home": page(post=200),
    "login": Access(public=True, get=302, post=302, anonymous_get=200, anonymous_post=200),
    "logout": Access(public=True, get=NOT_ALLOWED, post=302),
    "settings": page(post=200),
    "users_list": page(USERS_ACCESS_ADMIN, post=200),
    "user_access": page(USERS_ACCESS_ADMIN, post=302, scoped=True, kwargs={"user_id": "member"}),
    "preferences": Access(needs=(COMPANY_PREFERENCES,), get=302, post=302),
    "preferences_section": [
        page(COMPANY_PREFERENCES, post=200, kwargs={"slug": "=general"}),
        page(COMPANY_PREFERENCES, post=200, kwargs={"slug": "=financial"}),
        page(COMPANY_PREFERENCES, post=200, kwargs={"slug": "=accounting-integration"}),
        page(COMPANY_PREFERENCES, SAGE, post=200, kwargs={"slug": "=api-keys"}),
        page(
            COMPANY_PREFERENCES,
            SAGE,
            post=200,
            to_change=(SAGE_ADMIN,),
            kwargs={"slug": "=sage-intacct-sync"},
        ),
    ],
    "audit_log": page(AUDIT_LOG_VIEW, post=200),
    # --- financial -------------------------------------------------------------------------------
    "financial:transaction_list": page(FINANCIAL_MODULE, post=200),
    "financial:transaction_create": page(FINANCIAL_MODULE, FINANCIAL_POST, post=400),
    "financial:transaction_detail": page(
        FINANCIAL_MODULE, post=200, scoped=True, kwargs={"pk": "transaction"}
    ),
    "financial:transaction_edit": page(  # a posted entry cannot be edited: 400 with the reason
        FINANCIAL_MODULE, FINANCIAL_POST, post=400, scoped=True, kwargs={"pk": "transaction"}
    ),
    "financial:transaction_post": action(
        FINANCIAL_MODULE, FINANCIAL_POST, scoped=True, kwargs={"pk": "transaction"}
    ),
    "financial:transaction_void": action(
        FINANCIAL_MODULE, FINANCIAL_POST, scoped=True, kwargs={"pk": "transaction"}
    ),
    "financial:transaction_duplicate": action(
        FINANCIAL_MODULE, FINANCIAL_POST, scoped=True, kwargs={"pk": "transaction"}
    ),
    # --- sage intacct: status, connection, reference data ------------------------------------------
    "sage_intacct:settings": page(SAGE, post=200),
    "sage_intacct:status_json": page(SAGE),
    "sage_intacct:test_connection": action(SAGE),
    "sage_intacct:disconnect": action(SAGE, COMPANY_PREFERENCES),
    "sage_intacct:reference_data": page(SAGE),
    "sage_intacct:reference_refresh": action(SAGE),
    "sage_intacct:reference_progress": page(SAGE, scoped=True, kwargs={"pk": "reference_progress"}),
    # --- sage intacct: mapping and sync preferences (#1598 looks, #1599 changes) ---------------------
    "sage_intacct:mapping_entities": page(SAGE),
    "sage_intacct:mapping_entity_rule_new": page(SAGE, SAGE_ADMIN, post=200),
    "sage_intacct:mapping_entity_default": action(SAGE, SAGE_ADMIN),
    "sage_intacct:mapping_entity_rule_edit": page(SAGE, SAGE_ADMIN, post=200, scoped=True, kwargs=RULE),
    "sage_intacct:mapping_entity_rule_delete": action(SAGE, SAGE_ADMIN, scoped=True, kwargs=RULE),
    "sage_intacct:mapping_entity_rule_move": action(SAGE, SAGE_ADMIN, scoped=True, kwargs=RULE),
    "sage_intacct:mapping_dimensions": page(SAGE),
    "sage_intacct:mapping_dimension": page(SAGE, kwargs=KIND),
    # The mapping row is named in the form, so an empty POST answers 404 for everybody permitted.
    "sage_intacct:mapping_dimension_override": action(SAGE, SAGE_ADMIN, post=404, kwargs=KIND),
    "sage_intacct:mapping_dimension_accept": action(SAGE, SAGE_ADMIN, post=404, kwargs=KIND),
    "sage_intacct:mapping_dimension_configure": action(SAGE, SAGE_ADMIN, kwargs=KIND),
    "sage_intacct:mapping_accounts": page(SAGE, post=302, to_change=(SAGE_ADMIN,)),
    "sage_intacct:sync_preferences": page(SAGE, post=200, to_change=(SAGE_ADMIN,)),
    # --- sage intacct: actions, bulk sync, sync log, help ---------------------------------------------
    "sage_intacct:bulk_sync": action(SAGE),
    "sage_intacct:initial_sync": action(SAGE, SAGE_ADMIN),
    "sage_intacct:bulk_progress": page(SAGE, scoped=True, kwargs={"operation": "bulk_operation"}),
    "sage_intacct:bulk_progress_json": page(SAGE, scoped=True, kwargs={"operation": "bulk_operation"}),
    "sage_intacct:action_sync": action(SAGE, scoped=True, kwargs=TXN),
    "sage_intacct:action_update": action(SAGE, scoped=True, kwargs=TXN),
    "sage_intacct:action_reverse": page(SAGE, post=302, scoped=True, kwargs=TXN),  # GET: choose the date
    "sage_intacct:action_mark_synced": action(SAGE, SAGE_ADMIN, scoped=True, kwargs=TXN),
    "sage_intacct:action_mark_not_synced": action(SAGE, SAGE_ADMIN, scoped=True, kwargs=TXN),
    "sage_intacct:transaction_history": page(SAGE, scoped=True, kwargs=TXN),
    "sage_intacct:sync_log": page(SAGE),
    "sage_intacct:sync_log_csv": page(SAGE),
    "sage_intacct:retry_all": action(SAGE, SAGE_ADMIN),
    "sage_intacct:retry_job": action(SAGE, scoped=True, kwargs={"job_id": "sync_job"}),
    "sage_intacct:help": page(SAGE, post=200),
    # --- sage intacct: reports (#1598 runs and reads, #1620 designs and schedules) -----------------
    "sage_intacct:reports_home": page(SAGE),
    # An empty designer POST is an invalid form: the page again with the reasons.
    "sage_intacct:report_designer": page(SAGE, DESIGN, post=200),
    "sage_intacct:report_designer_edit": page(SAGE, DESIGN, post=200, scoped=True, kwargs=REPORT),
    "sage_intacct:report_definition": page(SAGE, scoped=True, kwargs=REPORT),
    "sage_intacct:report_run_start": action(SAGE, scoped=True, kwargs=REPORT),
    "sage_intacct:report_schedule_create": action(SAGE, DESIGN, scoped=True, kwargs=REPORT),
    "sage_intacct:report_schedule_delete": action(
        SAGE, DESIGN, scoped=True, kwargs={"pk": "report_definition", "schedule_pk": "report_schedule"}
    ),
    "sage_intacct:report_run": page(SAGE, scoped=True, kwargs=RUN),
    "sage_intacct:report_run_progress": page(SAGE, scoped=True, kwargs=RUN),
    "sage_intacct:report_download": [
        page(SAGE, scoped=True, kwargs={**RUN, "fmt": f"={fmt}"}) for fmt in ("html", "csv", "xlsx")
    ]
    + [Access(needs=(SAGE,), get=404, scoped=True, kwargs={**RUN, "fmt": "=docx"})],  # unknown format
    # The run's only line is computed from other rows: the page says so, without asking Intacct.
    "sage_intacct:report_drill": page(SAGE, scoped=True, kwargs={**RUN, "line": "=0", "column": "=0"}),
}

# Builders of the objects URLs point at: each gets (company, other company, the company's users by
# persona name) and returns {name: value}; a URL kwarg "=text" is the literal text instead.
World = dict[str, Any]
WorldBuilder = Callable[[Any, Any, Mapping[str, Any]], World]
WORLD_BUILDERS: list[WorldBuilder] = []


def world_builder(builder: WorldBuilder) -> WorldBuilder:
    WORLD_BUILDERS.append(builder)
    return builder


@world_builder
def financial_and_sage_intacct(company: Any, other_company: Any, users: Mapping[str, Any]) -> World:
    """A posted journal entry with a failed sync job and its attempt, an entity rule, a reference
    refresh, a connection (on a closed loopback port: nothing leaves the machine), for both companies;
    each company's texts carry its marker so that a leak shows in a response body."""
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from trueerp.financial.models import Account
    from trueerp.financial.services.transactions import LineInput, TransactionInput, create_transaction
    from trueerp.sage_intacct.connection.models import IntacctConnection
    from trueerp.sage_intacct.mapping.models import EntityRule
    from trueerp.sage_intacct.mapping.services.context import ensure_default_mappings
    from trueerp.sage_intacct.progress.models import OperationProgress
    from trueerp.sage_intacct.sync.models import (
        JobState,
        SyncAttempt,
        SyncJob,
        SyncStatus,
        TransactionSyncState,
    )
    from trueerp.sage_intacct.sync.services.state import machine, requests

    built: World = {}
    for owner, marker in ((company, MARKERS[0]), (other_company, MARKERS[1])):
        connection = IntacctConnection(
            company=owner,
            intacct_company_id=f"{marker}-CO",
            user_id=f"{marker.lower()}_user",
            endpoint_url="http://127.0.0.1:9/ia/xml/xmlgw.phtml",
            status="connected",
            last_checked_at=timezone.now(),
        )
        connection.set_password(f"{marker}-password")
        connection.save()
        cash = Account.objects.create(
            company=owner, number="1000", name=f"{marker} Cash", type=Account.Type.ASSET
        )
        sales = Account.objects.create(company=owner, number="4000", name="Sales", type=Account.Type.REVENUE)
        txn = create_transaction(
            company=owner,
            actor=None,
            data=TransactionInput(
                type="journal_entry",
                date=dt.date(2026, 3, 10),
                description=f"{marker} entry",
                lines=[
                    LineInput(account=cash, debit=Decimal("12.00")),
                    LineInput(account=sales, credit=Decimal("12.00")),
                ],
            ),
            post=True,
        )
        job = requests.request(txn, machine.SYNC).job
        assert job is not None
        SyncJob.objects.filter(pk=job.pk).update(state=JobState.FAILED)
        TransactionSyncState.objects.filter(transaction=txn).update(status=SyncStatus.FAILED)
        SyncAttempt.objects.create(
            company=owner, job=job, transaction=txn, outcome="failed", message=f"{marker} attempt failed"
        )
        rule = EntityRule.objects.create(
            company=owner, name=f"{marker} rule", position=1, branch_country="CA"
        )
        progress = OperationProgress.objects.create(
            company=owner, kind="reference_refresh", step=f"{marker} step"
        )
        mapping = ensure_default_mappings(owner)[0]
        if owner == company:
            built.update(
                transaction=txn.pk,
                sync_job=job.pk,
                entity_rule=rule.pk,
                reference_progress=progress.pk,
                dimension_kind=mapping.dimension,
                member=users["clerk"].pk,
            )
    built["bulk_operation"] = "walkoperation01"
    return built


@world_builder
def reports(company: Any, other_company: Any, users: Mapping[str, Any]) -> World:
    """For both companies: a report definition, a schedule of it and a published run whose stored
    result (one computed line) carries the company's marker, so every page and download of it shows
    whose data it is."""
    from django.utils import timezone

    from trueerp.sage_intacct.reports.catalog import TEMPLATES
    from trueerp.sage_intacct.reports.models import ReportRun, ReportSchedule
    from trueerp.sage_intacct.reports.services.definitions import create_definition

    built: World = {}
    for owner, marker in ((company, MARKERS[0]), (other_company, MARKERS[1])):
        template = TEMPLATES["income_statement_by_entity"]
        version = create_definition(owner, f"{marker} report", template["spec"], None)
        schedule = ReportSchedule.objects.create(
            company=owner, definition=version.definition, formats=["csv"], day_of_month=3
        )
        period = {"start": "2026-03-01", "end": "2026-03-31"}
        run = ReportRun.objects.create(
            company=owner,
            version=version,
            parameters=period,
            state=ReportRun.State.PUBLISHED,
            step="Published",
            as_of=timezone.now(),
            tieout={"ok": True},
            tieout_hash="0" * 64,
            result={
                "title": f"{marker} income statement",
                "definition": {"name": f"{marker} report", "version": version.number},
                "period": period,
                "currency": "USD",
                "layout": "income",
                "number_format": {"decimals": 2, "negatives": "parentheses", "scale": 1},
                "columns": [
                    {
                        "key": "e_US",
                        "label": "US",
                        "group": "",
                        "measure": "actual",
                        "role": "value",
                        "entities": ["US"],
                        **period,
                    }
                ],
                "lines": [
                    {
                        "label": f"{marker} net income",
                        "level": 0,
                        "kind": "formula",
                        "key": "net_income",
                        "values": ["12.00"],
                        "accounts": [],
                    }
                ],
                "warnings": [],
            },
        )
        if owner == company:
            built.update(
                report_definition=version.definition_id, report_schedule=schedule.pk, report_run=run.pk
            )
    return built


# Text that belongs to one company only: the first must never show to the second company's people,
# and the second never to the first's.
MARKERS = ("NWMARK", "CTMARK")
