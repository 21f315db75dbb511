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


class _Elides:
    """What both widgets share, before their Qt class in the bases: the whole text, the
    size it needs, and the cut. Each widget says its padding around the text and its
    height at the narrowest."""

    _full = ""
    _full_hint = QSize()
    _cut = False

    def setText(self, text: str) -> None:
        self._full = text
        super().setText(text)  # type: ignore[misc]  # the Qt class's own, for its size
        self._full_hint = super().sizeHint()  # type: ignore[misc]
        self.setAccessibleName(text)  # type: ignore[attr-defined]
        self._elide()
        self.updateGeometry()  # type: ignore[attr-defined]

    def text(self) -> str:
        return self._full

    def is_elided(self) -> bool:
        return self._cut

    def sizeHint(self) -> QSize:
        return QSize(self._full_hint)

    def minimumSizeHint(self) -> QSize:
        metrics = self.fontMetrics()  # type: ignore[attr-defined]
        shortest = metrics.horizontalAdvance(self._full[:_KEEP_CHARS] + "…") + self._padding()
        return QSize(min(self._full_hint.width(), shortest), self._narrowest_height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)  # type: ignore[misc]
        self._elide()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)  # type: ignore[misc]
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.setText(self._full)  # the size it needs changed

    def _padding(self) -> int:
        raise NotImplementedError

    def _narrowest_height(self) -> int:
        raise NotImplementedError

    def _elide(self) -> None:
        width: int = self.width()  # type: ignore[attr-defined]
        shown = self._full
        if width + 1 < self._full_hint.width():
            room = max(0, width - self._padding())
            metrics = self.fontMetrics()  # type: ignore[attr-defined]
            shown = metrics.elidedText(self._full, Qt.TextElideMode.ElideRight, room)
        self._cut = shown != self._full
        if super().text() != shown:  # type: ignore[misc]
            super().setText(shown)  # type: ignore[misc]
        self.setToolTip(self._full if self._cut else "")  # type: ignore[attr-defined]


class ElidedLabel(_Elides, QLabel):
    """A one-line :class:`QLabel` that ends its text in "…" when narrower than it."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def _padding(self) -> int:
        margins = self.contentsMargins()
        return margins.left() + margins.right() + 2 * self.margin()

    def _narrowest_height(self) -> int:
        return QLabel.minimumSizeHint(self).height()


class ElidedButton(_Elides, QPushButton):
    """A :class:`QPushButton` (flat, for a hint) that ends its text in "…" when narrower
    than it."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setText(text)

    def _padding(self) -> int:
        """The button's frame and margins around its text."""
        return max(0, self._full_hint.width() - self.fontMetrics().horizontalAdvance(self._full))

    def _narrowest_height(self) -> int:
        return self._full_hint.height()


def is_elided(widget: QWidget) -> bool | None:
    """Whether ``widget`` shortens its text now (None: it is not one that can)."""
    if isinstance(widget, (ElidedLabel, ElidedButton)):
        return widget.is_elided()
    return None
