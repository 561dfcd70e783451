"""Issue 12, item 7: every URL pattern of the project, walked as every persona, GET and POST.

The URL names come from the resolver, not from a list kept by hand, so a page added without an entry
in `url_access.URL_ACCESS` fails here with a message saying what to add. Each request runs in a
savepoint that is rolled back (and the client's cookies restored), so a POST that deletes, voids or
logs out does not change what the next request sees.
"""

from __future__ import annotations

from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.http import HttpResponseBase
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.http import url_has_allowed_host_and_scheme

from trueerp.core.permissions import permission_numbers
from trueerp.core.registry import _registry as core_registry
from trueerp.sage_intacct.connection.clients import forget_clients
from trueerp.sage_intacct.mapping.services.context import forget_contexts
from trueerp.tests.url_access import MARKERS, NOT_ALLOWED, URL_ACCESS, WORLD_BUILDERS, Access

TABLE = "src/trueerp/tests/url_access.py"


@dataclass(frozen=True)
class Route:
    name: str
    kwarg_names: frozenset[str]


def routes() -> dict[str, Route]:
    """Every named URL pattern of the project, with the names of its URL arguments."""
    found: dict[str, Route] = {}
    unnamed: list[str] = []

    def walk(
        patterns: list[URLPattern | URLResolver], namespace: str, kwargs: frozenset[str], prefix: str
    ) -> None:
        for entry in patterns:
            here = kwargs | frozenset(getattr(entry.pattern, "converters", {}))
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, inner, here, prefix + str(entry.pattern))
            elif entry.name is None:
                unnamed.append(prefix + str(entry.pattern))
            else:
                found[namespace + entry.name] = Route(namespace + entry.name, here)

    walk(get_resolver().url_patterns, "", frozenset(), "/")
    assert unnamed == [], f"Give these URL patterns a name so that {TABLE} can declare them: {unnamed}"
    return found


def cases(name: str) -> list[Access]:
    entry = URL_ACCESS[name]
    return entry if isinstance(entry, list) else [entry]


def test_every_url_of_the_project_is_declared_with_what_it_needs():
    names = set(routes())
    missing = sorted(names - set(URL_ACCESS))
    stale = sorted(set(URL_ACCESS) - names)
    assert missing == [], (
        f"New URL(s) {missing}: add each to URL_ACCESS in {TABLE} with the permission numbers it needs "
        "and the status a permitted user gets for GET and POST, so the URL walk covers it."
    )
    assert stale == [], f"URL_ACCESS in {TABLE} names URLs that no longer exist: {stale}; remove them."


def test_every_preference_section_is_declared():
    declared = {case.kwargs["slug"].removeprefix("=") for case in cases("preferences_section")}
    registered = set(core_registry.preference_sections)
    assert registered - declared == set(), f"Add the section(s) to preferences_section in {TABLE}."
    assert declared - registered == set()


PERSONAS = ("anonymous", "admin", "clerk", "preferences_admin", "sage", "outsider")


@pytest.fixture
def people(admin_user, clerk_user, preferences_admin_user, sage_user, other_admin_user):
    return {
        "admin": admin_user,
        "clerk": clerk_user,
        "preferences_admin": preferences_admin_user,
        "sage": sage_user,
        "outsider": other_admin_user,
    }


@pytest.fixture
def world(company, other_company, people):
    built: dict[str, object] = {}
    for builder in WORLD_BUILDERS:
        built.update(builder(company, other_company, people))
    return built


def url_for(route: Route, case: Access, world: dict[str, object]) -> str:
    kwargs: dict[str, object] = {}
    for kwarg in sorted(route.kwarg_names):
        source = case.kwargs.get(kwarg)
        assert source is not None, (
            f"{route.name} takes <{kwarg}>: name the object that fills it in its entry in {TABLE} "
            "(kwargs={...}), adding a WORLD_BUILDERS builder if it is one of your models."
        )
        if source.startswith("="):
            kwargs[kwarg] = source[1:]
        else:
            assert source in world, f"{route.name}: no object {source!r} in the URL walk's world ({TABLE})."
            kwargs[kwarg] = world[source]
    return reverse(route.name, kwargs=kwargs)


def expected_status(case: Access, method: str, persona: str, held: frozenset[int]) -> int:
    allowed = case.get if method == "GET" else case.post
    if case.public:
        anonymous = case.anonymous_get if method == "GET" else case.anonymous_post
        return anonymous if persona == "anonymous" and anonymous is not None else allowed
    if persona == "anonymous":
        return 302
    needed = case.needs if method == "GET" else (*case.needs, *case.to_change)
    if not set(needed) <= held:
        return 403
    if persona == "outsider" and case.scoped and allowed != NOT_ALLOWED:
        return 404
    return allowed


