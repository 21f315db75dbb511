"""The timeline cache: the newest posts of each column, per account, kept in the profile
so the window can paint both columns before the network stack is loaded.

Schema migration 7 (run by :mod:`app.store.db`) creates the tables below; the queries
live here and take a ``sqlite3`` connection of their own (the cache is written from a
worker thread, never the GUI thread's connection). This module imports only ``sqlite3``
and ``app.core``, so the window can read it before anything else of the app is loaded.

- ``timeline_cache``: one row per (account, column, post): the post as JSON
  (:mod:`app.core.post_json`, its ``format``), its time for ordering, and ``gap_below``
  when the posts right beneath it in that account's timeline were never loaded (the
  server's newest page did not reach down to what was cached before).
- ``timeline_columns``: per column, the accounts it last showed and the reader's place
  (the post at the top of the view and how far it was scrolled past it).

Bounded: each (account, column) keeps its newest ``cap`` posts. A row that cannot be read
is dropped with a log line; rows of another format, and tables of an older layout, are
thrown away and the cache starts again (it only ever holds copies of what servers have).
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.core.models import Audience, Post
from app.core.post_json import FORMAT, post_from_dict, post_to_dict

log = logging.getLogger(__name__)

CAP = 300  # posts kept per account and column

SCHEMA = """
CREATE TABLE IF NOT EXISTS timeline_cache (
    account_key TEXT NOT NULL,
    audience    TEXT NOT NULL,
    post_id     TEXT NOT NULL,
    sort_at     REAL NOT NULL,
    format      INTEGER NOT NULL,
    gap_below   INTEGER NOT NULL DEFAULT 0,
    body        TEXT NOT NULL,
    PRIMARY KEY (account_key, audience, post_id)
);
CREATE INDEX IF NOT EXISTS timeline_cache_by_column
    ON timeline_cache(account_key, audience, sort_at DESC);
CREATE TABLE IF NOT EXISTS timeline_columns (
    audience    TEXT PRIMARY KEY,
    accounts    TEXT NOT NULL DEFAULT '[]',
    top_account TEXT,
    top_post    TEXT,
    top_offset  INTEGER NOT NULL DEFAULT 0
)
"""

_COLUMNS = {
    "timeline_cache": {
        "account_key",
        "audience",
        "post_id",
        "sort_at",
        "format",
        "gap_below",
        "body",
    },
    "timeline_columns": {"audience", "accounts", "top_account", "top_post", "top_offset"},
}

Key = tuple[str, str]  # (account key, post id)


@dataclass(frozen=True)
class CachedColumn:
    """What the cache holds for one column: its posts newest first, the keys of the posts
    with a gap beneath them, the accounts it showed and the reader's place."""

    accounts: tuple[str, ...] = ()
    posts: list[Post] = field(default_factory=list)
    gaps: frozenset[Key] = frozenset()
    top: Key | None = None  # the post at the top of the view; None: the column's top
    offset: int = 0  # pixels the view was scrolled past the top of ``top``


def _create(db: sqlite3.Connection) -> None:
    for statement in SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)


def ensure_current(db: sqlite3.Connection) -> None:
    """Tables of another layout (an older build's) are dropped and made again."""
    for table, columns in _COLUMNS.items():
        found = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        if found and found != columns:
            log.warning("timeline cache: table %s has an older layout; rebuilt", table)
            db.execute(f"DROP TABLE {table}")
    _create(db)


def connect(path: Path, *, create: bool = True, busy_ms: int = 10_000) -> sqlite3.Connection:
    """A connection of the cache's own. ``create=False``: only an existing database
    (sqlite3.OperationalError when there is none), for reading at start."""
    if create:
        db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    else:
        uri = Path(path).resolve().as_uri() + "?mode=rw"
        db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    db.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
    return db


def _sort_at(post: Post) -> float:
    return post.created_at.timestamp()


def put(
    db: sqlite3.Connection,
    audience: Audience,
    posts: Iterable[Post],
    gaps: Iterable[Key] = (),
    cap: int = CAP,
) -> None:
    """Write ``posts`` (a newer copy replaces the older), mark a gap beneath the posts
    whose key is in ``gaps``, and keep each touched account's newest ``cap``."""
    gap_keys = set(gaps)
    rows = [
        (
            p.account_key,
            audience.value,
            p.id,
            _sort_at(p),
            FORMAT,
            int(p.key in gap_keys),
            json.dumps(post_to_dict(p), ensure_ascii=False),
        )
        for p in posts
    ]
    if not rows:
        return
    with db:
        db.execute("BEGIN IMMEDIATE")
        db.executemany(
            "INSERT INTO timeline_cache"
            "(account_key, audience, post_id, sort_at, format, gap_below, body)"
            " VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT(account_key, audience, post_id)"
            " DO UPDATE SET sort_at=excluded.sort_at, format=excluded.format,"
            " body=excluded.body, gap_below=MAX(gap_below, excluded.gap_below)",
            rows,
        )
        for account in {row[0] for row in rows}:
            _trim(db, account, audience, cap)


