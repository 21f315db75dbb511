"""The timeline cache as the columns use it: read at start, written as posts arrive.

Every query runs on one worker thread with a connection of its own
(:mod:`app.store.timeline_cache`), so neither the GUI thread nor the event loop ever
waits for SQLite — not even while another process (the command line) holds the
database's write lock. Writes are queued in order and never raise: the cache is a copy of
what servers have, and a write that fails is logged and skipped. Posts put while an
earlier write is still waiting go into the same transaction (a burst of live posts is one
write, not one per post).

:func:`read_start` reads both columns as they were last shown; it imports nothing but
``sqlite3`` and ``app.core``, so the window can paint from it before the network stack is
loaded. :func:`find_gaps` says where a server's newest page does not reach down to what
the cache held.

Imports stay light on purpose (no httpx, keyring or sandbox): see the module docstring of
:mod:`app.store.timeline_cache`.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Collection, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from app.core.models import Audience, Post
from app.store import timeline_cache as table
from app.store.timeline_cache import CAP, CachedColumn, Key

log = logging.getLogger(__name__)

__all__ = ["CAP", "CachedColumn", "Key", "TimelineCache", "find_gaps", "read_start"]

T = TypeVar("T")
READ_BUSY_MS = 200  # a read that would wait longer for a lock gives up (rows stay)


def read_start(path: Path, cap: int = CAP) -> dict[Audience, CachedColumn]:
    """Both columns as last shown (see :func:`app.store.timeline_cache.read_start`)."""
    return table.read_start(path, cap)


def _order(post: Post) -> tuple[object, str]:
    return (post.created_at, post.id)


def find_gaps(cached: Sequence[Post], page: Sequence[Post], short: Collection[str]) -> list[Key]:
    """The keys of the ``page`` posts beneath which posts are missing: per account, the
    server's newest page shares no post with what was ``cached`` and ends above the
    newest cached one, and the account has more than that page (not in ``short``)."""
    gaps: list[Key] = []
    for account in {p.account_key for p in page}:
        before = [p for p in cached if p.account_key == account]
        if not before or account in short:
            continue
        mine = [p for p in page if p.account_key == account]
        known = {p.key for p in before}
        if any(p.key in known for p in mine):
            continue
        oldest = min(mine, key=_order)
        if _order(oldest) > _order(max(before, key=_order)):
            gaps.append(oldest.key)
    return gaps


class TimelineCache:
    """The profile's timeline cache, queried on a worker thread of its own."""

    def __init__(self, path: Path, *, cap: int = CAP) -> None:
        self.path = path
        self.cap = cap
        self._pool: ThreadPoolExecutor | None = None
        self._db: sqlite3.Connection | None = None  # used on the worker thread only
        self._last: Future[object] | None = None
        self._lock = threading.Lock()
        self._closed = False
        # Posts waiting for the next write, per column: (posts, gap keys).
        self._pending: dict[Audience, tuple[list[Post], list[Key]]] = {}

    def _connection(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = table.connect(self.path)
            table.ensure_current(self._db)
        return self._db

    def _submit(self, job: Callable[[], T]) -> Future[T] | None:
        with self._lock:
            if self._closed:
                return None  # a column's last word after its session closed: dropped
            if self._pool is None:
                self._pool = ThreadPoolExecutor(1, thread_name_prefix="timeline-cache")
            future = self._pool.submit(job)
            self._last = future  # type: ignore[assignment]
        return future

    def _write(self, what: str, job: Callable[[sqlite3.Connection], None]) -> None:
        def guarded() -> None:
            try:
                job(self._connection())
            except (sqlite3.Error, OSError) as exc:
                log.warning("timeline cache: %s not written (%s)", what, exc)

        self._submit(guarded)

    # -- reading -------------------------------------------------------------------------
    async def load(self, audience: Audience, accounts: Sequence[str]) -> CachedColumn:
        """``accounts``' cached posts in ``audience``'s column (nothing when unreadable).
        Read on a connection of its own, beside the writes: a write waiting for a lock
        another process holds does not hold up the column."""
        import asyncio

        def job() -> CachedColumn:
            try:
                db = table.connect(self.path, create=False, busy_ms=READ_BUSY_MS)
            except sqlite3.Error as exc:
                log.warning("timeline cache: not read (%s)", exc)
                return CachedColumn(tuple(accounts))
            try:
                return table.read_column(db, audience, tuple(accounts), self.cap)
            except sqlite3.Error as exc:
                log.warning("timeline cache: not read (%s)", exc)
                return CachedColumn(tuple(accounts))
            finally:
                db.close()

        return await asyncio.to_thread(job)

    # -- writing (queued, in order, never waiting) ---------------------------------------
    def put(self, audience: Audience, posts: Iterable[Post], gaps: Iterable[Key] = ()) -> None:
        rows, gap_keys = list(posts), list(gaps)
        if not rows:
            return
        with self._lock:
            waiting = self._pending.get(audience)
            if waiting is not None:  # a write is queued already: it takes these too
                waiting[0].extend(rows)
                waiting[1].extend(gap_keys)
                return
            self._pending[audience] = (rows, gap_keys)
        self._write("posts", lambda db: self._put_pending(db, audience))

    def _put_pending(self, db: sqlite3.Connection, audience: Audience) -> None:
        with self._lock:
            rows, gap_keys = self._pending.pop(audience, ([], []))
        table.put(db, audience, rows, gap_keys, self.cap)

    def set_gap(self, audience: Audience, key: Key, gap: bool) -> None:
        self._write("gap", lambda db: table.set_gap(db, audience, key, gap))

    def save_column(
        self, audience: Audience, accounts: Sequence[str], top: Key | None, offset: int
    ) -> None:
        accounts = tuple(accounts)
        self._write("position", lambda db: table.save_column(db, audience, accounts, top, offset))

    async def flush(self) -> None:
        """Until every write queued so far is done."""
        import asyncio

        last = self._last
        if last is not None:
            await asyncio.wrap_future(last)

    async def aclose(self) -> None:
        """Finish the queued writes and close the connection and the thread; later
        writes are dropped."""
        import asyncio

        await self.flush()
        with self._lock:
            self._closed = True
            pool, self._pool = self._pool, None
        if pool is None:
            return

        def close() -> None:
            if self._db is not None:
                self._db.close()
                self._db = None

        await asyncio.wrap_future(pool.submit(close))
        pool.shutdown(wait=False)
