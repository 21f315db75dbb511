"""Geometry, caches and small painters behind the timeline's post cards: a small LRU,
where each part of a card goes (:class:`CardLayout`, with the gift ribbon), the header
line laid out once (:class:`Header`: time, name and handle elided to fit, as
``QStaticText``), the fonts and the colours a card is painted with, worked out once per
font and per palette (:class:`Fonts`, :class:`Colours`), thumbnail rectangles, avatars
and thumbnails scaled once to the size they are painted (round or cropped to cover), the
placeholder avatar (an initial on a colour), the row's background and the ALT badge.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TypeVar

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPalette,
    QPixmap,
    QStaticText,
    QTextDocument,
    QTransform,
)
from PySide6.QtWidgets import QStyle

from app.core.models import MediaAttachment
from app.ui import theme

__all__ = [
    "LRU",
    "CardLayout",
    "Colours",
    "Fonts",
    "Header",
    "bold",
    "circle",
    "content_left",
    "cover",
    "initial_avatar",
    "paint_alt_badge",
    "paint_background",
    "paint_more",
    "thumb_rects",
]

K = TypeVar("K")
V = TypeVar("V")


class LRU(OrderedDict[K, V]):
    """An OrderedDict that forgets its least recently used entries beyond ``limit``."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def get_fresh(self, key: K) -> V | None:
        value = self.get(key)
        if value is not None:
            self.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> None:
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.limit:
            self.popitem(last=False)

    def put_cold(self, key: K, value: V) -> None:
        """Kept only while there is room: the first to go (nothing is pushed out for it)."""
        self[key] = value
        self.move_to_end(key, last=False)
        while len(self) > self.limit:
            self.popitem(last=False)


class CardLayout:
    """Where everything of one card goes, relative to the card's top-left corner."""

    __slots__ = (
        "body_origin",
        "doc",
        "header",
        "header_height",
        "height",
        "lock",
        "ribbon",
        "ribbon_text",
        "thumbs",
        "width",
    )

    def __init__(
        self,
        doc: QTextDocument,
        width: int,
        height: int,
        header_height: int,
        body_origin: QPointF,
        thumbs: list[QRectF],
        lock: QRectF | None,
        ribbon: QRectF | None = None,
        ribbon_text: str = "",
    ) -> None:
        self.doc = doc
        self.width = width
        self.height = height
        self.header_height = header_height
        self.body_origin = body_origin
        self.thumbs = thumbs
        self.lock = lock
        self.ribbon = ribbon  # 「あなたへのギフト」 under the header, when the post is one
        self.ribbon_text = ribbon_text
        self.header: Header | None = None  # laid out when first painted (see Header)


class Fonts:
    """The card's font, its bold and both metrics: made once per font, not per row."""

    __slots__ = ("bold", "bold_metrics", "font", "metrics")

    def __init__(self, font: QFont) -> None:
        self.font = QFont(font)
        self.bold = bold(font)
        self.metrics = QFontMetrics(self.font)
        self.bold_metrics = QFontMetrics(self.bold)


class Colours:
    """The header's colours on one ground of one palette, made readable once."""

    __slots__ = ("friends", "muted", "text")

    def __init__(self, palette: QPalette, ground: QColor) -> None:
        self.text = theme.readable(palette.color(QPalette.ColorRole.Text), ground)
        self.muted = theme.muted(palette, ground)
        self.friends = theme.friends_accent(palette, ground)


def _static(text: str, font: QFont) -> QStaticText:
    static = QStaticText(text)
    static.setTextFormat(Qt.TextFormat.PlainText)  # a name is never markup
    static.prepare(QTransform(), font)
    return static


class Header:
    """A card's header line as drawn: the relative time on the right, the name in bold
    and the handle elided into what is left. Laid out once per time text (the time
    changes once a minute); painting it is three ``drawStaticText``."""

    __slots__ = ("handle", "handle_at", "name", "name_at", "time", "time_at", "time_text")

    def __init__(
        self,
        time_text: str,
        name: str,
        handle: str,
        fonts: Fonts,
        line: QRect,
    ) -> None:
        metrics, bold_metrics = fonts.metrics, fonts.bold_metrics
        self.time_text = time_text
        time_width = metrics.horizontalAdvance(time_text)
        y = line.top() + (line.height() - metrics.height()) / 2
        self.time = _static(time_text, fonts.font)
        self.time_at = QPointF(line.left() + line.width() - time_width, y)
        space = max(0, line.width() - time_width - 8)
        elided = bold_metrics.elidedText(name, Qt.TextElideMode.ElideRight, space)
        self.name = _static(elided, fonts.bold)
        self.name_at = QPointF(
            line.left(), line.top() + (line.height() - bold_metrics.height()) / 2
        )
        used = bold_metrics.horizontalAdvance(elided) + 6
        self.handle: QStaticText | None = None
        self.handle_at = QPointF(line.left() + used, y)
        if used < space:
            shown = metrics.elidedText(handle, Qt.TextElideMode.ElideRight, space - used)
            self.handle = _static(shown, fonts.font)

    def paint(self, painter: QPainter, fonts: Fonts, colours: Colours) -> None:
        painter.setFont(fonts.font)
        painter.setPen(colours.muted)
        painter.drawStaticText(self.time_at, self.time)
        if self.handle is not None:
            painter.drawStaticText(self.handle_at, self.handle)
        painter.setFont(fonts.bold)
        painter.setPen(colours.text)
        painter.drawStaticText(self.name_at, self.name)


