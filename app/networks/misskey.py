"""The Misskey API (Misskey, Sharkey …) as a :class:`NetworkAdapter`.

Every call is ``POST /api/<endpoint>`` with a JSON body carrying the token as ``i``.
Audience mapping (ours → wire): PUBLIC → ``public``; FRIENDS → ``followers``, or
``specified`` with ``visibleUserIds`` when chosen friends are given. Back:
``public``/``home`` → PUBLIC; ``followers``/``specified`` and anything we do not know →
FRIENDS (an unknown visibility is never shown as public).

Endpoints used: ``i``, ``meta``, ``notes/timeline`` (``untilId`` paging),
``notes/create``; streaming: WebSocket ``/streaming?i=TOKEN`` with the ``homeTimeline``
channel.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any
from urllib.parse import quote, urlsplit

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus, InvalidURI

from app.core.content import from_misskey_text, with_warning
from app.core.models import (
    AccountRef,
    Audience,
    Author,
    Capabilities,
    Limits,
    MediaAttachment,
    Outgoing,
    Post,
    Published,
)
from app.networks.base import AudienceRefused, ErrorKind, NetworkError
from app.networks.http import (
    USER_AGENT,
    error_from_status,
    make_client,
    parse_timestamp,
    request_json,
    require,
    websocket_base,
)

log = logging.getLogger(__name__)

DEFAULT_LIMITS = Limits(max_characters=3000, unit="utf16", characters_reserved_per_url=None)
CAPABILITIES = Capabilities(
    audiences=frozenset({Audience.PUBLIC, Audience.FRIENDS}), streaming=True, recipients=True
)
MAX_PAGE = 100  # Misskey's cap for notes/timeline
_MAX_EVENT_BYTES = 1024 * 1024
# Servers that answer a channel connect with "connected" (``pong``) tell us the
# subscription is live; older ones say nothing, so after this long we assume it is.
_CONNECT_GRACE = 2.0

_PUBLIC_VISIBILITIES = frozenset({"public", "home"})


def audience_of(visibility: str) -> Audience:
    return Audience.PUBLIC if visibility in _PUBLIC_VISIBILITIES else Audience.FRIENDS


class MisskeyAdapter:
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

    def __repr__(self) -> str:  # never the token
        return f"MisskeyAdapter({self.account.key!r})"

    @property
    def capabilities(self) -> Capabilities:
        return CAPABILITIES

    @property
    def limits(self) -> Limits:
        return self._limits

    async def _call(self, endpoint: str, body: dict[str, Any] | None = None) -> Any:
        payload = {**(body or {}), "i": self._token}
        data, _ = await request_json(
            self._client, "POST", f"{self._base}/api/{endpoint}", json=payload
        )
        return data

    async def refresh_meta(self) -> None:
        """Read the server's note length limit; keep the default if it will not say."""
        try:
            meta = await self._call("meta", {"detail": False})
        except NetworkError as exc:
            log.info("meta of %s unavailable: %s", self._base, exc.kind.value)
            return
        limit = meta.get("maxNoteTextLength") if isinstance(meta, dict) else None
        if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0:
            self._limits = Limits(max_characters=limit, unit="utf16")
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
            id=str(user["id"]),
            username=username,
            handle=handle,
            display_name=str(user.get("name") or username),
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
            props = item.get("properties") if isinstance(item.get("properties"), dict) else {}
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
            url = f"{self._base}/notes/{quote(str(inner['id']), safe='')}"
        return Post(
            id=str(note["id"]),
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
        )

    def _posts(self, items: Any) -> list[Post]:
        posts: list[Post] = []
        for item in require(items, list, "timeline"):
            try:
                posts.append(self.parse_note(item))
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                log.warning("skipping a malformed note from %s: %r", self._base, exc)
        return posts

    # ------------------------------------------------------------------ protocol

    async def me(self) -> Author:
        data = await self._call("i")
        if not self._meta_loaded:
            await self.refresh_meta()
        try:
            return self._author(require(data, dict, "user"))
        except (KeyError, TypeError, ValueError) as exc:
            raise NetworkError(ErrorKind.BAD_RESPONSE, "malformed user") from exc

    async def timeline(self, *, limit: int = 20, older_than: str | None = None) -> list[Post]:
        body: dict[str, Any] = {"limit": max(1, min(limit, MAX_PAGE))}
        if older_than is not None:
            body["untilId"] = older_than
        return self._posts(await self._call("notes/timeline", body))

    def _check_audience(self, outgoing: Outgoing) -> None:
        if outgoing.audience not in CAPABILITIES.audiences:
            raise AudienceRefused(f"{self.network} cannot post to {outgoing.audience.value}")
        if outgoing.recipients and outgoing.audience is not Audience.FRIENDS:
            raise AudienceRefused("chosen recipients need the friends audience")

    async def publish(self, outgoing: Outgoing) -> Published:
        self._check_audience(outgoing)
        body: dict[str, Any] = {"text": outgoing.text}
        if outgoing.audience is Audience.PUBLIC:
            body["visibility"] = "public"
        elif outgoing.recipients:
            body["visibility"] = "specified"
            body["visibleUserIds"] = list(dict.fromkeys(outgoing.recipients))
        else:
            body["visibility"] = "followers"
        if outgoing.spoiler_text:
            body["cw"] = outgoing.spoiler_text
        # TODO(issue 5): Misskey has no idempotency key. A retry after a lost reply can
        # post twice; before retrying, look for our text among the account's recent notes
        # (users/notes) and treat a match as already published.
        data = await self._call("notes/create", body)
        created = require(data, dict, "reply").get("createdNote")
        note = require(created, dict, "note")
        remote_id = note.get("id")
        if not isinstance(remote_id, str) or not remote_id:
            raise NetworkError(ErrorKind.BAD_RESPONSE, "note without an id")
        url = note.get("url") or note.get("uri")
        if not isinstance(url, str) or not _is_web(url):
            url = f"{self._base}/notes/{quote(remote_id, safe='')}"
        return Published(remote_id=remote_id, url=url)

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
                exc.response.status_code, exc.response.headers, exc.response.body or b""
            ) from None
        except TimeoutError:
            raise NetworkError(ErrorKind.TIMEOUT, "stream handshake") from None
        except (InvalidHandshake, InvalidURI, OSError) as exc:
            raise NetworkError(ErrorKind.OFFLINE, type(exc).__name__) from None

    async def stream(self, on_open: Callable[[], None] | None = None) -> AsyncIterator[Post]:
        """Live notes of the home timeline, until the connection drops."""
        conn = await self._open_websocket()
        channel_id = uuid.uuid4().hex
        async with conn:
            try:
                channel = {"channel": "homeTimeline", "id": channel_id, "params": {}, "pong": True}
                await conn.send(json.dumps({"type": "connect", "body": channel}))
                opened = False
                loop = asyncio.get_running_loop()
                deadline = loop.time() + _CONNECT_GRACE
                while True:
                    if opened:
                        raw = await conn.recv()
                    else:
                        try:
                            wait = max(0.0, deadline - loop.time())
                            raw = await asyncio.wait_for(conn.recv(), wait)
                        except TimeoutError:
                            raw = None
                    kind, post = self._message(raw, channel_id) if raw is not None else ("", None)
                    if not opened and (raw is None or kind in ("connected", "note")):
                        opened = True
                        if on_open is not None:
                            on_open()
                    if post is not None:
                        yield post
            except ConnectionClosed as exc:
                raise NetworkError(ErrorKind.OFFLINE, "stream dropped") from exc

    def _message(self, raw: str | bytes, channel_id: str) -> tuple[str, Post | None]:
        """What one stream message is ("connected", "note" or "") and its post, if any."""
        try:
            message = json.loads(raw)
            if not isinstance(message, dict):
                return "", None
            body = message.get("body")
            if not isinstance(body, dict) or body.get("id") != channel_id:
                return "", None
            if message.get("type") == "connected":
                return "connected", None
            if message.get("type") == "channel" and body.get("type") == "note":
                return "note", self.parse_note(require(body.get("body"), dict, "note"))
        except (ValueError, KeyError, TypeError, AttributeError, NetworkError) as exc:
            log.warning("skipping a malformed stream message from %s: %r", self._base, exc)
        return "", None

    async def aclose(self) -> None:
        if self._own_client:
            await self._client.aclose()


def _is_web(url: str) -> bool:
    return url.startswith(("https://", "http://"))
