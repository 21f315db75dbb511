"""Kizuna's own vocabulary: audiences, authors, posts, outgoing drafts and publish results.

Every network adapter translates its wire format into these types and back; nothing above
the adapters ever sees a Mastodon status or a Misskey note.
"""

from __future__ import annotations

import enum
import secrets
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime


class Audience(enum.Enum):
    """Who may read a post. Ours, not any network's: each adapter maps it to its wire value."""

    PUBLIC = "public"
    FRIENDS = "friends"


@dataclass(frozen=True, slots=True)
class Author:
    id: str
    username: str  # local part, without '@'
    handle: str  # as shown: "@alice@sora"
    display_name: str
    avatar_url: str | None = None


@dataclass(frozen=True, slots=True)
class MediaAttachment:
    url: str
    preview_url: str | None = None
    description: str = ""  # alt text
    kind: str = "image"
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True, slots=True)
class RecordRef:
    """A strong reference to a Bluesky record: its ``at://`` URI and content id."""

    uri: str
    cid: str


@dataclass(frozen=True, slots=True)
class Post:
    """One post in a timeline, already sanitised for display.

    When the row is a boost/renote/repost, ``id`` is the boost's (for paging) and
    ``boost_of`` the id of the post shown, which is the one answered, liked or boosted
    (:attr:`subject_id`).
    """

    id: str  # the network's id, unique within one account's timeline
    network: str  # "mastodon", "misskey", …
    account_key: str  # which of our accounts fetched it
    author: Author
    created_at: datetime  # aware, UTC
    text: str  # plain text (for accessibility, search, copy)
    html: str  # safe rich-text subset for Qt (see app.core.content)
    audience: Audience  # PUBLIC when anyone may read it, FRIENDS otherwise
    visibility: str  # the wire value, e.g. "public", "private", "followers", "specified"
    url: str | None = None
    tags: tuple[str, ...] = ()
    media: tuple[MediaAttachment, ...] = ()
    # Answering back: what an adapter needs to reply to, like or boost this post.
    in_reply_to_id: str | None = None  # the post this one answers, if any
    # The network user ids a direct/specified post was addressed to (Mastodon mentions of
    # a direct status, Misskey ``visibleUserIds``), the author not included.
    recipients: tuple[str, ...] = ()
    boost_of: str | None = None  # the shown post's id when this row is a boost
    reply_count: int = 0
    favourited: bool = False  # liked / reacted to by the account that shows it
    boosted: bool = False  # boosted / renoted / reposted by the account that shows it
    ref: RecordRef | None = None  # Bluesky: this post's own strong reference
    root: RecordRef | None = None  # Bluesky: the thread's first post, when this is a reply
    parent: RecordRef | None = None  # Bluesky: the post this one answers

    @property
    def key(self) -> tuple[str, str]:
        return (self.account_key, self.id)

    @property
    def subject_id(self) -> str:
        """The id to act on: the boosted post's for a boost, else this post's own."""
        return self.boost_of or self.id


def new_idempotency_key() -> str:
    """A UUIDv7 (RFC 9562) as hex: unique, and ordered by creation time.

    Time order matters where a network derives a record key from it (Bluesky's rkey), so
    records list in the order they were written.
    """
    ms = time.time_ns() // 1_000_000
    rand = secrets.randbits(74)
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | (rand >> 62) << 64 | 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return uuid.UUID(int=value).hex


@dataclass(frozen=True, slots=True)
class MediaUpload:
    """One picture to attach to a post, before it is uploaded (e.g. a rendered gift card)."""

    data: bytes = field(repr=False)  # the file's bytes; kept out of repr (and so of logs)
    filename: str
    mime: str  # e.g. "image/png"
    description: str = ""  # alt text: Mastodon ``description``, Misskey ``comment``


@dataclass(frozen=True, slots=True)
class Friend:
    """Someone one of our accounts can address a friends-only post to (a mutual follow)."""

    account_key: str  # which of our accounts knows them (AccountRef.key)
    user_id: str  # the network's user id: what Outgoing.recipients carries
    username: str  # local part, without '@'
    handle: str  # as shown: "@haruka@nakama"
    display_name: str


