"""The greeting ledger (挨拶帳): greetings received from others, per occasion and year,
and which outbox message answered each. Greetings sent are read from the outbox's rows
(:mod:`app.store.outbox`); what the ledger adds is the link from a received greeting to
the message that answered it.

Schema migration 8 (run by :mod:`app.store.db`) creates the tables below. A row of
``ledger_received`` is one post that greeted the user for one occasion and year, keyed by
(account, post id, occasion, year): the same post fetched again (a second look, a
restart) is stored once, and what is known about its answer is kept. ``ledger_sent``
keeps the greetings the user sent as the ledger last read them from the outbox, keyed by
outbox target: the outbox forgets sent messages after a month, the ledger does not.

Answering is exactly once: :meth:`LedgerStore.claim` marks the rows to answer in one
statement that only takes rows nobody answered or is answering (``answer_message`` NULL);
the caller queues one outbox message and records it with :meth:`LedgerStore.answered`.
A claim whose message was never recorded (the process died in between) is released after
:data:`CLAIM_TIMEOUT` by the next :meth:`LedgerStore.claim` — at worst that greeting is
listed as unanswered again, never answered twice by one run.

Times are Unix seconds (UTC).
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Protocol

from app.core.ledger import Received, Sent
from app.core.models import Audience, Post
from app.core.post_json import post_from_dict, post_to_dict

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS ledger_received (
    account_key     TEXT NOT NULL,
    post_id         TEXT NOT NULL,
    occasion        TEXT NOT NULL,
    year            INTEGER NOT NULL,
    sender          TEXT NOT NULL,
    sender_username TEXT NOT NULL DEFAULT '',
    sender_handle   TEXT NOT NULL DEFAULT '',
    sender_name     TEXT NOT NULL DEFAULT '',
    audience        TEXT NOT NULL,
    received_at     REAL NOT NULL,
    body            TEXT NOT NULL,
    gift            TEXT NOT NULL DEFAULT '',
    url             TEXT,
    answer_message  INTEGER,
    claimed_at      REAL,
    post            TEXT,
    PRIMARY KEY (account_key, post_id, occasion, year)
);
CREATE INDEX IF NOT EXISTS ledger_received_occasion ON ledger_received(occasion, year);
CREATE TABLE IF NOT EXISTS ledger_sent (
    occasion        TEXT NOT NULL,
    year            INTEGER NOT NULL,
    target_id       INTEGER NOT NULL,
    message_id      INTEGER NOT NULL,
    account_key     TEXT NOT NULL,
    audience        TEXT NOT NULL,
    sent_at         REAL NOT NULL,
    body            TEXT NOT NULL,
    recipient_ids   TEXT NOT NULL DEFAULT '[]',
    recipient_names TEXT NOT NULL DEFAULT '[]',
    delivered       INTEGER NOT NULL DEFAULT 0,
    answer_account  TEXT,
    answer_post     TEXT,
    PRIMARY KEY (occasion, year, target_id)
)
"""

CLAIMED = 0  # answer_message while a run is queueing the answer
CLAIM_TIMEOUT = 600.0
_COLUMNS = (
    "account_key, post_id, sender, sender_username, sender_handle, sender_name, audience,"
    " received_at, body, gift, url, answer_message, post"
)


def _post(raw: object) -> Post | None:
    """The greeting's post as kept (None: not kept, or no longer readable)."""
    if not isinstance(raw, str):
        return None
    try:
        return post_from_dict(json.loads(raw))
    except ValueError:
        log.warning("ledger: a kept post is unreadable; it is answered without a thread")
        return None


