"""The composer: audience toggles, an occasion with greeting templates and hashtag chips,
one text per audience (polite for the public, casual for friends), a live counter per
target, a gift card, a schedule, send, and one status line per target after sending.

It knows no network. ``targets(audiences)`` says where a post for those audiences would
go (with each target's limit). Sending calls the lead's coroutine: ``send_draft(Draft)``
when given (texts per audience, the rendered gift, the schedule), else the older
``send({audience: text})``; either reports progress through :meth:`Composer.update_target`.

Public API::

    Draft(texts, gift=None, at=None, occasion_key=None)      # what a send carries
    GiftDraft(gift_key, message, sender, cards, recipients)  # from app.ui.gift_picker:
                                                             # one GiftCard per audience
    Composer(*, targets, send=None, send_draft=None, friends=None, today=None,
             mourning=False, audiences={PUBLIC}, prefs=None, parent=None)
      .edit / .public_edit / .friends_edit                    # ComposeEdit editors
      .text() .texts() .set_text(text, audience=None) .set_texts({audience: text})
      .audiences() .set_audiences(...) .same_text() .set_same_text(on)
      .choose_occasion(key) .another_template() .insert_tag(tag) .set_mourning(on)
      .schedule_at(aware datetime | None) .scheduled_at() .draft() .send_now()
      .refresh_targets()   # ask targets() again: a server's limit may arrive late
      .recipient_name()    # who the friends text's {recipient} names (never the public's)
      .update_target(key, state, detail="", url=None, outbox_id=None, *, at=None)
      .target_states() .status_text(key) .counts() .wait_sent()
    signals: textEdited, sendFinished(bool), retryRequested(int), editRequested(int),
             discardRequested(int)

Counters: one per target, counted by :func:`app.core.counting.count` on committed text
plus the IME preedit, against the target's own limit and URL weight (the server's, once
its adapter has read it — the composer asks for its targets again while open). A text over
a limit turns Send off and says which network and account it is too long for.

Target states: "sending", "sent", "queued" (waiting — reason, will retry), "scheduled"
(scheduled for a time shown in Japan time, UI locale format), "failed". Failed and queued
lines that carry an outbox id get Retry / Edit / Discard buttons.

Keyboard: Ctrl+Enter / Ctrl+Return sends from either editor (⌘+Return on macOS, which Qt
maps to Control). Plain Enter never sends — it inserts a newline or confirms the IME
conversion — and while an IME composition is open nothing is intercepted at all. Text is
never rewritten in an editor that is composing, and it is only cleared once every target
has the post (or has it scheduled).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import logging
import sys
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QDateTime,
    QLocale,
    Qt,
    QTime,
    QTimeZone,
    Signal,
)
from PySide6.QtGui import (
    QFocusEvent,
    QInputMethodEvent,
    QKeyEvent,
    QShowEvent,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateTimeEdit,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.core import hashtags, templates
from app.core.counting import BLUESKY_MAX_BYTES, Count, count, utf8_bytes
from app.core.models import Audience, Friend
from app.core.occasions import NEW_YEAR_KEYS, Occasion, timing
from app.ui import theme
from app.ui.gift_picker import GiftDraft, GiftPicker, Prefs
from app.ui.occasion_picker import OccasionPicker, TagChips, occasion_name

translate = QCoreApplication.translate  # the name lupdate recognises

log = logging.getLogger(__name__)

TOKYO = ZoneInfo("Asia/Tokyo")
# Japan keeps no daylight saving time: a fixed +9 h zone shows Tokyo wall time exactly and
# does not depend on the system's zone database.
_QT_TOKYO = QTimeZone(9 * 3600)
SENDING, SENT, FAILED, QUEUED, SCHEDULED = "sending", "sent", "failed", "queued", "scheduled"
_DONE = frozenset({SENT, SCHEDULED})
_ACTIONABLE = frozenset({FAILED, QUEUED})
_ORDER = (Audience.PUBLIC, Audience.FRIENDS)

__all__ = ["ComposeEdit", "Composer", "Draft", "Friend", "GiftDraft", "TargetInfo"]


@dataclass(frozen=True, slots=True)
class TargetInfo:
    """One place a post goes: an account and the audience it is sent with."""

    key: str
    label: str  # e.g. "@me@sora"
    network: str  # "mastodon", "misskey", … (picks the counting rule)
    audience: Audience
    limit: int
    unit: str = ""  # "graphemes", "utf16", "weighted" (informative)
    # What one URL weighs on this server (Mastodon's characters_reserved_per_url);
    # None: the network's default (23 where URLs are weighed, in full elsewhere).
    url_weight: int | None = None


@dataclass(frozen=True, slots=True)
class Draft:
    """Everything one send carries."""

    texts: Mapping[Audience, str]  # one text per chosen audience (they may differ)
    gift: GiftDraft | None = None  # a card per audience; recipients empty = an open card
    at: dt.datetime | None = None  # aware; None = now
    occasion_key: str | None = None


Targets = Callable[[frozenset[Audience]], list[TargetInfo]]
Send = Callable[[dict[Audience, str]], Awaitable[None]]
SendDraft = Callable[[Draft], Awaitable[None]]
Friends = Callable[[], Awaitable[list[Friend]]]

_SEND_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
NETWORK_NAMES = {"x": "X", "mastodon": "Mastodon", "misskey": "Misskey", "bluesky": "Bluesky"}


def tokyo_today() -> dt.date:
    return dt.datetime.now(TOKYO).date()


class ComposeEdit(QPlainTextEdit):
    """A plain text editor that asks to send on Ctrl+Enter, and knows its IME preedit."""

    sendRequested = Signal()
    preeditChanged = Signal(str)
    focused = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._preedit = ""
        self.setTabChangesFocus(True)

    def preedit_text(self) -> str:
        """Text being composed in the IME, not yet in ``toPlainText()``."""
        if self._preedit:
            return self._preedit
        layout = self.textCursor().block().layout()
        return layout.preeditAreaText() if layout is not None else ""

    def composing(self) -> bool:
        return bool(self.preedit_text())

    def replace_text(self, text: str) -> None:
        """Replace everything as one undoable edit (``setPlainText`` would drop the undo)."""
        if text == self.toPlainText():
            return
        cursor = self.textCursor()
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        cursor.endEditBlock()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        self.setTextCursor(cursor)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        super().inputMethodEvent(event)
        preedit = event.preeditString()
        if preedit != self._preedit:
            self._preedit = preedit
            self.preeditChanged.emit(preedit)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focused.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (
            event.key() in _SEND_KEYS
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
            and not event.modifiers() & Qt.KeyboardModifier.AltModifier
            and not self.composing()
        ):
            event.accept()
            self.sendRequested.emit()
            return
        super().keyPressEvent(event)


class _Pane(QWidget):
    """One editor with its title and the counters of the targets it feeds."""

    def __init__(self, edit: ComposeEdit, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = edit
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.title = QLabel(title, objectName="PaneTitle")
        self.title.setBuddy(edit)
        layout.addWidget(self.title)
        layout.addWidget(edit, 1)
        self.counts = QHBoxLayout()
        self.counts.setSpacing(12)
        row = QHBoxLayout()
        row.addLayout(self.counts)
        row.addStretch(1)
        layout.addLayout(row)


def default_time(occasion: Occasion | None, today: dt.date) -> dt.datetime:
    """A sensible moment to send for ``occasion``: 0:00 on 1/1 for the New Year, 21:00 on
    Christmas Eve, else 9:00 on its first day; the next full hour when that is past."""
    if occasion is not None:
        if occasion.key in NEW_YEAR_KEYS:
            moment = dt.datetime(occasion.start.year, 1, 1, tzinfo=TOKYO)
        elif occasion.key == "christmas":
            moment = dt.datetime.combine(occasion.start, dt.time(21), tzinfo=TOKYO)
        else:
            moment = dt.datetime.combine(occasion.start, dt.time(9), tzinfo=TOKYO)
        if moment.date() > today:
            return moment
    now = dt.datetime.now(TOKYO)
    base = now if now.date() == today else dt.datetime.combine(today, dt.time(9), tzinfo=TOKYO)
    return base.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)


def format_tokyo(moment: dt.datetime) -> str:
    """``moment`` as Japan time in the UI locale's short format (「2026/12/24 21:00」)."""
    local = moment.astimezone(TOKYO)
    qdt = QDateTime(
        QDate(local.year, local.month, local.day), QTime(local.hour, local.minute), _QT_TOKYO
    )
    return QLocale().toString(qdt, QLocale.FormatType.ShortFormat)


