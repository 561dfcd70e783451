"""The one place the module turns a company's connection into an `intacct` client.

Clients are cached per process and keyed by everything that identifies the Intacct session
(company, user, encrypted password, entity, endpoint), so a credentials change never reuses a
stale session, and workers reuse sessions across jobs (the client renews them before they expire).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.conf import settings

from intacct import ClientConfig, IntacctClient
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


def build_config(
    credentials: Credentials, *, entity_id: str | None = None, max_retries: int = 3
) -> ClientConfig:
    """A client configuration with TRUE's sender and the company's user.

    `entity_id` overrides the connection's entity (None = use the connection's; "" = top level).
    """
    endpoint = endpoint_for(credentials.endpoint_url)
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
