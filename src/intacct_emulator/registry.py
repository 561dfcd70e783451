"""Where object families plug in: function handlers and per-object write hooks.

The gateway only knows this table; families register into it at import time (moto's
``responses.py`` dispatch, flattened), so a new function never touches envelope code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from .context import Ctx
from .serializer import Payload
from .store import Record

Handler = Callable[[Ctx, etree._Element], Payload | None]


@dataclass(frozen=True)
class FunctionSpec:
    handler: Handler
    operation: str  # Intacct permission name, e.g. READ_BY_QUERY, CREATE
    writes: bool


@dataclass
class ObjectHooks:
    prepare: Callable[[Ctx, Record, Record | None], None] | None = None
    after_write: Callable[[Ctx, int, Record], None] | None = None
    before_delete: Callable[[Ctx, int, Record], None] | None = None
    virtual_rows: Callable[[Ctx], list[Record]] | None = None
    # re-post (before_delete + after_write) on every update, not only when owned lines change:
    # documents whose GL postings depend on header fields such as the posting date
    repost_on_update: bool = False
    # refuse an update before anything is undone or re-posted (a converted document, an approved request)
    check_update: Callable[[Ctx, Record], None] | None = None
    # refuse a delete while other records still use this one (each raises when it does)
    in_use: list[Callable[[Ctx, int, Record], None]] = field(default_factory=list)


FUNCTIONS: dict[str, FunctionSpec] = {}
HOOKS: dict[str, ObjectHooks] = {}


def function(name: str, operation: str, writes: bool = False) -> Callable[[Handler], Handler]:
    def deco(fn: Handler) -> Handler:
        FUNCTIONS[name] = FunctionSpec(fn, operation, writes)
        return fn

    return deco


def hooks(obj: str) -> ObjectHooks:
    h = HOOKS.get(obj)
    if h is None:
        h = HOOKS[obj] = ObjectHooks()
    return h
