"""A fake mixi2 Application API on 127.0.0.1, for the mixi2 adapter's tests.

Honest in what it checks, from the published definitions (the .proto files in
``app/networks/mixi2_proto`` name their sources):

- a real gRPC server (``grpc.server``) with both published services:
  ``application_api.v1.ApplicationService`` (GetUsers, GetPosts, CreatePost,
  InitiatePostMediaUpload, GetPostMediaStatus, SendChatMessage, GetStamps,
  AddStampToPost) and ``application_stream.v1.ApplicationService`` (SubscribeEvents);
- a real HTTP server for the OAuth 2 token endpoint (``POST /oauth2/token``,
  ``grant_type=client_credentials``, the id and secret as Basic auth) and the media upload
  URLs (``POST /upload/<media id>``, the bearer token, exactly ``data_size`` bytes);
- every call needs ``authorization: Bearer <token>`` of a live token (UNAUTHENTICATED
  otherwise; :meth:`Mixi2Fake.expire_tokens` ends them all, like time passing);
- INVALID_ARGUMENT for a post over 149 characters (grapheme clusters), more than 4 media,
  a reply that quotes, media not uploaded and processed, a chat message into a room that
  nobody opened, a chat message with neither text nor media;
- RESOURCE_EXHAUSTED past :attr:`Mixi2Fake.rate_limit` calls per token;
- a picture is "processing" for one status call after its upload, then "completed";
- ``fail(method, code)`` makes the next call of a method fail with a status, after
  (``after=True``: the post is made, the answer lost) or before doing anything.

People write to the application with :meth:`Mixi2Fake.user_writes` (a chat room and a
ChatMessageReceivedEvent) and :meth:`Mixi2Fake.user_mentions` (a PostCreatedEvent).
"""

from __future__ import annotations

import base64
import itertools
import json
import queue
import threading
import time
from collections.abc import Iterator
from concurrent import futures
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import grpc
import regex
from google.protobuf.timestamp_pb2 import Timestamp

from app.networks.mixi2_proto import mixi2_api_pb2 as api
from app.networks.mixi2_proto import mixi2_api_pb2_grpc as api_grpc
from app.networks.mixi2_proto import mixi2_const_pb2 as const
from app.networks.mixi2_proto import mixi2_model_pb2 as model
from app.networks.mixi2_proto import mixi2_stream_pb2 as stream_pb
from app.networks.mixi2_proto import mixi2_stream_pb2_grpc as stream_grpc

MAX_TEXT = 149
Status = api.GetPostMediaStatusResponse


def _graphemes(text: str) -> int:
    return len(regex.findall(r"\X", text))


def _now() -> Timestamp:
    stamp = Timestamp()
    stamp.GetCurrentTime()
    return stamp


def _set(event: threading.Event) -> threading.Event:
    event.set()
    return event


@dataclass
class _Media:
    size: int
    content_type: str
    description: str | None
    data: bytes = b""
    status: int = Status.STATUS_UPLOAD_PENDING


