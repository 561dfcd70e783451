"""Issue 12, item 4: a `next` or `back` from the request never sends anyone off the site."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.test import RequestFactory

from trueerp.core.redirects import redirect_to_next, redirect_with_query, safe_next_url

SRC = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        ("/settings/sage-intacct/sync-log/?status=failed", "/settings/sage-intacct/sync-log/?status=failed"),
        ("http://testserver/financial/", "http://testserver/financial/"),
        ("https://evil.example/", "/fallback/"),
        ("//evil.example/path", "/fallback/"),
        ("/\\evil.example", "/fallback/"),
        ("\\\\evil.example", "/fallback/"),
        ("javascript:alert(1)", "/fallback/"),
        ("http://testserver.evil.example/", "/fallback/"),
        ("https:///evil.example", "/fallback/"),
        ("", "/fallback/"),
        (None, "/fallback/"),
    ],
)
def test_safe_next_url_keeps_only_this_sites_urls(candidate, expected):
    request = RequestFactory().post("/x/")
    assert safe_next_url(request, candidate, "/fallback/") == expected


def test_https_requests_never_fall_back_to_http():
    request = RequestFactory().post("/x/", secure=True)
    assert safe_next_url(request, "http://testserver/financial/", "/fallback/") == "/fallback/"
    assert (
        safe_next_url(request, "https://testserver/financial/", "/fallback/")
        == "https://testserver/financial/"
    )


def test_redirect_helpers_read_the_posted_field():
    factory = RequestFactory()
    assert (
        redirect_to_next(factory.post("/x/", {"next": "https://evil.example/"}), "/home/")["Location"]
        == "/home/"
    )
    assert redirect_to_next(factory.post("/x/", {"next": "/ok/?a=1"}), "/home/")["Location"] == "/ok/?a=1"
    assert redirect_with_query(factory.post("/x/", {"back": "?status=suggested&q=ab"}), "/map/")[
        "Location"
    ] == ("/map/?status=suggested&q=ab")
    assert (
        redirect_with_query(factory.post("/x/", {"back": "https://evil.example/"}), "/map/")["Location"]
        == "/map/"
    )
    assert redirect_with_query(factory.post("/x/", {"back": "?//evil.example"}), "/map/")["Location"] == (
        "/map/?//evil.example"
    )


def test_no_view_redirects_to_request_data_except_through_the_helpers():
    """Every `next`/`back` read from a request goes through trueerp.core.redirects."""
    offenders = []
    for path in (SRC / "trueerp").rglob("*.py"):
        if "tests" in path.parts or path.name == "redirects.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "get"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and node.args[0].value in {"next", "back", "return_to", "redirect_to"}
            ):
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert offenders == []
