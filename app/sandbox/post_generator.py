"""Seed posts and background activity for the sandbox, composed from the community's
fragments (:data:`app.sandbox.community.FRAGMENTS`): unique texts at plausible Asia/Tokyo
times, in the polite-ish register on "sora" and the casual one on "nakama".

- :func:`public_posts` and :func:`friends_posts` — the seed posts, oldest first;
- :func:`random_activity` — one new post for the background activity;
- :func:`gift_post` — a gift card a member sends the demo user (:class:`GiftPost`), its
  picture drawn by :func:`card_png` and its alt text in the words of the gift catalogue
  (``resources/gifts/catalogue.json``), so Kizuna recognises the card as the gift it is.

Everything is deterministic: the seed posts depend only on ``now`` (floored to the minute).
"""

from __future__ import annotations

import functools
import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from app.core.clock import TOKYO
from app.core.gifts import Gift, default_alt, parse_catalogue
from app.paths import resources_dir
from app.sandbox.community import (
    CIRCLE,
    DEMO_USERNAME,
    DISPLAY,
    FRAGMENTS,
    GIFTS,
    PEOPLE,
    STRANGERS,
    Lead,
    SeedPost,
    Theme,
    network,
)
from app.sandbox.raster import WHITE, Canvas, mix, rgb

_PUBLIC = FRAGMENTS.public
_FRIENDS = FRAGMENTS.friends
_CIRCLE_AND_ME = (DEMO_USERNAME, *CIRCLE)


class _Composer:
    """Turns themes into unique post texts, spreading use across leads and follow-ups."""

    def __init__(self, rng: random.Random, themes: Sequence[Theme], mention_pool: Sequence[str]):
        self.rng = rng
        self.mention_pool = tuple(mention_pool)
        self.by_member: dict[str, list[Theme]] = {}
        for t in themes:
            for u in t.who:
                self.by_member.setdefault(u, []).append(t)
        self.uses: dict[tuple[str, int], list[str]] = {}  # lead → who has written it
        self.seen: set[str] = set()

    def theme_for(self, author: str, exclude: tuple[str, ...] = ()) -> Theme:
        """A theme for ``author``, favouring those with leads nobody has used yet so the
        timeline does not repeat itself."""
        themes = [t for t in self.by_member[author] if t.name not in exclude]
        weights = []
        for t in themes:
            fresh = sum(1 for i in range(len(t.leads)) if not self.uses.get((t.name, i)))
            weights.append(t.weight * (0.15 + fresh / len(t.leads)))
        return self.rng.choices(themes, weights)[0]

    def lead(self, theme: Theme, author: str) -> Lead:
        """The least used lead this author could write and has not written yet."""
        options = [(i, lead) for i, lead in enumerate(theme.leads) if author not in lead.not_by]
        mine = [
            (i, lead) for i, lead in options if author not in self.uses.get((theme.name, i), ())
        ]
        options = mine or options
        low = min(len(self.uses.get((theme.name, i), ())) for i, _ in options)
        i, lead = self.rng.choice(
            [(i, lead) for i, lead in options if len(self.uses.get((theme.name, i), ())) == low]
        )
        self.uses.setdefault((theme.name, i), []).append(author)
        return lead

    def fill(self, text: str, author: str, others: Sequence[str] = ()) -> str:
        def sub(m: re.Match[str]) -> str:
            key = m.group(1)
            if key == "m":
                return self.rng.choice([u for u in self.mention_pool if u != author])
            if key == "other":
                pool = [u for u in CIRCLE if u != author and u not in others]
                return DISPLAY[self.rng.choice(pool)]
            return self.rng.choice(FRAGMENTS.slots[key])

        return re.sub(r"\{(\w+)\}", sub, text)

    def compose(self, theme: Theme, lead: Lead, author: str, others: Sequence[str] = ()) -> str:
        rng = self.rng
        text = self.fill(lead.text, author, others)
        if theme.follows and rng.random() < theme.follow_rate:
            extra = self.fill(rng.choice(theme.follows), author, others)
            if extra and extra not in text:
                text = _join(text, extra, rng)
        if theme.tags and "#" not in text and rng.random() < theme.tag_rate:
            tags = rng.choice(theme.tags)
            place = rng.random()
            if place < 0.6:
                text = f"{text}\n\n{tags}"
            elif place < 0.85 or _ends_ascii(text):
                text = f"{text}\n{tags}"
            else:
                text = f"{text} {tags}"
        return text

    def unique(self, text: str) -> bool:
        if text in self.seen:
            return False
        self.seen.add(text)
        return True


