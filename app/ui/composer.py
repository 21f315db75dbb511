"""The composer: audience toggles, the text, a live counter per target, send, and one
status line per target after sending.

It knows no network. ``targets(audiences)`` says where a post for those audiences would
go (with each target's limit), ``send({audience: text})`` is the lead's coroutine that
reports progress back through :meth:`Composer.update_target`.

Keyboard: Ctrl+Enter / Ctrl+Return sends (⌘+Return on macOS, which Qt maps to Control).
Plain Enter never sends — it inserts a newline or confirms the IME conversion — and while
an IME composition is open nothing is intercepted at all. The text is never rewritten
while composing, and it is only cleared once every target has the post.
"""

from __future__ import annotations

import asyncio
import html
import logging
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.counting import Count, count
from app.core.models import Audience
from app.ui import theme

translate = QCoreApplication.translate  # the name lupdate recognises

log = logging.getLogger(__name__)

SENDING, SENT, FAILED = "sending", "sent", "failed"


@dataclass(frozen=True, slots=True)
class TargetInfo:
    """One place a post goes: an account and the audience it is sent with."""

    key: str
    label: str  # e.g. "@me@sora"
    network: str  # "mastodon", "misskey", … (picks the counting rule)
    audience: Audience
    limit: int
    unit: str = ""  # "graphemes", "utf16", "weighted" (informative)


Targets = Callable[[frozenset[Audience]], list[TargetInfo]]
Send = Callable[[dict[Audience, str]], Awaitable[None]]

_SEND_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class ComposeEdit(QPlainTextEdit):
    """A plain text editor that asks to send on Ctrl+Enter, and knows its IME preedit."""

    sendRequested = Signal()
    preeditChanged = Signal(str)

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

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        super().inputMethodEvent(event)
        preedit = event.preeditString()
        if preedit != self._preedit:
            self._preedit = preedit
            self.preeditChanged.emit(preedit)

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


