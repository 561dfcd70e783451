"""The connection status says at once what the engine meets: a request that could not reach Intacct
makes it *failing*, rejected credentials *rejected*, the next request that works *connected* again,
without waiting for the periodic connection check. Written with UPDATE, not save(): saving the
connection means "new keys" to the rest of the module (it resumes a paused queue)."""

from __future__ import annotations

from django.utils import timezone

from intacct import ControlError, IntacctError
from trueerp.sage_intacct.connection.models import ConnectionStatus, IntacctConnection
from trueerp.sage_intacct.connection.services import explain_failure


def sender_rejected(exc: ControlError) -> bool:
    """A control failure about TRUE's Web Services sender credentials (server configuration)."""
    text = " ".join(f"{e.errorno} {e.text}" for e in exc.errors).lower()
    return "partner id or password" in text or ("sender" in text and "password" in text)


def set_status(
    connection: IntacctConnection,
    status: str,
    message: str,
    hint: str = "",
    errors: list[dict[str, str]] | None = None,
) -> None:
    now = timezone.now()
    changes: dict[str, object] = {
        "status": status,
        "status_message": message,
        "status_hint": hint,
        "status_errors": errors or [],
        "last_checked_at": now,
    }
    if status == ConnectionStatus.CONNECTED:
        changes["last_connected_at"] = now
    IntacctConnection.objects.filter(pk=connection.pk).update(**changes)
    connection.status = status


def failing(connection: IntacctConnection, exc: IntacctError | OSError) -> None:
    """Intacct could not be reached (or did not answer like Intacct)."""
    if connection.status in (ConnectionStatus.FAILING, ConnectionStatus.REJECTED):
        return
    check = explain_failure(exc, connection.endpoint_url)
    set_status(connection, ConnectionStatus.FAILING, check.message, check.hint, check.errors)


def rejected(connection: IntacctConnection, exc: IntacctError) -> None:
    """The user's or TRUE's sender credentials were refused."""
    check = explain_failure(exc, connection.endpoint_url)
    message = check.message
    if isinstance(exc, ControlError):
        message = f"Sage Intacct rejected TRUE ERP's Web Services sender: {exc.message}"
    set_status(connection, ConnectionStatus.REJECTED, message, check.hint, check.errors)


def working(connection: IntacctConnection) -> None:
    """A request succeeded: a failing or untested connection is connected after all."""
    if connection.status not in (ConnectionStatus.FAILING, ConnectionStatus.UNTESTED):
        return
    where = f"entity {connection.entity_id}" if connection.entity_id else "the top level"
    set_status(
        connection,
        ConnectionStatus.CONNECTED,
        f"Connected to Intacct company {connection.intacct_company_id} at {where} as {connection.user_id}.",
    )
