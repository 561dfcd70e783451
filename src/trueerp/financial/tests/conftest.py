from __future__ import annotations

import pytest

from trueerp.core.models import Company
from trueerp.financial.models import Account
from trueerp.financial.tests import factories


@pytest.fixture
def accounts(company: Company) -> dict[str, Account]:
    return factories.chart(company)
