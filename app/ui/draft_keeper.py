"""The composer's unsent draft, kept in the profile: saved a moment after each edit and
when the window closes, restored when the composer opens again, forgotten once the post
is sent or safely scheduled in the outbox.

Saving and forgetting run on a worker thread with a connection of its own
(:class:`~app.services.store_worker.StoreWorker`): the window keeps painting while another
process (the command line) holds the database's write lock, and the draft is written once
the lock is free. Reading it back (when the composer opens) is a read, which SQLite's WAL
journal never makes wait for a writer.

A save or forget the profile refuses (the disk full, the folder read-only, the database
locked) loses nothing: the composer keeps its text, :attr:`DraftKeeper.writeProblem` says
why once per problem (the window's notice board words it), and the draft is saved again
with backoff until a save goes through — then ``writeProblem`` says None."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, wait
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from app.core.backoff import backoff_delay
from app.core.models import Audience
from app.services.prefs import Store
from app.services.profile_problems import WriteProblem, write_problem
from app.services.store_worker import StoreWorker

if TYPE_CHECKING:  # the composer is loaded when first opened, not at the window's start
    from app.ui.composer import Composer

log = logging.getLogger(__name__)

DRAFT_KEY = "composer"
_AUDIENCES = ("public", "friends")
# A refused save is tried again after this many seconds, doubling up to the cap.
RETRY_BASE = 2.0
RETRY_CAP = 60.0


class DraftKeeper(QObject):
    #: A :class:`~app.services.profile_problems.WriteProblem` when the profile refused the
    #: draft (once per problem), None when a save went through again.
    writeProblem = Signal(object)

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.worker = StoreWorker(store)
        self._composer: Composer | None = None
        #: The drafts' write problem now (None: the last save went through).
        self.problem: WriteProblem | None = None
        self._refused = 0  # saves in a row the profile refused
        self._closed = False
        # Not on every keystroke: a moment after typing stops.
        self._timer = QTimer(self, singleShot=True, interval=400)
        self._timer.timeout.connect(self.save)
        self._retry = QTimer(self, singleShot=True)
        self._retry.timeout.connect(self.save)
        # Outcomes are collected here on the GUI thread: the worker thread never touches a
        # Qt object (the window may be gone by the time a write ends).
        self._pending: list[Future[WriteProblem | None]] = []
        self._collector = QTimer(self, interval=50)
        self._collector.timeout.connect(self._collect)

    def follow(self, composer: Composer) -> None:
        """Keep ``composer``'s draft from now on (and load the one saved, if any)."""
        self._composer = composer
        composer.textEdited.connect(self._timer.start)

    def restore(self) -> None:
        composer = self._composer
        draft = self._store.load_draft(DRAFT_KEY)
        if composer is None or not draft:
            return
        saved = {Audience(a) for a in draft.get("audiences", []) if a in _AUDIENCES}
        if saved:
            composer.set_audiences(frozenset(saved))
        texts = draft.get("texts")
        if isinstance(texts, dict):
            composer.set_texts({Audience(a): str(t) for a, t in texts.items() if a in _AUDIENCES})
        else:
            composer.set_text(str(draft.get("text", "")))

    def save(self, settle: float = 0.0) -> WriteProblem | None:
        """Keep the composer's text (none: forget the draft). ``settle``: wait up to so
        many seconds for the write (the window closing); the write goes on regardless.
        Returns the profile's refusal when the write ended within ``settle`` refused."""
        composer = self._composer
        if composer is None:
            return None
        texts = composer.texts()
        if any(t.strip() for t in texts.values()):
            body = {
                "text": composer.text(),
                "texts": {a.value: t for a, t in texts.items()},
                "audiences": sorted(a.value for a in composer.audiences()),
            }
            done = self._write(lambda store: store.save_draft(DRAFT_KEY, body))
            if settle:
                wait([done], timeout=settle)
                if done.done() and done.exception() is None:
                    return done.result()
        else:
            self.forget()
        return None

    def forget(self) -> None:
        self._write(lambda store: store.delete_draft(DRAFT_KEY))

    def _write(self, fn: Callable[[Store], object]) -> Future[WriteProblem | None]:
        """Run ``fn`` on the worker; its future holds the profile's refusal, if any (any
        other error stays an error, logged by the worker)."""
        database = self._store.path

        def write(store: Store) -> WriteProblem | None:
            try:
                fn(store)
            except Exception as exc:
                problem = write_problem(exc, database)  # on the worker: may read /proc
                if problem is None:
                    raise
                log.warning("draft not written: %s", problem.reason)
                return problem
            return None

        done = self.worker.submit(write)
        self._pending.append(done)
        self._collector.start()
        return done

    def _collect(self) -> None:
        """The outcomes of the writes that ended, in order."""
        while self._pending and self._pending[0].done():
            done = self._pending.pop(0)
            if done.exception() is None:
                self._on_outcome(done.result())
        if not self._pending:
            self._collector.stop()

    def _on_outcome(self, problem: WriteProblem | None) -> None:
        if problem is None:
            self._refused = 0
            self._retry.stop()
        elif not self._closed:
            self._refused += 1
            delay = backoff_delay(self._refused - 1, base=RETRY_BASE, cap=RETRY_CAP)
            self._retry.start(int(delay * 1000))
        if problem != self.problem:
            self.problem = problem
            self.writeProblem.emit(problem)

    def close(self) -> None:
        """Write what is still queued (the draft saved as the window closed), then stop."""
        self._closed = True
        self._retry.stop()
        self.worker.close()
        self._collect()
