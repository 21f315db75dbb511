"""The 年賀状 in 縦書き: Qt has no vertical text layout, so each column is set one
character per cell from top to bottom, columns from right to left — the recipient, the
greeting (a short first line, the 賀詞, set large in the gift's colour), the message, the
date line (「令和九年 元旦」) and the sender. Digits become kanji numerals (二〇二七); a
、。」 that would open a column hangs at the end of the one before (ぶら下げ), or takes the
last characters with it (追い出し).

:func:`vertical_layout` says where each character goes (:class:`CardLayout`), for painting
and for tests; :func:`paint_vertical` paints it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import regex
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter

from app.core.gifts import Gift
from app.ui.card_paint import (
    DEFAULT_SIZE,
    INK,
    NENGA_PAPER,
    SOFT_INK,
    addressed,
    card_font,
    frame,
    paint_art,
    signed,
)

__all__ = ["CardLayout", "PlacedChar", "paint_vertical", "vertical_layout"]

# Characters that must not open a column (行頭禁則); they hang below the previous one.
_NO_COLUMN_START = set(
    "、。，．,.」』）】〕〉》!?！？ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〜…‥"
)
_KANJI_DIGITS = "〇一二三四五六七八九"
_MAX_HEAD = 5  # longest first line that is treated as a 賀詞


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
    found: list[str] = regex.findall(r"\X", text)
    return found


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


Column = tuple[str, list[str], float, float]  # role, characters, pixel size, top offset


@dataclass(frozen=True, slots=True)
class _Words:
    """A 年賀状's words, ready to set: digits as kanji, the 賀詞 apart from the body."""

    to: str  # 「ゆきさんへ」
    head: str  # 賀詞 (謹賀新年, 賀正, 迎春 …) or ""
    body: str
    date_line: str
    by: str  # 「はるより」

    @classmethod
    def of(cls, message: str, recipient: str, sender: str, date_line: str) -> _Words:
        message = _vertical_text(message)
        # A short first line (謹賀新年, 賀正, 迎春 …) is the 賀詞: set large, in colour.
        lines = message.strip().split("\n")
        head, body = "", message
        if len(lines) > 1 and 1 <= len(_graphemes(lines[0].strip())) <= _MAX_HEAD:
            head, body = lines[0].strip(), "\n".join(lines[1:])
        return cls(addressed(recipient), head, body, _vertical_text(date_line), signed(sender))


def _areas(w: float, h: float) -> tuple[QRectF, QRectF]:
    """Where the artwork and the text go: (art, text area)."""
    unit = min(w, h)
    pad = unit * 0.028 + unit * 0.014 + unit * 0.03
    if w >= h:  # landscape: the art bottom left, the columns to its right
        side = min(h * 0.62, w * 0.36)
        art = QRectF(pad + unit * 0.02, h - pad - side - unit * 0.02, side, side)
        area = QRectF(
            art.right() + unit * 0.04, pad, w - pad - art.right() - unit * 0.04, h - 2 * pad
        )
    else:  # upright: the columns above the art
        side = min(w * 0.5, h * 0.3)
        art = QRectF(pad + unit * 0.02, h - pad - side, side, side)
        area = QRectF(pad, pad, w - 2 * pad, h - 2 * pad - side - unit * 0.03)
    return art, area


def _plan_columns(words: _Words, px: float, height: float, *, wrap: bool) -> list[Column] | None:
    """Every column at greeting size ``px``; None when a line must wrap but may not."""
    sizes = {"recipient": px * 0.62, "date": px * 0.55, "sender": px * 0.6}
    cols: list[Column] = []
    if words.to:
        per_r = max(1, int(height // _cell_height("一", sizes["recipient"])))
        for column in _recipient_columns(words.to, per_r):
            cols.append(("recipient", column, sizes["recipient"], 0.0))
    if words.head:
        cols.append(("greeting", _graphemes(words.head), px * 1.5, 0.0))
    per = max(1, int(height // _cell_height("一", px)))
    if not wrap and any(len(_columns(line, per)) > 1 for line in words.body.split("\n")):
        return None
    for column in _columns(words.body, per) if words.body.strip() else []:
        cols.append(("message", column, px, 0.0))
    if words.date_line:
        offset = px * 1.4  # the date starts lower than the greeting, as on a card
        per_d = max(1, int((height - offset) // _cell_height("一", sizes["date"])))
        for column in _columns(words.date_line, per_d):
            cols.append(("date", column, sizes["date"], offset))
    if words.by:
        cols.append(("sender", _graphemes(words.by), sizes["sender"], -1.0))  # -1: bottom
    return cols


def _plan(
    words: _Words, px: float, area: QRectF, *, wrap: bool
) -> tuple[float, list[Column]] | None:
    """(total width, columns) at greeting size ``px``, or None if they do not fit."""
    cols = _plan_columns(words, px, area.height(), wrap=wrap)
    if cols is None:
        return None
    for _role, column, csize, offset in cols:
        if _column_length(column, csize) + max(offset, 0.0) > area.height() + csize * 1.04:
            return None
    total = 0.0
    for i, (role, _c, csize, _o) in enumerate(cols):
        total += csize * 1.2
        if i + 1 < len(cols):
            total += csize * (0.55 if cols[i + 1][0] == role else 0.9)
    return (total, cols) if total <= area.width() else None


def _fit(words: _Words, area: QRectF, unit: float) -> tuple[float, list[Column]]:
    """Each line of the greeting in one column if that keeps it a comfortable size;
    otherwise the largest size at which the wrapped columns fit."""
    for wrap, smallest in ((False, unit * 0.045), (True, 8.0)):
        px = unit * 0.1
        planned = _plan(words, px, area, wrap=wrap)
        while planned is None and px > smallest:
            px *= 0.95
            planned = _plan(words, px, area, wrap=wrap)
        if planned is not None:
            return planned
    raise ValueError("the greeting is too long for a vertical card")


def _place(cols: list[Column], total: float, area: QRectF) -> list[PlacedChar]:
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
    return chars


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
    art, area = _areas(w, h)
    words = _Words.of(message, recipient, sender, date_line)
    total, cols = _fit(words, area, min(w, h))
    return CardLayout(size=(int(w), int(h)), art=art, chars=tuple(_place(cols, total, area)))


def paint_vertical(painter: QPainter, gift: Gift, layout: CardLayout, accent: QColor) -> None:
    w, h = layout.size
    frame(painter, w, h, accent, NENGA_PAPER)
    paint_art(painter, gift, layout.art)
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
