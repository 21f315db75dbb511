"""Python's garbage collector kept out of the way of the GUI thread.

A full (generation 2) collection walks every object the collector tracks. With two
columns of 5,000 posts, their caches and the window, that took 20 to 70 ms at a time, at
a moment chosen by allocation counts: in the middle of a burst of live posts, a stall a
reader sees (the burst benchmark in ``tests/benchmarks``). Two things keep it away:

- :func:`settle`: what start-up built (modules, classes, the window) lives as long as the
  process, so it is moved out of the collector's sight (``gc.freeze``); a full collection
  then walks only what came after. Called once the window is shown, and again once the
  session's modules are loaded.
- :class:`GcPacer`: automatic full collections are turned off (the young generations
  are still collected as usual: that is cheap, and where most cyclic garbage dies). The
  pacer runs a full collection itself when the process has been quiet for a tick (few
  young collections: nothing is streaming in), at most every ``interval_s``, and after
  ``max_wait_s`` whatever happens, so what only a full collection frees stays bounded.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

NEVER = 1 << 30  # a generation-2 threshold the count never reaches
TICK_MS = 1000
QUIET_YOUNG = 3  # at most this many young collections in a tick: nothing is streaming in


def settle() -> None:
    """Move every object alive now out of the collector's sight (see the module). No
    collection first: it would hold up the first paint, and start-up leaves next to no
    cyclic garbage (what there is stays, frozen)."""
    gc.freeze()


def young_collections() -> int:
    """How many generation-0 collections ran so far (they count allocations)."""
    return int(gc.get_stats()[0]["collections"])


class GcPacer(QObject):
    """Full collections at quiet moments (see the module). :meth:`start` turns the
    automatic ones off, :meth:`stop` gives them back."""

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        interval_s: float = 60.0,
        max_wait_s: float = 600.0,
        clock: Callable[[], float] = time.monotonic,
        collect: Callable[[], object] = gc.collect,
        young: Callable[[], int] = young_collections,
    ) -> None:
        super().__init__(parent)
        self.interval_s = interval_s
        self.max_wait_s = max_wait_s
        self._clock, self._collect, self._young = clock, collect, young
        self._saved: tuple[int, int, int] | None = None
        self._last_full = clock()
        self._last_young = young()
        self.full_collections = 0
        self._timer = QTimer(self, interval=TICK_MS)
        self._timer.timeout.connect(self.tick)

    def start(self) -> None:
        if self._saved is None:
            self._saved = gc.get_threshold()
            gc.set_threshold(self._saved[0], self._saved[1], NEVER)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def tick(self) -> bool:
        """One look: a full collection now? (True when one ran.)"""
        young = self._young()
        quiet = young - self._last_young <= QUIET_YOUNG
        self._last_young = young
        waited = self._clock() - self._last_full
        if waited < self.interval_s or not (quiet or waited >= self.max_wait_s):
            return False
        self._collect()
        self.full_collections += 1
        self._last_full = self._clock()
        self._last_young = self._young()  # its own allocations are not "busy"
        return True