def _ends_ascii(text: str) -> bool:
    return (text[-1].isascii() and text[-1].isalnum()) or text.endswith("/")


def _join(first: str, second: str, rng: random.Random) -> str:
    """Two sentences as people write them: straight on after 。！？, else a space or a line."""
    if _ends_ascii(first):  # a URL: keep it separate from the next words
        return f"{first}\n{second}"
    if first[-1] in "。！？」）…":
        return first + second
    return first + rng.choice((" ", " ", "\n")) + second


def _member_order(rng: random.Random, weights: dict[str, float], count: int) -> list[str]:
    names = list(weights)
    return rng.choices(names, [weights[n] for n in names], k=count)


def _anchor(now: datetime) -> datetime:
    """``now`` as aware UTC floored to the minute, so seeds made within a minute agree."""
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return now.astimezone(UTC).replace(second=0, microsecond=0)


def _pick_time(
    rng: random.Random, hours: Sequence[int], now: datetime, start: datetime
) -> datetime:
    """A moment in [start, now - 1 min] at one of ``hours`` (Tokyo), busy hours likelier."""
    today = now.astimezone(TOKYO).date()
    weights = [FRAGMENTS.hour_weights[h % 24] for h in hours]
    latest = now - timedelta(minutes=1)
    for _ in range(60):
        day = today - timedelta(days=rng.randrange(0, 6))
        hour = rng.choices(hours, weights)[0] % 24
        local = datetime(
            day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60), tzinfo=TOKYO
        )
        t = local.astimezone(UTC)
        if start <= t <= latest:
            return t
    # Only when every hour that fits falls outside the window (never with the themes above).
    return start + (latest - start) * rng.random()


def _ascending(drafts: list[tuple[datetime, SeedPost]]) -> list[SeedPost]:
    """Sorted oldest first with strictly increasing times (servers derive ids from them)."""
    drafts.sort(key=lambda d: d[0])
    out: list[SeedPost] = []
    last: datetime | None = None
    for t, post in drafts:
        if last is not None and t <= last:
            t = last + timedelta(seconds=1)
        last = t
        out.append(
            SeedPost(
                post.username,
                post.text,
                t,
                post.visibility,
                post.image,
                post.image_alt,
                post.recipients,
            )
        )
    return out


def _image_name(kind: str, prefix: str, serial: int) -> str:
    return f"{kind}-{prefix}{serial:03d}"


def public_posts(now: datetime) -> list[SeedPost]:
    """Seed posts for the public network (Mastodon visibilities), oldest first.

    About 300 posts over the five days before ``now`` in the polite-ish public register; the
    same ``now`` (to the minute) always gives the same posts.
    """
    now = _anchor(now)
    start = now - timedelta(days=5)
    rng = random.Random("kizuna-sora-seed")
    comp = _Composer(rng, _PUBLIC.themes, PEOPLE)
    drafts: list[tuple[datetime, SeedPost]] = []
    images = 0
    for n, first in enumerate(_member_order(rng, _PUBLIC.weights, _PUBLIC.post_count)):
        for attempt in range(40):
            # a member with nothing new to say hands over to someone else
            author = first if attempt < 20 else PEOPLE[(n + attempt) % len(PEOPLE)]
            theme = comp.theme_for(author)
            lead = comp.lead(theme, author)
            text = comp.compose(theme, lead, author)
            if f"@{author} " in text or not comp.unique(text):
                continue
            image = alt = None
            if lead.image:
                images += 1
                image, alt = _image_name(lead.image, "p", images), lead.alt
            unlisted = rng.random() < (0.3 if theme.name == "social" else 0.03)
            t = _pick_time(rng, lead.hours or theme.hours, now, start)
            post = SeedPost(author, text, t, "unlisted" if unlisted else "public", image, alt or "")
            drafts.append((t, post))
            break
    return _ascending(drafts)


