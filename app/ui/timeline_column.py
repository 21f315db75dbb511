"""One timeline column: a header (title, accounts, live indicator), an inline error banner,
and the list of posts (one :class:`PostListView`, one model, one delegate — no widget per
post).

The column keeps the reader's place: posts that arrive while they are scrolled down are
inserted above without moving what they are reading, and a 「新しい投稿 N件」 pill at the
top jumps up to them; at the top, new posts simply show. The place (the post at the top
of the view and how far past its top) is reported with ``positionChanged`` to be kept
across restarts, and put back by :meth:`TimelineColumn.show_cached`, which fills the
column from the timeline cache. A gap row asks for its missing posts
(``gapRequested``) when clicked or scrolled into view. Old rows beyond the model's cap
are dropped only while none of them is in view.

Its colours follow the palette: the style sheet and the live dot are derived again when
it changes (light ↔ dark), and the delegate lays its cards out again with the new links.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.models import Audience, Post
from app.i18n.translators import ui_language
from app.services.timeline import LiveState
from app.services.timeline_cache import CachedColumn, Key
from app.ui import theme
from app.ui.images import ImageCache
from app.ui.placeholders import fill
from app.ui.post_delegate import PostDelegate
from app.ui.post_list_view import PostListView
from app.ui.theme import named
from app.ui.timeline_model import Gap, Roles, TimelineModel

translate = QCoreApplication.translate  # the name lupdate recognises

# Within this many pixels of the top counts as "at the top" (a trackpad rarely lands on 0).
AT_TOP_SLACK = 4
TIME_REFRESH_MS = 30_000
POSITION_SAVE_MS = 500  # the reader's place is reported this long after scrolling stops
TRIM_MARGIN = 20  # rows kept beyond the last one in view before trimming may drop any


def state_text(state: LiveState) -> str:
    return {
        #: Column header status: new posts arrive as they are written (streaming).
        LiveState.LIVE: translate("TimelineColumn", "Live"),
        #: Column header status: opening the live connection to the server.
        LiveState.CONNECTING: translate("TimelineColumn", "Connecting…"),
        #: Column header status: the live connection dropped and is being opened again.
        LiveState.RECONNECTING: translate("TimelineColumn", "Reconnecting…"),
        #: Column header status: the server cannot be reached.
        LiveState.OFFLINE: translate("TimelineColumn", "Offline"),
    }[state]


class TimelineColumn(QWidget):
    linkActivated = Signal(str)
    gapRequested = Signal(object)  # the key of the post above a gap row to load
    positionChanged = Signal()  # the reader's place moved (see reading_position)

    def __init__(
        self,
        title: str,
        *,
        audience: Audience,
        images: ImageCache | None = None,
        lang: str | None = None,
        max_rows: int = 5000,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.audience = audience
        self.lang = lang or ui_language()
        self.state: LiveState = LiveState.CONNECTING
        self.setObjectName("TimelineColumn")
        theme.follow_palette(self, theme.column_style)

        self.model = TimelineModel(self, max_rows=max_rows, lang=self.lang)
        self.model.can_trim = self._can_trim
        self.cached_accounts: tuple[str, ...] = ()  # whose cached posts are shown
        self.delegate = PostDelegate(images, self, lang=self.lang)
        # Rows wrap to the width; an insert measures only the new rows (see post_list_view).
        self.view = PostListView(self)
        self.view.setObjectName("TimelineView")
        self.view.setModel(self.model)
        self.model.live_ready = self.view.inserts_painted  # one insert, one paint
        self.view.setItemDelegate(self.delegate)
        self.view.verticalScrollBar().setSingleStep(24)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setAttribute(Qt.WidgetAttribute.WA_Hover, True)
        self.view.setAccessibleName(title)
        self.delegate.watch(self.view)
        self.delegate.linkActivated.connect(self.linkActivated)

        self._empty_text = ""  # set_empty_text: shown instead of the state's words
        self._build(title)

        self._anchor: QPersistentModelIndex | None = None
        self._anchor_top = 0
        self._was_at_top = True
        self._new_above = 0  # posts inserted above a reader scrolled down (the pill)
        self._pending_place: tuple[Key | None, int] | None = None
        self.model.rowsAboutToBeInserted.connect(self._before_insert)
        self.model.rowsInserted.connect(self._after_insert)
        self.model.rowsInserted.connect(self._schedule_gap_check)
        self.view.clicked.connect(self._clicked)
        self.view.activated.connect(self._clicked)  # Enter on a gap row loads it too
        bar = self.view.verticalScrollBar()
        bar.valueChanged.connect(self._scrolled)
        self._place_timer = QTimer(self, singleShot=True, interval=POSITION_SAVE_MS)
        self._place_timer.timeout.connect(self.positionChanged)
        self._gap_timer = QTimer(self, singleShot=True, interval=0)
        self._gap_timer.timeout.connect(self._check_gaps)
        self.model.rowsInserted.connect(self._update_placeholder)
        self.model.rowsRemoved.connect(self._update_placeholder)
        self.model.modelReset.connect(self._update_placeholder)
        self.model.modelReset.connect(self._forget_new_above)
        self.model.loadingChanged.connect(self.footer.setVisible)
        if images is not None:
            images.loaded.connect(self._image_loaded)

        self._clock = QTimer(self, interval=TIME_REFRESH_MS)
        self._clock.timeout.connect(self._refresh_times)
        self._clock.start()
        self.set_state(LiveState.CONNECTING)

    # -- layout --------------------------------------------------------------------------
    def _build(self, title: str) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        header = named(QWidget(), "ColumnHeader")
        head = QVBoxLayout(header)
        head.setContentsMargins(12, 8, 12, 8)
        head.setSpacing(2)
        top = QHBoxLayout()
        self.title_label = named(QLabel(title), "ColumnTitle")
        top.addWidget(self.title_label, 1)
        self.live = named(QWidget(), "LiveIndicator")
        live = QHBoxLayout(self.live)
        live.setContentsMargins(0, 0, 0, 0)
        live.setSpacing(6)
        self.live_dot = named(QLabel(), "LiveDot")
        self.live_text = named(QLabel(), "LiveText")
        live.addWidget(self.live_dot, 0, Qt.AlignmentFlag.AlignVCenter)
        live.addWidget(self.live_text)
        top.addWidget(self.live)
        head.addLayout(top)
        self.accounts_label = named(QLabel(), "ColumnAccounts")
        self.accounts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.accounts_label.setVisible(False)
        head.addWidget(self.accounts_label)
        outer.addWidget(header)

        self.error_frame = named(QFrame(), "ColumnErrorFrame")
        err = QHBoxLayout(self.error_frame)
        err.setContentsMargins(8, 6, 8, 0)
        self.error_label = named(QLabel(), "ColumnError")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        err.addWidget(self.error_label, 1)
        close = named(QToolButton(), "ColumnErrorClose")
        close.setText("×")
        close.setAutoRaise(True)
        #: The × button that hides a column's error message.
        close.setAccessibleName(translate("TimelineColumn", "Dismiss"))
        close.setToolTip(translate("TimelineColumn", "Dismiss"))
        close.clicked.connect(self.clear_error)
        err.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.error_frame.setVisible(False)
        outer.addWidget(self.error_frame)

        self.stack = QStackedWidget()
        self.placeholder = named(QLabel(), "ColumnPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.view)
        outer.addWidget(self.stack, 1)

        self.footer = named(
            QLabel(translate("TimelineColumn", "Loading older posts…")), "ColumnFooter"
        )
        self.footer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.footer.setVisible(False)
        outer.addWidget(self.footer)

        # Over the list, at its top: the new posts above a reader scrolled down.
        self.pill = named(QToolButton(self.view), "NewPostsPill")
        self.pill.setVisible(False)
        self.pill.setAccessibleName(translate("TimelineColumn", "Jump to the newest posts"))
        self.pill.clicked.connect(self.scroll_to_top)

    # -- public API ----------------------------------------------------------------------
    def set_empty_text(self, text: str) -> None:
        """What the column says while it has no posts, in place of its live state's words
        (e.g. why it stays empty and what to do); "" gives the state's words back. Kept
        across state changes until set again."""
        self._empty_text = text
        self._update_placeholder()

    def set_accounts(self, text: str) -> None:
        self.accounts_label.setText(text)
        self.accounts_label.setVisible(bool(text))

    def set_state(self, state: LiveState) -> None:
        self.state = state
        text = state_text(state)
        if state is LiveState.OFFLINE and self.model.rowCount():
            text = translate("TimelineColumn", "Offline — showing saved posts")
        self._paint_dot()
        self.live_text.setText(text)
        #: Screen-reader name of a column's status; %1 is Live, Connecting…, Offline….
        accessible = translate("TimelineColumn", "Live status: %1").replace("%1", text)
        self.live.setAccessibleName(accessible)
        self.live.setToolTip(accessible)
        self._update_placeholder()

    def _paint_dot(self) -> None:
        colour = theme.live_colour(self.state.value, self.palette())
        self.live_dot.setStyleSheet(theme.dot_style(colour))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._paint_dot()
        super().changeEvent(event)

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_frame.setAccessibleName(text)
        self.error_frame.setVisible(True)

    def clear_error(self) -> None:
        self.error_label.clear()
        self.error_frame.setVisible(False)

    def at_top(self) -> bool:
        return self.view.verticalScrollBar().value() <= AT_TOP_SLACK

    def _can_trim(self) -> bool:
        """Rows beyond the cap may go while none of them is near what is in view."""
        if self.at_top():
            return True
        bottom = self.view.indexAt(QPoint(1, self.view.viewport().height() - 1))
        last = bottom.row() if bottom.isValid() else self.model.rowCount() - 1
        return last < self.model.max_rows - TRIM_MARGIN

    def scroll_to_top(self) -> None:
        self.view.verticalScrollBar().setValue(0)

    # -- the cache and the reader's place ----------------------------------------------------
    def show_cached(self, cached: CachedColumn) -> None:
        """Show what the cache holds (in place of what is shown) and put the reader back
        where they were."""
        self.model.clear()
        self.cached_accounts = cached.accounts
        self.model.add_posts(cached.posts)
        self.model.add_gaps(cached.gaps)
        self.restore_position(cached.top, cached.offset)
        self.set_state(self.state)  # the words may depend on having posts

    def reading_position(self) -> tuple[Key | None, int]:
        """The post at the top of the view and how many pixels it is scrolled past its
        top; (None, 0) at the top of the column. Not shown yet: the place it will show."""
        if self._pending_place is not None:
            return self._pending_place
        if self.at_top():
            return None, 0
        index = self.view.indexAt(QPoint(1, 1))
        if not index.isValid():
            return None, 0
        row = index.row()
        while row < self.model.rowCount() and isinstance(self.model.item_at(row), Gap):
            row += 1
        if row >= self.model.rowCount():
            return None, 0
        post = self.model.post_at(row)
        rect = self.view.visualRect(self.model.index(row, 0))
        return post.key, max(0, -rect.top())

    def restore_position(self, top: Key | None, offset: int) -> None:
        """Scroll so that ``top`` is at the top of the view, ``offset`` pixels past its
        top (at once when shown, else when the column is first shown)."""
        if not self.isVisible():
            self._pending_place = (top, offset)
            return
        self._pending_place = None
        row = self.model.row_of(top) if top is not None else None
        bar = self.view.verticalScrollBar()
        if row is None:
            bar.setValue(0)
            return
        # Measured first (it and a page around it), or a tall post would be placed by its
        # estimated height and the offset land in the post beneath it.
        self.view.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)
        bar.setValue(bar.value() + offset)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._pending_place is not None:
            QTimer.singleShot(0, self._apply_pending_place)
        self._schedule_gap_check()

    def _apply_pending_place(self) -> None:
        if self._pending_place is not None:
            self.restore_position(*self._pending_place)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_pill()

    def _scrolled(self, value: int) -> None:
        if value <= AT_TOP_SLACK and self._new_above:
            self._new_above = 0
            self._update_pill()
        self._place_timer.start()
        self._schedule_gap_check()

    # -- the new-posts pill --------------------------------------------------------------
    def _forget_new_above(self) -> None:
        self._new_above = 0
        self._update_pill()

    def _update_pill(self) -> None:
        count = self._new_above
        if count <= 0:
            self.pill.setVisible(False)
            return
        #: Button above a column (↑ …) when posts arrived above those in view; %n how many.
        text = translate("TimelineColumn", "%n new post(s)", None, count)
        #: Button above a column when posts arrived above those in view: an arrow up
        #: before %1, the words "3 new posts".
        self.pill.setText(fill(translate("TimelineColumn", "↑ %1"), text))
        self.pill.setAccessibleName(text)
        self.pill.setToolTip(translate("TimelineColumn", "Jump to the newest posts"))
        self.pill.adjustSize()
        self._place_pill()
        self.pill.setVisible(True)
        self.pill.raise_()

    def _place_pill(self) -> None:
        width = self.view.width()
        self.pill.move(max(0, (width - self.pill.width()) // 2), 8)

    # -- gap rows ------------------------------------------------------------------------
    def _clicked(self, index: QModelIndex) -> None:
        if index.data(Roles.GapRole):
            item = self.model.item_at(index.row())
            if isinstance(item, Gap):
                self.gapRequested.emit(item.above)

    def _schedule_gap_check(self, *_: object) -> None:
        if self.model.has_gaps():  # on every insert and scroll: no walk through the rows
            self._gap_timer.start()

    def _check_gaps(self) -> None:
        """A gap row in view asks for its posts (the model ignores a second ask)."""
        if not self.isVisible() or not self.model.rowCount():
            return
        top = self.view.indexAt(QPoint(1, 1))
        bottom = self.view.indexAt(QPoint(1, self.view.viewport().height() - 1))
        first = top.row() if top.isValid() else 0
        last = bottom.row() if bottom.isValid() else self.model.rowCount() - 1
        for row in range(first, last + 1):
            item = self.model.item_at(row)
            if isinstance(item, Gap):
                self.gapRequested.emit(item.above)

    # -- keeping the reader's place ------------------------------------------------------
    def _before_insert(self, parent: QModelIndex, first: int, last: int) -> None:
        self._was_at_top = self.at_top()
        self._anchor = None
        if self._was_at_top or self.model.rowCount() == 0:
            return
        top = self.view.indexAt(QPoint(1, 1))
        if top.isValid():
            self._anchor = QPersistentModelIndex(top)
            self._anchor_top = self.view.visualRect(top).top()

    def _after_insert(self, parent: QModelIndex, first: int, last: int) -> None:
        bar = self.view.verticalScrollBar()
        if self._was_at_top:
            bar.setValue(0)
            return
        anchor, self._anchor = self._anchor, None
        if anchor is None or not anchor.isValid():
            return
        if first <= anchor.row():  # above what is being read: counted on the pill
            added = (self.model.item_at(r) for r in range(first, last + 1))
            self._new_above += sum(isinstance(item, Post) for item in added)
            self._update_pill()
        # The view measured only the new rows, and its scroll range already counts them:
        # the anchor moved down by their summed heights; scroll down as much.
        moved = self.view.visualRect(self.model.index(anchor.row(), 0)).top() - self._anchor_top
        if moved:
            bar.setValue(bar.value() + moved)

    # -- small things --------------------------------------------------------------------
    def _update_placeholder(self) -> None:
        if self.model.rowCount() > 0:
            self.stack.setCurrentWidget(self.view)
            return
        if self._empty_text:
            text = self._empty_text
        elif self.state is LiveState.LIVE:
            text = translate("TimelineColumn", "No posts yet")
        elif self.state is LiveState.OFFLINE:
            text = translate("TimelineColumn", "Offline — no posts to show")
        else:
            #: A column's placeholder while its first posts load.
            text = translate("TimelineColumn", "Loading posts…")
        self.placeholder.setText(text)
        self.stack.setCurrentWidget(self.placeholder)

    def _image_loaded(self, url: str) -> None:
        if self.isVisible():
            self.view.viewport().update()

    def _refresh_times(self) -> None:
        self.delegate.refresh_times()
        self.view.viewport().update()
