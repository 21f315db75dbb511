"""Gifts received: is this post a Kizuna gift card addressed to me, and how to return it.

Pure (no I/O, no Qt). A Kizuna gift card travels as a picture whose alt text Kizuna wrote
from the gift catalogue (:func:`app.core.gifts.default_alt`: the gift's ``alt_template``
with ``{to}``/``{recipient}``/``{name}`` filled in, then the message). A received post is
a gift *for me* when one of its pictures is described that way, someone else wrote it,
and it is addressed to me:

- a friends-circle post (followers-only, or for chosen people) that names me among its
  recipients or mentions me (``@me``), or
- a public post that mentions me.

:func:`gift_for_me` answers with a :class:`ReceivedGift` (the gift, its occasion, the
sender, and the audience a return keeps: exactly the parent's, addressed to the sender
only); :func:`return_text` is the thank-you (お返し) text for the composer, polite for a
public gift and casual for a friend's, written from the gift catalogue's ``thanks``
(:class:`app.core.gifts.Thanks`: content, not code).
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from dataclasses import dataclass

from app.core.gifts import Gift, Thanks
from app.core.models import Audience, Author, Post

__all__ = ["ReceivedGift", "gift_for_me", "mentions", "return_text"]


@dataclass(frozen=True, slots=True)
class ReceivedGift:
    """A gift card addressed to me, and what a return (お返し) keeps."""

    post: Post
    gift: Gift
    occasion_key: str  # the gift's first occasion (e.g. "christmas")
    sender: Author
    # The return goes in the same audience as the gift, to the sender alone.
    audience: Audience
    recipients: tuple[str, ...]  # for a friends return: the sender's user id


def _alt_pattern(gift: Gift) -> re.Pattern[str]:
    """The alt text ``default_alt`` writes for ``gift``, whatever the recipient."""
    out = []
    for literal, field, _spec, _conv in _fields(gift.alt_template):
        out.append(re.escape(literal))
        if field == "name":
            out.append(re.escape(gift.name_ja))
        elif field is not None:
            out.append(".{0,80}?")
    return re.compile("".join(out))


def _fields(template: str) -> list[tuple[str, str | None, str | None, str | None]]:
    return list(string.Formatter().parse(template))


def card_gift(post: Post, gifts: Sequence[Gift]) -> Gift | None:
    """The catalogue gift whose card one of ``post``'s pictures is, if any."""
    for media in post.media:
        text = media.description.strip()
        if not text:
            continue
        for gift in gifts:
            if _alt_pattern(gift).match(text):
                return gift
    return None


def mentions(text: str, username: str) -> bool:
    """Whether ``text`` mentions ``@username`` (optionally ``@username@host``)."""
    if not username:
        return False
    pattern = rf"(?<![\w@])@{re.escape(username)}(?![\w])(?:@[\w.\-:]+)?"
    return re.search(pattern, text, flags=re.IGNORECASE) is not None


def gift_for_me(
    post: Post, me_id: str, me_username: str, gifts: Sequence[Gift]
) -> ReceivedGift | None:
    """``post`` as a gift card addressed to the account ``me_id`` (``me_username``), or
    None when it is not one (no card, my own post, or not addressed to me)."""
    if post.author.id == me_id or not me_id:
        return None
    gift = card_gift(post, gifts)
    if gift is None:
        return None
    named = me_id in post.recipients or mentions(post.text, me_username)
    if not named:
        return None
    audience = post.audience
    recipients = (post.author.id,) if audience is Audience.FRIENDS else ()
    occasion = gift.occasions[0] if gift.occasions else ""
    return ReceivedGift(post, gift, occasion, post.author, audience, recipients)


def return_text(
    received: ReceivedGift, occasion_name: str, thanks: Thanks, my_name: str = ""
) -> str:
    """The thank-you text of a return, from the catalogue's ``thanks``: casual to a friend,
    polite in public; signed when the user has a name."""
    sender = received.sender.display_name or received.sender.username
    template = thanks.public if received.audience is Audience.PUBLIC else thanks.friends
    text = template.format(
        sender=sender,
        gift=received.gift.name_ja,
        occasion=occasion_name or thanks.any_occasion,
    )
    if my_name.strip():
        text += "\n" + thanks.signature.format(me=my_name.strip())
    return text
