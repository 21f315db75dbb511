"""Store calls for the window, on a worker thread with a connection of its own.

The window's own connection lives on the GUI thread; a write there waits for SQLite's
lock — up to the busy timeout while another process (the command line) holds it — and
the window would freeze meanwhile. :class:`StoreWorker` runs such calls, in the order
they were given, on one thread that opens its own :class:`~app.store.db.Store` of the
same file on first use. A call that fails is logged and its future carries the error.

An in-memory store (``:memory:``, tests and throwaway tools) cannot be opened twice: its
calls run on the caller's thread, as before.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from app.store.db import Store

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
