"""What every gift card is painted with: paper and ink colours, the card's mincho font
(optionally with the OpenType ``vert`` feature for 縦書き), the double frame, the SVG
artwork, and the recipient and sender lines (「ゆきさんへ」, 「はるより」).

Shared by the 横書き card (:mod:`app.ui.cards`) and the 年賀状 (:mod:`app.ui.card_vertical`).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPainter, QPen
from PySide6.QtSvg import QSvgRenderer

from app.core.gifts import Gift, polite_name
from app.i18n.fonts import card_serif_families, ui_families

__all__ = [
    "DEFAULT_SIZE",
    "INK",
    "NENGA_PAPER",
    "PAPER",
    "SOFT_INK",
    "addressed",
    "card_font",
    "frame",
    "paint_art",
    "require_app",
    "signed",
]

DEFAULT_SIZE = (1200, 800)
PAPER = QColor("#FFFBF3")
NENGA_PAPER = QColor("#FFFDF8")
INK = QColor("#2B2522")
SOFT_INK = QColor("#6B5E57")
_HAS_VERT = hasattr(QFont, "Tag") and hasattr(QFont, "setFeature")


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


def addressed(recipient: str) -> str:
    """「ゆきさんへ」; a name that already carries an honorific keeps its own (「ゆきちゃんへ」,
    「山田様へ」: :func:`app.core.gifts.polite_name`)."""
    name = polite_name(recipient)
    return f"{name}へ" if name else ""


def signed(sender: str) -> str:
    name = " ".join(sender.split())
    return f"{name}より" if name else ""


def require_app() -> None:
    if QGuiApplication.instance() is None:
        raise RuntimeError(
            "rendering a card needs a QGuiApplication (QT_QPA_PLATFORM=offscreen works)"
        )


def paint_art(painter: QPainter, gift: Gift, rect: QRectF) -> None:
    renderer = QSvgRenderer(str(gift.path))
    if not renderer.isValid():
        raise ValueError(f"gift {gift.key!r}: {gift.path.name} is not a valid SVG")
    renderer.render(painter, rect)


def frame(painter: QPainter, w: float, h: float, accent: QColor, paper: QColor) -> float:
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
