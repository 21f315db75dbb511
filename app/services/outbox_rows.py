"""The outbox's rows as the UI and the CLI read them: one target, its state, its kind,
and the outbox's own reasons for a target that is not sent (beside the ErrorKinds).

``ui`` reaches data only through ``services``; this is where it gets the outbox's row
type, its state enum and its reason codes from (the rows live in the store).
"""

from __future__ import annotations

from app.services.outbox import ACCOUNT_UNAVAILABLE, IN_TRANSIT, MAYBE_SENT
from app.store.outbox import LATE, MessageKind, OutboxTarget, TargetState

# Every reason the outbox stores that is not an ErrorKind value.
OWN_REASONS = (ACCOUNT_UNAVAILABLE, MAYBE_SENT, IN_TRANSIT, LATE)

__all__ = [
    "ACCOUNT_UNAVAILABLE",
    "IN_TRANSIT",
    "LATE",
    "MAYBE_SENT",
    "OWN_REASONS",
    "MessageKind",
    "OutboxTarget",
    "TargetState",
]
