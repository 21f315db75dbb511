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
- :func:`card_font` — the mincho font cards use, optionally with ``vert``.
- :func:`default_date_line` — 「令和九年 元旦」 for the coming New Year
  (:func:`app.core.wareki.nenga_date`).

The card's words are Japanese whatever the UI language: it is a Japanese greeting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import regex
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPainter,
    QPen,
)
from PySide6.QtSvg import QSvgRenderer

from app.core.clock import tokyo_today
from app.core.gifts import Gift, polite_name
from app.core.wareki import nenga_date
from app.i18n.fonts import card_serif_families, ui_families

DEFAULT_SIZE = (1200, 800)
PAPER = QColor("#FFFBF3")
NENGA_PAPER = QColor("#FFFDF8")
INK = QColor("#2B2522")
SOFT_INK = QColor("#6B5E57")
# Characters that must not open a column (行頭禁則); they hang below the previous one.
_NO_COLUMN_START = set(
    "、。，．,.」』）】〕〉》!?！？ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〜…‥"
)
_KANJI_DIGITS = "〇一二三四五六七八九"
_MAX_HEAD = 5  # longest first line that is treated as a 賀詞
_HAS_VERT = hasattr(QFont, "Tag") and hasattr(QFont, "setFeature")


# ------------------------------------------------------------------ dates


def coming_new_year(today: date | None = None) -> int:
    """The New Year a 年賀状 written today greets: next year from November on."""
    today = today or tokyo_today()
    return today.year + 1 if today.month >= 11 else today.year


def default_date_line(today: date | None = None) -> str:
    """The 年賀状 date line for the coming New Year: 「令和九年 元旦」 (kanji numerals)."""
    return nenga_date(coming_new_year(today), vertical=True)


# ------------------------------------------------------------------ fonts


def _installed(families: list[str]) -> list[str]:
    available = set(QFontDatabase.families())
    return [f for f in families if f in available]


def card_font(pixel_size: float, *, vertical: bool = False, bold: bool = False) -> QFont:
    """The card's mincho at ``pixel_size``; ``vertical`` turns on the OpenType ``vert``."""
    font = QFont()
    # Mincho first; the Japanese sans and emoji fonts after it so that nothing falls back
    # to a Chinese face or to boxes when the mincho lacks a character.
    families = _installed([*card_serif_families(), *ui_families("ja")])
    if families:
        font.setFamilies(families)
    font.setPixelSize(max(1, round(pixel_size)))
    font.setWeight(QFont.Weight.DemiBold if bold else QFont.Weight.Normal)
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    if vertical and _HAS_VERT:
        font.setFeature(QFont.Tag("vert"), 1)
    return font


# ------------------------------------------------------------------ helpers


def addressed(recipient: str) -> str:
    """「ゆきさんへ」; a name that already carries an honorific keeps its own (「ゆきちゃんへ」,
    「山田様へ」: :func:`app.core.gifts.polite_name`)."""
    name = polite_name(recipient)
    return f"{name}へ" if name else ""


def signed(sender: str) -> str:
    name = " ".join(sender.split())
    return f"{name}より" if name else ""


def _require_app() -> None:
    if QGuiApplication.instance() is None:
        raise RuntimeError(
            "rendering a card needs a QGuiApplication (QT_QPA_PLATFORM=offscreen works)"
        )


def _paint_art(painter: QPainter, gift: Gift, rect: QRectF) -> None:
    renderer = QSvgRenderer(str(gift.path))
    if not renderer.isValid():
        raise ValueError(f"gift {gift.key!r}: {gift.path.name} is not a valid SVG")
    renderer.render(painter, rect)


def _frame(painter: QPainter, w: float, h: float, accent: QColor, paper: QColor) -> float:
    """Paper and a double frame in the gift's colour; returns the inner padding."""
    painter.fillRect(QRectF(0, 0, w, h), paper)
    unit = min(w, h)
    m = unit * 0.028
    pen = QPen(accent, max(2.0, unit * 0.006))
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(QRectF(m, m, w - 2 * m, h - 2 * m), unit * 0.02, unit * 0.02)
    thin = QColor(accent)
    thin.setAlpha(110)
    painter.setPen(QPen(thin, max(1.0, unit * 0.0022)))
    m2 = m + unit * 0.014
    painter.drawRoundedRect(QRectF(m2, m2, w - 2 * m2, h - 2 * m2), unit * 0.014, unit * 0.014)
    return m2 + unit * 0.03


