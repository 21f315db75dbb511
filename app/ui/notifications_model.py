"""The list model behind the notifications panel: one row per notification, newest first,
bounded, with who, what and when in words, the circle for filtering and seen/unseen.

Rows come from the notifications service (:class:`~app.services.notifications.
StoredNotification`); new ones are inserted where they belong with ``beginInsertRows``,
never by a reset, so the view keeps its place. Unseen rows are bold until
:meth:`NotificationsModel.mark_all_seen`.
"""

from __future__ import annotations

import bisect
import enum
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from app.core.models import Audience, NotificationKind
from app.i18n.formatting import absolute_datetime, relative_time
from app.services.notifications import StoredNotification
from app.ui.placeholders import fill

translate = QCoreApplication.translate  # the name lupdate recognises

Index = QModelIndex | QPersistentModelIndex
EXCERPT_CHARS = 140  # of a post's text in a row


class NoticeRoles(enum.IntEnum):
    NoticeRole = Qt.ItemDataRole.UserRole + 1  # the StoredNotification
    CircleRole = Qt.ItemDataRole.UserRole + 2  # "public" / "friends"
    SeenRole = Qt.ItemDataRole.UserRole + 3
    UrlRole = Qt.ItemDataRole.UserRole + 4  # the post's web address, "" when none


_ROLE_NAMES = {
    NoticeRoles.NoticeRole: b"notice",
    NoticeRoles.CircleRole: b"circle",
    NoticeRoles.SeenRole: b"seen",
    NoticeRoles.UrlRole: b"url",
}


def what_happened(row: StoredNotification) -> str:
    """「りんさんがあなたに言及しました」: who did what, in words."""
    n = row.notification
    who = n.author.display_name or n.author.username
    if n.kind is NotificationKind.MENTION:
        #: A notification; %1 is the person's display name.
        text = translate("Notifications", "%1 mentioned you")
    elif n.kind is NotificationKind.REPLY:
        #: A notification; %1 is the person's display name.
        text = translate("Notifications", "%1 replied to you")
    elif n.kind is NotificationKind.BOOST:
        #: A notification (boost = repost); %1 is the person's display name.
        text = translate("Notifications", "%1 boosted your post")
    elif n.kind is NotificationKind.FOLLOW:
        #: A notification; %1 is the person's display name.
        text = translate("Notifications", "%1 followed you")
    elif n.reaction:
        #: A notification; %1 is the person's display name, %2 the emoji.
        text = translate("Notifications", "%1 reacted %2 to your post")
    else:
        #: A notification; %1 is the person's display name.
        text = translate("Notifications", "%1 liked your post")
    return fill(text, who, n.reaction)


def circle_words(circle: Audience) -> str:
    if circle is Audience.FRIENDS:
        #: Notification row tag [Friends]: it came in the friends circle.
        return translate("Notifications", "Friends")
    #: Notification row tag [Public]: it came in the public circle.
    return translate("Notifications", "Public")


def excerpt(row: StoredNotification) -> str:
    post = row.notification.post
    if post is None:
        return ""
    text = " ".join(post.text.split())
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"


def _sort_key(row: StoredNotification) -> tuple[float, str, str]:
    """Rows are in descending order of this key."""
    n = row.notification
    return (n.created_at.timestamp(), n.account_key, n.id)


