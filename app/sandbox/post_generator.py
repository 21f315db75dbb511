"""Seed posts and background activity for the sandbox, composed from the community's
fragments (:data:`app.sandbox.community.FRAGMENTS`): unique texts at plausible Asia/Tokyo
times, in the polite-ish register on "sora" and the casual one on "nakama".

- :func:`public_posts` and :func:`friends_posts` — the seed posts, oldest first;
- :func:`random_activity` — one new post for the background activity.

Everything is deterministic: the seed posts depend only on ``now`` (floored to the minute).
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from app.core.clock import TOKYO
from app.sandbox.community import (
    CIRCLE,
    DEMO_USERNAME,
    DISPLAY,
    FRAGMENTS,
    PEOPLE,
    STRANGERS,
    Lead,
    SeedPost,
    Theme,
    network,
)

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