class _Rollback(Exception):
    pass


def _body(response: HttpResponseBase) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")  # type: ignore[attr-defined]
    return str(response.content.decode(errors="replace"))  # type: ignore[attr-defined]


def send(client: Client, method: str, url: str) -> tuple[HttpResponseBase, str]:
    """One request whose effects are rolled back, the client's cookies (its sign-in) kept."""
    cookies = deepcopy(client.cookies)
    response: HttpResponseBase | None = None
    body = ""
    try:
        with transaction.atomic():
            response = client.get(url) if method == "GET" else client.post(url, {})
            body = _body(response)
            raise _Rollback
    except _Rollback:
        pass
    finally:
        client.cookies = cookies
        forget_contexts()
        forget_clients()
    assert response is not None
    return response, body


def _clients(people, world) -> Iterator[tuple[str, Client, frozenset[int]]]:
    yield "anonymous", Client(raise_request_exception=False), frozenset()
    for persona in PERSONAS[1:]:
        user = people[persona]
        client = Client(raise_request_exception=False)
        client.force_login(user)
        if persona != "outsider":  # a bulk sync this person started (kept in their session)
            session = client.session
            session[f"sage_bulk_{world['bulk_operation']}"] = [world["transaction"]]
            session.save()
        yield persona, client, permission_numbers(user)


def _leaks(persona: str, body: str, company, other_company) -> list[str]:
    if persona == "anonymous":
        forbidden = [*MARKERS, company.name, other_company.name]
    elif persona == "outsider":
        forbidden = [MARKERS[0], company.name]
    else:
        forbidden = [MARKERS[1], other_company.name]
    return [text for text in forbidden if text in body]


@pytest.mark.django_db
def test_the_url_walk_every_persona_get_and_post(world, people, company, other_company):
    table = routes()
    assert set(table) <= set(URL_ACCESS), "undeclared URLs: see test_every_url_of_the_project_is_declared"
    failures: list[str] = []
    requests = 0
    own_data_seen = {"admin": 0, "outsider": 0}  # the leak check means something only if data shows
    for persona, client, held in _clients(people, world):
        for name in sorted(table):
            for case in cases(name):
                url = url_for(table[name], case, world)
                for method in ("GET", "POST"):
                    response, body = send(client, method, url)
                    requests += 1
                    want = expected_status(case, method, persona, held)
                    where = f"{persona:18} {method:4} {url} ({name})"
                    if response.status_code != want:
                        error = getattr(response, "exc_info", None)
                        detail = f": {error[1]!r}" if error else ""
                        failures.append(f"{where}: {response.status_code}, expected {want}{detail}")
                    if response.status_code == 302:
                        location = response["Location"]
                        if not url_has_allowed_host_and_scheme(location, {"testserver"}):
                            failures.append(f"{where}: redirects off the site to {location}")
                        signing_in = want == 302 and persona == "anonymous" and not case.public
                        if signing_in and not location.startswith("/login/?next="):
                            failures.append(f"{where}: anonymous sent to {location}, not to sign in")
                    own = MARKERS[1] if persona == "outsider" else MARKERS[0]
                    if persona in own_data_seen and own in body:
                        own_data_seen[persona] += 1
                    if leaked := _leaks(persona, body, company, other_company):
                        failures.append(f"{where}: body shows another company's data {leaked}")
    assert failures == [], f"{len(failures)} of {requests} requests:\n" + "\n".join(failures)
    assert requests == len(PERSONAS) * 2 * sum(len(cases(name)) for name in table)
    assert min(own_data_seen.values()) >= 10, own_data_seen


@pytest.mark.django_db
def test_every_post_view_refuses_a_request_without_a_csrf_token(world, people):
    from trueerp.core.models import AuditEntry

    table = routes()
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(people["admin"])
    audit_before = AuditEntry.objects.count()
    checked, failures = 0, []
    for name in sorted(table):
        for case in cases(name):
            if case.post == NOT_ALLOWED:
                continue
            url = url_for(table[name], case, world)
            response = client.post(url, {})
            checked += 1
            if (
                response.status_code != 403
                or "This form has expired or was sent from another site" not in _body(response)
            ):
                failures.append(f"POST {url} ({name}) without a CSRF token: {response.status_code}")
    assert failures == []
    assert checked >= 40
    assert AuditEntry.objects.count() == audit_before