@dataclass
class _State:
    clients: dict[str, str]
    app_user_id: str = "app-kizuna"
    token_lifetime: float = 3600.0
    rate_limit: int | None = None
    tokens: dict[str, float] = field(default_factory=dict)
    calls_per_token: dict[str, int] = field(default_factory=dict)
    posts: list[model.Post] = field(default_factory=list)
    messages: list[model.ChatMessage] = field(default_factory=list)
    media: dict[str, _Media] = field(default_factory=dict)
    users: dict[str, model.User] = field(default_factory=dict)
    rooms: dict[str, str] = field(default_factory=dict)  # room id → user id
    calls: list[str] = field(default_factory=list)
    failures: dict[str, tuple[grpc.StatusCode, bool]] = field(default_factory=dict)
    subscribers: list[queue.Queue[model.Event | None]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    # Set when an upload has arrived; while ``hold_uploads`` is clear, uploads wait (a
    # test kills the sender mid-upload).
    upload_arrived: threading.Event = field(default_factory=threading.Event)
    hold_uploads: threading.Event = field(default_factory=lambda: _set(threading.Event()))
    ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def next_id(self, prefix: str) -> str:
        return f"{prefix}-{next(self.ids)}"


class _Api(api_grpc.ApplicationServiceServicer):
    def __init__(self, state: _State, upload_base: str) -> None:
        self.s = state
        self.upload_base = upload_base

    def _enter(
        self, method: str, context: grpc.ServicerContext
    ) -> tuple[grpc.StatusCode, bool] | None:
        token = dict(context.invocation_metadata()).get("authorization", "")
        with self.s.lock:
            self.s.calls.append(method)
            bearer = token.removeprefix("Bearer ")
            if self.s.tokens.get(bearer, 0.0) <= time.time():
                context.abort(grpc.StatusCode.UNAUTHENTICATED, "invalid or expired token")
            used = self.s.calls_per_token.get(bearer, 0) + 1
            self.s.calls_per_token[bearer] = used
            if self.s.rate_limit is not None and used > self.s.rate_limit:
                context.abort(grpc.StatusCode.RESOURCE_EXHAUSTED, "rate limit exceeded")
            failure = self.s.failures.pop(method, None)
        if failure is not None and not failure[1]:
            context.abort(failure[0], f"injected failure of {method}")
        return failure

    @staticmethod
    def _after(failure: tuple[grpc.StatusCode, bool] | None, context: grpc.ServicerContext) -> None:
        if failure is not None:
            context.abort(failure[0], "injected failure after the work was done")

    def GetUsers(self, request: Any, context: grpc.ServicerContext) -> Any:
        self._enter("GetUsers", context)
        users = [self.s.users[u] for u in request.user_id_list if u in self.s.users]
        return api.GetUsersResponse(users=users)

    def GetPosts(self, request: Any, context: grpc.ServicerContext) -> Any:
        self._enter("GetPosts", context)
        wanted = set(request.post_id_list)
        return api.GetPostsResponse(posts=[p for p in self.s.posts if p.post_id in wanted])

    def CreatePost(self, request: Any, context: grpc.ServicerContext) -> Any:
        failure = self._enter("CreatePost", context)
        if _graphemes(request.text) > MAX_TEXT:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "text is longer than 149 characters")
        if not request.text and not request.media_id_list:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "text or media is required")
        if len(request.media_id_list) > 4:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "at most 4 media")
        if request.HasField("in_reply_to_post_id") and request.HasField("quoted_post_id"):
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "reply and quote together")
        media = [self._completed(m, context) for m in request.media_id_list]
        post = model.Post(
            post_id=self.s.next_id("post"),
            creator_id=self.s.app_user_id,
            text=request.text,
            created_at=_now(),
            visibility=const.POST_VISIBILITY_VISIBLE,
            access_level=const.POST_ACCESS_LEVEL_PUBLIC,
            post_media_list=[
                model.PostMedia(
                    media_type=const.POST_MEDIA_TYPE_IMAGE,
                    image=model.PostMediaImage(
                        large_image_url=f"{self.upload_base}/media/{m}",
                        large_image_mime_type=self.s.media[m].content_type,
                    ),
                )
                for m in media
            ],
        )
        with self.s.lock:
            self.s.posts.append(post)
        self._after(failure, context)
        return api.CreatePostResponse(post=post)

    def _completed(self, media_id: str, context: grpc.ServicerContext) -> str:
        media = self.s.media.get(media_id)
        if media is None or media.status != Status.STATUS_COMPLETED:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"media {media_id} is not ready")
        return media_id

    def InitiatePostMediaUpload(self, request: Any, context: grpc.ServicerContext) -> Any:
        self._enter("InitiatePostMediaUpload", context)
        if request.media_type == request.TYPE_UNSPECIFIED or not request.content_type:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "media_type and content_type")
        if request.data_size <= 0:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "data_size")
        media_id = self.s.next_id("media")
        description = request.description if request.HasField("description") else None
        with self.s.lock:
            self.s.media[media_id] = _Media(request.data_size, request.content_type, description)
        return api.InitiatePostMediaUploadResponse(
            media_id=media_id, upload_url=f"{self.upload_base}/upload/{media_id}"
        )

    def GetPostMediaStatus(self, request: Any, context: grpc.ServicerContext) -> Any:
        self._enter("GetPostMediaStatus", context)
        media = self.s.media.get(request.media_id)
        if media is None:
            context.abort(grpc.StatusCode.NOT_FOUND, "no such media")
        status = media.status
        if status == Status.STATUS_PROCESSING:
            media.status = Status.STATUS_COMPLETED  # processed by the next look
        return Status(status=status)

    def SendChatMessage(self, request: Any, context: grpc.ServicerContext) -> Any:
        failure = self._enter("SendChatMessage", context)
        if request.room_id not in self.s.rooms:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "no such room")
        if not request.HasField("text") and not request.HasField("media_id"):
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "text or media_id is required")
        media = []
        if request.HasField("media_id"):
            self._completed(request.media_id, context)
            stored = self.s.media[request.media_id]
            media.append(
                model.Media(
                    media_type=const.MEDIA_TYPE_IMAGE,
                    image=model.MediaImage(
                        large_image_url=f"{self.upload_base}/media/{request.media_id}",
                        large_image_mime_type=stored.content_type,
                    ),
                )
            )
        message = model.ChatMessage(
            room_id=request.room_id,
            message_id=self.s.next_id("message"),
            creator_id=self.s.app_user_id,
            text=request.text,
            created_at=_now(),
            media_list=media,
        )
        with self.s.lock:
            self.s.messages.append(message)
        self._after(failure, context)
        return api.SendChatMessageResponse(message=message)

    def GetStamps(self, request: Any, context: grpc.ServicerContext) -> Any:
        self._enter("GetStamps", context)
        if not request.HasField("official_stamp_language"):
            return api.GetStampsResponse()
        stamp = model.OfficialStamp(stamp_id="stamp-1", index=0, search_tags=["おめでとう"])
        return api.GetStampsResponse(
            official_stamp_sets=[
                model.OfficialStampSet(
                    name="default",
                    stamp_set_id="set-1",
                    stamps=[stamp],
                    stamp_set_type=const.STAMP_SET_TYPE_DEFAULT,
                )
            ]
        )

    def AddStampToPost(self, request: Any, context: grpc.ServicerContext) -> Any:
        self._enter("AddStampToPost", context)
        post = next((p for p in self.s.posts if p.post_id == request.post_id), None)
        if post is None or request.stamp_id != "stamp-1":
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "post or stamp not allowed")
        post.reader_stamp_id = request.stamp_id
        return api.AddStampToPostResponse(post=post)


