"""`manage.py seed_demo`: the demo companies, users and a year of transactions (see `trueerp.demo`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from trueerp.demo.people import DEMO_PASSWORD
from trueerp.demo.seed import seed_demo_data
from trueerp.financial.models import Transaction


class Command(BaseCommand):
    help = "Seed the demo companies, users and a year of transactions (deterministic, idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        northwind, created = seed_demo_data()
        counts = {
            state: Transaction.objects.filter(company=northwind, state=state).count()
            for state in Transaction.State.values
        }
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready ({created} transactions created this run). Northwind: "
                + ", ".join(f"{count} {state}" for state, count in counts.items())
                + "."
            )
        )
        self.stdout.write(
            f"Logins (password {DEMO_PASSWORD}): admin (Controller, every permission incl. #1598), "
        )
        self.stdout.write("  clerk (Accounts Clerk: #1300, #1310 only), outsider (Contoso Builders: #1300).")
