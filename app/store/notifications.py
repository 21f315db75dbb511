"""Notifications received (mentions, replies, reactions, boosts, follows), per account,
and which of them the user has seen.

Schema migration 9 (run by :mod:`app.store.db`) creates the tables below.
"""

from __future__ import annotations

SCHEMA = """
CREATE TABLE IF NOT EXISTS notifications (
    account_key TEXT NOT NULL,
    id          TEXT NOT NULL,
    kind        TEXT NOT NULL,
    created_at  REAL NOT NULL,
    seen        INTEGER NOT NULL DEFAULT 0,
    body        TEXT NOT NULL,
    PRIMARY KEY (account_key, id)
)
"""
