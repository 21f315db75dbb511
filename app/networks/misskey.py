"""The Misskey API (Misskey, Sharkey …) as a :class:`NetworkAdapter`.

Every call is ``POST /api/<endpoint>`` with a JSON body carrying the token as ``i``.
Audience mapping (ours → wire): PUBLIC → ``public``; FRIENDS → ``followers``, or
``specified`` with ``visibleUserIds`` when chosen friends are given. Back:
``public``/``home`` → PUBLIC; ``followers``/``specified`` and anything we do not know →
FRIENDS (an unknown visibility is never shown as public).

Endpoints used: ``i``, ``meta``, ``notes/timeline`` (``untilId`` paging),
``notes/create`` (``fileIds``), ``drive/files/create`` (multipart ``i``, ``file``,
``name``, ``comment`` — the alt text), ``users/following`` and ``users/followers``
(``untilId`` paged; for :meth:`MisskeyAdapter.friends`), ``users/notes`` (to find a note
of our own before re-sending it, as Misskey has no idempotency key:
:meth:`MisskeyAdapter.find_own`); streaming: WebSocket ``/streaming?i=TOKEN`` with the
``homeTimeline`` channel.

Answering back: a reply is ``notes/create`` with ``replyId`` and the visibility
:mod:`app.core.answering` allows (never wider than the parent; checked before any
request); a like is ``notes/reactions/create`` (:data:`DEFAULT_REACTION` unless another
is chosen); a renote is ``notes/create`` with ``renoteId`` (public notes only, refused
before any request otherwise); the thread is ``notes/conversation`` + ``notes/children``;
notifications are ``i/notifications``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import AsyncIterator, Callable, Collection
from dataclasses import replace
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus, InvalidURI

from app.core.answering import check_boost, check_reply, reply_visibility
from app.core.content import clean_label, from_misskey_text, with_warning
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
)
from app.networks.base import AdapterBase, AudienceRefused, ErrorKind, NetworkError
from app.networks.http import (
    JSON_ERRORS,
    MALFORMED,
    USER_AGENT,
    as_object,
    decode_json,
    error_from_exception,
    error_from_response,
    error_from_status,
    has_broken_text,
    item_id,
    make_client,
    parse_page,
    parse_timestamp,
    read_capped,
    request_bound,
    request_json,
    require,
    websocket_base,
)
from app.networks.own_posts import Candidate, OwnMatcher

log = logging.getLogger(__name__)
T = TypeVar("T")

DEFAULT_LIMITS = Limits(
    max_characters=3000, unit="utf16", characters_reserved_per_url=None, hashtag_dialect="mfm"
)
CAPABILITIES = Capabilities(
    audiences=frozenset({Audience.PUBLIC, Audience.FRIENDS}),
    streaming=True,
    recipients=True,
    media=True,
    friends_list=True,
    own_lookup=True,
    reply=True,
    react=True,
    boost=True,
    conversation=True,
    notifications=True,
    notification_stream=True,
    reactions=("👍", "❤️", "😆", "🎉", "🙏", "🍵"),  # the first is DEFAULT_REACTION
)
MAX_PAGE = 100  # Misskey's cap for notes/timeline
_MAX_EVENT_BYTES = 1024 * 1024
# Servers that answer a channel connect with "connected" (``pong``) tell us the
# subscription is live; older ones say nothing, so after this long we assume it is.
_CONNECT_GRACE = 2.0
# After the server's meta could not be read, ask again no sooner than this.
META_RETRY_SECONDS = 60.0
# find_own: pages (of MAX_PAGE notes) read at most, newest first.
_LOOKUP_PAGES = 5

_PUBLIC_VISIBILITIES = frozenset({"public", "home"})
# What react() sends when no reaction is chosen (Misskey's old "like" is 👍).
DEFAULT_REACTION = "👍"
# Notification types we show, as ours.
_NOTIFICATION_KINDS = {
    "mention": NotificationKind.MENTION,
    "reply": NotificationKind.REPLY,
    "renote": NotificationKind.BOOST,
    "quote": NotificationKind.BOOST,
    "reaction": NotificationKind.REACTION,
    "follow": NotificationKind.FOLLOW,
}
# Misskey's DB_MAX_IMAGE_COMMENT_LENGTH: a longer comment (alt text) is refused.
MAX_COMMENT_LENGTH = 512
MAX_FILES = 16  # notes/create fileIds maxItems
MAX_FOLLOW_PAGES = 50  # users/following and users/followers: pages of 100 we read at most


def audience_of(visibility: str) -> Audience:
    return Audience.PUBLIC if visibility in _PUBLIC_VISIBILITIES else Audience.FRIENDS


class MisskeyAdapter(AdapterBase):
    network = "misskey"

    def __init__(
        self,
        account: AccountRef,
        token: str,
        *,
        streaming_url: str | None = None,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        self.account = account
        self._token = token
        self._base = account.base_url.rstrip("/")
        self._label = account.label or urlsplit(self._base).hostname or ""
        self._streaming_url = streaming_url
        self._client = client or make_client()
        self._own_client = client is None
        self._limits = DEFAULT_LIMITS
        self._meta_loaded = False
        self._meta_tried_at = -META_RETRY_SECONDS

    def __repr__(self) -> str:  # never the token
        return f"MisskeyAdapter({self.account.key!r})"

    @property
    def capabilities(self) -> Capabilities:
        return CAPABILITIES

    @property
    def limits(self) -> Limits:
        return self._limits

    @property
    def request_timeout(self) -> float:
        """The longest one request can take, from this adapter's own client."""
        return request_bound(self._client.timeout)

    async def _call(self, endpoint: str, body: dict[str, Any] | None = None) -> Any:
        payload = {**(body or {}), "i": self._token}
        data, _ = await request_json(
            self._client, "POST", f"{self._base}/api/{endpoint}", json=payload
        )
        return data

    async def _ensure_meta(self, *, force: bool = False) -> None:
        """Read the server's limit once (it is cached). After a failure it is asked again
        only after a minute, unless ``force``."""
        if self._meta_loaded:
            return
        now = asyncio.get_running_loop().time()
        if not force and now - self._meta_tried_at < META_RETRY_SECONDS:
            return
        self._meta_tried_at = now
        await self.refresh_meta()

    async def refresh_meta(self) -> None:
        """Read the server's note length limit; keep the default if it will not say."""
        try:
            meta = await self._call("meta", {"detail": False})
        except NetworkError as exc:
            log.info("meta of %s unavailable: %s", self._base, exc.kind.value)
            return
        limit = meta.get("maxNoteTextLength") if isinstance(meta, dict) else None
        if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0:
            self._limits = replace(DEFAULT_LIMITS, max_characters=limit)
        self._meta_loaded = True

    # ------------------------------------------------------------------ parsing

    def _author(self, user: dict[str, Any]) -> Author:
        username = user["username"]
        if not isinstance(username, str) or not username:
            raise ValueError("user without a username")
        host = user.get("host")
        server = host if isinstance(host, str) and host else self._label
        handle = f"@{username}@{server}"
        avatar = user.get("avatarUrl")
        return Author(
            id=item_id(user["id"]),
            username=clean_label(username),
            handle=clean_label(handle),
            display_name=clean_label(str(user.get("name") or username)),
            avatar_url=avatar if isinstance(avatar, str) and _is_web(avatar) else None,
        )

    @staticmethod
    def _media(files: Any) -> tuple[MediaAttachment, ...]:
        out: list[MediaAttachment] = []
        for item in files if isinstance(files, list) else ():
            if not isinstance(item, dict):
                continue
            url = item.get("url")
            if not isinstance(url, str) or not _is_web(url):
                continue
            thumb = item.get("thumbnailUrl")
            props = as_object(item.get("properties"))
            width, height = props.get("width"), props.get("height")
            comment = item.get("comment")
            mime = item.get("type")
            out.append(
                MediaAttachment(
                    url=url,
                    preview_url=thumb if isinstance(thumb, str) and _is_web(thumb) else None,
                    description=comment if isinstance(comment, str) else "",
                    kind=mime.split("/", 1)[0] if isinstance(mime, str) and mime else "unknown",
                    width=width if isinstance(width, int) else None,
                    height=height if isinstance(height, int) else None,
                )
            )
        return tuple(out)

    def parse_note(self, note: dict[str, Any]) -> Post:
        """A Post from a Note; raises KeyError/TypeError/ValueError when malformed."""
        inner = note
        renote = note.get("renote")
        # A pure renote (no text, no files of its own) shows the renoted note, but keeps
        # the renote's id and time so that paging and ordering follow the timeline.
        if isinstance(renote, dict) and not note.get("text") and not note.get("files"):
            inner = renote
        visibility = str(note["visibility"])
        audience = audience_of(visibility)
        if inner is not note and audience_of(str(inner.get("visibility"))) is Audience.FRIENDS:
            audience = Audience.FRIENDS
        content = from_misskey_text(str(inner.get("text") or ""))
        content = with_warning(content, str(inner.get("cw") or ""))
        server_tags = tuple(t for t in inner.get("tags") or [] if isinstance(t, str))
        url = inner.get("url") or inner.get("uri")
        if not isinstance(url, str) or not _is_web(url):
            url = f"{self._base}/notes/{quote(item_id(inner['id']), safe='')}"
        parent = inner.get("replyId")
        replies = inner.get("repliesCount")
        visible = inner.get("visibleUserIds") if inner.get("visibility") == "specified" else None
        return Post(
            id=item_id(note["id"]),
            network=self.network,
            account_key=self.account.key,
            author=self._author(inner["user"]),
            created_at=parse_timestamp(note["createdAt"]),
            text=content.text,
            html=content.html,
            audience=audience,
            visibility=visibility,
            url=url,
            tags=content.tags or server_tags,
            media=self._media(inner.get("files")),
            in_reply_to_id=item_id(parent) if isinstance(parent, str) and parent else None,
            recipients=tuple(dict.fromkeys(item_id(u) for u in visible if isinstance(u, str) and u))
            if isinstance(visible, list)
            else (),
            boost_of=item_id(inner["id"]) if inner is not note else None,
            reply_count=replies if isinstance(replies, int) and replies > 0 else 0,
            favourited=isinstance(inner.get("myReaction"), str),
        )

    def _posts(self, items: Any) -> list[Post]:
        return parse_page(items, self.parse_note, "timeline", self._base)

    # ------------------------------------------------------------------ protocol

    async def me(self) -> Author:
        data = await self._call("i")
        await self._ensure_meta(force=True)
        try:
            return self._author(require(data, dict, "user"))
        except (KeyError, TypeError, ValueError) as exc:
            raise NetworkError(ErrorKind.BAD_RESPONSE, "malformed user") from exc

    async def timeline(self, *, limit: int = 20, older_than: str | None = None) -> list[Post]:
        if older_than is None:  # the first page is when the server's limit is learnt
            await self._ensure_meta()
        body: dict[str, Any] = {"limit": max(1, min(limit, MAX_PAGE))}
        if older_than is not None:
            body["untilId"] = older_than
        return self._posts(await self._call("notes/timeline", body))

    async def _follow_list(self, endpoint: str, side: str) -> dict[str, Author]:
        """The users in ``side`` ("followee" / "follower") of every Following record of
        our account from ``endpoint``, paged with ``untilId``."""
        found: dict[str, Author] = {}
        until: str | None = None
        for _ in range(MAX_FOLLOW_PAGES):
            body: dict[str, Any] = {"userId": self.account.user_id, "limit": MAX_PAGE}
            if until is not None:
                body["untilId"] = until
            page = require(await self._call(endpoint, body), list, endpoint)
            for record in page:
                try:
                    author = self._author(require(record.get(side), dict, "user"))
                except (KeyError, TypeError, ValueError, AttributeError, NetworkError):
                    continue
                found[author.id] = author
            last = page[-1] if page and isinstance(page[-1], dict) else None
            last_id = last.get("id") if last is not None else None
            if len(page) < MAX_PAGE or not isinstance(last_id, str) or last_id == until:
                break
            until = last_id
        return found

    async def friends(self) -> list[Friend]:
        """The users we follow who follow us back: the people a gift for chosen friends
        can be addressed to (``specified`` with ``visibleUserIds``), sorted by handle."""
        following = await self._follow_list("users/following", "followee")
        followers = await self._follow_list("users/followers", "follower")
        return sorted(
            (
                Friend(self.account.key, a.id, a.username, a.handle, a.display_name)
                for key, a in following.items()
                if key in followers and a.id != self.account.user_id
            ),
            key=lambda f: f.handle,
        )

    def _check_audience(self, outgoing: Outgoing) -> None:
        if outgoing.audience not in CAPABILITIES.audiences:
            raise AudienceRefused(f"{self.network} cannot post to {outgoing.audience.value}")
        if outgoing.recipients and outgoing.audience is not Audience.FRIENDS:
            raise AudienceRefused("chosen recipients need the friends audience")

    @staticmethod
    def _check_media(media: tuple[MediaUpload, ...], count: int) -> None:
        """Refuse, before anything is sent, what Misskey would refuse."""
        if count > MAX_FILES:
            raise NetworkError(
                ErrorKind.REJECTED, f"Misskey takes at most {MAX_FILES} files per note, not {count}"
            )
        for item in media:
            if not item.data:
                raise NetworkError(ErrorKind.REJECTED, f"{item.filename} is empty")
            # Misskey measures the comment in UTF-16 code units (JavaScript string length).
            length = len(item.description.encode("utf-16-le")) // 2
            if length > MAX_COMMENT_LENGTH:
                raise NetworkError(
                    ErrorKind.REJECTED,
                    f"the alt text of {item.filename} is {length} characters; "
                    f"Misskey keeps at most {MAX_COMMENT_LENGTH}",
                )

    async def upload(self, media: MediaUpload) -> str:
        """Upload one picture to the drive with its alt text (``comment``); returns the
        drive file id."""
        self._check_media((media,), 1)
        form = {"i": self._token, "name": media.filename}
        if media.description:
            form["comment"] = media.description
        try:
            async with self._client.stream(
                "POST",
                f"{self._base}/api/drive/files/create",
                data=form,
                files={"file": (media.filename, media.data, media.mime)},
            ) as reply:
                body = await read_capped(reply, 1024 * 1024)
        except (httpx.HTTPError, OSError) as exc:
            raise error_from_exception(exc) from exc
        if not 200 <= reply.status_code < 300:
            raise error_from_response(reply, body)
        drive_file = require(decode_json(body, status=reply.status_code), dict, "drive file")
        file_id = drive_file.get("id")
        if not isinstance(file_id, str) or not file_id:
            raise NetworkError(ErrorKind.BAD_RESPONSE, "drive file without an id")
        return file_id

    async def publish(self, outgoing: Outgoing) -> Published:
        return await self._create(outgoing)

    async def _create(
        self, outgoing: Outgoing, reply_to: Post | None = None, visibility: str | None = None
    ) -> Published:
        """``notes/create``: a note, or (``reply_to``) a reply (``replyId``) whose wire
        ``visibility`` :mod:`app.core.answering` chose."""
        self._check_audience(outgoing)
        self._check_media(outgoing.media, len(outgoing.media) + len(outgoing.media_ids))
        file_ids = list(outgoing.media_ids)
        for item in outgoing.media:
            file_ids.append(await self.upload(item))
        body: dict[str, Any] = {"text": outgoing.text}
        if file_ids:
            body["fileIds"] = file_ids
            if not outgoing.text.strip():
                del body["text"]  # Misskey refuses an empty text; a note of files only is fine
        if visibility is None:
            visibility = "public" if outgoing.audience is Audience.PUBLIC else "followers"
            if outgoing.recipients:
                visibility = "specified"
        body["visibility"] = visibility
        if visibility == "specified":
            body["visibleUserIds"] = list(dict.fromkeys(outgoing.recipients))
        if reply_to is not None:
            body["replyId"] = reply_to.subject_id
        if outgoing.spoiler_text:
            body["cw"] = outgoing.spoiler_text
        # Misskey has no idempotency key: the outbox calls find_own before it re-sends a
        # note that may have gone out already.
        data = await self._call("notes/create", body)
        created = require(data, dict, "reply").get("createdNote")
        return self._published(require(created, dict, "note"))

    # ------------------------------------------------------------------ answering back

    async def reply(self, in_reply_to: Post, outgoing: Outgoing) -> Published:
        """Answer ``in_reply_to`` (``replyId``), never wider than it: a reply to a
        ``followers`` note is ``followers`` (or ``specified``), to a ``specified`` one
        ``specified`` to the same people (:mod:`app.core.answering`); refused before any
        request else."""
        me = self.account.user_id
        check_reply(in_reply_to, outgoing.audience, outgoing.recipients, me)
        visibility = reply_visibility(in_reply_to, outgoing.audience, outgoing.recipients)
        return await self._create(outgoing, in_reply_to, visibility)

    async def react(self, post: Post, reaction: str | None = None) -> None:
        """React to ``post`` (``notes/reactions/create``; :data:`DEFAULT_REACTION` unless
        another is given). A note we already reacted to keeps its reaction."""
        body = {"noteId": post.subject_id, "reaction": reaction or DEFAULT_REACTION}
        try:
            await self._call("notes/reactions/create", body)
        except NetworkError as exc:
            if "ALREADY_REACTED" not in exc.detail:
                raise

    async def boost(self, post: Post) -> Published:
        """Renote ``post`` publicly; a friends-only note is refused before any request."""
        check_boost(post)
        data = await self._call(
            "notes/create", {"renoteId": post.subject_id, "visibility": "public"}
        )
        created = require(data, dict, "reply").get("createdNote")
        return self._published(require(created, dict, "note"))

    async def conversation(self, post: Post) -> list[Post]:
        """The thread of ``post``, oldest first: its ancestors (``notes/conversation``,
        nearest first on the wire), itself, and its replies (``notes/children``)."""
        ancestors = self._posts(
            await self._call("notes/conversation", {"noteId": post.subject_id, "limit": 100})
        )
        replies = self._posts(
            await self._call("notes/children", {"noteId": post.subject_id, "limit": 100})
        )
        return [*reversed(ancestors), post, *sorted(replies, key=lambda p: p.created_at)]

    async def notifications(self, since: str | None = None) -> list[Notification]:
        """Mentions, replies, renotes and quotes, reactions and follows, newest first
        (``i/notifications`` with ``includeTypes``, after ``sinceId``)."""
        body: dict[str, Any] = {
            "limit": MAX_PAGE,
            "includeTypes": list(_NOTIFICATION_KINDS),
            "markAsRead": False,
        }
        if since is not None:
            body["sinceId"] = since
        found = parse_page(
            await self._call("i/notifications", body),
            self._notification,
            "notifications",
            self._base,
        )
        return [n for n in found if n is not None]

    def _notification(self, item: dict[str, Any]) -> Notification | None:
        kind = _NOTIFICATION_KINDS.get(str(item.get("type")))
        if kind is None:
            return None
        note = item.get("note")
        post = self.parse_note(note) if isinstance(note, dict) else None
        if kind is not NotificationKind.FOLLOW and post is None:
            raise ValueError("notification without its note")
        reaction = item.get("reaction")
        return Notification(
            id=item_id(item["id"]),
            kind=kind,
            account_key=self.account.key,
            author=self._author(item["user"]),
            created_at=parse_timestamp(item["createdAt"]),
            post=post,
            reaction=clean_label(reaction) if isinstance(reaction, str) else "",
        )

    def _published(self, note: dict[str, Any]) -> Published:
        remote_id = note.get("id")
        if not isinstance(remote_id, str) or not remote_id:
            raise NetworkError(ErrorKind.BAD_RESPONSE, "note without an id")
        url = note.get("url") or note.get("uri")
        if not isinstance(url, str) or not _is_web(url):
            url = f"{self._base}/notes/{quote(remote_id, safe='')}"
        return Published(remote_id=remote_id, url=url)

    def _own_candidate(self, note: Any) -> Candidate | None:
        """A note of our own as :class:`OwnMatcher` wants it; None for anyone else's (the
        home timeline mixes them) and for what cannot be read."""
        if not isinstance(note, dict):
            return None
        user = note.get("user")
        user_id = note.get("userId") or (user.get("id") if isinstance(user, dict) else None)
        remote_id, body = note.get("id"), note.get("text")
        if str(user_id) != self.account.user_id or not isinstance(remote_id, str):
            return None
        try:
            created = parse_timestamp(note.get("createdAt"))
            published = self._published(note)
        except (ValueError, NetworkError):
            return None
        return Candidate(
            remote_id=remote_id,
            text=body if isinstance(body, str) else "",
            audience=audience_of(str(note.get("visibility"))),
            created_at=created,
            url=published.url,
        )

    async def find_own(
        self,
        text: str,
        audience: Audience,
        since: datetime,
        *,
        until: datetime | None = None,
        exclude: Collection[str] = (),
    ) -> Published | None:
        """Our own oldest note with exactly ``text`` and ``audience`` created in
        ``[since, until)`` whose id is not in ``exclude`` (see :mod:`app.networks.own_posts`).

        ``users/notes`` lists only the account's notes; servers without it (404/400) are
        searched through the home timeline. Both are read newest first (``untilId``) back
        to ``since``.
        """
        matcher = OwnMatcher(text, audience, since, until, exclude)
        endpoint = "users/notes"
        first: dict[str, Any] = {"userId": self.account.user_id}
        if until is not None:
            first["untilDate"] = int(until.timestamp() * 1000) + 1
        try:
            page = await self._call(endpoint, {**first, "limit": MAX_PAGE})
        except NetworkError as exc:
            if exc.status not in (400, 404):
                raise
            endpoint, first = "notes/timeline", {k: v for k, v in first.items() if k != "userId"}
            page = await self._call(endpoint, {**first, "limit": MAX_PAGE})
        for _ in range(_LOOKUP_PAGES):
            notes = require(page, list, "notes")
            for note in notes:
                candidate = self._own_candidate(note)
                if candidate is not None:
                    matcher.offer(candidate)
            oldest = notes[-1] if notes and isinstance(notes[-1], dict) else None
            if len(notes) < MAX_PAGE or oldest is None or not isinstance(oldest.get("id"), str):
                break
            try:
                if matcher.reached_back(parse_timestamp(oldest.get("createdAt"))):
                    break
            except ValueError:
                break
            page = await self._call(endpoint, {**first, "limit": MAX_PAGE, "untilId": oldest["id"]})
        return matcher.result()

    # ------------------------------------------------------------------ streaming

    async def _open_websocket(self) -> ClientConnection:
        origin = (self._streaming_url or self._base).rstrip("/").removesuffix("/streaming")
        url = f"{websocket_base(origin)}/streaming?i={quote(self._token, safe='')}"
        try:
            return await connect(
                url, user_agent_header=USER_AGENT, open_timeout=15, max_size=_MAX_EVENT_BYTES
            )
        except InvalidStatus as exc:
            raise error_from_status(
                exc.response.status_code, exc.response.headers, bytes(exc.response.body or b"")
            ) from None
        except TimeoutError:
            raise NetworkError(ErrorKind.TIMEOUT, "stream handshake") from None
        except (InvalidHandshake, InvalidURI, OSError) as exc:
            raise NetworkError(ErrorKind.OFFLINE, type(exc).__name__) from None

    async def stream(self, on_open: Callable[[], None] | None = None) -> AsyncIterator[Post]:
        """Live notes of the home timeline, until the connection drops."""
        async for post in self._channel("homeTimeline", "note", self.parse_note, on_open):
            yield post

    async def notification_stream(
        self, on_open: Callable[[], None] | None = None
    ) -> AsyncIterator[Notification]:
        """Live notifications (the ``main`` channel's ``notification`` events), until the
        connection drops."""
        async for found in self._channel("main", "notification", self._notification, on_open):
            if found is not None:
                yield found

    async def _channel(
        self,
        channel: str,
        event: str,
        parse: Callable[[dict[str, Any]], T],
        on_open: Callable[[], None] | None,
    ) -> AsyncIterator[T]:
        """What one channel of the streaming API sends as ``event``, each through ``parse``,
        until the connection drops. ``on_open`` once the server said "connected" (or the
        first event came, or a grace period passed: older servers do not answer "pong")."""
        conn = await self._open_websocket()
        channel_id = uuid.uuid4().hex
        async with conn:
            try:
                body = {"channel": channel, "id": channel_id, "params": {}, "pong": True}
                await conn.send(json.dumps({"type": "connect", "body": body}))
                opened = False
                loop = asyncio.get_running_loop()
                deadline = loop.time() + _CONNECT_GRACE
                while True:
                    if opened:
                        raw = await conn.recv()
                    else:
                        try:
                            wait = max(0.0, deadline - loop.time())
                            # Not asyncio.wait_for: on Python 3.11 it can swallow a cancel
                            # that arrives with the frame, and the stream never stops.
                            async with asyncio.timeout(wait):
                                raw = await conn.recv()
                        except TimeoutError:
                            raw = None
                    kind, item = ("", None) if raw is None else self._frame(raw, channel_id)
                    if not opened and (raw is None or kind in ("connected", event)):
                        opened = True
                        if on_open is not None:
                            on_open()
                    if kind == event and item is not None:
                        try:
                            if has_broken_text(item):
                                raise ValueError("text that is not UTF-8")
                            parsed = parse(item)
                        except MALFORMED as exc:
                            log.warning(
                                "skipping a malformed %s from %s: %r", event, self._base, exc
                            )
                            continue
                        yield parsed
            except ConnectionClosed as exc:
                raise NetworkError(ErrorKind.OFFLINE, "stream dropped") from exc

    def _message(self, raw: str | bytes, channel_id: str) -> tuple[str, Post | None]:
        """What one home-timeline message is ("connected", "note" or "") and its post."""
        kind, body = self._frame(raw, channel_id)
        if kind == "connected":
            return kind, None
        if kind == "note" and body is not None:
            try:
                if has_broken_text(body):
                    raise ValueError("text that is not UTF-8")
                return kind, self.parse_note(body)
            except MALFORMED as exc:
                log.warning("skipping a malformed note from %s: %r", self._base, exc)
        return "", None

    def _frame(self, raw: str | bytes, channel_id: str) -> tuple[str, dict[str, Any] | None]:
        """What one stream message is ("connected", an event type, or "") and its body."""
        try:
            message = json.loads(raw)
            if not isinstance(message, dict):
                return "", None
            body = message.get("body")
            if not isinstance(body, dict) or body.get("id") != channel_id:
                return "", None
            if message.get("type") == "connected":
                return "connected", None
            if message.get("type") == "channel" and isinstance(body.get("type"), str):
                return body["type"], require(body.get("body"), dict, "event")
        except (*JSON_ERRORS, KeyError, TypeError, AttributeError, NetworkError) as exc:
            log.warning("skipping a malformed stream message from %s: %r", self._base, exc)
        return "", None

    async def aclose(self) -> None:
        if self._own_client:
            await self._client.aclose()


def _is_web(url: str) -> bool:
    return url.startswith(("https://", "http://"))