@dataclass(frozen=True, slots=True)
class Outgoing:
    """What one target is asked to publish.

    Pictures come either as ``media`` (the adapter uploads them, then posts) or as
    ``media_ids`` already uploaded to this target's server with the adapter's ``upload``
    (what a retrying outbox keeps, so a retry does not upload twice); ids go first.
    """

    text: str
    audience: Audience
    recipients: tuple[str, ...] = ()  # network user ids, for posts addressed to chosen friends
    language: str = "ja"
    spoiler_text: str = ""
    idempotency_key: str = field(default_factory=new_idempotency_key)
    media: tuple[MediaUpload, ...] = ()
    media_ids: tuple[str, ...] = ()
    # Aware time to publish at on the server (Mastodon ``scheduled_at``); None: now.
    scheduled_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Published:
    remote_id: str
    url: str | None = None
    # True: the server holds it to publish later (remote_id is the scheduled post's id).
    scheduled: bool = False


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What a network (as far as its adapter knows) can do.

    ``audiences``: what a post can be kept to. ``recipients``: a post can be addressed to
    chosen friends only. ``friends_need_recipients``: the server keeps no followers-only
    posts (snac), so FRIENDS is not in ``audiences`` — yet a friends post addressed to
    chosen friends (``Outgoing.recipients``) reaches exactly them; one without recipients
    must be refused before anything is sent.
    """

    audiences: frozenset[Audience]
    streaming: bool = False
    recipients: bool = False  # can address a post to chosen friends only
    media: bool = False  # ``upload`` works and ``Outgoing.media_ids`` are attached
    friends_need_recipients: bool = False
    # ``friends()`` lists the people a post can be addressed to.
    friends_list: bool = False
    # The server holds a post to publish later (``Outgoing.scheduled_at``) and can
    # ``cancel_scheduled`` / ``reschedule`` it (Mastodon ``scheduled_at``).
    server_schedule: bool = False
    # A repeated create with the same ``Outgoing.idempotency_key`` returns the first post
    # (Mastodon's Idempotency-Key, Bluesky's client-chosen rkey).
    idempotent_create: bool = False
    # ``find_own`` can look up a post of the account's own (for exactly-once without a key).
    own_lookup: bool = False
    # Answering back (declared here; adapters turn them on as they implement them).
    reply: bool = False
    react: bool = False
    boost: bool = False
    # ``conversation(post)``: ancestors and replies of a post.
    conversation: bool = False
    # ``conversation`` finds a post's replies too (False: ancestors only, e.g. a Bluesky
    # PDS without an AppView, which has no index of replies).
    thread_replies: bool = True
    # ``react(post, reaction)`` takes one of these emoji (Misskey reactions; the first is
    # the default); empty: a plain like / favourite.
    reactions: tuple[str, ...] = ()
    # ``notifications(since)``: mentions, replies, reactions, boosts and follows.
    notifications: bool = False
    # ``notification_stream()``: the same, live (else poll ``notifications``).
    notification_stream: bool = False


class NotificationKind(enum.Enum):
    """What happened to one of our accounts."""

    MENTION = "mention"
    REPLY = "reply"
    REACTION = "reaction"  # a like, favourite or Misskey reaction
    BOOST = "boost"  # a boost, renote or repost
    FOLLOW = "follow"
    MESSAGE = "message"  # a direct/chat message to the account (mixi2 chat)


@dataclass(frozen=True, slots=True)
class Notification:
    """One notification of one of our accounts, as its network reported it."""

    id: str  # the network's notification id (for ``since``)
    kind: NotificationKind
    account_key: str  # which of our accounts received it
    author: Author  # who mentioned, replied, reacted, boosted or followed
    created_at: datetime  # aware, UTC
    post: Post | None = None  # the mention/reply itself, or our post reacted to/boosted
    reaction: str = ""  # Misskey's reaction (e.g. "👍"), when kind is REACTION


@dataclass(frozen=True, slots=True)
class Limits:
    """How long a post may be and how its length is counted, as the adapter says: the
    rule :func:`app.core.counting.measure` and :func:`app.core.hashtags.tags_in` follow,
    so nothing above the adapters needs to know which network it is."""

    max_characters: int
    # "weighted" (twitter-text: CJK 2, emoji 2), "graphemes", "utf16" (JavaScript length)
    unit: str
    characters_reserved_per_url: int | None = None  # None: URLs count in full
    max_bytes: int | None = None  # a second cap in UTF-8 bytes (Bluesky: 3000)
    # "@user@domain" counts as "@user" (Mastodon).
    mentions_count_local_part: bool = False
    # Where a hashtag starts and ends (app.core.hashtags.DIALECTS): "twitter-text",
    # "word" (after whitespace, word characters), "to-space" (to the next whitespace), "mfm".
    hashtag_dialect: str = "word"


@dataclass(frozen=True, slots=True)
class AccountRef:
    """Non-secret data about one signed-in account (the token lives elsewhere)."""

    key: str  # stable id, e.g. "mastodon:http://127.0.0.1:4001:me"
    network: str  # "mastodon" | "misskey"
    base_url: str
    user_id: str
    username: str
    handle: str  # "@me@sora"
    serves: frozenset[Audience]
    label: str = ""  # server's short name, e.g. "sora"
    sandbox: bool = False
    # Learnt at sign-in: the server keeps no followers-only posts (snac), so the account
    # cannot serve the friends side; a friends post addressed to chosen friends can still
    # go through it (see Capabilities.friends_need_recipients).
    friends_need_recipients: bool = False
