"""The sync state machine: the only code that changes a sync job's state or a record's sync status.

``machine`` is the decision table (pure Python, no models): which request is accepted in which state
and what it does. ``requests`` applies people's requests (sync now, retry, bulk, mark, void, edit,
reverse) and ``worker`` the engine's events (claim, sent, answers, look-ups, expired claims, paused
credentials), both as compare-and-set updates on the job's state, version and claim token.
``tests/sync/test_state_ownership.py`` checks that no other module writes those columns.
"""