class Composer(QDialog):
    textEdited = Signal()
    sendFinished = Signal(bool)  # True when every target has the post (or has it scheduled)
    retryRequested = Signal(int)  # outbox id
    editRequested = Signal(int)
    discardRequested = Signal(int)

    def __init__(
        self,
        *,
        targets: Targets,
        send: Send | None = None,
        send_draft: SendDraft | None = None,
        friends: Friends | None = None,
        today: Callable[[], dt.date] | None = None,
        mourning: bool = False,
        audiences: frozenset[Audience] = frozenset({Audience.PUBLIC}),
        prefs: Prefs | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``prefs`` (the profile's Store) remembers the sender name between sessions."""
        super().__init__(parent)
        if send is None and send_draft is None:
            raise TypeError("Composer needs send_draft= (or the older send=)")
        self._targets_for = targets
        self._send = send
        self._send_draft = send_draft
        self._today = today or tokyo_today
        self._targets: list[TargetInfo] = []
        self._counts: dict[str, Count] = {}
        self._states: dict[str, str] = {}
        self._status_labels: dict[str, QLabel] = {}
        self._status_rows: dict[str, QWidget] = {}
        self._count_labels: dict[str, QLabel] = {}
        self._names: dict[str, str] = {}  # target key → label, kept after the targets change
        self._target_audience: dict[str, Audience] = {}
        self._last_draft: Draft | None = None
        self._template_index = 0
        self._last_editor: ComposeEdit | None = None
        self._task: asyncio.Task[None] | None = None
        self._prefs = prefs
        self._filled: dict[Audience, str] = {}  # the template texts as last filled
        self._filled_recipient = ""  # the friends' names those texts were filled with
        self.setModal(False)
        self.setObjectName("Composer")
        self.setWindowTitle(translate("Composer", "New post"))
        self.setStyleSheet(theme.COMPOSER_STYLE + _EXTRA_STYLE)
        self.resize(900, 700)
        self._build(friends, mourning)
        self.set_audiences(audiences or frozenset({Audience.PUBLIC}))

    # -- layout --------------------------------------------------------------------------
    def _build(self, friends: Friends | None, mourning: bool) -> None:
        outer = QVBoxLayout(self)

        row = QHBoxLayout()
        row.addWidget(QLabel(translate("Composer", "Send to:")))
        self.public_button = self._audience_button(translate("Composer", "Public"), Audience.PUBLIC)
        self.friends_button = self._audience_button(
            translate("Composer", "Friends"), Audience.FRIENDS
        )
        self.public_button.setToolTip(translate("Composer", "Everyone can read it"))
        self.friends_button.setToolTip(translate("Composer", "Only your friends can read it"))
        row.addWidget(self.public_button)
        row.addWidget(self.friends_button)
        row.addSpacing(16)
        self.occasion_picker = OccasionPicker(today=self._today, mourning=mourning, parent=self)
        self.occasion_picker.occasionChosen.connect(self._occasion_chosen)
        self.occasion_picker.anotherRequested.connect(self.another_template)
        row.addWidget(self.occasion_picker, 1)
        outer.addLayout(row)

        self.friends_hint = QWidget(objectName="FriendsHintRow")
        hint = QHBoxLayout(self.friends_hint)
        hint.setContentsMargins(0, 0, 0, 0)
        lock = QLabel()
        lock.setPixmap(theme.lock_pixmap(14, dpr=self.devicePixelRatioF()))
        hint.addWidget(lock)
        self.friends_hint_label = QLabel(
            translate("Composer", "Only your friends will see this"), objectName="FriendsHint"
        )
        hint.addWidget(self.friends_hint_label, 1)
        outer.addWidget(self.friends_hint)

        self.public_edit = self._editor(translate("Composer", "Public post text"))
        self.friends_edit = self._editor(translate("Composer", "Friends post text"))
        self.public_pane = _Pane(self.public_edit, translate("Composer", "Public (polite)"))
        self.friends_pane = _Pane(self.friends_edit, translate("Composer", "Friends (casual)"))
        self.friends_pane.title.setObjectName("PaneTitleFriends")
        editors = QHBoxLayout()
        editors.addWidget(self.public_pane, 1)
        editors.addWidget(self.friends_pane, 1)
        outer.addLayout(editors, 1)
        # Why Send is off when a text is over a network's limit, naming the network.
        self.limit_hint = QLabel(objectName="LimitHint")
        self.limit_hint.setWordWrap(True)
        self.limit_hint.setVisible(False)
        outer.addWidget(self.limit_hint)

        options = QHBoxLayout()
        self.same_text_box = QCheckBox(translate("Composer", "Same text for both"))
        self.same_text_box.setToolTip(
            translate("Composer", "Send one text to the public and to friends")
        )
        self.same_text_box.setChecked(True)
        self.same_text_box.toggled.connect(self._same_text_toggled)
        options.addWidget(self.same_text_box)
        self.tag_chips = TagChips(self)
        self.tag_chips.tagClicked.connect(self.insert_tag)
        options.addWidget(self.tag_chips, 1)
        outer.addLayout(options)

        self.gift_box = QGroupBox(translate("Composer", "Gift card"), objectName="GiftBox")
        gift_layout = QVBoxLayout(self.gift_box)
        self.gift_picker = GiftPicker(
            friends=friends, today=self._today, prefs=self._prefs, parent=self.gift_box
        )
        self.gift_picker.changed.connect(self._recount)
        self.gift_picker.changed.connect(self._gift_changed)
        self.gift_picker.senderChanged.connect(self._sender_changed)
        self.gift_picker.combo.currentIndexChanged.connect(self._update_chips)
        gift_layout.addWidget(self.gift_picker)
        self.gift_hint = QLabel(objectName="GiftHint")
        self.gift_hint.setWordWrap(True)
        self.gift_hint.setVisible(False)
        gift_layout.addWidget(self.gift_hint)
        outer.addWidget(self.gift_box)

        when = QHBoxLayout()
        when.addWidget(QLabel(translate("Composer", "When:")))
        self.now_radio = QRadioButton(translate("Composer", "Send now"))
        self.at_radio = QRadioButton(translate("Composer", "At"))
        group = QButtonGroup(self)
        group.addButton(self.now_radio)
        group.addButton(self.at_radio)
        self.now_radio.setChecked(True)
        self.at_edit = QDateTimeEdit(objectName="ScheduleEdit")
        self.at_edit.setTimeZone(_QT_TOKYO)
        self.at_edit.setCalendarPopup(True)
        self.at_edit.setAccessibleName(translate("Composer", "Send at (Japan time)"))
        self.at_edit.setDisplayFormat(
            QLocale().dateTimeFormat(QLocale.FormatType.ShortFormat).replace(":ss", "")
        )
        self.at_edit.setEnabled(False)
        self.at_radio.toggled.connect(self._schedule_toggled)
        self._set_at_edit(default_time(None, self._today()))
        when.addWidget(self.now_radio)
        when.addWidget(self.at_radio)
        when.addWidget(self.at_edit)
        when.addWidget(QLabel(translate("Composer", "Japan time"), objectName="ZoneLabel"))
        when.addStretch(1)
        outer.addLayout(when)
        # A greeting sent after its window (or, for some, before it): say so, and what
        # people send instead. A hint only: the user may have rewritten the text.
        self.timing_hint = QLabel(objectName="TimingHint")
        self.timing_hint.setWordWrap(True)
        self.timing_hint.setVisible(False)
        outer.addWidget(self.timing_hint)
        self.at_edit.dateTimeChanged.connect(self._update_timing)
        self.at_radio.toggled.connect(self._update_timing)
        self.occasion_picker.midnight.dayChanged.connect(self._update_timing)

        bottom = QHBoxLayout()
        bottom.addStretch(1)
        self.close_button = QPushButton(translate("Composer", "Close"), objectName="CloseButton")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.close)
        bottom.addWidget(self.close_button)
        self.send_button = QPushButton(translate("Composer", "Send"), objectName="SendButton")
        # Enter in the editor must never press a default button.
        self.send_button.setAutoDefault(False)
        self._shortcut = (
            translate("Composer", "⌘+Return")
            if sys.platform == "darwin"
            else translate("Composer", "Ctrl+Enter")
        )
        self.send_button.setToolTip(
            translate("Composer", "Send (%1)").replace("%1", self._shortcut)
        )
        self.send_button.clicked.connect(self.send_now)
        bottom.addWidget(self.send_button)
        outer.addLayout(bottom)

        self.no_targets_label = QLabel(objectName="NoTargets")
        self.no_targets_label.setWordWrap(True)
        self.no_targets_label.setVisible(False)
        outer.addWidget(self.no_targets_label)

        self.status_box = QWidget(objectName="StatusBox")
        self.status_layout = QVBoxLayout(self.status_box)
        self.status_layout.setContentsMargins(0, 4, 0, 0)
        self.summary_label = QLabel(objectName="SendSummary")
        self.summary_label.setWordWrap(True)
        self.status_layout.addWidget(self.summary_label)
        self.status_box.setVisible(False)
        outer.addWidget(self.status_box)

    def _editor(self, accessible: str) -> ComposeEdit:
        edit = ComposeEdit(self)
        edit.setObjectName("ComposeEdit")
        edit.setPlaceholderText(translate("Composer", "What would you like to share?"))
        edit.setAccessibleName(accessible)
        edit.textChanged.connect(self._text_changed)
        edit.preeditChanged.connect(self._recount)
        edit.sendRequested.connect(self.send_now)
        edit.focused.connect(lambda e=edit: setattr(self, "_last_editor", e))
        return edit

    def _audience_button(self, text: str, audience: Audience) -> QPushButton:
        button = QPushButton(text, objectName="AudienceButton")
        button.setCheckable(True)
        button.setAutoDefault(False)
        button.setProperty("audience", audience.value)
        button.toggled.connect(lambda on, b=button: self._audience_toggled(b, on))
        return button

    # -- audiences and editors -----------------------------------------------------------
    def audiences(self) -> frozenset[Audience]:
        chosen = set()
        if self.public_button.isChecked():
            chosen.add(Audience.PUBLIC)
        if self.friends_button.isChecked():
            chosen.add(Audience.FRIENDS)
        return frozenset(chosen)

    def set_audiences(self, audiences: frozenset[Audience] | set[Audience]) -> None:
        if not audiences:
            raise ValueError("at least one audience must be chosen")
        for button, audience in (
            (self.public_button, Audience.PUBLIC),
            (self.friends_button, Audience.FRIENDS),
        ):
            button.blockSignals(True)
            button.setChecked(audience in audiences)
            button.blockSignals(False)
        self._audiences_changed()

    def _audience_toggled(self, button: QPushButton, on: bool) -> None:
        if not on and not self.audiences():
            # The last audience cannot be switched off: a post must go somewhere.
            button.blockSignals(True)
            button.setChecked(True)
            button.blockSignals(False)
        self._audiences_changed()

    def same_text(self) -> bool:
        return self.same_text_box.isChecked()

    def set_same_text(self, on: bool) -> None:
        self.same_text_box.setChecked(on)

    def _same_text_toggled(self, on: bool) -> None:
        if not on and not self.friends_edit.toPlainText().strip():
            # Splitting starts from the shared text, so friends do not get an empty box.
            self.friends_edit.replace_text(self.public_edit.toPlainText())
        self._audiences_changed()

    def editor_for(self, audience: Audience) -> ComposeEdit:
        """The editor whose text goes to ``audience`` (the shared one in “same text” mode)."""
        if audience is Audience.FRIENDS and not self.same_text():
            return self.friends_edit
        return self.public_edit

    def editors(self) -> list[ComposeEdit]:
        """The editors on screen, public first."""
        found: list[ComposeEdit] = []
        for audience in _ORDER:
            if audience in self.audiences() and self.editor_for(audience) not in found:
                found.append(self.editor_for(audience))
        return found

    @property
    def edit(self) -> ComposeEdit:
        """The first editor on screen (the only one with one audience or one shared text)."""
        shown = self.editors()
        return shown[0] if shown else self.public_edit

    def _audiences_changed(self) -> None:
        audiences = self.audiences()
        both = audiences == frozenset(_ORDER)
        self.friends_hint.setVisible(audiences == frozenset({Audience.FRIENDS}))
        self.same_text_box.setVisible(both)
        shown = self.editors()
        self.public_pane.setVisible(self.public_edit in shown)
        self.friends_pane.setVisible(self.friends_edit in shown)
        split = len(shown) > 1
        self.public_pane.title.setVisible(split)
        self.friends_pane.title.setVisible(split)
        self._targets = self._targets_for(audiences)
        for pane in (self.public_pane, self.friends_pane):
            while pane.counts.count():
                item = pane.counts.takeAt(0)
                if item.widget() is not None:
                    item.widget().deleteLater()
        self._count_labels = {}
        for target in self._targets:
            self._names[target.key] = target.label
            self._target_audience[target.key] = target.audience
            label = QLabel(objectName="TargetCount")
            self._count_labels[target.key] = label
            pane = (
                self.public_pane
                if self.editor_for(target.audience) is self.public_edit
                else (self.friends_pane)
            )
            pane.counts.addWidget(label)
        if self._targets:
            self.no_targets_label.setVisible(False)
        else:
            self.no_targets_label.setText(
                translate("Composer", "No signed-in account can post to this audience.")
            )
            self.no_targets_label.setVisible(True)
        self.gift_picker.set_audiences(audiences)  # one card per audience
        self._recount()

    # -- text and counting ---------------------------------------------------------------
    def text(self) -> str:
        """The text of the first editor on screen (see :meth:`texts` for every audience)."""
        return self.edit.toPlainText()

    def texts(self) -> dict[Audience, str]:
        """The text each chosen audience would get."""
        return {a: self.editor_for(a).toPlainText() for a in _ORDER if a in self.audiences()}

    def set_text(self, text: str, audience: Audience | None = None) -> None:
        """Set the text of ``audience``'s editor, or of every editor when None."""
        targets = (
            [self.public_edit, self.friends_edit]
            if audience is None
            else [self.editor_for(audience)]
        )
        for edit in targets:
            edit.setPlainText(text)
            cursor = edit.textCursor()
            cursor.movePosition(cursor.MoveOperation.End)
            edit.setTextCursor(cursor)

    def set_texts(self, texts: Mapping[Audience, str]) -> None:
        """Load texts per audience; different texts turn “same text for both” off."""
        if len(set(texts.values())) > 1:
            self.set_same_text(False)
        for audience, text in texts.items():
            self.set_text(text, audience)

    def counts(self) -> dict[str, Count]:
        return dict(self._counts)

    def _text_changed(self) -> None:
        if not self.refresh_targets():  # (a refresh counts again itself)
            self._recount()
        self.textEdited.emit()

    def refresh_targets(self) -> bool:
        """Ask ``targets`` again; True when they changed (a server's own limit arrived
        after the composer opened, an account came or went) and the counters were rebuilt.
        Called while typing, when shown, and by the main window when it knows more (an
        account attached, a column's first page in with its server's limits)."""
        if self._targets_for(self.audiences()) == self._targets:
            return False
        self._audiences_changed()
        return True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh_targets()

    def _too_long(self, target: TargetInfo, text: str, c: Count) -> str:
        """「Too long for Mastodon (@me@sora): 600 of 500…」: naming the network."""
        network = NETWORK_NAMES.get(target.network, target.network)
        if c.used <= c.limit and target.network == "bluesky":  # the byte cap, not graphemes
            return (
                translate("Composer", "Too long for %1 (%2): %3 of %4 bytes. Shorten it to send.")
                .replace("%1", network)
                .replace("%2", target.label)
                .replace("%3", str(utf8_bytes(text)))
                .replace("%4", str(BLUESKY_MAX_BYTES))
            )
        return (
            translate("Composer", "Too long for %1 (%2): %3 of %4. Shorten it to send.")
            .replace("%1", network)
            .replace("%2", target.label)
            .replace("%3", str(c.used))
            .replace("%4", str(c.limit))
        )

    def _recount(self, *_: object) -> None:
        self._counts = {}
        too_long: list[str] = []
        for target in self._targets:
            edit = self.editor_for(target.audience)
            # Count what the reader will see once the IME conversion is confirmed.
            text = edit.toPlainText() + edit.preedit_text()
            c = count(text, target.network, target.limit, target.url_weight)
            self._counts[target.key] = c
            label = self._count_labels[target.key]
            label.setText(f"{target.label} {c.used}/{c.limit}")
            over = not c.fits
            if label.property("over") != over:
                label.setProperty("over", over)
                label.style().unpolish(label)
                label.style().polish(label)
            if over:
                too_long.append(self._too_long(target, text, c))
                label.setToolTip(too_long[-1])
            else:
                label.setToolTip(
                    translate("Composer", "%1 characters left").replace("%1", str(c.remaining))
                )
            label.setAccessibleName(label.text())
        self.limit_hint.setText("\n".join(too_long))
        self.limit_hint.setVisible(bool(too_long))
        problem = self._gift_problem()
        self.gift_hint.setText(problem)
        self.gift_hint.setVisible(bool(problem))
        self.send_button.setEnabled(self.can_send())

    def _gift_problem(self) -> str:
        card = self.gift_picker.problem()
        if card:
            return card
        if not self.gift_picker.for_chosen_friends():
            return ""
        if Audience.FRIENDS not in self.audiences():
            return translate(
                "Composer", "A card for chosen friends goes to your friends: turn on Friends."
            )
        if not self.gift_picker.recipients():
            return translate("Composer", "Tick at least one friend, or make it an open card.")
        return ""

    def can_send(self) -> bool:
        texts = self.texts()
        return (
            bool(texts)
            and all(t.strip() for t in texts.values())
            and bool(self._targets)
            and all(c.fits for c in self._counts.values())
            and not self._gift_problem()
            and not self.sending()
        )

    # -- occasions, templates and tags ---------------------------------------------------
    def set_mourning(self, on: bool) -> None:
        """喪中: celebratory occasions are no longer offered."""
        self.occasion_picker.set_mourning(on)

    def choose_occasion(self, key: str | None) -> bool:
        """Pick an occasion by key (as the combo would); False when it is not offered."""
        return self.occasion_picker.select(key)

    def occasion(self) -> Occasion | None:
        return self.occasion_picker.current()

    def _occasion_chosen(self, occasion: Occasion | None) -> None:
        self._template_index = 0
        self.gift_picker.set_occasion(occasion.key if occasion else None)
        self._update_chips()
        self._update_timing()
        if occasion is None:
            return
        self._fill_templates(occasion)
        if not self.at_radio.isChecked():
            self._set_at_edit(default_time(occasion, self._today()))

    def another_template(self) -> None:
        occasion = self.occasion()
        if occasion is not None:
            self._template_index += 1
            self._fill_templates(occasion)

    def recipient_name(self) -> str:
        """Who the friends text's ``{recipient}`` names: the friends ticked for the gift
        card (「ゆき、はる」), or "" when the card is open. Never used for the public text."""
        return templates.friends_address(
            [f.display_name or f.username for f in self.gift_picker.recipients()]
        )

    def _render_template(self, occasion: Occasion, audience: Audience) -> str:
        entry = templates.default_catalogue().get(occasion.template_key or occasion.key)
        choices = entry.polite if audience is Audience.PUBLIC else entry.casual
        template = choices[self._template_index % len(choices)]
        text = templates.render(
            template,
            occasion=occasion,
            today=self._today(),
            # The public text goes to everyone: it never names the friends.
            recipient=self.recipient_name() if audience is Audience.FRIENDS else "",
            sender=self.gift_picker.sender_name(),
        )
        return hashtags.append_tags(text, occasion.tags)

    def _fill_templates(self, occasion: Occasion, only: Audience | None = None) -> None:
        """Fill both texts (or ``only`` one) from the occasion's current template."""
        audiences = _ORDER if only is None else (only,)
        filled = {audience: self._render_template(occasion, audience) for audience in audiences}
        # Two registers, two texts: the public gets the polite one, friends the casual one.
        self.set_same_text(False)
        self._filled_recipient = self.recipient_name()
        for audience, text in filled.items():
            edit = self.editor_for(audience)
            if not edit.composing():  # never rewrite text under an open IME composition
                edit.replace_text(text)
                self._filled[audience] = text

    def send_day(self) -> dt.date:
        """The Tokyo date the post would go out: the scheduled one, else today."""
        at = self.scheduled_at()
        return at.astimezone(TOKYO).date() if at is not None else self._today()

    def timing_problem(self) -> str:
        """Why the chosen occasion's greeting does not suit the send day ("" when it does)."""
        occasion = self.occasion()
        if occasion is None:
            return ""
        day = self.send_day()
        found = timing(occasion, day, mourning=self.occasion_picker.mourning())
        if found is None:
            return ""
        when = QLocale().toString(
            QDate(day.year, day.month, day.day), QLocale.FormatType.ShortFormat
        )
        name = occasion_name(occasion)
        if found.state == "early":
            text = translate(
                "Composer", "%1 has not begun on %2: this greeting would come too early."
            )
        elif found.instead is not None:
            text = translate(
                "Composer", "%1 is over on %2: people send %3 instead (choose it under Occasion)."
            ).replace("%3", occasion_name(found.instead))
        else:
            text = translate("Composer", "%1 is over on %2: this greeting would come late.")
        return text.replace("%1", name).replace("%2", when)

    def _update_timing(self, *_: object) -> None:
        problem = self.timing_problem()
        self.timing_hint.setText(problem)
        self.timing_hint.setVisible(bool(problem))

    def _gift_changed(self) -> None:
        """The friends ticked for the card fill the friends text's ``{recipient}`` line
        again — only when that text is as it was filled (the user's words win)."""
        occasion = self.occasion()
        if occasion is None or self.same_text() or Audience.FRIENDS not in self._filled:
            return
        if self.recipient_name() == self._filled_recipient:
            return
        if self.friends_edit.composing():
            return  # never under an open IME composition; the next change tries again
        if self.friends_edit.toPlainText() != self._filled[Audience.FRIENDS]:
            return
        self._fill_templates(occasion, only=Audience.FRIENDS)

    def _sender_changed(self, _sender: str) -> None:
        """A new sender name fills the templates' {sender} line again — only in texts the
        user has not changed since they were filled."""
        occasion = self.occasion()
        if occasion is None or self.same_text():
            return
        untouched = [a for a, t in self._filled.items() if self.editor_for(a).toPlainText() == t]
        if not untouched or len(untouched) < len(self._filled):
            return  # the user wrote something of their own: leave every text alone
        self._fill_templates(occasion)

    def _update_chips(self, *_: object) -> None:
        tags: list[str] = []
        occasion = self.occasion()
        if occasion is not None:
            tags.extend(occasion.tags)
        gift = self.gift_picker.gift()
        if gift is not None:
            tags.extend(gift.tags)
        self.tag_chips.set_tags([t for t in tags if hashtags.is_safe_tag(t)])

    def insert_tag(self, tag: str) -> None:
        """Add ``#tag`` on the last line (the safe rule) of the editor last typed in, or of
        every editor on screen when none has been."""
        shown = self.editors()
        chosen = [self._last_editor] if self._last_editor in shown else shown
        for edit in chosen:
            if edit is not None and not edit.composing():
                edit.replace_text(hashtags.append_tags(edit.toPlainText(), [tag]))

    # -- schedule ------------------------------------------------------------------------
    def _set_at_edit(self, moment: dt.datetime) -> None:
        local = moment.astimezone(TOKYO)
        self.at_edit.setDateTime(
            QDateTime(
                QDate(local.year, local.month, local.day),
                QTime(local.hour, local.minute, local.second),  # a set time keeps its seconds
                _QT_TOKYO,
            )
        )

    def schedule_at(self, moment: dt.datetime | None) -> None:
        """Send at ``moment`` (aware), or now when None."""
        if moment is None:
            self.now_radio.setChecked(True)
            return
        if moment.tzinfo is None:
            raise ValueError("a schedule needs an aware datetime")
        self._set_at_edit(moment)
        self.at_radio.setChecked(True)

    def scheduled_at(self) -> dt.datetime | None:
        """The chosen moment as an aware datetime in Asia/Tokyo, or None for “now”."""
        if not self.at_radio.isChecked():
            return None
        seconds = self.at_edit.dateTime().toSecsSinceEpoch()
        return dt.datetime.fromtimestamp(seconds, dt.UTC).astimezone(TOKYO)

    def _schedule_toggled(self, _on: object) -> None:
        at = self.at_radio.isChecked()
        self.at_edit.setEnabled(at)
        self.send_button.setText(
            translate("Composer", "Schedule") if at else translate("Composer", "Send")
        )

    # -- sending -------------------------------------------------------------------------
    def draft(self) -> Draft:
        """What Send would send now (renders the gift card at full size)."""
        occasion = self.occasion()
        return Draft(
            texts=self.texts(),
            gift=self.gift_picker.gift_draft(),
            at=self.scheduled_at(),
            occasion_key=occasion.key if occasion else None,
        )

    def sending(self) -> bool:
        return self._task is not None and not self._task.done()

    def send_now(self) -> None:
        self.gift_picker.refresh_now()  # the card as typed, even within the typing pause
        if not self.can_send():
            return
        draft = self.draft()
        self._last_draft = draft
        self._reset_statuses()
        for target in self._targets:
            self.update_target(target.key, SENDING, "", None)
        self.summary_label.clear()
        self.status_box.setVisible(True)
        self._task = asyncio.ensure_future(self._run(draft))
        self.send_button.setEnabled(False)

    async def _run(self, draft: Draft) -> None:
        try:
            if self._send_draft is not None:
                await self._send_draft(draft)
            else:
                assert self._send is not None
                await self._send(dict(draft.texts))
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the lead's send failed as a whole: say so, keep the text
            log.exception("sending failed")
            reason = translate("Composer", "Unexpected error: %1").replace("%1", type(exc).__name__)
            for key, state in self._states.items():
                if state not in _DONE:
                    self.update_target(key, FAILED, reason, None)
        finally:
            self._task = None
        ok = bool(self._states) and all(s in _DONE for s in self._states.values())
        if ok:
            self.summary_label.setText(translate("Composer", "Sent to every target."))
            # Clear only what nobody changed meanwhile.
            sent = {self.editor_for(a): t for a, t in draft.texts.items()}
            for edit, text in sent.items():
                if edit.toPlainText() == text:
                    edit.clear()
            if draft.gift is not None:
                self.gift_picker.reset()
            self.schedule_at(None)
        else:
            self.summary_label.setText(
                translate(
                    "Composer", "Not everything was sent. Your text is kept: edit it or send again."
                )
            )
        self.send_button.setEnabled(self.can_send())
        self.sendFinished.emit(ok)

    async def wait_sent(self) -> None:
        """For callers that need to wait for the send in flight (tests, shutdown)."""
        task = self._task
        if task is not None:
            await asyncio.gather(task, return_exceptions=True)

    def _reset_statuses(self) -> None:
        for row in self._status_rows.values():
            self.status_layout.removeWidget(row)
            row.deleteLater()
        self._status_rows.clear()
        self._status_labels.clear()
        self._states.clear()

    def _status_row(self, key: str) -> QLabel:
        label = self._status_labels.get(key)
        if label is not None:
            return label
        row = QWidget(objectName="TargetStatusRow")
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel(objectName="TargetStatus")
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setOpenExternalLinks(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        layout.addWidget(label, 1)
        for name, text, tip in (
            ("RetryButton", translate("Composer", "Retry"), translate("Composer", "Try again now")),
            (
                "EditButton",
                translate("Composer", "Edit"),
                translate("Composer", "Put this text back in the editor"),
            ),
            (
                "DiscardButton",
                translate("Composer", "Discard"),
                translate("Composer", "Do not send to this account"),
            ),
        ):
            button = QPushButton(text, objectName=name)
            button.setAutoDefault(False)
            button.setToolTip(tip)
            button.setVisible(False)
            button.clicked.connect(lambda _=False, k=key, n=name: self._action(k, n))
            layout.addWidget(button)
        self._status_labels[key] = label
        self._status_rows[key] = row
        self.status_layout.addWidget(row)
        self.status_box.setVisible(True)
        return label

    def status_buttons(self, key: str) -> dict[str, QPushButton]:
        """The Retry / Edit / Discard buttons of a target's line, by "retry", "edit", "discard"."""
        row = self._status_rows.get(key)
        if row is None:
            return {}
        return {
            name: row.findChild(QPushButton, f"{name.capitalize()}Button")
            for name in ("retry", "edit", "discard")
        }

    def _action(self, key: str, name: str) -> None:
        outbox_id = self._status_rows[key].property("outbox_id")
        if outbox_id is None:
            return
        if name == "RetryButton":
            for button in self.status_buttons(key).values():
                button.setEnabled(False)  # until the outbox reports again
            self.retryRequested.emit(int(outbox_id))
        elif name == "EditButton":
            self._edit_target(key)
            self.editRequested.emit(int(outbox_id))
        else:
            for button in self.status_buttons(key).values():
                button.setVisible(False)
            label = self._status_labels[key]
            label.setText(
                translate("Composer", "%1: discarded").replace(
                    "%1", html.escape(self._label_of(key))
                )
            )
            self._states[key] = "discarded"
            self.discardRequested.emit(int(outbox_id))

    def _edit_target(self, key: str) -> None:
        audience = self._target_audience.get(key)
        draft = self._last_draft
        if audience is None or draft is None or audience not in draft.texts:
            return
        if audience not in self.audiences():
            self.set_audiences(self.audiences() | {audience})
        if len(set(draft.texts.values())) > 1 or not self.same_text():
            self.set_same_text(False)
        edit = self.editor_for(audience)
        if not edit.composing():
            edit.replace_text(draft.texts[audience])
        edit.setFocus()

    def update_target(
        self,
        key: str,
        state: str,
        detail: str = "",
        url: str | None = None,
        outbox_id: int | None = None,
        *,
        at: dt.datetime | None = None,
    ) -> None:
        """Progress of one target: "sending" | "sent" | "queued" | "scheduled" | "failed".

        ``detail`` is the reason (failed, queued); ``at`` the time of a schedule (else the
        last draft's); ``outbox_id`` enables the line's Retry / Edit / Discard buttons.
        """
        self._states[key] = state
        label = self._status_row(key)
        row = self._status_rows[key]
        if outbox_id is not None:
            row.setProperty("outbox_id", int(outbox_id))
        name = html.escape(self._label_of(key))
        reason = html.escape(detail) if detail else translate("Composer", "unknown reason")
        if state == SENDING:
            line = translate("Composer", "%1: sending…").replace("%1", name)
        elif state == SENT:
            line = translate("Composer", "%1: sent").replace("%1", name)
            if url and url.startswith(("http://", "https://")):
                open_text = translate("Composer", "open")
                line += f' — <a href="{html.escape(url, quote=True)}">{open_text}</a>'
        elif state == QUEUED:
            line = (
                translate("Composer", "%1: waiting — %2, will retry")
                .replace("%1", name)
                .replace("%2", reason)
            )
        elif state == SCHEDULED:
            moment = at or (self._last_draft.at if self._last_draft else None)
            when = html.escape(format_tokyo(moment)) if moment else html.escape(detail)
            line = (
                translate("Composer", "%1: scheduled for %2 (Japan time)")
                .replace("%1", name)
                .replace("%2", when)
            )
        else:
            line = (
                translate("Composer", "%1: failed — %2").replace("%1", name).replace("%2", reason)
            )
        label.setText(line)
        label.setAccessibleName(label.text())
        label.setProperty("state", state)
        label.style().unpolish(label)
        label.style().polish(label)
        actionable = state in _ACTIONABLE and row.property("outbox_id") is not None
        for button in self.status_buttons(key).values():
            button.setVisible(actionable)
            button.setEnabled(True)

    def target_states(self) -> dict[str, str]:
        return dict(self._states)

    def status_text(self, key: str) -> str:
        label = self._status_labels.get(key)
        return label.text() if label is not None else ""

    def _label_of(self, key: str) -> str:
        return self._names.get(key, key)


_EXTRA_STYLE = """
QLabel#PaneTitle { font-weight: bold; }
QLabel#PaneTitleFriends { font-weight: bold; color: #5b4385; }
QPushButton#TagChip { padding: 2px 10px; border: 1px solid palette(mid); border-radius: 10px; }
QPushButton#TagChip:hover { border-color: palette(highlight); }
QLabel#GiftHint { color: #b00020; }
QLabel#LimitHint { color: #b00020; }
QLabel#TimingHint { color: #8a5a00; }
QLabel#GiftPreview { border: 1px solid palette(mid); background: palette(base); }
QLabel#TargetStatus[state="queued"] { color: #8a5a00; }
QLabel#TargetStatus[state="scheduled"] { color: #1b4f8a; }
QLabel#ZoneLabel { color: palette(placeholder-text); }
"""
