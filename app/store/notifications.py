"""Notifications received (mentions, replies, reactions, boosts, follows), per account,
and which of them the user has seen.

Schema migration 9 (run by :mod:`app.store.db`) creates the tables below. A row is one
notification of one account, keyed by the network's own notification id, so the same
notification fetched twice (a poll after the stream, a restart) is stored once. ``circle``
is the circle it belongs to ("public" / "friends"); ``body`` the notification as JSON
(who, what, the post it is about), read back into :class:`~app.core.models.Notification`.
Each account keeps its newest :data:`KEEP_PER_ACCOUNT` rows; older ones are dropped.

A body that cannot be read back (a hand edit, a bug) is skipped with a log line, never
raised: one bad row must not empty the whole panel.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from app.core.models import (
    Audience,
    Author,
    MediaAttachment,
    Notification,
    NotificationKind,
    Post,
    RecordRef,
)

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS notifications (
    account_key TEXT NOT NULL,
    id          TEXT NOT NULL,
    kind        TEXT NOT NULL,
    created_at  REAL NOT NULL,
    seen        INTEGER NOT NULL DEFAULT 0,
    body        TEXT NOT NULL,
    circle      TEXT NOT NULL DEFAULT 'public',
    PRIMARY KEY (account_key, id)
);
CREATE INDEX IF NOT EXISTS notifications_newest ON notifications(account_key, created_at DESC)
"""

KEEP_PER_ACCOUNT = 500  # the newest rows kept per account (older ones are dropped)


@dataclass(frozen=True, slots=True)
class StoredNotification:
    """One stored notification: what the network said, its circle and whether it was seen."""

    notification: Notification
    circle: Audience
    seen: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return (self.notification.account_key, self.notification.id)


# -- JSON of the core types (ours, so a row reads back whatever the network was) ------------


def _author_json(a: Author) -> dict[str, Any]:
    return {
        "id": a.id,
        "username": a.username,
        "handle": a.handle,
        "display_name": a.display_name,
        "avatar_url": a.avatar_url,
    }


def _author(d: dict[str, Any]) -> Author:
    return Author(
        id=str(d["id"]),
        username=str(d["username"]),
        handle=str(d["handle"]),
        display_name=str(d["display_name"]),
        avatar_url=d.get("avatar_url"),
    )


def _ref_json(ref: RecordRef | None) -> list[str] | None:
    return None if ref is None else [ref.uri, ref.cid]


def _ref(value: Any) -> RecordRef | None:
    return None if value is None else RecordRef(str(value[0]), str(value[1]))


def _post_json(p: Post) -> dict[str, Any]:
    return {
        "id": p.id,
        "network": p.network,
        "account_key": p.account_key,
        "author": _author_json(p.author),
        "created_at": p.created_at.timestamp(),
        "text": p.text,
        "html": p.html,
        "audience": p.audience.value,
        "visibility": p.visibility,
        "url": p.url,
        "tags": list(p.tags),
        "media": [
            [m.url, m.preview_url, m.description, m.kind, m.width, m.height] for m in p.media
        ],
        "in_reply_to_id": p.in_reply_to_id,
        "recipients": list(p.recipients),
        "boost_of": p.boost_of,
        "ref": _ref_json(p.ref),
        "root": _ref_json(p.root),
        "parent": _ref_json(p.parent),
    }


def _post(d: dict[str, Any]) -> Post:
    return Post(
        id=str(d["id"]),
        network=str(d["network"]),
        account_key=str(d["account_key"]),
        author=_author(d["author"]),
        created_at=datetime.fromtimestamp(float(d["created_at"]), UTC),
        text=str(d["text"]),
        html=str(d["html"]),
        audience=Audience(d["audience"]),
        visibility=str(d["visibility"]),
        url=d.get("url"),
        tags=tuple(str(t) for t in d.get("tags", ())),
        media=tuple(MediaAttachment(*m) for m in d.get("media", ())),
        in_reply_to_id=d.get("in_reply_to_id"),
        recipients=tuple(str(r) for r in d.get("recipients", ())),
        boost_of=d.get("boost_of"),
        ref=_ref(d.get("ref")),
        root=_ref(d.get("root")),
        parent=_ref(d.get("parent")),
    )


def encode(n: Notification) -> str:
    """The row body of ``n``: who, the post, the reaction."""
    body = {
        "author": _author_json(n.author),
        "post": None if n.post is None else _post_json(n.post),
        "reaction": n.reaction,
    }
    return json.dumps(body, ensure_ascii=False)


