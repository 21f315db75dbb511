"""The list model behind one timeline column: posts newest first, deduplicated, paged.

Live posts are merged in with ``beginInsertRows`` over contiguous runs (never a model
reset, so the view keeps its place); older pages come through ``canFetchMore`` /
``fetchMore`` and an ``older_loader`` the owner provides. Insert positions are found by
binary search, so 10,000 rows cost no more than a few hundred comparisons per post.

Memory stays bounded in long sessions: past ``max_rows`` the oldest rows are dropped
when live posts arrive, but only while ``can_trim()`` says the user is not reading down
there (the column answers "only when scrolled to the top").
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from app.core.models import Audience, Post
from app.i18n.formatting import absolute_datetime

translate = QCoreApplication.translate  # the name lupdate recognises

Index = QModelIndex | QPersistentModelIndex
SortKey = tuple[datetime, str, str]


class Roles(enum.IntEnum):
    PostRole = Qt.ItemDataRole.UserRole + 1
    IdRole = Qt.ItemDataRole.UserRole + 2
    AuthorNameRole = Qt.ItemDataRole.UserRole + 3
    HandleRole = Qt.ItemDataRole.UserRole + 4
    TextRole = Qt.ItemDataRole.UserRole + 5
    TimeRole = Qt.ItemDataRole.UserRole + 6
    AudienceRole = Qt.ItemDataRole.UserRole + 7
    HasMediaRole = Qt.ItemDataRole.UserRole + 8


_ROLE_NAMES = {
    Roles.PostRole: b"post",
    Roles.IdRole: b"id",
    Roles.AuthorNameRole: b"authorName",
    Roles.HandleRole: b"handle",
    Roles.TextRole: b"text",
    Roles.TimeRole: b"time",
    Roles.AudienceRole: b"audience",
    Roles.HasMediaRole: b"hasMedia",
}


def sort_key(post: Post) -> SortKey:
    """Rows are in descending order of this key: newest first, then by id."""
    return (post.created_at, post.id, post.account_key)


def describe_post(post: Post, lang: str) -> str:
    """What a screen reader says for one row."""
    text = translate("TimelineModel", "%1 (%2), %3: %4").replace("%1", post.author.display_name)
    text = text.replace("%2", post.author.handle)
    text = text.replace("%3", absolute_datetime(post.created_at, lang)).replace("%4", post.text)
    if post.media:
        images = len(post.media)  # lupdate skips a call whose count is itself a call
        text += " " + translate("TimelineModel", "%n image(s).", "", images)
    if post.audience is Audience.FRIENDS:
        text += " " + translate("TimelineModel", "Friends only.")
    return text


class TimelineModel(QAbstractListModel):
    loadingChanged = Signal(bool)

    def __init__(self, parent: Any = None, *, max_rows: int = 5000, lang: str = "en") -> None:
        super().__init__(parent)
        self._posts: list[Post] = []
        self._keys: list[SortKey] = []  # parallel to _posts, descending
        self._by_key: dict[tuple[str, str], Post] = {}
        self.max_rows = max_rows
        self.lang = lang
        self.older_loader: Callable[[], None] | None = None
        self.can_trim: Callable[[], bool] | None = None
        self._loading = False
        self.exhausted = False

    # -- Qt model API --------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._posts)

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
        if not index.isValid() or not 0 <= index.row() < len(self._posts):
            return None
        post = self._posts[index.row()]
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
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{post.author.handle} · {absolute_datetime(post.created_at, self.lang)}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return describe_post(post, self.lang)
        return None

    def canFetchMore(self, parent: Index) -> bool:
        # Nothing to page from before the first page arrived: the owner loads that itself.
        return (
            not parent.isValid()
            and self.older_loader is not None
            and bool(self._posts)
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

    def post_at(self, row: int) -> Post:
        return self._posts[row]

    def posts(self) -> list[Post]:
        return list(self._posts)

    def row_of(self, key: tuple[str, str]) -> int | None:
        post = self._by_key.get(key)
        return None if post is None else self._position(sort_key(post))

    def oldest_ids(self) -> dict[str, str]:
        """The oldest post id shown per account: where an older page should continue."""
        oldest: dict[str, str] = {}
        for post in reversed(self._posts):
            oldest.setdefault(post.account_key, post.id)
        return oldest

    def add_posts(self, posts: Iterable[Post]) -> int:
        """Merge live posts in; returns how many rows were added."""
        added = self._merge(posts)
        if added and self.can_trim is not None and self.can_trim():
            self._trim()
        return added

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
        self._posts.clear()
        self._keys.clear()
        self._by_key.clear()
        self.exhausted = False
        self.endResetModel()

    # -- internals -----------------------------------------------------------------------
    def _position(self, key: SortKey) -> int:
        """First row whose key is lower than ``key`` (the list is descending)."""
        lo, hi = 0, len(self._keys)
        while lo < hi:
            mid = (lo + hi) // 2
            if self._keys[mid] > key:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def _merge(self, posts: Iterable[Post]) -> int:
        fresh: dict[tuple[str, str], Post] = {}
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
            self._posts[first:first] = run
            self._keys[first:first] = [sort_key(p) for p in run]
            for p in run:
                self._by_key[p.key] = p
            self.endInsertRows()
            shift += len(run)
        return len(incoming)

    def _trim(self) -> None:
        excess = len(self._posts) - self.max_rows
        if excess <= 0:
            return
        first = self.max_rows
        self.beginRemoveRows(QModelIndex(), first, len(self._posts) - 1)
        for post in self._posts[first:]:
            del self._by_key[post.key]
        del self._posts[first:]
        del self._keys[first:]
        self.endRemoveRows()
        # There are older posts again (the ones just dropped): paging may resume.
        self.exhausted = False
