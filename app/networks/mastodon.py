"""The Mastodon client API (Mastodon, GoToSocial, snac …) as a :class:`NetworkAdapter`.

Audience mapping (ours → wire): PUBLIC → ``public``; FRIENDS → ``private`` (followers
only), or ``direct`` with the recipients' @mentions prepended when chosen friends are
given. Back: ``public``/``unlisted`` → PUBLIC; ``private``/``direct`` and anything we do
not know → FRIENDS (an unknown visibility is never shown as public).

Endpoints used: ``GET /api/v1/accounts/verify_credentials``, ``GET /api/v2/instance`` (v1
as a fallback), ``GET /api/v1/timelines/home``, ``POST /api/v1/statuses`` with an
``Idempotency-Key`` (with ``scheduled_at`` for an :class:`Outgoing` with a time: the reply
is then a ScheduledStatus and :class:`Published` says ``scheduled``; ``PUT`` and ``DELETE
/api/v1/scheduled_statuses/:id`` move or cancel one), ``GET
/api/v1/accounts/:id`` (to mention recipients), ``POST /api/v2/media`` (multipart
``file`` + ``description``, the alt text; a 202 is polled with
``GET /api/v1/media/:id`` until its ``url`` is set, as Mastodon processes large files
after replying), ``GET /api/v1/accounts/:id/following`` and ``/followers`` (``Link``
paged; for :meth:`MastodonAdapter.friends`), ``GET /api/v1/accounts/:id/statuses``
(``max_id`` paged; for :meth:`MastodonAdapter.find_own`), and the streaming API: WebSocket
``/api/v1/streaming?stream=user``, with SSE ``/api/v1/streaming/user`` as the fallback,
at the host ``configuration.urls.streaming`` names and then at the server's own origin;
a server with no streaming API at all (snac) is polled.

Answering back: a reply is ``POST /api/v1/statuses`` with ``in_reply_to_id``, the
parent's author mentioned and the visibility :mod:`app.core.answering` allows (never
wider than the parent; checked before any request); a like is ``POST
/api/v1/statuses/:id/favourite``; a boost ``POST /api/v1/statuses/:id/reblog`` (public
posts only, refused before any request otherwise); the thread is ``GET
/api/v1/statuses/:id/context``; notifications are ``GET /api/v1/notifications`` (live:
the WebSocket ``stream=user:notification``). On snac a ``private`` status reads as
``direct`` — there it reaches only whom it mentions — so a reply goes to its author.

The instance info (limits, streaming host, and whether the server is snac — which keeps
no followers-only posts, so :attr:`MastodonAdapter.capabilities` then offers no friends
audience, only friends posts addressed to chosen friends) is read by the first page,
``me()``, stream or post, and cached. It fails closed: until the instance info has said
what the server is, ``idempotent_create`` is off (snac ignores the Idempotency-Key, so a
retry must look the post up with ``find_own``), and a friends post without chosen
friends, or a scheduled one, is held with a retryable :class:`NetworkError` (the
instance read's own failure, e.g. SERVER_ERROR 503) — never sent as ``private``, which
reaches nobody on snac, nor published at once by a server that ignores ``scheduled_at``.
On snac a scheduled post is UNSUPPORTED, nothing sent. Rate limits: a reply with
``X-RateLimit-Remaining: 0`` holds further requests back until ``X-RateLimit-Reset``
(RATE_LIMITED with ``retry_after``, nothing sent); a 429 is RATE_LIMITED with the
server's ``Retry-After`` or reset.
"""

from __future__ import annotations

import asyncio
import json
import logging
import mimetypes
import re
import uuid
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Collection
from contextlib import aclosing
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlsplit

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus, InvalidURI

from app.core.answering import check_boost, check_reply, reply_visibility
from app.core.content import clean_label, from_mastodon_html, with_warning
from app.core.models import (
    AccountRef,
    Audience,
    Author,
    Capabilities,
    Friend,
    Limits,
    MediaAttachment,
    MediaUpload,
    Notification,
    NotificationKind,
    Outgoing,
    Post,
    Published,
    new_idempotency_key,
)
from app.networks.base import AdapterBase, AudienceRefused, ErrorKind, NetworkError
from app.networks.http import (
    JSON_ERRORS,
    MALFORMED,
    STALE_CONNECTION_ERRORS,
    USER_AGENT,
    ConnectionTrace,
    PollMemory,
    RateGate,
    as_object,
    decode_json,
    error_from_exception,
    error_from_response,
    error_from_status,
    has_broken_text,
    http_base,
    item_id,
    make_client,
    parse_page,
    parse_timestamp,
    poll_stream,
    read_capped,
    request_bound,
    request_json,
    require,
    retry_after,
    websocket_base,
)
from app.networks.own_posts import Candidate, OwnMatcher

log = logging.getLogger(__name__)

DEFAULT_LIMITS = Limits(
    max_characters=500,
    unit="graphemes",
    characters_reserved_per_url=23,
    mentions_count_local_part=True,  # "@user@domain" counts as "@user"
    hashtag_dialect="word",
)
CAPABILITIES = Capabilities(
    audiences=frozenset({Audience.PUBLIC, Audience.FRIENDS}),
    streaming=True,
    recipients=True,
    media=True,
    friends_list=True,
    server_schedule=True,
    idempotent_create=True,
    own_lookup=True,
    reply=True,
    react=True,
    boost=True,
    conversation=True,
    notifications=True,
    notification_stream=True,
)
# Before the instance info is read the server may be snac, which ignores the
# Idempotency-Key: until then a retry must look for the post (own_lookup), not trust
# the key. Everything else is as for Mastodon; publish itself refuses what snac cannot do.
UNKNOWN_CAPABILITIES = replace(CAPABILITIES, idempotent_create=False)
# snac (≤ 2.75 at least): no followers-only posts, so no friends audience (a "private"
# status reaches only the accounts it mentions), and no streaming API. A friends post
# addressed to chosen friends (``direct`` with their @mentions) reaches exactly them.
# It ignores Idempotency-Key and scheduled_at, so its posts are found again with
# find_own and schedules stay with Kizuna.
SNAC_CAPABILITIES = Capabilities(
    audiences=frozenset({Audience.PUBLIC}),
    recipients=True,
    media=True,
    friends_need_recipients=True,
    friends_list=True,
    own_lookup=True,
    reply=True,
    react=True,
    boost=True,
    conversation=True,
    notifications=True,
)
# A server without any streaming API is polled this often (Mastodon allows 300 requests
# per 5 minutes; one every 30 s is a tenth of a percent of that).
DEFAULT_POLL_SECONDS = 30.0
# After instance info could not be read, ask again no sooner than this.
INSTANCE_RETRY_SECONDS = 60.0
# Failures of the instance read that a held post keeps as its own kind (others are
# SERVER_ERROR): each makes the outbox wait, none drops the post.
_HOLD_KINDS = frozenset(
    {
        ErrorKind.OFFLINE,
        ErrorKind.TIMEOUT,
        ErrorKind.RATE_LIMITED,
        ErrorKind.SERVER_ERROR,
        ErrorKind.BAD_RESPONSE,
        ErrorKind.SIGNED_OUT,  # the user is asked to sign in again; the post waits
    }
)
# Replies that mean "no streaming API here" (not "try again later").
_NO_STREAMING_STATUSES = frozenset({404, 405, 410, 501})
MAX_PAGE = 40  # Mastodon's own cap for timeline pages
STREAM_PATH = "/api/v1/streaming"
_MAX_EVENT_BYTES = 1024 * 1024
# SSE: Mastodon sends a heartbeat comment every ~15 s; no byte for this long means the
# connection is dead even if the socket does not know it yet.
_SSE_READ_TIMEOUT = 90.0

