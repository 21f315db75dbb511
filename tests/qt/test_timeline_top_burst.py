"""A burst of live posts while the reader is at the top of a column: per frame the delegate
is asked the size of the rows that end up in view only (not of every row inserted), one
insert waits until the view has painted the last, a single new post repaints only its own
row (what was painted beneath moves down), and the columns' deferred steps take one turn
of the event loop each. Counted, never timed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QCoreApplication, QObject, QPoint, QTimer
from shiboken6 import delete

from app.core.models import Audience
from app.ui import post_list_view
from app.ui.post_delegate import PostDelegate
from app.ui.timeline_column import TimelineColumn
from app.ui.timeline_model import MAX_HELD_FRAMES, TimelineModel
from app.ui.turns import Turns
from tests.qt.test_timeline_column import make_post as column_post
from tests.qt.test_timeline_column import visible_top
from tests.qt.test_timeline_model import make_post


def counting(monkeypatch: pytest.MonkeyPatch, name: str) -> list[int]:
    """The rows the delegate's ``name`` (sizeHint or paint) is called for, in order."""
    rows: list[int] = []
    original = getattr(PostDelegate, name)

    def counted(self, painter_or_option, *rest):  # type: ignore[no-untyped-def]
        index = rest[-1]
        rows.append(index.row())
        return original(self, painter_or_option, *rest)

    monkeypatch.setattr(PostDelegate, name, counted)
    return rows


def settled_column(qtbot, posts: range) -> TimelineColumn:  # type: ignore[no-untyped-def]
    col = TimelineColumn("Public", audience=Audience.PUBLIC, lang="en")
    qtbot.addWidget(col)
    col.resize(420, 500)
    col.show()
    qtbot.waitExposed(col)
    col.model.add_posts(column_post(n) for n in posts)
    qtbot.waitUntil(lambda: col.view.unmeasured == 0)
    col.view.grab()
    return col


def rows_in_view(col: TimelineColumn) -> int:
    bottom = col.view.indexAt(QPoint(5, col.view.viewport().height() - 1))
    return bottom.row() + 1 if bottom.isValid() else col.model.rowCount()


def test_a_burst_at_the_top_measures_the_rows_in_view_not_every_row(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three frames of 400 posts each into a column read at the top: each frame the delegate
    measures the ~5 rows that end up in view, once each, from the top — not the 400."""
    col = settled_column(qtbot, range(1000, 1100))
    monkeypatch.setattr(post_list_view, "QUIET_MS", 600_000)  # no measuring out of view
    measured = counting(monkeypatch, "sizeHint")
    for frame in range(3):
        measured.clear()
        first = 2000 + 400 * frame
        col.model.queue_live(column_post(n) for n in range(first, first + 400))
        with qtbot.waitSignal(col.model.rowsInserted, timeout=5000):
            pass
        qtbot.waitUntil(col.view.inserts_painted)
        assert col.model.rowCount() == 100 + 400 * (frame + 1)
        assert visible_top(col) == (0, 0)
        assert col.model.post_at(0).id == f"{first + 399:06d}"  # the newest shows
        shown = rows_in_view(col)
        assert 2 <= shown < 20
        assert len(measured) == len(set(measured))  # once each
        assert sorted(measured) == list(range(len(measured)))  # from the top down
        assert shown <= len(measured) <= shown + 2  # what is in view (and no more)
    assert col.view.unmeasured >= 3 * 400 - 3 * 20  # the rest waits for a quiet moment


def test_one_new_post_at_the_top_repaints_only_its_row(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    col = settled_column(qtbot, range(1000, 1100))
    painted = counting(monkeypatch, "paint")
    col.model.queue_live([column_post(2000)])
    with qtbot.waitSignal(col.model.rowsInserted, timeout=5000):
        pass
    qtbot.waitUntil(col.view.inserts_painted)
    qtbot.waitUntil(lambda: bool(painted))
    QCoreApplication.sendPostedEvents()  # whatever else was asked to paint, painted now
    assert visible_top(col) == (0, 0) and col.model.post_at(0).id == f"{2000:06d}"
    assert set(painted) == {0}  # the rows beneath moved down as they were
    painted.clear()
    col.view.viewport().repaint()  # and what they show is right: a full paint agrees
    assert sorted(set(painted)) == list(range(rows_in_view(col)))


def test_live_posts_wait_for_the_view_to_paint_a_few_frames_at_most(qtbot) -> None:
    model = TimelineModel()
    ready, asked = [False], []

    def live_ready() -> bool:
        asked.append(ready[0])
        return ready[0]

    model.live_ready = live_ready
    model.queue_live([make_post(1)])
    with qtbot.waitSignal(model.rowsInserted, timeout=5000):
        pass
    assert len(asked) == MAX_HELD_FRAMES + 1 and model.rowCount() == 1  # never stuck
    asked.clear()
    ready[0] = True
    model.queue_live([make_post(2), make_post(3)])
    with qtbot.waitSignal(model.rowsInserted, timeout=5000):
        pass
    assert asked == [True] and model.rowCount() == 3


def test_turns_take_one_step_each_turn_in_turn(qtbot) -> None:
    turns = Turns()
    passes = [0]
    ticker = QTimer(interval=0)  # counts passes of the event loop over its timers
    ticker.timeout.connect(lambda: passes.__setitem__(0, passes[0] + 1))
    ticker.start()
    done: list[tuple[str, int]] = []

    def steps(name: str, count: int) -> Callable[[], bool]:
        left = [count]

        def step() -> bool:
            done.append((name, passes[0]))
            left[0] -= 1
            return left[0] > 0

        return step

    a, b, gone = QObject(), QObject(), QObject()
    step_a, step_b = steps("a", 3), steps("b", 2)
    turns.ask(a, step_a)
    turns.ask(b, step_b)
    turns.ask(a, step_a)  # asked again before it ran: still once
    turns.ask(gone, steps("gone", 1))
    delete(gone)  # its step is dropped with it
    qtbot.waitUntil(lambda: len(done) == 5 and not turns.pending(step_a))
    ticker.stop()
    assert [name for name, _ in done] == ["a", "b", "a", "b", "a"]
    ticks = [tick for _, tick in done]
    assert ticks == sorted(set(ticks))  # never two steps in the same turn
