"""The window's side of its settings writes (the menu toggles: 喪中, the sandbox choice,
language, appearance, desktop notices): :class:`~app.services.store_worker.WriteBehind`
writes them behind the GUI thread; :class:`SettingsWrites` collects their outcomes here on
the GUI thread while any is on its way — so that the
:attr:`~app.services.store_worker.WriteBehind.writes` listeners (the notice board) hear a
refusal on the window's thread — and writes a refused value again with backoff until the
profile takes it. The worker thread never touches a Qt object.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from shiboken6 import isValid

from app.services.store_worker import WriteBehind


class SettingsWrites(QObject):
    """Follows ``behind``'s writes for as long as ``parent`` (the window) lives."""

    def __init__(self, behind: WriteBehind, parent: QObject) -> None:
        super().__init__(parent)
        self.behind = behind
        self._collector = QTimer(self, interval=50)
        self._collector.timeout.connect(self._collect)
        self._retry = QTimer(self, singleShot=True)
        self._retry.timeout.connect(behind.retry)
        behind.on_queued(self._wake)
        if behind.in_flight():  # set before the window followed it
            self._collector.start()

    def _wake(self) -> None:
        if isValid(self):  # the window may be gone while its settings object lives on
            self._retry.stop()  # what was refused is on its way again, with the new value
            self._collector.start()

    def _collect(self) -> None:
        busy = self.behind.in_flight()  # first: a write ending meanwhile is collected now
        delay = self.behind.collect()
        if not busy:
            self._collector.stop()
        if delay is not None:
            self._retry.start(int(delay * 1000))
