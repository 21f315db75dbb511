"""The greeting ledger (挨拶帳): who greeted you and whom you greeted, per occasion and year.

Pure rules, with the time passed in (no clock is read here). The service
(:mod:`app.services.ledger`) collects the posts and outbox rows; this module decides.

What counts as a greeting **received** for an occasion (:func:`received_greeting`):

- it is addressed to you: a reply to you or a mention of you (the network's notification
  says so), or a friends-circle post whose recipients include you;
- and it is a greeting of that occasion: its text holds one of the occasion's words
  (:func:`words`: its hashtags, its name and the usual phrases of :data:`PHRASES`, compared
  after NFKC and case folding, so ``＃あけおめ`` and ``#アケオメ`` do not slip through
  differently), or it carries a Kizuna gift card of that occasion (an image whose alt text
  holds the fixed words of a gift's ``alt_template`` — :func:`gift_of`);
- and it was posted inside the occasion's window (:func:`reach`), reckoned in Tokyo: from
  0:00 on the first day to the end of the :data:`GRACE_DAYS`-th day after the last (an
  answer to your 年賀状 on 1/10 still belongs to that New Year). A greeting at 23:59 on
  31 December is *not* the next year's 年賀; one at 0:00 on 1 January is.

The year of an occasion is the year its window starts in (年賀 2027 starts 2027-01-01;
お歳暮 2026 ends 2026-12-20).

What counts as a greeting **sent** (:func:`sent_greeting`): a sent (or still waiting)
outbox target whose text or card is a greeting of that occasion, timed (its schedule,
else when it was queued) inside the window — or an answer the ledger itself queued. It
greets the people it names: the chosen recipients of a friends post and the ``@user``
mentions of its text; a post that names nobody greets nobody in particular (a public
「あけおめ」 on your timeline is not an answer to a friend's 年賀状) and is listed as
addressed to everyone.

Matching people: a greeting is answered when a greeting you sent through the **same
account** names its sender (by user id, or by user name for a mention); you greeted
someone who has not greeted you back when none of your received greetings of that
occasion and year came from them. In 喪中 a 寒中見舞い answers a 年賀 too
(:data:`ANSWERED_BY`).

No I/O, no Qt.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from app.core.clock import TOKYO
from app.core.gifts import Gift
from app.core.models import Audience, Post

# An answer to a greeting comes a few days late, and still belongs to it.
GRACE_DAYS = 7
# Everyday words people greet with, beyond an occasion's own tags and name.
PHRASES: Mapping[str, tuple[str, ...]] = {
    "shogatsu": (
        "あけおめ",
        "あけまして",
        "明けまして",
        "謹賀新年",
        "賀正",
        "迎春",
        "新春",
        "ことよろ",
        "今年もよろしく",
        "本年もよろしく",
    ),
    "onenga": ("お年賀",),
    "oseibo": ("お歳暮", "今年もありがとう", "本年も大変お世話に"),
    "christmas": ("メリークリスマス", "メリクリ", "クリスマス"),
    "omisoka": ("良いお年を", "よいお年を"),
    "kanchu": ("寒中お見舞い", "寒中見舞い"),
    "shochu": ("暑中お見舞い", "暑中見舞い"),
    "zansho": ("残暑お見舞い", "残暑見舞い"),
    "valentine": ("バレンタイン",),
    "whiteday": ("ホワイトデー",),
}
# Occasions whose greetings also answer another's: in 喪中, or past 松の内, a 年賀状 is
# answered with a 寒中見舞い.
ANSWERED_BY: Mapping[str, tuple[str, ...]] = {
    "shogatsu": ("kanchu",),
    "onenga": ("kanchu",),
}
_MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9_]+)(?:@[A-Za-z0-9.\-]*[A-Za-z0-9])?")


def _fold(text: str) -> str:
    """NFKC, case folded, katakana as hiragana: how words are compared."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in folded)


@dataclass(frozen=True, slots=True)
class Occasion:
    """What the ledger needs of an occasion in one year (a subset of
    :class:`app.core.occasions.Occasion`, which fits it)."""

    key: str
    name_ja: str
    start: dt.date
    end: dt.date
    tags: tuple[str, ...] = ()

    @property
    def year(self) -> int:
        return self.start.year