# ------------------------------------------------------------------ 縦書き


@dataclass(frozen=True, slots=True)
class PlacedChar:
    """One character of a vertical card: its cell (the glyph is centred in it)."""

    text: str
    rect: QRectF
    column: int  # 0 is the rightmost column
    role: str  # "recipient" | "greeting" (賀詞) | "message" | "date" | "sender"
    pixel_size: float


@dataclass(frozen=True, slots=True)
class CardLayout:
    size: tuple[int, int]
    art: QRectF
    chars: tuple[PlacedChar, ...]

    def role(self, role: str) -> list[PlacedChar]:
        return [c for c in self.chars if c.role == role]


def _vertical_text(text: str) -> str:
    """Digits as kanji numerals, one per digit (二〇二七年), as 縦書き sets years."""
    return re.sub(r"[0-9０-９]", lambda m: _KANJI_DIGITS[int(m.group())], text)


def _graphemes(text: str) -> list[str]:
    return regex.findall(r"\X", text)


def _columns(text: str, per_column: int) -> list[list[str]]:
    """``text`` broken into columns of at most ``per_column`` cells.

    A character that must not open a column hangs below the full one (ぶら下げ); when one
    has hung already, the last characters move on with it (追い出し), so a column never
    starts with 、。」ー or a small kana.
    """
    out: list[list[str]] = []
    for line in text.split("\n"):
        column: list[str] = []
        for ch in _graphemes(line.strip()):
            if len(column) < per_column:
                column.append(ch)
                continue
            if ch in _NO_COLUMN_START and len(column) == per_column:
                column.append(ch)  # hang one mark below the column
                continue
            carried: list[str] = []
            if ch in _NO_COLUMN_START:
                while len(column) > 1 and column[-1] in _NO_COLUMN_START:
                    carried.insert(0, column.pop())
                if len(column) > 1:
                    carried.insert(0, column.pop())
            out.append(column)
            column = [*carried, ch]
        out.append(column)
    return [c for c in out if c] or [[]]


def _recipient_columns(to: str, per_column: int) -> list[list[str]]:
    """「ゆきさん、はるさんへ」 in one column when it fits, else one name per column (a name
    too long for a column wraps like the greeting)."""
    if len(_graphemes(to)) <= per_column:
        return [_graphemes(to)]
    return _columns(to.replace("、", "、\n"), per_column)


def _cell_height(ch: str, size: float) -> float:
    # A half-width space is a short pause; everything else gets a full square cell.
    return size * 0.5 if ch == " " else size * 1.04


def _column_length(column: list[str], size: float) -> float:
    return sum(_cell_height(ch, size) for ch in column)


