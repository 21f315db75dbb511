"""The timeline cache: the newest posts of each column, per account, kept in the profile
so the window can paint both columns before the network stack is loaded.

Schema migration 7 (run by :mod:`app.store.db`) creates the tables below.
"""

from __future__ import annotations

SCHEMA = """
CREATE TABLE IF NOT EXISTS timeline_cache (
    account_key TEXT NOT NULL,
    audience    TEXT NOT NULL,
    post_id     TEXT NOT NULL,
    sort_at     REAL NOT NULL,
    body        TEXT NOT NULL,
    PRIMARY KEY (account_key, audience, post_id)
);
CREATE INDEX IF NOT EXISTS timeline_cache_newest ON timeline_cache(audience, sort_at DESC)
"""
