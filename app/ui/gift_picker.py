"""The composer's gift picker: a social gift card for the chosen occasion — its message, who
it is from, who it is for — with a live preview and editable Japanese alt text per card.

One card per audience, because the two audiences must not see the same card:

- the public card is an OPEN card: the message and the sender, no recipient names;
- the friends card is addressed to the chosen friends (「ゆきさん、はるさんへ」) when the
  gift is “for chosen friends”, else it is the same open card.

The message starts as the gift's own card text (``message_ja`` in
``resources/gifts/catalogue.json``) and follows the chosen gift until the user changes it.
The sender name (“From”) is remembered in the profile's settings under
:data:`SENDER_KEY` when the composer is given them (``prefs``), and also fills the
templates' ``{sender}`` (the composer listens to :attr:`GiftPicker.senderChanged`). Each
card's alt text starts as :func:`app.core.gifts.default_alt` and follows the recipients,
the message and the sender until the user edits it.

Typing in the message or the sender re-renders the preview after a short pause
(:data:`PREVIEW_DELAY_MS`): the preview is small and painted on the GUI thread, so typing
never waits for it and a burst of keys costs one render. The full-size cards are painted
only by :meth:`GiftPicker.gift_draft`.

Public API:

- :class:`GiftCard`, :class:`GiftDraft` — the rendered cards a send carries (from
  :mod:`app.ui.gift_draft`, re-exported here).
- :class:`GiftPicker` — ``set_occasion(key)``, ``select_gift(key)``, ``gift()``,
  ``set_audiences(audiences)``, ``card_audiences()``, ``message()`` / ``set_message()``,
  ``sender_name()`` / ``set_sender_name()``, ``await load_friends()``,
  ``choose_friends(user_ids)`` (scrolls to the first ticked), ``recipients()`` (in the
  list's order: by display name, Japanese collation), ``recipient_name(audience)``,
  ``alt_text(audience=None)``, ``show_card(audience)``, ``refresh_now()``, ``problem()``,
  ``gift_draft()``, ``reset()``; signals ``changed()``, ``senderChanged(str)``,
  ``previewRendered()``.

The cards' data and the recipients' naming live in :mod:`app.ui.gift_draft`, the open /
chosen-friends choice in :mod:`app.ui.gift_friends`; the gifts come from the catalogues
(:mod:`app.services.catalogues`, the shipped ones unless given).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from app.core import gifts
from app.core.gifts import Gift
from app.core.models import Audience, Friend
from app.i18n import data_names
from app.services.catalogues import Catalogues, shipped
from app.ui import cards
from app.ui.gift_draft import (
    GiftCard,
    GiftDraft,
    Prefs,
    friends_in_display_order,
    recipients_name,
)
from app.ui.gift_friends import Friends, GiftFriends
from app.ui.theme import named

translate = QCoreApplication.translate  # the name lupdate recognises

log = logging.getLogger(__name__)

__all__ = [
    "GiftCard",
    "GiftDraft",
    "GiftPicker",
    "Prefs",
    "friends_in_display_order",
    "recipients_name",
]

CARD_SIZE = (1200, 800)
NENGA_SIZE = (800, 1200)  # a 年賀状 stands upright
PREVIEW_HEIGHT = 200
PREVIEW_DELAY_MS = 150  # a pause in typing this long re-renders the preview
SENDER_KEY = "prefs.sender_name"
MAX_SENDER_CHARS = 40
MAX_MESSAGE_CHARS = 200  # more would not be readable on a card
_ORDER = (Audience.PUBLIC, Audience.FRIENDS)


class GiftPicker(QWidget):
    changed = Signal()
    senderChanged = Signal(str)  # after a pause in typing, like the preview
    previewRendered = Signal()

    def __init__(
        self,
        *,
        friends: Friends | None = None,
        today: Callable[[], dt.date],
        prefs: Prefs | None = None,
        catalogues: Catalogues | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._catalogues = catalogues or shipped()
        self._today = today
        self._prefs = prefs
        self._gifts: list[Gift] = []
        self._audiences: frozenset[Audience] = frozenset({Audience.PUBLIC})
        self._alt_edited: dict[Audience, bool] = dict.fromkeys(_ORDER, False)
        self._setting = False  # text set by us, not typed by the user
        self._default_message = ""
        self._announced_sender = ""
        self._problem = ""
        self.preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self.preview_timer.timeout.connect(self._refresh)
        self._build(friends)
        saved = prefs.get(SENDER_KEY, "") if prefs is not None else ""
        if isinstance(saved, str) and saved.strip():
            self._setting = True
            self.sender_edit.setText(saved.strip()[:MAX_SENDER_CHARS])
            self._setting = False
        self._announced_sender = self.sender_name()
        self.set_occasion(None)

    def _build(self, friends: Friends | None) -> None:
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(self._build_preview())
        row.addLayout(self._build_words(), 1)
        row.addLayout(self._build_side(friends), 1)

    def _build_preview(self) -> QVBoxLayout:
        """The card tabs (public, friends) over a small preview of the card."""
        left = QVBoxLayout()
        self.card_tabs = named(QTabBar(), "GiftCardTabs")
        #: tab: the card that goes to the public circle
        self.card_tabs.addTab(translate("GiftPicker", "Public card"))
        #: tab: the card that goes to the friends circle
        self.card_tabs.addTab(translate("GiftPicker", "Friends card"))
        self.card_tabs.setTabToolTip(
            0, translate("GiftPicker", "The open card everyone sees: no names of friends")
        )
        self.card_tabs.setTabToolTip(
            1, translate("GiftPicker", "The card your friends see, addressed to those you tick")
        )
        self.card_tabs.setExpanding(False)
        self.card_tabs.currentChanged.connect(self._tab_changed)
        left.addWidget(self.card_tabs)
        self.preview = named(QLabel(), "GiftPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFixedSize(QSize(PREVIEW_HEIGHT * 3 // 2, PREVIEW_HEIGHT))
        left.addWidget(self.preview)
        left.addStretch(1)
        return left

    def _build_words(self) -> QVBoxLayout:
        """The gift, its message and who it is from."""
        words = QVBoxLayout()
        self.combo = named(QComboBox(), "GiftCombo")
        #: title of the gift card box in the composer
        self.combo.setAccessibleName(translate("GiftPicker", "Gift card"))
        self.combo.currentIndexChanged.connect(self._gift_changed)
        words.addWidget(self.combo)
        self.message_label = QLabel(translate("GiftPicker", "Message on the card:"))
        words.addWidget(self.message_label)
        self.message_edit = named(QPlainTextEdit(), "GiftMessage")
        self.message_edit.setTabChangesFocus(True)
        self.message_edit.setAccessibleName(translate("GiftPicker", "Message on the card"))
        self.message_edit.setFixedHeight(72)
        self.message_edit.textChanged.connect(self._message_changed)
        self.message_label.setBuddy(self.message_edit)
        words.addWidget(self.message_edit)
        # The card and its words are Japanese content (templates, artwork): say so to a
        # reader of another UI language rather than let it look untranslated.
        self.content_note = named(
            QLabel(
                translate(
                    "GiftPicker",
                    "The card and its message are in Japanese, as they are sent.",
                    "shown under the card's message in a UI that is not Japanese",
                )
            ),
            "GiftContentNote",
        )
        self.content_note.setWordWrap(True)
        self.content_note.setVisible(data_names.content_is_foreign())
        words.addWidget(self.content_note)
        sender_row = QHBoxLayout()
        #: label before the sender's name signed on the card (差出人)
        self.sender_label = QLabel(translate("GiftPicker", "From:"))
        sender_row.addWidget(self.sender_label)
        self.sender_edit = named(QLineEdit(), "GiftSender")
        self.sender_edit.setMaxLength(MAX_SENDER_CHARS)
        #: placeholder of the sender's name on the card
        self.sender_edit.setPlaceholderText(translate("GiftPicker", "Your name"))
        self.sender_edit.setAccessibleName(translate("GiftPicker", "Your name (From)"))
        self.sender_edit.setToolTip(
            translate("GiftPicker", "Signs the card and fills the greeting's sender line")
        )
        self.sender_edit.textChanged.connect(self._sender_changed)
        self.sender_label.setBuddy(self.sender_edit)
        sender_row.addWidget(self.sender_edit, 1)
        words.addLayout(sender_row)
        words.addStretch(1)
        return words

    def _build_side(self, friends: Friends | None) -> QVBoxLayout:
        """Each card's alt text, and who the card is for."""
        side = QVBoxLayout()
        self.alt_label = QLabel(translate("GiftPicker", "Image description (alt text):"))
        side.addWidget(self.alt_label)
        self.alt_stack = named(QStackedWidget(), "GiftAltStack")
        self.alt_edits: dict[Audience, QPlainTextEdit] = {}
        for audience, name in (
            (Audience.PUBLIC, translate("GiftPicker", "Public card description")),
            (Audience.FRIENDS, translate("GiftPicker", "Friends card description")),
        ):
            edit = named(QPlainTextEdit(), "GiftAlt")
            edit.setTabChangesFocus(True)
            edit.setAccessibleName(name)
            edit.textChanged.connect(lambda a=audience: self._alt_changed(a))
            self.alt_edits[audience] = edit
            self.alt_stack.addWidget(edit)
        # Five lines: the whole default description, measured in the UI font (a line of
        # Japanese runs a little taller than the font's line spacing).
        self.alt_stack.setFixedHeight((self.fontMetrics().lineSpacing() + 2) * 5 + 10)
        self.alt_label.setBuddy(self.alt_stack)
        side.addWidget(self.alt_stack)

        self.friends = GiftFriends(friends, self)
        self.open_radio, self.chosen_radio = self.friends.open_radio, self.friends.chosen_radio
        self.friends_list, self.friends_status = (
            self.friends.friends_list,
            self.friends.friends_status,
        )
        self.friends.modeChanged.connect(self._recipients_changed)
        self.friends.ticked.connect(self._recipients_changed)
        side.addWidget(self.friends)
        side.addStretch(1)
        return side

    # -- gifts ---------------------------------------------------------------------------
    def set_occasion(self, occasion_key: str | None) -> None:
        """Offer the gifts of ``occasion_key`` (none without an occasion)."""
        current = self.gift()
        self._gifts = self._catalogues.gifts_for(occasion_key) if occasion_key else []
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(translate("GiftPicker", "No gift card"), None)
        for gift in self._gifts:
            self.combo.addItem(data_names.gift_name(gift.name_ja, gift.name_en), gift.key)
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

    def reset(self) -> None:
        """After a send: no gift, and the next gift starts from its own message and alt text.
        The sender name and the chosen friends stay."""
        self._set_text(self.message_edit, "")
        self._default_message = ""
        self._alt_edited = dict.fromkeys(_ORDER, False)
        self.select_gift(None)

    def _gift_changed(self, _index: int = 0) -> None:
        gift = self.gift()
        has = gift is not None
        for widget in (self.message_label, self.message_edit, self.alt_label, self.alt_stack):
            widget.setVisible(has)
        if gift is not None:
            # The message follows the gift until the user makes it their own.
            current = self.message_edit.toPlainText()
            if not current.strip() or current == self._default_message:
                self._set_text(self.message_edit, gift.message_ja)
            self._default_message = gift.message_ja
        self._alt_edited = dict.fromkeys(_ORDER, False)
        self._update_tabs()
        self._refresh()
        self.friends.set_active(has)  # (loads the friends list when it is shown)

    # -- audiences and cards -------------------------------------------------------------
    def set_audiences(self, audiences: Iterable[Audience]) -> None:
        """The composer's chosen audiences: one card for each."""
        chosen = frozenset(audiences) or frozenset({Audience.PUBLIC})
        if chosen == self._audiences:
            return
        self._audiences = chosen
        self._update_tabs()
        self._refresh()

    def card_audiences(self) -> list[Audience]:
        """The audiences that get a card, public first."""
        return [a for a in _ORDER if a in self._audiences]

    def _update_tabs(self) -> None:
        both = len(self.card_audiences()) > 1
        self.card_tabs.setVisible(both and self.gift() is not None)
        shown = self.shown_audience()
        self.card_tabs.blockSignals(True)
        self.card_tabs.setCurrentIndex(_ORDER.index(shown))
        self.card_tabs.blockSignals(False)
        self.alt_stack.setCurrentWidget(self.alt_edits[shown])

    def shown_audience(self) -> Audience:
        """The audience whose card the preview shows (and whose alt text is on screen)."""
        offered = self.card_audiences()
        tab = _ORDER[self.card_tabs.currentIndex()] if self.card_tabs.currentIndex() >= 0 else None
        return tab if tab in offered else offered[0]

    def show_card(self, audience: Audience) -> None:
        """Preview ``audience``'s card (as clicking its tab does)."""
        if audience in self.card_audiences():
            self.card_tabs.setCurrentIndex(_ORDER.index(audience))

    def _tab_changed(self, _index: int) -> None:
        self._update_tabs()
        self._refresh()

    # -- message and sender --------------------------------------------------------------
    def message(self) -> str:
        return self.message_edit.toPlainText().strip()

    def set_message(self, text: str) -> None:
        """Put ``text`` on the card as the user would (it stays through gift changes)."""
        self.message_edit.setPlainText(text)

    def sender_name(self) -> str:
        return " ".join(self.sender_edit.text().split())

    def set_sender_name(self, name: str) -> None:
        self.sender_edit.setText(name)

    def _set_text(self, edit: QPlainTextEdit, text: str) -> None:
        if edit.toPlainText() == text:
            return
        self._setting = True
        try:
            edit.setPlainText(text)
        finally:
            self._setting = False

    def event(self, event: QEvent) -> bool:
        # On a screen of another pixel ratio the preview is rendered again, sharp there.
        if event.type() == QEvent.Type.DevicePixelRatioChange and self.gift() is not None:
            self.preview_timer.start()
        return super().event(event)

    def _message_changed(self) -> None:
        if self._setting:
            return
        self.preview_timer.start()  # restarts: one render after the user pauses
        self.changed.emit()

    def _sender_changed(self, _text: str) -> None:
        if self._setting:
            return
        self.preview_timer.start()
        self.changed.emit()

    def _remember_sender(self) -> None:
        sender = self.sender_name()
        if sender == self._announced_sender:
            return
        self._announced_sender = sender
        if self._prefs is not None:
            try:
                self._prefs.set(SENDER_KEY, sender)
            except Exception:  # a busy or read-only profile must not stop the typing
                log.warning("could not remember the sender name", exc_info=True)
        self.senderChanged.emit(sender)

    # -- recipients ----------------------------------------------------------------------
    async def load_friends(self) -> list[Friend]:
        """Fill the friends list; safe to await from tests and callers."""
        return await self.friends.load()

    def choose_friends(self, user_ids: Iterable[str]) -> None:
        """Tick exactly these friends (by user id) and switch to “for chosen friends”."""
        self.friends.choose(user_ids)

    def for_chosen_friends(self) -> bool:
        return self.gift() is not None and self.friends.chosen()

    def recipients(self) -> tuple[Friend, ...]:
        """The friends the card is addressed to, in the list's order (none: an open card)."""
        return self.friends.ticked_friends() if self.for_chosen_friends() else ()

    def recipient_name(self, audience: Audience) -> str:
        """The name on ``audience``'s card: never a friend's on the public card."""
        if audience is not Audience.FRIENDS:
            return ""
        return recipients_name(self.recipients())

    def _recipients_changed(self, *_: object) -> None:
        if Audience.FRIENDS in self._audiences and len(self.card_audiences()) > 1:
            # Ticking friends is about the friends card: show it.
            if self.for_chosen_friends():
                self.show_card(Audience.FRIENDS)
        self._refresh()

    # -- alt text and preview ------------------------------------------------------------
    def _default_alt(self, gift: Gift, audience: Audience) -> str:
        return gifts.default_alt(
            gift, self.recipient_name(audience), self.message(), self.sender_name()
        )

    def alt_text(self, audience: Audience | None = None) -> str:
        """The alt text of ``audience``'s card (default: the card on screen)."""
        audience = audience or self.shown_audience()
        gift = self.gift()
        if gift is None:
            return ""
        if self._alt_edited[audience]:
            return self.alt_edits[audience].toPlainText().strip()
        return self._default_alt(gift, audience)  # current even while a render waits

    def _alt_changed(self, audience: Audience) -> None:
        if not self._setting:
            self._alt_edited[audience] = True  # from now on the user's words win
        self.changed.emit()

    def problem(self) -> str:
        """Why the card cannot be sent as it is ("" when it can)."""
        if self.gift() is None:
            return ""
        if len(self.message()) > MAX_MESSAGE_CHARS:
            #: %1 the most characters a card message may have
            return translate(
                "GiftPicker", "The card's message is too long: at most %1 characters."
            ).replace("%1", str(MAX_MESSAGE_CHARS))
        return self._problem

    def _render(self, gift: Gift, audience: Audience, size: tuple[int, int]) -> QImage:
        return cards.render_image(
            gift,
            self.message(),
            self.recipient_name(audience),
            self.sender_name(),
            vertical=gift.vertical,
            size=size,
            date_line=cards.default_date_line(self._today()) if gift.vertical else None,
        )

    def refresh_now(self) -> None:
        """Render a preview that is waiting for the user to pause (tests, before sending)."""
        if self.preview_timer.isActive():
            self.preview_timer.stop()
            self._refresh()

    def _refresh(self) -> None:
        self.preview_timer.stop()
        self._remember_sender()
        gift = self.gift()
        if gift is None:
            self._problem = ""
            self.preview.clear()
            self.preview.setText(translate("GiftPicker", "Choose an occasion to see its gifts."))
            self.preview.setWordWrap(True)
            self.changed.emit()
            return
        for audience in _ORDER:
            if not self._alt_edited[audience]:
                self._set_text(self.alt_edits[audience], self._default_alt(gift, audience))
        dpr = self.devicePixelRatioF()
        box = self.preview.size()
        size = NENGA_SIZE if gift.vertical else CARD_SIZE
        scale = min(box.width() / size[0], box.height() / size[1]) * dpr
        small = (max(64, int(size[0] * scale)), max(64, int(size[1] * scale)))
        shown = self.shown_audience()
        try:
            image = self._render(gift, shown, small)
        except ValueError:  # a 年賀状's message too long for its columns
            self._problem = translate(
                "GiftPicker", "The message does not fit on this card: shorten it."
            )
            self.preview.clear()
            self.preview.setText(self._problem)
        else:
            self._problem = ""
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(dpr)
            self.preview.setPixmap(pixmap)
        self.preview.setToolTip(self.alt_text(shown))
        self.previewRendered.emit()
        self.changed.emit()

    def gift_draft(self) -> GiftDraft | None:
        """The chosen gift's cards rendered full size, one per audience, or None when no
        gift is chosen. Raises ValueError when the message does not fit the card."""
        gift = self.gift()
        if gift is None:
            return None
        size = NENGA_SIZE if gift.vertical else CARD_SIZE
        rendered: dict[str, bytes] = {}  # an open friends card is the public one again
        made: list[GiftCard] = []
        for audience in self.card_audiences():
            name = self.recipient_name(audience)
            if name not in rendered:
                rendered[name] = cards.png_bytes(self._render(gift, audience, size))
            made.append(
                GiftCard(
                    audience=audience,
                    png=rendered[name],
                    alt=self.alt_text(audience) or self._default_alt(gift, audience),
                    recipient=name,
                    filename=f"{gift.key}-{audience.value}.png",
                )
            )
        return GiftDraft(
            gift_key=gift.key,
            message=self.message(),
            sender=self.sender_name(),
            cards=tuple(made),
            recipients=self.recipients(),
        )