_PUBLIC_VISIBILITIES = frozenset({"public", "unlisted"})
# Notification types we show, as ours (a mention that answers a status is a reply).
_NOTIFICATION_KINDS = {
    "mention": NotificationKind.MENTION,
    "favourite": NotificationKind.REACTION,
    "reblog": NotificationKind.BOOST,
    "follow": NotificationKind.FOLLOW,
}
# Mastodon's defaults when the server does not say (configuration.media_attachments and
# configuration.statuses in /api/v2/instance).
DEFAULT_DESCRIPTION_LIMIT = 1500
DEFAULT_MAX_MEDIA = 4
# A 202 upload is polled this often (growing) for at most this long.
MEDIA_POLL_FIRST = 0.5
MEDIA_POLL_MAX_WAIT = 120.0
# Follow lists: Mastodon's page cap, and how many pages we read at most.
FOLLOW_PAGE = 80
MAX_FOLLOW_PAGES = 50
# find_own: pages (of MAX_PAGE statuses) read at most, newest first.
_LOOKUP_PAGES = 5
# The @mentions publish puts before a status addressed to chosen friends.
_LEADING_MENTIONS = re.compile(r"^\s*(?:@[\w.-]+(?:@[\w.-]+)?\s+)+")


def _repeatable() -> dict[str, str]:
    """Headers for a request a dropped connection may repeat: a favourite or a reblog done
    twice is done once (the server answers the existing one), which an Idempotency-Key
    tells the transport (:func:`app.networks.http.replayable`); servers ignore it there."""
    return {"Idempotency-Key": new_idempotency_key()}


def audience_of(visibility: str) -> Audience:
    return Audience.PUBLIC if visibility in _PUBLIC_VISIBILITIES else Audience.FRIENDS


class _HandshakeFailed(Exception):
    """The WebSocket could not be opened for a reason SSE might not share."""


