"""mixi2 chat rooms: the people who wrote to the user's mixi2 application, learned from
the event stream. They are the mixi2 friends list (a friends-circle post is a chat
message into each chosen room).

Schema migration 10 (run by :mod:`app.store.db`) creates the table below.
"""

from __future__ import annotations

SCHEMA = """
CREATE TABLE IF NOT EXISTS mixi2_rooms (
    account_key TEXT NOT NULL,
    room_id     TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    name        TEXT NOT NULL DEFAULT '',
    updated_at  REAL NOT NULL,
    PRIMARY KEY (account_key, room_id)
)
"""