def vertical_layout(
    message: str,
    recipient: str,
    sender: str,
    date_line: str,
    size: tuple[int, int] = DEFAULT_SIZE,
) -> CardLayout:
    """Where each character of a 年賀状 goes. Columns run right to left, characters top to
    bottom; the greeting takes the largest size at which it fits."""
    w, h = float(size[0]), float(size[1])
    unit = min(w, h)
    pad = unit * 0.028 + unit * 0.014 + unit * 0.03
    landscape = w >= h
    if landscape:
        side = min(h * 0.62, w * 0.36)
        art = QRectF(pad + unit * 0.02, h - pad - side - unit * 0.02, side, side)
        area = QRectF(
            art.right() + unit * 0.04, pad, w - pad - art.right() - unit * 0.04, h - 2 * pad
        )
    else:
        side = min(w * 0.5, h * 0.3)
        art = QRectF(pad + unit * 0.02, h - pad - side, side, side)
        area = QRectF(pad, pad, w - 2 * pad, h - 2 * pad - side - unit * 0.03)
    message = _vertical_text(message)
    date_line = _vertical_text(date_line)
    to = addressed(recipient)
    by = signed(sender)
    # A short first line (謹賀新年, 賀正, 迎春 …) is the 賀詞: set large, in the gift's colour.
    lines = message.strip().split("\n")
    head = ""
    body = message
    if len(lines) > 1 and 1 <= len(_graphemes(lines[0].strip())) <= _MAX_HEAD:
        head, body = lines[0].strip(), "\n".join(lines[1:])

    def plan(
        px: float, *, wrap: bool
    ) -> tuple[float, list[tuple[str, list[str], float, float]]] | None:
        """(total width, [(role, column, pixel size, top offset)]) or None if too long."""
        sizes = {"recipient": px * 0.62, "message": px, "date": px * 0.55, "sender": px * 0.6}
        height = area.height()
        cols: list[tuple[str, list[str], float, float]] = []
        if to:
            per_r = max(1, int(height // _cell_height("一", sizes["recipient"])))
            for column in _recipient_columns(to, per_r):
                cols.append(("recipient", column, sizes["recipient"], 0.0))
        if head:
            cols.append(("greeting", _graphemes(head), px * 1.5, 0.0))
        per = max(1, int(height // _cell_height("一", px)))
        if not wrap and any(len(_columns(line, per)) > 1 for line in body.split("\n")):
            return None
        for column in _columns(body, per) if body.strip() else []:
            cols.append(("message", column, px, 0.0))
        if date_line:
            offset = px * 1.4  # the date starts lower than the greeting, as on a card
            per_d = max(1, int((height - offset) // _cell_height("一", sizes["date"])))
            for column in _columns(date_line, per_d):
                cols.append(("date", column, sizes["date"], offset))
        if by:
            cols.append(("sender", _graphemes(by), sizes["sender"], -1.0))  # -1: bottom
        for _role, column, csize, offset in cols:
            if _column_length(column, csize) + max(offset, 0.0) > height + csize * 1.04:
                return None
        total = 0.0
        for i, (role, _c, csize, _o) in enumerate(cols):
            total += csize * 1.2
            if i + 1 < len(cols):
                nxt = cols[i + 1][0]
                total += csize * (0.55 if nxt == role else 0.9)
        return (total, cols) if total <= area.width() else None

    # Each line of the greeting in one column if that keeps it a comfortable size;
    # otherwise the largest size at which the wrapped columns fit.
    planned = None
    for wrap, smallest in ((False, unit * 0.045), (True, 8.0)):
        px = unit * 0.1
        planned = plan(px, wrap=wrap)
        while planned is None and px > smallest:
            px *= 0.95
            planned = plan(px, wrap=wrap)
        if planned is not None:
            break
    if planned is None:
        raise ValueError("the greeting is too long for a vertical card")
    total, cols = planned
    # The block sits right of centre in the text area, as a hand-written card would.
    x = area.right() - max(0.0, (area.width() - total) * 0.45)
    chars: list[PlacedChar] = []
    for index, (role, column, csize, offset) in enumerate(cols):
        col_w = csize * 1.2
        left = x - col_w
        length = _column_length(column, csize)
        y = area.bottom() - length if offset < 0 else area.top() + offset
        for ch in column:
            ch_h = _cell_height(ch, csize)
            chars.append(PlacedChar(ch, QRectF(left, y, col_w, ch_h), index, role, csize))
            y += ch_h
        x = left
        if index + 1 < len(cols):
            x -= csize * (0.55 if cols[index + 1][0] == role else 0.9)
    return CardLayout(size=(int(w), int(h)), art=art, chars=tuple(chars))


def _paint_vertical(painter: QPainter, gift: Gift, layout: CardLayout, accent: QColor) -> None:
    w, h = layout.size
    _frame(painter, w, h, accent, NENGA_PAPER)
    _paint_art(painter, gift, layout.art)
    fonts: dict[tuple[float, bool], QFont] = {}
    colours = {
        "recipient": SOFT_INK,
        "greeting": accent,
        "message": INK,
        "date": SOFT_INK,
        "sender": INK,
    }
    for placed in layout.chars:
        bold = placed.role in ("message", "greeting")
        key = (placed.pixel_size, bold)
        if key not in fonts:
            fonts[key] = card_font(placed.pixel_size, vertical=True, bold=bold)
        painter.setFont(fonts[key])
        painter.setPen(colours[placed.role])
        painter.drawText(placed.rect, Qt.AlignmentFlag.AlignCenter, placed.text)


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
    pad = _frame(painter, w, h, accent, PAPER)
    landscape = w >= h * 1.05
    if landscape:
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
    _paint_art(painter, gift, art)

    y = text.top() + unit * 0.02
    to = addressed(recipient)
    if to:
        # Several friends' names make a long line: smaller type, then a second line
        # (broken after a name's 、), never a name cut short.
        px = unit * 0.058
        font = card_font(px, bold=True)
        while QFontMetricsF(font).horizontalAdvance(to) > text.width() and px > unit * 0.04:
            px *= 0.94
            font = card_font(px, bold=True)
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
        y += unit * 0.035
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
    _require_app()
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
            _paint_vertical(painter, gift, layout, accent)
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