def reach(occasion: Occasion) -> tuple[dt.datetime, dt.datetime]:
    """The window greetings of ``occasion`` are counted in: [start, end) as aware Tokyo
    times, from 0:00 of the first day to the end of the GRACE_DAYS-th day after the last."""
    start = dt.datetime.combine(occasion.start, dt.time(0), tzinfo=TOKYO)
    end_day = occasion.end + dt.timedelta(days=GRACE_DAYS + 1)
    return start, dt.datetime.combine(end_day, dt.time(0), tzinfo=TOKYO)


def within(occasion: Occasion, at: dt.datetime) -> bool:
    """Whether the aware time ``at`` falls in the occasion's window (:func:`reach`)."""
    if at.tzinfo is None:
        raise ValueError("at must be an aware datetime")
    start, end = reach(occasion)
    return start <= at < end


def words(occasion_key: str, name_ja: str = "", tags: Iterable[str] = ()) -> tuple[str, ...]:
    """The words that make a text a greeting of an occasion, folded (see :func:`_fold`)."""
    found = [*tags, *PHRASES.get(occasion_key, ())]
    if name_ja and "・" not in name_ja:
        found.append(name_ja)
    return tuple(dict.fromkeys(_fold(w) for w in found if w.strip()))


def gift_alt_words(gift: Gift) -> str:
    """The fixed words of a gift's alt text: its template with the placeholders taken out,
    the longest stretch between them (「年賀状。竹と松を飾った門松のイラスト。」)."""
    parts = re.split(r"\{[^{}]*\}", gift.alt_template)
    return max(parts, key=len).strip()


def gift_of(descriptions: Iterable[str], gifts: Sequence[Gift]) -> Gift | None:
    """The Kizuna gift whose card one of the images (by their alt text) is, if any."""
    for description in descriptions:
        for gift in gifts:
            fixed = gift_alt_words(gift)
            if fixed and fixed in description:
                return gift
    return None


def is_greeting(
    occasion: Occasion, text: str, gift: Gift | None = None, *, answers: bool = False
) -> bool:
    """Whether ``text`` (or the card ``gift``) greets for ``occasion``. ``answers``: also
    accept what answers it (a 寒中見舞い for a 年賀: :data:`ANSWERED_BY`)."""
    keys = [occasion.key, *(ANSWERED_BY.get(occasion.key, ()) if answers else ())]
    if gift is not None and any(k in gift.occasions for k in keys):
        return True
    folded = _fold(text)
    for key in keys:
        own = words(key, occasion.name_ja, occasion.tags) if key == occasion.key else words(key)
        if any(w in folded for w in own):
            return True
    return False


def mentioned(text: str) -> tuple[str, ...]:
    """The user names ``@user`` / ``@user@host`` mentions in ``text`` name, folded."""
    return tuple(dict.fromkeys(m.group(1).casefold() for m in _MENTION.finditer(text)))


# ----------------------------------------------------------------------- the rows


@dataclass(frozen=True, slots=True)
class Received:
    """A greeting someone sent you, as the ledger keeps it."""

    account_key: str  # which of your accounts it reached
    post_id: str
    sender_id: str
    sender_username: str
    sender_handle: str
    sender_name: str
    audience: Audience
    at: dt.datetime  # aware
    text: str
    gift: str = ""  # the gift card's key, if it carried one
    url: str | None = None
    answer_message: int | None = None  # the outbox message the ledger answered it with
    post: Post | None = field(default=None, compare=False, repr=False)  # to reply to it

    @property
    def person(self) -> tuple[str, str]:
        return (self.account_key, self.sender_id)


@dataclass(frozen=True, slots=True)
class Sent:
    """A greeting you sent (an outbox target), and whom it names."""

    account_key: str
    audience: Audience
    at: dt.datetime  # aware: its schedule, else when it was queued
    text: str
    recipient_ids: tuple[str, ...] = ()  # chosen friends' user ids
    recipient_names: tuple[str, ...] = ()  # mentioned user names, folded
    target_id: int = 0
    message_id: int = 0
    delivered: bool = True  # False: still waiting in the outbox
    answer_to: tuple[str, str] | None = None  # (account key, post id) the ledger answered

    def greets(self, received: Received) -> bool:
        """Whether this greeting names the sender of ``received`` (through the same
        account)."""
        if self.account_key != received.account_key:
            return False
        if self.answer_to == (received.account_key, received.post_id):
            return True
        return received.sender_id in self.recipient_ids or (
            received.sender_username.casefold() in self.recipient_names
        )

    @property
    def addressed(self) -> bool:
        return bool(self.recipient_ids or self.recipient_names or self.answer_to)


