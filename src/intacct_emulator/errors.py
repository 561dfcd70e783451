"""Intacct error numbers and the exceptions handlers raise.

Handlers never build XML: they raise one of these and the serializer renders the three failure
levels (control, authentication, result) the way the real gateway does. Real error numbers are
used where public material documents them; the invented ones all start with ``EMU-`` so nobody
mistakes them for Intacct's own, and each is listed in the README.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ErrorDetail:
    errorno: str
    description: str = ""
    description2: str = ""
    correction: str = ""


class EmulatorError(Exception):
    """Base class so the gateway can catch every modelled failure in one place."""

    def __init__(self, *errors: ErrorDetail) -> None:
        super().__init__("; ".join(f"{e.errorno} {e.description} {e.description2}".strip() for e in errors))
        self.errors: tuple[ErrorDetail, ...] = errors


class ControlFailure(EmulatorError):
    """Nothing executed: bad sender, bad XML, bad policy."""


class AuthFailure(EmulatorError):
    """Control block was fine but the login or session was not."""


class FunctionFailure(EmulatorError):
    """One function failed; the others in the operation still run unless transaction=true."""


class PartialFailure(FunctionFailure):
    """A multi-object create where some objects failed: the others stay saved and are reported.

    Intacct answers such a create with ``status=failure``, a ``data`` block listing the objects it
    did create and the errors of the ones it did not (fixture response-create-failure-duplicate-id).
    """

    def __init__(self, payload: object, *errors: ErrorDetail) -> None:
        super().__init__(*errors)
        self.payload = payload


class RateLimited(EmulatorError):
    """Too many requests in flight for a company: GW-0010 with HTTP 429."""


# --- real numbers (API-NOTES §3) ------------------------------------------------------------

TRANSACTION_ROLLED_BACK = ErrorDetail(
    "XL03000009",
    description2="The entire transaction in this operation has been rolled back due to an error.",
)


def bad_sender() -> ControlFailure:
    return ControlFailure(
        ErrorDetail("XL03000006", description2="Incorrect Intacct XML Partner ID or password.")
    )


def bad_policy(policy: str) -> ControlFailure:
    return ControlFailure(
        ErrorDetail("XL03000006", description2=f"{policy} is not a valid transport policy.")
    )


def bad_login() -> AuthFailure:
    return AuthFailure(ErrorDetail("XL03000006", description2="Sign-in information is incorrect"))


def invalid_session() -> AuthFailure:
    return AuthFailure(ErrorDetail("XL03000006", description2="Invalid session"))


def sender_not_authorized(sender: str, company: str) -> AuthFailure:
    return AuthFailure(
        ErrorDetail(
            "XL03000006",
            description="Invalid Web Services Authorization",
            description2=(
                f"The sender ID &#039;{sender}&#039; is not authorized to make Web Services requests "
                f"to company ID &#039;{company}&#039;."
            ).replace("&#039;", "'"),
            correction="Contact the company administrator to grant Web Services authorization to this sender ID.",
        )
    )


def xml_parse_errors(messages: list[str]) -> ControlFailure:
    return ControlFailure(*(ErrorDetail("XL03000003", description2=m) for m in messages))


def rate_limited(company: str, limit: int) -> RateLimited:
    return RateLimited(
        ErrorDetail(
            "GW-0010",
            description="API rate limit exceeded",
            description2=f"Company {company} already has {limit} request(s) in flight.",
            correction="Reduce concurrency and retry with exponential backoff.",
        )
    )


def permission_denied(operation: str, obj: str) -> FunctionFailure:
    return FunctionFailure(
        ErrorDetail(
            "PL04000005",
            description2=(
                f"You do not have permission for API operation {operation} on objects of type {obj.lower()}"
            ),
        )
    )


def missing_field(label: str, record_label: str) -> FunctionFailure:
    return FunctionFailure(
        ErrorDetail(
            "PL01000127",
            description2=f"{label} is missing",
            correction="Make desired changes and press Save to continue.",
        ),
        ErrorDetail("BL01001973", description2=f"Could not create {record_label} record!"),
    )


def duplicate(label: str, value: str, record_label: str) -> FunctionFailure:
    return FunctionFailure(
        ErrorDetail(
            "BL34000061",
            description2=f"Another {label} with the given value(s) {value}  already exists",
            correction="Use a unique value instead.",
        ),
        ErrorDetail("BL01001973", description2=f"Could not create {record_label.lower()} record!"),
        ErrorDetail("BL01001973", description2=f"Error while saving the {label} info"),
    )


def missing_dimension(account: str, dimension_label: str) -> FunctionFailure:
    return FunctionFailure(
        ErrorDetail(
            "BL03000018",
            description2=f"The account {account} requires a {dimension_label}. Provide a {dimension_label} value.",
        ),
        ErrorDetail("BL01001973", description2="Could not create GL Entry record!"),
    )


def data_error(detail: str) -> FunctionFailure:
    return FunctionFailure(
        ErrorDetail(
            "DL02000001", description="There was an error processing the request.", description2=detail
        )
    )


def unknown_object(obj: str) -> FunctionFailure:
    return FunctionFailure(ErrorDetail("Query Failed", description2=f"Object definition {obj} not found"))


def invalid_fields(fields: str) -> FunctionFailure:
    return FunctionFailure(ErrorDetail(f"Invalid fields list {fields}"))


def period_closed(date: str) -> FunctionFailure:
    return FunctionFailure(
        ErrorDetail(
            "EMU-PERIODCLOSED",
            description="Periods are closed.",
            description2=(
                f"Your transaction date ({date}) is within a period that's been closed. You can add, modify, "
                "or delete a transaction only if the date of the transaction is within a period that's open."
            ),
        )
    )


# --- invented numbers (documented in README) ---------------------------------------------------


def already_executed(controlid: str) -> FunctionFailure:
    return FunctionFailure(
        ErrorDetail(
            "EMU-UNIQUEID",
            description="Duplicate function control id",
            description2=(
                f"The function control id '{controlid}' has already been executed and completed "
                "(uniqueid=true); it was not run again."
            ),
            correction="Query the record by its reference instead of re-posting it.",
        )
    )


def invalid_account(account: str, reason: str = "is not a valid account") -> FunctionFailure:
    return FunctionFailure(
        ErrorDetail(
            "EMU-ACCOUNT", description2=f"Account {account} {reason}.", correction="Use an active GL account."
        ),
        ErrorDetail("BL01001973", description2="Could not create GL Entry record!"),
    )


def invalid_reference(label: str, value: str) -> FunctionFailure:
    return FunctionFailure(
        ErrorDetail(
            "EMU-REFERENCE",
            description2=f"Invalid {label} '{value}' specified.",
            correction="Use an existing, active value.",
        ),
        ErrorDetail("BL01001973", description2="Could not create record!"),
    )


def private_reference(label: str, value: str, owner: str, entity: str) -> FunctionFailure:
    return FunctionFailure(
        ErrorDetail(
            "EMU-PRIVATE",
            description2=(
                f"{label} '{value}' is private to entity {owner} and cannot be used in "
                f"{'the top level' if not entity else 'entity ' + entity}."
            ),
            correction="Use a shared value or one that belongs to the same entity.",
        )
    )


def unbalanced(debits: str, credits: str, entity: str = "") -> FunctionFailure:
    where = f" for entity {entity}" if entity else ""
    return FunctionFailure(
        ErrorDetail(
            "EMU-UNBALANCED",
            description2=f"The transaction is not balanced{where}: debits {debits} and credits {credits}.",
            correction="Make sure debits equal credits.",
        ),
        ErrorDetail("BL01001973", description2="Could not create Journal Entry record!"),
    )


def unbalanced_base(entity: str, residual: str, currency: str) -> FunctionFailure:
    return FunctionFailure(
        ErrorDetail(
            "EMU-UNBALANCED",
            description2=(
                f"The transaction is not balanced in base currency for entity {entity}: debits and credits "
                f"differ by {residual} {currency}."
            ),
            correction="Use one exchange rate per entity, or let the rate table convert the lines.",
        ),
        ErrorDetail("BL01001973", description2="Could not create Journal Entry record!"),
    )


def unknown_currency(code: str) -> FunctionFailure:
    return FunctionFailure(
        ErrorDetail(
            "EMU-CURRENCY",
            description2=f"Currency '{code}' is not a valid currency code.",
            correction="Use an ISO 4217 currency code such as USD, CAD, GBP or EUR.",
        ),
        ErrorDetail("BL01001973", description2="Could not create record!"),
    )


def currency_not_allowed(code: str, allowed: list[str]) -> FunctionFailure:
    return FunctionFailure(
        ErrorDetail(
            "EMU-CURRENCY",
            description2=(
                f"Currency {code} is not enabled as a transaction currency in this company "
                f"(enabled: {', '.join(allowed)})."
            ),
            correction="Use an enabled currency, or enable it in the company's currency setup.",
        ),
        ErrorDetail("BL01001973", description2="Could not create record!"),
    )


def no_exchange_rate(source: str, target: str, rate_type: str, date: str) -> FunctionFailure:
    return FunctionFailure(
        ErrorDetail(
            "EMU-EXCHRATE",
            description2=f"No {rate_type} exchange rate from {source} to {target} is available for {date}.",
            correction="Give EXCHANGE_RATE on the line, use another rate type or date, or add the rate.",
        ),
        ErrorDetail("BL01001973", description2="Could not create record!"),
    )


def mixed_currencies(found: list[str]) -> FunctionFailure:
    return FunctionFailure(
        ErrorDetail(
            "EMU-CURRENCY",
            description2=(
                f"All lines of a transaction must use one transaction currency; found {', '.join(found)}."
            ),
            correction="Give every line the same CURRENCY, or split the entry.",
        ),
        ErrorDetail("BL01001973", description2="Could not create Journal Entry record!"),
    )


def top_level_multi_base(bases: list[str]) -> FunctionFailure:
    return FunctionFailure(
        ErrorDetail(
            "EMU-TOPLEVEL",
            description2=(
                f"This company's entities use different base currencies ({', '.join(bases)}): at the top "
                "level every line needs a location that belongs to an entity."
            ),
            correction="Give each line a location in its entity, or post in an entity session.",
        ),
        ErrorDetail("BL01001973", description2="Could not create record!"),
    )


def in_use(label: str, key: str, used_by: str) -> FunctionFailure:
    return FunctionFailure(
        ErrorDetail(
            "EMU-INUSE",
            description2=f"{label} {key} cannot be deleted: it is used by {used_by}.",
            correction="Delete or change what uses it first, or make it inactive instead.",
        ),
        ErrorDetail("BL01001973", description2=f"Could not delete {label} record!"),
    )


def not_modelled(function: str, reason: str) -> FunctionFailure:
    return FunctionFailure(
        ErrorDetail(
            "EMU-UNSUPPORTED",
            description2=f"Function {function} is not modelled by the emulator: {reason}",
            correction="See the emulator README, section 'What it does not model'.",
        )
    )


def not_found(obj: str, key: str) -> FunctionFailure:
    return FunctionFailure(
        ErrorDetail(
            "EMU-NOTFOUND",
            description2=f"No {obj} record with key '{key}' exists.",
            correction="Check the key.",
        )
    )


def bad_result_id(result_id: str) -> FunctionFailure:
    return FunctionFailure(
        ErrorDetail(
            "EMU-RESULTID",
            description2=f"Result id '{result_id}' is unknown, expired or belongs to another session/query.",
            correction="Run the readByQuery again.",
        )
    )


def unsupported(function: str) -> FunctionFailure:
    return FunctionFailure(
        ErrorDetail("EMU-UNSUPPORTED", description2=f"Function {function} is not modelled by the emulator.")
    )


def internal(kind: str) -> FunctionFailure:
    return FunctionFailure(
        ErrorDetail(
            "EMU-INTERNAL",
            description="The emulator failed while running this function.",
            description2=f"Internal error ({kind}); nothing from this function was saved. See the emulator log.",
        )
    )


def bad_request(detail: str) -> FunctionFailure:
    return FunctionFailure(ErrorDetail("EMU-REQUEST", description2=detail))
