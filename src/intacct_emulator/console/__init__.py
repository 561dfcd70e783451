"""Read-only web console: companies, entities, journal entries, bills, invoices and API usage.

Every record has a stable URL, ``/__emulator__/companies/<COMPANY>/<OBJECT>/<RECORDNO>``, which
is what the ERP's "View in Sage Intacct" links point at in the demo. The key may also be the
object's ID (``…/VENDOR/V100``); RECORDNO wins when both match. Pages are server-rendered from
the templates in ``templates/`` with inline CSS: no JavaScript, no assets, nothing to build.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qs

from ..context import Emulator
from ..model import OBJECTS
from ..store import Record
from .companies import companies_page, overview_page
from .currencies import currencies_page
from .documents import document_page, payment_page
from .layout import not_found, page
from .ledger import entity_page, glbatch_page, glentry_page, posted_page
from .markup import Markup
from .objects import objects_page
from .records import list_page
from .usage import usage_page
from .view import TABS, View

RecordPage = Callable[[View, str, Record], Markup]

# Objects with a page of their own; every other object gets the generic record page.
RECORD_PAGES: dict[str, RecordPage] = {
    "GLBATCH": glbatch_page,
    "APBILL": document_page,
    "ARINVOICE": document_page,
    "APPYMT": payment_page,
    "ARPYMT": payment_page,
    "GLENTRY": glentry_page,
    "LOCATIONENTITY": entity_page,
}


def render(emu: Emulator, path: str, query: str, host: str = "") -> tuple[int, str]:
    store = emu.store
    parts = [p for p in path.split("/") if p]
    params = {k: v[0] for k, v in parse_qs(query).items()}
    with store.lock:
        if not parts:
            return 200, companies_page(emu, host)
        if parts == ["usage"]:
            return 200, usage_page(emu)
        if parts[0] != "companies" or len(parts) < 2 or len(parts) > 4:
            return not_found(f"No console page at {path}")
        company = parts[1]
        comp = store.get_by_id(company, "COMPANY", company)
        if comp is None:
            return not_found(f"No company {company}")
        v = View(emu, company, comp, params)
        if len(parts) == 2:
            return 200, overview_page(v)
        if parts[2] == "usage" and len(parts) == 3:
            return 200, usage_page(emu, company)
        if parts[2] == "currencies" and len(parts) == 3:
            return 200, currencies_page(v)
        if parts[2] == "objects" and len(parts) == 3:
            return 200, objects_page(v)
        obj = parts[2].upper()
        if obj not in OBJECTS and obj not in comp.get("UDDS", {}):
            return not_found(f"No object {obj} in company {company}", company)
        if len(parts) == 3:
            return 200, list_page(v, obj)
        rec = v.find(obj, parts[3])
        if rec is None:
            return not_found(f"No {obj} record {parts[3]} in company {company}", company)
        body = RECORD_PAGES.get(obj, posted_page)(v, obj, rec)
        tab = obj if obj in dict(TABS) else None
        return 200, page(f"{v.object_label(obj)} {parts[3]}", body, company=company, tab=tab)
