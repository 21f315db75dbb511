"""What a gift card carries once rendered (:class:`GiftCard`, one per audience, and the
:class:`GiftDraft` the composer sends), and the order and naming of its recipients:
friends sorted as a Japanese reader looks for them, and the name written on the card.

No widgets here; :mod:`app.ui.gift_picker` builds these.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from PySide6.QtCore import QCollator, QLocale, Qt

from app.core import gifts
from app.core.models import Audience, Friend, MediaUpload

__all__ = [
    "GiftCard",
    "GiftDraft",
    "Prefs",
    "friends_in_display_order",
    "recipients_name",
]


class Prefs(Protocol):
    """Where the sender name is remembered (the profile's :class:`app.store.db.Store`)."""

    def get(self, key: str, default: Any = None) -> Any: ...

    def set(self, key: str, value: Any) -> None: ...


@dataclass(frozen=True, slots=True)
class GiftCard:
    """One audience's rendered card."""

    audience: Audience
    png: bytes = field(repr=False)
    alt: str
    recipient: str = ""  # the name on the card; "" for an open card
    filename: str = "card.png"

    def media(self) -> MediaUpload:
        return MediaUpload(self.png, self.filename, "image/png", self.alt)


@dataclass(frozen=True, slots=True)
class GiftDraft:
    """The rendered cards of one gift, one per audience, ready to attach."""

    gift_key: str
    message: str
    sender: str
    cards: tuple[GiftCard, ...]  # public first
    recipients: tuple[Friend, ...] = ()  # empty: an open card

    def card(self, audience: Audience) -> GiftCard | None:
        return next((c for c in self.cards if c.audience is audience), None)

    def media(self) -> dict[Audience, tuple[MediaUpload, ...]]:
        """Each audience's own picture: what :meth:`Poster.send_draft` takes as ``media``."""
        return {c.audience: (c.media(),) for c in self.cards}


def _kana_folded(text: str) -> str:
    """``text`` for a collation without Japanese rules: NFKC (half-width ｶﾅ is カナ, Ａ is
    A), katakana as hiragana (カナ sorts with かな) and case folded, so that in code point
    order Latin comes first, then kana in gojūon order, then kanji."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    # Katakana ァ (U+30A1) to ヶ (U+30F6) are hiragana ぁ (U+3041) to ゖ (U+3096) + 0x60.
    return "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in folded)


def _japanese_collator() -> QCollator | None:
    """A QCollator with Japanese rules (ICU, Windows or macOS back ends), or None when the
    Qt build collates by code point only (then :func:`_kana_folded` is the key)."""
    collator = QCollator(QLocale(QLocale.Language.Japanese, QLocale.Country.Japan))
    collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    collator.setNumericMode(True)
    # Japanese rules put katakana カ between hiragana あ and さ; code point order does not.
    if collator.compare("あ", "カ") < 0 < collator.compare("さ", "カ"):
        return collator
    return None


def friends_in_display_order(friends: Iterable[Friend]) -> list[Friend]:
    """Friends as a Japanese reader looks for them: by the name they show (かな in gojūon
    order, whatever the romaji username), then by handle for equal names."""
    collator = _japanese_collator()

    def name(friend: Friend) -> str:
        return (friend.display_name or friend.username).strip()

    if collator is not None:
        return sorted(friends, key=lambda f: (collator.sortKey(name(f)), f.handle))
    return sorted(friends, key=lambda f: (_kana_folded(name(f)), f.handle))


def recipients_name(friends: Iterable[Friend]) -> str:
    """The name on the card: 「ゆき」 (the card adds さん), 「ゆきさん、はるさん」, or
    「みなさん」 for a crowd. A name that carries its own honorific keeps it."""
    names = [(f.display_name or f.username).strip() for f in friends]
    names = [n for n in names if n]
    if len(names) == 1:
        return names[0]
    if 1 < len(names) <= 3:
        return "、".join(gifts.polite_name(n) for n in names)
    return "みなさん" if names else ""
