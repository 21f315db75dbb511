"""mixi2 (the mixi2 Application API, gRPC) as a :class:`NetworkAdapter`.

The account is the user's own *application* on mixi2 (registered in mixi2's developer
console): it posts as itself, and people reach it by mentioning it, replying to it or
writing to it in a chat. Sign-in is its client id and secret
(:mod:`app.networks.mixi2_token`); the calls are the published gRPC services
``social.mixi.application.service.application_api.v1.ApplicationService`` and
``…application_stream.v1.ApplicationService`` (stubs in :mod:`app.networks.mixi2_proto`).

Audiences
    PUBLIC is ``CreatePost`` without ``publishing_type``: to the followers' timelines.
    mixi2 has no followers-only post, so FRIENDS goes only to chosen people
    (``Capabilities.friends_need_recipients``): one ``SendChatMessage`` into the chat room
    of each (``Outgoing.recipients`` are their user ids). An application can write only
    into rooms where someone wrote to it first: those rooms are learnt from the event
    stream (``ChatMessageReceivedEvent``) and kept in the profile by an injected
    :class:`RoomBook` (:class:`app.store.mixi2_rooms.Mixi2Rooms`); :meth:`friends` lists
    them. A recipient without a room is refused (REJECTED ``no_room``) before anything is
    sent, never widened to a public post.

Pictures
    ``InitiatePostMediaUpload`` (content type, size, ``TYPE_IMAGE``, the alt text as
    ``description``) gives a media id and an upload URL; the bytes go there with an HTTP
    POST (the same bearer token, ``Content-Type`` of the picture); then
    ``GetPostMediaStatus`` is asked until ``STATUS_COMPLETED`` (``STATUS_FAILED``:
    REJECTED). A post takes up to 4 media ids, a chat message one.

Counting
    A post holds at most 149 characters (:data:`LIMITS`). The limit is mixi2's (its help
    pages and the Application API's CreatePost validation, which answers
    INVALID_ARGUMENT beyond it); the published .proto files do not say how characters are
    counted, so Kizuna counts what a reader sees as one character — grapheme clusters,
    like Mastodon — and checks before any request (REJECTED ``too_long``). Hashtags are
    words after ``#``.

Token
    :class:`~app.networks.mixi2_token.TokenSource`: renewed a minute before it expires;
    a call answered UNAUTHENTICATED gets a new token and is made once more (the server
    refused it before doing anything, so a create is not doubled). A token endpoint that
    refuses the id or secret is SIGNED_OUT.

Errors (gRPC status → ``ErrorKind``): UNAUTHENTICATED, PERMISSION_DENIED → SIGNED_OUT;
RESOURCE_EXHAUSTED → RATE_LIMITED; INVALID_ARGUMENT, FAILED_PRECONDITION, NOT_FOUND,
ALREADY_EXISTS, OUT_OF_RANGE → REJECTED; DEADLINE_EXCEEDED → TIMEOUT; UNAVAILABLE →
OFFLINE (detail ``ConnectError`` when the channel could not connect, so the outbox knows
nothing left); UNIMPLEMENTED → UNSUPPORTED; the rest → SERVER_ERROR.

Exactly once
    mixi2 has no idempotency key and no way to list the application's own posts
    (``GetPosts`` needs ids), so neither ``idempotent_create`` nor ``own_lookup`` is
    declared: a send killed before its create request is sent again (the outbox knows no
    request started — a kill during the picture upload leaves at most an unused media
    id), one killed after it waits for the user (``maybe_sent``). Within one process, a
    friends send that failed half-way remembers the rooms it reached (by the outbox's
    idempotency key) and does not write to them again on retry.

Live: :meth:`notifications` is always empty (mixi2 keeps no backlog of events for an
application; what happened while no stream was open is not delivered later);
:meth:`notification_stream` subscribes to the event stream: a post that mentions
or replies to the application is a MENTION or REPLY, a chat message a MESSAGE; every
chat message teaches its room. :meth:`stream` yields those posts for the public column.
mixi2 offers no timeline to an application: :meth:`timeline` is empty.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

import grpc
import grpc.aio
import httpx
from google.protobuf.message import Message

from app.core.content import from_misskey_text
from app.core.counting import measure
from app.core.errors import AudienceRefused, ErrorKind, NetworkError
from app.core.models import (
    AccountRef,
    Audience,
    Author,
    Capabilities,
    Friend,
    Limits,
    MediaUpload,
    Notification,
    NotificationKind,
    Outgoing,
    Post,
    Published,
)
from app.networks.base import AdapterBase
from app.networks.http import make_client, request_json
from app.networks.mixi2_proto import (
    mixi2_api_pb2 as api,
)
from app.networks.mixi2_proto import (
    mixi2_api_pb2_grpc as api_grpc,
)
from app.networks.mixi2_proto import (
    mixi2_const_pb2 as const,
)
from app.networks.mixi2_proto import (
    mixi2_model_pb2 as model,
)
from app.networks.mixi2_proto import (
    mixi2_stream_pb2 as stream_pb,
)
from app.networks.mixi2_proto import (
    mixi2_stream_pb2_grpc as stream_grpc,
)
from app.networks.mixi2_token import Mixi2Credentials, TokenSource, endpoints

log = logging.getLogger(__name__)
R = TypeVar("R", bound=Message)

MAX_CHARACTERS = 149
LIMITS = Limits(max_characters=MAX_CHARACTERS, unit="graphemes", hashtag_dialect="word")
CAPABILITIES = Capabilities(
    audiences=frozenset({Audience.PUBLIC}),
    recipients=True,
    media=True,
    friends_need_recipients=True,
    friends_list=True,
    notifications=True,
    notification_stream=True,
)
MAX_POST_MEDIA = 4
# One call's deadline: after it a create can no longer reach the server.
CALL_TIMEOUT = 30.0
MEDIA_POLL_INTERVAL = 0.5
MEDIA_POLL_ATTEMPTS = 120

_STATUS_KINDS = {
    grpc.StatusCode.UNAUTHENTICATED: ErrorKind.SIGNED_OUT,
    grpc.StatusCode.PERMISSION_DENIED: ErrorKind.SIGNED_OUT,
    grpc.StatusCode.RESOURCE_EXHAUSTED: ErrorKind.RATE_LIMITED,
    grpc.StatusCode.INVALID_ARGUMENT: ErrorKind.REJECTED,
    grpc.StatusCode.FAILED_PRECONDITION: ErrorKind.REJECTED,
    grpc.StatusCode.NOT_FOUND: ErrorKind.REJECTED,
    grpc.StatusCode.ALREADY_EXISTS: ErrorKind.REJECTED,
    grpc.StatusCode.OUT_OF_RANGE: ErrorKind.REJECTED,
    grpc.StatusCode.DEADLINE_EXCEEDED: ErrorKind.TIMEOUT,
    grpc.StatusCode.UNAVAILABLE: ErrorKind.OFFLINE,
    grpc.StatusCode.UNIMPLEMENTED: ErrorKind.UNSUPPORTED,
}


class RoomLike(Protocol):
    @property
    def room_id(self) -> str: ...

    @property
    def user_id(self) -> str: ...

    @property
    def name(self) -> str: ...


class RoomBook(Protocol):
    """Where an account's chat rooms are kept (:class:`app.store.mixi2_rooms.Mixi2Rooms`)."""

    def remember(self, account_key: str, room: Any) -> None: ...

    def rooms(self, account_key: str) -> Sequence[RoomLike]: ...


