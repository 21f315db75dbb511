"""GcPacer: full garbage collections wait for a quiet moment (never in the middle of a
stream of posts), still happen after the longest wait, really free cyclic garbage, and
the automatic ones come back when the pacer stops."""

from __future__ import annotations

import gc
import weakref

from app.ui.gc_pacing import NEVER, GcPacer


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Young:
    """Young collections so far: many per tick while posts stream in."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> int:
        return self.count


def test_a_full_collection_waits_for_a_quiet_tick_and_the_longest_wait(qtbot) -> None:
    clock, young, ran = Clock(), Young(), []
    pacer = GcPacer(
        interval_s=60, max_wait_s=600, clock=clock, collect=lambda: ran.append(1), young=young
    )
    clock.now += 30
    assert not pacer.tick()  # quiet, but one ran (start) less than a minute ago
    clock.now += 40
    young.count += 50  # a burst: many young collections since the last tick
    assert not pacer.tick()
    assert pacer.tick()  # nothing new since: quiet
    assert ran == [1] and pacer.full_collections == 1
    for _ in range(9):  # streaming for ten minutes: put off …
        clock.now += 60
        young.count += 50
        assert not pacer.tick()
    clock.now += 60
    young.count += 50
    assert pacer.tick()  # … but not for ever
    assert len(ran) == 2


def test_start_turns_automatic_full_collections_off_and_stop_gives_them_back(qtbot) -> None:
    before = gc.get_threshold()
    clock = Clock()
    pacer = GcPacer(clock=clock, young=Young())
    pacer.start()
    try:
        assert gc.get_threshold() == (before[0], before[1], NEVER)

        class Node:
            other: object = None

        a, b = Node(), Node()
        a.other, b.other = b, a
        gone = weakref.ref(a)
        gc.collect(0)
        gc.collect(1)  # survived the young generations: only a full collection frees it
        del a, b
        clock.now += 61
        assert pacer.tick()  # a real gc.collect()
        assert gone() is None
    finally:
        pacer.stop()
    assert gc.get_threshold() == before
