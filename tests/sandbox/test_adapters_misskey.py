"""The Misskey adapter over real HTTP and WebSocket against the sandbox's friends network,
and its error mapping against scripted replies (httpx.MockTransport). What it shares with
Mastodon runs over both in test_adapters_common.py."""

from __future__ import annotations

import asyncio
import base64
import json
import uuid
from typing import Any

import httpx
import pytest

from app.core.models import AccountRef, Audience, Outgoing, Post
from app.networks.base import AudienceRefused, ErrorKind, NetworkAdapter
from app.networks.misskey import MisskeyAdapter
from app.sandbox import community
from tests.helpers import first_streamed
from tests.sandbox.adapter_cases import Kit

STREAM_TIMEOUT = 20.0


def account_for(url: str, username: str = "me") -> AccountRef:
    return AccountRef(
        key=f"misskey:{url}:{username}",
        network="misskey",
        base_url=url,
        user_id="x",
        username=username,
        handle=f"@{username}@nakama",
        serves=frozenset({Audience.FRIENDS}),
        label="nakama",
        sandbox=True,
    )


def adapter_for(sandbox: Any, username: str = "me") -> MisskeyAdapter:
    return MisskeyAdapter(account_for(sandbox.friends_url), sandbox.token("friends", username))


def api(sandbox: Any, endpoint: str, as_user: str | None, **body: Any) -> httpx.Response:
    if as_user is not None:
        body["i"] = sandbox.token("friends", as_user)
    return httpx.post(f"{sandbox.friends_url}/api/{endpoint}", json=body)


def post_as(sandbox: Any, username: str, text: str, visibility: str = "followers") -> str:
    """Post as another member through the server's own API, like a real friend would."""
    r = api(sandbox, "notes/create", username, text=text, visibility=visibility)
    r.raise_for_status()
    return str(r.json()["createdNote"]["id"])


def user_id(sandbox: Any, username: str) -> str:
    r = api(sandbox, "i", username)
    r.raise_for_status()
    return str(r.json()["id"])


def shown_text(sandbox: Any, note_id: str, as_user: str | None) -> str | None:
    """The text ``as_user`` may read (None when the server hides the note from them)."""
    r = api(sandbox, "notes/show", as_user, noteId=note_id)
    if r.status_code != 200:
        return None
    note = r.json()
    return None if note.get("isHidden") else note.get("text")


def follower_and_stranger(sandbox: Any) -> tuple[str, str | None]:
    """A member who follows the demo user, and one who does not (None if all do)."""
    pairs = set(community.follows("friends"))
    names = [
        a["username"] for a in sandbox.accounts["friends"]["accounts"] if a["username"] != "me"
    ]
    followers = [n for n in names if (n, "me") in pairs]
    strangers = [n for n in names if (n, "me") not in pairs]
    return followers[0], (strangers[0] if strangers else None)


KIT = Kit(
    network="misskey",
    # Misskey streams from its own server: these tests never name a streaming host.
    build=lambda url, token, _streaming_url, client: MisskeyAdapter(
        account_for(url), token, client=client
    ),
    side="friends",
    server="nakama",
    post_as=post_as,
    audience=Audience.FRIENDS,
    object_reply=b'{"id": "1"}',
)


def test_adapter_satisfies_the_protocol_and_reads_meta(sandbox) -> None:
    async def scenario() -> None:
        adapter = adapter_for(sandbox)
        try:
            assert isinstance(adapter, NetworkAdapter)
            me = await adapter.me()
            assert (me.username, me.handle) == ("me", "@me@nakama")
            assert me.avatar_url and me.avatar_url.startswith(sandbox.friends_url)
            assert (adapter.limits.max_characters, adapter.limits.unit) == (3000, "utf16")
            assert adapter.limits.characters_reserved_per_url is None
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


