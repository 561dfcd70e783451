"""Object families; importing this package registers every function and hook."""

from . import balances, bills, company, currencies, generic, gl, payments, reads

__all__ = ["balances", "bills", "company", "currencies", "generic", "gl", "payments", "reads"]
