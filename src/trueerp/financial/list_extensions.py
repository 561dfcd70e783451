"""Extension points of the transaction list: extra columns and extra filters.

An integration registers them from its ``AppConfig.ready()``; the Financial module never imports
the integration. Example (what the Sage Intacct module does for "sync status")::

    from django.utils.html import format_html
    from trueerp.financial import list_extensions

    def sync_badges(transactions, company):
        # ONE query for the whole page: never one per row.
        states = dict(
            SyncRecord.objects.filter(transaction__in=transactions).values_list("transaction_id", "state")
        )
        return {t.pk: format_html('<span class="badge {}">{}</span>', css(states.get(t.pk)), label(...))
                for t in transactions}

    list_extensions.register_column(
        list_extensions.ListColumn(key="sync", header="Sync status", render_page=sync_badges, order=50)
    )
    list_extensions.register_filter(
        list_extensions.ListFilter(
            key="sync", label="Sync status",
            choices=[("synced", "Synced"), ("failed", "Failed"), ("not_synced", "Not synced")],
            apply=lambda queryset, value: queryset.filter(sync_record__state=value),
        )
    )

A column's ``render_page(transactions, company)`` gets the page's transactions (a list, at most
one page long) and returns ``{transaction id: safe HTML}``; ids missing from the result render
as an empty cell; ``is_visible(company)`` (optional) hides the column for a company, and
``permission`` (optional, a catalog number) hides a column or a filter from people who do not hold
it: a user without it sees neither the column, the detail badge, nor the filter, and a filter
parameter in the URL is ignored for them. A filter's ``apply(queryset, value)`` gets the company-scoped queryset and a
value that is one of its choices (anything else is ignored), and returns a narrowed queryset; it
must keep the ordering so keyset pagination stays correct. ``choices`` is a list of
``(value, label)`` pairs or a callable ``(company) -> list``; a filter with no choices for a
company is not shown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.safestring import SafeString

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from trueerp.core.models import Company
    from trueerp.financial.models import Transaction

ColumnRenderer = Callable[[Sequence["Transaction"], "Company"], Mapping[int, SafeString]]
FilterApply = Callable[["QuerySet[Transaction]", str], "QuerySet[Transaction]"]
Choices = Sequence[tuple[str, str]] | Callable[["Company"], Sequence[tuple[str, str]]]


@dataclass(frozen=True)
class ListColumn:
    """``is_visible(company)``, when given, hides the column for companies it does not apply to
    (e.g. a sync-status column for a company without the integration)."""

    key: str
    header: str
    render_page: ColumnRenderer
    order: int = 100
    css_class: str = ""
    is_visible: Callable[[Company], bool] | None = None
    permission: int | None = None


@dataclass(frozen=True)
class ListFilter:
    key: str
    label: str
    choices: Choices
    apply: FilterApply
    order: int = 100
    permission: int | None = None

    @property
    def param(self) -> str:
        """The query-string name: prefixed so an extension can never shadow a built-in filter."""
        return f"x_{self.key}"

    def choices_for(self, company: Company) -> list[tuple[str, str]]:
        choices = self.choices(company) if callable(self.choices) else self.choices
        return list(choices)


_columns: dict[str, ListColumn] = {}
_filters: dict[str, ListFilter] = {}


def register_column(column: ListColumn) -> None:
    _columns[column.key] = column


def register_filter(list_filter: ListFilter) -> None:
    _filters[list_filter.key] = list_filter


def unregister(key: str) -> None:
    """Remove a column and/or filter (tests use this to clean up)."""
    _columns.pop(key, None)
    _filters.pop(key, None)
    _bulk_actions.pop(key, None)


@dataclass(frozen=True)
class BulkAction:
    """A button above the list that POSTs the selected ``transaction_ids`` to ``url_name``."""

    key: str
    label: str
    url_name: str
    permission: int | None = None
    order: int = 100


_bulk_actions: dict[str, BulkAction] = {}


def register_bulk_action(action: BulkAction) -> None:
    _bulk_actions[action.key] = action


def bulk_actions_for(user: object) -> list[BulkAction]:
    from trueerp.core.permissions import user_has_permission

    visible = [
        a for a in _bulk_actions.values() if a.permission is None or user_has_permission(user, a.permission)
    ]
    return sorted(visible, key=lambda action: (action.order, action.key))


def _allowed(permission: int | None, user: object | None) -> bool:
    from trueerp.core.permissions import user_has_permission

    return permission is None or (user is not None and user_has_permission(user, permission))


def columns(user: object | None = None) -> list[ListColumn]:
    """The registered columns `user` may see (all of them without a permission when user is None)."""
    visible = [column for column in _columns.values() if _allowed(column.permission, user)]
    return sorted(visible, key=lambda column: (column.order, column.key))


def filters(user: object | None = None) -> list[ListFilter]:
    visible = [list_filter for list_filter in _filters.values() if _allowed(list_filter.permission, user)]
    return sorted(visible, key=lambda list_filter: (list_filter.order, list_filter.key))


@dataclass(frozen=True)
class RenderedColumn:
    column: ListColumn
    cells: Mapping[int, SafeString]

    def cell(self, transaction_id: int) -> SafeString:
        return self.cells.get(transaction_id, SafeString(""))


def render_columns(
    transactions: Sequence[Transaction], company: Company, user: object | None = None
) -> list[RenderedColumn]:
    """Each registered column visible to the company and `user`, rendered once for the whole page."""
    visible = [column for column in columns(user) if column.is_visible is None or column.is_visible(company)]
    if not transactions:
        return [RenderedColumn(column, {}) for column in visible]
    return [RenderedColumn(column, column.render_page(transactions, company)) for column in visible]
