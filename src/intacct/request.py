"""The request envelope, byte-for-byte as the official SDKs write it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from intacct._function import Function
from intacct._xml import XmlWriter
from intacct.config import ClientConfig, RequestConfig
from intacct.errors import InvalidArgumentError

__all__ = ["LoginAuth", "SessionAuth", "build_request"]

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'


@dataclass(frozen=True)
class LoginAuth:
    user_id: str
    company_id: str
    password: str
    entity_id: str | None = None
    client_id: str | None = None

    def write(self, writer: XmlWriter) -> None:
        writer.start("login")
        writer.text_element("userid", self.user_id)
        writer.text_element("companyid", self.company_id)
        writer.text_element("password", self.password)
        if self.client_id:
            writer.text_element("clientid", self.client_id)
        if self.entity_id:
            writer.text_element("locationid", self.entity_id)
        writer.end("login")

    def __repr__(self) -> str:
        return (
            f"LoginAuth(user_id={self.user_id!r}, company_id={self.company_id!r}, "
            f"entity_id={self.entity_id!r}, password='***')"
        )


@dataclass(frozen=True)
class SessionAuth:
    session_id: str

    def write(self, writer: XmlWriter) -> None:
        writer.text_element("sessionid", self.session_id)

    def __repr__(self) -> str:
        return "SessionAuth(session_id='***')"


def build_request(
    config: ClientConfig,
    auth: LoginAuth | SessionAuth,
    functions: Sequence[Function],
    request_config: RequestConfig,
) -> bytes:
    """Serialise one request; raises :class:`InvalidArgumentError` before anything is sent."""
    seen: set[str] = set()
    for function in functions:
        if function.control_id in seen:
            raise InvalidArgumentError(
                f"function control id {function.control_id!r} appears twice in one request; "
                "results could not be told apart"
            )
        seen.add(function.control_id)
    if not config.sender_id or not config.sender_password:
        raise InvalidArgumentError("sender id and sender password are required")
    writer = XmlWriter()
    writer.raw(XML_DECLARATION)
    writer.raw("<request><control>")
    writer.text_element("senderid", config.sender_id)
    writer.text_element("password", config.sender_password)
    writer.text_element("controlid", request_config.control_id)
    writer.raw(f"<uniqueid>{'true' if request_config.uniqueid else 'false'}</uniqueid>")
    writer.raw("<dtdversion>3.0</dtdversion>")
    if request_config.policy_id:
        writer.text_element("policyid", request_config.policy_id)
    writer.raw("<includewhitespace>false</includewhitespace></control>")
    writer.raw(f'<operation transaction="{"true" if request_config.transaction else "false"}">')
    writer.raw("<authentication>")
    auth.write(writer)
    writer.raw("</authentication><content>")
    for function in functions:
        writer.raw(function.to_xml())
    writer.raw("</content></operation></request>")
    return writer.getvalue().encode("utf-8")
