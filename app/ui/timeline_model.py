"""The list model behind one timeline column: posts newest first, deduplicated, paged.

Posts are merged in with ``beginInsertRows`` over contiguous runs (never a model reset,
so the view keeps its place); older pages come through ``canFetchMore`` / ``fetchMore``
and an ``older_loader`` the owner provides. Insert positions are found by binary search,
so 10,000 rows cost no more than a few hundred comparisons per post. Live posts go
through :meth:`TimelineModel.queue_live`: a burst is gathered and inserted once per frame
(16 ms), not one model change per post — and not before the view has painted the last
insert it shows (``live_ready``, held a few frames at most), so a reader at the top sees
one insert and one paint at a time instead of rows measured again and again unpainted.

A *gap row* stands beneath a post where posts of its account are missing (the server's
newest page did not reach down to what the cache held); ``GapRole`` is true for it and
``PostRole`` None. :meth:`TimelineModel.gap_loaded` merges what was loaded into it and
moves the gap down, or removes it once the posts join up.

Memory stays bounded in long sessions: past ``max_rows`` the oldest rows are dropped
when live posts arrive, but only while ``can_trim()`` says the user is not reading down
there (the column answers "while none of those rows is near what is in view").
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)

from app.core.models import Audience, Post
from app.i18n.formatting import absolute_datetime
from app.ui import turns
from app.ui.placeholders import fill

translate = QCoreApplication.translate  # the name lupdate recognises

Index = QModelIndex | QPersistentModelIndex
SortKey = tuple[datetime, str, str, int]
Key = tuple[str, str]  # (account key, post id)
LIVE_BATCH_MS = 16  # one frame: live posts arriving within it are inserted together
MAX_HELD_FRAMES = 4  # a frame waits this many frames at most for live_ready()
GAP_HEIGHT = 44


class Roles(enum.IntEnum):
    PostRole = Qt.ItemDataRole.UserRole + 1
    IdRole = Qt.ItemDataRole.UserRole + 2
    AuthorNameRole = Qt.ItemDataRole.UserRole + 3
    HandleRole = Qt.ItemDataRole.UserRole + 4
    TextRole = Qt.ItemDataRole.UserRole + 5
    TimeRole = Qt.ItemDataRole.UserRole + 6
    AudienceRole = Qt.ItemDataRole.UserRole + 7
    HasMediaRole = Qt.ItemDataRole.UserRole + 8
    GapRole = Qt.ItemDataRole.UserRole + 9


_ROLE_NAMES = {
    Roles.PostRole: b"post",
    Roles.IdRole: b"id",
    Roles.AuthorNameRole: b"authorName",
    Roles.HandleRole: b"handle",
    Roles.TextRole: b"text",
    Roles.TimeRole: b"time",
    Roles.AudienceRole: b"audience",
    Roles.HasMediaRole: b"hasMedia",
    Roles.GapRole: b"gap",
}


@dataclass(frozen=True, slots=True)
class Gap:
    """Missing posts of one account beneath the post ``above`` (its key)."""

    above: Key
    created_at: datetime  # the post above's

    @property
    def sort_key(self) -> SortKey:
        return (self.created_at, self.above[1], self.above[0], 0)


Row = Post | Gap


def sort_key(post: Post) -> SortKey:
    """Rows are in descending order of this key: newest first, then by id; a gap row
    comes right beneath the post it hangs from."""
    return (post.created_at, post.id, post.account_key, 1)


def _row_key(row: Row) -> SortKey:
    return row.sort_key if isinstance(row, Gap) else sort_key(row)


def describe_post(post: Post, lang: str) -> str:
    """What a screen reader says for one row."""
    when = absolute_datetime(post.created_at, lang)
    #: Screen-reader text of a post: %1 author's name, %2 handle, %3 date and time, %4 text.
    text = translate("TimelineModel", "%1 (%2), %3: %4")
    text = fill(text, post.author.display_name, post.author.handle, when, post.text)
    if post.media:
        images = len(post.media)  # lupdate skips a call whose count is itself a call
        #: Screen reader: %1 what it said of a post (author, time, text), then a sentence
        #: saying how many images (%n) the post has.
        text = fill(translate("TimelineModel", "%1 %n image(s).", "", images), text)
    if post.audience is Audience.FRIENDS:
        #: Screen reader: %1 what it said of a post (author, time, text…), then a sentence
        #: saying it was shared with friends only.
        text = fill(translate("TimelineModel", "%1 Friends only."), text)
    return text


class TimelineModel(QAbstractListModel):
    loadingChanged = Signal(bool)

    def __init__(self, parent: Any = None, *, max_rows: int = 5000, lang: str = "en") -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._keys: list[SortKey] = []  # parallel to _rows, descending
        self._by_key: dict[Key, Post] = {}
        self._gaps: dict[Key, Gap] = {}  # by the key of the post above
        self._gaps_loading: set[Key] = set()
        self.max_rows = max_rows
        self.lang = lang
        self.older_loader: Callable[[], None] | None = None
        self.can_trim: Callable[[], bool] | None = None
        # Whether the view is ready for the next live insert (has painted the last one).
        self.live_ready: Callable[[], bool] | None = None
        self._held = 0
        self._loading = False
        self.exhausted = False
        self._live: list[Post] = []  # queued by queue_live, inserted by the next frame
        self._frame = QTimer(self)
        self._frame.setSingleShot(True)
        self._frame.setInterval(LIVE_BATCH_MS)
        self._frame.timeout.connect(self._frame_due)

    # -- Qt model API --------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def roleNames(self) -> dict[int, QByteArray]:
        names = dict(super().roleNames())
        names.update({int(role): QByteArray(name) for role, name in _ROLE_NAMES.items()})
        return names

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | (Qt.ItemFlag.ItemNeverHasChildren)
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if isinstance(row, Gap):
            return self._gap_data(row, role)
        return self._post_data(row, role)

    def _gap_data(self, gap: Gap, role: int) -> Any:
        if role == Roles.GapRole:
            return True
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            if gap.above in self._gaps_loading:
                return translate("TimelineModel", "Loading missing posts…")
            return translate("TimelineModel", "Posts missing here — click to load them")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.SizeHintRole:
            return QSize(0, GAP_HEIGHT)
        return None

    def _post_data(self, post: Post, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Roles.TextRole):
            return post.text
        if role == Roles.PostRole:
            return post
        if role == Roles.IdRole:
            return post.id
        if role == Roles.AuthorNameRole:
            return post.author.display_name
        if role == Roles.HandleRole:
            return post.author.handle
        if role == Roles.TimeRole:
            return post.created_at
        if role == Roles.AudienceRole:
            return post.audience.value
        if role == Roles.HasMediaRole:
            return bool(post.media)
        if role == Roles.GapRole:
            return False
        if role == Qt.ItemDataRole.ToolTipRole:
            #: Tooltip of a post in a timeline: %1 its author's handle, %2 its date and time.
            tip = translate("TimelineModel", "%1 · %2")
            return fill(tip, post.author.handle, absolute_datetime(post.created_at, self.lang))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return describe_post(post, self.lang)
        return None

    def canFetchMore(self, parent: Index) -> bool:
        # Nothing to page from before the first page arrived: the owner loads that itself.
        return (
            not parent.isValid()
            and self.older_loader is not None
            and bool(self._by_key)
            and not self._loading
            and not self.exhausted
        )

    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent):
            return
        self.set_loading(True)
        assert self.older_loader is not None
        self.older_loader()

    # -- our API -------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        return self._loading

    def set_loading(self, loading: bool) -> None:
        """The owner may also set this around its first page so no paging runs meanwhile."""
        if loading != self._loading:
            self._loading = loading
            self.loadingChanged.emit(loading)

    def item_at(self, row: int) -> Row:
        return self._rows[row]

    def post_at(self, row: int) -> Post:
        item = self._rows[row]
        if isinstance(item, Gap):
            raise TypeError(f"row {row} is a gap, not a post")
        return item

    def posts(self) -> list[Post]:
        return [r for r in self._rows if isinstance(r, Post)]

    def has(self, key: Key) -> bool:
        return key in self._by_key

    def row_of(self, key: Key) -> int | None:
        post = self._by_key.get(key)
        return None if post is None else self._position(sort_key(post))

    def oldest_ids(self) -> dict[str, str]:
        """The oldest post id shown per account: where an older page should continue."""
        oldest: dict[str, str] = {}
        for row in reversed(self._rows):
            if isinstance(row, Post):
                oldest.setdefault(row.account_key, row.id)
        return oldest

    def add_posts(self, posts: Iterable[Post]) -> int:
        """Merge posts in now; returns how many rows were added."""
        added = self._merge(posts)
        if added and self.can_trim is not None and self.can_trim():
            self._trim()
        return added

    def queue_live(self, posts: Iterable[Post]) -> None:
        """Live posts: inserted with the others of the same frame, in one change."""
        self._live.extend(posts)
        if self._live and not self._frame.isActive():
            self._frame.start()

    def _frame_due(self) -> None:
        if self.live_ready is not None and not self.live_ready() and self._held < MAX_HELD_FRAMES:
            self._held += 1  # the view still paints the last insert: these wait a frame
            self._frame.start()
            return
        self._held = 0
        # In a turn of its own: not in the same pass as the other column's insert or paint.
        turns.shared().ask(self, self._flush_turn)

    def _flush_turn(self) -> bool:
        self.flush_live()
        return False

    def flush_live(self) -> int:
        """Insert the queued live posts now; returns how many rows were added."""
        self._frame.stop()
        queued, self._live = self._live, []
        return self.add_posts(queued) if queued else 0

    def older_loaded(self, posts: Iterable[Post], exhausted: bool) -> None:
        """The answer to ``older_loader()``. Never trims: the user scrolled here."""
        self._merge(posts)
        self.exhausted = exhausted
        self.set_loading(False)

    def older_failed(self) -> None:
        """``older_loader()`` gave up; scrolling to the end asks again."""
        self.set_loading(False)

    def clear(self) -> None:
        self.beginResetModel()
        self._rows.clear()
        self._keys.clear()
        self._by_key.clear()
        self._gaps.clear()
        self._gaps_loading.clear()
        self._live.clear()
        self._frame.stop()
        self.exhausted = False
        self.endResetModel()

    # -- gap rows ------------------------------------------------------------------------
    def gaps(self) -> list[Key]:
        """The keys of the posts with a gap row beneath them, newest first."""
        return [r.above for r in self._rows if isinstance(r, Gap)]

    def has_gaps(self) -> bool:
        """Whether any gap row is shown (without a walk through every row)."""
        return bool(self._gaps)

    def add_gaps(self, keys: Iterable[Key]) -> None:
        """A gap row beneath each post of ``keys`` that is shown and has none yet."""
        for key in keys:
            post = self._by_key.get(key)
            if post is None or key in self._gaps:
                continue
            gap = Gap(key, post.created_at)
            at = self._position(gap.sort_key)
            self.beginInsertRows(QModelIndex(), at, at)
            self._rows.insert(at, gap)
            self._keys.insert(at, gap.sort_key)
            self._gaps[key] = gap
            self.endInsertRows()

    def gap_row(self, above: Key) -> int | None:
        gap = self._gaps.get(above)
        return None if gap is None else self._position(gap.sort_key)

    def start_gap_load(self, above: Key) -> bool:
        """Mark the gap beneath ``above`` as loading; False when there is none or it is
        loading already (so a click and a scroll do not load it twice)."""
        if above not in self._gaps or above in self._gaps_loading:
            return False
        self._gaps_loading.add(above)
        self._gap_changed(above)
        return True

    def gap_failed(self, above: Key) -> None:
        """Loading the gap failed: it stays, to be clicked again."""
        self._gaps_loading.discard(above)
        self._gap_changed(above)

    def gap_loaded(self, above: Key, posts: Sequence[Post], last: bool) -> Key | None:
        """Merge the posts loaded for the gap beneath ``above``. The gap goes when they
        join what is shown beneath it (a shared post, one as old as the newest beneath, or
        the account's ``last`` page); else it moves beneath the oldest of them, whose key
        is returned (None: closed)."""
        gap = self._gaps.get(above)
        self._gaps_loading.discard(above)
        mine = [p for p in posts if p.account_key == above[0]]
        joined = last or not mine or any(p.key in self._by_key for p in mine)
        oldest = min(mine, key=sort_key) if mine else None
        if not joined and gap is not None and oldest is not None:
            beneath = self._newest_beneath(gap)
            joined = beneath is not None and sort_key(oldest) <= sort_key(beneath)
        if gap is not None:
            self._remove_gap(gap)
        self._merge(posts)
        if joined or oldest is None:
            return None
        self.add_gaps([oldest.key])
        return oldest.key

    def _newest_beneath(self, gap: Gap) -> Post | None:
        for row in self._rows[self._position(gap.sort_key) + 1 :]:
            if isinstance(row, Post) and row.account_key == gap.above[0]:
                return row
        return None

    def _remove_gap(self, gap: Gap) -> None:
        at = self._position(gap.sort_key)
        self.beginRemoveRows(QModelIndex(), at, at)
        del self._rows[at]
        del self._keys[at]
        del self._gaps[gap.above]
        self.endRemoveRows()

    def _gap_changed(self, above: Key) -> None:
        row = self.gap_row(above)
        if row is not None:
            index = self.index(row)
            self.dataChanged.emit(index, index)

    # -- internals -----------------------------------------------------------------------
    def _position(self, key: SortKey) -> int:
        """First row whose key is not higher than ``key`` (the list is descending)."""
        lo, hi = 0, len(self._keys)
        while lo < hi:
            mid = (lo + hi) // 2
            if self._keys[mid] > key:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def _merge(self, posts: Iterable[Post]) -> int:
        fresh: dict[Key, Post] = {}
        for post in posts:
            if post.key not in self._by_key:
                fresh.setdefault(post.key, post)
        if not fresh:
            return 0
        incoming = sorted(fresh.values(), key=sort_key, reverse=True)
        # Group the new posts by where they go in the current list; each group is one
        # contiguous run of new rows, inserted with one beginInsertRows.
        runs: list[tuple[int, list[Post]]] = []
        for post in incoming:
            at = self._position(sort_key(post))
            if runs and runs[-1][0] == at:
                runs[-1][1].append(post)
            else:
                runs.append((at, [post]))
        shift = 0
        for at, run in runs:
            first = at + shift
            self.beginInsertRows(QModelIndex(), first, first + len(run) - 1)
            self._rows[first:first] = run
            self._keys[first:first] = [sort_key(p) for p in run]
            for p in run:
                self._by_key[p.key] = p
            self.endInsertRows()
            shift += len(run)
        return len(incoming)

    def _trim(self) -> None:
        first = self.max_rows
        if len(self._rows) <= first:
            return
        self.beginRemoveRows(QModelIndex(), first, len(self._rows) - 1)
        for row in self._rows[first:]:
            if isinstance(row, Gap):
                del self._gaps[row.above]
                self._gaps_loading.discard(row.above)
            else:
                del self._by_key[row.key]
        del self._rows[first:]
        del self._keys[first:]
        self.endRemoveRows()
        # There are older posts again (the ones just dropped): paging may resume.
        self.exhausted = False