class _Stream(stream_grpc.ApplicationServiceServicer):
    def __init__(self, state: _State) -> None:
        self.s = state

    def SubscribeEvents(self, request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
        bearer = dict(context.invocation_metadata()).get("authorization", "")
        if self.s.tokens.get(bearer.removeprefix("Bearer "), 0.0) <= time.time():
            context.abort(grpc.StatusCode.UNAUTHENTICATED, "invalid or expired token")
        events: queue.Queue[model.Event | None] = queue.Queue()
        with self.s.lock:
            self.s.subscribers.append(events)
        context.send_initial_metadata(())
        try:
            while context.is_active():
                try:
                    event = events.get(timeout=0.2)
                except queue.Empty:
                    continue
                if event is None:
                    return
                yield stream_pb.SubscribeEventsResponse(events=[event])
        finally:
            with self.s.lock:
                self.s.subscribers.remove(events)


def _http_handler(state: _State) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def _reply(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.path == "/oauth2/token":
                self._token(body)
            elif self.path.startswith("/upload/"):
                self._upload(self.path.removeprefix("/upload/"), body)
            else:
                self._reply(404, {"error": "not_found"})

        def _token(self, body: bytes) -> None:
            form = parse_qs(body.decode())
            if form.get("grant_type") != ["client_credentials"]:
                return self._reply(400, {"error": "unsupported_grant_type"})
            auth = self.headers.get("Authorization", "")
            try:
                client_id, secret = (
                    base64.b64decode(auth.removeprefix("Basic ")).decode().split(":", 1)
                )
            except ValueError:
                return self._reply(401, {"error": "invalid_client"})
            if state.clients.get(client_id) != secret:
                return self._reply(401, {"error": "invalid_client"})
            token = base64.urlsafe_b64encode(
                threading.get_ident().to_bytes(8) + time.time_ns().to_bytes(8)
            ).decode()
            with state.lock:
                state.tokens[token] = time.time() + state.token_lifetime
            self._reply(
                200,
                {
                    "access_token": token,
                    "token_type": "Bearer",
                    "expires_in": int(state.token_lifetime),
                },
            )

        def _upload(self, media_id: str, body: bytes) -> None:
            state.upload_arrived.set()
            state.hold_uploads.wait()
            bearer = self.headers.get("Authorization", "").removeprefix("Bearer ")
            if state.tokens.get(bearer, 0.0) <= time.time():
                return self._reply(401, {"error": "invalid_token"})
            media = state.media.get(media_id)
            if media is None or media.status != Status.STATUS_UPLOAD_PENDING:
                return self._reply(404, {"error": "no upload pending"})
            if len(body) != media.size or self.headers.get("Content-Type") != media.content_type:
                return self._reply(400, {"error": "size or content type differs"})
            media.data, media.status = body, Status.STATUS_PROCESSING
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Handler


class Mixi2Fake:
    """Start with :meth:`start`, stop with :meth:`stop` (or use as a context manager)."""

    def __init__(
        self, clients: dict[str, str] | None = None, *, token_lifetime: float = 3600.0
    ) -> None:
        self.state = _State(dict(clients or {"kizuna-client": "s3cret-value-never-logged"}))
        self.state.token_lifetime = token_lifetime
        self._grpc: grpc.Server | None = None
        self._http: ThreadingHTTPServer | None = None

    def start(self) -> Mixi2Fake:
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), _http_handler(self.state))
        http_port = self._http.server_address[1]
        threading.Thread(target=self._http.serve_forever, daemon=True).start()
        self._grpc = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
        api_grpc.add_ApplicationServiceServicer_to_server(
            _Api(self.state, f"http://127.0.0.1:{http_port}"), self._grpc
        )
        stream_grpc.add_ApplicationServiceServicer_to_server(_Stream(self.state), self._grpc)
        grpc_port = self._grpc.add_insecure_port("127.0.0.1:0")
        self._grpc.start()
        self.endpoint = (
            f"http://127.0.0.1:{grpc_port}?token_url=http://127.0.0.1:{http_port}/oauth2/token"
        )
        return self

    def stop(self) -> None:
        for subscriber in list(self.state.subscribers):
            subscriber.put(None)
        if self._grpc is not None:
            self._grpc.stop(grace=None)
        if self._http is not None:
            self._http.shutdown()
            self._http.server_close()

    def __enter__(self) -> Mixi2Fake:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ for tests
    @property
    def posts(self) -> list[model.Post]:
        return list(self.state.posts)

    @property
    def messages(self) -> list[model.ChatMessage]:
        return list(self.state.messages)

    @property
    def calls(self) -> list[str]:
        return list(self.state.calls)

    def media(self, media_id: str) -> _Media:
        return self.state.media[media_id]

    def expire_tokens(self) -> None:
        """Every token issued so far is past its expiry (as if an hour went by)."""
        with self.state.lock:
            self.state.tokens = dict.fromkeys(self.state.tokens, 0.0)

    def fail(self, method: str, code: grpc.StatusCode, *, after: bool = False) -> None:
        self.state.failures[method] = (code, after)

    def _push(self, event: model.Event) -> None:
        with self.state.lock:
            for subscriber in self.state.subscribers:
                subscriber.put(event)

    def subscribers(self) -> int:
        return len(self.state.subscribers)

    def _user(self, user_id: str, name: str) -> model.User:
        user = model.User(user_id=user_id, name=user_id, display_name=name)
        self.state.users[user_id] = user
        return user

    def user_writes(self, user_id: str, name: str, text: str) -> str:
        """``user_id`` writes to the application in a chat: its room exists from now on."""
        room = f"room-{user_id}"
        self.state.rooms[room] = user_id
        message = model.ChatMessage(
            room_id=room,
            message_id=self.state.next_id("message"),
            creator_id=user_id,
            text=text,
            created_at=_now(),
        )
        self._push(
            model.Event(
                event_id=self.state.next_id("event"),
                event_type=const.EVENT_TYPE_CHAT_MESSAGE_RECEIVED,
                chat_message_received_event=model.ChatMessageReceivedEvent(
                    event_reason_list=[const.EVENT_REASON_DIRECT_MESSAGE_RECEIVED],
                    message=message,
                    issuer=self._user(user_id, name),
                ),
            )
        )
        return room

    def user_mentions(
        self, user_id: str, name: str, text: str, *, reply_to: str | None = None
    ) -> None:
        post = model.Post(
            post_id=self.state.next_id("post"), creator_id=user_id, text=text, created_at=_now()
        )
        reason = const.EVENT_REASON_POST_MENTIONED
        if reply_to is not None:
            post.in_reply_to_post_id = reply_to
            reason = const.EVENT_REASON_POST_REPLY
        self.state.posts.append(post)
        self._push(
            model.Event(
                event_id=self.state.next_id("event"),
                event_type=const.EVENT_TYPE_POST_CREATED,
                post_created_event=model.PostCreatedEvent(
                    event_reason_list=[reason], post=post, issuer=self._user(user_id, name)
                ),
            )
        )
