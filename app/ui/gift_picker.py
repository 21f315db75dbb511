"""The composer's gift picker: a social gift card for the chosen occasion, its preview, its
editable Japanese alt text, and who it is for (an open card, or chosen friends).

The card is painted by :func:`app.ui.cards.render_image` from the gift's artwork, its
message and the recipients' names (a 年賀状 in 縦書き, portrait). The alt text starts as
:func:`app.core.gifts.default_alt` and follows the recipients until the user edits it.

Public API:

- :class:`GiftDraft` — what the composer's Draft carries: ``gift_key``, ``png``, ``alt``,
  ``recipients`` (Friend…; empty means an open card).
- :class:`GiftPicker` — ``set_occasion(key)``, ``select_gift(key)``, ``gift()``,
  ``await load_friends()``, ``choose_friends(user_ids)``, ``recipients()``, ``alt_text()``,
  ``gift_draft()``; signal ``changed()``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.core import gifts
from app.core.gifts import Gift
from app.core.models import Friend
from app.ui import cards

translate = QCoreApplication.translate  # the name lupdate recognises

log = logging.getLogger(__name__)

Friends = Callable[[], Awaitable[list[Friend]]]
CARD_SIZE = (1200, 800)
NENGA_SIZE = (800, 1200)  # a 年賀状 stands upright
PREVIEW_HEIGHT = 200


@dataclass(frozen=True, slots=True)
class GiftDraft:
    """A rendered gift card, ready to attach."""

    gift_key: str
    png: bytes = field(repr=False)
    alt: str
    recipients: tuple[Friend, ...] = ()  # empty: an open card


def recipients_name(friends: Iterable[Friend]) -> str:
    """The name on the card: 「ゆきさん」, 「ゆきさん、はるさん」, or 「みなさん」 for a crowd."""
    names = [(f.display_name or f.username).strip() for f in friends]
    names = [n for n in names if n]
    if len(names) == 1:
        return names[0]
    if 1 < len(names) <= 3:
        return "、".join(n if n.endswith(cards._HONORIFICS) else n + "さん" for n in names)
    return "みなさん" if names else ""


def _alt_name(friends: Iterable[Friend]) -> str:
    # default_alt adds 「さんへの」 itself: leave the last さん to it.
    name = recipients_name(friends)
    return name[:-2] if len(name) > 2 and name.endswith("さん") else name


class GiftPicker(QWidget):
    changed = Signal()

    def __init__(
        self,
        *,
        friends: Friends | None = None,
        today: Callable[[], dt.date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._friends_source = friends
        self._today = today
        self._gifts: list[Gift] = []
        self._alt_edited = False
        self._setting_alt = False
        self._friends_task: asyncio.Task[list[Friend]] | None = None
        self._build()
        self.set_occasion(None)

    def _build(self) -> None:
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.preview = QLabel(objectName="GiftPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFixedSize(QSize(PREVIEW_HEIGHT * 3 // 2, PREVIEW_HEIGHT))
        row.addWidget(self.preview)

        side = QVBoxLayout()
        self.combo = QComboBox(objectName="GiftCombo")
        self.combo.setAccessibleName(translate("GiftPicker", "Gift card"))
        self.combo.currentIndexChanged.connect(self._gift_changed)
        side.addWidget(self.combo)

        self.alt_label = QLabel(translate("GiftPicker", "Image description (alt text):"))
        side.addWidget(self.alt_label)
        self.alt_edit = QPlainTextEdit(objectName="GiftAlt")
        self.alt_edit.setTabChangesFocus(True)
        self.alt_edit.setAccessibleName(translate("GiftPicker", "Image description"))
        self.alt_edit.setFixedHeight(58)
        self.alt_edit.textChanged.connect(self._alt_changed)
        self.alt_label.setBuddy(self.alt_edit)
        side.addWidget(self.alt_edit)

        who = QHBoxLayout()
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
        side.addLayout(who)

        self.friends_list = QListWidget(objectName="GiftFriends")
        self.friends_list.setAccessibleName(translate("GiftPicker", "Friends to send the card to"))
        self.friends_list.setFixedHeight(64)
        self.friends_list.itemChanged.connect(self._recipients_changed)
        self.friends_list.setVisible(False)
        side.addWidget(self.friends_list)
        self.friends_status = QLabel(objectName="GiftFriendsStatus")
        self.friends_status.setWordWrap(True)
        self.friends_status.setVisible(False)
        side.addWidget(self.friends_status)
        side.addStretch(1)
        row.addLayout(side, 1)

    # -- gifts ---------------------------------------------------------------------------
    def set_occasion(self, occasion_key: str | None) -> None:
        """Offer the gifts of ``occasion_key`` (none without an occasion)."""
        current = self.gift()
        self._gifts = gifts.gifts_for(occasion_key) if occasion_key else []
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(translate("GiftPicker", "No gift card"), None)
        for gift in self._gifts:
            self.combo.addItem(gift.name_ja, gift.key)
        keep = self.combo.findData(current.key) if current is not None else -1
        self.combo.setCurrentIndex(max(keep, 0))
        self.combo.blockSignals(False)
        self.combo.setEnabled(bool(self._gifts))
        self._gift_changed()

    def offered(self) -> list[Gift]:
        return list(self._gifts)

    def select_gift(self, key: str | None) -> bool:
        index = 0 if key is None else self.combo.findData(key)
        if index < 0:
            return False
        self.combo.setCurrentIndex(index)
        return True

    def gift(self) -> Gift | None:
        index = self.combo.currentIndex() - 1
        return self._gifts[index] if 0 <= index < len(self._gifts) else None

    def _gift_changed(self, _index: int = 0) -> None:
        has = self.gift() is not None
        for widget in (self.alt_label, self.alt_edit, self.open_radio, self.chosen_radio):
            widget.setVisible(has)
        self.friends_list.setVisible(has and self.chosen_radio.isChecked())
        self.friends_status.setVisible(has and self.chosen_radio.isChecked())
        self._alt_edited = False
        self._refresh()
        if has and self.chosen_radio.isChecked():
            self._ensure_friends()

    # -- recipients ----------------------------------------------------------------------
    def _mode_changed(self, chosen: bool) -> None:
        has = self.gift() is not None
        self.friends_list.setVisible(has and chosen)
        self.friends_status.setVisible(has and chosen)
        if chosen:
            self._ensure_friends()
        self._recipients_changed()

    def _ensure_friends(self) -> None:
        if self.friends_list.count() or self._friends_task is not None:
            return
        if self._friends_source is None:
            self.friends_status.setText(
                translate("GiftPicker", "No account here can address friends.")
            )
            return
        self._friends_task = asyncio.ensure_future(self.load_friends())

    async def load_friends(self) -> list[Friend]:
        """Fill the list from ``friends()``; safe to await from tests and callers."""
        if self._friends_source is None:
            return []
        self.friends_status.setText(translate("GiftPicker", "Loading friends…"))
        try:
            found = list(await self._friends_source())
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the list is optional: say so and keep the open card
            log.warning("could not load friends: %s", type(exc).__name__)
            self.friends_status.setText(
                translate("GiftPicker", "Could not load your friends: %1").replace(
                    "%1", type(exc).__name__
                )
            )
            return []
        finally:
            self._friends_task = None
        self.friends_list.blockSignals(True)
        self.friends_list.clear()
        for friend in found:
            name = friend.display_name or friend.username
            item = QListWidgetItem(f"{name}  {friend.handle}")
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

    def choose_friends(self, user_ids: Iterable[str]) -> None:
        """Tick exactly these friends (by user id) and switch to “for chosen friends”."""
        wanted = set(user_ids)
        self.chosen_radio.setChecked(True)
        self.friends_list.blockSignals(True)
        for i in range(self.friends_list.count()):
            item = self.friends_list.item(i)
            friend: Friend = item.data(Qt.ItemDataRole.UserRole)
            item.setCheckState(
                Qt.CheckState.Checked if friend.user_id in wanted else Qt.CheckState.Unchecked
            )
        self.friends_list.blockSignals(False)
        self._recipients_changed()

    def for_chosen_friends(self) -> bool:
        return self.gift() is not None and self.chosen_radio.isChecked()

    def recipients(self) -> tuple[Friend, ...]:
        if not self.for_chosen_friends():
            return ()
        return tuple(
            self.friends_list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.friends_list.count())
            if self.friends_list.item(i).checkState() == Qt.CheckState.Checked
        )

    def _recipients_changed(self, *_: object) -> None:
        self._refresh()

    # -- alt text and preview ------------------------------------------------------------
    def alt_text(self) -> str:
        return self.alt_edit.toPlainText().strip()

    def _alt_changed(self) -> None:
        if not self._setting_alt:
            self._alt_edited = True  # from now on the user's words win
        self.changed.emit()

    def _render(self, gift: Gift, size: tuple[int, int]) -> QImage:
        return cards.render_image(
            gift,
            gift.message_ja,
            recipients_name(self.recipients()),
            "",
            vertical=gift.vertical,
            size=size,
            date_line=cards.default_date_line(self._today()) if gift.vertical else None,
        )

    def _refresh(self) -> None:
        gift = self.gift()
        if gift is None:
            self.preview.clear()
            self.preview.setText(translate("GiftPicker", "Choose an occasion to see its gifts."))
            self.preview.setWordWrap(True)
            self.changed.emit()
            return
        if not self._alt_edited:
            self._setting_alt = True
            self.alt_edit.setPlainText(
                gifts.default_alt(gift, _alt_name(self.recipients()), gift.message_ja)
            )
            self._setting_alt = False
        dpr = self.devicePixelRatioF()
        box = self.preview.size()
        size = NENGA_SIZE if gift.vertical else CARD_SIZE
        scale = min(box.width() / size[0], box.height() / size[1]) * dpr
        image = self._render(gift, (max(64, int(size[0] * scale)), max(64, int(size[1] * scale))))
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(dpr)
        self.preview.setPixmap(pixmap)
        self.preview.setToolTip(self.alt_text())
        self.changed.emit()

    def gift_draft(self) -> GiftDraft | None:
        """The chosen gift rendered full size, or None when no gift is chosen."""
        gift = self.gift()
        if gift is None:
            return None
        size = NENGA_SIZE if gift.vertical else CARD_SIZE
        png = cards.png_bytes(self._render(gift, size))
        alt = self.alt_text() or gifts.default_alt(
            gift, _alt_name(self.recipients()), gift.message_ja
        )
        return GiftDraft(gift.key, png, alt, self.recipients())
