"""Seed the whole demo in one database transaction: both companies, then Northwind's Intacct connection."""

from __future__ import annotations

from django.db import transaction

from trueerp.core.models import Company
from trueerp.demo.contoso import seed_contoso
from trueerp.demo.intacct_connection import configure_demo_connection
from trueerp.demo.northwind import COMPANY_CODE as NORTHWIND_CODE
from trueerp.demo.northwind import seed_northwind


def seed_demo_data() -> tuple[Company, int]:
    """Returns the demo company and how many documents this run created (0 on a re-run)."""
    with transaction.atomic():
        created = seed_northwind()
        created += seed_contoso()
        company = Company.objects.get(code=NORTHWIND_CODE)
        # Connected after the documents are entered, so seeding never queues a sync job for them.
        configure_demo_connection(company)
    return company, created
