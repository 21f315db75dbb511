"""The greeting ledger (挨拶帳): greetings received from others, per occasion and year.
Greetings sent are read from the outbox's sent rows.

Schema migration 8 (run by :mod:`app.store.db`) creates the tables below.
"""

from __future__ import annotations

SCHEMA = """
CREATE TABLE IF NOT EXISTS ledger_received (
    account_key TEXT NOT NULL,
    post_id     TEXT NOT NULL,
    occasion    TEXT NOT NULL,
    year        INTEGER NOT NULL,
    sender      TEXT NOT NULL,
    audience    TEXT NOT NULL,
    received_at REAL NOT NULL,
    body        TEXT NOT NULL,
    PRIMARY KEY (account_key, post_id)
)
"""
