"""The one way a view follows a `next` or `back` value it was given: never off this site.

Forms carry where to return to (`next`: a path; `back`: a query string for the same page). Both come
from the request, so an attacker can post `next=https://evil.example/` from their own page; every view
that redirects to such a value goes through `redirect_to_next` or `redirect_with_query`, which check
it with Django's `url_has_allowed_host_and_scheme` and fall back to a fixed page otherwise.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request: HttpRequest, candidate: str | None, fallback: str) -> str:
    """`candidate` when it points at this site (same host, http(s), https kept), else `fallback`."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def redirect_to_next(request: HttpRequest, fallback: str, *, field: str = "next") -> HttpResponseRedirect:
    """Redirect to the posted (or, for GET, queried) `field` if it is safe, else to `fallback`."""
    source = request.POST if request.method == "POST" else request.GET
    return HttpResponseRedirect(safe_next_url(request, source.get(field), fallback))


def redirect_with_query(request: HttpRequest, url: str, *, field: str = "back") -> HttpResponseRedirect:
    """Back to `url` with the query string posted in `field` (e.g. a list's filters), if it is one.

    Only a value starting with "?" is appended; the result is checked like any `next`.
    """
    back = request.POST.get(field, "")
    target = url + back if back.startswith("?") else url
    return HttpResponseRedirect(safe_next_url(request, target, url))