def decode(account_key: str, nid: str, kind: str, created_at: float, body: str) -> Notification:
    """A stored row back as a Notification; ValueError/KeyError/TypeError when unreadable."""
    d = json.loads(body)
    post = d.get("post")
    return Notification(
        id=nid,
        kind=NotificationKind(kind),
        account_key=account_key,
        author=_author(d["author"]),
        created_at=datetime.fromtimestamp(created_at, UTC),
        post=None if post is None else _post(post),
        reaction=str(d.get("reaction") or ""),
    )


# -- the queries --------------------------------------------------------------------------

_SELECT = "SELECT account_key, id, kind, created_at, body, circle, seen FROM notifications"


def _marks(keys: Sequence[str]) -> str:
    return ",".join("?" * len(keys))


class _Database(Protocol):
    """The profile database (:class:`app.store.db.Store`, which imports this module for
    :data:`SCHEMA`, so it is not imported here)."""

    @property
    def connection(self) -> sqlite3.Connection: ...


class NotificationStore:
    """Queries on the notifications table of one profile database."""

    def __init__(self, store: _Database, *, keep: int = KEEP_PER_ACCOUNT) -> None:
        self._db = store.connection
        self.keep = keep

    def add(self, rows: Iterable[StoredNotification]) -> list[StoredNotification]:
        """Store ``rows``; returns those that were new (a notification already stored is
        not stored again and keeps whether it was seen). Each account is trimmed to its
        newest ``keep`` rows afterwards."""
        added: list[StoredNotification] = []
        touched: set[str] = set()
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            for row in rows:
                n = row.notification
                cur = self._db.execute(
                    "INSERT OR IGNORE INTO notifications"
                    "(account_key, id, kind, created_at, seen, body, circle)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        n.account_key,
                        n.id,
                        n.kind.value,
                        n.created_at.timestamp(),
                        int(row.seen),
                        encode(n),
                        row.circle.value,
                    ),
                )
                if cur.rowcount:
                    added.append(row)
                    touched.add(n.account_key)
            for account_key in touched:
                self._trim(account_key)
        kept = {(a, i) for a, i in self._present([r.key for r in added])}
        return [r for r in added if r.key in kept]

    def _trim(self, account_key: str) -> None:
        self._db.execute(
            "DELETE FROM notifications WHERE account_key = ? AND id NOT IN ("
            " SELECT id FROM notifications WHERE account_key = ?"
            " ORDER BY created_at DESC, rowid DESC LIMIT ?)",
            (account_key, account_key, self.keep),
        )

    def _present(self, keys: list[tuple[str, str]]) -> list[tuple[str, str]]:
        found = []
        for account_key, nid in keys:
            row = self._db.execute(
                "SELECT 1 FROM notifications WHERE account_key = ? AND id = ?",
                (account_key, nid),
            ).fetchone()
            if row is not None:
                found.append((account_key, nid))
        return found

    def newest_id(self, account_key: str) -> str | None:
        """The id of ``account_key``'s newest stored notification (for ``since``)."""
        row = self._db.execute(
            "SELECT id FROM notifications WHERE account_key = ?"
            " ORDER BY created_at DESC, rowid DESC LIMIT 1",
            (account_key,),
        ).fetchone()
        return None if row is None else str(row[0])

    def recent(
        self, account_keys: Sequence[str], *, limit: int = KEEP_PER_ACCOUNT
    ) -> list[StoredNotification]:
        """The newest notifications of ``account_keys``, newest first."""
        if not account_keys:
            return []
        cur = self._db.execute(
            f"{_SELECT} WHERE account_key IN ({_marks(account_keys)})"
            " ORDER BY created_at DESC, rowid DESC LIMIT ?",
            (*account_keys, limit),
        )
        out = []
        for account_key, nid, kind, created_at, body, circle, seen in cur.fetchall():
            try:
                n = decode(account_key, nid, kind, created_at, body)
                out.append(StoredNotification(n, Audience(circle), bool(seen)))
            except (ValueError, KeyError, TypeError, IndexError) as exc:
                log.warning("skipping an unreadable stored notification %s: %r", nid, exc)
        return out

    def unseen_count(self, account_keys: Sequence[str]) -> int:
        if not account_keys:
            return 0
        row = self._db.execute(
            f"SELECT COUNT(*) FROM notifications WHERE seen = 0"
            f" AND account_key IN ({_marks(account_keys)})",
            tuple(account_keys),
        ).fetchone()
        return int(row[0])

    def mark_seen(self, account_keys: Sequence[str]) -> int:
        """Mark every notification of ``account_keys`` seen; returns how many were not."""
        if not account_keys:
            return 0
        cur = self._db.execute(
            f"UPDATE notifications SET seen = 1 WHERE seen = 0"
            f" AND account_key IN ({_marks(account_keys)})",
            tuple(account_keys),
        )
        return int(cur.rowcount)
