"""One bad item never costs the page, and no name can spoof another (issue 10, finding 6).

Scripted replies (httpx.MockTransport) to each adapter's timeline: items with ``id: null``
or no id are skipped (five of them must not collapse into one row under the id "None"),
an item whose text is not UTF-8 is skipped alone, and bidirectional controls are taken out
of display names and handles (``'\\u202eadmin'`` would render reversed).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from app.core.content import clean_label
from app.core.models import AccountRef, Audience, Post
from app.networks.http import decode_json, has_broken_text, item_id
from app.networks.mastodon import MastodonAdapter
from app.networks.misskey import MisskeyAdapter

BASE = "http://127.0.0.1:9"
WHEN = "2026-12-24T12:00:00.000Z"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def _ref(network: str) -> AccountRef:
    return AccountRef(
        f"{network}:{BASE}:me", network, BASE, "1", "me", "@me@x", frozenset({Audience.PUBLIC})
    )


def mastodon_status(status_id: Any, *, name: str = "はるか", text: str = "こんにちは") -> Any:
    return {
        "id": status_id,
        "created_at": WHEN,
        "visibility": "public",
        "content": f"<p>{text}</p>",
        "account": {"id": "7", "username": "haruka", "acct": "haruka", "display_name": name},
    }


def misskey_note(note_id: Any, *, name: str = "はるか", text: str = "こんにちは") -> Any:
    return {
        "id": note_id,
        "createdAt": WHEN,
        "visibility": "public",
        "text": text,
        "user": {"id": "7", "username": "haruka", "name": name, "host": None},
    }


def _timeline(network: str, body: bytes) -> list[Post]:
    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.endswith(("/timelines/home", "/notes/timeline")):
            return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})
        return httpx.Response(404, json={"error": "not here"})

    async def run() -> list[Post]:
        client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        adapter: Any = (
            MastodonAdapter(_ref(network), "t", client=client)
            if network == "mastodon"
            else MisskeyAdapter(_ref(network), "t", client=client)
        )
        try:
            result: list[Post] = await adapter.timeline()
            return result
        finally:
            await client.aclose()

    return asyncio.run(run())


MAKERS: dict[str, Callable[..., Any]] = {"mastodon": mastodon_status, "misskey": misskey_note}


@pytest.mark.parametrize("network", list(MAKERS))
def test_items_without_an_id_are_skipped_not_collapsed(network: str) -> None:
    make = MAKERS[network]
    items = [make(None, text=f"名無し {i}") for i in range(5)]
    items += [make("", text="空"), make(True, text="真"), make({"x": 1}, text="物")]
    missing = make("x", text="欠け")
    del missing["id"]
    items += [missing, make("42", text="本物")]
    posts = _timeline(network, json.dumps(items).encode())
    assert [(p.id, p.text) for p in posts] == [("42", "本物")]


@pytest.mark.parametrize("network", list(MAKERS))
def test_one_item_that_is_not_utf8_is_skipped_alone(network: str) -> None:
    make = MAKERS[network]
    good = [make("1", text="前"), make("3", text="後")]
    marker = "@@BROKEN@@"
    items = [good[0], make("2", text=marker), good[1]]
    body = json.dumps(items, ensure_ascii=False).encode().replace(marker.encode(), b"\xff\xfe\xc3")
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    posts = _timeline(network, body)
    assert [(p.id, p.text) for p in posts] == [("1", "前"), ("3", "後")]


@pytest.mark.parametrize("network", list(MAKERS))
def test_bidi_controls_are_taken_out_of_names_and_handles(network: str) -> None:
    make = MAKERS[network]
    item = make("1", name="\u202enimda\u202c")
    user = item["account"] if network == "mastodon" else item["user"]
    user["username"] = "\u2067haruka\u2069"
    if network == "mastodon":
        user["acct"] = "\u2067haruka\u2069"
    (post,) = _timeline(network, json.dumps([item]).encode())
    assert post.author.display_name == "nimda"
    assert post.author.username == "haruka"
    assert post.author.handle.startswith("@haruka@")
    for value in (post.author.display_name, post.author.username, post.author.handle):
        assert not set(value) & set(BIDI), value


def test_clean_label_keeps_everything_else() -> None:
    assert clean_label("\u202eadmin") == "admin"
    assert clean_label(BIDI) == ""
    # Right-to-left scripts, ZWJ emoji and Japanese stay as they are.
    for name in ("مرحبا", "שלום", "👨\u200d👩\u200d👧", "はるか🌸", "A\u200cB"):
        assert clean_label(name) == name


def test_item_id_and_broken_text_rules() -> None:
    assert item_id("abc") == "abc" and item_id(42) == "42"
    for bad in (None, "", "  ", True, 1.5, [], {}):
        with pytest.raises(ValueError):
            item_id(bad)
    assert has_broken_text({"a": ["ok", {"b": "\udcff"}]})
    assert has_broken_text({"\ud800": 1})
    assert not has_broken_text({"a": ["ok", 1, None, {"b": "はい"}]})
    # A body with non-UTF-8 bytes still decodes; the broken string is marked.
    decoded = decode_json(b'[{"t": "ok"}, {"t": "\xff"}]')
    assert [has_broken_text(x) for x in decoded] == [False, True]
    deep = json.loads("[" * 50 + "]" * 50)
    assert not has_broken_text(deep)


def test_x_skips_tweets_without_an_id_or_utf8_and_those_of_a_broken_user() -> None:
    from app.networks.x import XAdapter
    from app.networks.x_session import XSession

    def tweet(tweet_id: Any, author: str, text: str) -> dict[str, Any]:
        return {"id": tweet_id, "author_id": author, "text": text, "created_at": WHEN}

    page = {
        "data": [
            tweet("1", "10", "よい"),
            tweet(None, "10", "名無し"),
            tweet("2", "10", "@@BROKEN@@"),
            tweet("3", "11", "壊れた人"),
            tweet("4", "10", "また"),
        ],
        "includes": {
            "users": [
                {"id": "10", "username": "haruka", "name": "\u202eはるか"},
                {"id": "11", "username": "bad", "name": "@@BROKEN@@"},
            ]
        },
        "meta": {"result_count": 5},
    }
    body = json.dumps(page, ensure_ascii=False).encode().replace(b"@@BROKEN@@", b"\xc3\x28")

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})

    async def run() -> list[Post]:
        client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        session = XSession("c", "10", "haruka", "a", "r")
        adapter = XAdapter(_ref("x"), session, client=client, api_base=BASE)
        try:
            return await adapter.timeline()
        finally:
            await client.aclose()

    posts = asyncio.run(run())
    assert [(p.id, p.text) for p in posts] == [("1", "よい"), ("4", "また")]
    assert posts[0].author.display_name == "はるか"


def test_a_streamed_status_with_broken_text_or_no_id_is_skipped_alone() -> None:
    """Mastodon's SSE stream: a ``\\udc80`` escape (a lone surrogate) or ``id: null`` in
    one event costs that event only; the stream goes on."""
    from app.networks.base import NetworkError

    events = [
        mastodon_status("1", text="前"),
        mastodon_status("2", text="壊れ\\udc80た"),
        mastodon_status(None, text="名無し"),
        mastodon_status("3", text="後"),
    ]
    lines = []
    for event in events:
        payload = json.dumps(event, ensure_ascii=False).replace("\\\\udc80", "\\udc80")
        lines.append(f"event: update\ndata: {payload}\n\n")
    body = "".join(lines).encode()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/streaming/user"):
            return httpx.Response(200, content=body, headers={"Content-Type": "text/event-stream"})
        return httpx.Response(404, json={"error": "not here"})

    async def run() -> list[Post]:
        client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        adapter = MastodonAdapter(_ref("mastodon"), "t", client=client, websocket=False)
        got: list[Post] = []
        try:
            with pytest.raises(NetworkError):
                async for post in adapter.stream():
                    got.append(post)
        finally:
            await client.aclose()
        return got

    posts = asyncio.run(run())
    assert [(p.id, p.text) for p in posts] == [("1", "前"), ("3", "後")]
