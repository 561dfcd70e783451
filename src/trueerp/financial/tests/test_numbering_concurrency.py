"""Two writers creating transactions at the same time get distinct, consecutive numbers."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection

from trueerp.core.models import Company
from trueerp.financial.models import Transaction
from trueerp.financial.services.transactions import LineInput, TransactionInput, create_transaction
from trueerp.financial.tests import factories


@pytest.mark.django_db(transaction=True)
def test_concurrent_creates_number_without_collisions():
    company = Company.objects.create(name="Northwind", code="northwind")
    accounts = factories.chart(company)
    errors: list[BaseException] = []
    start = threading.Barrier(3)

    def writer() -> None:
        try:
            start.wait()
            for _ in range(5):
                create_transaction(
                    company=company,
                    actor=None,
                    data=TransactionInput(
                        type=Transaction.Type.JOURNAL_ENTRY,
                        date=dt.date(2026, 5, 1),
                        lines=[
                            LineInput(account=accounts["rent"], debit=Decimal(1)),
                            LineInput(account=accounts["cash"], credit=Decimal(1)),
                        ],
                    ),
                )
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    numbers = sorted(Transaction.objects.filter(company=company).values_list("number", flat=True))
    assert numbers == [f"JE-{n:06d}" for n in range(1, 16)]
