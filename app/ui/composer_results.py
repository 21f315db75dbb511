"""The composer's result rows: one status line per target after sending, with Retry /
Edit / Discard on failed and waiting lines that carry an outbox id, and a summary.

Target states: "sending", "sent", "queued" (waiting — reason, will retry), "scheduled"
(scheduled for a time shown in Japan time, UI locale format), "failed"; "discarded" once
the user gave a line up. Strings keep the "Composer" translation context.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.ui.composer_schedule import format_tokyo
from app.ui.placeholders import fill
from app.ui.theme import named

translate = QCoreApplication.translate

__all__ = ["DONE", "FAILED", "QUEUED", "SCHEDULED", "SENDING", "SENT", "ResultRows"]

SENDING, SENT, FAILED, QUEUED, SCHEDULED = "sending", "sent", "failed", "queued", "scheduled"
DISCARDED = "discarded"
DONE = frozenset({SENT, SCHEDULED})
_ACTIONABLE = frozenset({FAILED, QUEUED})
_BUTTONS = ("retry", "edit", "discard")


class ResultRows(QWidget):
    """The status box under the composer; ``name_of(key)`` names a target's account."""

    retryRequested = Signal(int)  # outbox id
    editRequested = Signal(str, int)  # target key, outbox id
    discardRequested = Signal(int)

    def __init__(self, name_of: Callable[[str], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StatusBox")
        self._name_of = name_of
        self._states: dict[str, str] = {}
        self._labels: dict[str, QLabel] = {}
        self._rows: dict[str, QWidget] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 4, 0, 0)
        self.summary_label = named(QLabel(), "SendSummary")
        self.summary_label.setWordWrap(True)
        self._layout.addWidget(self.summary_label)
        self.setVisible(False)

    def reset(self) -> None:
        for row in self._rows.values():
            self._layout.removeWidget(row)
            row.deleteLater()
        self._rows.clear()
        self._labels.clear()
        self._states.clear()
        self.summary_label.clear()

    def states(self) -> dict[str, str]:
        return dict(self._states)

    def all_done(self) -> bool:
        """Every target has the post (or has it scheduled)."""
        return bool(self._states) and all(s in DONE for s in self._states.values())

    def status_text(self, key: str) -> str:
        label = self._labels.get(key)
        return label.text() if label is not None else ""

    def status_buttons(self, key: str) -> dict[str, QPushButton]:
        """The Retry / Edit / Discard buttons of a line, by "retry", "edit", "discard"."""
        row = self._rows.get(key)
        if row is None:
            return {}
        found = {n: row.findChild(QPushButton, f"{n.capitalize()}Button") for n in _BUTTONS}
        return {n: b for n, b in found.items() if b is not None}

    def _row(self, key: str) -> QLabel:
        label = self._labels.get(key)
        if label is not None:
            return label
        row = named(QWidget(), "TargetStatusRow")
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        label = named(QLabel(), "TargetStatus")
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setOpenExternalLinks(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        layout.addWidget(label, 1)
        for name, text, tip in (
            #: Button beside a failed account after sending: send to it again (再送).
            ("retry", translate("Composer", "Retry"), translate("Composer", "Try again now")),
            (
                "edit",
                #: Button beside a failed account: put the text back in the editor.
                translate("Composer", "Edit"),
                translate("Composer", "Put this text back in the editor"),
            ),
            (
                "discard",
                #: Button beside a failed account: do not send to it.
                translate("Composer", "Discard"),
                translate("Composer", "Do not send to this account"),
            ),
        ):
            button = named(QPushButton(text), f"{name.capitalize()}Button")
            button.setAutoDefault(False)
            button.setToolTip(tip)
            button.setVisible(False)
            button.clicked.connect(lambda _=False, k=key, n=name: self._action(k, n))
            layout.addWidget(button)
        self._labels[key] = label
        self._rows[key] = row
        self._layout.addWidget(row)
        self.setVisible(True)
        return label

    def _action(self, key: str, name: str) -> None:
        outbox_id = self._rows[key].property("outbox_id")
        if outbox_id is None:
            return
        if name == "retry":
            for button in self.status_buttons(key).values():
                button.setEnabled(False)  # until the outbox reports again
            self.retryRequested.emit(int(outbox_id))
        elif name == "edit":
            self.editRequested.emit(key, int(outbox_id))
        else:
            for button in self.status_buttons(key).values():
                button.setVisible(False)
            self._labels[key].setText(
                #: Result line after sending; %1 is the account (e.g. Mastodon @me@sora).
                translate("Composer", "%1: discarded").replace(
                    "%1", html.escape(self._name_of(key))
                )
            )
            self._states[key] = DISCARDED
            self.discardRequested.emit(int(outbox_id))

    def show_state(
        self,
        key: str,
        state: str,
        detail: str = "",
        url: str | None = None,
        outbox_id: int | None = None,
        *,
        at: dt.datetime | None = None,
    ) -> None:
        """Show one target's progress (see :meth:`app.ui.composer.Composer.update_target`)."""
        self._states[key] = state
        label = self._row(key)
        row = self._rows[key]
        if outbox_id is not None:
            row.setProperty("outbox_id", int(outbox_id))
        label.setText(self._line(key, state, detail, url, at))
        label.setAccessibleName(label.text())
        label.setProperty("state", state)
        label.style().unpolish(label)
        label.style().polish(label)
        actionable = state in _ACTIONABLE and row.property("outbox_id") is not None
        for button in self.status_buttons(key).values():
            button.setVisible(actionable)
            button.setEnabled(True)

    def _line(
        self, key: str, state: str, detail: str, url: str | None, at: dt.datetime | None
    ) -> str:
        name = html.escape(self._name_of(key))
        #: Put in %2 of a waiting or failed line when no reason is known.
        reason = html.escape(detail) if detail else translate("Composer", "unknown reason")
        if state == SENDING:
            #: Result line; %1 is the account.
            return translate("Composer", "%1: sending…").replace("%1", name)
        if state == SENT:
            if url and url.startswith(("http://", "https://")):
                #: Link in “%1: sent — %2” that opens the post in the browser.
                open_text = translate("Composer", "open")
                link = f'<a href="{html.escape(url, quote=True)}">{open_text}</a>'
                #: Result line; %1 is the account, %2 a link (“open”) to the post.
                return fill(translate("Composer", "%1: sent — %2"), name, link)
            #: Result line; %1 is the account.
            return translate("Composer", "%1: sent").replace("%1", name)
        if state == QUEUED:
            return (
                #: Result line; %1 the account, %2 why it waits (e.g. cannot reach the server).
                translate("Composer", "%1: waiting — %2, will retry")
                .replace("%1", name)
                .replace("%2", reason)
            )
        if state == SCHEDULED:
            when = html.escape(format_tokyo(at)) if at else html.escape(detail)
            return (
                #: Result line; %1 the account, %2 the date and time.
                translate("Composer", "%1: scheduled for %2 (Japan time)")
                .replace("%1", name)
                .replace("%2", when)
            )
        #: Result line; %1 the account, %2 why it failed.
        return translate("Composer", "%1: failed — %2").replace("%1", name).replace("%2", reason)
