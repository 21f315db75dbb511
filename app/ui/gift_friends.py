"""Who a gift card is for: an open card, or chosen friends ticked in a list loaded from the
friends source (in Japanese reading order). Part of :class:`app.ui.gift_picker.GiftPicker`;
strings keep the "GiftPicker" translation context.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.core.models import Friend
from app.ui.errors import describe
from app.ui.gift_draft import friends_in_display_order
from app.ui.placeholders import fill
from app.ui.theme import named

translate = QCoreApplication.translate
log = logging.getLogger(__name__)

__all__ = ["Friends", "GiftFriends"]

Friends = Callable[[], Awaitable[list[Friend]]]


class GiftFriends(QWidget):
    """ "Open card" / "For chosen friends", and the list of friends to tick."""

    modeChanged = Signal(bool)  # True: for chosen friends
    ticked = Signal()  # the ticked friends changed

    def __init__(self, friends: Friends | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source = friends
        self._task: asyncio.Task[list[Friend]] | None = None
        self._active = False  # a gift is chosen: the list may show
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        who = QHBoxLayout()
        #: choice for a card addressed to nobody: anyone may read it
        self.open_radio = QRadioButton(translate("GiftPicker", "Open card"))
        self.open_radio.setToolTip(translate("GiftPicker", "A card for everyone who reads it"))
        self.chosen_radio = QRadioButton(translate("GiftPicker", "For chosen friends"))
        self.chosen_radio.setToolTip(
            translate("GiftPicker", "Only the friends you tick can read it (friends audience)")
        )
        group = QButtonGroup(self)
        group.addButton(self.open_radio)
        group.addButton(self.chosen_radio)
        self.open_radio.setChecked(True)
        self.chosen_radio.toggled.connect(self._mode_changed)
        who.addWidget(self.open_radio)
        who.addWidget(self.chosen_radio)
        who.addStretch(1)
        outer.addLayout(who)
        self.friends_list = named(QListWidget(), "GiftFriends")
        self.friends_list.setAccessibleName(translate("GiftPicker", "Friends to send the card to"))
        # Five friends at a glance, so that two or three ticked ones are seen together.
        self.friends_list.setFixedHeight((self.fontMetrics().lineSpacing() + 1) * 5 + 2)
        self.friends_list.itemChanged.connect(lambda _item: self.ticked.emit())
        self.friends_list.setVisible(False)
        outer.addWidget(self.friends_list)
        self.friends_status = named(QLabel(), "GiftFriendsStatus")
        self.friends_status.setWordWrap(True)
        self.friends_status.setVisible(False)
        outer.addWidget(self.friends_status)

    def chosen(self) -> bool:
        return self.chosen_radio.isChecked()

    def set_active(self, active: bool) -> None:
        """Whether a gift is chosen: without one, only the radios' state is kept."""
        self._active = active
        self.open_radio.setVisible(active)
        self.chosen_radio.setVisible(active)
        self._show_list()
        if active and self.chosen():
            self._ensure_friends()

    def _show_list(self) -> None:
        shown = self._active and self.chosen()
        self.friends_list.setVisible(shown)
        self.friends_status.setVisible(shown)

    def _mode_changed(self, chosen: bool) -> None:
        self._show_list()
        if chosen:
            self._ensure_friends()
        self.modeChanged.emit(chosen)

    def _ensure_friends(self) -> None:
        if self.friends_list.count() or self._task is not None:
            return
        if self._source is None:
            self.friends_status.setText(
                translate("GiftPicker", "No account here can address friends.")
            )
            return
        self._task = asyncio.ensure_future(self.load())

    async def load(self) -> list[Friend]:
        """Fill the list from the friends source; safe to await from tests and callers."""
        if self._source is None:
            return []
        #: shown while the list of friends to address the card to loads
        self.friends_status.setText(translate("GiftPicker", "Loading friends…"))
        try:
            found = list(await self._source())
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the list is optional: say so and keep the open card
            log.warning("could not load friends: %s", type(exc).__name__)
            self.friends_status.setText(
                #: %1 why, a sentence chosen by the error's reason (e.g. "The server did
                #: not answer in time.")
                translate("GiftPicker", "Could not load your friends: %1").replace(
                    "%1", describe(exc)
                )
            )
            return []
        finally:
            self._task = None
        found = friends_in_display_order(found)
        self.friends_list.blockSignals(True)
        self.friends_list.clear()
        for friend in found:
            name = friend.display_name or friend.username
            #: A friend in the gift card's address list: %1 the display name, %2 the
            #: handle (@rin@nakama).
            item = QListWidgetItem(fill(translate("GiftPicker", "%1  %2"), name, friend.handle))
            item.setData(Qt.ItemDataRole.UserRole, friend)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.friends_list.addItem(item)
        self.friends_list.blockSignals(False)
        self.friends_status.setText(
            "" if found else translate("GiftPicker", "No friends to address yet.")
        )
        self.friends_status.setVisible(self.friends_list.isVisible() and not found)
        return found

    def choose(self, user_ids: Iterable[str]) -> None:
        """Tick exactly these friends (by user id) and switch to “for chosen friends”;
        the list scrolls to the first ticked one so that a restored choice is seen."""
        wanted = set(user_ids)
        self.chosen_radio.setChecked(True)
        self.friends_list.blockSignals(True)
        first: QListWidgetItem | None = None
        for item in self._items():
            friend: Friend = item.data(Qt.ItemDataRole.UserRole)
            ticked = friend.user_id in wanted
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            if ticked and first is None:
                first = item
        self.friends_list.blockSignals(False)
        if first is not None:
            self.friends_list.scrollToItem(first, QListWidget.ScrollHint.PositionAtTop)
        self.ticked.emit()

    def ticked_friends(self) -> tuple[Friend, ...]:
        """The ticked friends, in the list's order (whether or not the card is addressed)."""
        return tuple(
            item.data(Qt.ItemDataRole.UserRole)
            for item in self._items()
            if item.checkState() == Qt.CheckState.Checked
        )

    def _items(self) -> list[QListWidgetItem]:
        found = (self.friends_list.item(i) for i in range(self.friends_list.count()))
        return [item for item in found if item is not None]
