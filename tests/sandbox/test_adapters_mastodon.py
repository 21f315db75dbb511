"""The Mastodon adapter over real HTTP against the sandbox's public network, and its error
mapping against scripted replies (httpx.MockTransport) where a real server cannot misbehave
on demand. What it shares with Misskey runs over both in test_adapters_common.py."""

from __future__ import annotations

import asyncio
import base64
import json
import uuid
from typing import Any

import httpx
import pytest

from app.core.models import AccountRef, Audience, Outgoing, Post
from app.networks.base import AudienceRefused, ErrorKind, NetworkAdapter, NetworkError
from app.networks.mastodon import MastodonAdapter
from app.sandbox import community
from tests.helpers import first_streamed, free_port
from tests.sandbox.adapter_cases import Kit

STREAM_TIMEOUT = 20.0


def account_for(url: str, user_id: str = "1", username: str = "me") -> AccountRef:
    return AccountRef(
        key=f"mastodon:{url}:{username}",
        network="mastodon",
        base_url=url,
        user_id=user_id,
        username=username,
        handle=f"@{username}@sora",
        serves=frozenset({Audience.PUBLIC}),
        label="sora",
        sandbox=True,
    )


def adapter_for(sandbox: Any, username: str = "me", **kwargs: Any) -> MastodonAdapter:
    return MastodonAdapter(
        account_for(sandbox.public_url, username=username),
        sandbox.token("public", username),
        streaming_url=sandbox.public_streaming_url,
        **kwargs,
    )


def get_status(sandbox: Any, status_id: str, as_user: str | None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {sandbox.token('public', as_user)}"} if as_user else {}
    return httpx.get(f"{sandbox.public_url}/api/v1/statuses/{status_id}", headers=headers)


def post_as(sandbox: Any, username: str, text: str, visibility: str = "public") -> str:
    """Post as another member through the server's own API, like a real friend would."""
    r = httpx.post(
        f"{sandbox.public_url}/api/v1/statuses",
        headers={"Authorization": f"Bearer {sandbox.token('public', username)}"},
        data={"status": text, "visibility": visibility},
    )
    r.raise_for_status()
    return str(r.json()["id"])


def user_id(sandbox: Any, username: str) -> str:
    r = httpx.get(
        f"{sandbox.public_url}/api/v1/accounts/verify_credentials",
        headers={"Authorization": f"Bearer {sandbox.token('public', username)}"},
    )
    r.raise_for_status()
    return str(r.json()["id"])


def follower_and_stranger(sandbox: Any) -> tuple[str, str | None]:
    """A member who follows the demo user, and one who does not (None if all do)."""
    pairs = set(community.follows("public"))
    members = sandbox.accounts["public"]["accounts"]
    names = [a["username"] for a in members if a["username"] != "me"]
    followers = [n for n in names if (n, "me") in pairs]
    strangers = [n for n in names if (n, "me") not in pairs]
    return followers[0], (strangers[0] if strangers else None)


KIT = Kit(
    network="mastodon",
    build=lambda url, token, streaming_url, client: MastodonAdapter(
        account_for(url), token, streaming_url=streaming_url, client=client
    ),
    side="public",
    server="sora",
    post_as=post_as,
    audience=Audience.PUBLIC,
    object_reply=b'{"id": 1}',
    signed_out_status=401,
)


def test_adapter_satisfies_the_protocol_and_reads_the_instance(sandbox) -> None:
    async def scenario() -> None:
        adapter = adapter_for(sandbox)
        try:
            assert isinstance(adapter, NetworkAdapter)
            me = await adapter.me()
            assert (me.username, me.handle) == ("me", "@me@sora")
            assert me.avatar_url and me.avatar_url.startswith(sandbox.public_url)
            limits = adapter.limits
            assert (limits.max_characters, limits.unit) == (500, "graphemes")
            assert limits.characters_reserved_per_url == 23
            caps = adapter.capabilities
            assert caps.audiences == {Audience.PUBLIC, Audience.FRIENDS}
            assert caps.streaming and caps.recipients
        finally:
            await adapter.aclose()

    asyncio.run(scenario())


# A 2×1 PNG, enough for a server to accept it as an image.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAADUlEQVR4nGP4zwAE/wEHAAH/4iOeWQAAAABJRU5ErkJggg=="
)


