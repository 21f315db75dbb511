"""Colours, sizes and small drawn icons shared by the timeline and the composer.

Icons are drawn with QPainter rather than taken from an emoji font, so the lock badge looks
the same on every platform and never depends on which fonts are installed.
"""

from __future__ import annotations

import zlib
from typing import TypeVar

from PySide6.QtCore import QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPixmap

_Named = TypeVar("_Named", bound=QObject)


def named(widget: _Named, name: str) -> _Named:
    """``widget`` with its object name set (what style sheets and tests find it by); the
    typed form of the ``objectName=`` keyword, which PySide6's stubs do not declare."""
    widget.setObjectName(name)
    return widget


# Live indicator colours (dot), chosen to stay readable on light and dark backgrounds.
LIVE_COLOURS = {
    "live": QColor("#2e9d4f"),
    "connecting": QColor("#c98a00"),
    "reconnecting": QColor("#d9682b"),
    "offline": QColor("#8a8a8a"),
}
ERROR_TEXT = QColor("#b00020")
OVER_LIMIT = QColor("#c62828")
FRIENDS_ACCENT = QColor("#7b5ea7")  # the lock badge; a calm violet, not an alarm colour

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


def avatar_colour(seed: str) -> QColor:
    """A stable, pleasant colour for someone without a loaded avatar (crc32, not hash():
    Python's string hash changes between runs)."""
    hue = zlib.crc32(seed.encode("utf-8")) % 360
    return QColor.fromHsl(hue, 110, 120)


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


def lock_pixmap(size: int, colour: QColor = FRIENDS_ACCENT, dpr: float = 1.0) -> QPixmap:
    pix = QPixmap(int(size * dpr), int(size * dpr))
    pix.setDevicePixelRatio(dpr)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    draw_lock(painter, QRectF(0, 0, size, size), colour)
    painter.end()
    return pix


def dot_style(colour: QColor, diameter: int = 10) -> str:
    return (
        f"background-color: {colour.name()}; border-radius: {diameter // 2}px;"
        f" min-width: {diameter}px; max-width: {diameter}px;"
        f" min-height: {diameter}px; max-height: {diameter}px;"
    )


COLUMN_STYLE = """
#ColumnHeader { border-bottom: 1px solid palette(midlight); }
#ColumnTitle { font-weight: bold; font-size: 14pt; }
#ColumnAccounts, #LiveText { color: palette(placeholder-text); }
#ColumnError { background: #fdecea; color: #7f1d1d; padding: 6px 8px; border-radius: 4px; }
#ColumnPlaceholder, #ColumnFooter { color: palette(placeholder-text); padding: 16px; }
"""

COMPOSER_STYLE = """
QPushButton#AudienceButton { padding: 4px 14px; border: 1px solid palette(mid);
                             border-radius: 12px; }
QPushButton#AudienceButton:checked { background: palette(highlight);
                                     color: palette(highlighted-text);
                                     border-color: palette(highlight); }
QLabel#TargetCount[over="true"] { color: #c62828; font-weight: bold; }
QLabel#TargetCount { color: palette(placeholder-text); }
QLabel#FriendsHint { color: #5b4385; }
QLabel#TargetStatus[state="failed"] { color: #b00020; }
QLabel#TargetStatus[state="sent"] { color: #1b6e35; }
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
