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

A write the profile refuses (the disk full, the folder read-only, the database locked past
the busy timeout) loses nothing for the run: the value stays what ``get`` answers, the
refusal is reported through :attr:`WriteBehind.writes` (a
:class:`~app.services.profile_problems.WriteWatch`: once per problem, None when the writes
work again) and :meth:`WriteBehind.retry` writes it again. The outcomes are reported by
:meth:`WriteBehind.collect` on the thread that calls it — the window's
(:mod:`app.ui.settings_writes`), which also retries after the backoff ``collect`` returns;
the worker thread reports nothing. Closing the worker tries a refused value once more.
"""

from __future__ import annotations

import copy
import logging
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from app.core.backoff import backoff_delay
from app.services.profile_problems import WriteProblem, WriteWatch, write_problem
from app.store.db import Store
from app.store.settings import SettingError, option

log = logging.getLogger(__name__)

T = TypeVar("T")

# SQLite's error names for which a settings write on the caller's connection goes to the
# worker instead (which waits for the lock, or tells the profile's problem and retries).
_GO_BEHIND = (
    "SQLITE_BUSY",
    "SQLITE_LOCKED",
    "SQLITE_FULL",
    "SQLITE_READONLY",
    "SQLITE_IOERR",
    "SQLITE_CANTOPEN",
    "SQLITE_CORRUPT",
    "SQLITE_NOTADB",
)
# A refused settings write is tried again after this many seconds, doubling up to the cap.
RETRY_BASE = 2.0
RETRY_CAP = 60.0


class StoreWorker:
    """Runs ``fn(store)`` calls in order on one worker thread (see the module docstring)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._inline = str(store.path) == ":memory:"
        self._pool: ThreadPoolExecutor | None = None
        self._own: Store | None = None  # opened and used on the worker thread only
        self._lock = threading.Lock()
        #: The settings writers over this worker (each :class:`WriteBehind` adds itself).
        self.write_behinds: list[WriteBehind] = []

    def _call(self, fn: Callable[[Store], T]) -> T:
        if self._own is None:
            self._own = Store(self._store.path, busy_ms=self._store.busy_ms)
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
        import asyncio

        return await asyncio.wrap_future(self.submit(fn))

    def close(self) -> None:
        """Finish what was submitted (a draft must reach the disk) — and try once more
        each setting the profile refused — then close."""
        for behind in list(self.write_behinds):
            behind.retry(wake=False)
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
    worker has written it, ``get`` answers with the value set — for the whole run when the
    profile refuses it (see the module docstring)."""

    def __init__(self, store: Store, worker: StoreWorker) -> None:
        self._store = store
        self._worker = worker
        self._lock = threading.Lock()
        self._pending: dict[str, tuple[int, Any]] = {}  # key: (write number, value)
        self._refused: dict[str, WriteProblem] = {}  # keys whose latest write was refused
        self._written = 0
        self._in_flight = 0  # writes handed to the worker and not ended yet
        self._ended = 0  # writes ended since the last collect()
        self._tries = 0  # rounds of writes in a row that left a value refused
        self._wakers: list[Callable[[], None]] = []
        #: The settings writes' problem now (None: they work).
        self.writes = WriteWatch()
        worker.write_behinds.append(self)

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
        with self._lock:
            behind = key in self._pending  # after a value still on its way, in order
        if not behind and self._set_now(key, value):
            return
        self._behind(key, value, wake=True)

    def on_queued(self, wake: Callable[[], None]) -> None:
        """Call ``wake`` (on the thread that sets or retries) whenever a write was handed
        to the worker: there will be an outcome to :meth:`collect`."""
        self._wakers.append(wake)

    def collect(self) -> float | None:
        """Report the outcomes of the writes that ended since the last call through
        :attr:`writes` (on the caller's thread). Returns the seconds to wait before
        :meth:`retry` when a value is refused and no write is on its way (backoff: 2 s
        doubling up to 60 s), else None."""
        with self._lock:
            ended, self._ended = self._ended, 0
            refused = list(self._refused.values())
            settled = self._in_flight == 0
        if not ended:
            return None
        self.writes.report(refused[-1] if refused else None)
        if not refused:
            self._tries = 0
            return None
        if not settled:
            return None  # the writes still on their way decide
        self._tries += 1
        return backoff_delay(self._tries - 1, base=RETRY_BASE, cap=RETRY_CAP)

    def refused(self) -> frozenset[str]:
        """The keys whose latest value the profile refused (kept, to be written again)."""
        with self._lock:
            return frozenset(self._refused)

    def in_flight(self) -> bool:
        """A write was handed to the worker and has not ended yet."""
        with self._lock:
            return self._in_flight > 0

    def retry(self, *, wake: bool = True) -> None:
        """Write again each value the profile refused (the latest of its key).
        ``wake``: tell the :meth:`on_queued` callbacks (not when the app is closing)."""
        with self._lock:
            again = [(key, self._pending[key][1]) for key in self._refused if key in self._pending]
        for key, value in again:
            self._behind(key, value, wake=wake)

    def _behind(self, key: str, value: Any, *, wake: bool) -> None:
        """Hand ``key``'s ``value`` to the worker; until it is written, ``get`` answers it."""
        with self._lock:
            self._written += 1
            number = self._written
            self._pending[key] = (number, value)
            self._refused.pop(key, None)
            self._in_flight += 1
        database = self._store.path

        def write(store: Store) -> WriteProblem | None:
            try:
                store.set(key, value)
            except Exception as exc:
                problem = write_problem(exc, database)  # on the worker: may read /proc
                if problem is None:
                    raise
                log.warning("setting %s not written: %s", key, problem.reason)
                return problem
            return None

        done = self._worker.submit(write)
        done.add_done_callback(lambda ended: self._end(key, number, ended))
        if wake:
            for waker in list(self._wakers):
                waker()

    def _end(self, key: str, number: int, done: Future[WriteProblem | None]) -> None:
        """``key``'s write number ``number`` ended (on the worker's thread: no report)."""
        error = done.exception()
        problem = None if error is not None else done.result()
        with self._lock:
            self._in_flight -= 1
            self._ended += 1
            if self._pending.get(key, (None,))[0] != number:
                return  # a later value of the key is on its way
            if problem is not None:
                self._refused[key] = problem  # kept: get answers it, retry writes it
            else:  # written; or failed for another reason (a bug, logged by the worker)
                del self._pending[key]

    def _set_now(self, key: str, value: Any) -> bool:
        """Written on the caller's connection if that needs no wait (False: busy, or the
        profile refused it — the worker tries, and tells why)."""
        db = self._store.connection
        (busy_ms,) = db.execute("PRAGMA busy_timeout").fetchone()
        db.execute("PRAGMA busy_timeout=0")
        try:
            self._store.set(key, value)
        except sqlite3.DatabaseError as exc:
            if not str(getattr(exc, "sqlite_errorname", "")).startswith(_GO_BEHIND):
                raise
            return False
        finally:
            db.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
        return True
