"""The XML gateway: envelope → control checks → authentication → functions → one response.

The order of checks mirrors the three failure levels of the real gateway: a control failure
(bad XML, bad sender, bad policy) executes nothing; an authentication failure returns no
results; function failures are per result unless ``transaction="true"`` turns them into an
all-or-nothing rollback. Throttling (GW-0010) is decided before any work is done.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from dataclasses import dataclass
from typing import Any

from lxml import etree

from . import (
    errors,
    objects,  # noqa: F401  (registers every function)
)
from .context import Ctx, Emulator, iso
from .errors import EmulatorError, ErrorDetail
from .registry import FUNCTIONS
from .serializer import AuthEcho, ControlEcho, OperationOut, Payload, Result, acknowledgement, response
from .store import Record
from .xmlio import parse_request, text


@dataclass
class GatewayReply:
    status: int
    body: bytes
    fault_after: str | None = None  # set when a post-commit fault must replace the reply


CONTENT_TYPE = 'text/xml; encoding="UTF-8"'
log = logging.getLogger(__name__)


def _bool(value: str) -> bool:
    return value.strip().lower() == "true"


class Gateway:
    def __init__(self, emu: Emulator) -> None:
        self.emu = emu

    # --- request processing -----------------------------------------------------------------

    def handle(self, body: bytes, host: str, fault: str | None = None) -> GatewayReply:
        try:
            root = parse_request(body)
        except errors.ControlFailure as exc:
            echo = ControlEcho("failure", "", "", "false", "3.0")
            return GatewayReply(200, response(echo, None, list(exc.errors)))
        ctrl = root.find("control")
        echo = ControlEcho(
            "success",
            text(ctrl, "senderid"),
            text(ctrl, "controlid"),
            text(ctrl, "uniqueid", "false") or "false",
            text(ctrl, "dtdversion", "3.0") or "3.0",
        )
        try:
            sender = self._check_control(ctrl)
        except errors.ControlFailure as exc:
            echo.status = "failure"
            return GatewayReply(200, response(echo, None, list(exc.errors)))
        policy = text(ctrl, "policyid")
        if policy and policy not in sender.get("POLICIES", []):
            echo.status = "failure"
            return GatewayReply(200, response(echo, None, list(errors.bad_policy(policy).errors)))
        operations = root.findall("operation")
        if not operations:
            echo.status = "failure"
            err = errors.xml_parse_errors(
                ["XML Parse schema error: Element request: missing child element operation."]
            )
            return GatewayReply(200, response(echo, None, list(err.errors)))
        uniqueid = _bool(echo.uniqueid)
        outs: list[OperationOut] = []
        for op in operations:
            try:
                outs.append(self._operation(op, sender, uniqueid, host, fault))
            except errors.RateLimited as exc:
                echo.status = "failure"
                return GatewayReply(429, response(echo, None, list(exc.errors)))
        if policy:
            return GatewayReply(200, acknowledgement(echo))
        # the single-operation case is what every SDK sends; extra operations are appended
        body_bytes = response(echo, outs[0], [])
        if len(outs) > 1:
            extra = b"".join(
                response(echo, o, []).split(b"</control>", 1)[1].rsplit(b"</response>", 1)[0]
                for o in outs[1:]
            )
            body_bytes = body_bytes.replace(b"</response>", extra + b"</response>")
        return GatewayReply(200, body_bytes)

    def _check_control(self, ctrl: etree._Element | None) -> Record:
        if ctrl is None:
            raise errors.xml_parse_errors(
                ["XML Parse schema error: Element request: missing child element control."]
            )
        sender = self.emu.store.get_by_id("", "SENDER", text(ctrl, "senderid"))
        if sender is None or sender.get("PASSWORD") != text(ctrl, "password"):
            raise errors.bad_sender()
        return sender

    def _authenticate(
        self, op: etree._Element, sender: Record, host: str, fault: str | None
    ) -> tuple[Ctx, AuthEcho]:
        store = self.emu.store
        auth = op.find("authentication")
        login = auth.find("login") if auth is not None else None
        sid_el = auth.find("sessionid") if auth is not None else None
        endpoint = self.emu.public_endpoint or f"http://{host}/ia/xml/xmlgw.phtml"
        if login is not None:
            userid, company, entity = (
                text(login, "userid"),
                text(login, "companyid"),
                text(login, "locationid"),
            )
            company_rec = store.get_by_id(company, "COMPANY", company)
            user = store.get_by_id(company, "USERINFO", userid) if company_rec else None
            if (
                user is None
                or user.get("PASSWORD") != text(login, "password")
                or user.get("STATUS") == "inactive"
            ):
                raise _AuthError(errors.bad_login(), userid, company)
            if company not in sender.get("COMPANIES", []):
                raise _AuthError(
                    errors.sender_not_authorized(str(sender["SENDERID"]), company), userid, company
                )
            if entity and store.get_by_id(company, "LOCATIONENTITY", entity) is None:
                raise _AuthError(errors.bad_login(), userid, company)
            assert company_rec is not None
            now = self.emu.clock.now()
            hours = float(company_rec.get("SESSION_HOURS", 8))
            ctx = Ctx(
                self.emu,
                company,
                company_rec,
                userid,
                user,
                entity,
                f"login:{company}:{userid}:{entity}",
                endpoint,
            )
            return ctx, AuthEcho(
                "success", userid, company, entity, iso(now), iso(now + dt.timedelta(hours=hours))
            )
        if sid_el is not None:
            sid = (sid_el.text or "").strip()
            raw = store.kv_get("session", sid)
            now = self.emu.clock.now()
            data: dict[str, Any] = json.loads(raw) if raw else {}
            if data and fault == "session_expiry":  # the injected expiry is real: the session is gone
                with store.lock:
                    store.kv_set("session", sid, None)
                    store.commit()
                data = {}
            if not data or dt.datetime.fromisoformat(data["expires"]) < now:
                raise _AuthError(errors.invalid_session(), "", "")
            company = str(data["company"])
            company_rec = store.get_by_id(company, "COMPANY", company)
            user = store.get_by_id(company, "USERINFO", str(data["user"]))
            if company_rec is None or user is None:
                raise _AuthError(errors.invalid_session(), "", "")
            if company not in sender.get("COMPANIES", []):
                raise _AuthError(
                    errors.sender_not_authorized(str(sender["SENDERID"]), company), str(data["user"]), company
                )
            hours = float(company_rec.get("SESSION_HOURS", 8))
            expires = now + dt.timedelta(hours=hours)
            data["expires"] = expires.isoformat()
            with store.lock:
                store.kv_set("session", sid, json.dumps(data))
                store.commit()
            entity = str(data["entity"])
            ctx = Ctx(self.emu, company, company_rec, str(data["user"]), user, entity, sid, endpoint)
            return ctx, AuthEcho("success", ctx.userid, company, entity, iso(now), iso(expires))
        raise _AuthError(errors.bad_login(), "", "")

    def _operation(
        self, op: etree._Element, sender: Record, uniqueid: bool, host: str, fault: str | None
    ) -> OperationOut:
        try:
            ctx, auth_echo = self._authenticate(op, sender, host, fault)
        except _AuthError as exc:
            return OperationOut(AuthEcho("failure", exc.userid, exc.company), errors=list(exc.failure.errors))
        company = ctx.company
        limit = int(ctx.company_rec.get("CONCURRENCY_LIMIT", 0)) or self.emu.concurrency_limit
        with self.emu.inflight_lock:
            busy = self.emu.inflight.get(company, 0)
            if busy >= limit or fault == "rate_limit":
                raise errors.rate_limited(company, limit)
            self.emu.inflight[company] = busy + 1
        try:
            return self._run(op, ctx, auth_echo, uniqueid)
        finally:
            with self.emu.inflight_lock:
                self.emu.inflight[company] -= 1

    def _run(self, op: etree._Element, ctx: Ctx, auth_echo: AuthEcho, uniqueid: bool) -> OperationOut:
        transaction = _bool(op.get("transaction", "false"))
        content = op.find("content")
        functions = [f for f in (content if content is not None else []) if f.tag == "function"]
        delay = self.emu.latency_ms / 1000.0
        for fn in functions:
            inner = next((c for c in fn if isinstance(c.tag, str)), None)
            if inner is not None:
                delay += self.emu.function_latency_ms.get(str(inner.tag), 0) / 1000.0
        if delay > 0:
            time.sleep(delay)
        out = OperationOut(auth_echo)
        store = self.emu.store
        usage: dict[str, int] = {}
        with store.lock:
            failed = False
            for fn in functions:
                controlid = fn.get("controlid", "")
                inner = next((c for c in fn if isinstance(c.tag, str)), None)
                name = str(inner.tag) if inner is not None else ""
                if transaction and failed:
                    out.results.append(
                        Result(name, controlid, "aborted", errors=[errors.TRANSACTION_ROLLED_BACK])
                    )
                    continue
                result = self._call(ctx, inner, name, controlid, uniqueid)
                usage[name] = usage.get(name, 0) + _transactions(name, inner)
                if result.status == "failure":
                    failed = True
                out.results.append(result)
            if transaction and failed:
                store.rollback()
                for r in out.results:
                    if r.status == "success":
                        r.status, r.payload = "aborted", None
                        r.errors = [errors.TRANSACTION_ROLLED_BACK]
                    elif r.status == "failure":
                        r.payload = None  # objects a partial create saved are rolled back too
                        r.errors.append(errors.TRANSACTION_ROLLED_BACK)
            day = self.emu.clock.now().date().isoformat()
            for name, n in usage.items():
                key = f"{ctx.company}|{day}|{name}"
                store.kv_set("usage", key, str(int(store.kv_get("usage", key) or 0) + n))
            store.commit()
        return out

    def _call(
        self, ctx: Ctx, inner: etree._Element | None, name: str, controlid: str, uniqueid: bool
    ) -> Result:
        store = self.emu.store
        uniq_ns = f"uniq:{ctx.company}"
        if inner is None:
            return Result(
                name, controlid, "failure", errors=list(errors.bad_request("Empty function element").errors)
            )
        if uniqueid and store.kv_get(uniq_ns, controlid) is not None:
            return Result(name, controlid, "failure", errors=list(errors.already_executed(controlid).errors))
        spec = FUNCTIONS.get(name)
        if spec is None:
            return Result(name, controlid, "failure", errors=list(errors.unsupported(name).errors))
        mark = store.mark()
        try:
            if spec.writes and not ctx.can_write():
                obj = next((str(c.tag) for c in inner if isinstance(c.tag, str)), name)
                if name == "delete":
                    obj = (inner.findtext("object") or "").strip()
                raise errors.permission_denied(spec.operation, obj)
            payload = spec.handler(ctx, inner)
        except errors.PartialFailure as exc:  # the saved objects stay; the result still fails
            partial = exc.payload if isinstance(exc.payload, Payload) else None
            return Result(name, controlid, "failure", partial, errors=list(exc.errors))
        except EmulatorError as exc:
            store.rollback_to(mark)
            return Result(name, controlid, "failure", errors=list(exc.errors))
        except Exception as exc:
            # A bug in a handler must not leave half-applied writes for the next commit, and the
            # gateway answers 5xx only for injected faults, so it becomes a result-level failure.
            store.rollback_to(mark)
            log.exception("function %s (controlid %s) crashed", name, controlid)
            return Result(name, controlid, "failure", errors=list(errors.internal(type(exc).__name__).errors))
        if uniqueid:
            store.kv_set(uniq_ns, controlid, self.emu.clock.now().isoformat())
        return Result(name, controlid, "success", payload)


class _AuthError(Exception):
    def __init__(self, failure: errors.AuthFailure, userid: str, company: str) -> None:
        super().__init__(str(failure))
        self.failure, self.userid, self.company = failure, userid, company


def _transactions(name: str, inner: etree._Element | None) -> int:
    """Intacct counts each created/updated/deleted record, and one per read call."""
    if inner is None:
        return 0
    if name in ("create", "update"):
        return max(1, sum(1 for c in inner if isinstance(c.tag, str)))
    if name == "delete":
        return max(1, len([k for k in (inner.findtext("keys") or "").split(",") if k.strip()]))
    return 1


def error_details(exc: EmulatorError) -> list[ErrorDetail]:
    return list(exc.errors)
