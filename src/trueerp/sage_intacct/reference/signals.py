"""What the sync's preparation reads changed: cached reference data was refreshed or a mapping was edited.

Sent by the reference and mapping capabilities, which sit below the sync and so cannot call it; the
sync's receivers bump the mapping-cache revision and check blocked records again.
"""

from django.dispatch import Signal

sync_inputs_changed = Signal()  # keyword argument: company_id