class NotificationsModel(QAbstractListModel):
    """See the module docstring. ``now``: the clock relative times are counted from."""

    def __init__(
        self,
        parent: Any = None,
        *,
        lang: str = "en",
        max_rows: int = 1000,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(parent)
        self.lang = lang
        self.max_rows = max_rows
        self._now = now or (lambda: datetime.now(UTC))
        self._rows: list[StoredNotification] = []
        self._keys: list[tuple[float, str, str]] = []  # negated sort keys, ascending
        self._present: set[tuple[str, str]] = set()

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
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display_text(row)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.spoken_text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return absolute_datetime(row.notification.created_at, self.lang)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(not row.seen)
            return font
        return self._role_data(row, role)

    @staticmethod
    def _role_data(row: StoredNotification, role: int) -> Any:
        if role == NoticeRoles.NoticeRole:
            return row
        if role == NoticeRoles.CircleRole:
            return row.circle.value
        if role == NoticeRoles.SeenRole:
            return row.seen
        if role == NoticeRoles.UrlRole:
            post = row.notification.post
            return (post.url or "") if post is not None else ""
        return None

    # -- words ---------------------------------------------------------------------------
    def display_text(self, row: StoredNotification) -> str:
        """Two lines: 「[友だち] りんさんがあなたに言及しました · 3分前」 and the post's text."""
        when = relative_time(row.notification.created_at, self._now(), self.lang)
        #: First line of a row in the notifications panel: %1 the circle (Public or
        #: Friends), %2 what happened ("rin mentioned you"), %3 how long ago ("3 min. ago").
        head = fill(
            translate("Notifications", "[%1] %2 · %3"),
            circle_words(row.circle),
            what_happened(row),
            when,
        )
        body = excerpt(row)
        return f"{head}\n{body}" if body else head

    def spoken_text(self, row: StoredNotification) -> str:
        """What a screen reader says for one row (unread first, when it is)."""
        #: Screen reader text of a notification: %1 circle (Public/Friends), %2 what
        #: happened, %3 date and time, %4 the start of the post.
        text = fill(
            translate("Notifications", "%1, %2, %3: %4"),
            circle_words(row.circle),
            what_happened(row),
            absolute_datetime(row.notification.created_at, self.lang),
            excerpt(row),
        )
        if not row.seen:
            #: Said by a screen reader for a notification not seen yet; %1 is the rest of
            #: what it says (circle, what happened, when and the start of the post).
            text = fill(translate("Notifications", "Unread. %1"), text)
        return text

    # -- changing the rows --------------------------------------------------------------
    def set_rows(self, rows: Iterable[StoredNotification]) -> None:
        """Show ``rows`` (any order) instead of what is shown."""
        self.beginResetModel()
        self._rows, self._keys, self._present = [], [], set()
        for row in sorted(rows, key=_sort_key, reverse=True)[: self.max_rows]:
            if row.key not in self._present:
                self._rows.append(row)
                self._keys.append(self._negated(row))
                self._present.add(row.key)
        self.endResetModel()

    @staticmethod
    def _negated(row: StoredNotification) -> tuple[float, str, str]:
        stamp, account, nid = _sort_key(row)
        return (-stamp, account, nid)

    def add(self, rows: Iterable[StoredNotification]) -> int:
        """Insert the rows not shown yet where they belong; returns how many were added."""
        added = 0
        for row in rows:
            if row.key in self._present:
                continue
            key = self._negated(row)
            at = bisect.bisect_left(self._keys, key)
            self.beginInsertRows(QModelIndex(), at, at)
            self._rows.insert(at, row)
            self._keys.insert(at, key)
            self._present.add(row.key)
            self.endInsertRows()
            added += 1
        self._trim()
        return added

    def _trim(self) -> None:
        extra = len(self._rows) - self.max_rows
        if extra <= 0:
            return
        first = self.max_rows
        self.beginRemoveRows(QModelIndex(), first, len(self._rows) - 1)
        for row in self._rows[first:]:
            self._present.discard(row.key)
        del self._rows[first:], self._keys[first:]
        self.endRemoveRows()

    def mark_all_seen(self) -> None:
        if not any(not r.seen for r in self._rows):
            return
        self._rows = [
            r if r.seen else StoredNotification(r.notification, r.circle, True) for r in self._rows
        ]
        self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    def unseen(self) -> int:
        return sum(1 for r in self._rows if not r.seen)

    def row_at(self, row: int) -> StoredNotification:
        return self._rows[row]
