"""The action buttons a post card shows while the pointer is over it, and the gift ribbon.

Painted by :class:`app.ui.post_delegate.PostDelegate` (no widget per post): a small bar
of round buttons at the card's top right, over its time and lock (never over the text),
only on the hovered row; :func:`button_rects` is the one geometry both painting and hit
testing use. Which actions a post offers is :func:`offered` (a friends-only post cannot
be boosted: :func:`app.core.answering.can_boost`).

The names are the action keys :mod:`app.ui.post_actions` acts on.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette

from app.core.answering import can_boost
from app.core.models import Post
from app.ui import theme

__all__ = [
    "ACTIONS",
    "button_rects",
    "label",
    "offered",
    "paint_buttons",
    "paint_ribbon",
    "ribbon_rect",
]

translate = QCoreApplication.translate

# (action key, glyph on the button), in the order shown.
ACTIONS: tuple[tuple[str, str], ...] = (
    ("reply", "↩"),
    ("like", "♡"),
    ("boost", "⟲"),
    ("conversation", "💬"),
    ("browser", "↗"),
    ("copy", "🔗"),
)
BUTTON = 26
GAP = 4
MARGIN = 6


def label(action: str) -> str:
    """The accessible name (and tooltip) of an action."""
    words = {
        #: Button on a post (hover): answer it.
        "reply": translate("PostActions", "Reply"),
        #: Button on a post: like it (お気に入り / いいね).
        "like": translate("PostActions", "Like"),
        #: Button on a post: boost (repost) it.
        "boost": translate("PostActions", "Boost"),
        "conversation": translate("PostActions", "Open the conversation"),
        "browser": translate("PostActions", "Open in the browser"),
        "copy": translate("PostActions", "Copy the link"),
        "return_gift": translate("PostActions", "Send a return gift"),
        #: Screen-reader name of a post's menu of actions.
        "post_menu": translate("PostActions", "Post actions"),
        #: Post menu: submenu of emoji reactions.
        "react_with": translate("PostActions", "React with"),
        #: Said and shown after liking a post.
        "liked": translate("PostActions", "Liked."),
        #: Said and shown after boosting a post.
        "boosted": translate("PostActions", "Boosted."),
        #: Said and shown after copying a post's link.
        "copied": translate("PostActions", "Link copied."),
    }
    return words.get(action, action)


def offered(post: Post) -> list[str]:
    """The hover actions ``post`` offers: no boost of a post that is not public, no
    browser or link without a link."""
    out = []
    for key, _glyph in ACTIONS:
        if key == "boost" and not can_boost(post):
            continue
        if key in ("browser", "copy") and not post.url:
            continue
        out.append(key)
    return out


def button_rects(post: Post, width: float, height: float) -> list[tuple[str, QRectF]]:
    """Where each offered button goes on a card of ``width`` × ``height``."""
    keys = offered(post)
    x = width - MARGIN - len(keys) * BUTTON - (len(keys) - 1) * GAP
    y = max(2.0, theme.CARD_PADDING - 5.0)  # over the header line: its time and lock
    return [(k, QRectF(x + i * (BUTTON + GAP), y, BUTTON, BUTTON)) for i, k in enumerate(keys)]


def paint_buttons(
    painter: QPainter, post: Post, width: float, height: float, palette: QPalette
) -> None:
    """The hover bar: a pill behind the round buttons so they read over any content."""
    rects = button_rects(post, width, height)
    if not rects:
        return
    glyphs = dict(ACTIONS)
    ground = QColor(palette.color(QPalette.ColorRole.Base))
    text = QColor(palette.color(QPalette.ColorRole.Text))
    ring = QColor(text)
    ring.setAlpha(60)
    pill = QRectF(rects[0][1].left() - 4, rects[0][1].top() - 3, 0, BUTTON + 6)
    pill.setRight(rects[-1][1].right() + 4)
    painter.save()
    painter.setPen(ring)
    painter.setBrush(ground)
    painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
    font = QFont(painter.font())
    font.setPixelSize(15)
    painter.setFont(font)
    for key, rect in rects:
        mark = glyphs[key]
        if key == "like" and post.favourited:
            mark = "♥"
        painter.setPen(_accent(palette) if _active(post, key) else text)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, mark)
    painter.restore()


def _active(post: Post, key: str) -> bool:
    return (key == "like" and post.favourited) or (key == "boost" and post.boosted)


def _accent(palette: QPalette) -> QColor:
    return QColor(palette.color(QPalette.ColorRole.Highlight))


def ribbon_rect(text: str, font: QFont, left: float, top: float) -> QRectF:
    """Where the ribbon reading ``text`` goes, its top-left corner at (left, top)."""
    metrics = QFontMetrics(_bold(font))
    return QRectF(left, top, metrics.horizontalAdvance(f"🎁 {text}") + 16, metrics.height() + 4)


def _bold(font: QFont) -> QFont:
    out = QFont(font)
    out.setBold(True)
    return out


def paint_ribbon(painter: QPainter, text: str, rect: QRectF) -> None:
    """「あなたへのギフト」: a red ribbon with white words (contrast well above 4.5)."""
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#B3261E"))
    painter.drawRoundedRect(rect, 4, 4)
    painter.setFont(_bold(painter.font()))
    painter.setPen(QColor("white"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"🎁 {text}")
    painter.restore()