@dataclass(frozen=True, slots=True)
class ReceivedRow:
    greeting: Received
    answer: Sent | None  # None: 未返礼 (not answered yet)

    @property
    def answered(self) -> bool:
        return self.answer is not None or self.greeting.answer_message is not None


@dataclass(frozen=True, slots=True)
class SentRow:
    greeting: Sent
    returned: bool  # someone it names greeted you too; False for an open greeting


@dataclass(frozen=True, slots=True)
class Ledger:
    occasion: Occasion
    received: tuple[ReceivedRow, ...] = ()
    sent: tuple[SentRow, ...] = ()
    mourning: bool = False

    @property
    def unanswered(self) -> tuple[ReceivedRow, ...]:
        return tuple(r for r in self.received if not r.answered)

    @property
    def not_returned(self) -> tuple[SentRow, ...]:
        return tuple(r for r in self.sent if r.greeting.addressed and not r.returned)


@dataclass(frozen=True, slots=True)
class SentCandidate:
    """An outbox target as the ledger reads it, before matching."""

    account_key: str
    audience: Audience
    at: dt.datetime
    text: str
    descriptions: tuple[str, ...] = ()  # its pictures' alt text
    recipient_ids: tuple[str, ...] = ()
    target_id: int = 0
    message_id: int = 0
    delivered: bool = True
    answer_to: tuple[str, str] | None = None


def sent_greeting(
    occasion: Occasion, candidate: SentCandidate, gifts: Sequence[Gift] = ()
) -> Sent | None:
    """The candidate as a greeting sent for ``occasion``, or None when it is not one: the
    ledger's own answers always are; other posts by words or card, inside the window."""
    if candidate.answer_to is None:
        gift = gift_of(candidate.descriptions, gifts)
        if not within(occasion, candidate.at):
            return None
        if not is_greeting(occasion, candidate.text, gift, answers=True):
            return None
    return Sent(
        account_key=candidate.account_key,
        audience=candidate.audience,
        at=candidate.at,
        text=candidate.text,
        recipient_ids=candidate.recipient_ids,
        recipient_names=mentioned(candidate.text),
        target_id=candidate.target_id,
        message_id=candidate.message_id,
        delivered=candidate.delivered,
        answer_to=candidate.answer_to,
    )


def received_greeting(
    occasion: Occasion, text: str, at: dt.datetime, gift: Gift | None = None
) -> bool:
    """Whether a post addressed to you (a reply, a mention, a friends post to you) is a
    greeting received for ``occasion``: its words or card, inside the window."""
    return within(occasion, at) and is_greeting(occasion, text, gift)


def build(
    occasion: Occasion,
    received: Iterable[Received],
    sent: Iterable[Sent],
    *,
    mourning: bool = False,
) -> Ledger:
    """The ledger of ``occasion``: each received greeting with the greeting of yours that
    answers it (None: 未返礼), each of yours with whether it was returned; newest first."""
    sent_list = sorted(sent, key=lambda s: s.at, reverse=True)
    received_list = sorted(received, key=lambda r: r.at, reverse=True)
    rows = tuple(
        ReceivedRow(r, next((s for s in sent_list if s.greets(r)), None)) for r in received_list
    )
    sent_rows = tuple(SentRow(s, any(s.greets(r) for r in received_list)) for s in sent_list)
    return Ledger(occasion, rows, sent_rows, mourning)


def mention_of(handle: str, own_label: str) -> str:
    """How to mention someone from one of your accounts: ``@user`` on the same server
    (``own_label``), else the full ``@user@server``."""
    user, _, server = handle.lstrip("@").partition("@")
    return f"@{user}" if not server or server == own_label else f"@{user}@{server}"


def answer_template(templates: Sequence[str]) -> str:
    """The template to answer a greeting with: the first that thanks (「ありがとう」),
    else the first."""
    return next((t for t in templates if "ありがとう" in t), templates[0] if templates else "")


def answer_occasion_key(occasion_key: str, mourning: bool) -> str:
    """Which occasion's templates answer one: 寒中見舞い in 喪中 (for every celebratory
    one; the caller passes only those), else the occasion's own."""
    return "kanchu" if mourning else occasion_key
