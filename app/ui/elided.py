"""A label and a flat button that give way when the window is narrow: they shrink to a few
characters and end their text in "…" instead of holding the whole window wider (the top
bar's accounts line and occasion hint, whose length depends on the language, the handles
and the day).

``text()`` is always the whole text (so are the accessible name and, while cut, the
tooltip); only what is painted is shortened. :func:`is_elided` tells the gallery's clipping
check that a widget shortens its text on purpose.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QWidget

# Never narrower than about this many characters of the text, plus the "…".
_KEEP_CHARS = 4


def _shown(widget: QWidget, full: str, full_width: int, padding: int) -> str:
    """``full``, or as much of it as fits ``widget``'s width with "…" at the end."""
    if widget.width() + 1 >= full_width:
        return full
    room = max(0, widget.width() - padding)
    return widget.fontMetrics().elidedText(full, Qt.TextElideMode.ElideRight, room)


def _narrowest(widget: QWidget, full: str, full_width: int, padding: int) -> int:
    shortest = widget.fontMetrics().horizontalAdvance(full[:_KEEP_CHARS] + "…") + padding
    return min(full_width, shortest)


class ElidedLabel(QLabel):
    """A one-line :class:`QLabel` that ends its text in "…" when narrower than it."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self._full_hint = QSize()
        self._cut = False
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def setText(self, text: str) -> None:
        self._full = text
        super().setText(text)
        self._full_hint = super().sizeHint()
        self.setAccessibleName(text)
        self._elide()
        self.updateGeometry()

    def text(self) -> str:
        return self._full

    def is_elided(self) -> bool:
        return self._cut

    def sizeHint(self) -> QSize:
        return QSize(self._full_hint)

    def minimumSizeHint(self) -> QSize:
        width = _narrowest(self, self._full, self._full_hint.width(), self._padding())
        return QSize(width, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.setText(self._full)  # the size it needs changed

    def _padding(self) -> int:
        margins = self.contentsMargins()
        return margins.left() + margins.right() + 2 * self.margin()

    def _elide(self) -> None:
        shown = _shown(self, self._full, self._full_hint.width(), self._padding())
        self._cut = shown != self._full
        if super().text() != shown:
            super().setText(shown)
        self.setToolTip(self._full if self._cut else "")


class ElidedButton(QPushButton):
    """A :class:`QPushButton` (flat, for a hint) that ends its text in "…" when narrower
    than it."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self._full_hint = QSize()
        self._cut = False
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setText(text)

    def setText(self, text: str) -> None:
        self._full = text
        super().setText(text)
        self._full_hint = super().sizeHint()
        self.setAccessibleName(text)
        self._elide()
        self.updateGeometry()

    def text(self) -> str:
        return self._full

    def is_elided(self) -> bool:
        return self._cut

    def sizeHint(self) -> QSize:
        return QSize(self._full_hint)

    def minimumSizeHint(self) -> QSize:
        width = _narrowest(self, self._full, self._full_hint.width(), self._padding())
        return QSize(width, self._full_hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.setText(self._full)

    def _padding(self) -> int:
        """The button's frame and margins around its text."""
        return max(0, self._full_hint.width() - self.fontMetrics().horizontalAdvance(self._full))

    def _elide(self) -> None:
        shown = _shown(self, self._full, self._full_hint.width(), self._padding())
        self._cut = shown != self._full
        if super().text() != shown:
            super().setText(shown)
        self.setToolTip(self._full if self._cut else "")


def is_elided(widget: QWidget) -> bool | None:
    """Whether ``widget`` shortens its text now (None: it is not one that can)."""
    if isinstance(widget, (ElidedLabel, ElidedButton)):
        return widget.is_elided()
    return None
