"""The outbox's rows as the UI and the CLI read them: one target, its state, its kind.

``ui`` reaches data only through ``services``; this is where it gets the outbox's row
type and state enum from (they live in the store).
"""

from __future__ import annotations

from app.store.outbox import LATE, MessageKind, OutboxTarget, TargetState

__all__ = ["LATE", "MessageKind", "OutboxTarget", "TargetState"]
