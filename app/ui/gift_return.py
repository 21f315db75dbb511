"""お返し: the text and the card of a return gift, for a gift addressed to the user.

The thank-you text is :func:`app.core.gifts_received.return_text` (casual to a friend,
polite in public) with the occasion's Japanese name, both from the catalogues (the gift
catalogue's ``thanks`` holds the words); the card is the same gift's, addressed to its
sender, painted by :mod:`app.ui.cards` with alt text from
:func:`app.core.gifts.default_alt`.
"""

from __future__ import annotations

from app.core.gifts import default_alt
from app.core.gifts_received import ReceivedGift, return_text
from app.core.models import MediaUpload
from app.services.catalogues import Catalogues
from app.ui.cards import render_card

__all__ = ["return_card", "return_message", "return_words"]


def _occasion_name(found: ReceivedGift, catalogues: Catalogues) -> str:
    try:
        return catalogues.entry(found.occasion_key).name_ja
    except (KeyError, ValueError):
        return ""


def return_message(found: ReceivedGift, catalogues: Catalogues) -> str:
    """The message on the returned card (content, in Japanese like the cards)."""
    occasion = _occasion_name(found, catalogues)
    thanks = catalogues.thanks
    return thanks.card.format(occasion=occasion) if occasion else thanks.card_without_occasion


def return_words(found: ReceivedGift, catalogues: Catalogues, me: str = "") -> str:
    return return_text(found, _occasion_name(found, catalogues), catalogues.thanks, me)


def return_card(found: ReceivedGift, catalogues: Catalogues, me: str = "") -> MediaUpload:
    """The card back: the same gift, addressed to its sender."""
    sender = found.sender.display_name or found.sender.username
    message = return_message(found, catalogues)
    png = render_card(found.gift, message, sender, me, vertical=found.gift.vertical)
    alt = default_alt(found.gift, sender, message, me)
    return MediaUpload(png, "card.png", "image/png", alt)
