"""Helpers shared by the sandbox servers: sortable ids, SQLite opening, JSON error replies,
timestamps, tokens, and a fixed-window rate limiter.

No server logic lives here; both the Mastodon-API and the Misskey-API sandbox may use it.
"""

from __future__ import annotations

import itertools
import logging
import secrets
import sqlite3
import struct
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiohttp import web

from app.sandbox.guard import private_file

log = logging.getLogger(__name__)

_seq = itertools.count()
_seq_lock = threading.Lock()


def snowflake(when: datetime | None = None) -> int:
    """A Mastodon-style id: milliseconds since the epoch in the high bits, a sequence below.

    Ids sort by creation time, so SQL paging by id is paging by time; seeded posts get ids
    from their (past) timestamps and still sort among live ones.
    """
    ms = int((when or datetime.now(UTC)).timestamp() * 1000)
    with _seq_lock:
        low = next(_seq) & 0xFFFF
    return (ms << 16) | low


def snowflake_time(ident: int) -> datetime:
    return datetime.fromtimestamp((ident >> 16) / 1000, UTC)


def open_db(path: Path) -> sqlite3.Connection:
    """Open (creating folders) a SQLite file in WAL mode with row access by name.

    One connection used only from the server's event-loop thread; autocommit off and
    explicit ``with conn:`` blocks keep writes atomic. The file (and so its journal) is the
    user's alone: it holds every member's tokens and followers-only posts.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    private_file(path)
    conn = sqlite3.connect(path, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


def heal_db(path: Path, now: datetime | None = None) -> bool:
    """Set a damaged sandbox database aside (``<name>.damaged-<time>``) so the server
    starts it afresh with the demo community; True when it did. The sandbox holds nothing
    the user cannot lose: practice posts only, never an outbox or an account."""
    if not path.exists():
        return False
    try:
        conn = sqlite3.connect(path)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
        if len(rows) == 1 and rows[0][0] == "ok":
            return False
    except sqlite3.DatabaseError:
        pass  # not a database at all
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    for suffix in ("", "-wal", "-shm", "-journal"):
        part = path.with_name(path.name + suffix)
        if part.exists():
            part.replace(path.with_name(f"{path.name}.damaged-{stamp}{suffix}"))
    log.warning("the sandbox database %s was damaged: reset to the demo community", path.name)
    return True


def iso_ms(when: datetime) -> str:
    """``2019-12-08T03:48:33.901Z``, the timestamp format both APIs use."""
    when = when.astimezone(UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def new_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def json_error(status: int, message: str, **extra: Any) -> web.Response:
    """A JSON error reply ``{"error": message, ...}`` with the given status."""
    return web.json_response({"error": message, **extra}, status=status)


def png_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, or None when ``data`` is not one."""
    if len(data) >= 24 and data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    return None


class RateLimiter:
    """A fixed window of ``limit`` requests per ``period`` seconds for each key.

    Fixed windows (not sliding) because that is how Mastodon's rack-attack throttles work and
    what ``X-RateLimit-Reset`` describes: the end of the current window.
    """

    def __init__(self, limit: int = 300, period: float = 300.0) -> None:
        self.limit = limit
        self.period = period
        self._windows: dict[str, tuple[float, int]] = {}

    def hit(self, key: str, now: float | None = None) -> tuple[bool, int, float]:
        """Count one request. Returns (allowed, remaining, window end as a Unix time)."""
        now = time.time() if now is None else now
        start = now - (now % self.period)
        w_start, count = self._windows.get(key, (start, 0))
        if w_start != start:
            count = 0
        count += 1
        self._windows[key] = (start, count)
        return count <= self.limit, max(0, self.limit - count), start + self.period
