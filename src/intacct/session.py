"""API sessions: one per (company, user, entity), opened with getAPISession and reused.

Logging in on every request costs a full credential check at Intacct; a session avoids it. The
provider renews a session shortly before its (sliding) timeout and under a lock, so concurrent
threads never open two sessions for the same key.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

from intacct._function import Function
from intacct._logging import session_logger
from intacct.config import ClientConfig, RequestConfig, check_endpoint
from intacct.errors import AuthenticationError, ParseError
from intacct.functions.generic import ApiSessionCreate
from intacct.request import LoginAuth, SessionAuth
from intacct.response import Authentication, Response

__all__ = ["Requester", "Session", "SessionKey", "SessionProvider"]

SessionKey: TypeAlias = tuple[str, str, str]
Requester: TypeAlias = Callable[[str, LoginAuth | SessionAuth, Sequence[Function], RequestConfig], Response]


@dataclass(frozen=True)
class Session:
    session_id: str = field(repr=False)
    endpoint_url: str
    entity_id: str
    user_id: str
    company_id: str
    expires_at: float

    def __repr__(self) -> str:
        return (
            f"Session(session_id='***', endpoint_url={self.endpoint_url!r}, entity_id={self.entity_id!r}, "
            f"user_id={self.user_id!r}, company_id={self.company_id!r}, expires_at={self.expires_at!r})"
        )


class SessionProvider:
    """Hands out a valid session for one (company, user, entity), opening or renewing it on demand."""

    def __init__(
        self,
        config: ClientConfig,
        requester: Requester,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not (config.has_login_credentials or config.session_id):
            raise AuthenticationError("sessions need user credentials or an existing session id")
        self._config = config
        self._requester = requester
        self._clock = clock
        self._lock = threading.Lock()
        self._session: Session | None = None
        self._renew_at = 0.0
        self.sessions_opened = 0

    @property
    def key(self) -> SessionKey:
        return (self._config.company_id, self._config.user_id, self._config.entity_id or "")

    @property
    def can_login(self) -> bool:
        return self._config.has_login_credentials

    def get(self) -> Session:
        with self._lock:
            session = self._session
            if session is None or self._clock() >= self._renew_at:
                session = self._open()
                self._session = session
                self._renew_at = self._renewal_time(session.expires_at)
            return session

    def invalidate(self, session_id: str) -> None:
        """Forget a session Intacct called invalid, unless another thread already replaced it."""
        with self._lock:
            if self._session is not None and self._session.session_id == session_id:
                self._session = None

    def touch(self, session_id: str, authentication: Authentication | None) -> None:
        """Intacct slides the timeout on every call; follow it so sessions are not renewed early."""
        expires_at = self._expiry(authentication)
        if expires_at is None:
            return
        with self._lock:
            session = self._session
            if session is not None and session.session_id == session_id and expires_at > session.expires_at:
                self._session = _replace_expiry(session, expires_at)
                self._renew_at = self._renewal_time(expires_at)

    def _renewal_time(self, expires_at: float) -> float:
        """Renew ``session_renew_margin`` before expiry, but never in the first half of a session's
        life: a company with sessions shorter than the margin would otherwise open one per call."""
        lifetime = max(0.0, expires_at - self._clock())
        return expires_at - min(self._config.session_renew_margin, lifetime / 2)

    def _expiry(self, authentication: Authentication | None) -> float | None:
        """Expiry on the local clock.

        Intacct's timeout minus its own timestamp is the remaining lifetime; adding that to the
        local clock makes renewal immune to clock skew between us and the gateway.
        """
        if authentication is None or authentication.session_timeout is None:
            return None
        timeout = authentication.session_timeout
        stamp = authentication.session_timestamp
        if stamp is not None and (stamp.tzinfo is None) == (timeout.tzinfo is None):
            return self._clock() + max(0.0, (timeout - stamp).total_seconds())
        return timeout.timestamp()

    def _open(self) -> Session:
        config = self._config
        auth: LoginAuth | SessionAuth
        if config.has_login_credentials:
            auth = LoginAuth(
                config.user_id, config.company_id, config.user_password, config.entity_id, config.client_id
            )
        elif self._session is not None:
            auth = SessionAuth(self._session.session_id)
        else:
            auth = SessionAuth(config.session_id)
        function = ApiSessionCreate(config.entity_id)
        response = self._requester(
            config.endpoint_url, auth, [function], RequestConfig(control_id="sessionProvider")
        )
        result = response.results[0].raise_for_status()
        if not result.data:
            raise ParseError("getAPISession result carries no <api> data")
        api = result.data[0]
        session_id = api.get("sessionid")
        endpoint = api.get("endpoint") or config.endpoint_url
        entity = api.get("locationid") or ""
        if not isinstance(session_id, str) or not session_id:
            raise ParseError("getAPISession result carries no session id")
        if not isinstance(endpoint, str) or not isinstance(entity, str):
            raise ParseError("getAPISession result has a malformed endpoint or location id")
        check_endpoint(endpoint, allow_custom_endpoint=config.allow_custom_endpoint)
        authentication = response.authentication
        expires_at = self._expiry(authentication)
        if expires_at is None:
            expires_at = self._clock() + config.fallback_session_ttl
        self.sessions_opened += 1
        session_logger.info(
            "opened Intacct session company=%s user=%s entity=%s endpoint=%s",
            config.company_id,
            config.user_id,
            entity or "(top level)",
            endpoint,
        )
        return Session(
            session_id=session_id,
            endpoint_url=endpoint,
            entity_id=entity,
            user_id=authentication.user_id if authentication else config.user_id,
            company_id=authentication.company_id if authentication else config.company_id,
            expires_at=expires_at,
        )


def _replace_expiry(session: Session, expires_at: float) -> Session:
    return Session(
        session_id=session.session_id,
        endpoint_url=session.endpoint_url,
        entity_id=session.entity_id,
        user_id=session.user_id,
        company_id=session.company_id,
        expires_at=expires_at,
    )