def friends_posts(now: datetime) -> list[SeedPost]:
    """Seed posts for the friends network (Misskey visibilities), oldest first.

    About 200 casual notes: the circle writes mostly ``followers`` notes, some ``home`` /
    ``public`` ones and a few ``specified`` notes to chosen friends (with or without the demo
    user); :data:`STRANGERS` and the other outsiders write only ``public`` / ``home``.
    """
    now = _anchor(now)
    start = now - timedelta(days=5)
    rng = random.Random("kizuna-nakama-seed")
    comp = _Composer(rng, _FRIENDS.themes, _CIRCLE_AND_ME)
    drafts: list[tuple[datetime, SeedPost]] = []
    images = 0
    specified = 0
    for n, first in enumerate(_member_order(rng, _FRIENDS.weights, _FRIENDS.post_count)):
        for attempt in range(40):
            # an outsider with nothing new to say hands over to someone in the circle
            author = first if attempt < 20 else CIRCLE[(n + attempt) % len(CIRCLE)]
            recipients: tuple[str, ...] = ()
            in_circle = author not in _FRIENDS.outside_circle
            if in_circle and rng.random() < 0.08:
                theme = next(t for t in _FRIENDS.themes if t.name == "f-secret")
                recipients = _recipients(rng, author, with_me=specified % 2 == 0)
            else:
                theme = comp.theme_for(author, exclude=("f-secret",))
            lead = comp.lead(theme, author)
            text = comp.compose(theme, lead, author, recipients)
            if f"@{author} " in text or not comp.unique(text):
                continue
            if recipients:
                specified += 1
                visibility = "specified"
            else:
                visibility = _friends_visibility(rng, author)
            image = alt = None
            if lead.image:
                images += 1
                image, alt = _image_name(lead.image, "f", images), lead.alt
            t = _pick_time(rng, lead.hours or theme.hours, now, start)
            drafts.append((t, SeedPost(author, text, t, visibility, image, alt or "", recipients)))
            break
        else:  # pragma: no cover - the pools are large enough; keep the count honest if not
            raise RuntimeError(f"ran out of unique friends posts at {n}")
    return _ascending(drafts)


def _recipients(rng: random.Random, author: str, with_me: bool) -> tuple[str, ...]:
    """One to three friends for a specified note; the demo user among them or not."""
    pool = [u for u in CIRCLE if u != author]
    k = rng.choice((1, 1, 2, 2, 3))
    chosen = rng.sample(pool, k)
    if author != DEMO_USERNAME and with_me:
        chosen[0] = DEMO_USERNAME
    return tuple(chosen)


def _friends_visibility(rng: random.Random, author: str) -> str:
    r = rng.random()
    if author in STRANGERS or author == "sakura_bakery":
        return "public" if r < 0.6 else "home"
    if author == "tomoko":
        return "public" if r < 0.4 else "home" if r < 0.7 else "followers"
    return "followers" if r < 0.74 else "home" if r < 0.87 else "public"


def random_activity(rng: random.Random, network_name: str) -> SeedPost:
    """One new post for the background activity, as of now, by someone other than the
    demo user: "public" → a ``public`` status on sora; "friends" → mostly a ``followers``
    note from the circle on nakama (outsiders post ``public`` / ``home``)."""
    net = network(network_name)
    now = datetime.now(UTC)
    hour = now.astimezone(TOKYO).hour
    if net == "public":
        themes, weights, pool = _PUBLIC.themes, _PUBLIC.weights, PEOPLE
    else:
        themes, weights, pool = _FRIENDS.themes, _FRIENDS.weights, _CIRCLE_AND_ME
    comp = _Composer(rng, [t for t in themes if t.name != "f-secret"], pool)
    names = [u for u in weights if u != DEMO_USERNAME]
    author = rng.choices(names, [weights[u] for u in names])[0]
    # Prefer what fits the hour in Tokyo, so nobody says おはよう at midnight.
    fitting = [t for t in comp.by_member[author] if hour in t.hours] or comp.by_member[author]
    theme = rng.choices(fitting, [t.weight for t in fitting])[0]
    leads = [
        lead
        for lead in theme.leads
        if author not in lead.not_by and (not lead.hours or hour in lead.hours)
    ] or [lead for lead in theme.leads if author not in lead.not_by]
    lead = rng.choice(leads)
    text = comp.compose(theme, lead, author)
    if net == "public":
        visibility = "public"
    else:
        visibility = _friends_visibility(rng, author)
    return SeedPost(author, text, now, visibility)