class _Room:
    """A room as the adapter hands it to the :class:`RoomBook` (same fields as the store's)."""

    __slots__ = ("name", "room_id", "user_id")

    def __init__(self, room_id: str, user_id: str, name: str) -> None:
        self.room_id, self.user_id, self.name = room_id, user_id, name


def grpc_error(exc: grpc.aio.AioRpcError | grpc.RpcError) -> NetworkError:
    """The ``NetworkError`` a gRPC status means (see the module docstring)."""
    code = exc.code() if hasattr(exc, "code") else grpc.StatusCode.UNKNOWN
    detail = (exc.details() if hasattr(exc, "details") else "") or ""
    kind = _STATUS_KINDS.get(code, ErrorKind.SERVER_ERROR)
    if code is grpc.StatusCode.UNAVAILABLE and "connect" in detail.lower():
        detail = "ConnectError"
    return NetworkError(kind, detail[:500] or code.name)


def _when(stamp: Any) -> datetime:
    if stamp is None or not (stamp.seconds or stamp.nanos):
        return datetime.now(UTC)
    return datetime.fromtimestamp(stamp.seconds + stamp.nanos / 1e9, UTC)


def too_long(text: str) -> bool:
    return not measure(text, LIMITS).fits


class Mixi2Adapter(AdapterBase):
    network = "mixi2"

    def __init__(
        self,
        account: AccountRef,
        credentials: Mixi2Credentials,
        *,
        rooms: RoomBook | None = None,
        http_client: httpx.AsyncClient | None = None,
        tokens: TokenSource | None = None,
        media_poll_interval: float = MEDIA_POLL_INTERVAL,
        call_timeout: float = CALL_TIMEOUT,
    ) -> None:
        """``call_timeout``: each call's gRPC deadline (and so :attr:`request_timeout`)."""
        self.account = account
        self._timeout = call_timeout
        self._endpoints = endpoints(account.base_url)
        self._http = http_client or make_client()
        self._owns_http = http_client is None
        self._tokens = tokens or TokenSource(
            credentials, self._endpoints.token_url, client=self._http
        )
        self._rooms = rooms
        self._poll = media_poll_interval
        self._channel: grpc.aio.Channel | None = None
        # Rooms a friends send already reached, by the outbox's idempotency key.
        self._reached: dict[str, dict[str, str]] = {}

    def keep_rooms_in(self, rooms: RoomBook) -> None:
        """Where the rooms learnt from now on are kept and :meth:`friends` reads them (the
        session hands the profile's room book in once it has the store)."""
        self._rooms = rooms

    @property
    def capabilities(self) -> Capabilities:
        return CAPABILITIES

    @property
    def limits(self) -> Limits:
        return LIMITS

    @property
    def request_timeout(self) -> float:
        """A create is one gRPC call: after its deadline it cannot reach the server."""
        return self._timeout

    # ------------------------------------------------------------------ plumbing
    def _open(self, target: str) -> grpc.aio.Channel:
        if self._endpoints.secure:
            return grpc.aio.secure_channel(target, grpc.ssl_channel_credentials())
        return grpc.aio.insecure_channel(target)

    def _api(self) -> api_grpc.ApplicationServiceStub:
        if self._channel is None:
            self._channel = self._open(self._endpoints.api)
        return api_grpc.ApplicationServiceStub(self._channel)  # type: ignore[no-untyped-call]

    async def _metadata(self, *, renew: bool = False) -> tuple[tuple[str, str], ...]:
        token = await self._tokens.token(renew=renew)
        return (("authorization", f"Bearer {token}"),)

    async def _call(self, method: str, request: Message) -> Any:
        """One unary call with a token; UNAUTHENTICATED gets a new token and one more try."""
        for attempt in (1, 2):
            stub_method = getattr(self._api(), method)
            try:
                return await stub_method(
                    request,
                    metadata=await self._metadata(renew=attempt == 2),
                    timeout=self._timeout,
                )
            except grpc.aio.AioRpcError as exc:
                if exc.code() is grpc.StatusCode.UNAUTHENTICATED and attempt == 1:
                    log.info("mixi2 %s: token refused, fetching a new one", method)
                    continue
                raise grpc_error(exc) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    async def aclose(self) -> None:
        if self._channel is not None:
            await self._channel.close(None)
            self._channel = None
        await self._tokens.aclose()
        if self._owns_http:
            await self._http.aclose()

    # ------------------------------------------------------------------ reading
    async def me(self) -> Author:
        await self._tokens.token()  # the id and secret still work
        a = self.account
        return Author(a.user_id, a.username, a.handle, a.label or a.username)

    async def check(self) -> None:
        """A token, and one harmless call (``GetStamps``) that the API accepts with it."""
        await self._call("GetStamps", api.GetStampsRequest())

    async def timeline(self, *, limit: int = 20, older_than: str | None = None) -> list[Post]:
        return []

    async def notifications(self, since: str | None = None) -> list[Notification]:
        """mixi2 keeps no list of events for an application: only the stream delivers
        them, while it is connected. Nothing to catch up on."""
        return []

    async def friends(self) -> list[Friend]:
        if self._rooms is None:
            return []
        return [
            Friend(self.account.key, r.user_id, r.name or r.user_id, r.name, r.name or r.user_id)
            for r in self._rooms.rooms(self.account.key)
        ]

    # ------------------------------------------------------------------ sending
    async def publish(self, outgoing: Outgoing) -> Published:
        """A post (PUBLIC) or one chat message per chosen person (FRIENDS); checked in
        full — length, audience, rooms, number of pictures — before any request."""
        if too_long(outgoing.text):
            raise NetworkError(ErrorKind.REJECTED, "too_long")
        pictures = len(outgoing.media_ids) + len(outgoing.media)
        if outgoing.audience is Audience.FRIENDS:
            rooms = self._rooms_for(outgoing)
            if pictures > 1:
                raise NetworkError(ErrorKind.REJECTED, "one picture per chat message")
            media_ids = await self._media_ids(outgoing)
            return await self._send_chat(outgoing, rooms, media_ids[0] if media_ids else None)
        if outgoing.recipients:
            raise AudienceRefused("mixi2: a post to chosen people is a chat message")
        if pictures > MAX_POST_MEDIA:
            raise NetworkError(ErrorKind.REJECTED, "at most 4 pictures")
        media_ids = await self._media_ids(outgoing)
        request = api.CreatePostRequest(text=outgoing.text, media_id_list=media_ids)
        reply: api.CreatePostResponse = await self._call("CreatePost", request)
        if not reply.post.post_id:
            raise NetworkError(ErrorKind.BAD_RESPONSE, "CreatePost: no post id")
        return Published(reply.post.post_id)

    def _rooms_for(self, outgoing: Outgoing) -> list[str]:
        if not outgoing.recipients:
            raise AudienceRefused("mixi2 keeps no followers-only posts")
        known = {
            r.user_id: r.room_id
            for r in (self._rooms.rooms(self.account.key) if self._rooms else [])
        }
        missing = [user for user in outgoing.recipients if user not in known]
        if missing:
            raise NetworkError(ErrorKind.REJECTED, "no_room")
        return [known[user] for user in outgoing.recipients]

    async def _media_ids(self, outgoing: Outgoing) -> list[str]:
        ids = list(outgoing.media_ids)
        for media in outgoing.media:
            ids.append(await self.upload(media))
        return ids

    async def _send_chat(
        self, outgoing: Outgoing, rooms: list[str], media_id: str | None
    ) -> Published:
        reached = self._reached.setdefault(outgoing.idempotency_key, {})
        for room in rooms:
            if room in reached:
                continue
            request = api.SendChatMessageRequest(room_id=room, text=outgoing.text)
            if media_id:
                request.media_id = media_id
            reply: api.SendChatMessageResponse = await self._call("SendChatMessage", request)
            reached[room] = reply.message.message_id or room
        self._reached.pop(outgoing.idempotency_key, None)
        return Published(",".join(reached[room] for room in rooms))

    async def upload(self, media: MediaUpload) -> str:
        request = api.InitiatePostMediaUploadRequest(
            content_type=media.mime,
            data_size=len(media.data),
            media_type=api.InitiatePostMediaUploadRequest.TYPE_IMAGE,
        )
        if media.description:
            request.description = media.description
        started: api.InitiatePostMediaUploadResponse = await self._call(
            "InitiatePostMediaUpload", request
        )
        if not started.media_id or not started.upload_url:
            raise NetworkError(ErrorKind.BAD_RESPONSE, "InitiatePostMediaUpload: no id or URL")
        await self._put_bytes(started.upload_url, media)
        await self._wait_processed(started.media_id)
        return started.media_id

    async def _put_bytes(self, url: str, media: MediaUpload) -> None:
        for attempt in (1, 2):
            headers = {"Content-Type": media.mime}
            headers.update(dict(await self._metadata(renew=attempt == 2)))
            try:
                await request_json(self._http, "POST", url, content=media.data, headers=headers)
                return
            except NetworkError as exc:
                if exc.kind is ErrorKind.SIGNED_OUT and attempt == 1:
                    continue
                raise

    async def _wait_processed(self, media_id: str) -> None:
        status = api.GetPostMediaStatusResponse
        for _ in range(MEDIA_POLL_ATTEMPTS):
            reply: api.GetPostMediaStatusResponse = await self._call(
                "GetPostMediaStatus", api.GetPostMediaStatusRequest(media_id=media_id)
            )
            if reply.status == status.STATUS_COMPLETED:
                return
            if reply.status == status.STATUS_FAILED:
                raise NetworkError(ErrorKind.REJECTED, "media processing failed")
            await asyncio.sleep(self._poll)
        raise NetworkError(ErrorKind.TIMEOUT, "media still processing")

    # ------------------------------------------------------------------ live
    async def _events(self, on_open: Callable[[], None] | None) -> AsyncIterator[model.Event]:
        """Every event of the stream until it drops (then NetworkError)."""
        channel = self._open(self._endpoints.stream)
        try:
            stub = stream_grpc.ApplicationServiceStub(channel)  # type: ignore[no-untyped-call]
            for attempt in (1, 2):
                call = stub.SubscribeEvents(
                    stream_pb.SubscribeEventsRequest(),
                    metadata=await self._metadata(renew=attempt == 2),
                )
                try:
                    await call.initial_metadata()
                    if on_open is not None:
                        on_open()
                    async for reply in call:
                        for event in reply.events:
                            yield event
                    raise NetworkError(ErrorKind.OFFLINE, "event stream ended")
                except grpc.aio.AioRpcError as exc:
                    if exc.code() is grpc.StatusCode.UNAUTHENTICATED and attempt == 1:
                        continue
                    raise grpc_error(exc) from exc
        finally:
            await channel.close(None)

    async def stream(self, on_open: Callable[[], None] | None = None) -> AsyncIterator[Post]:
        async for event in self._events(on_open):
            self._learn(event)
            if event.HasField("post_created_event"):
                created = event.post_created_event
                yield self._post(created.post, created.issuer)

    async def notification_stream(
        self, on_open: Callable[[], None] | None = None
    ) -> AsyncIterator[Notification]:
        async for event in self._events(on_open):
            self._learn(event)
            notification = self._notification(event)
            if notification is not None:
                yield notification

    def _learn(self, event: model.Event) -> None:
        if self._rooms is None or not event.HasField("chat_message_received_event"):
            return
        received = event.chat_message_received_event
        issuer = received.issuer
        name = issuer.display_name or issuer.name
        user = issuer.user_id or received.message.creator_id
        self._rooms.remember(self.account.key, _Room(received.message.room_id, user, name))

    def _author(self, user: model.User) -> Author:
        return Author(
            user.user_id,
            user.name or user.user_id,
            f"@{user.name or user.user_id}",
            user.display_name or user.name or user.user_id,
            user.user_avatar.small_image_url or None if user.HasField("user_avatar") else None,
        )

    def _post(
        self, post: model.Post, issuer: model.User, audience: Audience = Audience.PUBLIC
    ) -> Post:
        content = from_misskey_text(post.text)  # plain text with URLs and #tags, like Misskey's
        return Post(
            id=post.post_id,
            network=self.network,
            account_key=self.account.key,
            author=self._author(issuer),
            created_at=_when(post.created_at),
            text=content.text,
            html=content.html,
            tags=content.tags,
            audience=audience,
            visibility="public" if audience is Audience.PUBLIC else "chat",
            in_reply_to_id=post.in_reply_to_post_id or None,
        )

    def _notification(self, event: model.Event) -> Notification | None:
        if event.HasField("post_created_event"):
            created = event.post_created_event
            reasons = set(created.event_reason_list)
            kind = (
                NotificationKind.REPLY
                if const.EVENT_REASON_POST_REPLY in reasons
                else NotificationKind.MENTION
            )
            post = self._post(created.post, created.issuer)
            return Notification(
                event.event_id, kind, self.account.key, post.author, post.created_at, post
            )
        if event.HasField("chat_message_received_event"):
            received = event.chat_message_received_event
            message = received.message
            as_post = model.Post(
                post_id=message.message_id, text=message.text, created_at=message.created_at
            )
            post = self._post(as_post, received.issuer, Audience.FRIENDS)
            return Notification(
                event.event_id,
                NotificationKind.MESSAGE,
                self.account.key,
                post.author,
                post.created_at,
                post,
            )
        return None
