"""Store calls for the window, on a worker thread with a connection of its own.

The window's own connection lives on the GUI thread; a write there waits for SQLite's
lock — up to the busy timeout while another process (the command line) holds it — and
the window would freeze meanwhile. :class:`StoreWorker` runs such calls, in the order
they were given, on one thread that opens its own :class:`~app.store.db.Store` of the
same file on first use. A call that fails is logged and its future carries the error.

An in-memory store (``:memory:``, tests and throwaway tools) cannot be opened twice: its
calls run on the caller's thread, as before.

:class:`WriteBehind` is a settings backend for the window's menu toggles (mourning, the
sandbox choice, language, appearance, desktop notices): a value is written at once when
the database is free (so every reader of the profile sees it), and by the worker when
another process holds the lock — never waited for; until then ``get`` answers with the
value set. Reads go to the window's own connection (WAL: a reader never waits).
"""

from __future__ import annotations

import asyncio
import copy
import logging
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from app.store.db import Store
from app.store.settings import SettingError, option

log = logging.getLogger(__name__)

T = TypeVar("T")


class StoreWorker:
    """Runs ``fn(store)`` calls in order on one worker thread (see the module docstring)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._inline = str(store.path) == ":memory:"
        self._pool: ThreadPoolExecutor | None = None
        self._own: Store | None = None  # opened and used on the worker thread only
        self._lock = threading.Lock()

    def _call(self, fn: Callable[[Store], T]) -> T:
        if self._own is None:
            self._own = Store(self._store.path)
        try:
            return fn(self._own)
        except Exception:
            log.exception("a store call on the worker thread failed")
            raise

    def submit(self, fn: Callable[[Store], T]) -> Future[T]:
        """Run ``fn`` with the worker's store; never waits for SQLite."""
        if self._inline:
            done: Future[T] = Future()
            try:
                done.set_result(fn(self._store))
            except Exception as exc:
                done.set_exception(exc)
            return done
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(1, thread_name_prefix="kizuna-store")
            return self._pool.submit(self._call, fn)

    async def run(self, fn: Callable[[Store], T]) -> T:
        """``fn``'s result, awaited on the event loop without blocking it."""
        return await asyncio.wrap_future(self.submit(fn))

    def close(self) -> None:
        """Finish what was submitted (a draft must reach the disk), then close."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is None:
            return
        pool.submit(self._close_own)
        pool.shutdown(wait=True)

    def _close_own(self) -> None:
        if self._own is not None:
            self._own.close()
            self._own = None


class WriteBehind:
    """What :class:`~app.store.settings.Settings` needs of a store, never waiting for its
    lock: ``set`` checks the value (a refused one raises
    :class:`~app.store.settings.SettingError` here, as :meth:`Store.set` would), writes it
    if SQLite lets it without waiting, else hands it to ``worker`` and returns; until the
    worker has written it, ``get`` answers with the value set."""

    def __init__(self, store: Store, worker: StoreWorker) -> None:
        self._store = store
        self._worker = worker
        self._lock = threading.Lock()
        self._pending: dict[str, tuple[int, Any]] = {}  # key: (write number, value)
        self._written = 0

    def get(self, key: str, default: Any = None) -> Any:
        with self._lock:
            pending = self._pending.get(key)
        if pending is not None:
            return copy.deepcopy(pending[1])
        return self._store.get(key, default)

    def is_set(self, key: str) -> bool:
        with self._lock:
            if key in self._pending:
                return True
        return self._store.is_set(key)

    def set(self, key: str, value: Any) -> None:
        declared = option(key)
        if not declared.valid(value):
            raise SettingError(f"{key}: {value!r} is not valid ({declared.doc})")
        value = copy.deepcopy(value)
        if key not in self._pending and self._set_now(key, value):
            return
        with self._lock:
            self._written += 1
            number = self._written
            self._pending[key] = (number, value)
        done = self._worker.submit(lambda store: store.set(key, value))
        done.add_done_callback(lambda _: self._forget(key, number))

    def _set_now(self, key: str, value: Any) -> bool:
        """Written on the caller's connection if that needs no wait (False: busy)."""
        db = self._store.connection
        (busy_ms,) = db.execute("PRAGMA busy_timeout").fetchone()
        db.execute("PRAGMA busy_timeout=0")
        try:
            self._store.set(key, value)
        except sqlite3.OperationalError as exc:
            if not str(getattr(exc, "sqlite_errorname", "")).startswith("SQLITE_BUSY"):
                raise
            return False
        finally:
            db.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
        return True

    def _forget(self, key: str, number: int) -> None:
        """Written (or failed, logged by the worker): reads go to the store again, unless
        a later value is still on its way."""
        with self._lock:
            if self._pending.get(key, (None,))[0] == number:
                del self._pending[key]