# ---- gift cards ---------------------------------------------------------------------------

CARD_SIZE = (640, 400)  # a landscape card; a 年賀状 (vertical) is 400×640


@dataclass(frozen=True, slots=True)
class GiftPost:
    """A gift card from a member to the demo user: on "friends" a ``specified`` note to the
    demo user alone, on "public" a ``public`` status mentioning them."""

    username: str
    text: str
    visibility: str
    recipients: tuple[str, ...]
    gift: str  # the gift's key in the catalogue
    png: bytes = field(repr=False)
    alt: str = ""


@functools.cache
def gift_catalogue() -> tuple[Gift, ...]:
    """The shipped gift catalogue (the sandbox reads the file itself: it uses no client
    layer)."""
    folder = resources_dir() / "gifts"
    data = json.loads((folder / "catalogue.json").read_text(encoding="utf-8"))
    return parse_catalogue(data, folder, "catalogue.json")


def _gift_for(rng: random.Random, day: datetime) -> Gift:
    gifts = {g.key: g for g in gift_catalogue()}
    keys = [k for k in GIFTS.months.get(day.astimezone(TOKYO).month, ()) if k in gifts]
    return gifts[rng.choice(keys)] if keys else rng.choice(list(gifts.values()))


def gift_post(
    rng: random.Random,
    network_name: str,
    *,
    by: str | None = None,
    gift_key: str | None = None,
    when: datetime | None = None,
) -> GiftPost:
    """A gift card for the demo user from ``by`` (default: someone of the circle on
    "friends", a person on "public"), of ``gift_key`` (default: one that fits the month of
    ``when``, default now)."""
    net = network(network_name)
    when = when or datetime.now(UTC)
    gift = (
        next(g for g in gift_catalogue() if g.key == gift_key) if gift_key else _gift_for(rng, when)
    )
    pool = CIRCLE if net == "friends" else tuple(u for u in PEOPLE if u != DEMO_USERNAME)
    author = by or rng.choice(pool)
    line = rng.choice(GIFTS.lines(gift.key, net))
    alt = default_alt(gift, "", gift.message_ja, DISPLAY.get(author, author))
    png = card_png(gift, random.Random(f"{gift.key}:{author}"))
    if net == "friends":
        return GiftPost(author, line, "specified", (DEMO_USERNAME,), gift.key, png, alt)
    text = f"@{DEMO_USERNAME} {line}"
    return GiftPost(author, text, "public", (), gift.key, png, alt)


def card_png(gift: Gift, rng: random.Random) -> bytes:
    """The card's picture: washi paper in a frame of the gift's colour, with a motif for
    the gift (pine and bamboo, mochi, an envelope, a tree, a cake, or a wrapped present)."""
    w, h = CARD_SIZE if not gift.vertical else CARD_SIZE[::-1]
    units = 160
    c = Canvas(units, units * h / w, WHITE, w / units)
    accent = rgb(gift.accent)
    paper = (250, 244, 230)
    c.rect(0, 0, c.w, c.h, accent)
    c.rect(5, 5, c.w - 5, c.h - 5, paper)
    c.rect(8, 8, c.w - 8, c.h - 8, mix(paper, accent, 0.08))
    c.rect(10, 10, c.w - 10, c.h - 10, paper)
    for _ in range(40):  # the fibres of washi
        x, y = rng.uniform(12, c.w - 12), rng.uniform(12, c.h - 12)
        c.line(x, y, x + rng.uniform(-4, 4), y + rng.uniform(-2, 2), 0.4, (232, 222, 200))
    _MOTIFS.get(gift.key, _present)(c, accent, rng)
    return c.png()


