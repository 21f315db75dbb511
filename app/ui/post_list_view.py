"""The list under a timeline column: one column of rows of different heights, each painted
by the item delegate, laid out by this view from the heights it keeps itself.

Why not ``QListView``'s own layout: on every insert it lays out *every* row again, asking
the delegate for each row's size, so with 5,000 posts each live batch cost a tenth of a
second of the GUI thread (the burst benchmark in ``tests/benchmarks``). Here the rows'
tops are running sums of heights this view keeps (``itertools.accumulate``: no Python
call per row). A row arrives with an estimate (the mean of those measured) and the
delegate is asked its size once: when it comes into view (before it is painted), when it
is scrolled to, or while the GUI thread is idle — a few rows at a time, and not while rows
keep arriving. Whenever rows above the one at the top of the view arrive, go or turn out
taller or shorter than estimated, the scroll position moves by as much, quietly, so what
the reader sees does not move. A new width (or font, or style) makes every height an
estimate again, measured the same way.

Rows inserted in view (a reader at the top) are not painted at once: the rows that end up
in view — however many arrived — are measured a couple of milliseconds a turn, then the
view is painted once, each step a turn of the event loop shared with the other column
(:mod:`app.ui.turns`), and the model holds its next live insert until then
(:meth:`PostListView.inserts_painted`). When one insert at the top is all that changed,
the rows beneath are moved down as they were painted (a blit) and only the new rows are
painted.

It is a ``QListView`` to the outside (screen readers are given a list of the posts: Qt's
accessibility knows list views by class) whose geometry is all its own: every method
that places rows is overridden, and the ones where ``QListView`` would lay out its rows
again call ``QAbstractItemView``'s directly (``Base``). Selection, the current row,
keyboard moves, hover, ``clicked``/``activated`` and paging through ``canFetchMore`` work
as they do on the other views.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QCursor,
    QHoverEvent,
    QPainter,
    QPaintEvent,
    QRegion,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyleOptionViewItem,
    QWidget,
)

from app.ui import turns

Index = QModelIndex | QPersistentModelIndex
ESTIMATE = 96  # a row's height before any was measured (about three lines of a post)
IDLE_BUDGET_S = 0.0015  # measuring out of view yields to the event loop after this long
IDLE_CHUNK = 2
QUIET_MS = 50  # measuring out of view waits until rows stop arriving for this long
SETTLE_BUDGET_S = 0.002  # new rows in view are measured this long a turn, then painted
Base = QAbstractItemView  # what QListView's overrides would otherwise lay out again
Action = QAbstractItemView.CursorAction
Hint = QAbstractItemView.ScrollHint


class PostListView(QListView):
    """A one-column list view whose layout work is proportional to what changed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._heights: list[int] = []  # per row: measured, or estimated until it is
        self._exact = bytearray()  # per row: 1 where the height was measured at _width
        self._measured_sum = 0  # what the estimate for new rows is the mean of
        self._measured = 0
        self._removed_above = 0
        self._idle = QTimer(self, singleShot=True, interval=0)
        self._idle.timeout.connect(self._measure_idle)
        # Rows inserted in view: measured a few at a time, then painted once (_settle_step).
        self._inserted = 0  # inserts in view since the view was last painted whole
        self._blit: tuple[int, int] | None = None  # the one insert at the top, unpainted
        self._painting = False  # the repaint after inserts was asked for, not done yet
        self._tops: list[int] | None = None  # running sums, one more than rows; None: stale
        self._width = -1  # the viewport width the heights were measured at
        self._hover = QPersistentModelIndex()
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    # -- the heights ---------------------------------------------------------------------
    @property
    def unmeasured(self) -> int:
        """How many rows still have an estimated height (at the present width)."""
        self._layout()
        return self._exact.count(0)

    def _layout(self) -> list[int]:
        """The rows' tops: running sums of the heights, estimated where not measured."""
        width = self.viewport().width()
        if width != self._width:
            # Every row wraps again: the old heights stay as estimates until measured.
            self._width = width
            self._exact = bytearray(len(self._heights))
            self._tops = None
            self._idle.start(0)
        if self._tops is None:
            self._tops = list(accumulate(self._heights, initial=0))
        return self._tops

    def _estimate(self) -> int:
        return self._measured_sum // self._measured if self._measured else ESTIMATE

    def _measure(self, rows: Iterable[int]) -> None:
        """Ask the delegate the height of ``rows`` (those not measured yet). What they grow
        above the row at the top of the view moves the scroll position as much, so what
        the reader sees stays where it is."""
        model = self.model()
        if model is None:
            return
        self._layout()
        todo = [r for r in rows if not self._exact[r]]
        if not todo:
            return
        offset = self.verticalOffset()
        top_row = self._row_at(offset)
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        root = self.rootIndex()
        shift = 0
        for row in todo:
            index = model.index(row, 0, root)
            delegate = self.itemDelegateForIndex(index)
            height = max(0, delegate.sizeHint(option, index).height()) if delegate else 0
            if row < top_row:
                shift += height - self._heights[row]
            self._heights[row] = height
            self._exact[row] = 1
            self._measured_sum += height
            self._measured += 1
        self._tops = None
        self._set_range(offset + shift)

    def _set_range(self, value: int | None = None) -> None:
        """The scroll range from the heights, and ``value`` kept in it — quietly: neither
        scrolls the picture (the rows moved as much as the value did)."""
        tops = self._layout()
        bar = self.verticalScrollBar()
        page = self.viewport().height()
        was = bar.blockSignals(True)
        try:
            bar.setRange(0, max(0, tops[-1] - page))
            bar.setPageStep(page)
            if value is not None:
                bar.setValue(value)
        finally:
            bar.blockSignals(was)

    def _measure_idle(self) -> None:
        turns.shared().ask(self, self._idle_step)

    def _idle_step(self) -> bool:
        """Rows out of view are measured while the GUI thread has nothing else to do, a few
        milliseconds a turn (:mod:`app.ui.turns`); True while some are left."""
        if not self.isVisible() or self._idle.isActive():
            return False  # hidden, or rows arrived again: the timer asks once it is quiet
        self._layout()
        began = time.perf_counter()
        row = self._exact.find(0)
        while row >= 0 and time.perf_counter() - began < IDLE_BUDGET_S:
            self._measure(range(row, min(row + IDLE_CHUNK, len(self._heights))))
            row = self._exact.find(0, row)
        return row >= 0

    def _unmeasured_in_view(self) -> list[int]:
        offset, page = self.verticalOffset(), self.viewport().height()
        first = max(0, self._row_at(offset))
        last = min(len(self._heights) - 1, self._row_at(offset + page))
        return [r for r in range(first, last + 1) if not self._exact[r]]

    def _measure_visible(self) -> bool:
        """The rows in view are measured before they are painted."""
        measured = False
        for _ in range(8):  # measuring moves rows below; a few rounds settle it
            todo = self._unmeasured_in_view()
            if not todo:
                break
            self._measure(todo)
            measured = True
        return measured

    def _settle_step(self) -> bool:
        """After rows were inserted in view: measure those that are in view now — only
        they, however many arrived — a few milliseconds a turn, then paint once what
        changed, in a turn of its own (one step per turn, shared with the other column:
        :mod:`app.ui.turns`). True while there is more to do."""
        if not self._inserted:
            return False  # painted whole meanwhile (an expose, a scroll): nothing to do
        began = time.perf_counter()
        measured = False
        for _ in range(64):  # measuring moves rows below; each round measures one or more
            todo = self._unmeasured_in_view()
            if not todo:
                break
            self._measure(todo[:1])
            measured = True
            if time.perf_counter() - began > SETTLE_BUDGET_S:
                return True
        if measured:
            return True  # the paint in a turn of its own
        self._paint_inserted()
        return False

    def _paint_inserted(self) -> None:
        """Repaint after inserts: when the one insert since the last paint was at the top
        of the view, what was painted beneath it only moves down (a blit) and only the new
        rows are painted; otherwise the whole view."""
        viewport = self.viewport()
        blit, self._blit = self._blit, None
        inserts, self._inserted = self._inserted, 0
        self._painting = True
        if inserts == 1 and blit is not None and self.verticalOffset() == 0:
            start, end = blit
            tops = self._layout()
            top, page, width = tops[start], viewport.height(), viewport.width()
            moved = tops[end + 1] - top if end + 1 < len(tops) else page
            if 0 < moved < page - top:  # the rows beneath keep their picture (hover too)
                viewport.scroll(0, moved, QRect(0, top, width, page - top))
                return
        viewport.update()

    def inserts_painted(self) -> bool:
        """Whether the rows last inserted in view have been painted (or the view is not
        shown): the model's ``live_ready``, so that it inserts no more meanwhile."""
        return not self.isVisible() or not (self._inserted or self._painting)

    # -- the model's changes -------------------------------------------------------------
    def setModel(self, model: QAbstractItemModel | None) -> None:
        old = self.model()
        if old is not None:
            old.rowsRemoved.disconnect(self._rows_removed)
            old.layoutChanged.disconnect(self.reset)
        super().setModel(model)
        new = self.model()
        if new is not None:
            new.rowsRemoved.connect(self._rows_removed)
            new.layoutChanged.connect(self.reset)

    def reset(self) -> None:
        model = self.model()
        rows = model.rowCount(self.rootIndex()) if model is not None else 0
        self._heights = [self._estimate()] * rows
        self._exact = bytearray(rows)
        self._tops = None
        self._hover = QPersistentModelIndex()
        self._blit = None
        Base.reset(self)
        self._idle.start(0)

    def rowsInserted(self, parent: Index, start: int, end: int) -> None:
        if parent == self.rootIndex():
            # Not measured yet: an estimate each (the delegate is asked once they are in
            # view, or when idle). Rows arriving above the one at the top of the view
            # move the scroll position down as much, so the reader stays where they are.
            offset = self.verticalOffset()
            above = 0 < offset and start <= self._row_at(offset)
            count = end - start + 1
            estimate = self._estimate()
            self._heights[start:start] = [estimate] * count
            self._exact[start:start] = bytes(count)
            self._tops = None
            self._set_range(offset + estimate * count if above else None)
            self._idle.start(QUIET_MS)  # not while a burst goes on: what is in view comes first
            if not above and start <= self._row_at(offset + self.viewport().height()):
                # Painted once the rows in view are measured (else nothing in view moved).
                self._inserted += 1
                self._blit = (start, end) if offset == 0 else None
                turns.shared().ask(self, self._settle_step)
        Base.rowsInserted(self, parent, start, end)

    def rowsAboutToBeRemoved(self, parent: Index, start: int, end: int) -> None:
        self._removed_above = 0
        if parent == self.rootIndex():
            top_row = self._row_at(self.verticalOffset())
            self._removed_above = sum(self._heights[start : min(end + 1, top_row)])
        Base.rowsAboutToBeRemoved(self, parent, start, end)

    def _rows_removed(self, parent: Index, first: int, last: int) -> None:
        if parent == self.rootIndex():
            del self._heights[first : last + 1]
            del self._exact[first : last + 1]
            self._tops = None
            offset = self.verticalOffset() - self._removed_above
            self._set_range(offset)
            if first <= self._row_at(offset + self.viewport().height()):
                self._blit = None
                self.viewport().update()

    def dataChanged(self, topLeft: Index, bottomRight: Index, roles: Sequence[int] = ()) -> None:
        if topLeft.isValid() and topLeft.parent() == self.rootIndex():
            self._layout()
            self._blit = None
            for row in range(topLeft.row(), min(bottomRight.row() + 1, len(self._heights))):
                self._exact[row] = 0
            self._measure(range(topLeft.row(), min(bottomRight.row() + 1, len(self._heights))))
        Base.dataChanged(self, topLeft, bottomRight, roles)

    def doItemsLayout(self) -> None:
        self._tops = None
        Base.doItemsLayout(self)

    def updateGeometries(self) -> None:
        self._set_range(self.verticalOffset())
        Base.updateGeometries(self)

    # -- geometry ------------------------------------------------------------------------
    def _row_at(self, y: int) -> int:
        """The row at content height ``y`` (-1 above the first, rows below the last)."""
        tops = self._layout()
        if y < 0:
            return -1
        return min(bisect_right(tops, y) - 1, len(self._heights))

    def indexAt(self, point: QPoint) -> QModelIndex:
        model = self.model()
        row = self._row_at(point.y() + self.verticalOffset())
        if model is None or not 0 <= row < len(self._heights):
            return QModelIndex()
        return model.index(row, 0, self.rootIndex())

    def visualRect(self, index: Index) -> QRect:
        row = index.row()
        if not index.isValid() or index.parent() != self.rootIndex() or index.column() != 0:
            return QRect()
        tops = self._layout()
        if row >= len(self._heights):
            return QRect()
        top = tops[row] - self.verticalOffset()
        return QRect(0, top, self.viewport().width(), self._heights[row])

    def _measure_around(self, row: int) -> None:
        """``row`` and about a page of rows above and beneath it: what is in view once it
        is scrolled to, measured first so that it lands where it was aimed."""
        page, count = self.viewport().height(), len(self._heights)
        first, above = row, 0
        while first > 0 and above < page:
            first -= 1
            above += self._heights[first]
        last, beneath = row, 0
        while last < count - 1 and beneath < page:
            last += 1
            beneath += self._heights[last]
        self._measure(range(first, last + 1))

    def scrollTo(self, index: Index, hint: Hint = Hint.EnsureVisible) -> None:
        if index.isValid() and 0 <= index.row() < len(self._heights):
            self._measure_around(index.row())
        rect = self.visualRect(index)
        if not rect.isValid():
            return
        bar = self.verticalScrollBar()
        page = self.viewport().height()
        top = rect.top() + bar.value()
        bottom_aligned = top + rect.height() - page
        if hint == Hint.PositionAtTop:
            bar.setValue(top)
        elif hint == Hint.PositionAtBottom:
            bar.setValue(bottom_aligned)
        elif hint == Hint.PositionAtCenter:
            bar.setValue(top + (rect.height() - page) // 2)
        elif rect.top() < 0:
            bar.setValue(top)
        elif rect.bottom() >= page:
            bar.setValue(min(top, bottom_aligned))

    def horizontalOffset(self) -> int:
        return 0

    def verticalOffset(self) -> int:
        return self.verticalScrollBar().value()

    def isIndexHidden(self, index: Index) -> bool:
        return False

    def moveCursor(self, cursorAction: Action, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        model = self.model()
        count = len(self._heights)
        if model is None or count == 0:
            return QModelIndex()
        current = self.currentIndex()
        row = current.row() if current.isValid() else -1
        page = self.viewport().height()
        tops = self._layout()
        if cursorAction in (Action.MoveUp, Action.MovePrevious):
            row -= 1
        elif cursorAction in (Action.MoveDown, Action.MoveNext):
            row += 1
        elif cursorAction == Action.MoveHome:
            row = 0
        elif cursorAction == Action.MoveEnd:
            row = count - 1
        elif cursorAction == Action.MovePageUp:
            row = self._row_at(tops[max(row, 0)] - page) if row > 0 else 0
        elif cursorAction == Action.MovePageDown:
            row = self._row_at(tops[max(row, 0)] + page)
        return model.index(max(0, min(row, count - 1)), 0, self.rootIndex())

    def setSelection(self, rect: QRect, command: QItemSelectionModel.SelectionFlag) -> None:
        model, selection = self.model(), self.selectionModel()
        if model is None or selection is None:
            return
        area = rect.normalized()
        offset = self.verticalOffset()
        first = max(0, self._row_at(area.top() + offset))
        last = min(len(self._heights) - 1, self._row_at(area.bottom() + offset))
        chosen = QItemSelection()
        if first <= last:
            root = self.rootIndex()
            chosen.select(model.index(first, 0, root), model.index(last, 0, root))
        selection.select(chosen, command)

    def visualRegionForSelection(self, selection: QItemSelection) -> QRegion:
        region = QRegion()
        tops = self._layout()
        offset, width = self.verticalOffset(), self.viewport().width()
        for span in (selection.at(i) for i in range(selection.count())):
            if span.parent() != self.rootIndex():
                continue
            top, bottom = span.top(), min(span.bottom(), len(self._heights) - 1)
            if top <= bottom:
                region += QRect(0, tops[top] - offset, width, tops[bottom + 1] - tops[top])
        return region

    # -- events --------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        # A new width keeps every height as an estimate until measured (see _layout), so
        # the row at the top stays at the top; the rows in view are measured as painted.
        Base.resizeEvent(self, event)
        self._blit = None
        self.updateGeometries()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._idle.start(0)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._width = -1  # every row is measured again (see _layout)
            self.scheduleDelayedItemsLayout()
        super().changeEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.HoverEnter, QEvent.Type.HoverMove) and isinstance(
            event, QHoverEvent
        ):
            self._hover = QPersistentModelIndex(self.indexAt(event.position().toPoint()))
        elif kind in (QEvent.Type.HoverLeave, QEvent.Type.Leave):
            self._hover = QPersistentModelIndex()
        return super().viewportEvent(event)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self._blit = None  # the picture moved: what an insert would have moved is elsewhere
        super().scrollContentsBy(dx, dy)
        if self.viewport().underMouse():  # another row is under the resting pointer now
            pos = self.viewport().mapFromGlobal(QCursor.pos())
            self._hover = QPersistentModelIndex(self.indexAt(pos))

    def paintEvent(self, event: QPaintEvent) -> None:
        model = self.model()
        if model is None or not self._heights:
            return
        # Painted as things are now: no picture of before an insert is left to move.
        self._blit = None
        self._painting = False
        if event.rect().contains(self.viewport().rect()):
            self._inserted = 0
        if self._tops is None or self.viewport().width() != self._width:
            self.updateGeometries()
        measured = self._measure_visible()
        area = event.rect()
        offset = self.verticalOffset()
        first = max(0, self._row_at(area.top() + offset))
        last = min(len(self._heights) - 1, self._row_at(area.bottom() + offset))
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        state = option.state
        current = self.currentIndex()
        focus = (self.hasFocus() or self.viewport().hasFocus()) and current.isValid()
        selection = self.selectionModel()
        painter = QPainter(self.viewport())
        for row in range(first, last + 1):
            index = model.index(row, 0, self.rootIndex())
            option.rect = self.visualRect(index)
            option.state = state
            if selection is not None and selection.isSelected(index):
                option.state |= QStyle.StateFlag.State_Selected
            if focus and index == current:
                option.state |= QStyle.StateFlag.State_HasFocus
            if index == self._hover:
                option.state |= QStyle.StateFlag.State_MouseOver
            delegate = self.itemDelegateForIndex(index)
            if delegate is not None:
                delegate.paint(painter, option, index)
        painter.end()
        if measured and not area.contains(self.viewport().rect()):
            self.viewport().update()  # rows beneath what was asked for may have moved
