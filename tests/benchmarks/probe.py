"""A lag probe: a 1 ms Qt timer that records how late it fires. Its longest lateness is
the longest the GUI thread was busy (a stall): nothing else can delay a timer that often."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Qt, QTimer


class LagProbe(QObject):
    def __init__(self, interval_ms: int = 1) -> None:
        super().__init__()
        self.interval = interval_ms / 1000
        self.max_stall_ms = 0.0
        self.ticks = 0
        self._last = 0.0
        self._timer = QTimer(self, interval=interval_ms)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        late = (now - self._last - self.interval) * 1000
        self.max_stall_ms = max(self.max_stall_ms, late)
        self.ticks += 1
        self._last = now
