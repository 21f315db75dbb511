"""The column's rows beyond plain posts: a burst of live posts is inserted once per frame,
gap rows sit beneath the post they hang from and move or close as posts are loaded into
them, the 「新しい投稿 N件」 pill counts posts above a reader who scrolled down (and takes
them up), and old rows are not trimmed while the reader is down there — each with Qt's
model tester watching."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from app.core.models import Audience
from app.services.timeline_cache import CachedColumn
from app.ui.post_delegate import PostDelegate
from app.ui.timeline_column import TimelineColumn
from app.ui.timeline_model import Gap, Roles, TimelineModel
from tests.qt.test_timeline_column import make_post as column_post
from tests.qt.test_timeline_column import visible_top
from tests.qt.test_timeline_model import Recorder, make_post, numbers


def test_a_burst_of_live_posts_is_one_insert_per_frame(qtbot, qtmodeltester) -> None:
    model = TimelineModel()
    qtmodeltester.check(model)
    model.add_posts([make_post(n) for n in range(5)])
    rec = Recorder(model)
    for n in range(100, 150):  # fifty posts, each on its own, as a stream gives them
        model.queue_live([make_post(n)])
    assert rec.inserted == []  # nothing yet: they wait for the frame
    with qtbot.waitSignal(model.rowsInserted, timeout=2000):
        pass
    assert rec.inserted == [(0, 49)]
    assert numbers(model)[:2] == [149, 148] and model.rowCount() == 55
    model.queue_live([make_post(200)])
    assert model.flush_live() == 1  # flushed at once (a column that stops)
    assert rec.inserted[-1] == (0, 0)
    qtmodeltester.check(model)


def test_a_gap_row_moves_down_and_closes(qtmodeltester) -> None:
    model = TimelineModel()
    qtmodeltester.check(model)
    model.add_posts([make_post(n) for n in (50, 49, 48, 10, 9)])
    model.add_posts([make_post(30, account="other")])
    model.add_gaps([make_post(48).key, ("acct", "nope")])  # not shown: no gap
    assert model.gaps() == [make_post(48).key] and model.has_gaps()
    row = model.gap_row(make_post(48).key)
    assert row == 3 and isinstance(model.item_at(row), Gap)
    index = model.index(row)
    assert index.data(Roles.GapRole) is True and index.data(Roles.PostRole) is None
    assert "load" in index.data(Qt.ItemDataRole.AccessibleTextRole)
    assert model.start_gap_load(make_post(48).key)
    assert not model.start_gap_load(make_post(48).key)  # once at a time
    # A full page that does not reach 10: the gap moves beneath its oldest post.
    moved = model.gap_loaded(make_post(48).key, [make_post(n) for n in (47, 46, 45)], False)
    assert moved == make_post(45).key
    assert model.gaps() == [make_post(45).key]
    # The next page reaches the post beneath (10): closed.
    assert model.gap_loaded(moved, [make_post(n) for n in (44, 11, 10)], False) is None
    assert model.gaps() == [] and not model.has_gaps()
    assert numbers(model) == [50, 49, 48, 47, 46, 45, 44, 30, 11, 10, 9]
    qtmodeltester.check(model)


def test_trimming_keeps_rows_while_the_reader_is_down_there(qtbot) -> None:
    col = TimelineColumn("Public", audience=Audience.PUBLIC, lang="en", max_rows=60)
    qtbot.addWidget(col)
    col.resize(400, 400)
    col.show()
    col.model.add_posts(column_post(n) for n in range(100, 160))
    col.model.add_gaps([column_post(120).key])
    bar = col.view.verticalScrollBar()
    bar.setValue(bar.maximum())  # reading the oldest rows
    reading = visible_top(col)
    col.model.add_posts([column_post(n) for n in range(160, 180)])
    assert col.model.rowCount() == 81  # nothing dropped: 80 posts and the gap
    top_row, top_y = visible_top(col)
    assert (top_row - 20, top_y) == reading  # and nothing moved
    bar.setValue(0)
    col.model.add_posts([column_post(180)])
    assert col.model.rowCount() == 60
    assert col.model.post_at(0).id == f"{180:06d}"


def test_the_new_posts_pill_counts_and_jumps_up(qtbot) -> None:
    col = TimelineColumn("Public", audience=Audience.PUBLIC, lang="en")
    qtbot.addWidget(col)
    col.resize(420, 500)
    col.show()
    qtbot.waitExposed(col)
    col.model.add_posts(column_post(n) for n in range(100, 140))
    assert not col.pill.isVisible()
    bar = col.view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    before = visible_top(col)
    post_before = col.model.post_at(before[0]).id
    for n in range(140, 143):
        col.model.queue_live([column_post(n)])
    col.model.flush_live()
    row, y = visible_top(col)
    assert (col.model.post_at(row).id, y) == (post_before, before[1])  # nothing moved
    assert col.pill.isVisible()
    assert col.pill.accessibleName() == "3 new posts"  # 「新しい投稿 3件」 in Japanese
    # It sits at the top of the list, over the rows.
    assert col.pill.geometry().top() < 20 and col.pill.parent() is col.view
    qtbot.mouseClick(col.pill, Qt.MouseButton.LeftButton)
    assert bar.value() == 0
    assert not col.pill.isVisible()
    assert col.view.indexAt(QPoint(5, 1)).row() == 0
    # At the top, new posts simply show: no pill.
    col.model.add_posts([column_post(150)])
    assert not col.pill.isVisible()


def test_a_hidden_column_keeps_the_cached_place_until_shown(qtbot) -> None:
    """Started hidden (in the tray): the place read from the cache is what the column
    reports until it is shown, and where it scrolls when it is."""
    col = TimelineColumn("Public", audience=Audience.PUBLIC, lang="en")
    qtbot.addWidget(col)
    col.resize(420, 500)
    posts = [column_post(n) for n in range(140, 100, -1)]
    top = posts[20].key
    col.show_cached(CachedColumn(("acct",), posts, frozenset(), top, 12))
    assert col.reading_position() == (top, 12)
    col.show()
    qtbot.waitUntil(lambda: col.view.verticalScrollBar().value() > 0)
    assert col.reading_position() == (top, 12)
    assert visible_top(col) == (20, -12)


def test_enter_on_a_gap_row_asks_for_its_posts(qtbot) -> None:
    col = TimelineColumn("Public", audience=Audience.PUBLIC, lang="en")
    qtbot.addWidget(col)
    col.resize(420, 2000)
    col.show()
    qtbot.waitExposed(col)
    col.model.add_posts([column_post(n) for n in (103, 102, 101)])
    col.model.add_gaps([column_post(102).key])
    asked: list[object] = []
    col.gapRequested.connect(asked.append)
    qtbot.waitUntil(lambda: bool(asked))  # in view: asked for at once
    asked.clear()
    col.view.setCurrentIndex(col.model.index(col.model.gap_row(column_post(102).key) or 0))
    col.view.setFocus()
    qtbot.keyClick(col.view, Qt.Key.Key_Return)
    assert asked == [column_post(102).key]


def test_a_burst_above_a_reader_keeps_their_post_and_measures_only_the_new_rows(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """200 live posts arrive above a reader scrolled down among 1,000: the post they read
    stays at the same height in the view, as the rows arrive (with estimated heights) and
    after they have been measured; the delegate is asked the size of the 200 new rows
    once each, never of the 1,000 already laid out (no full layout)."""
    measured: list[int] = []
    size_hint = PostDelegate.sizeHint

    def counted(self, option, index):  # type: ignore[no-untyped-def]
        measured.append(index.row())
        return size_hint(self, option, index)

    monkeypatch.setattr(PostDelegate, "sizeHint", counted)
    col = TimelineColumn("Public", audience=Audience.PUBLIC, lang="en")
    qtbot.addWidget(col)
    col.resize(420, 500)
    col.show()
    qtbot.waitExposed(col)
    col.model.add_posts(column_post(n) for n in range(1000, 2000))
    assert len(measured) < 50  # only what is in view; the rest while idle
    qtbot.waitUntil(lambda: col.view.unmeasured == 0)
    bar = col.view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    row, y = visible_top(col)
    reading = col.model.post_at(row).key
    measured.clear()
    for n in range(2000, 2200):  # a burst, one post at a time as a stream gives them
        col.model.queue_live([column_post(n)])
    with qtbot.waitSignal(col.model.rowsInserted, timeout=2000):
        pass
    assert col.model.rowCount() == 1200
    assert (col.model.post_at(visible_top(col)[0]).key, visible_top(col)[1]) == (reading, y)
    qtbot.waitUntil(lambda: col.view.unmeasured == 0)
    assert sorted(measured) == list(range(200))  # the new rows only, once each
    new_row, new_y = visible_top(col)
    assert (col.model.post_at(new_row).key, new_y) == (reading, y)
    assert new_row == row + 200
    assert "200" in col.pill.accessibleName() and col.pill.isVisible()
    qtbot.mouseClick(col.pill, Qt.MouseButton.LeftButton)
    assert visible_top(col) == (0, 0)
    assert col.model.post_at(0).id == f"{2199:06d}"  # at the top: the newest