def test_a_friends_picture_keeps_its_alt_text_and_tags(sandbox) -> None:
    tag = uuid.uuid4().hex[:8]
    upload = httpx.post(
        f"{sandbox.friends_url}/api/drive/files/create",
        data={"i": sandbox.token("friends", "takumi"), "comment": "夕焼けの川"},
        files={"file": ("sunset.png", PNG, "image/png")},
    )
    upload.raise_for_status()
    r = api(
        sandbox,
        "notes/create",
        "takumi",
        text=f"写真 {tag} #夕焼け",
        visibility="followers",
        fileIds=[upload.json()["id"]],
    )
    r.raise_for_status()

    async def scenario() -> list[Post]:
        adapter = adapter_for(sandbox)
        try:
            return await adapter.timeline(limit=5)
        finally:
            await adapter.aclose()

    post = next(p for p in asyncio.run(scenario()) if tag in p.text)
    assert [(m.description, m.kind, m.width, m.height) for m in post.media] == [
        ("夕焼けの川", "image", 2, 1)
    ]
    assert post.media[0].url.startswith(sandbox.friends_url)
    assert post.tags == ("夕焼け",)


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
    assert api(sandbox, "notes/show", "me", noteId=public_id).json()["visibility"] == "public"
    assert api(sandbox, "notes/show", "me", noteId=friends_id).json()["visibility"] == "followers"
    follower, stranger = follower_and_stranger(sandbox)
    for viewer in ("me", follower, stranger, None):
        assert shown_text(sandbox, public_id, viewer) == f"みなさんへ {tag}"
    for viewer in ("me", follower):  # the author and a follower
        assert shown_text(sandbox, friends_id, viewer) == f"フォロワーだけ {tag}"
    # A member who does not follow, and the anonymous web.
    for outsider in [stranger, None] if stranger else [None]:
        assert shown_text(sandbox, friends_id, outsider) is None


def test_friends_with_recipients_is_specified_to_exactly_them(sandbox) -> None:
    tag = uuid.uuid4().hex[:8]
    haruka = user_id(sandbox, "haruka")

    async def scenario() -> str:
        adapter = adapter_for(sandbox)
        try:
            out = Outgoing(f"春香さんにだけ {tag}", Audience.FRIENDS, recipients=(haruka,))
            return (await adapter.publish(out)).remote_id
        finally:
            await adapter.aclose()

    note_id = asyncio.run(scenario())
    note = api(sandbox, "notes/show", "me", noteId=note_id).json()
    assert note["visibility"] == "specified" and note["visibleUserIds"] == [haruka]
    assert shown_text(sandbox, note_id, "haruka") == f"春香さんにだけ {tag}"
    assert shown_text(sandbox, note_id, "me") == f"春香さんにだけ {tag}"
    assert shown_text(sandbox, note_id, "takumi") is None
    assert shown_text(sandbox, note_id, None) is None


def test_recipients_with_the_public_audience_are_refused_before_sending(sandbox) -> None:
    tag = uuid.uuid4().hex[:8]

    async def scenario() -> None:
        adapter = adapter_for(sandbox)
        try:
            with pytest.raises(AudienceRefused):
                await adapter.publish(Outgoing(f"x {tag}", Audience.PUBLIC, recipients=("1",)))
        finally:
            await adapter.aclose()

    asyncio.run(scenario())
    r = api(sandbox, "notes/timeline", "me", limit=40)
    assert not any(tag in (n.get("text") or "") for n in r.json())


def test_stream_delivers_a_note_by_another_member(sandbox) -> None:
    tag = uuid.uuid4().hex[:8]

    async def scenario() -> None:
        adapter = adapter_for(sandbox)
        try:
            post = await first_streamed(
                adapter,
                lambda: post_as(sandbox, "haruka", f"ライブ {tag} #散歩"),
                lambda p: tag in p.text,
                STREAM_TIMEOUT,
            )
            assert post.author.handle == "@haruka@nakama"
            assert post.audience is Audience.FRIENDS and post.visibility == "followers"
            assert post.tags == ("散歩",)
        finally:
            await adapter.aclose()

    asyncio.run(scenario())


