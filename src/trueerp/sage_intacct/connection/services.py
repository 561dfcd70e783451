"""Testing, saving, checking and disconnecting a company's Sage Intacct connection.

A check signs in with getAPISession (at the configured entity) and lists the entities, and turns
every way that can fail into one of four statuses with a message a bookkeeper can act on:
credentials rejected, sender not authorised, company expired, endpoint unreachable or answering
something that is not Intacct.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from intacct import IntacctClient
from intacct.errors import (
    AuthenticationError,
    ControlError,
    CredentialsRejectedError,
    EndpointError,
    ErrorDetail,
    IntacctError,
    InvalidArgumentError,
    InvalidSessionError,
    ParseError,
    RateLimitError,
    SenderNotAuthorizedError,
    TransportError,
    UncertainOutcomeError,
)
from intacct.functions import ApiSessionCreate, Query
from intacct.query import Order
from trueerp.core.audit import record_audit
from trueerp.core.models import Company, User
from trueerp.integrations.models import AccountingProvider
from trueerp.integrations.services.accounting import (
    IntegrationConflict,
    activate,
    active_provider,
    deactivate,
)
from trueerp.sage_intacct.connection.clients import Credentials, build_config, endpoint_for, forget_clients
from trueerp.sage_intacct.connection.models import (
    ConnectionStatus,
    IntacctConnection,
    companies_with_password,
)

logger = logging.getLogger(__name__)

PROVIDER = AccountingProvider.SAGE_INTACCT.value


@dataclass
class ConnectionCheck:
    status: str
    message: str
    hint: str = ""
    errors: list[dict[str, str]] = field(default_factory=list)
    entities: list[dict[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == ConnectionStatus.CONNECTED


def _error_dicts(errors: list[ErrorDetail]) -> list[dict[str, str]]:
    return [
        {
            "errorno": e.errorno,
            "description": e.description,
            "description2": e.description2,
            "correction": e.correction,
            "support_id": e.support_id or "",
        }
        for e in errors
    ]


def _intacct_text(error: IntacctError) -> str:
    texts = [" ".join(p for p in (e.description, e.description2) if p) for e in error.errors]
    return "; ".join(t for t in texts if t) or error.message


def explain_failure(error: Exception, endpoint: str) -> ConnectionCheck:
    """Map a failed check to a status, Intacct's own words and what to do next."""
    host = urlsplit(endpoint).hostname or endpoint
    sender = settings.INTACCT_SENDER_ID
    if isinstance(error, SenderNotAuthorizedError):
        return ConnectionCheck(
            ConnectionStatus.FAILING,
            f"Sage Intacct says: {_intacct_text(error)}",
            "An Intacct administrator must authorise TRUE ERP's Web Services sender ID "
            f"\u201c{sender}\u201d: in Sage Intacct open Company > Setup > Company > Security, "
            "add it under Web Services authorizations, save, then press Test connection here.",
            _error_dicts(error.errors),
        )
    if isinstance(error, CredentialsRejectedError | InvalidSessionError):
        return ConnectionCheck(
            ConnectionStatus.REJECTED,
            f"Sage Intacct rejected the sign-in: {_intacct_text(error)}",
            "Check the Company ID, User ID and password (they are case-sensitive). The user must be a "
            "Web Services user of that company, active and not locked out. Re-enter them in Company "
            "Preferences > Integrations > API Keys.",
            _error_dicts(error.errors),
        )
    if isinstance(error, AuthenticationError):
        return ConnectionCheck(
            ConnectionStatus.REJECTED,
            f"Sage Intacct refused the sign-in: {_intacct_text(error)}",
            "Check the Company ID, User ID, password and Entity ID, then re-enter them.",
            _error_dicts(error.errors),
        )
    if isinstance(error, RateLimitError):
        return ConnectionCheck(
            ConnectionStatus.FAILING,
            "Sage Intacct is limiting this company's API requests right now (GW-0010).",
            "Nothing is wrong with the settings. Wait a minute and press Test connection again.",
            _error_dicts(error.errors),
        )
    if isinstance(error, ControlError):
        expired = any(e.errorno == "PL04000055" for e in error.errors)
        hint = (
            "The Intacct company has expired. Renew the subscription (or use another company) and test again."
            if expired
            else "Intacct refused the request as a whole. If this persists, contact TRUE ERP support with the "
            "error number above."
        )
        return ConnectionCheck(
            ConnectionStatus.FAILING,
            f"Sage Intacct says: {_intacct_text(error)}",
            hint,
            _error_dicts(error.errors),
        )
    if isinstance(error, ParseError):
        return ConnectionCheck(
            ConnectionStatus.FAILING,
            f"{host} answered, but not like Sage Intacct (the reply is not Intacct XML).",
            "Check the endpoint URL: it must be the Intacct XML gateway (…/ia/xml/xmlgw.phtml).",
        )
    if isinstance(error, UncertainOutcomeError | TransportError):
        timeout = settings.INTACCT_TIMEOUT_S
        return ConnectionCheck(
            ConnectionStatus.FAILING,
            f"Could not reach Sage Intacct at {host}: {error.message}",
            f"Check the endpoint and the server's network access; requests time out after {timeout:g} s. "
            "Intacct itself may be unavailable: try again in a few minutes.",
        )
    if isinstance(error, EndpointError | InvalidArgumentError):
        return ConnectionCheck(
            ConnectionStatus.FAILING,
            f"The connection settings are not valid: {error.message}",
            "Correct the field named above.",
        )
    return ConnectionCheck(
        ConnectionStatus.FAILING,
        f"Sage Intacct failed unexpectedly: {error}",
        "Try again; if it persists, contact support.",
    )


