"""Colours, sizes and small drawn icons shared by the timeline and the composer.

Icons are drawn with QPainter rather than taken from an emoji font, so the lock badge looks
the same on every platform and never depends on which fonts are installed.

No colour here is painted as it stands: each is a hue that :func:`readable` adjusts to the
palette it lands on (WCAG contrast ratio 4.5 for text, 3 for marks), so the same violet
lock or red error reads on a light and on a dark palette. Style sheets are functions of
the palette, re-applied when it changes (:func:`follow_palette`). The light/dark choice
itself is :func:`apply_color_scheme` (in :mod:`app.ui.color_scheme`).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QWidget

from app.ui.color_scheme import apply_color_scheme as apply_color_scheme
from app.ui.color_scheme import is_dark as is_dark

_Named = TypeVar("_Named", bound=QObject)
Role = QPalette.ColorRole
TEXT_CONTRAST = 4.5  # WCAG 2 AA for body text
MARK_CONTRAST = 3.0  # WCAG 2 for graphical marks (dots, badges beside their words)


def named(widget: _Named, name: str) -> _Named:
    """``widget`` with its object name set (what style sheets and tests find it by); the
    typed form of the ``objectName=`` keyword, which PySide6's stubs do not declare."""
    widget.setObjectName(name)
    return widget


# Live indicator hues (dot), as painted on a light window; :func:`live_colour` adapts them.
LIVE_COLOURS = {
    "live": QColor("#2e9d4f"),
    "connecting": QColor("#b07800"),
    "reconnecting": QColor("#d0602a"),
    "offline": QColor("#858585"),
}
ERROR_TEXT = QColor("#b00020")
OVER_LIMIT = QColor("#c62828")
FRIENDS_ACCENT = QColor("#7b5ea7")  # the lock badge; a calm violet, not an alarm colour
FRIENDS_TEXT = QColor("#5b4385")
SENT_TEXT = QColor("#1b6e35")
WAITING_TEXT = QColor("#8a5a00")
SCHEDULED_TEXT = QColor("#1b4f8a")
SANDBOX_TINT = QColor("#f0b400")
SANDBOX_INK = QColor("#5c4400")

# Card geometry (logical pixels).
CARD_PADDING = 12
AVATAR_SIZE = 40
AVATAR_GAP = 10
HEADER_GAP = 4
THUMB_GAP = 6
THUMB_RADIUS = 6
THUMB_HEIGHT_SINGLE = 180
THUMB_HEIGHT_MANY = 110
MAX_THUMBS = 4
LOCK_SIZE = 14


# -- contrast ------------------------------------------------------------------------------
def luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance of an opaque colour (0 black … 1 white)."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio of two opaque colours (1 … 21)."""
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved ``t`` (0 … 1) of the way to ``b``, opaque."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


def over(colour: QColor, background: QColor) -> QColor:
    """``colour`` (possibly translucent) as it shows on an opaque ``background``."""
    return mix(background, colour, colour.alphaF())


def readable(colour: QColor, background: QColor, ratio: float = TEXT_CONTRAST) -> QColor:
    """``colour`` as it shows on ``background``, darkened or lightened just enough for a
    contrast of at least ``ratio`` (keeping its hue as far as that allows)."""
    shown = over(colour, background)
    if contrast(shown, background) >= ratio:
        return shown
    black, white = QColor(0, 0, 0), QColor(255, 255, 255)
    end = black if contrast(black, background) >= contrast(white, background) else white
    for step in range(1, 21):
        candidate = mix(shown, end, step / 20)
        if contrast(candidate, background) >= ratio:
            return candidate
    return end


# -- colours derived from a palette -----------------------------------------------------------
def muted(palette: QPalette, background: QColor | None = None) -> QColor:
    """Secondary text (times, handles, hints): the placeholder role, made readable."""
    ground = background if background is not None else palette.color(Role.Base)
    return readable(palette.color(Role.PlaceholderText), ground)


def friends_accent(palette: QPalette, background: QColor | None = None) -> QColor:
    """The lock badge's violet on this palette."""
    ground = background if background is not None else palette.color(Role.Base)
    return readable(FRIENDS_ACCENT, ground)


def live_colour(state: str, palette: QPalette) -> QColor:
    """The live indicator's dot for ``state`` on this palette's window."""
    return readable(LIVE_COLOURS[state], palette.color(Role.Window), MARK_CONTRAST)


def alert_colours(palette: QPalette, hue: QColor = ERROR_TEXT) -> tuple[QColor, QColor]:
    """(background, text) of a banner in ``hue``: a tint of the base, words in the hue."""
    ground = mix(palette.color(Role.Base), hue, 0.14)
    return ground, readable(hue, ground)


def avatar_colour(seed: str) -> QColor:
    """A stable, pleasant colour for someone without a loaded avatar (crc32, not hash():
    Python's string hash changes between runs), dark enough for a white initial."""
    hue = zlib.crc32(seed.encode("utf-8")) % 360
    return readable(QColor.fromHsl(hue, 110, 120), QColor(255, 255, 255))


