"""Functions about the company and its data rather than on one object: related records, audit
trail, company preferences, user permissions, dimension relationships, subscriptions, DDS object
lists and DDL, and the functions the emulator deliberately does not model.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from .. import errors
from ..context import Ctx
from ..model import OBJECTS, STANDARD_DIMENSIONS, ObjectDef
from ..registry import Handler, function
from ..serializer import Payload
from ..store import Record
from .generic import find, objdef_or_fail
from .reads import getter_factory, project, rows

# function → why it is not modelled (README, "What it does not model")
# (readReport itself is modelled for standard reports in report_jobs; its custom-report half is not)
CUSTOM_REPORTS_REASON = (
    "custom reports are memorized in the Intacct UI and the emulator has none; "
    'run a standard report with type="STANDARD" (get_trialbalance, get_accountbalancesbydimensions), '
    "or query GLENTRY/GLDETAIL"
)
NOT_MODELLED: dict[str, str] = {
    "readView": "views are saved in the Intacct UI and the emulator has none; use query",
    "runDdsJob": "Data Delivery Service jobs write files to cloud storage, which the emulator does not have; "
    "use query or readByQuery",
    "consolidate": "global consolidation books (and currency translation) are not modelled",
    "installApp": "platform application packages are not modelled",
}
# company preferences by application: application → (preference, company setting, default)
PREFERENCES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "GL": (
        ("BASECURRENCY", "BASECURRENCY", "USD"),
        ("MULTIBASECURRENCY", "", "true"),
        ("IETENABLED", "IET_ENABLED", "true"),
    ),
    "AP": (("APACCOUNT", "AP_ACCOUNT", "2000"), ("PAYMENTAPPROVAL", "AP_PAYMENT_APPROVAL", "false")),
    "AR": (("ARACCOUNT", "AR_ACCOUNT", "1100"),),
    "CM": (("CASHACCOUNT", "CASH_ACCOUNT", "1000"),),
    "EE": (("EEACCOUNT", "EE_ACCOUNT", "2100"),),
    "PA": (
        ("LABORACCOUNT", "LABOR_ACCOUNT", "5000"),
        ("ACCRUEDLABORACCOUNT", "ACCRUED_LABOR_ACCOUNT", "2100"),
    ),
    "SO": (("DEFAULTRATETYPE", "DEFAULT_RATE_TYPE", "Intacct Daily Rate"),),
    "PO": (("DEFAULTRATETYPE", "DEFAULT_RATE_TYPE", "Intacct Daily Rate"),),
    "INV": (("INVENTORYTRACKING", "", "quantity"),),
}


def _reason(name: str) -> Handler:
    def handler(ctx: Ctx, el: etree._Element) -> Payload:
        raise errors.not_modelled(name, NOT_MODELLED[name])

    return handler


for _name in NOT_MODELLED:
    function(_name, "READ")(_reason(_name))


def _link_field(related: ObjectDef, parent: ObjectDef) -> str:
    """The field of ``related`` that names a ``parent`` record."""
    for obj, local in related.relations.values():
        if obj == parent.name:
            return local
    for field, (obj, _) in related.refs.items():
        if obj == parent.name and "." not in field:
            return field
    if parent.id_field and parent.id_field in related.fields and parent.id_field != "RECORDNO":
        return parent.id_field
    return ""


@function("readRelated", "READ")
def read_related(ctx: Ctx, el: etree._Element) -> Payload:
    d = objdef_or_fail(ctx, (el.findtext("object") or "").strip())
    relation = (el.findtext("relation") or "").strip().upper()
    related = objdef_or_fail(ctx, relation)
    keys = [k.strip() for k in (el.findtext("keys") or "").split(",") if k.strip()]
    if not keys:
        raise errors.missing_field("Keys", d.label)
    parents = [p for p in (find(ctx, d, k) for k in keys) if p is not None and ctx.visible(p[1], True)]
    spec = (el.findtext("fields") or "*").strip()
    fields = None if spec in ("", "*") else [f.strip() for f in spec.split(",") if f.strip()]
    found: list[Record] = []
    owned = next((c for c, (tag, _) in d.owned.items() if tag == related.name), "")
    if owned:
        for _, parent in parents:
            holder = parent.get(owned)
            found += list(holder.get(related.name, [])) if isinstance(holder, dict) else []
    else:
        link = _link_field(related, d)
        if not link:
            raise errors.data_error(f"{related.name} is not related to {d.name}")
        wanted = {str(p.get(str(d.id_field)) or p.get("RECORDNO")) for _, p in parents}
        found = [r for r in rows(ctx, related, True) if str(r.get(link) or "") in wanted]
    get = getter_factory(ctx, related)
    items = [(related.name, project(r, fields, True, get, related.hidden)) for r in found]
    return Payload(attrs=[("listtype", related.name), ("count", str(len(items)))], items=items)


@function("getObjectTrail", "READ")
def get_object_trail(ctx: Ctx, el: etree._Element) -> Payload:
    d = objdef_or_fail(ctx, (el.findtext("object") or "").strip())
    key = (el.findtext("objectKey") or el.findtext("recordNo") or "").strip()
    found = find(ctx, d, key)
    if found is None or not ctx.visible(found[1], True):
        raise errors.not_found(d.name, key)
    recordno, rec = found
    trail = [("C", rec.get("CREATEDBY"), rec.get("WHENCREATED"))]
    if rec.get("WHENMODIFIED") and rec.get("WHENMODIFIED") != rec.get("WHENCREATED"):
        trail.append(("M", rec.get("MODIFIEDBY"), rec.get("WHENMODIFIED")))
    items = [
        (
            "audittrail",
            {
                "OBJECTTYPE": d.name.lower(),
                "OBJECTKEY": str(recordno),
                "OBJECTDESC": rec.get(d.name_field or "") or "",
                "USERID": user or "",
                "ACCESSTIME": when or "",
                "ACCESSMODE": mode,
                "SOURCE": "xml gateway",
            },
        )
        for mode, user, when in trail
    ]
    return Payload(attrs=[("listtype", "audittrail"), ("count", str(len(items)))], items=items)


@function("get_companyprefs", "READ")
def get_companyprefs(ctx: Ctx, el: etree._Element) -> Payload:
    application = (el.get("application") or el.findtext("application") or "").strip().upper()
    if application not in PREFERENCES:
        raise errors.invalid_reference("Application", application)
    items = [
        (
            "companypref",
            {
                "preference": pref,
                "prefvalue": str(ctx.company_rec.get(setting, default)) if setting else default,
            },
        )
        for pref, setting, default in PREFERENCES[application]
    ]
    return Payload(items=items)


@function("getUserPermissions", "READ")
def get_user_permissions(ctx: Ctx, el: etree._Element) -> Payload:
    user_id = (el.findtext("userId") or "").strip()
    user = ctx.store.get_by_id(ctx.company, "USERINFO", user_id)
    if user is None:
        raise errors.invalid_reference("User", user_id)
    rights = "List|View|Add|Edit|Delete" if user.get("WRITE") else "List|View"
    apps = []
    for module in sorted({d.module for d in OBJECTS.values()}):
        policies = [{"policyName": d.label, "rights": rights} for d in OBJECTS.values() if d.module == module]
        apps.append({"applicationName": module, "policies": {"policy": policies}})
    return Payload(items=[("permissions", {"appSubscription": apps})])


@function("getDimensionRelationships", "READ")
def get_dimension_relationships(ctx: Ctx, el: etree._Element) -> Payload:
    dims: list[dict[str, Any]] = []
    for name in STANDARD_DIMENSIONS:
        d = OBJECTS[name]
        rels = []
        for other in STANDARD_DIMENSIONS:
            if other == name:
                continue
            if _link_field(d, OBJECTS[other]):
                rels.append({"objectName": other, "relationshipType": "many-to-one"})
            elif _link_field(OBJECTS[other], d):
                rels.append({"objectName": other, "relationshipType": "one-to-many"})
        dims.append({"objectName": name, "relationships": {"relationship": rels}})
    return Payload(items=[("dimensionrelationships", {"dimension": dims})])


@function("get_applications", "READ")
def get_applications(ctx: Ctx, el: etree._Element) -> Payload:
    modules = sorted({d.module for d in OBJECTS.values()})
    return Payload(items=[("application", {"name": m, "status": "subscribed"}) for m in modules])


@function("getDdsObjects", "READ")
def get_dds_objects(ctx: Ctx, el: etree._Element) -> Payload:
    names = sorted(n for n, d in OBJECTS.items() if d.id_field)
    return Payload(items=[("DdsObjects", {"object": names})])


@function("getDdsDdl", "READ")
def get_dds_ddl(ctx: Ctx, el: etree._Element) -> Payload:
    d = objdef_or_fail(ctx, (el.findtext("object") or "").strip())
    numeric = (
        "RECORDNO",
        "AMOUNT",
        "TRX_AMOUNT",
        "TOTALENTERED",
        "TOTALDUE",
        "TOTALPAID",
        "QUANTITY",
        "PRICE",
    )
    columns = ",\n".join(
        f"  {f} {'NUMBER' if f in numeric else 'VARCHAR(4000)'}" for f in d.fields if f not in d.hidden
    )
    ddl = f"CREATE TABLE {d.name} (\n{columns}\n);"
    return Payload(items=[("Ddl", {"object": d.name, "ddl": ddl})])
