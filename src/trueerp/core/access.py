"""View guards: sign-in, company scope and numbered permissions.

Every view in TRUE goes through `require_permission` (or `company_required`), so a page can never
forget the tenant check; objects of another company answer 404, missing permissions 403 with the
permission's number and name.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from trueerp.core.models import Company, User
from trueerp.core.permissions import get_permission, user_has_permission

ViewFunc = Callable[..., HttpResponseBase]
M = TypeVar("M", bound=Model)


def current_company(request: HttpRequest) -> Company:
    company: Company | None = getattr(request.user, "company", None)
    if company is None:
        raise Http404("Your user is not a member of any company.")
    return company


def current_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def permission_denied(request: HttpRequest, number: int) -> HttpResponse:
    definition = get_permission(number)
    return render(
        request,
        "core/403.html",
        {"permission": definition, "title": "Permission required"},
        status=403,
    )


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def require_permission(*numbers: int, to_change: tuple[int, ...] = ()) -> Callable[[ViewFunc], ViewFunc]:
    """Sign-in, company membership and every listed permission, in that order.

    `to_change` lists what a request that changes something (any method but GET, HEAD, OPTIONS)
    needs on top: a page may be readable with module access and editable only with more.
    """

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            current_company(request)
            required = numbers if request.method in SAFE_METHODS else (*numbers, *to_change)
            for number in required:
                if not user_has_permission(request.user, number):
                    return permission_denied(request, number)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def company_required(view: ViewFunc) -> ViewFunc:
    return require_permission()(view)


def scoped(request: HttpRequest, queryset: QuerySet[M]) -> QuerySet[M]:
    """Restrict any queryset of a company-owned model to the requester's company."""
    return queryset.filter(company=current_company(request))


def get_scoped_or_404(request: HttpRequest, queryset: QuerySet[M], **lookup: Any) -> M:
    from django.core.exceptions import ObjectDoesNotExist

    try:
        return scoped(request, queryset).get(**lookup)
    except ObjectDoesNotExist:
        raise Http404("Not found in your company.") from None