def draw_lock(painter: QPainter, rect: QRectF, colour: QColor) -> None:
    """A padlock filling ``rect``: a rounded body and a shackle."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    w, h = rect.width(), rect.height()
    body = QRectF(rect.left() + w * 0.12, rect.top() + h * 0.45, w * 0.76, h * 0.55)
    pen = QPen(colour, max(1.2, w * 0.12))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    shackle = QPainterPath()
    sx0, sx1 = rect.left() + w * 0.3, rect.left() + w * 0.7
    top = rect.top() + h * 0.08
    shackle.moveTo(QPointF(sx0, body.top()))
    shackle.lineTo(QPointF(sx0, top + w * 0.2))
    shackle.arcTo(QRectF(sx0, top, sx1 - sx0, w * 0.4), 180, -180)
    shackle.lineTo(QPointF(sx1, body.top()))
    painter.drawPath(shackle)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRoundedRect(body, w * 0.12, w * 0.12)
    # Keyhole, in the background colour of the badge (transparent cut-out).
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
    hole = QRectF(0, 0, w * 0.16, w * 0.16)
    hole.moveCenter(body.center())
    painter.drawEllipse(hole)
    painter.restore()


class LockIcon(QWidget):
    """The lock as a small widget: drawn as vectors at whatever device pixel ratio the
    screen has, in the violet that reads on the current window colour."""

    def __init__(self, size: int = LOCK_SIZE, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(size, size)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        colour = friends_accent(self.palette(), self.palette().color(Role.Window))
        draw_lock(painter, QRectF(self.rect()), colour)
        painter.end()


def dot_style(colour: QColor, diameter: int = 10) -> str:
    return (
        f"background-color: {colour.name()}; border-radius: {diameter // 2}px;"
        f" min-width: {diameter}px; max-width: {diameter}px;"
        f" min-height: {diameter}px; max-height: {diameter}px;"
    )


# -- style sheets, as functions of the palette -------------------------------------------------
def column_style(palette: QPalette) -> str:
    """A timeline column's header, banner and placeholder (all on the window colour)."""
    window = palette.color(Role.Window)
    quiet = muted(palette, window).name()
    error_ground, error_text = alert_colours(palette)
    return f"""
#ColumnHeader {{ border-bottom: 1px solid {palette.color(Role.Mid).name()}; }}
#ColumnTitle {{ font-weight: bold; font-size: 14pt; }}
#ColumnAccounts, #LiveText {{ color: {quiet}; }}
#ColumnError {{ background: {error_ground.name()}; color: {error_text.name()};
                padding: 6px 8px; border-radius: 4px; }}
#ColumnPlaceholder, #ColumnFooter {{ color: {quiet}; padding: 16px; }}
"""


def composer_style(palette: QPalette) -> str:
    """The composer's chips, counters, hints and per-target status words."""
    window = palette.color(Role.Window)

    def on_window(colour: QColor) -> str:
        return readable(colour, window).name()

    quiet = muted(palette, window).name()
    friends, error, waiting = (
        on_window(FRIENDS_TEXT),
        on_window(ERROR_TEXT),
        on_window(WAITING_TEXT),
    )
    return f"""
QPushButton#AudienceButton {{ padding: 4px 14px; border: 1px solid palette(mid);
                             border-radius: 12px; }}
QPushButton#AudienceButton:checked {{ background: palette(highlight);
                                     color: palette(highlighted-text);
                                     border-color: palette(highlight); }}
QLabel#TargetCount[over="true"] {{ color: {on_window(OVER_LIMIT)}; font-weight: bold; }}
QLabel#TargetCount {{ color: {quiet}; }}
QLabel#FriendsHint {{ color: {friends}; }}
QLabel#TargetStatus[state="failed"] {{ color: {error}; }}
QLabel#TargetStatus[state="sent"] {{ color: {on_window(SENT_TEXT)}; }}
QLabel#PaneTitle {{ font-weight: bold; }}
QLabel#PaneTitleFriends {{ font-weight: bold; color: {friends}; }}
QPushButton#TagChip {{ padding: 2px 10px; border: 1px solid palette(mid); border-radius: 10px; }}
QPushButton#TagChip:hover {{ border-color: palette(highlight); }}
QLabel#GiftHint {{ color: {error}; }}
QLabel#LimitHint {{ color: {error}; }}
QLabel#TimingHint {{ color: {waiting}; }}
QLabel#GiftPreview {{ border: 1px solid palette(mid); background: palette(base); }}
QLabel#TargetStatus[state="queued"] {{ color: {waiting}; }}
QLabel#TargetStatus[state="scheduled"] {{ color: {on_window(SCHEDULED_TEXT)}; }}
QLabel#ZoneLabel {{ color: {quiet}; }}
"""


def window_colour_style(palette: QPalette) -> str:
    """The main window's coloured parts: the top bar's rule, the sandbox banner, the
    safety button and the signed-out warning (for the window to add to its own sheet)."""
    window = palette.color(Role.Window)
    banner_ground = mix(palette.color(Role.Base), SANDBOX_TINT, 0.18)
    banner_text = readable(SANDBOX_INK, banner_ground)
    alert = readable(ERROR_TEXT, window).name()
    return (
        f"#TopBar {{ border-bottom: 1px solid {palette.color(Role.Mid).name()}; }}"
        f"#SandboxBanner {{ background: {banner_ground.name()}; color: {banner_text.name()};"
        " padding: 4px; }"
        f"#SafetyButton {{ color: {alert}; font-weight: bold; }}"
        f"#SignedOutLabel {{ color: {alert}; }}"
    )


class _StyleFollower(QObject):
    """Re-applies a widget's palette-derived style sheet whenever its palette changes (a
    style sheet freezes the colours it names, and its widgets' palettes, when applied)."""

    def __init__(self, widget: QWidget, style: Callable[[QPalette], str]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._style = style
        self._applying = False
        widget.installEventFilter(self)
        self.apply()

    def apply(self) -> None:
        self._applying = True
        try:
            self._widget.setStyleSheet(self._style(self._widget.palette()))
        finally:
            self._applying = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self._widget
            and event.type() == QEvent.Type.PaletteChange
            and not self._applying
        ):
            self.apply()
        return False


def follow_palette(widget: QWidget, style: Callable[[QPalette], str]) -> None:
    """Give ``widget`` the style sheet ``style(palette)``, now and after every change of
    its palette (a switch between light and dark, or the system's own)."""
    _StyleFollower(widget, style)