def check_credentials(credentials: Credentials) -> ConnectionCheck:
    """Sign in and list entities. Never raises for Intacct or network problems: they become the result."""
    endpoint = endpoint_for(credentials.endpoint_url)
    try:
        config = build_config(credentials, max_retries=1)
    except IntacctError as error:
        return explain_failure(error, endpoint)
    client = IntacctClient(config)
    try:
        client.execute(ApiSessionCreate(credentials.entity_id or None))
        result = client.execute(
            Query(
                "LOCATIONENTITY",
                ["LOCATIONID", "NAME", "CURRENCY"],
                order_by=[Order("LOCATIONID")],
                show_private=True,
                page_size=500,
            )
        )
    except IntacctError as error:
        logger.info("Intacct connection check for %s failed: %s", credentials.company_id, error.message)
        return explain_failure(error, endpoint)
    finally:
        client.close()
    entities = [
        {
            "id": str(r.get("LOCATIONID", "")),
            "name": str(r.get("NAME", "")),
            "currency": str(r.get("CURRENCY", "")),
        }
        for r in result.data
    ]
    where = f"entity {credentials.entity_id}" if credentials.entity_id else "the top level"
    return ConnectionCheck(
        ConnectionStatus.CONNECTED,
        f"Connected to Intacct company {credentials.company_id} at {where} as {credentials.user_id}.",
        entities=entities,
    )


def _apply_check(connection: IntacctConnection, check: ConnectionCheck) -> None:
    now = timezone.now()
    connection.status = check.status
    connection.status_message = check.message
    connection.status_hint = check.hint
    connection.status_errors = check.errors
    connection.last_checked_at = now
    if check.ok:
        connection.last_connected_at = now
        connection.entities = check.entities


@dataclass
class SaveOutcome:
    saved: bool
    check: ConnectionCheck
    refused_reason: str = ""


def _snapshot(connection: IntacctConnection | None) -> dict[str, Any] | None:
    if connection is None:
        return None
    return {
        "company_id": connection.intacct_company_id,
        "user_id": connection.user_id,
        "user_password": "set" if connection.has_password else "",
        "entity_id": connection.entity_id,
        "endpoint_url": connection.endpoint_url,
    }


def save_credentials(
    *,
    company: Company,
    actor: User,
    intacct_company_id: str,
    user_id: str,
    user_password: str,
    entity_id: str,
    endpoint_url: str,
    save_anyway: bool,
) -> SaveOutcome:
    """Test first; save only what works, unless the administrator explicitly saves anyway.

    Saving also makes Sage Intacct the company's accounting integration, which is refused while
    QuickBooks is active (nothing is saved then).
    """
    current = active_provider(company)
    if current is not None and current != PROVIDER:
        reason = (
            f"{AccountingProvider(current).label} is this company's accounting integration. Sage Intacct can be "
            "enabled only after it is disconnected: choose \u201cNone\u201d in Company Preferences > Integrations > "
            "Accounting integration, then save these API keys again."
        )
        return SaveOutcome(False, ConnectionCheck(ConnectionStatus.FAILING, reason), refused_reason=reason)
    existing = IntacctConnection.objects.filter(company=company).first()
    password = user_password or (existing.get_password() if existing is not None else "")
    credentials = Credentials(intacct_company_id, user_id, password, entity_id, endpoint_url)
    check = check_credentials(credentials)
    if not check.ok and not save_anyway:
        return SaveOutcome(False, check)
    before = _snapshot(existing)
    try:
        with transaction.atomic():
            connection = existing or IntacctConnection(company=company)
            connection.intacct_company_id = intacct_company_id
            connection.user_id = user_id
            if user_password:
                connection.set_password(user_password)
            connection.entity_id = entity_id
            connection.endpoint_url = endpoint_url
            connection.updated_by = actor
            _apply_check(connection, check)
            if not check.ok:
                connection.status = ConnectionStatus.UNTESTED
                connection.status_message = f"Saved without a successful test. Last test: {check.message}"
            connection.save()
            activate(company, PROVIDER, actor)
            record_audit(
                company=company,
                actor=actor,
                action="sage_intacct.api_keys",
                object_type="intacct_connection",
                object_id=connection.pk,
                summary="Sage Intacct API keys saved" + ("" if check.ok else " without a successful test"),
                before=before,
                after=_snapshot(connection),
            )
    except IntegrationConflict as conflict:
        return SaveOutcome(False, ConnectionCheck(ConnectionStatus.FAILING, str(conflict)), str(conflict))
    forget_clients(company)
    return SaveOutcome(True, check)


