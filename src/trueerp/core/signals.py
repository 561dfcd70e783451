"""Host signals that integration apps may listen to."""

from django.dispatch import Signal

# Sent by `seed_demo` after the demo company is seeded (kwargs: company). Integrations configure their
# demo connection here, so the host's seed never needs to know them.
demo_company_seeded = Signal()
