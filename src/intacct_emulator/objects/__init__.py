"""Object families; importing this package registers every function and hook."""

from . import (  # reporting functions after reads: report_jobs wraps readMore
    account_groups,
    balances,
    company,
    currencies,
    generic,
    gl,
    legacy,
    payments,
    posting,
    reads,
    report_jobs,
    reporting,
    subledgers,
)

__all__ = [
    "account_groups",
    "balances",
    "company",
    "currencies",
    "generic",
    "gl",
    "legacy",
    "payments",
    "posting",
    "reads",
    "report_jobs",
    "reporting",
    "subledgers",
]
