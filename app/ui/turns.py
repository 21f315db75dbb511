"""Work that can wait a moment, done one step per turn of the event loop.

Two timeline columns that take a burst of posts at the same moment both have rows to
measure and paint. Each with a zero timer of its own, both steps would run back to back
in the same pass over the timers, and the GUI thread would be held for their sum. Here
every step waits in one queue behind one zero timer, which fires once per pass: between
two steps the event loop runs whatever else is due (input, other timers, paints).

A step is a callable that returns whether it has more to do; it is then queued again,
behind the others. What is queued belongs to a QObject (``owner``) and is dropped when
that object is destroyed.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from shiboken6 import isValid

Step = Callable[[], bool]


class Turns(QObject):
    """One step per turn, first come first served (see the module)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: deque[tuple[QObject, Step]] = deque()
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._run)

    def ask(self, owner: QObject, step: Step) -> None:
        """Run ``step`` in a coming turn (once, however often it is asked before then)."""
        if not self.pending(step):
            self._queue.append((owner, step))
        if not self._timer.isActive():
            self._timer.start()

    def pending(self, step: Step) -> bool:
        return any(queued == step for _o, queued in self._queue)  # bound methods: ==

    def _run(self) -> None:
        while self._queue:
            owner, step = self._queue.popleft()
            if isValid(owner):
                if step():
                    self._queue.append((owner, step))
                break
        if self._queue:
            self._timer.start()


_shared: list[Turns] = []


def shared() -> Turns:
    """The application's queue (made on first use, a child of the application)."""
    app = QCoreApplication.instance()
    if not _shared or not isValid(_shared[0]) or _shared[0].parent() is not app:
        _shared[:] = [Turns(app)]
    return _shared[0]