def recheck(connection: IntacctConnection) -> ConnectionCheck:
    """Test the stored credentials and record the outcome on the connection."""
    if not connection.has_password:
        check = ConnectionCheck(
            ConnectionStatus.NOT_CONFIGURED,
            "No password is stored.",
            "Enter the API keys in Company Preferences > Integrations > API Keys.",
        )
    else:
        try:
            password = connection.get_password()
        except Exception:  # the encryption key changed: tell the admin, never crash the page
            check = ConnectionCheck(
                ConnectionStatus.REJECTED,
                "The stored password cannot be decrypted with this server's keys.",
                "Re-enter the password in Company Preferences > Integrations > API Keys.",
            )
        else:
            check = check_credentials(
                Credentials(
                    connection.intacct_company_id,
                    connection.user_id,
                    password,
                    connection.entity_id,
                    connection.endpoint_url,
                )
            )
    _apply_check(connection, check)
    connection.save(
        update_fields=[
            "status",
            "status_message",
            "status_hint",
            "status_errors",
            "last_checked_at",
            "last_connected_at",
            "entities",
            "updated_at",
        ]
    )
    return check


def disconnect(company: Company, actor: User) -> bool:
    """Forget the password and stop being the accounting integration; history and links stay."""
    connection = IntacctConnection.objects.filter(company=company).first()
    with transaction.atomic():
        if connection is not None:
            before = _snapshot(connection)
            connection.clear_password()
            connection.status = ConnectionStatus.NOT_CONFIGURED
            connection.status_message = "Disconnected."
            connection.status_hint = ""
            connection.status_errors = []
            connection.updated_by = actor
            connection.save()
            record_audit(
                company=company,
                actor=actor,
                action="sage_intacct.disconnected",
                object_type="intacct_connection",
                object_id=connection.pk,
                summary="Sage Intacct disconnected (sync history and record links kept)",
                before=before,
                after=_snapshot(connection),
            )
        was_active = active_provider(company) == PROVIDER
        if was_active:
            deactivate(company, actor)
    forget_clients(company)
    return connection is not None or was_active


def status_of(company: Company) -> dict[str, Any]:
    """The connection status as plain data (for the settings page and the JSON endpoint)."""
    connection = IntacctConnection.objects.filter(company=company).first()
    enabled = active_provider(company) == PROVIDER
    if connection is None or (
        not connection.has_password and connection.status == ConnectionStatus.NOT_CONFIGURED
    ):
        status = ConnectionStatus.NOT_CONFIGURED
    else:
        status = ConnectionStatus(connection.status)
    return {
        "status": status.value,
        "label": status.label,
        "enabled": enabled,
        "message": connection.status_message if connection else "Enter the API keys to connect.",
        "hint": connection.status_hint if connection else "",
        "errors": connection.status_errors if connection else [],
        "company_id": connection.intacct_company_id if connection else "",
        "user_id": connection.user_id if connection else "",
        "entity_id": connection.entity_id if connection else "",
        "endpoint_url": endpoint_for(connection.endpoint_url)
        if connection
        else settings.INTACCT_ENDPOINT_URL,
        "entities": connection.entities if connection else [],
        "last_checked_at": connection.last_checked_at.isoformat()
        if connection and connection.last_checked_at
        else None,
        "last_connected_at": (
            connection.last_connected_at.isoformat() if connection and connection.last_connected_at else None
        ),
    }


def recheck_all() -> dict[str, int]:
    """Re-test every connection that has a stored password; counts by resulting status."""
    counts: dict[str, int] = {}
    for connection in IntacctConnection.objects.filter(
        company_id__in=companies_with_password()
    ).select_related("company"):
        check = recheck(connection)
        counts[check.status] = counts.get(check.status, 0) + 1
    return counts