def bold(font: QFont) -> QFont:
    bold = QFont(font)
    bold.setBold(True)
    return bold


def content_left() -> int:
    return theme.CARD_PADDING + theme.AVATAR_SIZE + theme.AVATAR_GAP


def thumb_rects(
    media: tuple[MediaAttachment, ...], left: float, top: float, width: float
) -> list[QRectF]:
    shown = media[: theme.MAX_THUMBS]
    if not shown:
        return []
    n = len(shown)
    if n == 1:
        m = shown[0]
        height = float(theme.THUMB_HEIGHT_SINGLE)
        if m.width and m.height:
            height = min(height, width * m.height / m.width)
        return [QRectF(left, top, width, max(48.0, height))]
    each = (width - (n - 1) * theme.THUMB_GAP) / n
    height = min(float(theme.THUMB_HEIGHT_MANY), max(48.0, each))
    return [QRectF(left + i * (each + theme.THUMB_GAP), top, each, height) for i in range(n)]


def circle(source: QPixmap, size: int, dpr: float) -> QPixmap:
    out = QPixmap(int(size * dpr), int(size * dpr))
    out.setDevicePixelRatio(dpr)
    out.fill(Qt.GlobalColor.transparent)
    painter = QPainter(out)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    path = QPainterPath()
    path.addEllipse(QRectF(0, 0, size, size))
    painter.setClipPath(path)
    painter.drawPixmap(QPointF(0, 0), cover(source, QSize(size, size), dpr))
    painter.end()
    return out


def initial_avatar(seed: str, letter: str, size: int, dpr: float, font: QFont) -> QPixmap:
    """The avatar of someone whose picture is not loaded: ``letter`` in white on a colour
    of their own (:func:`app.ui.theme.avatar_colour`), drawn once at device resolution."""
    out = QPixmap(int(size * dpr), int(size * dpr))
    out.setDevicePixelRatio(dpr)
    out.fill(Qt.GlobalColor.transparent)
    painter = QPainter(out)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(theme.avatar_colour(seed))
    target = QRectF(0, 0, size, size)
    painter.drawEllipse(target)
    letter_font = QFont(font)
    letter_font.setBold(True)
    letter_font.setPixelSize(int(size * 0.45))
    painter.setFont(letter_font)
    painter.setPen(QColor("white"))
    painter.drawText(target, Qt.AlignmentFlag.AlignCenter, letter)
    painter.end()
    return out


def cover(source: QPixmap, size: QSize, dpr: float) -> QPixmap:
    """``source`` scaled to cover ``size`` (cropped in the middle), at device resolution."""
    target = QSize(max(1, int(size.width() * dpr)), max(1, int(size.height() * dpr)))
    scaled = source.scaled(
        target,
        Qt.AspectRatioMode.KeepAspectRatioByExpanding,
        Qt.TransformationMode.SmoothTransformation,
    )
    x = (scaled.width() - target.width()) // 2
    y = (scaled.height() - target.height()) // 2
    cropped = scaled.copy(x, y, target.width(), target.height())
    cropped.setDevicePixelRatio(dpr)
    return cropped


def paint_alt_badge(painter: QPainter, rect: QRectF) -> None:
    """The "ALT" badge on a thumbnail that has a description."""
    badge_font = QFont(painter.font())
    badge_font.setBold(True)
    badge_font.setPixelSize(10)
    metrics = QFontMetrics(badge_font)
    text = "ALT"  # the badge's conventional label in every language, like Mastodon's
    badge = QRectF(
        rect.left() + 6,
        rect.bottom() - 6 - (metrics.height() + 2),
        metrics.horizontalAdvance(text) + 8,
        metrics.height() + 2,
    )
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, 170))
    painter.drawRoundedRect(badge, 3, 3)
    painter.setFont(badge_font)
    painter.setPen(QColor("white"))
    painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()


def paint_more(painter: QPainter, rect: QRectF, hidden: int) -> None:
    """ "+N" over the last thumbnail shown, when ``hidden`` more pictures are not."""
    # Dark enough for white words even over a white picture.
    painter.fillRect(rect, QColor(0, 0, 0, 150))
    more = QFont(painter.font())
    more.setBold(True)
    more.setPixelSize(18)
    painter.setFont(more)
    painter.setPen(QColor("white"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"+{hidden}")


def paint_background(
    painter: QPainter, rect: QRect, palette: QPalette, state: QStyle.StateFlag
) -> QColor:
    """Tints a selected or hovered row; returns the row's ground as it now shows."""
    ground = palette.color(QPalette.ColorRole.Base)
    tint = None
    if state & QStyle.StateFlag.State_Selected:
        tint = QColor(palette.color(QPalette.ColorRole.Highlight))
        tint.setAlpha(40)
    elif state & QStyle.StateFlag.State_MouseOver:
        tint = QColor(palette.color(QPalette.ColorRole.Text))
        tint.setAlpha(10)
    if tint is not None:
        painter.fillRect(rect, tint)
        ground = theme.over(tint, ground)
    line = QColor(palette.color(QPalette.ColorRole.Text))
    line.setAlpha(28)
    # The separator: a one-pixel rectangle (filling is much cheaper than a line).
    left = rect.left() + theme.CARD_PADDING
    painter.fillRect(
        QRect(left, rect.bottom(), rect.right() - theme.CARD_PADDING - left + 1, 1), line
    )
    return ground
