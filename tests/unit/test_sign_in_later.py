"""PendingSignIn hands every operation of the adapter protocol to the adapter it signs in
to — nothing the protocol declares falls back to AdapterBase's UNSUPPORTED default, and a
member added to the protocol fails here until it is handed on. No network: the adapter
signed in to is a recorder."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Collection
from datetime import UTC, datetime
from typing import Any

import pytest

from app.core.errors import ErrorKind, NetworkError
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
from app.networks.base import AdapterBase, NetworkAdapter
from app.networks.http import DEFAULT_TIMEOUT, request_bound
from app.services.sign_in_later import PendingSignIn

ACCOUNT = AccountRef(
    key="fake:later",
    network="misskey",
    base_url="https://later.invalid",
    user_id="1",
    username="me",
    handle="@me@later",
    serves=frozenset({Audience.PUBLIC, Audience.FRIENDS}),
)
AUTHOR = Author(id="1", username="me", handle="@me@later", display_name="me")
WHEN = datetime(2026, 1, 1, tzinfo=UTC)
POST = Post(
    id="p1",
    network="misskey",
    account_key=ACCOUNT.key,
    author=AUTHOR,
    created_at=WHEN,
    text="あけおめ",
    html="あけおめ",
    audience=Audience.PUBLIC,
    visibility="public",
)
NOTIFICATION = Notification(
    id="n1",
    kind=NotificationKind.MENTION,
    account_key=ACCOUNT.key,
    author=AUTHOR,
    created_at=WHEN,
    post=POST,
)
OUTGOING = Outgoing("ことよろ", Audience.PUBLIC)
CAPABILITIES = Capabilities(audiences=frozenset({Audience.PUBLIC}), reply=True)
LIMITS = Limits(max_characters=3000, unit="utf16")


class Recorder(AdapterBase):
    """A signed-in adapter that overrides every operation and records each call."""

    network = "misskey"

    def __init__(self) -> None:
        self.account = ACCOUNT
        self.calls: list[tuple[str, tuple[Any, ...]]] = []

    def _saw(self, name: str, *args: Any) -> None:
        self.calls.append((name, args))

    @property
    def capabilities(self) -> Capabilities:
        return CAPABILITIES

    @property
    def limits(self) -> Limits:
        return LIMITS

    @property
    def request_timeout(self) -> float:
        return 12.5

    async def me(self) -> Author:
        self._saw("me")
        return AUTHOR

    async def timeline(self, *, limit: int = 20, older_than: str | None = None) -> list[Post]:
        self._saw("timeline", limit, older_than)
        return [POST]

    async def stream(self, on_open: Callable[[], None] | None = None) -> AsyncIterator[Post]:
        self._saw("stream", on_open)
        yield POST

    async def publish(self, outgoing: Outgoing) -> Published:
        self._saw("publish", outgoing)
        return Published("1")

    async def upload(self, media: MediaUpload) -> str:
        self._saw("upload", media)
        return "m1"

    async def friends(self) -> list[Friend]:
        self._saw("friends")
        return []

    async def cancel_scheduled(self, remote_id: str) -> None:
        self._saw("cancel_scheduled", remote_id)

    async def reschedule(self, remote_id: str, at: datetime) -> datetime:
        self._saw("reschedule", remote_id, at)
        return at

    async def find_own(
        self,
        text: str,
        audience: Audience,
        since: datetime,
        *,
        until: datetime | None = None,
        exclude: Collection[str] = (),
    ) -> Published | None:
        self._saw("find_own", text, audience, since, until, tuple(exclude))
        return Published("2")

    async def reply(self, in_reply_to: Post, outgoing: Outgoing) -> Published:
        self._saw("reply", in_reply_to, outgoing)
        return Published("3")

    async def react(self, post: Post, reaction: str | None = None) -> None:
        self._saw("react", post, reaction)

    async def boost(self, post: Post) -> Published:
        self._saw("boost", post)
        return Published("4")

    async def conversation(self, post: Post) -> list[Post]:
        self._saw("conversation", post)
        return [POST]

    async def notifications(self, since: str | None = None) -> list[Notification]:
        self._saw("notifications", since)
        return [NOTIFICATION]

    async def notification_stream(
        self, on_open: Callable[[], None] | None = None
    ) -> AsyncIterator[Notification]:
        self._saw("notification_stream", on_open)
        yield NOTIFICATION

    async def aclose(self) -> None:
        self._saw("aclose")


def _protocol_members() -> set[str]:
    """Every member NetworkAdapter declares: its attributes, properties and methods."""
    declared = set(vars(NetworkAdapter)) | set(NetworkAdapter.__annotations__)
    return {name for name in declared if not name.startswith("_")}


def on_open() -> None:
    return None


async def _first(stream: AsyncIterator[Any]) -> list[Any]:
    return [item async for item in stream]


PICTURE = MediaUpload(b"\x89PNG", "cake.png", "image/png")
# Each protocol member called through PendingSignIn: (call, what the recorder is asked,
# what comes back). Attributes and properties are read, not called.
Call = Callable[[PendingSignIn], Awaitable[Any]]
CALLS: dict[str, tuple[Call, tuple[Any, ...] | None, Any]] = {
    "me": (lambda p: p.me(), (), AUTHOR),
    "timeline": (lambda p: p.timeline(limit=5, older_than="p0"), (5, "p0"), [POST]),
    "stream": (lambda p: _first(p.stream(on_open)), (on_open,), [POST]),
    "publish": (lambda p: p.publish(OUTGOING), (OUTGOING,), Published("1")),
    "upload": (lambda p: p.upload(PICTURE), (PICTURE,), "m1"),
    "friends": (lambda p: p.friends(), (), []),
    "cancel_scheduled": (lambda p: p.cancel_scheduled("s1"), ("s1",), None),
    "reschedule": (lambda p: p.reschedule("s1", WHEN), ("s1", WHEN), WHEN),
    "find_own": (
        lambda p: p.find_own("x", Audience.PUBLIC, WHEN, until=WHEN, exclude=("9",)),
        ("x", Audience.PUBLIC, WHEN, WHEN, ("9",)),
        Published("2"),
    ),
    "reply": (lambda p: p.reply(POST, OUTGOING), (POST, OUTGOING), Published("3")),
    "react": (lambda p: p.react(POST, "🎉"), (POST, "🎉"), None),
    "boost": (lambda p: p.boost(POST), (POST,), Published("4")),
    "conversation": (lambda p: p.conversation(POST), (POST,), [POST]),
    "notifications": (lambda p: p.notifications("n0"), ("n0",), [NOTIFICATION]),
    "notification_stream": (
        lambda p: _first(p.notification_stream(on_open)),
        (on_open,),
        [NOTIFICATION],
    ),
    "aclose": (lambda p: p.aclose(), (), None),
}


READS: dict[str, Callable[[PendingSignIn], Any]] = {
    "network": lambda p: p.network,
    "account": lambda p: p.account,
    "capabilities": lambda p: p.capabilities,
    "limits": lambda p: p.limits,
    "request_timeout": lambda p: p.request_timeout,
}


def test_every_protocol_member_is_checked_here() -> None:
    assert set(CALLS) | set(READS) == _protocol_members()


def test_every_protocol_operation_is_pendings_own_not_the_unsupported_default() -> None:
    own = set(vars(PendingSignIn))
    assert set(CALLS) | {"capabilities", "limits", "request_timeout"} <= own


@pytest.mark.parametrize("member", sorted(CALLS))
def test_once_signed_in_each_operation_is_handed_to_the_adapter(member: str) -> None:
    call, expected_args, expected = CALLS[member]
    recorder = Recorder()

    async def sign_in() -> NetworkAdapter:
        return recorder

    async def run() -> Any:
        pending = PendingSignIn(ACCOUNT, sign_in)
        await pending.adapter()
        return await call(pending)

    assert asyncio.run(run()) == expected
    assert recorder.calls == [(member, expected_args)]


def test_once_signed_in_what_it_reads_is_the_adapters() -> None:
    recorder = Recorder()

    async def sign_in() -> NetworkAdapter:
        return recorder

    async def run() -> dict[str, Any]:
        pending = PendingSignIn(ACCOUNT, sign_in)
        await pending.adapter()
        return {name: read(pending) for name, read in READS.items()}

    assert asyncio.run(run()) == {
        "network": "misskey",
        "account": ACCOUNT,
        "capabilities": CAPABILITIES,
        "limits": LIMITS,
        "request_timeout": 12.5,
    }


def test_before_signing_in_reads_sign_in_and_a_failure_is_offline() -> None:
    """The live notifications sign in first, like every read; while signing in fails they
    end with OFFLINE (the caller reconnects later), never UNSUPPORTED."""
    attempts: list[int] = []
    recorder = Recorder()

    async def sign_in() -> NetworkAdapter:
        attempts.append(1)
        if len(attempts) == 1:
            raise OSError("server down")
        return recorder

    async def run() -> list[Notification]:
        pending = PendingSignIn(ACCOUNT, sign_in)
        with pytest.raises(NetworkError) as caught:
            await _first(pending.notification_stream())
        assert caught.value.kind is ErrorKind.OFFLINE
        assert pending.signed_in is None
        items: list[Notification] = await _first(pending.notification_stream())
        assert pending.signed_in is recorder
        return items

    assert asyncio.run(run()) == [NOTIFICATION]
    assert len(attempts) == 2


def test_request_timeout_before_signing_in_is_the_factory_clients() -> None:
    async def sign_in() -> NetworkAdapter:
        raise OSError("not yet")

    pending = PendingSignIn(ACCOUNT, sign_in)
    assert pending.request_timeout == request_bound(DEFAULT_TIMEOUT)