def test_a_picture_keeps_its_alt_text_and_tags(sandbox) -> None:
    tag = uuid.uuid4().hex[:8]
    auth = {"Authorization": f"Bearer {sandbox.token('public', 'takumi')}"}
    media = httpx.post(
        f"{sandbox.public_url}/api/v2/media",
        headers=auth,
        data={"description": "夕焼けの川"},
        files={"file": ("sunset.png", PNG, "image/png")},
    )
    media.raise_for_status()
    r = httpx.post(
        f"{sandbox.public_url}/api/v1/statuses",
        headers=auth,
        data={
            "status": f"写真 {tag} #夕焼け",
            "visibility": "public",
            "media_ids[]": media.json()["id"],
        },
    )
    r.raise_for_status()

    async def scenario() -> list[Post]:
        adapter = adapter_for(sandbox)
        try:
            return await adapter.timeline(limit=5)
        finally:
            await adapter.aclose()

    post = next(p for p in asyncio.run(scenario()) if tag in p.text)
    assert [(m.description, m.kind) for m in post.media] == [("夕焼けの川", "image")]
    assert post.media[0].url.startswith(sandbox.public_url)
    assert post.tags == ("夕焼け",)
    assert post.url and post.url.startswith("http")


def test_publish_public_and_friends_and_the_server_keeps_the_visibility(sandbox) -> None:
    tag = uuid.uuid4().hex[:8]

    async def scenario() -> tuple[str, str]:
        adapter = adapter_for(sandbox)
        try:
            public = await adapter.publish(Outgoing(f"みなさんへ {tag}", Audience.PUBLIC))
            friends = await adapter.publish(Outgoing(f"フォロワーだけ {tag}", Audience.FRIENDS))
            assert public.url and friends.url
            return public.remote_id, friends.remote_id
        finally:
            await adapter.aclose()

    public_id, friends_id = asyncio.run(scenario())
    follower, stranger = follower_and_stranger(sandbox)
    for viewer in ("me", follower, stranger, None):
        r = get_status(sandbox, public_id, viewer)
        assert r.status_code == 200 and r.json()["visibility"] == "public"
    for viewer in ("me", follower):  # the author and a follower
        r = get_status(sandbox, friends_id, viewer)
        assert r.status_code == 200 and r.json()["visibility"] == "private"
        assert tag in r.json()["content"]
    # A member who does not follow, and the anonymous web.
    for outsider in [stranger, None] if stranger else [None]:
        assert get_status(sandbox, friends_id, outsider).status_code == 404


def test_friends_with_recipients_is_direct_to_exactly_them(sandbox) -> None:
    tag = uuid.uuid4().hex[:8]
    haruka = user_id(sandbox, "haruka")

    async def scenario() -> str:
        adapter = adapter_for(sandbox)
        try:
            out = Outgoing(f"春香さんにだけ {tag}", Audience.FRIENDS, recipients=(haruka,))
            return (await adapter.publish(out)).remote_id
        finally:
            await adapter.aclose()

    status_id = asyncio.run(scenario())
    seen = get_status(sandbox, status_id, "haruka")
    assert seen.status_code == 200
    assert seen.json()["visibility"] == "direct"
    assert [m["acct"] for m in seen.json()["mentions"]] == ["haruka"]
    assert get_status(sandbox, status_id, "me").status_code == 200
    assert get_status(sandbox, status_id, "takumi").status_code == 404
    assert get_status(sandbox, status_id, None).status_code == 404