def _trim(db: sqlite3.Connection, account: str, audience: Audience, cap: int) -> None:
    db.execute(
        "DELETE FROM timeline_cache WHERE account_key=? AND audience=? AND post_id NOT IN"
        " (SELECT post_id FROM timeline_cache WHERE account_key=? AND audience=?"
        "  ORDER BY sort_at DESC, post_id DESC LIMIT ?)",
        (account, audience.value, account, audience.value, cap),
    )


def set_gap(db: sqlite3.Connection, audience: Audience, key: Key, gap: bool) -> None:
    """Mark (or clear) a gap beneath the cached post ``key``."""
    db.execute(
        "UPDATE timeline_cache SET gap_below=? WHERE account_key=? AND audience=? AND post_id=?",
        (int(gap), key[0], audience.value, key[1]),
    )


def save_column(
    db: sqlite3.Connection,
    audience: Audience,
    accounts: Sequence[str],
    top: Key | None,
    offset: int,
) -> None:
    """Remember which accounts ``audience``'s column shows and the reader's place."""
    db.execute(
        "INSERT INTO timeline_columns(audience, accounts, top_account, top_post, top_offset)"
        " VALUES(?, ?, ?, ?, ?) ON CONFLICT(audience) DO UPDATE SET"
        " accounts=excluded.accounts, top_account=excluded.top_account,"
        " top_post=excluded.top_post, top_offset=excluded.top_offset",
        (
            audience.value,
            json.dumps(list(accounts)),
            top[0] if top else None,
            top[1] if top else None,
            int(offset),
        ),
    )


def _drop_rows(db: sqlite3.Connection, where: str, args: Sequence[object]) -> None:
    """Best effort: a database another process holds locked keeps the rows this time."""
    try:
        db.execute(f"DELETE FROM timeline_cache WHERE {where}", args)
    except sqlite3.OperationalError as exc:
        log.info("timeline cache: could not drop rows now (%s)", exc)


def _decode(db: sqlite3.Connection, audience: Audience, row: sqlite3.Row) -> Post | None:
    account, post_id, body = row[0], row[1], row[2]
    try:
        post = post_from_dict(json.loads(body))
        if post.key != (account, post_id):
            raise ValueError("the row's key is not its post's")
    except (ValueError, TypeError) as exc:
        log.warning("timeline cache: dropped an unreadable row of %s (%s)", account, exc)
        _drop_rows(
            db, "account_key=? AND audience=? AND post_id=?", (account, audience.value, post_id)
        )
        return None
    return post


def read_column(
    db: sqlite3.Connection,
    audience: Audience,
    accounts: Sequence[str] | None = None,
    cap: int = CAP,
) -> CachedColumn:
    """What the cache holds for ``audience``'s column: for ``accounts`` (None: the ones
    it showed last), each one's newest ``cap`` posts, newest first."""
    state = db.execute(
        "SELECT accounts, top_account, top_post, top_offset FROM timeline_columns WHERE audience=?",
        (audience.value,),
    ).fetchone()
    if accounts is None:
        accounts = _accounts(state[0]) if state else ()
    stale = db.execute("SELECT COUNT(*) FROM timeline_cache WHERE format!=?", (FORMAT,))
    if stale.fetchone()[0]:
        log.warning("timeline cache: rows of another format; rebuilt")
        _drop_rows(db, "format!=?", (FORMAT,))
    posts: list[Post] = []
    gaps: set[Key] = set()
    for account in accounts:
        rows = db.execute(
            "SELECT account_key, post_id, body, gap_below FROM timeline_cache"
            " WHERE account_key=? AND audience=? AND format=?"
            " ORDER BY sort_at DESC, post_id DESC LIMIT ?",
            (account, audience.value, FORMAT, cap),
        ).fetchall()
        for row in rows:
            post = _decode(db, audience, row)
            if post is not None:
                posts.append(post)
                if row[3]:
                    gaps.add(post.key)
    posts.sort(key=lambda p: (p.created_at, p.id, p.account_key), reverse=True)
    top = (state[1], state[2]) if state and state[1] and state[2] else None
    offset = int(state[3]) if state and top else 0
    return CachedColumn(tuple(accounts), posts, frozenset(gaps), top, offset)


def _accounts(text: str) -> tuple[str, ...]:
    try:
        value = json.loads(text)
    except ValueError:
        return ()
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


def read_start(path: Path, cap: int = CAP) -> dict[Audience, CachedColumn]:
    """Both columns as they were last shown, for painting at start (empty when there is
    no database or no cache yet). Never raises for a missing or locked database."""
    try:
        db = connect(path, create=False, busy_ms=200)
    except sqlite3.Error:
        return {}
    try:
        return {a: read_column(db, a, cap=cap) for a in Audience}
    except sqlite3.Error as exc:
        log.info("timeline cache: not read at start (%s)", exc)
        return {}
    finally:
        db.close()