class Composer(QDialog):
    textEdited = Signal()
    sendFinished = Signal(bool)  # True when every target has the post

    def __init__(
        self,
        *,
        targets: Targets,
        send: Send,
        audiences: frozenset[Audience] = frozenset({Audience.PUBLIC}),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._targets_for = targets
        self._send = send
        self._targets: list[TargetInfo] = []
        self._counts: dict[str, Count] = {}
        self._states: dict[str, str] = {}
        self._status_labels: dict[str, QLabel] = {}
        self._count_labels: dict[str, QLabel] = {}
        self._names: dict[str, str] = {}  # target key → label, kept after the targets change
        self._task: asyncio.Task[None] | None = None
        self.setModal(False)
        self.setObjectName("Composer")
        self.setWindowTitle(translate("Composer", "New post"))
        self.setStyleSheet(theme.COMPOSER_STYLE)
        self.resize(520, 380)
        self._build()
        self.set_audiences(audiences or frozenset({Audience.PUBLIC}))

    # -- layout --------------------------------------------------------------------------
    def _build(self) -> None:
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
        row.addStretch(1)
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

        self.edit = ComposeEdit(self)
        self.edit.setObjectName("ComposeEdit")
        self.edit.setPlaceholderText(translate("Composer", "What would you like to share?"))
        self.edit.setAccessibleName(translate("Composer", "Post text"))
        self.edit.textChanged.connect(self._text_changed)
        self.edit.preeditChanged.connect(self._recount)
        self.edit.sendRequested.connect(self.send_now)
        outer.addWidget(self.edit, 1)

        bottom = QHBoxLayout()
        self.counts_row = QHBoxLayout()
        self.counts_row.setSpacing(12)
        bottom.addLayout(self.counts_row)
        bottom.addStretch(1)
        self.close_button = QPushButton(translate("Composer", "Close"), objectName="CloseButton")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.close)
        bottom.addWidget(self.close_button)
        self.send_button = QPushButton(translate("Composer", "Send"), objectName="SendButton")
        # Enter in the editor must never press a default button.
        self.send_button.setAutoDefault(False)
        shortcut = (
            translate("Composer", "⌘+Return")
            if sys.platform == "darwin"
            else translate("Composer", "Ctrl+Enter")
        )
        self.send_button.setToolTip(translate("Composer", "Send (%1)").replace("%1", shortcut))
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

    def _audience_button(self, text: str, audience: Audience) -> QPushButton:
        button = QPushButton(text, objectName="AudienceButton")
        button.setCheckable(True)
        button.setAutoDefault(False)
        button.setProperty("audience", audience.value)
        button.toggled.connect(lambda on, b=button: self._audience_toggled(b, on))
        return button

    # -- audiences -----------------------------------------------------------------------
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

    def _audiences_changed(self) -> None:
        self.friends_hint.setVisible(self.audiences() == frozenset({Audience.FRIENDS}))
        self._targets = self._targets_for(self.audiences())
        while self.counts_row.count():
            item = self.counts_row.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self._count_labels = {}
        for target in self._targets:
            self._names[target.key] = target.label
            label = QLabel(objectName="TargetCount")
            self._count_labels[target.key] = label
            self.counts_row.addWidget(label)
        if self._targets:
            self.no_targets_label.setVisible(False)
        else:
            self.no_targets_label.setText(
                translate("Composer", "No signed-in account can post to this audience.")
            )
            self.no_targets_label.setVisible(True)
        self._recount()

    # -- text and counting ---------------------------------------------------------------
    def text(self) -> str:
        return self.edit.toPlainText()

    def set_text(self, text: str) -> None:
        self.edit.setPlainText(text)
        cursor = self.edit.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        self.edit.setTextCursor(cursor)

    def counts(self) -> dict[str, Count]:
        return dict(self._counts)

    def _text_changed(self) -> None:
        self._recount()
        self.textEdited.emit()

    def _recount(self) -> None:
        # Count what the reader will see once the IME conversion is confirmed.
        text = self.text() + self.edit.preedit_text()
        self._counts = {}
        for target in self._targets:
            c = count(text, target.network, target.limit)
            self._counts[target.key] = c
            label = self._count_labels[target.key]
            label.setText(f"{target.label} {c.used}/{c.limit}")
            over = not c.fits
            if label.property("over") != over:
                label.setProperty("over", over)
                label.style().unpolish(label)
                label.style().polish(label)
            if over:
                label.setToolTip(
                    translate("Composer", "%1 characters too long for %2")
                    .replace("%1", str(c.used - c.limit))
                    .replace("%2", target.label)
                )
            else:
                label.setToolTip(
                    translate("Composer", "%1 characters left").replace("%1", str(c.remaining))
                )
            label.setAccessibleName(label.text())
        self.send_button.setEnabled(self.can_send())

    def can_send(self) -> bool:
        return (
            bool(self.text().strip())
            and bool(self._targets)
            and all(c.fits for c in self._counts.values())
            and not self.sending()
        )

    # -- sending -------------------------------------------------------------------------
    def sending(self) -> bool:
        return self._task is not None and not self._task.done()

    def send_now(self) -> None:
        if not self.can_send():
            return
        text = self.text()
        texts = {audience: text for audience in self.audiences()}
        self._reset_statuses()
        for target in self._targets:
            self.update_target(target.key, SENDING, "", None)
        self.summary_label.clear()
        self.status_box.setVisible(True)
        self._task = asyncio.ensure_future(self._run(texts, text))
        self.send_button.setEnabled(False)

    async def _run(self, texts: dict[Audience, str], text: str) -> None:
        try:
            await self._send(texts)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the lead's send failed as a whole: say so, keep the text
            log.exception("sending failed")
            reason = translate("Composer", "Unexpected error: %1").replace("%1", type(exc).__name__)
            for key, state in self._states.items():
                if state != SENT:
                    self.update_target(key, FAILED, reason, None)
        finally:
            self._task = None
        ok = bool(self._states) and all(s == SENT for s in self._states.values())
        if ok:
            self.summary_label.setText(translate("Composer", "Sent to every target."))
            # Clear only if nobody typed something new meanwhile.
            if self.text() == text:
                self.edit.clear()
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
        for label in self._status_labels.values():
            self.status_layout.removeWidget(label)
            label.deleteLater()
        self._status_labels.clear()
        self._states.clear()

    def update_target(self, key: str, state: str, detail: str = "", url: str | None = None) -> None:
        """Progress of one target, from the lead's send: "sending" | "sent" | "failed"."""
        self._states[key] = state
        label = self._status_labels.get(key)
        if label is None:
            label = QLabel(objectName="TargetStatus")
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setOpenExternalLinks(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
            self._status_labels[key] = label
            self.status_layout.addWidget(label)
            self.status_box.setVisible(True)
        name = html.escape(self._label_of(key))
        if state == SENDING:
            line = translate("Composer", "%1: sending…").replace("%1", name)
        elif state == SENT:
            line = translate("Composer", "%1: sent").replace("%1", name)
            if url and url.startswith(("http://", "https://")):
                open_text = translate("Composer", "open")
                line += f' — <a href="{html.escape(url, quote=True)}">{open_text}</a>'
        else:
            reason = html.escape(detail) if detail else translate("Composer", "unknown reason")
            line = (
                translate("Composer", "%1: failed — %2").replace("%1", name).replace("%2", reason)
            )
        label.setText(line)
        label.setAccessibleName(label.text())
        label.setProperty("state", state)
        label.style().unpolish(label)
        label.style().polish(label)

    def target_states(self) -> dict[str, str]:
        return dict(self._states)

    def status_text(self, key: str) -> str:
        label = self._status_labels.get(key)
        return label.text() if label is not None else ""

    def _label_of(self, key: str) -> str:
        return self._names.get(key, key)
