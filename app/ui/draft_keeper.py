"""The composer's unsent draft, kept in the profile: saved a moment after each edit and
when the window closes, restored when the composer opens again, forgotten once the post
is sent or safely scheduled in the outbox.

Saving and forgetting run on a worker thread with a connection of its own
(:class:`~app.services.store_worker.StoreWorker`): the window keeps painting while another
process (the command line) holds the database's write lock, and the draft is written once
the lock is free. Reading it back (when the composer opens) is a read, which SQLite's WAL
journal never makes wait for a writer."""

from __future__ import annotations

from concurrent.futures import wait
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from app.core.models import Audience
from app.services.prefs import Store
from app.services.store_worker import StoreWorker

if TYPE_CHECKING:  # the composer is loaded when first opened, not at the window's start
    from app.ui.composer import Composer

DRAFT_KEY = "composer"
_AUDIENCES = ("public", "friends")


class DraftKeeper(QObject):
    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.worker = StoreWorker(store)
        self._composer: Composer | None = None
        # Not on every keystroke: a moment after typing stops.
        self._timer = QTimer(self, singleShot=True, interval=400)
        self._timer.timeout.connect(self.save)

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

    def save(self, settle: float = 0.0) -> None:
        """Keep the composer's text (none: forget the draft). ``settle``: wait up to so
        many seconds for the write (the window closing); the write goes on regardless."""
        composer = self._composer
        if composer is None:
            return
        texts = composer.texts()
        if any(t.strip() for t in texts.values()):
            body = {
                "text": composer.text(),
                "texts": {a.value: t for a, t in texts.items()},
                "audiences": sorted(a.value for a in composer.audiences()),
            }
            done = self.worker.submit(lambda store: store.save_draft(DRAFT_KEY, body))
            if settle:
                wait([done], timeout=settle)
        else:
            self.forget()

    def forget(self) -> None:
        self.worker.submit(lambda store: store.delete_draft(DRAFT_KEY))

    def close(self) -> None:
        """Write what is still queued (the draft saved as the window closed), then stop."""
        self.worker.close()