def test_a_repeated_publish_with_the_same_idempotency_key_posts_once(sandbox) -> None:
    tag = uuid.uuid4().hex[:8]

    async def scenario() -> None:
        adapter = adapter_for(sandbox)
        try:
            out = Outgoing(f"一度だけ {tag}", Audience.PUBLIC)
            first = await adapter.publish(out)
            again = await adapter.publish(out)
            assert again.remote_id == first.remote_id
            other = await adapter.publish(Outgoing(f"一度だけ {tag}", Audience.PUBLIC))
            assert other.remote_id != first.remote_id  # a new key is a new post
        finally:
            await adapter.aclose()

    asyncio.run(scenario())
    r = httpx.get(f"{sandbox.public_url}/api/v1/timelines/public", params={"limit": 40})
    assert sum(tag in s["content"] for s in r.json()) == 2


def test_recipients_with_the_public_audience_are_refused_before_sending(sandbox) -> None:
    async def scenario() -> None:
        adapter = adapter_for(sandbox)
        try:
            with pytest.raises(AudienceRefused):
                await adapter.publish(Outgoing("x", Audience.PUBLIC, recipients=("1",)))
        finally:
            await adapter.aclose()

    asyncio.run(scenario())


async def streamed_post(
    adapter: MastodonAdapter, sandbox: Any, username: str, text: str, tag: str, *visibility: str
) -> Post:
    """``username`` posts ``text`` (holding ``tag``) once ``adapter``'s stream is open: that
    post as the stream delivers it."""
    return await first_streamed(
        adapter,
        lambda: post_as(sandbox, username, text, *visibility),
        lambda p: tag in p.text,
        STREAM_TIMEOUT,
    )


@pytest.mark.parametrize("websocket", [True, False], ids=["websocket", "sse"])
def test_stream_delivers_a_post_by_another_member(sandbox, websocket: bool) -> None:
    tag = uuid.uuid4().hex[:8]

    async def scenario() -> None:
        adapter = adapter_for(sandbox, websocket=websocket)
        try:
            post = await streamed_post(adapter, sandbox, "haruka", f"ライブ {tag}", tag, "private")
            assert post.author.handle == "@haruka@sora"
            assert post.audience is Audience.FRIENDS and post.visibility == "private"
        finally:
            await adapter.aclose()

    asyncio.run(scenario())


def test_stream_falls_back_to_sse_when_the_websocket_handshake_fails(sandbox) -> None:
    """A streaming host that refuses the WebSocket upgrade (a proxy in the way, say) still
    streams: the adapter falls back to SSE on its own."""
    from app.networks import mastodon

    tag = uuid.uuid4().hex[:8]
    attempts: list[str] = []

    async def refuse(origin: str) -> Any:
        attempts.append(origin)
        raise mastodon._HandshakeFailed("HTTP 400")

    async def scenario() -> None:
        adapter = adapter_for(sandbox)
        adapter._open_websocket = refuse  # type: ignore[method-assign]
        try:
            post = await streamed_post(adapter, sandbox, "takumi", f"SSE {tag}", tag)
            assert post.author.username == "takumi"
        finally:
            await adapter.aclose()

    asyncio.run(scenario())
    assert attempts == [sandbox.public_streaming_url]


# --------------------------------------------------------------- scripted replies


def test_malformed_items_are_skipped_not_fatal() -> None:
    good = {
        "id": "10",
        "created_at": "2025-12-24T09:00:00.000Z",
        "visibility": "public",
        "content": "<p>ok</p>",
        "account": {"id": "2", "username": "bob", "acct": "bob@other.example"},
    }
    page = [{"id": "11"}, "junk", {**good, "created_at": "yesterday"}, good, None]

    async def scenario() -> list[Post]:
        adapter, client = KIT.scripted(lambda r: httpx.Response(200, json=page))
        try:
            return await adapter.timeline()
        finally:
            await client.aclose()

    posts = asyncio.run(scenario())
    assert [p.id for p in posts] == ["10"]
    assert posts[0].author.handle == "@bob@other.example"
    assert posts[0].created_at.tzinfo is not None


def test_rate_limit_with_retry_after() -> None:
    error = KIT.publish_failure(
        lambda r: httpx.Response(429, headers={"Retry-After": "42"}, json={"error": "Too many"})
    )
    assert error.kind is ErrorKind.RATE_LIMITED and error.retry_after == 42
    assert error.detail == "Too many"


