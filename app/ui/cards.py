"""Gift cards painted with QPainter: the SVG artwork, the message, 「〇〇さんへ」 and the sender.

Two layouts:

- the ordinary card (横書き): artwork on the left, the recipient, the message (wrapped,
  shrunk to fit) and 「〇〇より」 on the right;
- the 年賀状 (``vertical=True``, 縦書き): Qt has no vertical text layout, so each column is
  set one character per cell from top to bottom, columns from right to left — the
  recipient, the greeting, the date line (「令和九年 元旦」) and the sender. Every
  character is drawn with the OpenType ``vert`` feature (``QFont.setFeature``, Qt ≥ 6.6),
  so 「」, ー, 、。, small kana and 〜 take their vertical forms; digits become kanji
  numerals (二〇二七); a 、。」 that would open a column hangs at the end of the one
  before (ぶら下げ).

Public API:

- :func:`render_card` — PNG bytes of a card, ``size`` pixels; works offscreen but needs a
  ``QGuiApplication`` (fonts live there).
- :func:`render_image` — the same as a ``QImage`` (for the composer's preview).
- :func:`vertical_layout` — where a 年賀状's characters go (:class:`CardLayout`), for tests
  and for anyone who wants to check the typesetting.
- :func:`card_font` — the mincho font cards use, optionally with ``vert``
  (:mod:`app.ui.card_paint`; the 縦書き typesetting is in :mod:`app.ui.card_vertical`).
- :func:`default_date_line` — 「令和九年 元旦」 for the coming New Year
  (:func:`app.core.wareki.nenga_date`).

The card's words are Japanese whatever the UI language: it is a Japanese greeting.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen

from app.core.clock import tokyo_today
from app.core.gifts import Gift
from app.core.wareki import nenga_date
from app.ui.card_paint import (
    DEFAULT_SIZE,
    INK,
    PAPER,
    SOFT_INK,
    addressed,
    card_font,
    frame,
    paint_art,
    require_app,
    signed,
)
from app.ui.card_vertical import CardLayout, PlacedChar, paint_vertical, vertical_layout

__all__ = [
    "DEFAULT_SIZE",
    "CardLayout",
    "PlacedChar",
    "addressed",
    "card_font",
    "coming_new_year",
    "default_date_line",
    "png_bytes",
    "render_card",
    "render_image",
    "signed",
    "vertical_layout",
]


# ------------------------------------------------------------------ dates


def coming_new_year(today: date | None = None) -> int:
    """The New Year a 年賀状 written today greets: next year from November on."""
    today = today or tokyo_today()
    return today.year + 1 if today.month >= 11 else today.year


def default_date_line(today: date | None = None) -> str:
    """The 年賀状 date line for the coming New Year: 「令和九年 元旦」 (kanji numerals)."""
    return nenga_date(coming_new_year(today), vertical=True)


# ------------------------------------------------------------------ 横書き


def _fit_font(text: str, rect: QRectF, largest: float, smallest: float) -> QFont:
    flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | int(
        Qt.TextFlag.TextWordWrap
    )
    px = largest
    while True:
        font = card_font(px, bold=True)
        used = QFontMetricsF(font).boundingRect(rect, flags, text)
        if (used.height() <= rect.height() and used.width() <= rect.width()) or px <= smallest:
            return font
        px *= 0.94


def _layout_horizontal(w: float, h: float, pad: float) -> tuple[QRectF, QRectF]:
    """(art, text): side by side on a landscape card, the art above on an upright one."""
    unit = min(w, h)
    if w >= h * 1.05:
        side = min(h - 2 * pad, w * 0.42)
        art = QRectF(pad, (h - side) / 2, side, side)
        text = QRectF(
            art.right() + unit * 0.05, pad, w - pad - art.right() - unit * 0.05, h - 2 * pad
        )
    else:
        side = min(w - 2 * pad, h * 0.46)
        art = QRectF((w - side) / 2, pad, side, side)
        text = QRectF(
            pad, art.bottom() + unit * 0.03, w - 2 * pad, h - pad - art.bottom() - unit * 0.03
        )
    return art, text


def _recipient_font(to: str, width: float, unit: float) -> QFont:
    # Several friends' names make a long line: smaller type first.
    px = unit * 0.058
    font = card_font(px, bold=True)
    while QFontMetricsF(font).horizontalAdvance(to) > width and px > unit * 0.04:
        px *= 0.94
        font = card_font(px, bold=True)
    return font


def _paint_recipient(
    painter: QPainter, to: str, text: QRectF, y: float, unit: float, accent: QColor
) -> float:
    """「ゆきさん、はるさんへ」 and a rule under it; returns where the message starts.
    Too long for one line: a second line, broken after a name's 、, never a name cut."""
    font = _recipient_font(to, text.width(), unit)
    lines = [to]
    if QFontMetricsF(font).horizontalAdvance(to) > text.width() and "、" in to:
        names = to.split("、")
        half = (len(names) + 1) // 2
        lines = ["、".join(names[:half]) + "、", "、".join(names[half:])]
    painter.setFont(font)
    painter.setPen(accent)
    metrics = QFontMetricsF(font)
    line_h = metrics.height()
    for line in lines:
        shown = metrics.elidedText(line, Qt.TextElideMode.ElideRight, text.width())
        painter.drawText(
            QRectF(text.left(), y, text.width(), line_h), Qt.AlignmentFlag.AlignLeft, shown
        )
        y += line_h
    y += unit * 0.012
    rule = QColor(accent)
    rule.setAlpha(120)
    painter.setPen(QPen(rule, max(1.0, unit * 0.003)))
    painter.drawLine(QPointF(text.left(), y), QPointF(text.right(), y))
    return y + unit * 0.035


