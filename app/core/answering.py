"""The audience rules for answering a post: replies and boosts (pure; no I/O).

A reply is never wider than the post it answers:

- to a public post (Mastodon ``public``/``unlisted``, Misskey ``public``/``home``,
  Bluesky, X) → any audience; a public reply keeps an ``unlisted``/``home`` parent's
  quieter wire value;
- to a friends-only post (Mastodon ``private``, Misskey ``followers``) → friends-only
  (``private`` / ``followers``), or narrower (chosen friends);
- to a post for chosen people (Mastodon ``direct``, Misskey ``specified``, or a
  visibility we do not know, which is treated as the narrowest) → exactly those people
  (its author and its recipients, never ourselves), or some of them.

A friends-only post cannot be boosted, renoted, reposted or quoted.

Adapters call :func:`check_reply` and :func:`check_boost` before sending anything, so the
rule holds whatever the UI offers; the UI asks :func:`reply_audience` and
:func:`can_boost` for what to offer.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.core.errors import AudienceRefused
from app.core.models import Audience, Post

# How widely each wire visibility reaches, per network (larger is wider). A value not
# listed counts as the narrowest: posts whose reach we do not know are answered as if
# they were addressed to their people only.
WIRE_RANK: dict[str, dict[str, int]] = {
    "mastodon": {"direct": 0, "private": 1, "unlisted": 2, "public": 3},
    "misskey": {"specified": 0, "followers": 1, "home": 2, "public": 3},
    "bluesky": {"public": 3},
    "x": {"public": 3},
}
_FOLLOWERS = 1
_PUBLIC = 2
# Per network: the wire value for (chosen people, followers, public, quiet public).
_WIRE: dict[str, tuple[str, str, str, str]] = {
    "mastodon": ("direct", "private", "public", "unlisted"),
    "misskey": ("specified", "followers", "public", "home"),
}


def wire_rank(network: str, visibility: str) -> int:
    """How widely ``visibility`` reaches on ``network`` (0: chosen people only)."""
    return WIRE_RANK.get(network, {}).get(visibility, 0)


def _reach(post: Post) -> int:
    """The parent's reach, never wider than its audience says (a boost of a friends post
    is friends-only whatever the boost's own visibility)."""
    rank = wire_rank(post.network, post.visibility)
    if post.audience is not Audience.PUBLIC:
        rank = min(rank, _FOLLOWERS)
    return rank


def _people(post: Post, me: str | None) -> tuple[str, ...]:
    people = dict.fromkeys((post.author.id, *post.recipients))
    people.pop(me or "", None)
    return tuple(people)


def reply_audience(post: Post, me: str | None = None) -> tuple[Audience, tuple[str, ...]]:
    """The widest audience a reply to ``post`` may have, and its recipients (network user
    ids; ``me`` — the replying account's id — is never among them).

    Raises :class:`AudienceRefused` for a post addressed to nobody but ``me``: there is
    no one to answer it to without widening it.
    """
    reach = _reach(post)
    if reach >= _PUBLIC:
        return Audience.PUBLIC, ()
    if reach == _FOLLOWERS:
        return Audience.FRIENDS, ()
    people = _people(post, me)
    if not people:
        raise AudienceRefused("the post is addressed to nobody else; a reply would be wider")
    return Audience.FRIENDS, people


def check_reply(
    post: Post, audience: Audience, recipients: Iterable[str] = (), me: str | None = None
) -> None:
    """Raise :class:`AudienceRefused` when a reply with ``audience`` and ``recipients``
    would reach further than ``post`` does."""
    widest, people = reply_audience(post, me)
    chosen = set(recipients) - {me}  # addressing oneself widens nothing
    if widest is Audience.PUBLIC:
        return
    if audience is Audience.PUBLIC:
        raise AudienceRefused("a reply to a friends-only post must stay friends-only")
    if people and not (chosen and chosen <= set(people)):
        raise AudienceRefused("a reply to a post for chosen people goes to those people only")


def reply_visibility(post: Post, audience: Audience, recipients: Iterable[str] = ()) -> str:
    """The wire visibility, in ``post``'s network, of a reply with ``audience`` and
    ``recipients`` (call :func:`check_reply` first). A public reply to an ``unlisted`` /
    ``home`` post stays as quiet. Raises :class:`AudienceRefused` for a friends reply on a
    network without friends-only posts."""
    chosen = tuple(recipients)
    wire = _WIRE.get(post.network)
    if wire is None:
        if audience is not Audience.PUBLIC or chosen:
            raise AudienceRefused(f"{post.network} has no friends-only posts")
        return "public"
    people, followers, public, quiet = wire
    if audience is Audience.PUBLIC:
        return quiet if post.visibility == quiet else public
    return people if chosen else followers


def can_boost(post: Post) -> bool:
    """Whether ``post`` may be boosted/renoted/reposted: public posts only."""
    return _reach(post) >= _PUBLIC


def check_boost(post: Post) -> None:
    """Raise :class:`AudienceRefused` for a post that must not be boosted."""
    if not can_boost(post):
        raise AudienceRefused("a friends-only post cannot be boosted")


__all__ = [
    "WIRE_RANK",
    "can_boost",
    "check_boost",
    "check_reply",
    "reply_audience",
    "reply_visibility",
    "wire_rank",
]