class MastodonAdapter(AdapterBase):
    network = "mastodon"

    def __init__(
        self,
        account: AccountRef,
        token: str,
        *,
        streaming_url: str | None = None,
        client: httpx.AsyncClient | None = None,
        websocket: bool = True,
    ) -> None:
        """``websocket=False`` streams over SSE only (for networks that block WebSockets)."""
        self.account = account
        self._token = token
        self._base = account.base_url.rstrip("/")
        self._label = account.label or urlsplit(self._base).hostname or ""
        self._streaming_url = streaming_url
        self._websocket = websocket
        self._client = client or make_client()
        self._own_client = client is None
        self._limits = DEFAULT_LIMITS
        self._instance_loaded = False
        self._instance_tried_at = -INSTANCE_RETRY_SECONDS
        self._instance_lock = asyncio.Lock()
        self._description_limit = DEFAULT_DESCRIPTION_LIMIT
        self._max_media = DEFAULT_MAX_MEDIA
        self._followers_only = True  # False on servers without followers-only posts (snac)
        # Whether the instance info said what kind of server this is; until it has, a
        # friends post is held (it might reach nobody on snac), never sent.
        self._kind_known = False
        self._instance_error: NetworkError | None = None  # why the last read failed
        self._no_streaming = False  # True once the server is known to have no streaming API
        self._stream_via: tuple[str, str] | None = None  # ("ws"|"sse", origin) that worked
        self._rate = RateGate()  # X-RateLimit-* windows (one per account)
        self._poll_memory = PollMemory()  # newest statuses handed out, for polling
        self.poll_interval = DEFAULT_POLL_SECONDS  # when the server has no streaming
        self.media_poll_first = MEDIA_POLL_FIRST  # seconds; tests make it short
        self.media_poll_max_wait = MEDIA_POLL_MAX_WAIT

    def __repr__(self) -> str:  # never the token
        return f"MastodonAdapter({self.account.key!r})"

    @property
    def capabilities(self) -> Capabilities:
        """What this server can do, as far as the adapter knows yet (the instance info is
        read by the first call of :meth:`me`, :meth:`timeline`, :meth:`stream` or
        :meth:`publish`): snac has no friends audience; a server without streaming is
        polled. Until the server's kind is known, ``idempotent_create`` is off (it may be
        snac); :meth:`publish` holds back what would go wrong on snac until it knows."""
        if self._kind_known and not self._followers_only:
            return SNAC_CAPABILITIES
        caps = CAPABILITIES if self._kind_known else UNKNOWN_CAPABILITIES
        if self._no_streaming:
            return replace(caps, streaming=False, notification_stream=False)
        return caps

    @property
    def limits(self) -> Limits:
        return self._limits

    @property
    def request_timeout(self) -> float:
        """The longest one request can take, from this adapter's own client."""
        return request_bound(self._client.timeout)

    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._token}"}

    def _note_rate(self, headers: httpx.Headers) -> None:
        """``X-RateLimit-Remaining: 0`` closes the window until ``X-RateLimit-Reset``."""
        reset = headers.get("X-RateLimit-Reset")
        wait = retry_after({"X-RateLimit-Reset": reset}) if reset else None
        self._rate.note("", headers.get("X-RateLimit-Remaining"), wait)

    async def _request(self, method: str, url: str, **kwargs: Any) -> tuple[Any, httpx.Response]:
        """One API request through the rate-limit gate: after a reply that used up the
        server's window nothing is sent until its reset (RATE_LIMITED with
        ``retry_after``). A 429 itself is RATE_LIMITED with the server's ``Retry-After``
        or reset, which every caller waits for."""
        self._rate.check()
        data, reply = await request_json(self._client, method, url, **kwargs)
        self._note_rate(reply.headers)
        return data, reply

    async def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        headers = {**self._auth(), **kwargs.pop("headers", {})}
        data, _ = await self._request(method, self._base + path, headers=headers, **kwargs)
        return data

    # ------------------------------------------------------------------ instance

    async def _ensure_instance(self, *, force: bool = False) -> None:
        """Read the instance info once (it is cached). After a failure (server away) it is
        asked again only after a minute, unless ``force`` (publishing needs it)."""
        async with self._instance_lock:  # a column and a stream may ask at once
            if self._instance_loaded:
                return
            now = asyncio.get_running_loop().time()
            if not force and now - self._instance_tried_at < INSTANCE_RETRY_SECONDS:
                return
            self._instance_tried_at = now
            await self.refresh_instance()

    async def refresh_instance(self) -> None:
        """Read the server's limits, streaming host and kind; keep the defaults (500
        characters, 23 per URL) for what it will not say."""
        try:
            info = as_object(await self._call("GET", "/api/v2/instance"))
            config = as_object(info.get("configuration"))
            streaming = as_object(config.get("urls")).get("streaming")
        except NetworkError as exc:
            if exc.kind is not ErrorKind.SERVER_ERROR or exc.status != 404:
                log.info("instance info of %s unavailable: %s", self._base, exc.kind.value)
                self._instance_error = exc
                return
            # Servers older than Mastodon 4.0 (and some others) only have v1.
            try:
                info = as_object(await self._call("GET", "/api/v1/instance"))
            except NetworkError as exc1:
                log.info("instance info of %s unavailable: %s", self._base, exc1.kind.value)
                self._instance_error = exc1
                return
            config = as_object(info.get("configuration"))
            streaming = as_object(info.get("urls")).get("streaming_api")
        self._instance_error = None
        # snac (≤ 2.75 at least) has no followers-only posts: its "private" reaches only the
        # accounts mentioned, i.e. nobody without mentions (tests/realserver pins this). It
        # says so in its version ("4.0.0 (not true; really snac/2.75)"). It has no
        # streaming API either, though its v1 instance names a wss:// streaming host.
        version = info.get("version")
        is_snac = isinstance(version, str) and "snac" in version.lower()
        # Every Mastodon-API server names its version; one that does not has not said
        # whether it keeps followers-only posts.
        self._kind_known = isinstance(version, str) and bool(version)
        self._followers_only = not is_snac
        if is_snac:
            self._no_streaming = True
        statuses = config.get("statuses")
        media = config.get("media_attachments")
        if isinstance(media, dict):
            limit = media.get("description_limit")
            if isinstance(limit, int) and _positive_int(limit):
                self._description_limit = limit
        if isinstance(statuses, dict) and _positive_int(statuses.get("max_media_attachments")):
            self._max_media = statuses["max_media_attachments"]
        if isinstance(statuses, dict):
            max_chars = statuses.get("max_characters")
            per_url = statuses.get("characters_reserved_per_url")
            if isinstance(max_chars, int) and not isinstance(max_chars, bool) and max_chars > 0:
                self._limits = replace(
                    DEFAULT_LIMITS,
                    max_characters=max_chars,
                    characters_reserved_per_url=per_url
                    if isinstance(per_url, int) and not isinstance(per_url, bool) and per_url >= 0
                    else DEFAULT_LIMITS.characters_reserved_per_url,
                )
        if self._streaming_url is None and isinstance(streaming, str) and streaming:
            try:
                websocket_base(streaming)
            except NetworkError:
                log.info("ignoring a malformed streaming URL from %s", self._base)
            else:
                self._streaming_url = streaming
        self._instance_loaded = True

    # ------------------------------------------------------------------ parsing

    def _author(self, account: dict[str, Any]) -> Author:
        username = account["username"]
        acct = account.get("acct") or username
        if not isinstance(username, str) or not isinstance(acct, str):
            raise ValueError("account without a username")
        handle = f"@{acct}" if "@" in acct else f"@{acct}@{self._label}"
        avatar = account.get("avatar_static") or account.get("avatar")
        return Author(
            id=item_id(account["id"]),
            username=clean_label(username),
            handle=clean_label(handle),
            display_name=clean_label(str(account.get("display_name") or username)),
            avatar_url=avatar if isinstance(avatar, str) and _is_web(avatar) else None,
        )

    @staticmethod
    def _media(items: Any) -> tuple[MediaAttachment, ...]:
        out: list[MediaAttachment] = []
        for item in items if isinstance(items, list) else ():
            if not isinstance(item, dict):
                continue
            url = item.get("url") or item.get("remote_url")
            if not isinstance(url, str) or not _is_web(url):
                continue
            preview = item.get("preview_url")
            original = as_object(as_object(item.get("meta")).get("original"))
            width, height = original.get("width"), original.get("height")
            description = item.get("description")
            out.append(
                MediaAttachment(
                    url=url,
                    preview_url=preview if isinstance(preview, str) and _is_web(preview) else None,
                    description=description if isinstance(description, str) else "",
                    kind=str(item.get("type") or "unknown"),
                    width=width if isinstance(width, int) else None,
                    height=height if isinstance(height, int) else None,
                )
            )
        return tuple(out)

    def parse_status(self, status: dict[str, Any]) -> Post:
        """A Post from a Status entity; raises KeyError/TypeError/ValueError when malformed."""
        # A boost shows the boosted status, but keeps the boost's id and time so that
        # paging (max_id) and ordering follow the timeline.
        inner = status["reblog"] if isinstance(status.get("reblog"), dict) else status
        visibility = str(status["visibility"])
        audience = audience_of(visibility)
        if inner is not status and audience_of(str(inner.get("visibility"))) is Audience.FRIENDS:
            audience = Audience.FRIENDS
        mentions = {
            m["url"]: m["acct"]
            for m in inner.get("mentions") or []
            if isinstance(m, dict)
            and isinstance(m.get("url"), str)
            and isinstance(m.get("acct"), str)
        }
        content = from_mastodon_html(str(inner.get("content") or ""), mentions=mentions)
        content = with_warning(content, str(inner.get("spoiler_text") or ""))
        server_tags = tuple(
            t["name"]
            for t in inner.get("tags") or []
            if isinstance(t, dict) and isinstance(t.get("name"), str)
        )
        url = inner.get("url") or inner.get("uri")
        parent = inner.get("in_reply_to_id")
        replies = inner.get("replies_count")
        recipients: tuple[str, ...] = ()
        snac = self._kind_known and not self._followers_only
        if snac and visibility == "private":
            # snac keeps no followers-only posts: its "private" reaches only whom it
            # mentions — Mastodon's "direct". It lists them (under ids of its own) to the
            # author alone, so the one a reply can be addressed to is the author.
            visibility = "direct"
        elif str(inner.get("visibility")) not in _PUBLIC_VISIBILITIES:
            # Who a direct status reaches: the accounts it mentions.
            recipients = tuple(
                dict.fromkeys(
                    item_id(m["id"])
                    for m in inner.get("mentions") or []
                    if isinstance(m, dict) and isinstance(m.get("id"), str | int)
                )
            )
        return Post(
            id=item_id(status["id"]),
            network=self.network,
            account_key=self.account.key,
            author=self._author(inner["account"]),
            created_at=parse_timestamp(status["created_at"]),
            text=content.text,
            html=content.html,
            audience=audience,
            visibility=visibility,
            url=url if isinstance(url, str) and _is_web(url) else None,
            tags=content.tags or server_tags,
            media=self._media(inner.get("media_attachments")),
            in_reply_to_id=item_id(parent) if isinstance(parent, str | int) and parent else None,
            recipients=recipients,
            boost_of=item_id(inner["id"]) if inner is not status else None,
            reply_count=replies if isinstance(replies, int) and _positive_int(replies) else 0,
            favourited=inner.get("favourited") is True,
            boosted=inner.get("reblogged") is True,
        )

    def _posts(self, items: Any) -> list[Post]:
        return parse_page(items, self.parse_status, "timeline", self._base)

    # ------------------------------------------------------------------ protocol

    async def me(self) -> Author:
        data = await self._call("GET", "/api/v1/accounts/verify_credentials")
        await self._ensure_instance(force=True)
        try:
            return self._author(require(data, dict, "account"))
        except (KeyError, TypeError, ValueError) as exc:
            raise NetworkError(ErrorKind.BAD_RESPONSE, "malformed account") from exc

    async def timeline(self, *, limit: int = 20, older_than: str | None = None) -> list[Post]:
        page = self._home(limit, older_than)
        if older_than is not None:
            return await page
        # The newest page: shown now, so a polled stream starts after it.
        return await self._poll_memory.newest(page)

    async def _home(self, limit: int, older_than: str | None) -> list[Post]:
        # The first page is when the server's limits and kind are learnt (then cached).
        await self._ensure_instance()
        params: dict[str, str | int] = {"limit": max(1, min(limit, MAX_PAGE))}
        if older_than is not None:
            params["max_id"] = older_than
        return self._posts(await self._call("GET", "/api/v1/timelines/home", params=params))

    async def _follow_list(self, which: str) -> dict[str, Author]:
        """Everyone our account follows ("following") or is followed by ("followers"),
        reading the ``Link`` rel="next" pages, only on our own server."""
        url: str | None = (
            f"{self._base}/api/v1/accounts/{quote(self.account.user_id, safe='')}/{which}"
            f"?limit={FOLLOW_PAGE}"
        )
        origin = urlsplit(self._base)[:2]
        found: dict[str, Author] = {}
        for _ in range(MAX_FOLLOW_PAGES):
            if url is None:
                break
            data, reply = await self._request("GET", url, headers=self._auth())
            for item in require(data, list, which):
                try:
                    author = self._author(require(item, dict, "account"))
                except (KeyError, TypeError, ValueError, NetworkError):
                    continue
                found[author.id] = author
            nxt = reply.links.get("next", {}).get("url")
            # The token goes only to our own server, whatever the header says.
            url = nxt if nxt and urlsplit(nxt)[:2] == origin and data else None
        return found

    async def friends(self) -> list[Friend]:
        """The accounts we follow who follow us back: the people a gift for chosen friends
        can be addressed to (a ``direct`` status mentioning them), sorted by handle."""
        following = await self._follow_list("following")
        followers = await self._follow_list("followers")
        mutual = [a for key, a in following.items() if key in followers]
        return sorted(
            (
                Friend(self.account.key, a.id, a.username, a.handle, a.display_name)
                for a in mutual
                if a.id != self.account.user_id
            ),
            key=lambda f: f.handle,
        )

    def _check_audience(self, outgoing: Outgoing) -> None:
        if outgoing.audience not in CAPABILITIES.audiences:
            raise AudienceRefused(f"{self.network} cannot post to {outgoing.audience.value}")
        if outgoing.recipients and outgoing.audience is not Audience.FRIENDS:
            raise AudienceRefused("chosen recipients need the friends audience")

    async def _mention_prefix(self, recipients: tuple[str, ...], text: str) -> str:
        accts: list[str] = []
        for user_id in recipients:
            account = await self._call("GET", f"/api/v1/accounts/{quote(user_id, safe='')}")
            acct = account.get("acct") if isinstance(account, dict) else None
            if not isinstance(acct, str) or not acct:
                raise NetworkError(ErrorKind.BAD_RESPONSE, "recipient without an address")
            # A local account is mentioned by its bare name, as Mastodon's own acct is;
            # snac gives "name@its.host" but resolves only "@name" to a local account.
            name, _, domain = acct.partition("@")
            if domain and domain.lower() == urlsplit(self._base).netloc.lower():
                acct = name
            # Already mentioned (exactly this account, not a longer name)? Then do not repeat.
            if not re.search(rf"(?<![\w@])@{re.escape(acct)}(?![\w@.-])", text):
                accts.append(acct)
        return " ".join(f"@{a}" for a in dict.fromkeys(accts))

    def _check_media(self, media: tuple[MediaUpload, ...], count: int) -> None:
        """Refuse, before anything is sent, what this server would refuse or cut."""
        if count > self._max_media:
            raise NetworkError(
                ErrorKind.REJECTED,
                f"{self._label} takes at most {self._max_media} pictures per post, not {count}",
            )
        for item in media:
            if not item.data:
                raise NetworkError(ErrorKind.REJECTED, f"{item.filename} is empty")
            if len(item.description) > self._description_limit:
                raise NetworkError(
                    ErrorKind.REJECTED,
                    f"the alt text of {item.filename} is {len(item.description)} characters; "
                    f"{self._label} keeps at most {self._description_limit}",
                )

    async def upload(self, media: MediaUpload) -> str:
        """Upload one picture with its alt text; returns the media id once it is usable."""
        await self._ensure_instance(force=True)
        self._check_media((media,), 1)
        form = {"description": media.description} if media.description else {}
        self._rate.check()
        # A kept-alive connection closed under us is worth one more try on a new one: an
        # upload sent twice leaves at worst an unattached file, which servers clean up.
        for attempt in (1, 2):
            trace = ConnectionTrace()
            try:
                async with self._client.stream(
                    "POST",
                    self._base + "/api/v2/media",
                    headers=self._auth(),
                    data=form,
                    files={"file": (_upload_name(media), media.data, media.mime)},
                    extensions={"trace": trace},
                ) as reply:
                    body = await read_capped(reply, 1024 * 1024)
                break
            except STALE_CONNECTION_ERRORS as exc:
                if attempt == 2 or not trace.reused:
                    raise error_from_exception(exc) from exc
            except (httpx.HTTPError, OSError) as exc:
                raise error_from_exception(exc) from exc
        if reply.status_code not in (200, 202):
            raise error_from_response(reply, body)
        self._note_rate(reply.headers)
        attachment = require(decode_json(body, status=reply.status_code), dict, "media")
        media_id = attachment.get("id")
        if not isinstance(media_id, str | int) or isinstance(media_id, bool):
            raise NetworkError(ErrorKind.BAD_RESPONSE, "media without an id")
        if reply.status_code == 202 or not attachment.get("url"):
            await self._wait_for_media(str(media_id))
        return str(media_id)

    async def _wait_for_media(self, media_id: str) -> None:
        """Poll GET /api/v1/media/:id until the server has processed the file (``url`` set;
        Mastodon answers 206 while it works)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.media_poll_max_wait
        delay = self.media_poll_first
        path = f"/api/v1/media/{quote(media_id, safe='')}"
        while True:
            await asyncio.sleep(delay)
            data, reply = await self._request("GET", self._base + path, headers=self._auth())
            if reply.status_code == 200 and isinstance(data, dict) and data.get("url"):
                return
            if loop.time() + delay > deadline:
                raise NetworkError(
                    ErrorKind.TIMEOUT, f"{self._label} is still processing the picture"
                )
            delay = min(delay * 2, 5.0)

    def _kind_unknown(self, what: str) -> NetworkError:
        """The retryable error for a post held while the server's kind is unknown: the
        reason the instance info could not be read (a 503 stays SERVER_ERROR, a drop
        OFFLINE), so the outbox waits and tries again."""
        cause = self._instance_error
        # Read, but without a version: the reply was not what a server says.
        kind = ErrorKind.BAD_RESPONSE
        if cause is not None:
            kind = cause.kind if cause.kind in _HOLD_KINDS else ErrorKind.SERVER_ERROR
        return NetworkError(
            kind,
            f"{self._label} did not say what kind of server it is, so {what} was held; "
            "nothing was sent",
            status=cause.status if cause is not None else None,
            retry_after=cause.retry_after if cause is not None else None,
        )

    async def _require_kind(self, what: str) -> None:
        """Fail closed: learn whether the server is snac before sending ``what``, which
        would go wrong there, and hold it (a retryable error) while nobody can tell."""
        await self._ensure_instance(force=True)
        if not self._kind_known:
            raise self._kind_unknown(what)

    async def publish(self, outgoing: Outgoing) -> Published:
        return await self._create(outgoing)

    async def _create(
        self, outgoing: Outgoing, in_reply_to: Post | None = None, visibility: str | None = None
    ) -> Published:
        """``POST /api/v1/statuses``: a post, or (``in_reply_to``) a reply whose wire
        ``visibility`` :mod:`app.core.answering` chose."""
        self._check_audience(outgoing)
        if outgoing.media:
            await self._ensure_instance(force=True)
            self._check_media(outgoing.media, len(outgoing.media) + len(outgoing.media_ids))
        if outgoing.audience is Audience.FRIENDS and not outgoing.recipients:
            # On snac "private" reaches nobody: never send it unless we know it is not snac.
            await self._require_kind("a post for your friends")
            if not self._followers_only:
                raise AudienceRefused(
                    f"{self._label} keeps no followers-only posts (a snac server), so a post "
                    "cannot be limited to your friends there; nothing was sent"
                )
        if outgoing.scheduled_at is not None:
            # snac ignores scheduled_at and would publish at once.
            await self._require_kind("a scheduled post")
            if not self._followers_only:
                raise NetworkError(
                    ErrorKind.UNSUPPORTED,
                    f"{self._label} cannot hold a post to publish later; nothing was sent",
                )
        media_ids = list(outgoing.media_ids)
        for item in outgoing.media:
            media_ids.append(await self.upload(item))
        text = outgoing.text
        mention: tuple[str, ...] = outgoing.recipients
        if in_reply_to is not None and in_reply_to.author.id != self.account.user_id:
            # A reply names whom it answers, so they are told (as Mastodon's own client).
            mention = (in_reply_to.author.id, *mention)
        if visibility is None:
            visibility = "public" if outgoing.audience is Audience.PUBLIC else "private"
            if outgoing.recipients:
                visibility = "direct"  # a direct status reaches exactly whom it mentions
        if mention:
            prefix = await self._mention_prefix(mention, text)
            text = f"{prefix} {text}" if prefix else text
        form: dict[str, str | list[str]] = {"status": text, "visibility": visibility}
        if in_reply_to is not None:
            form["in_reply_to_id"] = in_reply_to.subject_id
        if media_ids:
            form["media_ids[]"] = media_ids
        if outgoing.language:
            form["language"] = outgoing.language
        if outgoing.spoiler_text:
            form["spoiler_text"] = outgoing.spoiler_text
        if outgoing.scheduled_at is not None:
            if outgoing.scheduled_at.tzinfo is None:
                raise ValueError("a scheduled time needs a time zone")
            # ISO 8601 in UTC; the server refuses (422) a time less than 5 minutes ahead.
            form["scheduled_at"] = _iso_utc(outgoing.scheduled_at)
        data = await self._call(
            "POST",
            "/api/v1/statuses",
            data=form,
            headers={"Idempotency-Key": outgoing.idempotency_key},
        )
        status = require(data, dict, "status")
        remote_id = status.get("id")
        if not isinstance(remote_id, str | int) or isinstance(remote_id, bool) or remote_id == "":
            # An empty id would be recorded as "sent" with nothing to point to.
            raise NetworkError(ErrorKind.BAD_RESPONSE, "status without an id")
        if outgoing.scheduled_at is not None and "params" in status and "content" not in status:
            # A ScheduledStatus (id, scheduled_at, params, media_attachments): the server
            # publishes it at its time. A time already past gets an ordinary Status instead.
            return Published(remote_id=str(remote_id), url=None, scheduled=True)
        url = status.get("url") or status.get("uri")
        return Published(
            remote_id=str(remote_id), url=url if isinstance(url, str) and _is_web(url) else None
        )

    # ------------------------------------------------------------------ answering back

    async def reply(self, in_reply_to: Post, outgoing: Outgoing) -> Published:
        """Answer ``in_reply_to`` (``in_reply_to_id``), never wider than it: a reply to a
        ``private`` post is ``private`` (or ``direct``), to a ``direct`` one ``direct`` to
        the same people (:mod:`app.core.answering`); refused before any request else."""
        me = self.account.user_id
        check_reply(in_reply_to, outgoing.audience, outgoing.recipients, me)
        visibility = reply_visibility(in_reply_to, outgoing.audience, outgoing.recipients)
        return await self._create(outgoing, in_reply_to, visibility)

    async def react(self, post: Post, reaction: str | None = None) -> None:
        """Favourite ``post`` (Mastodon has no emoji reactions on statuses)."""
        path = f"/api/v1/statuses/{quote(post.subject_id, safe='')}/favourite"
        await self._call("POST", path, headers=_repeatable())

    async def boost(self, post: Post) -> Published:
        """Reblog ``post`` publicly; a friends-only post is refused before any request."""
        check_boost(post)
        data = await self._call(
            "POST",
            f"/api/v1/statuses/{quote(post.subject_id, safe='')}/reblog",
            data={"visibility": "public"},
            headers=_repeatable(),
        )
        status = require(data, dict, "status")
        remote_id = status.get("id")
        if not isinstance(remote_id, str | int) or isinstance(remote_id, bool) or remote_id == "":
            raise NetworkError(ErrorKind.BAD_RESPONSE, "status without an id")
        url = as_object(status.get("reblog")).get("url") or status.get("url")
        return Published(
            remote_id=str(remote_id), url=url if isinstance(url, str) and _is_web(url) else None
        )

    async def conversation(self, post: Post) -> list[Post]:
        """The thread of ``post``, oldest first: its ancestors, itself, its replies
        (``GET /api/v1/statuses/:id/context``; what we may not see is left out)."""
        path = f"/api/v1/statuses/{quote(post.subject_id, safe='')}/context"
        context = require(await self._call("GET", path), dict, "context")
        ancestors = parse_page(context.get("ancestors"), self.parse_status, "context", self._base)
        replies = parse_page(context.get("descendants"), self.parse_status, "context", self._base)
        return [*ancestors, post, *replies]

    async def notifications(self, since: str | None = None) -> list[Notification]:
        """Mentions (and replies), favourites, boosts and follows, newest first
        (``GET /api/v1/notifications`` with ``types[]``, after ``since_id``)."""
        params: list[tuple[str, str | int]] = [("limit", MAX_PAGE)]
        params += [("types[]", kind) for kind in _NOTIFICATION_KINDS]
        if since is not None:
            params.append(("since_id", since))
        page = await self._call("GET", "/api/v1/notifications", params=params)
        found = parse_page(page, self._notification, "notifications", self._base)
        return [n for n in found if n is not None]

    async def notification_stream(
        self, on_open: Callable[[], None] | None = None
    ) -> AsyncIterator[Notification]:
        """Live notifications (WebSocket ``stream=user:notification``, ``notification``
        events), until the connection drops. A server without a streaming API (snac) has
        none: UNSUPPORTED — poll :meth:`notifications` there."""
        if self._streaming_url is None:
            await self._ensure_instance()
        if self._no_streaming:
            raise NetworkError(ErrorKind.UNSUPPORTED, f"{self._label}: no streaming API")
        for origin in await self._streaming_origins():
            try:
                conn = await self._open_websocket(origin, "user:notification")
            except _HandshakeFailed as exc:
                log.info("no WebSocket notifications at %s (%s)", origin, exc)
                continue
            async with conn:
                if on_open is not None:
                    on_open()
                try:
                    async for raw in conn:
                        found = self._event_notification(raw)
                        if found is not None:
                            yield found
                except ConnectionClosed as exc:
                    raise NetworkError(ErrorKind.OFFLINE, "stream dropped") from exc
            raise NetworkError(ErrorKind.OFFLINE, "stream closed by the server")
        raise NetworkError(ErrorKind.OFFLINE, "no streaming connection")

    def _event_notification(self, raw: str | bytes) -> Notification | None:
        try:
            message = json.loads(raw)
            if not isinstance(message, dict) or message.get("event") != "notification":
                return None
            payload = message.get("payload")
            item = require(json.loads(payload) if isinstance(payload, str) else payload, dict, "")
            if has_broken_text(item):
                raise ValueError("text that is not UTF-8")
            return self._notification(item)
        except (*JSON_ERRORS, *MALFORMED, NetworkError) as exc:
            log.warning("skipping a malformed notification event from %s: %r", self._base, exc)
            return None

    def _notification(self, item: dict[str, Any]) -> Notification | None:
        kind = _NOTIFICATION_KINDS.get(str(item.get("type")))
        if kind is None:
            return None
        status = item.get("status")
        post = self.parse_status(status) if isinstance(status, dict) else None
        if kind is NotificationKind.MENTION and post is not None and post.in_reply_to_id:
            kind = NotificationKind.REPLY
        if kind is not NotificationKind.FOLLOW and post is None:
            raise ValueError("notification without its status")
        return Notification(
            id=item_id(item["id"]),
            kind=kind,
            account_key=self.account.key,
            author=self._author(item["account"]),
            created_at=parse_timestamp(item["created_at"]),
            post=post,
        )

    # ------------------------------------------------------------------ own posts

    async def find_own(
        self,
        text: str,
        audience: Audience,
        since: datetime,
        *,
        until: datetime | None = None,
        exclude: Collection[str] = (),
    ) -> Published | None:
        """Our own oldest status with exactly ``text`` and ``audience`` created in
        ``[since, until)`` whose id is not in ``exclude`` (see :mod:`app.networks.own_posts`).

        For servers that ignore the Idempotency-Key (snac). Reads ``GET
        /api/v1/accounts/:id/statuses`` newest first (``max_id``) back to ``since``. A
        status addressed to chosen friends starts with their @mentions (:meth:`publish`
        put them there), which are not part of the text we look for.
        """
        matcher = OwnMatcher(text, audience, since, until, exclude, normalize=as_rendered)
        path = f"/api/v1/accounts/{quote(self.account.user_id, safe='')}/statuses"
        params: dict[str, str | int] = {"limit": MAX_PAGE, "exclude_reblogs": "true"}
        for _ in range(_LOOKUP_PAGES):
            page = require(await self._call("GET", path, params=params), list, "statuses")
            oldest: Post | None = None
            for item in page:
                try:
                    if not isinstance(item, dict) or isinstance(item.get("reblog"), dict):
                        continue
                    post = self.parse_status(item)
                except MALFORMED:
                    continue
                oldest = post
                if post.author.id != self.account.user_id:
                    continue
                body = post.text
                if post.visibility in ("direct", "private") and as_rendered(body) != matcher.text:
                    body = _LEADING_MENTIONS.sub("", body, count=1)
                matcher.offer(Candidate(post.id, body, post.audience, post.created_at, post.url))
            if len(page) < MAX_PAGE or oldest is None or matcher.reached_back(oldest.created_at):
                break
            params["max_id"] = oldest.id
        return matcher.result()

    # ------------------------------------------------------------------ scheduled posts

    async def cancel_scheduled(self, remote_id: str) -> None:
        """Cancel a post the server holds to publish later (``DELETE
        /api/v1/scheduled_statuses/:id``). A NetworkError with status 404 means the server
        no longer holds it (published, or cancelled elsewhere)."""
        await self._call("DELETE", f"/api/v1/scheduled_statuses/{quote(remote_id, safe='')}")

    async def reschedule(self, remote_id: str, at: datetime) -> datetime:
        """Move a post the server holds to ``at`` (aware; ``PUT
        /api/v1/scheduled_statuses/:id``); returns the time the server now says. The
        server refuses (422) a time less than 5 minutes ahead of its own clock."""
        if at.tzinfo is None:
            raise ValueError("a scheduled time needs a time zone")
        data = await self._call(
            "PUT",
            f"/api/v1/scheduled_statuses/{quote(remote_id, safe='')}",
            data={"scheduled_at": _iso_utc(at)},
        )
        raw = require(data, dict, "scheduled status").get("scheduled_at")
        try:
            return datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
        except ValueError:
            raise NetworkError(ErrorKind.BAD_RESPONSE, "unexpected scheduled_at") from None

    # ------------------------------------------------------------------ streaming

    async def _streaming_origins(self) -> list[str]:
        """Where to look for the streaming API, best first: the host the instance info
        names (or the one we were given), then the server's own origin."""
        if self._streaming_url is None:
            await self._ensure_instance()
        origins: list[str] = []
        for url in (self._streaming_url, self._base):
            if not url:
                continue
            # Accept either the bare host (as /api/v2/instance gives it) or the endpoint.
            url = url.rstrip("/").removesuffix(STREAM_PATH)
            try:
                key = http_base(url)
            except NetworkError:
                continue
            if key not in (http_base(o) for o in origins):
                origins.append(url)
        return origins

    async def stream(self, on_open: Callable[[], None] | None = None) -> AsyncIterator[Post]:
        """Live posts of the home timeline (the ``user`` stream), until the connection drops.

        The transport is the first that works of: WebSocket at each streaming origin
        (:meth:`_streaming_origins`), SSE at each, and — on a server that has no streaming
        API at all (snac) — polling :meth:`timeline` every ``poll_interval`` seconds. What
        worked is tried first on the next reconnect.
        """
        if self._streaming_url is None:
            await self._ensure_instance()
        if not self._no_streaming:
            plan = await self._stream_plan()
            missing = 0
            for kind, origin in plan:
                opened = False

                def mark_open(kind: str = kind, origin: str = origin) -> None:
                    nonlocal opened
                    opened = True
                    self._stream_via = (kind, origin)
                    if on_open is not None:
                        on_open()

                try:
                    if kind == "ws":
                        try:
                            conn = await self._open_websocket(origin)
                        except _HandshakeFailed as exc:
                            log.info("no WebSocket streaming at %s (%s)", origin, exc)
                            missing += 1
                            continue
                        # Closed here, not only by the reader: a stream closed between
                        # the handshake and the first read must not leave the socket open.
                        async with conn, aclosing(self._read_websocket(conn, mark_open)) as ws:
                            async for post in ws:
                                yield post
                    else:
                        async with aclosing(self._read_sse(origin, mark_open)) as sse:
                            async for post in sse:
                                yield post
                except NetworkError as exc:
                    if opened or not self._no_stream_here(exc, origin):
                        raise
                    log.info("no SSE streaming at %s (%s)", origin, exc)
                    missing += 1
                    continue
                return  # the readers only end by raising; not reached
            if missing < len(plan):
                raise NetworkError(ErrorKind.OFFLINE, "no streaming connection")
            log.info("%s has no streaming API; polling every %.0fs", self._base, self.poll_interval)
            self._no_streaming = True
        async for post in poll_stream(
            self.timeline, lambda: self.poll_interval, on_open, self._poll_memory
        ):
            yield post

    async def _stream_plan(self) -> list[tuple[str, str]]:
        origins = await self._streaming_origins()
        kinds = ("ws", "sse") if self._websocket else ("sse",)
        plan = [(kind, origin) for kind in kinds for origin in origins]
        if self._stream_via in plan:
            plan.remove(self._stream_via)
            plan.insert(0, self._stream_via)
        return plan

    def _no_stream_here(self, exc: NetworkError, origin: str) -> bool:
        """Whether a failure to open SSE at ``origin`` means "no streaming API there"
        (try the next place) rather than a problem to report (signed out, rate limited,
        the server away)."""
        if exc.kind in (ErrorKind.SIGNED_OUT, ErrorKind.RATE_LIMITED):
            return False
        if exc.status in _NO_STREAMING_STATUSES:
            return True
        # A streaming host other than the server itself that cannot be reached (snac names
        # a wss:// host it does not serve) is skipped; the server itself away is OFFLINE.
        return http_base(origin) != http_base(self._base)

    async def _open_websocket(self, origin: str, stream: str = "user") -> ClientConnection:
        base = websocket_base(origin) + STREAM_PATH
        # The token goes in the Authorization header (kept out of URLs and server logs);
        # servers that only read the query parameter (older Mastodon, Pleroma,
        # GoToSocial) get a second try with it.
        attempts = [
            (f"{base}?stream={stream}", self._auth()),
            (f"{base}?stream={stream}&access_token={quote(self._token, safe='')}", {}),
        ]
        for i, (url, headers) in enumerate(attempts):
            try:
                return await connect(
                    url,
                    additional_headers=headers,
                    user_agent_header=USER_AGENT,
                    open_timeout=15,
                    max_size=_MAX_EVENT_BYTES,
                )
            except InvalidStatus as exc:
                status = exc.response.status_code
                if status in (401, 403) and i + 1 < len(attempts):
                    continue
                if status in (401, 403, 429):
                    raise error_from_status(
                        status, exc.response.headers, bytes(exc.response.body or b"")
                    ) from None
                raise _HandshakeFailed(f"HTTP {status}") from None
            except (InvalidHandshake, InvalidURI, OSError, TimeoutError) as exc:
                raise _HandshakeFailed(type(exc).__name__) from None
        raise _HandshakeFailed("no attempt left")  # not reached

    async def _read_websocket(
        self, conn: ClientConnection, on_open: Callable[[], None] | None
    ) -> AsyncGenerator[Post, None]:
        if on_open is not None:
            on_open()  # with stream= in the URL the subscription is the handshake
        try:
            async for raw in conn:
                post = self._event_post(raw, payload_is_string=True)
                if post is not None:
                    yield post
        except ConnectionClosed as exc:
            raise NetworkError(ErrorKind.OFFLINE, "stream dropped") from exc
        raise NetworkError(ErrorKind.OFFLINE, "stream closed by the server")

    def _event_post(self, raw: str | bytes, *, payload_is_string: bool) -> Post | None:
        try:
            message = json.loads(raw)
            if not isinstance(message, dict) or message.get("event") != "update":
                return None
            payload = message.get("payload")
            if payload_is_string and isinstance(payload, str):
                payload = json.loads(payload)
            status = require(payload, dict, "status")
            if has_broken_text(status):
                raise ValueError("text that is not UTF-8")
            return self.parse_status(status)
        except (*JSON_ERRORS, KeyError, TypeError, AttributeError, NetworkError) as exc:
            log.warning("skipping a malformed stream event from %s: %r", self._base, exc)
            return None

    async def _read_sse(
        self, origin: str, on_open: Callable[[], None] | None
    ) -> AsyncGenerator[Post, None]:
        url = http_base(origin) + STREAM_PATH + "/user"
        headers = {**self._auth(), "Accept": "text/event-stream", "Cache-Control": "no-cache"}
        timeout = httpx.Timeout(15.0, read=_SSE_READ_TIMEOUT)
        try:
            async with self._client.stream("GET", url, headers=headers, timeout=timeout) as reply:
                if reply.status_code != 200:
                    raise error_from_response(reply, await read_capped(reply, 64 * 1024))
                if on_open is not None:
                    on_open()
                event = ""
                data: list[str] = []
                size = 0
                async for line in reply.aiter_lines():
                    if line == "":
                        if event == "update" and data:
                            post = self._event_post(
                                json.dumps({"event": event, "payload": "\n".join(data)}),
                                payload_is_string=True,
                            )
                            if post is not None:
                                yield post
                        event, data, size = "", [], 0
                        continue
                    if line.startswith(":"):
                        continue  # heartbeat
                    field, _, value = line.partition(":")
                    value = value.removeprefix(" ")
                    if field == "event":
                        event = value
                    elif field == "data":
                        size += len(value)
                        if size <= _MAX_EVENT_BYTES:
                            data.append(value)
        except NetworkError:
            raise
        except (httpx.HTTPError, OSError) as exc:
            raise error_from_exception(exc) from exc
        raise NetworkError(ErrorKind.OFFLINE, "stream closed by the server")

    async def aclose(self) -> None:
        if self._own_client:
            await self._client.aclose()


_REMOTE_MENTION = re.compile(r"(?<![\w@])@([\w.-]*\w)@[\w.-]*\w")


def as_rendered(text: str) -> str:
    """``text`` as it reads back from a status's HTML, for comparing the two: a remote
    mention is shown by its local part, and line breaks and runs of spaces may change."""
    return " ".join(_REMOTE_MENTION.sub(r"@\1", text).split())


def _iso_utc(moment: datetime) -> str:
    """ISO 8601 in UTC, as Mastodon's examples write it: ``2026-12-24T12:00:00Z``."""
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _upload_name(media: MediaUpload) -> str:
    """A file name of its own for each upload, keeping the type's extension.

    snac stores an upload under a hash of its file name: a second "card.png" would replace
    the first post's picture. Servers do not show upload file names, so nothing is lost.
    """
    suffix = media.filename.rpartition(".")[2] if "." in media.filename else ""
    ext = f".{suffix}" if suffix.isalnum() else (mimetypes.guess_extension(media.mime) or "")
    return f"{uuid.uuid4().hex}{ext}"


def _is_web(url: str) -> bool:
    return url.startswith(("https://", "http://"))
