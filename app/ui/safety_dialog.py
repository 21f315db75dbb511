"""安否確認: one short safety message to every account of both circles at once.

Polite to the public, casual to friends (app.services.outbox.safety_texts), ahead of
everything else in the outbox, queued while offline, and a line per circle that says
whether it has reached it yet.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.models import Audience
from app.services.outbox import safety_texts
from app.services.outbox_rows import OutboxTarget, TargetState
from app.ui.errors import describe_kind
from app.ui.placeholders import fill

translate = QCoreApplication.translate


class SafetyDialog(QDialog):
    sendRequested = Signal(str, str)  # message, place

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: window title (安否確認)
        self.setWindowTitle(translate("SafetyDialog", "Safety check"))
        self.setObjectName("SafetyDialog")
        self.resize(560, 420)
        layout = QVBoxLayout(self)
        intro = QLabel(
            translate(
                "SafetyDialog",
                "Tell the public and your friends that you are safe. It goes to every "
                "account at once, before anything else waiting, and waits for the "
                "network if it is down.",
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.message_edit = QLineEdit()
        self.message_edit.setPlaceholderText(translate("SafetyDialog", "I am safe."))
        self.place_edit = QLineEdit()
        self.place_edit.setPlaceholderText(translate("SafetyDialog", "e.g. at home, at work"))
        #: label of the safety message field
        form.addRow(translate("SafetyDialog", "Message (optional):"), self.message_edit)
        form.addRow(translate("SafetyDialog", "Where you are (optional):"), self.place_edit)
        layout.addLayout(form)
        self.public_preview = QPlainTextEdit(readOnly=True)
        self.friends_preview = QPlainTextEdit(readOnly=True)
        for title, preview in (
            (translate("SafetyDialog", "To the public (polite):"), self.public_preview),
            (translate("SafetyDialog", "To friends (casual):"), self.friends_preview),
        ):
            preview.setMaximumHeight(70)
            layout.addWidget(QLabel(title))
            layout.addWidget(preview)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.status_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        #: button: closes the safety check window
        self.close_button = QPushButton(translate("SafetyDialog", "Close"))
        self.close_button.clicked.connect(self.close)
        self.send_button = QPushButton(translate("SafetyDialog", "Send safety message"))
        self.send_button.setDefault(True)
        self.send_button.setObjectName("SafetySend")
        self.send_button.clicked.connect(self._send)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.send_button)
        layout.addLayout(buttons)
        self.message_edit.textChanged.connect(self._preview)
        self.place_edit.textChanged.connect(self._preview)
        self._preview()

    def texts(self) -> dict[Audience, str]:
        return safety_texts(self.message_edit.text(), place=self.place_edit.text())

    def _preview(self) -> None:
        texts = self.texts()
        self.public_preview.setPlainText(texts[Audience.PUBLIC])
        self.friends_preview.setPlainText(texts[Audience.FRIENDS])

    def _send(self) -> None:
        self.send_button.setEnabled(False)
        #: status line while the safety message goes out
        self.status_label.setText(translate("SafetyDialog", "Sending…"))
        self.sendRequested.emit(self.message_edit.text(), self.place_edit.text())

    def show_progress(self, rows: list[OutboxTarget]) -> None:
        """One line per circle: reached, or still waiting and why."""
        lines = []
        for audience, circle in (
            #: a circle's row in the results: public
            (Audience.PUBLIC, translate("SafetyDialog", "Public")),
            #: a circle's row in the results: friends
            (Audience.FRIENDS, translate("SafetyDialog", "Friends")),
        ):
            mine = [r for r in rows if r.audience is audience]
            if not mine:
                lines.append(
                    #: %1 a circle (Public or Friends)
                    translate("SafetyDialog", "%1: no signed-in account").replace("%1", circle)
                )
                continue
            for row in mine:
                handle = row.account.handle
                if row.state is TargetState.SENT:
                    #: Safety check result line, the message got there: %1 a circle (Public
                    #: or Friends), %2 the account's handle (@me@sora).
                    line = fill(translate("SafetyDialog", "%1 %2: reached ✓"), circle, handle)
                else:
                    #: the reason in "%1 %2: not yet — %3" while no error is known: still
                    #: going out
                    reason = describe_kind(row.error_kind, row.error_detail) or translate(
                        "SafetyDialog", "sending…"
                    )
                    #: Safety check result line, not there yet: %1 a circle (Public or
                    #: Friends), %2 the account's handle (@me@sora), %3 why (a sentence).
                    waiting = translate("SafetyDialog", "%1 %2: not yet — %3")
                    line = fill(waiting, circle, handle, reason)
                lines.append(line)
        self.status_label.setText("\n".join(lines))
        done = bool(rows) and all(r.state is TargetState.SENT for r in rows)
        self.send_button.setEnabled(done)