def _received(row: Sequence[object]) -> Received:
    answer = row[11]
    return Received(
        account_key=str(row[0]),
        post_id=str(row[1]),
        sender_id=str(row[2]),
        sender_username=str(row[3]),
        sender_handle=str(row[4]),
        sender_name=str(row[5]),
        audience=Audience(str(row[6])),
        at=datetime.fromtimestamp(float(str(row[7])), UTC),
        text=str(row[8]),
        gift=str(row[9]),
        url=None if row[10] is None else str(row[10]),
        answer_message=int(str(answer)) if answer not in (None, CLAIMED) else None,
        post=_post(row[12]),
    )


class _Database(Protocol):
    """The profile database (:class:`app.store.db.Store`, which imports this module for
    :data:`SCHEMA`, so it is not imported here)."""

    @property
    def connection(self) -> sqlite3.Connection: ...


class LedgerStore:
    """Queries on the ledger table of one profile database."""

    def __init__(self, store: _Database) -> None:
        self._db = store.connection

    def add(self, occasion: str, year: int, greetings: Iterable[Received]) -> int:
        """Keep greetings received for ``occasion`` of ``year``; one already kept stays as
        it is (with its answer). Returns how many are new."""
        rows = [
            (
                g.account_key,
                g.post_id,
                occasion,
                year,
                g.sender_id,
                g.sender_username,
                g.sender_handle,
                g.sender_name,
                g.audience.value,
                g.at.timestamp(),
                g.text,
                g.gift,
                g.url,
                None if g.post is None else json.dumps(post_to_dict(g.post), ensure_ascii=False),
            )
            for g in greetings
        ]
        before = self._db.total_changes
        with self._db:
            self._db.executemany(
                "INSERT OR IGNORE INTO ledger_received(account_key, post_id, occasion, year,"
                " sender, sender_username, sender_handle, sender_name, audience, received_at,"
                " body, gift, url, post) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
        return self._db.total_changes - before

    def received(self, occasion: str, year: int) -> list[Received]:
        """The greetings received for ``occasion`` of ``year``, newest first."""
        cur = self._db.execute(
            f"SELECT {_COLUMNS} FROM ledger_received WHERE occasion = ? AND year = ?"
            " ORDER BY received_at DESC, post_id",
            (occasion, year),
        )
        return [_received(r) for r in cur.fetchall()]

    def answers(self, occasion: str, year: int) -> dict[int, list[tuple[str, str]]]:
        """Outbox message id → the (account key, post id) greetings it answered."""
        out: dict[int, list[tuple[str, str]]] = {}
        for message, account, post in self._db.execute(
            "SELECT answer_message, account_key, post_id FROM ledger_received"
            " WHERE occasion = ? AND year = ? AND answer_message > 0",
            (occasion, year),
        ):
            out.setdefault(int(message), []).append((str(account), str(post)))
        return out

    def claim(
        self, occasion: str, year: int, keys: Iterable[tuple[str, str]], *, now: float
    ) -> list[tuple[str, str]]:
        """Take these greetings to answer; returns those taken (nobody answered or is
        answering them). Stale claims (see the module docstring) are released first."""
        taken: list[tuple[str, str]] = []
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute(
                "UPDATE ledger_received SET answer_message = NULL, claimed_at = NULL"
                " WHERE answer_message = ? AND claimed_at < ?",
                (CLAIMED, now - CLAIM_TIMEOUT),
            )
            for account, post in keys:
                cur = self._db.execute(
                    "UPDATE ledger_received SET answer_message = ?, claimed_at = ?"
                    " WHERE account_key = ? AND post_id = ? AND occasion = ? AND year = ?"
                    " AND answer_message IS NULL",
                    (CLAIMED, now, account, post, occasion, year),
                )
                if cur.rowcount:
                    taken.append((account, post))
        return taken

    def answered(
        self, occasion: str, year: int, keys: Iterable[tuple[str, str]], message_id: int
    ) -> None:
        """Record the outbox message that answers the claimed greetings ``keys``."""
        with self._db:
            self._db.executemany(
                "UPDATE ledger_received SET answer_message = ?, claimed_at = NULL"
                " WHERE account_key = ? AND post_id = ? AND occasion = ? AND year = ?",
                [(message_id, a, p, occasion, year) for a, p in keys],
            )

    def release(self, occasion: str, year: int, keys: Iterable[tuple[str, str]]) -> None:
        """Give claimed greetings back (their answer was refused before it was queued)."""
        with self._db:
            self._db.executemany(
                "UPDATE ledger_received SET answer_message = NULL, claimed_at = NULL"
                " WHERE account_key = ? AND post_id = ? AND occasion = ? AND year = ?"
                " AND answer_message = ?",
                [(a, p, occasion, year, CLAIMED) for a, p in keys],
            )

    def forget_answer(self, message_id: int) -> int:
        """The answer ``message_id`` was discarded from the outbox: its greetings are
        unanswered again. Returns how many."""
        with self._db:
            cur = self._db.execute(
                "UPDATE ledger_received SET answer_message = NULL, claimed_at = NULL"
                " WHERE answer_message = ?",
                (message_id,),
            )
        return cur.rowcount

    # -- greetings sent, as last read from the outbox ----------------------------------------
    def keep_sent(self, occasion: str, year: int, greetings: Iterable[Sent]) -> None:
        """Remember these greetings sent for ``occasion`` of ``year`` as they are now."""
        rows = [
            (
                occasion,
                year,
                g.target_id,
                g.message_id,
                g.account_key,
                g.audience.value,
                g.at.timestamp(),
                g.text,
                json.dumps(list(g.recipient_ids)),
                json.dumps(list(g.recipient_names)),
                int(g.delivered),
                g.answer_to[0] if g.answer_to else None,
                g.answer_to[1] if g.answer_to else None,
            )
            for g in greetings
        ]
        with self._db:
            self._db.executemany(
                "INSERT INTO ledger_sent(occasion, year, target_id, message_id, account_key,"
                " audience, sent_at, body, recipient_ids, recipient_names, delivered,"
                " answer_account, answer_post) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(occasion, year, target_id) DO UPDATE SET"
                " sent_at = excluded.sent_at, body = excluded.body,"
                " recipient_ids = excluded.recipient_ids,"
                " recipient_names = excluded.recipient_names, delivered = excluded.delivered,"
                " answer_account = excluded.answer_account, answer_post = excluded.answer_post",
                rows,
            )

    def sent(self, occasion: str, year: int) -> list[Sent]:
        """The greetings sent for ``occasion`` of ``year`` the ledger knows of."""
        cur = self._db.execute(
            "SELECT target_id, message_id, account_key, audience, sent_at, body, recipient_ids,"
            " recipient_names, delivered, answer_account, answer_post FROM ledger_sent"
            " WHERE occasion = ? AND year = ? ORDER BY sent_at DESC, target_id",
            (occasion, year),
        )
        return [_sent(r) for r in cur.fetchall()]

    def drop_sent(self, occasion: str, year: int, target_ids: Iterable[int]) -> None:
        """Forget greetings that were never sent and are gone from the outbox (discarded)."""
        with self._db:
            self._db.executemany(
                "DELETE FROM ledger_sent WHERE occasion = ? AND year = ? AND target_id = ?",
                [(occasion, year, t) for t in target_ids],
            )


def _ids(raw: object) -> tuple[str, ...]:
    try:
        value = json.loads(str(raw))
    except ValueError:
        return ()
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def _sent(row: Sequence[object]) -> Sent:
    account, post = row[9], row[10]
    return Sent(
        account_key=str(row[2]),
        audience=Audience(str(row[3])),
        at=datetime.fromtimestamp(float(str(row[4])), UTC),
        text=str(row[5]),
        recipient_ids=_ids(row[6]),
        recipient_names=_ids(row[7]),
        target_id=int(str(row[0])),
        message_id=int(str(row[1])),
        delivered=bool(row[8]),
        answer_to=(str(account), str(post)) if account is not None and post is not None else None,
    )
