"""The module's help: setup, data sync, configuration and troubleshooting, as questions and answers.

Each answer may point to the page where the fix is made; troubleshooting answers point to the sync
log filtered to the matching error, so the reader lands on the affected transactions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str
    query: str = ""
    args: tuple[str, ...] = ()

    def href(self) -> str | None:
        try:
            url = reverse(self.url_name, args=self.args)
        except NoReverseMatch:
            return None
        return f"{url}?{self.query}" if self.query else url


@dataclass(frozen=True)
class Answer:
    slug: str
    question: str
    answer: str
    links: tuple[Link, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Topic:
    slug: str
    title: str
    answers: tuple[Answer, ...]


API_KEYS = Link("Company Preferences > Integrations > API Keys", "preferences_section", args=("api-keys",))
STATUS = Link("Settings > Sage Intacct", "sage_intacct:settings")
USERS = Link("Settings > Users / Access", "users_list")
ACCOUNTING = Link("Accounting integration", "preferences_section", args=("accounting-integration",))
ENTITY_RULES = Link("Entity-mapping rules", "sage_intacct:mapping_entities")
DIMENSIONS = Link("Dimension mapping", "sage_intacct:mapping_dimensions")
ACCOUNTS = Link("Account mapping", "sage_intacct:mapping_accounts")
REFERENCE = Link("Reference data", "sage_intacct:reference_data")
SYNC_PREFS = Link("Sync preferences", "sage_intacct:sync_preferences")
AUTOMATION = Link(
    "Company Preferences > Sage Intacct sync", "preferences_section", args=("sage-intacct-sync",)
)


def log(label: str, code: str) -> Link:
    return Link(label, "sage_intacct:sync_log", query=f"code={code}")


TOPICS: tuple[Topic, ...] = (
    Topic(
        "setup",
        "Setup",
        (
            Answer(
                "what-you-need",
                "What do I need from Sage Intacct before connecting?",
                "Your Intacct Company ID, and a Web Services user (User ID and password) whose role may read "
                "and write general-ledger, accounts-payable and accounts-receivable records. Enter them in "
                "the API Keys section; saving tests the connection before anything is stored. The password is "
                "encrypted and never shown again.",
                (API_KEYS,),
            ),
            Answer(
                "sender",
                "Intacct says the sender ID is not authorised. What do I do?",
                "TRUE ERP talks to Intacct with its own Web Services sender ID, which an Intacct administrator "
                "must authorise once per company: in Sage Intacct open Company > Setup > Company > Security, "
                "add the sender ID shown on the Sage Intacct status page under Web Services authorizations, "
                "save, then press Test connection.",
                (STATUS,),
            ),
            Answer(
                "permission",
                "Who can use the Sage Intacct module?",
                "People holding permission #1598 Module Access (Sage Intacct). An administrator grants it in "
                "Settings > Users / Access > the user > Access tab. Without it the Sage Intacct entry is absent "
                "from Settings, the Gear menu shows no Sage Actions and the Financial list shows no sync status. "
                "The API keys also need #1200 Company Preferences. Changing the mapping, entity rules, sync "
                "preferences or automation, retrying all and marking records as synced or not synced also "
                "need #1599.",
                (USERS,),
            ),
            Answer(
                "entity-login",
                "Should I connect at the top level or to an entity?",
                "Connect at the top level (leave Entity ID blank) so TRUE can post to every entity; the "
                "entity-mapping rules decide where each transaction goes. Enter an Entity ID only if your Web "
                "Services user is restricted to one entity.",
                (API_KEYS, ENTITY_RULES),
            ),
            Answer(
                "quickbooks",
                "Can we use QuickBooks and Sage Intacct at the same time?",
                "No. A company posts to one accounting system. To switch, choose None in the Accounting "
                "integration section (the sync history and record links are kept), then enter the Sage "
                "Intacct API keys.",
                (ACCOUNTING,),
            ),
        ),
    ),
    Topic(
        "data-sync",
        "Data sync",
        (
            Answer(
                "what-syncs",
                "What syncs, and as what?",
                "Posted journal entries become Intacct journal entries (GLBATCH); AR invoices become invoices, "
                "AP bills become bills (APBILL), AR and AP payments become payments. Voiding a synced "
                "transaction reverses it in Intacct. Every record carries the TRUE document number as its "
                "reference, so it can always be found again.",
            ),
            Answer(
                "entities",
                "Which entity does a transaction post to?",
                "The first entity-mapping rule whose conditions match the transaction (branch, job, contract, "
                "department, type…) decides; if none matches, the default applies. Test a rule against a real "
                "transaction before relying on it.",
                (ENTITY_RULES,),
            ),
            Answer(
                "dimensions",
                "How are departments, locations, projects and other dimensions filled in?",
                "From the transaction and its lines: job → project, branch → location, department → "
                "department, customer and vendor → customer and vendor, class and custom attributes → class "
                "and user-defined dimensions. Values are matched to Intacct by ID or name automatically; you "
                "can override any value.",
                (DIMENSIONS, ACCOUNTS),
            ),
            Answer(
                "when",
                "When do transactions sync?",
                "As configured in Company Preferences: on posting, every N minutes, hourly, daily at a set time "
                "or only by hand. You can always sync one transaction from its Gear menu (Sage Actions > Sync "
                "now) or several from the Financial list (select them, then Sync selected).",
                (AUTOMATION,),
            ),
            Answer(
                "exactly-once",
                "Can a transaction be posted twice to Intacct?",
                "No. Every write carries a unique, repeatable identifier that Intacct refuses to execute twice, "
                "and when an answer is lost on the way (a time-out after Intacct saved the record), TRUE first "
                "looks the record up by its reference before anything is sent again. Such a record shows as "
                "Unconfirmed for a moment, then Synced.",
            ),
            Answer(
                "desynchronized",
                "What does Desynchronized mean?",
                "The transaction was edited in TRUE after it synced, so Intacct still has the old version. Use "
                "Gear > Sage Actions > Update in Sage Intacct to send the changes.",
            ),
        ),
    ),
    Topic(
        "configuration",
        "Configuration",
        (
            Answer(
                "closed-period",
                "What happens with a date in a closed Intacct period?",
                "By default the transaction fails with a clear message. You can instead choose to post such "
                "transactions to the first open period; each one then gets an audit note saying so.",
                (SYNC_PREFS,),
            ),
            Answer(
                "auto-create",
                "Will TRUE create customers, vendors or projects that are missing in Intacct?",
                "Only if you switch it on (it is off by default, so nothing is created behind your back).",
                (SYNC_PREFS,),
            ),
            Answer(
                "currency",
                "How are transactions in another currency sent?",
                "A transaction's lines are in its own currency (by default its branch's). When that is not the "
                "base currency of the Intacct entity it posts to, TRUE sends the currency with the exchange rate "
                "entered on the transaction, or with its rate type and rate date (default: Intacct's default rate "
                "type on the transaction date), and Intacct converts every line into the entity's base currency. "
                "Transactions in the entity's own currency are sent unchanged. In a company whose entities have "
                "different base currencies, post foreign-currency transactions to an entity: Intacct's top level "
                "takes only its own base currency.",
                (ENTITY_RULES, REFERENCE),
            ),
            Answer(
                "reference-data",
                "TRUE does not know an account or dimension value that I just created in Intacct.",
                "TRUE keeps a copy of Intacct's accounts, dimensions and periods to check every transaction "
                "before sending it. It refreshes on a schedule; press Refresh now to fetch the changes at once. "
                "Transactions waiting for that value are checked again automatically.",
                (REFERENCE,),
            ),
        ),
    ),
    Topic(
        "troubleshooting",
        "Troubleshooting",
        (
            Answer(
                "credentials",
                "The status says Credentials rejected.",
                "The password changed or the user was deactivated in Intacct. Re-enter the User ID and password "
                "in API Keys; saving tests them.",
                (API_KEYS, log("Failures caused by credentials", "credentials")),
            ),
            Answer(
                "missing-dimension",
                "A transaction failed: an account requires a department, location or project.",
                "Intacct requires that dimension on that GL account. Set it on the transaction's lines, or map "
                "the TRUE value that should supply it, then retry from the sync log.",
                (log("Transactions missing a required dimension", "missing_dimension"), DIMENSIONS),
            ),
            Answer(
                "closed-period",
                "A transaction failed because the period is closed.",
                "Ask your controller to reopen the period in Intacct, change the transaction's date, or choose "
                "to post such transactions to the first open period; then retry.",
                (log("Transactions in closed periods", "closed_period"), SYNC_PREFS),
            ),
            Answer(
                "private-value",
                "A value belongs to another entity.",
                "The dimension value (e.g. a location or project) is private to a different Intacct entity than "
                "the one the transaction posts to. Fix the entity-mapping rule or use a value shared with that "
                "entity.",
                (log("Entity mismatches", "private_value"), ENTITY_RULES),
            ),
            Answer(
                "invalid-account",
                "The GL account cannot be used.",
                "The account does not exist in Intacct or is inactive. Map the TRUE account to an active Intacct "
                "account, or reactivate it in Intacct and refresh reference data.",
                (log("Account problems", "invalid_account"), ACCOUNTS),
            ),
            Answer(
                "unbalanced",
                "The entry does not balance (per entity).",
                "Intacct balances journal entries per entity. If lines go to several entities, check the entity "
                "rules, or enable inter-entity accounts in Intacct so it adds due-to and due-from lines.",
                (log("Unbalanced entries", "unbalanced"), ENTITY_RULES),
            ),
            Answer(
                "exchange-rate",
                "A foreign-currency transaction failed: no exchange rate, or the currency is not enabled.",
                "Intacct converts with its rate table. Add the missing rate (or enable the currency) in Intacct "
                "and refresh reference data, enter an exchange rate on the transaction, or choose another rate "
                "type; then retry.",
                (log("Transactions without an exchange rate", "no_exchange_rate"), REFERENCE),
            ),
            Answer(
                "permission",
                "Intacct says the user lacks a permission.",
                "The Web Services user's role in Intacct must allow the operation named in the message (for "
                "example creating journal entries). Ask the Intacct administrator to extend the role.",
                (log("Permission problems", "permission"),),
            ),
            Answer(
                "rate-limit",
                "Intacct is busy (rate limit) or temporarily unavailable.",
                "Nothing to fix: TRUE waits and retries by itself, within your Intacct plan's limits.",
                (log("Rate-limited attempts", "rate_limited"),),
            ),
            Answer(
                "unconfirmed",
                "A transaction shows Unconfirmed.",
                "Intacct's answer was lost on the way. TRUE looks the record up by its reference and marks it "
                "Synced if Intacct has it, or sends it again if it does not. No action is needed.",
                (Link("All attempts", "sage_intacct:sync_log", query="status=unconfirmed"),),
            ),
        ),
    ),
)