def test_rate_limit_with_mastodon_reset_time() -> None:
    error = KIT.failure(
        lambda r: httpx.Response(429, headers={"X-RateLimit-Reset": "2999-01-01T00:00:00.000Z"})
    )
    assert error.kind is ErrorKind.RATE_LIMITED
    assert error.retry_after is not None and error.retry_after > 0


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (403, ErrorKind.SIGNED_OUT),
        (422, ErrorKind.REJECTED),
        (500, ErrorKind.SERVER_ERROR),
        (503, ErrorKind.SERVER_ERROR),
        (504, ErrorKind.TIMEOUT),
        (302, ErrorKind.BAD_RESPONSE),
    ],
)
def test_status_codes_map_to_kinds(status: int, kind: ErrorKind) -> None:
    error = KIT.publish_failure(
        lambda r: httpx.Response(status, json={"error": "nope"}, headers={"Location": "/x"})
    )
    assert error.kind is kind and error.status == status


def test_an_oversized_reply_is_refused() -> None:
    huge = json.dumps([{"content": "x" * 1024}] * 9000).encode()
    error = KIT.failure(lambda r: httpx.Response(200, content=huge))
    assert error.kind is ErrorKind.BAD_RESPONSE and "large" in error.detail


def test_audience_refused_sends_nothing() -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(200, json={"id": "1"})

    async def scenario() -> None:
        adapter, client = KIT.scripted(handler)
        try:
            with pytest.raises(AudienceRefused):
                await adapter.publish(Outgoing("x", Audience.PUBLIC, recipients=("5",)))
        finally:
            await client.aclose()

    asyncio.run(scenario())
    assert requests == []


# --------------------------------------------------------------- streaming host, limits


def test_without_a_streaming_url_the_instance_names_it(sandbox) -> None:
    """As for a real account (``make_adapter(account, token)``): the streaming host
    comes from ``/api/v2/instance`` → ``configuration.urls.streaming``, and the limits and
    that host are read once, by the first page."""
    from app.networks.factory import make_adapter

    tag = uuid.uuid4().hex[:8]

    async def scenario() -> None:
        adapter = make_adapter(account_for(sandbox.public_url), sandbox.token("public", "me"))
        assert isinstance(adapter, MastodonAdapter)
        try:
            await adapter.timeline(limit=5)
            assert adapter.limits.max_characters == 500
            assert adapter.limits.characters_reserved_per_url == 23
            post = await streamed_post(adapter, sandbox, "haruka", f"ホスト {tag}", tag)
            assert post.author.username == "haruka"
            assert adapter.capabilities.streaming
        finally:
            await adapter.aclose()

    asyncio.run(scenario())


def test_a_streaming_host_that_cannot_be_reached_falls_back_to_the_server(sandbox) -> None:
    """The instance names a streaming host that is down (or not served at all, as snac's
    ``wss://`` one): the adapter streams from the server's own origin instead."""
    tag = uuid.uuid4().hex[:8]
    dead = f"ws://127.0.0.1:{free_port()}"

    async def scenario() -> None:
        adapter = MastodonAdapter(
            account_for(sandbox.public_url), sandbox.token("public", "me"), streaming_url=dead
        )
        try:
            post = await streamed_post(adapter, sandbox, "takumi", f"フォールバック {tag}", tag)
            assert post.author.username == "takumi"
        finally:
            await adapter.aclose()

    asyncio.run(scenario())


def _status(status_id: str, text: str) -> dict[str, Any]:
    return {
        "id": status_id,
        "created_at": "2025-12-24T09:00:00.000Z",
        "visibility": "public",
        "content": f"<p>{text}</p>",
        "account": {"id": "2", "username": "bob", "acct": "bob"},
    }


