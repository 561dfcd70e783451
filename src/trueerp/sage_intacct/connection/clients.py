"""The one place the module turns a company's connection into an `intacct` client.

Clients are cached per process and keyed by everything that identifies the Intacct session
(company, user, encrypted password, entity, endpoint), so a credentials change never reuses a
stale session, and workers reuse sessions across jobs (the client renews them before they expire).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from intacct import ClientConfig, IntacctClient
from intacct.errors import EndpointError
from trueerp.core.models import Company
from trueerp.sage_intacct.connection.models import IntacctConnection


class NotConfigured(Exception):
    """The company has no usable Sage Intacct connection; the message says what to do."""


@dataclass(frozen=True)
class Credentials:
    company_id: str
    user_id: str
    user_password: str
    entity_id: str = ""
    endpoint_url: str = ""


def endpoint_for(endpoint_url: str) -> str:
    return endpoint_url or settings.INTACCT_ENDPOINT_URL


def _is_intacct_host(scheme: str, host: str) -> bool:
    return scheme == "https" and (host == "intacct.com" or host.endswith(".intacct.com"))


def endpoint_refusal(endpoint_url: str) -> str:
    """Why a company's own endpoint may not be used ("" when it may).

    Sage Intacct's own https hosts always may; anything else only if its host is on
    INTACCT_ENDPOINT_ALLOWED_HOSTS (default: loopback, where the emulator runs). Checked when the API
    keys are saved and again whenever a client is built, so an endpoint saved before the list changed
    is refused too.
    """
    parts = urlsplit(endpoint_url)
    host = (parts.hostname or "").lower().rstrip(".")
    if parts.scheme not in ("http", "https") or not host:
        return f"{endpoint_url!r} is not an http(s) URL; enter the full address, e.g. https://…/ia/xml/xmlgw.phtml."
    if _is_intacct_host(parts.scheme, host):
        return ""
    allowed = [
        entry.strip().lower().strip("[]").rstrip(".") for entry in settings.INTACCT_ENDPOINT_ALLOWED_HOSTS
    ]
    if any(host == entry or (entry.startswith(".") and host.endswith(entry)) for entry in allowed if entry):
        return ""
    listed = ", ".join(settings.INTACCT_ENDPOINT_ALLOWED_HOSTS) or "none"
    return (
        f"The host {host!r} is not allowed as an Intacct endpoint on this server (allowed: Sage Intacct's "
        f"gateway and {listed}). Leave the field blank to use Sage Intacct, or ask the server's administrator "
        "to add the host to INTACCT_ENDPOINT_ALLOWED_HOSTS."
    )


def build_config(
    credentials: Credentials, *, entity_id: str | None = None, max_retries: int = 3
) -> ClientConfig:
    """A client configuration with TRUE's sender and the company's user.

    `entity_id` overrides the connection's entity (None = use the connection's; "" = top level).
    """
    endpoint = endpoint_for(credentials.endpoint_url)
    if credentials.endpoint_url and (refusal := endpoint_refusal(credentials.endpoint_url)):
        raise EndpointError(refusal)
    entity = credentials.entity_id if entity_id is None else entity_id
    return ClientConfig(
        sender_id=settings.INTACCT_SENDER_ID,
        sender_password=settings.INTACCT_SENDER_PASSWORD,
        company_id=credentials.company_id,
        user_id=credentials.user_id,
        user_password=credentials.user_password,
        entity_id=entity or None,
        endpoint_url=endpoint,
        allow_custom_endpoint=settings.INTACCT_ALLOW_CUSTOM_ENDPOINT,
        connect_timeout=min(10.0, settings.INTACCT_TIMEOUT_S),
        read_timeout=settings.INTACCT_TIMEOUT_S,
        total_timeout=max(settings.INTACCT_TOTAL_TIMEOUT_S, settings.INTACCT_TIMEOUT_S),
        max_in_flight=settings.INTACCT_MAX_IN_FLIGHT,
        max_retries=max_retries,
    )


def credentials_of(connection: IntacctConnection) -> Credentials:
    if not connection.has_password:
        raise NotConfigured(
            "No Sage Intacct password is stored. Enter it in Company Preferences > Integrations > API Keys."
        )
    return Credentials(
        company_id=connection.intacct_company_id,
        user_id=connection.user_id,
        user_password=connection.get_password(),
        entity_id=connection.entity_id,
        endpoint_url=connection.endpoint_url,
    )


_cache_lock = threading.Lock()
_clients: dict[tuple[object, ...], IntacctClient] = {}


def client_for_company(company: Company, entity_id: str | None = None) -> IntacctClient:
    """A shared client for the company's connection (entity: None = the connection's, "" = top level)."""
    connection = IntacctConnection.objects.filter(company=company).first()
    if connection is None:
        raise NotConfigured(
            "Sage Intacct is not configured for this company. Enter the API keys in Company Preferences > "
            "Integrations > API Keys."
        )
    key = (company.pk, connection.credentials_fingerprint(), entity_id)
    with _cache_lock:
        client = _clients.get(key)
        if client is None:
            stale = [k for k in _clients if k[0] == company.pk and k[1] != key[1]]
            for old in stale:
                _clients.pop(old).close()
            client = IntacctClient(build_config(credentials_of(connection), entity_id=entity_id))
            _clients[key] = client
        return client


def forget_clients(company: Company | None = None) -> None:
    """Close cached clients (all, or one company's): after credentials change or in tests."""
    with _cache_lock:
        for key in [k for k in _clients if company is None or k[0] == company.pk]:
            _clients.pop(key).close()