def _pine(c: Canvas, accent: tuple[int, int, int], rng: random.Random) -> None:
    cx, base = c.w / 2, c.h * 0.78
    for dx, top in ((-9, 0.3), (0, 0.22), (9, 0.34)):
        x = cx + dx
        c.polygon([(x - 4, base), (x - 4, c.h * top + 5), (x + 4, c.h * top), (x + 4, base)],
                  (94, 150, 84))  # fmt: skip
    for _ in range(14):
        c.circle(cx + rng.uniform(-22, 22), base - rng.uniform(2, 14), 4, (46, 98, 56))
    c.rect(cx - 20, base, cx + 20, base + 14, (176, 128, 72))
    c.rect(cx - 20, base + 4, cx + 20, base + 6, accent)
    c.circle(c.w * 0.78, c.h * 0.16, 10, accent)  # the first sunrise


def _mochi(c: Canvas, accent: tuple[int, int, int], rng: random.Random) -> None:
    cx, base = c.w / 2, c.h * 0.72
    c.rect(cx - 26, base, cx + 26, base + 16, (214, 170, 96))
    c.ellipse(cx, base - 8, 28, 11, (252, 252, 246))
    c.ellipse(cx, base - 24, 21, 9, (252, 252, 246))
    c.circle(cx, base - 38, 8, (238, 140, 40))
    c.rect(cx - 30, base + 16, cx + 30, base + 19, accent)


def _envelope(c: Canvas, accent: tuple[int, int, int], rng: random.Random) -> None:
    cx, cy = c.w / 2, c.h / 2
    c.rect(cx - 26, cy - 44, cx + 26, cy + 44, (244, 170, 184))
    c.rect(cx - 26, cy - 4, cx + 26, cy + 2, (212, 170, 60))  # 水引
    for _ in range(5):
        c.circle(cx + rng.uniform(-18, 18), cy + rng.uniform(-38, -10), 3.5, WHITE)
    c.rect(cx - 26, cy - 44, cx + 26, cy - 40, accent)


def _tree(c: Canvas, accent: tuple[int, int, int], rng: random.Random) -> None:
    cx = c.w / 2
    for top, bottom, half in ((0.16, 0.42, 14), (0.3, 0.6, 20), (0.46, 0.78, 26)):
        c.polygon([(cx, c.h * top), (cx + half, c.h * bottom), (cx - half, c.h * bottom)],
                  (46, 120, 72))  # fmt: skip
    c.rect(cx - 4, c.h * 0.78, cx + 4, c.h * 0.86, (120, 80, 46))
    c.circle(cx, c.h * 0.15, 4, (236, 196, 60))
    for _ in range(12):
        t = rng.uniform(0.25, 0.75)
        c.circle(cx + rng.uniform(-16, 16) * t, c.h * t, 1.8, rng.choice(((220, 60, 60), WHITE)))


def _cake(c: Canvas, accent: tuple[int, int, int], rng: random.Random) -> None:
    cx, top = c.w / 2, c.h * 0.45
    c.ellipse(cx, top + 38, 44, 6, (210, 200, 190))  # the plate
    c.rect(cx - 34, top, cx + 34, top + 34, (252, 248, 240))
    c.rect(cx - 34, top + 14, cx + 34, top + 18, (240, 180, 180))
    c.ellipse(cx, top, 34, 7, WHITE)
    for i in range(5):
        c.circle(cx - 24 + i * 12, top - 3, 4, (214, 40, 60))
    for dx in (-10, 10):
        c.rect(cx + dx - 1.5, top - 22, cx + dx + 1.5, top - 6, accent)
        c.circle(cx + dx, top - 25, 2, (250, 200, 60))


def _present(c: Canvas, accent: tuple[int, int, int], rng: random.Random) -> None:
    cx, cy = c.w / 2, c.h * 0.55
    c.rect(cx - 30, cy - 22, cx + 30, cy + 26, mix(accent, WHITE, 0.35))
    c.rect(cx - 4, cy - 22, cx + 4, cy + 26, accent)
    c.rect(cx - 30, cy - 4, cx + 30, cy + 4, accent)
    c.ellipse(cx - 10, cy - 28, 10, 6, accent)
    c.ellipse(cx + 10, cy - 28, 10, 6, accent)


_MOTIFS = {
    "kadomatsu": _pine,
    "kagami_mochi": _mochi,
    "otoshidama": _envelope,
    "christmas_tree": _tree,
    "christmas_cake": _cake,
}
