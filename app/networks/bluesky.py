"""Bluesky (AT Protocol) as a :class:`NetworkAdapter`: a PDS reached over XRPC with httpx.

Sign-in is a handle (or e-mail) and an **app password** through
``com.atproto.server.createSession`` (:func:`create_session`). The access JWT lives for
minutes; when the server answers ``ExpiredToken`` (or ``InvalidToken``) the adapter calls
``com.atproto.server.refreshSession`` with the refresh JWT once, repeats the request, and
hands the new pair to ``on_session`` so the caller can put it back in the keychain.

Audiences: every Bluesky post is public. PUBLIC is honoured; FRIENDS (and chosen
recipients) is refused with :class:`AudienceRefused` before anything is sent — never
widened.

Publishing (``com.atproto.repo.createRecord``, collection ``app.bsky.feed.post``):

- the record carries ``text``, ``createdAt``, ``langs`` and ``facets`` for #tags, links and
  @mentions with UTF-8 byte offsets (:mod:`app.core.facets`; handles are resolved with
  ``com.atproto.identity.resolveHandle``);
- both limits, 300 graphemes and 3000 UTF-8 bytes, are checked before sending
  (``ErrorKind.REJECTED``);
- the record key is a TID chosen by us from ``Outgoing.idempotency_key``
  (:func:`rkey_for`), so a retried create cannot make a second post: the server refuses an
  existing key (the reference PDS answers ``500 InternalServerError``, its log saying
  "There is already a value at key"), and the adapter then reads the record back
  (``com.atproto.repo.getRecord``) and reports it as published — when its text is the
  text being posted; a record of other text under the key is a conflict (``REJECTED``),
  never taken for ours. A reply lost after the server made the record is read back the
  same way;
- pictures go up with ``com.atproto.repo.uploadBlob`` (:meth:`BlueskyAdapter.upload`) and
  into ``app.bsky.embed.images`` with their alt text.

Timeline: ``app.bsky.feed.getTimeline`` is answered by an AppView, which a PDS proxies
to. A bare PDS (no AppView configured, as in the tests) answers ``400 InvalidRequest "No
service configured for app.bsky.feed.getTimeline"``; ``getAuthorFeed`` and
``actor.getProfile`` likewise. The adapter then falls back to the account's own posts read
straight from its repository (``com.atproto.repo.listRecords``), with pictures served by
``com.atproto.sync.getBlob``; :attr:`BlueskyAdapter.timeline_source` says which is in use.

Answering back: a reply is a post record with ``reply: {root, parent}`` strong references
(read from the repository with ``getRecord`` when the page did not carry them); a like
and a repost are ``app.bsky.feed.like`` / ``app.bsky.feed.repost`` records with a
``subject`` strong reference. Every post is public, so a friends reply is refused before
any request. The thread is ``app.bsky.feed.getPostThread`` and notifications
``app.bsky.notification.listNotifications`` — both an AppView's; without one the thread
is the ancestors read record by record, and notifications are not offered.

There is no push API for a home timeline, so :meth:`BlueskyAdapter.stream` polls
:meth:`~BlueskyAdapter.timeline` at a polite interval and yields what is new.

Rate limits: a 429 carries ``RateLimit-Reset`` (a Unix time in whole seconds, so a second
of margin is added, as for X) → ``retry_after``; a reply with ``RateLimit-Remaining: 0``
makes the adapter refuse further calls until the reset, without sending them.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import time
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import httpx

from app.core import facets as richtext
from app.core.answering import check_boost, check_reply, reply_visibility
from app.core.bounded import PAGE_CURSORS, BoundedDict
from app.core.content import clean_label, from_misskey_text
from app.core.counting import measure
from app.core.models import (
    AccountRef,
    Audience,
    Author,
    Capabilities,
    Limits,
    MediaAttachment,
    MediaUpload,
    Notification,
    NotificationKind,
    Outgoing,
    Post,
    Published,
    RecordRef,
)
from app.networks.base import AdapterBase, AudienceRefused, ErrorKind, NetworkError
from app.networks.http import (
    MALFORMED,
    PollMemory,
    decode_json,
    epoch_reset_in,
    error_from_exception,
    error_from_status,
    item_id,
    make_client,
    parse_page,
    parse_timestamp,
    poll_stream,
    read_capped,
    request_bound,
    retry_after,
)

log = logging.getLogger(__name__)

MAX_GRAPHEMES = 300
MAX_BYTES = 3000  # the record's text field: maxLength in UTF-8 bytes
LIMITS = Limits(
    max_characters=MAX_GRAPHEMES,
    unit="graphemes",
    characters_reserved_per_url=None,
    max_bytes=MAX_BYTES,
    hashtag_dialect="to-space",
)
# The record key is ours (rkey_for): a repeated create cannot make a second post.
CAPABILITIES = Capabilities(
    audiences=frozenset({Audience.PUBLIC}),
    streaming=False,
    media=True,
    idempotent_create=True,
    reply=True,
    react=True,
    boost=True,
    conversation=True,
    notifications=True,
)
POST_COLLECTION = "app.bsky.feed.post"
LIKE_COLLECTION = "app.bsky.feed.like"
REPOST_COLLECTION = "app.bsky.feed.repost"
# listNotifications reasons we show, as ours (a quote is shown as a boost with text).
_NOTIFICATION_KINDS = {
    "like": NotificationKind.REACTION,
    "repost": NotificationKind.BOOST,
    "quote": NotificationKind.BOOST,
    "follow": NotificationKind.FOLLOW,
    "mention": NotificationKind.MENTION,
    "reply": NotificationKind.REPLY,
}
MAX_IMAGES = 4
MAX_IMAGE_BYTES = 1_000_000  # app.bsky.embed.images: maxSize of one image blob
MAX_PAGE = 100
DEFAULT_POLL_SECONDS = 60.0  # polite: a home timeline is not a chat
WEB_APP = "https://bsky.app"

_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
# Keys without a time in them get a TID time in 2023: in the past, never in the future.
_TID_FALLBACK_EPOCH_US = 1_672_531_200_000_000
_TID_FALLBACK_SPAN_US = 1 << 45  # about 13 months
_TOKEN_ERRORS = frozenset({"ExpiredToken", "InvalidToken"})
_NO_APPVIEW_STATUSES = frozenset({400, 404, 501, 502})


@dataclass(frozen=True, slots=True)
class BlueskySession:
    """A signed-in session. ``access_jwt`` and ``refresh_jwt`` are secrets (keychain only)."""

    did: str
    handle: str
    access_jwt: str
    refresh_jwt: str

    def __repr__(self) -> str:  # never the tokens
        return f"BlueskySession({self.did!r}, {self.handle!r})"

    def to_json(self) -> str:
        return json.dumps(
            {
                "did": self.did,
                "handle": self.handle,
                "accessJwt": self.access_jwt,
                "refreshJwt": self.refresh_jwt,
            }
        )

    @classmethod
    def from_json(cls, data: str | Mapping[str, Any]) -> BlueskySession:
        raw = json.loads(data) if isinstance(data, str) else data
        return _session_from(raw)


def _session_from(data: Any) -> BlueskySession:
    if not isinstance(data, Mapping):
        raise NetworkError(ErrorKind.BAD_RESPONSE, "unexpected session")
    fields = [data.get(k) for k in ("did", "handle", "accessJwt", "refreshJwt")]
    strings = [f for f in fields if isinstance(f, str) and f]
    if len(strings) != len(fields):
        raise NetworkError(ErrorKind.BAD_RESPONSE, "session without tokens")
    return BlueskySession(*strings)


def rkey_for(idempotency_key: str) -> str:
    """A TID record key that depends only on ``idempotency_key``.

    A TID is 64 bits — 0, 53 bits of microseconds since 1970, 10 bits of clock id — in
    base32-sortable. A UUIDv7 key gives its own millisecond time, so record keys keep the
    order posts were written in; any other key (uuid4) gets a time in 2023 picked by its
    hash. The sub-millisecond part and the clock id come from the hash either way.
    """
    digest = int.from_bytes(hashlib.sha256(idempotency_key.encode()).digest()[:8], "big")
    key = idempotency_key.replace("-", "").lower()
    if len(key) == 32 and key[12] == "7" and all(c in "0123456789abcdef" for c in key):
        micros = int(key[:12], 16) * 1000 + digest % 1000
    else:
        micros = _TID_FALLBACK_EPOCH_US + digest % _TID_FALLBACK_SPAN_US
    value = ((micros & ((1 << 53) - 1)) << 10) | (digest >> 54)
    return "".join(_TID_ALPHABET[(value >> (5 * (12 - i))) & 31] for i in range(13))


def _rate_wait(headers: Mapping[str, str]) -> float | None:
    """Seconds to hold back: the server's ``Retry-After`` if it sends one, else until
    ``RateLimit-Reset``. That is a Unix time truncated to whole seconds (the PDS floors
    it), so the window may end up to a second later: :data:`app.networks.http.RESET_MARGIN`
    is added."""
    wait = retry_after({"Retry-After": headers.get("Retry-After", "")})
    if wait is not None:
        return wait
    return epoch_reset_in(headers.get("RateLimit-Reset", ""))


def _xrpc_error(status: int, headers: Mapping[str, str], body: bytes) -> NetworkError:
    """The error an XRPC failure means. XRPC bodies are ``{"error": Name, "message": …}``."""
    try:
        parsed = json.loads(body) if body else None
    except (ValueError, UnicodeDecodeError):
        parsed = None
    name = parsed.get("error") if isinstance(parsed, dict) else None
    message = parsed.get("message") if isinstance(parsed, dict) else None
    parts = [p for p in (name, message) if isinstance(p, str) and p]
    detail = ": ".join(parts)[:500]
    if name in _TOKEN_ERRORS or name in ("AuthMissing", "AuthenticationRequired"):
        return NetworkError(ErrorKind.SIGNED_OUT, detail, status=status)
    if status == 429 or name == "RateLimitExceeded":
        return NetworkError(
            ErrorKind.RATE_LIMITED, detail, status=status, retry_after=_rate_wait(headers)
        )
    base = error_from_status(status, headers, b"")
    return NetworkError(base.kind, detail or base.detail, status=status)


def _error_name(exc: NetworkError) -> str:
    return exc.detail.split(":", 1)[0]


def _is_web(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https")


async def _call(
    client: httpx.AsyncClient,
    base: str,
    method: str,
    nsid: str,
    *,
    token: str | None = None,
    params: Mapping[str, Any] | None = None,
    body: Any = None,
    content: bytes | None = None,
    content_type: str | None = None,
) -> tuple[Any, httpx.Response]:
    """One XRPC call; (decoded JSON or None, response), or NetworkError."""
    headers: dict[str, str] = {}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    if content is not None:
        headers["Content-Type"] = content_type or "application/octet-stream"
    url = f"{base}/xrpc/{nsid}"
    if params:
        url += "?" + urlencode({k: v for k, v in params.items() if v is not None}, doseq=True)
    try:
        async with client.stream(
            method, url, headers=headers, json=body, content=content
        ) as response:
            raw = await read_capped(response)
    except NetworkError:
        raise
    except (httpx.HTTPError, httpx.InvalidURL, OSError, TimeoutError) as exc:
        raise error_from_exception(exc) from exc
    if not 200 <= response.status_code < 300:
        raise _xrpc_error(response.status_code, response.headers, raw)
    data = decode_json(raw, status=response.status_code) if raw.strip() else None
    return data, response


async def create_session(
    base_url: str, identifier: str, app_password: str, *, client: httpx.AsyncClient | None = None
) -> BlueskySession:
    """Sign in with a handle (or e-mail) and an app password."""
    own = client is None
    client = client or make_client()
    try:
        # A wrong password is 401 AuthenticationRequired: SIGNED_OUT, which the UI words.
        data, _ = await _call(
            client,
            base_url.rstrip("/"),
            "POST",
            "com.atproto.server.createSession",
            body={"identifier": identifier.strip().lstrip("@"), "password": app_password},
        )
    finally:
        if own:
            await client.aclose()
    return _session_from(data)


@dataclass(frozen=True, slots=True)
class _Image:
    """An uploaded blob and its alt text; serialised as the ``media_ids`` entry."""

    blob: dict[str, Any]
    alt: str

    def to_id(self) -> str:
        return json.dumps({"blob": self.blob, "alt": self.alt}, ensure_ascii=False)

    @classmethod
    def from_id(cls, media_id: str) -> _Image:
        try:
            raw = json.loads(media_id)
            blob, alt = raw["blob"], raw.get("alt", "")
        except (ValueError, TypeError, KeyError):
            raise NetworkError(ErrorKind.REJECTED, "not a Bluesky media id") from None
        if not isinstance(blob, dict) or blob.get("$type") != "blob" or not isinstance(alt, str):
            raise NetworkError(ErrorKind.REJECTED, "not a Bluesky media id")
        return cls(blob, alt)


class BlueskyAdapter(AdapterBase):
    network = "bluesky"

    def __init__(
        self,
        account: AccountRef,
        session: BlueskySession,
        *,
        client: httpx.AsyncClient | None = None,
        on_session: Callable[[BlueskySession], None] | None = None,
        poll_interval: float = DEFAULT_POLL_SECONDS,
    ) -> None:
        """``on_session`` is called with the new tokens after every refresh."""
        self.account = account
        self.session = session
        self._base = account.base_url.rstrip("/")
        self._client = client or make_client()
        self._own_client = client is None
        self._on_session = on_session
        self._poll_interval = poll_interval
        self._refresh_lock = asyncio.Lock()
        self._blocked_until = 0.0  # time.time() before which the rate limit is exhausted
        # last post id of a page -> cursor of the next (the most recent pages only)
        self._cursors: BoundedDict[str, str] = BoundedDict(PAGE_CURSORS)
        self.timeline_source = "unknown"  # "appview" or "repo" once known
        self._poll_memory = PollMemory()  # the newest posts already handed out

    def __repr__(self) -> str:  # never the tokens
        return f"BlueskyAdapter({self.account.key!r})"

    @property
    def capabilities(self) -> Capabilities:
        """Notifications need an AppView: off once the server is known to have none."""
        if self.timeline_source == "repo":
            return replace(CAPABILITIES, notifications=False, thread_replies=False)
        return CAPABILITIES

    @property
    def limits(self) -> Limits:
        return LIMITS

    @property
    def request_timeout(self) -> float:
        """The longest one request can take, from this adapter's own client."""
        return request_bound(self._client.timeout)

    # ------------------------------------------------------------------ plumbing

    def _check_rate_limit(self) -> None:
        wait = self._blocked_until - time.time()
        if wait > 0:
            raise NetworkError(ErrorKind.RATE_LIMITED, "rate limit exhausted", retry_after=wait)

    def _note_rate_limit(self, headers: Mapping[str, str]) -> None:
        if headers.get("RateLimit-Remaining", "").strip() == "0":
            wait = _rate_wait(headers)
            if wait:
                self._blocked_until = time.time() + wait

    async def _refresh(self, stale: BlueskySession) -> None:
        async with self._refresh_lock:
            if self.session is not stale:
                return  # another request refreshed while we waited
            try:
                data, _ = await _call(
                    self._client,
                    self._base,
                    "POST",
                    "com.atproto.server.refreshSession",
                    token=stale.refresh_jwt,
                )
            except NetworkError as exc:
                if exc.kind is ErrorKind.SIGNED_OUT or exc.status in (400, 401):
                    raise NetworkError(
                        ErrorKind.SIGNED_OUT, exc.detail, status=exc.status
                    ) from None
                raise
            fresh = _session_from(data)
            if fresh.did != stale.did:
                raise NetworkError(ErrorKind.BAD_RESPONSE, "refreshed session of another account")
            self.session = fresh
        if self._on_session is not None:
            self._on_session(fresh)

    async def _xrpc(self, method: str, nsid: str, **kwargs: Any) -> Any:
        self._check_rate_limit()
        session = self.session
        try:
            data, response = await _call(
                self._client, self._base, method, nsid, token=session.access_jwt, **kwargs
            )
        except NetworkError as exc:
            if exc.kind is ErrorKind.RATE_LIMITED and exc.retry_after:
                self._blocked_until = time.time() + exc.retry_after
            if exc.kind is not ErrorKind.SIGNED_OUT or _error_name(exc) not in _TOKEN_ERRORS:
                raise
            await self._refresh(session)
            data, response = await _call(
                self._client, self._base, method, nsid, token=self.session.access_jwt, **kwargs
            )
        self._note_rate_limit(response.headers)
        return data

    def _blob_url(self, did: str, cid: str) -> str:
        return f"{self._base}/xrpc/com.atproto.sync.getBlob?" + urlencode({"did": did, "cid": cid})

    def _web_url(self, handle_or_did: str, uri: str) -> str | None:
        host = urlsplit(self._base).hostname or ""
        if host in ("127.0.0.1", "localhost", "::1") or handle_or_did.endswith(".test"):
            return None  # a local server: bsky.app knows nothing of it
        return f"{WEB_APP}/profile/{quote(handle_or_did, safe=':.')}/post/{uri.rsplit('/', 1)[-1]}"

    # ------------------------------------------------------------------ reading

    async def me(self) -> Author:
        data = await self._xrpc("GET", "com.atproto.server.getSession")
        if not isinstance(data, dict) or not isinstance(data.get("did"), str):
            raise NetworkError(ErrorKind.BAD_RESPONSE, "unexpected session")
        did, handle = data["did"], str(data.get("handle") or data["did"])
        display_name, avatar = handle, None
        try:  # the profile record is in the repository, no AppView needed
            record = await self._xrpc(
                "GET",
                "com.atproto.repo.getRecord",
                params={"repo": did, "collection": "app.bsky.actor.profile", "rkey": "self"},
            )
            value = record.get("value") if isinstance(record, dict) else None
            if isinstance(value, dict):
                if isinstance(value.get("displayName"), str) and value["displayName"].strip():
                    display_name = value["displayName"]
                cid = _blob_cid(value.get("avatar"))
                avatar = self._blob_url(did, cid) if cid else None
        except NetworkError as exc:
            if exc.kind in (ErrorKind.SIGNED_OUT, ErrorKind.RATE_LIMITED, ErrorKind.OFFLINE):
                raise
            # RecordNotFound: the account never set a profile.
        return Author(
            id=did,
            username=clean_label(handle),
            handle=clean_label(f"@{handle}"),
            display_name=clean_label(display_name),
            avatar_url=avatar,
        )

    async def timeline(self, *, limit: int = 20, older_than: str | None = None) -> list[Post]:
        page = self._timeline(max(1, min(limit, MAX_PAGE)), older_than)
        if older_than is not None:
            return await page
        # The newest page: shown now, so the live stream starts after it.
        return await self._poll_memory.newest(page)

    async def _timeline(self, limit: int, older_than: str | None) -> list[Post]:
        if self.timeline_source != "repo":
            try:
                return await self._appview_timeline(limit, older_than)
            except NetworkError as exc:
                if exc.kind not in (ErrorKind.REJECTED, ErrorKind.SERVER_ERROR) or (
                    exc.status not in _NO_APPVIEW_STATUSES
                ):
                    raise
                log.info("no AppView behind %s (%s); reading the repository", self._base, exc)
                self.timeline_source = "repo"
        return await self._repo_timeline(limit, older_than)

    async def _appview_timeline(self, limit: int, older_than: str | None) -> list[Post]:
        cursor = self._cursors.get(older_than) if older_than else None
        if older_than and cursor is None:
            return []  # a page we did not hand out: nothing known beyond it
        data = await self._xrpc(
            "GET", "app.bsky.feed.getTimeline", params={"limit": limit, "cursor": cursor}
        )
        self.timeline_source = "appview"
        feed = data.get("feed") if isinstance(data, dict) else None
        if not isinstance(feed, list):
            raise NetworkError(ErrorKind.BAD_RESPONSE, "unexpected timeline")
        posts = parse_page(feed, self._feed_post, "timeline", self._base)
        next_cursor = data.get("cursor")
        if posts and isinstance(next_cursor, str):
            self._cursors[posts[-1].id] = next_cursor
        return posts

    async def _repo_timeline(self, limit: int, older_than: str | None) -> list[Post]:
        did = self.session.did
        cursor = older_than.rsplit("/", 1)[-1] if older_than else None
        data = await self._xrpc(
            "GET",
            "com.atproto.repo.listRecords",
            params={"repo": did, "collection": POST_COLLECTION, "limit": limit, "cursor": cursor},
        )
        records = data.get("records") if isinstance(data, dict) else None
        if not isinstance(records, list):
            raise NetworkError(ErrorKind.BAD_RESPONSE, "unexpected record list")
        author = Author(
            id=did,
            username=self.session.handle,
            handle=f"@{self.session.handle}",
            display_name=self.session.handle,
        )
        posts = parse_page(
            records,
            lambda item: self._record_post(
                item_id(item["uri"]), item["value"], author, None, cid=item.get("cid")
            ),
            "record list",
            self._base,
        )
        # Records come in record-key order, which is time order only for keys made from a
        # time (see rkey_for); within a page, show them by when they were written.
        posts.sort(key=lambda p: p.created_at, reverse=True)
        return posts

    def _feed_post(self, item: dict[str, Any]) -> Post:
        post = item["post"]
        who = post["author"]
        avatar = who.get("avatar")
        author = Author(
            id=item_id(who["did"]),
            username=clean_label(str(who["handle"])),
            handle=clean_label(f"@{who['handle']}"),
            display_name=clean_label(str(who.get("displayName") or who["handle"])),
            avatar_url=avatar if isinstance(avatar, str) and _is_web(avatar) else None,
        )
        reason = item.get("reason")
        post_id, when = item_id(post["uri"]), None
        if isinstance(reason, dict) and str(reason.get("$type", "")).endswith("#reasonRepost"):
            # A repost shows the reposted post, under an id and a time of its own, so the
            # timeline keeps its order and may list both.
            by = reason.get("by")
            post_id += "#repost:" + str(by.get("did", "") if isinstance(by, dict) else "")
            when = reason.get("indexedAt")
        return self._record_post(
            post_id, post["record"], author, post.get("embed"), when, cid=post.get("cid")
        )

    def _record_post(
        self,
        uri: str,
        record: dict[str, Any],
        author: Author,
        embed_view: Any,
        when: Any = None,
        *,
        cid: Any = None,
    ) -> Post:
        if record.get("$type", POST_COLLECTION) != POST_COLLECTION:
            raise ValueError("not a post")
        uri_only = uri.split("#", 1)[0]
        reply = record.get("reply")
        root = _strong_ref(reply.get("root")) if isinstance(reply, dict) else None
        parent = _strong_ref(reply.get("parent")) if isinstance(reply, dict) else None
        content = from_misskey_text(str(record.get("text") or ""))
        tags = (
            tuple(
                dict.fromkeys(
                    f["tag"]
                    for facet in record.get("facets") or []
                    for f in facet.get("features") or []
                    if isinstance(f, dict)
                    and f.get("$type") == richtext.TAG
                    and isinstance(f.get("tag"), str)
                )
            )
            or content.tags
        )
        return Post(
            id=uri,
            network=self.network,
            account_key=self.account.key,
            author=author,
            created_at=parse_timestamp(when or record.get("createdAt")),
            text=content.text,
            html=content.html,
            audience=Audience.PUBLIC,
            visibility="public",
            url=self._web_url(author.username, uri_only),
            tags=tags,
            media=self._media(record.get("embed"), embed_view, author.id),
            in_reply_to_id=parent.uri if parent else None,
            boost_of=uri_only if uri_only != uri else None,
            ref=RecordRef(uri_only, cid) if isinstance(cid, str) and cid else None,
            root=root,
            parent=parent,
        )

    def _media(self, embed: Any, view: Any, did: str) -> tuple[MediaAttachment, ...]:
        out: list[MediaAttachment] = []
        if isinstance(view, dict) and isinstance(view.get("images"), list):
            for image in view["images"]:  # AppView: CDN URLs
                if isinstance(image, dict) and isinstance(image.get("fullsize"), str):
                    thumb = image.get("thumb")
                    out.append(
                        MediaAttachment(
                            url=image["fullsize"],
                            preview_url=thumb
                            if isinstance(thumb, str) and _is_web(thumb)
                            else None,
                            description=str(image.get("alt") or ""),
                        )
                    )
            return tuple(out)
        if isinstance(embed, dict) and isinstance(embed.get("images"), list):
            for image in embed["images"]:  # the raw record: blobs served by the PDS
                cid = _blob_cid(image.get("image")) if isinstance(image, dict) else None
                if cid:
                    out.append(
                        MediaAttachment(
                            url=self._blob_url(did, cid), description=str(image.get("alt") or "")
                        )
                    )
        return tuple(out)

    async def stream(self, on_open: Callable[[], None] | None = None) -> AsyncIterator[Post]:
        """New posts of the timeline, by polling every ``poll_interval`` seconds (and no
        sooner than the server's rate-limit reset); the first poll shows what came after
        the newest page :meth:`timeline` handed out."""
        async for post in poll_stream(
            self.timeline, lambda: self._poll_interval, on_open, self._poll_memory
        ):
            yield post

    # ------------------------------------------------------------------ writing

    async def upload(self, media: MediaUpload) -> str:
        """Upload one picture; returns a media id for ``Outgoing.media_ids``."""
        if not media.mime.startswith("image/"):
            raise NetworkError(ErrorKind.REJECTED, "Bluesky posts take pictures only")
        if len(media.data) > MAX_IMAGE_BYTES:
            raise NetworkError(ErrorKind.REJECTED, "picture larger than 1 MB")
        data = await self._xrpc(
            "POST", "com.atproto.repo.uploadBlob", content=media.data, content_type=media.mime
        )
        blob = data.get("blob") if isinstance(data, dict) else None
        if not isinstance(blob, dict) or not _blob_cid(blob):
            raise NetworkError(ErrorKind.BAD_RESPONSE, "upload without a blob")
        return _Image(blob, media.description).to_id()

    def check(self, outgoing: Outgoing) -> None:
        """Refuse, before anything is sent, what Bluesky cannot take."""
        if outgoing.audience is not Audience.PUBLIC or outgoing.recipients:
            raise AudienceRefused("every Bluesky post is public; refusing a friends-only post")
        measured = measure(outgoing.text, LIMITS)
        if not measured.fits_characters:
            raise NetworkError(
                ErrorKind.REJECTED, f"{measured.used} graphemes; Bluesky takes {MAX_GRAPHEMES}"
            )
        if not measured.fits_bytes:
            raise NetworkError(
                ErrorKind.REJECTED, f"{measured.bytes_used} bytes; Bluesky takes {MAX_BYTES}"
            )
        if len(outgoing.media_ids) + len(outgoing.media) > MAX_IMAGES:
            raise NetworkError(ErrorKind.REJECTED, f"Bluesky takes {MAX_IMAGES} pictures a post")
        for item in outgoing.media:
            if not item.mime.startswith("image/") or len(item.data) > MAX_IMAGE_BYTES:
                raise NetworkError(ErrorKind.REJECTED, "Bluesky takes pictures of up to 1 MB")
        if not outgoing.text.strip() and not (outgoing.media or outgoing.media_ids):
            raise NetworkError(ErrorKind.REJECTED, "empty post")

    async def _resolve_mentions(self, text: str) -> dict[str, str]:
        dids: dict[str, str] = {}
        for handle in richtext.mention_handles(text):
            try:
                data = await self._xrpc(
                    "GET", "com.atproto.identity.resolveHandle", params={"handle": handle}
                )
            except NetworkError as exc:
                if exc.kind is not ErrorKind.REJECTED:
                    raise
                continue  # no such handle: the text stays as written, without a facet
            did = data.get("did") if isinstance(data, dict) else None
            if isinstance(did, str) and did.startswith("did:"):
                dids[handle] = did
        return dids

    async def publish(self, outgoing: Outgoing) -> Published:
        return await self._create(outgoing)

    async def _create(
        self, outgoing: Outgoing, reply: tuple[RecordRef, RecordRef] | None = None
    ) -> Published:
        """A post record; ``reply`` = (root, parent) makes it a reply in that thread."""
        self.check(outgoing)
        images = [_Image.from_id(m) for m in outgoing.media_ids]
        for item in outgoing.media:
            images.append(_Image.from_id(await self.upload(item)))
        record: dict[str, Any] = {
            "$type": POST_COLLECTION,
            "text": outgoing.text,
            "createdAt": _now_iso(),
            "langs": [outgoing.language or "ja"],
        }
        if reply is not None:
            root, parent = reply
            record["reply"] = {
                "root": {"uri": root.uri, "cid": root.cid},
                "parent": {"uri": parent.uri, "cid": parent.cid},
            }
        found = richtext.build_facets(outgoing.text, await self._resolve_mentions(outgoing.text))
        if found:
            record["facets"] = found
        if images:
            record["embed"] = {
                "$type": "app.bsky.embed.images",
                "images": [{"alt": i.alt, "image": i.blob} for i in images],
            }
        rkey = rkey_for(outgoing.idempotency_key)
        body = {
            "repo": self.session.did,
            "collection": POST_COLLECTION,
            "rkey": rkey,
            "record": record,
        }
        try:
            data = await self._xrpc("POST", "com.atproto.repo.createRecord", body=body)
        except NetworkError as exc:
            if exc.kind in (
                ErrorKind.SIGNED_OUT,
                ErrorKind.RATE_LIMITED,
                ErrorKind.AUDIENCE_REFUSED,
            ):
                raise
            # The record key is taken (the reference PDS answers 500 to that) or the reply
            # was lost: if our record is there, this is a retry of a post that went through.
            existing = await self._existing(rkey)
            if existing is None:
                raise
            found_uri, found_text = existing
            if found_text != outgoing.text:
                raise NetworkError(
                    ErrorKind.REJECTED, f"record key {rkey} holds another post"
                ) from exc
            return self._published(found_uri)
        uri = data.get("uri") if isinstance(data, dict) else None
        if not isinstance(uri, str) or not uri.startswith("at://"):
            raise NetworkError(ErrorKind.BAD_RESPONSE, "record without a uri")
        return self._published(uri)

    def _published(self, uri: str) -> Published:
        return Published(remote_id=uri, url=self._web_url(self.session.handle, uri))

    async def _existing(self, rkey: str) -> tuple[str, str] | None:
        """(uri, text) of our post record under ``rkey``; None when there is none (or it
        cannot be read now: the caller's own error stands)."""
        try:
            data = await self._xrpc(
                "GET",
                "com.atproto.repo.getRecord",
                params={"repo": self.session.did, "collection": POST_COLLECTION, "rkey": rkey},
            )
        except NetworkError:
            return None
        uri = data.get("uri") if isinstance(data, dict) else None
        value = data.get("value") if isinstance(data, dict) else None
        text = value.get("text") if isinstance(value, dict) else None
        if not isinstance(uri, str) or not uri.startswith("at://") or not isinstance(text, str):
            return None
        return uri, text

    # ------------------------------------------------------------------ answering back

    async def _refs(self, post: Post) -> tuple[RecordRef, RecordRef]:
        """(root, own ref) of ``post``: from what its page said, else read from its
        repository (``com.atproto.repo.getRecord``, no AppView needed)."""
        if post.ref is not None and (post.root is not None or post.parent is None):
            return post.root or post.ref, post.ref
        try:
            did, collection, rkey = _split_uri(post.subject_id)
        except ValueError:
            raise NetworkError(ErrorKind.REJECTED, "not a Bluesky post") from None
        data = await self._xrpc(
            "GET",
            "com.atproto.repo.getRecord",
            params={"repo": did, "collection": collection, "rkey": rkey},
        )
        ref = _strong_ref(data)
        value = data.get("value") if isinstance(data, dict) else None
        if ref is None or not isinstance(value, dict):
            raise NetworkError(ErrorKind.BAD_RESPONSE, "unexpected record")
        reply = value.get("reply")
        root = _strong_ref(reply.get("root")) if isinstance(reply, dict) else None
        return root or ref, ref

    async def reply(self, in_reply_to: Post, outgoing: Outgoing) -> Published:
        """Answer ``in_reply_to``: a post record whose ``reply`` names the thread's
        ``root`` and the ``parent`` (strong references). Every Bluesky post is public, so a
        friends reply is refused before any request."""
        check_reply(in_reply_to, outgoing.audience, outgoing.recipients, self.session.did)
        reply_visibility(in_reply_to, outgoing.audience, outgoing.recipients)
        self.check(outgoing)
        return await self._create(outgoing, await self._refs(in_reply_to))

    async def _subject_record(self, collection: str, post: Post) -> Published:
        _root, ref = await self._refs(post)
        record = {
            "$type": collection,
            "subject": {"uri": ref.uri, "cid": ref.cid},
            "createdAt": _now_iso(),
        }
        body = {"repo": self.session.did, "collection": collection, "record": record}
        data = await self._xrpc("POST", "com.atproto.repo.createRecord", body=body)
        uri = data.get("uri") if isinstance(data, dict) else None
        if not isinstance(uri, str) or not uri.startswith("at://"):
            raise NetworkError(ErrorKind.BAD_RESPONSE, "record without a uri")
        return Published(remote_id=uri)

    async def react(self, post: Post, reaction: str | None = None) -> None:
        """Like ``post``: an ``app.bsky.feed.like`` record in our repository."""
        await self._subject_record(LIKE_COLLECTION, post)

    async def boost(self, post: Post) -> Published:
        """Repost ``post``: an ``app.bsky.feed.repost`` record in our repository."""
        check_boost(post)
        return await self._subject_record(REPOST_COLLECTION, post)

    async def conversation(self, post: Post) -> list[Post]:
        """The thread of ``post``, oldest first: ancestors, itself, replies (depth first).

        ``app.bsky.feed.getPostThread`` (an AppView's); a bare PDS, which has no AppView,
        gives the ancestors read record by record from the repositories (replies cannot be
        found without an index)."""
        if self.timeline_source != "repo":
            try:
                data = await self._xrpc(
                    "GET",
                    "app.bsky.feed.getPostThread",
                    params={"uri": post.subject_id, "depth": 10, "parentHeight": 80},
                )
            except NetworkError as exc:
                if exc.kind not in (ErrorKind.REJECTED, ErrorKind.SERVER_ERROR) or (
                    exc.status not in _NO_APPVIEW_STATUSES
                ):
                    raise
                self.timeline_source = "repo"
            else:
                thread = data.get("thread") if isinstance(data, dict) else None
                if not isinstance(thread, dict):
                    raise NetworkError(ErrorKind.BAD_RESPONSE, "unexpected thread")
                return self._flatten(thread)
        return [*await self._repo_ancestors(post), post]

    def _flatten(self, thread: dict[str, Any]) -> list[Post]:
        """A ``threadViewPost`` as a list: parents (oldest first), the post, its replies
        depth first in the order given; blocked or missing posts are left out."""
        ancestors: list[Post] = []
        node = thread.get("parent")
        while isinstance(node, dict) and len(ancestors) < 100:
            if isinstance(node.get("post"), dict):
                ancestors.extend(parse_page([node], self._feed_post, "thread", self._base))
            node = node.get("parent")
        ancestors.reverse()
        out = [*ancestors, *parse_page([thread], self._feed_post, "thread", self._base)]
        stack = list(reversed(thread.get("replies") or []))
        while stack and len(out) < 1000:
            node = stack.pop()
            if not isinstance(node, dict) or not isinstance(node.get("post"), dict):
                continue
            out.extend(parse_page([node], self._feed_post, "thread", self._base))
            stack.extend(reversed(node.get("replies") or []))
        return out

    async def _repo_ancestors(self, post: Post) -> list[Post]:
        ancestors: list[Post] = []
        parent = post.parent
        while parent is not None and len(ancestors) < 80:
            try:
                did, collection, rkey = _split_uri(parent.uri)
                data = await self._xrpc(
                    "GET",
                    "com.atproto.repo.getRecord",
                    params={"repo": did, "collection": collection, "rkey": rkey},
                )
                author = Author(id=did, username=did, handle=did, display_name=did)
                found = self._record_post(
                    parent.uri, data["value"], author, None, cid=data.get("cid")
                )
            except (NetworkError, *MALFORMED) as exc:
                log.info("thread of %s stops at %s: %r", post.id, parent.uri, exc)
                break
            ancestors.append(found)
            parent = found.parent
        ancestors.reverse()
        return ancestors

    async def notifications(self, since: str | None = None) -> list[Notification]:
        """Likes, reposts, follows, mentions, replies and quotes, newest first
        (``app.bsky.notification.listNotifications``, an AppView's), down to the
        notification ``since`` (a record URI) when given."""
        data = await self._xrpc(
            "GET", "app.bsky.notification.listNotifications", params={"limit": MAX_PAGE}
        )
        items = data.get("notifications") if isinstance(data, dict) else None
        out: list[Notification] = []
        for found in parse_page(items, self._notification, "notifications", self._base):
            if since is not None and found is not None and found.id == since:
                break
            if found is not None:
                out.append(found)
        return out

    def _notification(self, item: dict[str, Any]) -> Notification | None:
        kind = _NOTIFICATION_KINDS.get(str(item.get("reason")))
        if kind is None:
            return None
        who = item["author"]
        author = Author(
            id=item_id(who["did"]),
            username=clean_label(str(who["handle"])),
            handle=clean_label(f"@{who['handle']}"),
            display_name=clean_label(str(who.get("displayName") or who["handle"])),
        )
        post = None
        if kind in (NotificationKind.MENTION, NotificationKind.REPLY) or item["reason"] == "quote":
            post = self._record_post(
                item_id(item["uri"]), item["record"], author, None, cid=item.get("cid")
            )
        return Notification(
            id=item_id(item["uri"]),
            kind=kind,
            account_key=self.account.key,
            author=author,
            created_at=parse_timestamp(item.get("indexedAt") or item["record"]["createdAt"]),
            post=post,
        )

    async def aclose(self) -> None:
        if self._own_client:
            await self._client.aclose()


