"""Redaction for everything the package logs.

The official SDKs mask the same elements; in addition every configured secret value is masked
literally, so a password echoed inside an unexpected element still never reaches a log handler.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

__all__ = ["REDACTED", "REDACTED_ELEMENTS", "http_logger", "redact", "retry_logger", "session_logger"]

REDACTED = "REDACTED"
REDACTED_ELEMENTS = (
    "password",
    "sessionid",
    "accountnumber",
    "cardnum",
    "ssn",
    "achaccountnumber",
    "wireaccountnumber",
    "taxid",
)
_ELEMENT = re.compile(
    r"(<(" + "|".join(REDACTED_ELEMENTS) + r")(?:\s[^>]*)?>)(.*?)(</\2\s*>)",
    re.IGNORECASE | re.DOTALL,
)

http_logger = logging.getLogger("intacct.http")
session_logger = logging.getLogger("intacct.session")
retry_logger = logging.getLogger("intacct.retry")


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    text = _ELEMENT.sub(lambda match: f"{match.group(1)}{REDACTED}{match.group(4)}", text)
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, REDACTED)
            escaped = secret.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            if escaped != secret:
                text = text.replace(escaped, REDACTED)
    return text


def body_for_log(body: bytes, secrets: Iterable[str] = (), limit: int = 100_000) -> str:
    """Redact the whole body, then shorten it: cutting first could split a secret (or its
    element) so that neither the element pattern nor the literal match would catch it."""
    text = redact(body.decode("utf-8", "replace"), secrets)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text) - limit} more characters)"
