"""The notifications panel (通知): mentions, replies, reactions, boosts and new followers
of every account, newest first, all or one circle at a time.

A non-modal window over one :class:`~app.ui.notifications_model.NotificationsModel`
(filtered per circle by a proxy, never a widget per row). Activating a row (double click,
Enter) asks to open its post (``openRequested``); how the watch goes (live, polling, or
retrying and why) is said above the list. The controller marks everything seen when the
panel is shown.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QModelIndex, QSortFilterProxyModel, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListView,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from app.services.notifications import StoredNotification
from app.ui.notifications_model import NoticeRoles, NotificationsModel
from app.ui.theme import named

translate = QCoreApplication.translate  # the name lupdate recognises

CIRCLES = ("", "public", "friends")  # the tabs' filters: all, public, friends


class NotificationsPanel(QDialog):
    openRequested = Signal(object)  # the StoredNotification whose post to open
    shown = Signal()

    def __init__(self, model: NotificationsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NotificationsPanel")
        #: Window title of the notifications panel (mentions, replies, reactions…).
        self.setWindowTitle(translate("Notifications", "Notifications"))
        self.setModal(False)
        self.resize(520, 600)
        self.model = model
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setFilterRole(NoticeRoles.CircleRole)
        layout = QVBoxLayout(self)
        self.tabs = named(QTabBar(), "NotificationsCircles")
        self.tabs.setAccessibleName(translate("Notifications", "Show notifications of"))
        for text in (
            #: Notifications panel tab: the notifications of both circles.
            translate("Notifications", "All"),
            #: Notifications panel tab: only those of the public circle.
            translate("Notifications", "Public"),
            #: Notifications panel tab: only those of the friends circle.
            translate("Notifications", "Friends"),
        ):
            self.tabs.addTab(text)
        self.tabs.currentChanged.connect(self.show_circle)
        layout.addWidget(self.tabs)
        self.status_label = named(QLabel(), "NotificationsStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setVisible(False)
        layout.addWidget(self.status_label)
        self.list = named(QListView(), "NotificationsList")
        #: Screen-reader name of the list of notifications.
        self.list.setAccessibleName(translate("Notifications", "Notifications"))
        self.list.setModel(self.proxy)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setUniformItemSizes(False)
        self.list.setSpacing(2)
        self.list.activated.connect(self._activated)
        layout.addWidget(self.list, 1)
        self.empty_label = named(
            QLabel(translate("Notifications", "No notifications yet.")), "NotificationsEmpty"
        )
        layout.addWidget(self.empty_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self._update_empty)
        self._update_empty()

    def show_circle(self, tab: int) -> None:
        """0: every circle, 1: public, 2: friends."""
        self.proxy.setFilterFixedString(CIRCLES[tab] if 0 <= tab < len(CIRCLES) else "")
        if self.tabs.currentIndex() != tab:
            self.tabs.setCurrentIndex(tab)
        self._update_empty()

    def visible_rows(self) -> list[StoredNotification]:
        """The rows the list shows now (after the circle filter), top first."""
        rows = []
        for r in range(self.proxy.rowCount()):
            found = self.proxy.data(self.proxy.index(r, 0), NoticeRoles.NoticeRole)
            if isinstance(found, StoredNotification):
                rows.append(found)
        return rows

    def set_status(self, words: str) -> None:
        """How the watch goes, in words ("": nothing to say)."""
        self.status_label.setText(words)
        self.status_label.setVisible(bool(words))

    def _update_empty(self) -> None:
        self.empty_label.setVisible(self.proxy.rowCount() == 0)

    def _activated(self, index: QModelIndex) -> None:
        row = self.proxy.data(index, NoticeRoles.NoticeRole)
        if isinstance(row, StoredNotification):
            self.openRequested.emit(row)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.shown.emit()
