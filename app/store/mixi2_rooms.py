"""mixi2 chat rooms: the people who wrote to the user's mixi2 application, learned from
the event stream. They are the mixi2 friends list (a friends-circle post is a chat
message into each chosen room).

Schema migration 10 (run by :mod:`app.store.db`) creates the table below;
:class:`Mixi2Rooms` reads and writes it.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

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


@dataclass(frozen=True, slots=True)
class Mixi2Room:
    """One chat room of the application: the person who wrote to it, by id and name."""

    room_id: str
    user_id: str
    name: str = ""


class _HasConnection(Protocol):
    @property
    def connection(self) -> sqlite3.Connection: ...


class Mixi2Rooms:
    """The rooms each mixi2 account has learnt (the adapter's room book, injected into it
    by the session: networks never import the store)."""

    def __init__(self, store: _HasConnection, *, clock: Callable[[], float] = time.time) -> None:
        self._db = store.connection
        self._clock = clock

    def remember(self, account_key: str, room: Mixi2Room) -> None:
        """Keep ``room`` (a newer name replaces an older one; an empty name keeps it)."""
        self._db.execute(
            "INSERT INTO mixi2_rooms (account_key, room_id, user_id, name, updated_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_key, room_id) DO UPDATE SET"
            " user_id=excluded.user_id,"
            " name=CASE WHEN excluded.name='' THEN mixi2_rooms.name ELSE excluded.name END,"
            " updated_at=excluded.updated_at",
            (account_key, room.room_id, room.user_id, room.name, self._clock()),
        )

    def rooms(self, account_key: str) -> list[Mixi2Room]:
        """The account's rooms, the most recently heard from first."""
        rows = self._db.execute(
            "SELECT room_id, user_id, name FROM mixi2_rooms WHERE account_key=?"
            " ORDER BY updated_at DESC, room_id",
            (account_key,),
        )
        return [Mixi2Room(str(r[0]), str(r[1]), str(r[2])) for r in rows]

    def forget(self, account_key: str) -> None:
        """Drop every room of a removed account."""
        self._db.execute("DELETE FROM mixi2_rooms WHERE account_key=?", (account_key,))