# --------------------------------------------------------------- scripted replies


def test_malformed_items_are_skipped_not_fatal() -> None:
    good = {
        "id": "9zz",
        "createdAt": "2025-12-24T09:00:00.000Z",
        "visibility": "specified",
        "text": "ok",
        "user": {"id": "u2", "username": "bob", "host": "other.example"},
    }
    page = [{"id": "1"}, "junk", {**good, "user": None}, good, None]

    async def scenario() -> list[Post]:
        adapter, client = KIT.scripted(lambda r: httpx.Response(200, json=page))
        try:
            return await adapter.timeline()
        finally:
            await client.aclose()

    posts = asyncio.run(scenario())
    assert [p.id for p in posts] == ["9zz"]
    assert posts[0].author.handle == "@bob@other.example"
    assert posts[0].audience is Audience.FRIENDS


def test_requests_carry_the_token_as_i_and_the_paging_id() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=[])

    async def scenario() -> None:
        adapter, client = KIT.scripted(handler)
        try:
            await adapter.timeline(limit=500, older_than="abc")
        finally:
            await client.aclose()

    asyncio.run(scenario())
    assert seen[0].method == "POST" and seen[0].url.path == "/api/notes/timeline"
    assert json.loads(seen[0].content) == {"i": "t", "limit": 100, "untilId": "abc"}


def test_misskey_rate_limit_with_retry_after() -> None:
    body = {
        "error": {
            "message": "Rate limit exceeded. Please try again later.",
            "code": "RATE_LIMIT_EXCEEDED",
            "id": "d5826d14-3982-4d2e-8011-b9e9f02499ef",
            "kind": "client",
        }
    }
    error = KIT.failure(lambda r: httpx.Response(429, headers={"Retry-After": "7"}, json=body))
    assert error.kind is ErrorKind.RATE_LIMITED and error.retry_after == 7
    assert "RATE_LIMIT_EXCEEDED" in error.detail


def test_misskey_rate_limit_with_reset_info_only() -> None:
    body = {"error": {"code": "RATE_LIMIT_EXCEEDED", "info": {"resetMs": 1500}}}
    error = KIT.failure(lambda r: httpx.Response(429, json=body))
    assert error.kind is ErrorKind.RATE_LIMITED and error.retry_after == 1.5


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (403, ErrorKind.SIGNED_OUT),
        (400, ErrorKind.REJECTED),
        (500, ErrorKind.SERVER_ERROR),
    ],
)
def test_status_codes_map_to_kinds(status: int, kind: ErrorKind) -> None:
    body = {"error": {"message": "m", "code": "SOME_CODE", "id": "x", "kind": "client"}}
    error = KIT.failure(lambda r: httpx.Response(status, json=body))
    assert error.kind is kind and error.status == status and "SOME_CODE" in error.detail


@pytest.mark.parametrize(
    ("meta", "limit"),
    [({"maxNoteTextLength": 5000}, 5000), ({}, 3000), ({"maxNoteTextLength": "many"}, 3000)],
    ids=["server-limit", "missing", "malformed"],
)
def test_the_first_page_reads_the_note_limit_once(meta: dict[str, Any], limit: int) -> None:
    """The running app never calls ``me()`` before showing a column: the first page is
    where ``/api/meta`` is read (once, then cached; Misskey's default when it says
    nothing usable)."""
    paths: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        paths.append(request.url.path)
        if request.url.path == "/api/meta":
            return httpx.Response(200, json=meta)
        return httpx.Response(200, json=[])

    async def scenario() -> int:
        adapter, client = KIT.scripted(handler)
        try:
            for _ in range(3):
                await adapter.timeline()
            assert adapter.limits.unit == "utf16"
            return adapter.limits.max_characters
        finally:
            await client.aclose()

    assert asyncio.run(scenario()) == limit
    assert paths.count("/api/meta") == 1