def _paint_horizontal(
    painter: QPainter,
    gift: Gift,
    message: str,
    recipient: str,
    sender: str,
    size: tuple[int, int],
    accent: QColor,
) -> None:
    w, h = float(size[0]), float(size[1])
    unit = min(w, h)
    pad = frame(painter, w, h, accent, PAPER)
    art, text = _layout_horizontal(w, h, pad)
    paint_art(painter, gift, art)
    y = text.top() + unit * 0.02
    to = addressed(recipient)
    if to:
        y = _paint_recipient(painter, to, text, y, unit, accent)
    by = signed(sender)
    sign_font = card_font(unit * 0.048)
    sign_h = QFontMetricsF(sign_font).height() if by else 0.0
    body = QRectF(text.left(), y, text.width(), text.bottom() - y - sign_h - unit * 0.03)
    flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter) | int(
        Qt.TextFlag.TextWordWrap
    )
    painter.setFont(_fit_font(message, body, unit * 0.066, unit * 0.03))
    painter.setPen(INK)
    painter.drawText(body, flags, message)
    if by:
        painter.setFont(sign_font)
        painter.setPen(SOFT_INK)
        painter.drawText(
            QRectF(text.left(), text.bottom() - sign_h, text.width(), sign_h),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
            by,
        )


# ------------------------------------------------------------------ public


def render_image(
    gift: Gift,
    message: str,
    recipient: str,
    sender: str,
    *,
    vertical: bool = False,
    size: tuple[int, int] = DEFAULT_SIZE,
    date_line: str | None = None,
) -> QImage:
    """The card as a QImage. ``date_line`` (vertical only) defaults to the coming New
    Year's 「令和…年 元旦」."""
    require_app()
    w, h = size
    if w < 64 or h < 64:
        raise ValueError(f"a card needs at least 64×64 pixels, not {w}×{h}")
    image = QImage(w, h, QImage.Format.Format_RGB32)
    image.fill(PAPER)
    accent = QColor(gift.accent)
    painter = QPainter(image)
    try:
        painter.setRenderHints(
            QPainter.RenderHint.Antialiasing
            | QPainter.RenderHint.TextAntialiasing
            | QPainter.RenderHint.SmoothPixmapTransform
        )
        if vertical:
            line = default_date_line() if date_line is None else date_line
            layout = vertical_layout(message, recipient, sender, line, size)
            paint_vertical(painter, gift, layout, accent)
        else:
            _paint_horizontal(painter, gift, message, recipient, sender, size, accent)
    finally:
        painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # PySide6 takes the format as str here, although its stub declares bytes.
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]
        raise RuntimeError("could not encode the card as PNG")
    buffer.close()
    return bytes(data.data())


def render_card(
    gift: Gift,
    message: str,
    recipient: str,
    sender: str,
    *,
    vertical: bool = False,
    size: tuple[int, int] = DEFAULT_SIZE,
    date_line: str | None = None,
) -> bytes:
    """PNG bytes of ``gift``'s card to ``recipient`` from ``sender`` carrying ``message``.

    ``vertical=True`` sets it as a 年賀状 in 縦書き (see the module docstring).
    """
    image = render_image(
        gift, message, recipient, sender, vertical=vertical, size=size, date_line=date_line
    )
    return png_bytes(image)
