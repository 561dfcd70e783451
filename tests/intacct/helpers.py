"""A scripted Intacct stand-in for FakeTransport: answers by looking at what was sent."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from intacct.testing import RecordedRequest, response_xml, result_xml, session_result_xml, xml_response
from intacct.transport import TransportResponse

SESSION_ENDPOINT = "https://na2.intacct.com/ia/xml/xmlgw.phtml"


@dataclass
class SentRequest:
    url: str
    auth: str  # "login" or "session"
    session_id: str | None
    login_entity: str | None
    functions: list[tuple[str, str]]  # (element, control id)
    control: dict[str, str]
    transaction: str


def decode(request: RecordedRequest) -> SentRequest:
    root = etree.fromstring(request.body)
    functions = [(fn[0].tag, fn.get("controlid", "")) for fn in root.iterfind("operation/content/function")]
    login = root.find("operation/authentication/login")
    return SentRequest(
        url=request.url,
        auth="login" if login is not None else "session",
        session_id=root.findtext("operation/authentication/sessionid"),
        login_entity=None if login is None else login.findtext("locationid"),
        functions=functions,
        control={child.tag: child.text or "" for child in root.find("control")},  # type: ignore[union-attr]
        transaction=root.find("operation").get("transaction", ""),  # type: ignore[union-attr]
    )


@dataclass
class ScriptedIntacct:
    """Opens sessions S1.., S2.. and answers every other function with success."""

    endpoint: str = SESSION_ENDPOINT
    session_timeout: str = "2099-01-01T00:00:00+00:00"
    sessions: int = 0
    valid_sessions: set[str] = field(default_factory=set)
    on_function: Callable[[SentRequest], TransportResponse | None] | None = None
    seen: list[SentRequest] = field(default_factory=list)

    def __call__(self, request: RecordedRequest) -> TransportResponse:
        sent = decode(request)
        self.seen.append(sent)
        element, control_id = sent.functions[0]
        if element == "getAPISession":
            self.sessions += 1
            session_id = f"S{self.sessions}.."
            self.valid_sessions.add(session_id)
            entity = sent.login_entity or ""
            return xml_response(
                response_xml(
                    [session_result_xml(control_id, session_id, self.endpoint, entity)],
                    entity_id=entity,
                    session_timeout=self.session_timeout,
                )
            )
        if sent.auth == "session" and sent.session_id not in self.valid_sessions:
            return xml_response(
                response_xml(
                    auth_status="failure",
                    user_id="",
                    company_id="",
                    auth_errors=[
                        "<error><errorno>XL03000006</errorno><description></description><description2>"
                        "Invalid session</description2><correction></correction></error>"
                    ],
                )
            )
        if self.on_function is not None:
            answer = self.on_function(sent)
            if answer is not None:
                return answer
        return xml_response(
            response_xml(
                [
                    result_xml(name, cid, data="<item><ID>1</ID></item>", data_attributes={"count": 1})
                    for name, cid in sent.functions
                ],
                control_id=sent.control.get("controlid", ""),
                session_timeout=self.session_timeout,
            )
        )