def _strong_ref(value: Any) -> RecordRef | None:
    """A ``com.atproto.repo.strongRef`` (``{uri, cid}``), or None when it is not one."""
    if not isinstance(value, dict):
        return None
    uri, cid = value.get("uri"), value.get("cid")
    if isinstance(uri, str) and uri.startswith("at://") and isinstance(cid, str) and cid:
        return RecordRef(uri, cid)
    return None


def _split_uri(uri: str) -> tuple[str, str, str]:
    """``at://did/collection/rkey`` → (did, collection, rkey); ValueError otherwise."""
    parts = uri.removeprefix("at://").split("/")
    if not uri.startswith("at://") or len(parts) != 3 or not all(parts):
        raise ValueError("not a record URI")
    return parts[0], parts[1], parts[2]


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _blob_cid(blob: Any) -> str | None:
    """The CID of a blob reference (``{"$type": "blob", "ref": {"$link": cid}, …}``)."""
    if not isinstance(blob, dict):
        return None
    ref = blob.get("ref")
    link = ref.get("$link") if isinstance(ref, dict) else None
    if isinstance(link, str) and link:
        return link
    legacy = blob.get("cid")  # the pre-2023 form
    return legacy if isinstance(legacy, str) and legacy else None


__all__ = [
    "CAPABILITIES",
    "LIMITS",
    "BlueskyAdapter",
    "BlueskySession",
    "create_session",
    "rkey_for",
]