def test_a_server_without_any_streaming_is_polled() -> None:
    """No streaming host in the instance info, 404 for the WebSocket and for SSE: the
    stream polls the home timeline, and ``capabilities`` says there is no streaming."""
    home = [_status("2", "前から"), _status("1", "もっと前から")]
    paths: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        paths.append(request.url.path)
        if request.url.path == "/api/v2/instance":
            return httpx.Response(200, json={"version": "4.3.0", "configuration": {}})
        if request.url.path == "/api/v1/timelines/home":
            return httpx.Response(200, json=home)
        return httpx.Response(404, json={"error": "Not Found"})

    async def scenario() -> list[Post]:
        port = free_port()  # nothing listens: the WebSocket handshake is refused
        client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        adapter = MastodonAdapter(account_for(f"http://127.0.0.1:{port}"), "t", client=client)
        adapter.poll_interval = 0.01
        got: list[Post] = []
        try:
            first = await adapter.timeline(limit=2)
            assert [p.id for p in first] == ["2", "1"]
            opened = asyncio.Event()
            stream = adapter.stream(on_open=opened.set)
            reader = asyncio.ensure_future(anext(stream))
            await asyncio.wait_for(opened.wait(), STREAM_TIMEOUT)
            assert not adapter.capabilities.streaming
            home.insert(0, _status("3", "新しい"))
            got.append(await asyncio.wait_for(reader, STREAM_TIMEOUT))
            await stream.aclose()
        finally:
            await client.aclose()
        return got

    got = asyncio.run(scenario())
    assert [p.id for p in got] == ["3"]
    assert "/api/v1/streaming/user" in paths
    assert paths.count("/api/v2/instance") == 1  # read once, then cached


def test_instance_limits_are_read_once_with_defaults_for_what_is_missing() -> None:
    paths: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        paths.append(request.url.path)
        if request.url.path == "/api/v2/instance":
            statuses = {"max_characters": 1000}  # no characters_reserved_per_url
            return httpx.Response(200, json={"configuration": {"statuses": statuses}})
        return httpx.Response(200, json=[])

    async def scenario() -> tuple[int, int | None]:
        adapter, client = KIT.scripted(handler)
        try:
            for _ in range(3):
                await adapter.timeline()
            return adapter.limits.max_characters, adapter.limits.characters_reserved_per_url
        finally:
            await client.aclose()

    assert asyncio.run(scenario()) == (1000, 23)
    assert paths.count("/api/v2/instance") == 1


def test_remaining_zero_waits_for_the_reset_without_sending() -> None:
    """``X-RateLimit-Remaining: 0`` closes the window until ``X-RateLimit-Reset``: the next
    call is RATE_LIMITED with the time left, and nothing is sent (reading or publishing)."""
    sent: list[str] = []
    reset = "2999-01-01T00:00:00.000Z"

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.url.path)
        headers = {"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0"}
        headers["X-RateLimit-Reset"] = reset
        if request.url.path == "/api/v2/instance":
            return httpx.Response(200, json={"configuration": {}}, headers={})
        return httpx.Response(200, json=[], headers=headers)

    async def scenario() -> list[NetworkError]:
        adapter, client = KIT.scripted(handler)
        errors = []
        try:
            await adapter.timeline()  # the last request of the window
            for call in (adapter.timeline(), adapter.publish(Outgoing("x", Audience.PUBLIC))):
                with pytest.raises(NetworkError) as caught:
                    await call
                errors.append(caught.value)
        finally:
            await client.aclose()
        return errors

    errors = asyncio.run(scenario())
    assert sent == ["/api/v2/instance", "/api/v1/timelines/home"]
    for error in errors:
        assert error.kind is ErrorKind.RATE_LIMITED
        assert error.retry_after is not None and error.retry_after > 86_000  # capped at a day


def test_a_reset_in_the_past_does_not_hold_anything_back() -> None:
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.url.path)
        headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "2000-01-01T00:00:00Z"}
        return httpx.Response(200, json=[], headers=headers)

    async def scenario() -> None:
        adapter, client = KIT.scripted(handler)
        try:
            await adapter.timeline()
            await adapter.timeline()
        finally:
            await client.aclose()

    asyncio.run(scenario())
    assert sent.count("/api/v1/timelines/home") == 2
