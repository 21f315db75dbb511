"""The profile's accounts table: the non-secret :class:`~app.core.models.AccountRef` of
every signed-in account, in the order the user added them.

One row per account key. ``serves`` is a JSON list of audience values; ``extra`` keeps, as
JSON, any field an older version stored that this one does not know, so nothing saved is
ever dropped. Secrets (tokens) are never here: they live in the OS keychain.

Public API::

    AccountTable(store)              # store: anything with a sqlite3 ``connection``
    .list() -> list[AccountRef]      # in the order added; an unreadable row is logged, skipped
    .get(key) -> AccountRef | None
    .save(account)                   # add, or replace an earlier sign-in (moved to the end)
    .update(account)                 # change an account in place; KeyError if not saved
    .remove(key) -> bool             # True when there was one
    migrate_legacy_list(connection)  # schema migration 6 (run by app.store.db)

Migration 6 moves the JSON list that used to live under the settings key ``accounts.list``
into the table: every readable item becomes a row (unknown fields into ``extra``); an item
that cannot be read (not an object, a missing field, an unknown audience) is kept verbatim
under the settings key ``accounts.unreadable``, which the app never uses.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from typing import Any, Protocol

from app.core.models import AccountRef, Audience

log = logging.getLogger(__name__)

_TEXT_FIELDS = ("key", "network", "base_url", "user_id", "username", "handle")
_KNOWN_FIELDS = frozenset({*_TEXT_FIELDS, "serves", "label", "sandbox", "friends_need_recipients"})
LEGACY_KEY = "accounts.list"
UNREADABLE_KEY = "accounts.unreadable"

_CREATE = """
CREATE TABLE IF NOT EXISTS accounts (
    key                     TEXT PRIMARY KEY,
    position                INTEGER NOT NULL,
    network                 TEXT NOT NULL,
    base_url                TEXT NOT NULL,
    user_id                 TEXT NOT NULL,
    username                TEXT NOT NULL,
    handle                  TEXT NOT NULL,
    serves                  TEXT NOT NULL DEFAULT '[]',
    label                   TEXT NOT NULL DEFAULT '',
    sandbox                 INTEGER NOT NULL DEFAULT 0,
    friends_need_recipients INTEGER NOT NULL DEFAULT 0,
    extra                   TEXT NOT NULL DEFAULT '{}'
)
"""
_COLUMNS = (
    "key, network, base_url, user_id, username, handle, serves, label, sandbox, "
    "friends_need_recipients, extra"
)


class _HasConnection(Protocol):
    @property
    def connection(self) -> sqlite3.Connection: ...


def _row_values(account: AccountRef, extra: str = "{}") -> tuple[Any, ...]:
    return (
        account.key,
        account.network,
        account.base_url,
        account.user_id,
        account.username,
        account.handle,
        json.dumps(sorted(a.value for a in account.serves)),
        account.label,
        int(account.sandbox),
        int(account.friends_need_recipients),
        extra,
    )


def _from_row(row: sqlite3.Row | tuple[Any, ...]) -> AccountRef | None:
    key, network, base_url, user_id, username, handle, serves, label, sandbox, fnr, _ = row
    try:
        audiences = frozenset(Audience(v) for v in json.loads(serves))
    except (ValueError, TypeError):
        return None
    return AccountRef(
        key=key,
        network=network,
        base_url=base_url,
        user_id=user_id,
        username=username,
        handle=handle,
        serves=audiences,
        label=label,
        sandbox=bool(sandbox),
        friends_need_recipients=bool(fnr),
    )


class AccountTable:
    """The accounts of one profile database."""

    def __init__(self, store: _HasConnection) -> None:
        self._db = store.connection

    def list(self) -> list[AccountRef]:
        out: list[AccountRef] = []
        for row in self._db.execute(f"SELECT {_COLUMNS} FROM accounts ORDER BY position"):
            account = _from_row(row)
            if account is None:
                log.warning("ignoring an unreadable saved account")
                continue
            out.append(account)
        return out

    def get(self, key: str) -> AccountRef | None:
        row = self._db.execute(f"SELECT {_COLUMNS} FROM accounts WHERE key=?", (key,)).fetchone()
        return _from_row(row) if row is not None else None

    def save(self, account: AccountRef) -> None:
        """Add ``account`` at the end; an earlier sign-in of the same key is replaced (and
        moves to the end, as the newest)."""
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            (position,) = self._db.execute(
                "SELECT COALESCE(MAX(position), 0) + 1 FROM accounts"
            ).fetchone()
            self._db.execute("DELETE FROM accounts WHERE key=?", (account.key,))
            _insert(self._db, account, position)

    def update(self, account: AccountRef) -> None:
        """Change a saved account in place (its position and ``extra`` stay)."""
        values = _row_values(account)[1:-1]
        done = self._db.execute(
            "UPDATE accounts SET network=?, base_url=?, user_id=?, username=?, handle=?, "
            "serves=?, label=?, sandbox=?, friends_need_recipients=? WHERE key=?",
            (*values, account.key),
        )
        if done.rowcount == 0:
            raise KeyError(account.key)

    def remove(self, key: str) -> bool:
        return self._db.execute("DELETE FROM accounts WHERE key=?", (key,)).rowcount > 0


def _insert(db: sqlite3.Connection, account: AccountRef, position: int, extra: str = "{}") -> None:
    db.execute(
        f"INSERT INTO accounts(position, {_COLUMNS}) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (position, *_row_values(account, extra)),
    )


# ------------------------------------------------------------------ migration 6


def _from_legacy(item: Any) -> AccountRef | None:
    """One item of the old JSON list, read as the accounts service read it."""
    if not isinstance(item, dict):
        return None
    texts = {name: item.get(name) for name in _TEXT_FIELDS}
    if not all(isinstance(v, str) and v for v in texts.values()):
        return None
    serves = item.get("serves", [])
    try:
        audiences = frozenset(Audience(v) for v in serves)
    except (ValueError, TypeError):
        return None
    return AccountRef(
        key=str(texts["key"]),
        network=str(texts["network"]),
        base_url=str(texts["base_url"]),
        user_id=str(texts["user_id"]),
        username=str(texts["username"]),
        handle=str(texts["handle"]),
        serves=audiences,
        label=str(item.get("label") or ""),
        sandbox=bool(item.get("sandbox", False)),
        friends_need_recipients=item.get("friends_need_recipients") is True,
    )


def migrate_legacy_list(db: sqlite3.Connection) -> None:
    """Create the accounts table and move the settings' ``accounts.list`` into it."""
    db.execute(_CREATE)
    row = db.execute("SELECT value FROM settings WHERE key=?", (LEGACY_KEY,)).fetchone()
    if row is None:
        return
    try:
        items = json.loads(row[0])
    except ValueError:
        items = [row[0]]  # not JSON at all: keep the text itself
    if not isinstance(items, list):
        items = [items]
    unreadable: list[Any] = []
    position = 0
    for item in items:
        account = _from_legacy(item)
        if account is None:
            unreadable.append(item)
            continue
        extra = {k: v for k, v in item.items() if k not in _KNOWN_FIELDS}
        position += 1
        # A key listed twice (never written so, but possible by hand): the service looked
        # accounts up by key and found the first, so the first becomes the row and the
        # later one is kept aside with the unreadable ones.
        earlier = db.execute("SELECT 1 FROM accounts WHERE key=?", (account.key,)).fetchone()
        if earlier is not None:
            unreadable.append(item)
            continue
        _insert(db, account, position, json.dumps(extra, ensure_ascii=False))
    if unreadable:
        log.warning("kept %d unreadable saved account(s) aside", len(unreadable))
        db.execute(
            "INSERT INTO settings(key, value) VALUES(?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
            (UNREADABLE_KEY, json.dumps(unreadable, ensure_ascii=False)),
        )
    db.execute("DELETE FROM settings WHERE key=?", (LEGACY_KEY,))
