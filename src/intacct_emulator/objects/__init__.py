"""Object families; importing this package registers every function and hook."""

from . import (
    balances,
    company,
    currencies,
    generic,
    gl,
    legacy,
    payments,
    posting,
    reads,
    subledgers,
)

__all__ = [
    "balances",
    "company",
    "currencies",
    "generic",
    "gl",
    "legacy",
    "payments",
    "posting",
    "reads",
    "subledgers",
]
