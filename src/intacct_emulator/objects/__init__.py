"""Object families; importing this package registers every function and hook."""

from . import (  # reporting functions (after reads: wraps readMore)
    account_groups,
    company,
    exchange_rates,
    generic,
    gl,
    payables,
    reads,
    report_jobs,
    reporting,
)

__all__ = [
    "account_groups",
    "company",
    "exchange_rates",
    "generic",
    "gl",
    "payables",
    "reads",
    "report_jobs",
    "reporting",
]
