"""Hostile replies to the Misskey adapter (hypothesis): malformed, wrong-typed, missing,
null, huge and hostile fields in timelines, stream messages, users, meta and notes/create
replies. Only safe posts, skipped items or NetworkError — never another exception — and a
well-formed note is never lost because its neighbours are broken."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from websockets.asyncio.server import ServerConnection, serve

from app.core.models import AccountRef, Audience, Outgoing, Post
from app.networks.base import ErrorKind, NetworkError
from app.networks.misskey import MisskeyAdapter
from tests.unit.test_hostile_mastodon import (
    SETTINGS,
    assert_safe_post,
    hostile_text,
    jr,
    json_any,
    mutated,
    run,
)

BASE = "https://nakama.test"


def account(base: str = BASE) -> AccountRef:
    return AccountRef(
        key=f"misskey:{base}:me",
        network="misskey",
        base_url=base,
        user_id="u1",
        username="me",
        handle="@me@nakama",
        serves=frozenset({Audience.FRIENDS}),
        label="nakama",
    )


def make(handler: Callable[[httpx.Request], httpx.Response]) -> MisskeyAdapter:
    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return MisskeyAdapter(account(), "tok", client=client)


def good_note(ident: str) -> dict[str, Any]:
    return {
        "id": ident,
        "createdAt": "2025-04-01T03:04:05.000Z",
        "visibility": "followers",
        "text": "こんにちは #カフェ @haruka https://nakama.test/x",
        "cw": None,
        "userId": "u2",
        "user": {
            "id": "u2",
            "username": "haruka",
            "name": "はるか",
            "host": None,
            "avatarUrl": f"{BASE}/avatars/haruka.png",
        },
        "tags": ["カフェ"],
        "files": [
            {
                "id": "f1",
                "type": "image/png",
                "url": f"{BASE}/files/a.png",
                "thumbnailUrl": f"{BASE}/files/a_thumb.png",
                "comment": "alt",
                "properties": {"width": 640, "height": 480},
            }
        ],
        "renote": None,
        "uri": None,
        "url": None,
    }


@st.composite
def hostile_note(draw: st.DrawFn) -> Any:
    base = good_note(draw(st.sampled_from(["n1", "n2", "n3"])))
    base["text"] = draw(hostile_text)
    base["cw"] = draw(st.sampled_from([None, "", "CW <iframe src=x>", "注意"]))
    if draw(st.booleans()):
        renote = draw(mutated(good_note("r1")))
        base["renote"], base["text"], base["files"] = renote, None, []
    return draw(st.one_of(st.just(base), mutated(base), json_any))


@SETTINGS
@given(
    st.lists(hostile_note(), max_size=6),
    st.lists(st.integers(min_value=0, max_value=6), max_size=3),
)
def test_any_timeline_page_gives_safe_posts_and_keeps_the_good_ones(
    items: list[Any], good_at: list[int]
) -> None:
    good_ids = [f"good{i}" for i in range(len(good_at))]
    page = list(items)
    for position, ident in zip(good_at, good_ids, strict=True):
        page.insert(min(position, len(page)), good_note(ident))
    adapter = make(lambda _r: jr(200, page))
    posts = run(adapter.timeline())
    for post in posts:
        assert_safe_post(post)
        assert post.url is not None  # Misskey posts always get a link to the note
    assert set(good_ids) <= {p.id for p in posts}


@pytest.mark.parametrize(
    "created_at", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "x", ""]
)
def test_out_of_range_timestamps_skip_the_note_only(created_at: str) -> None:
    page = [{**good_note("bad"), "createdAt": created_at}, good_note("ok")]
    posts = run(make(lambda _r: jr(200, page)).timeline())
    assert [p.id for p in posts] == ["ok"]


@SETTINGS
@given(st.integers(min_value=200, max_value=599), json_any, st.text(max_size=30))
def test_any_status_code_body_and_retry_after_is_a_network_error_or_an_answer(
    status: int, body: Any, retry_after: str
) -> None:
    headers = {"Retry-After": retry_after.encode("ascii", "ignore").decode()}
    adapter = make(lambda _r: jr(status, body, headers))
    try:
        posts = run(adapter.timeline())
    except NetworkError as exc:
        if status == 429:
            assert exc.kind is ErrorKind.RATE_LIMITED
            assert exc.retry_after is None or exc.retry_after >= 0
    else:
        assert 200 <= status < 300
        for post in posts:
            assert_safe_post(post)


@SETTINGS
@given(json_any | mutated({"error": {"code": "X", "info": {"resetMs": 1500}}}))
def test_any_429_body_gives_a_usable_retry_after(body: Any) -> None:
    adapter = make(lambda _r: jr(429, body))
    with pytest.raises(NetworkError) as caught:
        run(adapter.me())
    error = caught.value
    assert error.kind is ErrorKind.RATE_LIMITED
    assert error.retry_after is None or 0 <= error.retry_after < float("inf")


@SETTINGS
@given(json_any | mutated(good_note("a")["user"]), json_any | mutated({"maxNoteTextLength": 9}))
def test_me_gives_an_author_or_a_network_error(user: Any, meta: Any) -> None:
    def reply(request: httpx.Request) -> httpx.Response:
        return jr(200, meta if request.url.path == "/api/meta" else user)

    adapter = make(reply)
    try:
        author = run(adapter.me())
    except NetworkError as exc:
        assert exc.kind is ErrorKind.BAD_RESPONSE
    else:
        assert author.username and author.handle.startswith("@")
        assert author.avatar_url is None or author.avatar_url.startswith(("http://", "https://"))
    limits = adapter.limits
    assert isinstance(limits.max_characters, int) and limits.max_characters > 0


@SETTINGS
@given(json_any | mutated({"createdNote": {"id": "n9", "url": None}}))
def test_publish_gives_published_or_a_network_error(body: Any) -> None:
    adapter = make(lambda _r: jr(200, body))
    try:
        published = run(adapter.publish(Outgoing(text="hi", audience=Audience.FRIENDS)))
    except NetworkError as exc:
        assert exc.kind is ErrorKind.BAD_RESPONSE
    else:
        assert published.remote_id
        assert published.url is not None and published.url.startswith(("http://", "https://"))


@SETTINGS
@given(hostile_note() | json_any, st.sampled_from(["note", "connected", "mention", 5, None]))
def test_any_stream_message_is_a_safe_post_or_nothing(payload: Any, kind: Any) -> None:
    adapter = make(lambda _r: httpx.Response(404))
    for raw in (
        json.dumps({"type": "channel", "body": {"id": "c1", "type": kind, "body": payload}}),
        json.dumps({"type": "channel", "body": payload}),
        json.dumps(payload),
        "[" * 100_000,
        '{"type": "channel", "body": ' + "[" * 50_000 + "]" * 50_000 + "}",
    ):
        what, post = adapter._message(raw, "c1")
        assert what in ("", "connected", "note")
        if post is not None:
            assert_safe_post(post)


@SETTINGS
@given(st.lists(hostile_note() | hostile_text | json_any, max_size=5))
def test_a_hostile_stream_server_gives_safe_posts_then_offline(frames: list[Any]) -> None:
    """Over a real WebSocket on 127.0.0.1: hostile frames, then a good note, then a drop."""

    async def scenario() -> list[Post]:
        async def handler(ws: ServerConnection) -> None:
            connect = json.loads(await ws.recv())
            cid = connect["body"]["id"]
            await ws.send(json.dumps({"type": "connected", "body": {"id": cid}}))
            for frame in frames:
                message = {"type": "channel", "body": {"id": cid, "type": "note", "body": frame}}
                await ws.send(frame if isinstance(frame, str) else json.dumps(message))
            good = {
                "type": "channel",
                "body": {"id": cid, "type": "note", "body": good_note("live")},
            }
            await ws.send(json.dumps(good))
            await ws.send(b"\x00\xff binary")
            await ws.close()

        got: list[Post] = []
        async with serve(handler, "127.0.0.1", 0) as server:
            port = server.sockets[0].getsockname()[1]
            adapter = MisskeyAdapter(account(f"http://127.0.0.1:{port}"), "tok")
            try:
                with pytest.raises(NetworkError) as caught:
                    async for post in adapter.stream():
                        got.append(post)
                assert caught.value.kind is ErrorKind.OFFLINE
            finally:
                await adapter.aclose()
        return got

    posts = asyncio.run(scenario())
    for post in posts:
        assert_safe_post(post)
    assert "live" in [p.id for p in posts]
