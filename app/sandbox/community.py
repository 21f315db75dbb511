"""The sandbox's small Japanese community: who its members are and who follows whom.

The content is data, in ``resources/sandbox/community.json`` (found through
:func:`app.paths.resources_dir`, so in a checkout, a wheel and a frozen build alike): the
members, the close circle, who follows whom on "nakama" beyond the circle, and the
hand-written Japanese fragments the seed posts are composed from. This module reads it
once and offers it typed:

- :data:`DEMO_USERNAME`, :class:`Member`, :data:`MEMBERS`, :data:`CIRCLE`,
  :data:`STRANGERS`, :data:`ACCOUNTS` and :func:`follows` — what both servers seed;
- :class:`SeedPost` — one post as the servers store it;
- :class:`Lead`, :class:`Theme` and :data:`FRAGMENTS` — the material
  :mod:`app.sandbox.post_generator` composes posts from;
- :data:`GIFTS` — which gift cards members send the demo user in which month, and the
  words that come with them (:func:`app.sandbox.post_generator.gift_post`).

The pictures are drawn by :mod:`app.sandbox.artwork`.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from app.paths import resources_dir


@dataclass(frozen=True, slots=True)
class Member:
    username: str
    display_name: str
    bio: str
    color: str  # "#rrggbb", avatar background
    glyph: str  # one character drawn on the avatar (informational; the PNG is a pattern)


@dataclass(frozen=True, slots=True)
class SeedPost:
    username: str
    text: str
    created_at: datetime  # aware UTC
    visibility: str  # the wire value of the network it is for
    image: str | None = None  # name passed to artwork.image_png()
    image_alt: str = ""
    recipients: tuple[str, ...] = ()  # usernames, for specified/direct posts


@dataclass(frozen=True, slots=True)
class Lead:
    """The first sentence(s) of a post, with what it implies."""

    text: str
    image: str | None = None  # image kind (keywords for image_png), when it shows a photo
    alt: str = ""
    hours: tuple[int, ...] = ()  # Tokyo hours it fits, when narrower than the theme's
    not_by: tuple[str, ...] = ()  # members who would not write it (it talks about them)


@dataclass(frozen=True, slots=True)
class Theme:
    """What a post can be about: who writes it, at which hours, its leads, the sentences
    that may follow and the hashtag lines that may end it."""

    who: tuple[str, ...]
    hours: tuple[int, ...]
    leads: tuple[Lead, ...]
    follows: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    follow_rate: float = 0.55
    tag_rate: float = 0.45
    weight: float = 1.0
    name: str = ""


@dataclass(frozen=True, slots=True)
class Register:
    """One network's way of speaking: its themes, how much each member posts, how many
    seed posts it has."""

    themes: tuple[Theme, ...]
    weights: dict[str, float]
    post_count: int
    outside_circle: tuple[str, ...] = ()  # friends network: who is not in the close circle


@dataclass(frozen=True, slots=True)
class Fragments:
    hour_weights: tuple[float, ...]  # how busy each Tokyo hour is
    slots: dict[str, tuple[str, ...]]  # words dropped into "{slot}"s
    public: Register  # the polite-ish public register of "sora"
    friends: Register  # the casual register close friends use on "nakama"


@dataclass(frozen=True, slots=True)
class GiftWords:
    """The gift cards of the community: gift keys by month (1–12, Tokyo) and, per gift key
    (``"*"``: any gift), the lines that come with a card on each side."""

    months: dict[int, tuple[str, ...]]
    texts: dict[str, dict[str, tuple[str, ...]]]

    def lines(self, gift_key: str, side: str) -> tuple[str, ...]:
        own = self.texts.get(gift_key, {}).get(side)
        return own or self.texts["*"][side]


def _lead(raw: str | dict[str, Any]) -> Lead:
    if isinstance(raw, str):
        return Lead(raw)
    return Lead(
        raw["text"],
        raw.get("image"),
        raw.get("alt", ""),
        tuple(raw.get("hours", ())),
        tuple(raw.get("not_by", ())),
    )


def _theme(raw: dict[str, Any]) -> Theme:
    return Theme(
        who=tuple(raw["who"]),
        hours=tuple(raw["hours"]),
        leads=tuple(_lead(x) for x in raw["leads"]),
        follows=tuple(raw.get("follows", ())),
        tags=tuple(raw.get("tags", ())),
        follow_rate=float(raw.get("follow_rate", 0.55)),
        tag_rate=float(raw.get("tag_rate", 0.45)),
        weight=float(raw.get("weight", 1.0)),
        name=raw["name"],
    )


def _register(raw: dict[str, Any]) -> Register:
    return Register(
        themes=tuple(_theme(t) for t in raw["themes"]),
        weights={k: float(v) for k, v in raw["weights"].items()},
        post_count=int(raw["post_count"]),
        outside_circle=tuple(raw.get("outside_circle", ())),
    )


def data_file() -> Path:
    return resources_dir() / "sandbox" / "community.json"


_DATA: dict[str, Any] = json.loads(data_file().read_text(encoding="utf-8"))

DEMO_USERNAME: str = _DATA["demo"]
MEMBERS: tuple[Member, ...] = tuple(Member(**m) for m in _DATA["members"])

# On "nakama" (friends): the close circle. The demo user and these members all follow one
# another, so their followers-only posts reach each other.
CIRCLE: tuple[str, ...] = tuple(_DATA["circle"])

# On "nakama": members on the same server who neither follow the demo user nor are followed by
# the demo user (nor by anyone in CIRCLE). Tests use them to prove that followers-only posts
# stay hidden from people outside the circle. They post only "public" / "home" notes there.
STRANGERS: tuple[str, ...] = tuple(_DATA["strangers"])

# Accounts that are not a person (drawn with a badge rather than a face, never @-mentioned
# casually, post announcements).
ACCOUNTS: tuple[str, ...] = tuple(_DATA["accounts"])

FRAGMENTS = Fragments(
    hour_weights=tuple(float(w) for w in _DATA["hour_weights"]),
    slots={k: tuple(v) for k, v in _DATA["slots"].items()},
    public=_register(_DATA["public"]),
    friends=_register(_DATA["friends"]),
)

GIFTS = GiftWords(
    months={int(m): tuple(keys) for m, keys in _DATA["gifts"]["months"].items()},
    texts={
        key: {side: tuple(lines) for side, lines in sides.items()}
        for key, sides in _DATA["gifts"]["texts"].items()
    },
)

_NAMES = tuple(m.username for m in MEMBERS)
PEOPLE: tuple[str, ...] = tuple(u for u in _NAMES if u not in ACCOUNTS)
DISPLAY: dict[str, str] = {m.username: m.display_name for m in MEMBERS}
_NAKAMA_FOLLOWS = tuple((str(a), str(b)) for a, b in _DATA["nakama_follows"])
_NETWORK_ALIASES = {"public": "public", "sora": "public", "friends": "friends", "nakama": "friends"}


def network(name: str) -> str:
    """``"public"`` or ``"friends"`` for a network name or its label (sora, nakama)."""
    try:
        return _NETWORK_ALIASES[name]
    except KeyError:
        raise ValueError(f"unknown sandbox network {name!r} (public or friends)") from None


def member(username: str) -> Member | None:
    return next((m for m in MEMBERS if m.username == username), None)


def follows(network_name: str) -> list[tuple[str, str]]:
    """(follower, followee) pairs for ``"public"`` (sora) or ``"friends"`` (nakama).

    sora: the demo user follows everyone; most members follow the demo user back and the
    rest follow each other loosely. nakama: the demo user and :data:`CIRCLE` are all mutual;
    ``tomoko`` follows the demo user (not followed back); the demo user follows the bakery;
    :data:`STRANGERS` only follow each other (the data file lists these).
    """
    net = network(network_name)
    pairs: list[tuple[str, str]] = []
    if net == "public":
        rng = random.Random("kizuna-follows-sora")
        for a in _NAMES:
            for b in _NAMES:
                if a == b:
                    continue
                if a == DEMO_USERNAME:
                    ok = True
                elif b == DEMO_USERNAME:
                    ok = a not in ACCOUNTS and rng.random() < 0.85
                elif a in ACCOUNTS:
                    ok = rng.random() < 0.15
                else:
                    ok = rng.random() < (0.7 if b in ACCOUNTS else 0.45)
                if ok:
                    pairs.append((a, b))
        return pairs
    circle = (DEMO_USERNAME, *CIRCLE)
    pairs += [(a, b) for a in circle for b in circle if a != b]
    pairs += _NAKAMA_FOLLOWS
    return pairs
