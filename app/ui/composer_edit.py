"""The composer's text editor and the pane that frames it.

:class:`ComposeEdit` asks to send on Ctrl+Enter (⌘+Return on macOS, which Qt maps to
Control) and knows its IME preedit. Plain Enter never sends — it inserts a newline or
confirms the IME conversion — and while an IME composition is open nothing is intercepted
at all. :class:`EditorPane` puts a title above an editor and the counters of the targets
it feeds below it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QInputMethodEvent, QKeyEvent, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from app.ui.theme import named

__all__ = ["ComposeEdit", "EditorPane"]

_SEND_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


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

    def set_text_at_end(self, text: str) -> None:
        """Load ``text`` (a fresh document) with the cursor after it."""
        self.setPlainText(text)
        cursor = self.textCursor()
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


class EditorPane(QWidget):
    """One editor with its title and the counters of the targets it feeds."""

    def __init__(self, edit: ComposeEdit, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = edit
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.title = named(QLabel(title), "PaneTitle")
        self.title.setBuddy(edit)
        layout.addWidget(self.title)
        layout.addWidget(edit, 1)
        self.counts = QHBoxLayout()
        self.counts.setSpacing(12)
        row = QHBoxLayout()
        row.addLayout(self.counts)
        row.addStretch(1)
        layout.addLayout(row)

    def clear_counters(self) -> None:
        while self.counts.count():
            item = self.counts.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()

    def add_counter(self, label: QLabel) -> None:
        self.counts.addWidget(label)
