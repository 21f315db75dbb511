"""Gift cards over the wire: a rendered card uploaded with its alt text through each
adapter, addressed to two chosen friends (Misskey ``specified``, Mastodon ``direct``) and
read back over HTTP by a recipient — and hidden from everyone else; a public card on
Mastodon; the two-step upload-then-post path; Mastodon's 202 processing poll; and what
is refused before anything is sent."""

from __future__ import annotations

import asyncio
import json
import uuid
from contextlib import aclosing
from typing import Any

import httpx
import pytest

from app.core.gifts import default_alt
from app.core.models import AccountRef, Audience, MediaUpload, Outgoing
from app.networks.base import ErrorKind, NetworkError
from app.networks.mastodon import MastodonAdapter
from app.networks.misskey import MisskeyAdapter
from app.services.catalogues import shipped

FRIENDS = ("haruka", "takumi")
OUTSIDER = "mio"  # in the circle, but not chosen for this gift


def mastodon(sandbox: Any, username: str = "me") -> MastodonAdapter:
    account = AccountRef(
        key=f"mastodon:{sandbox.public_url}:{username}",
        network="mastodon",
        base_url=sandbox.public_url,
        user_id="1",
        username=username,
        handle=f"@{username}@sora",
        serves=frozenset({Audience.PUBLIC, Audience.FRIENDS}),
        label="sora",
        sandbox=True,
    )
    return MastodonAdapter(account, sandbox.token("public", username))


def misskey(sandbox: Any, username: str = "me") -> MisskeyAdapter:
    account = AccountRef(
        key=f"misskey:{sandbox.friends_url}:{username}",
        network="misskey",
        base_url=sandbox.friends_url,
        user_id="x",
        username=username,
        handle=f"@{username}@nakama",
        serves=frozenset({Audience.FRIENDS}),
        label="nakama",
        sandbox=True,
    )
    return MisskeyAdapter(account, sandbox.token("friends", username))


def bearer(sandbox: Any, username: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {sandbox.token('public', username)}"} if username else {}


def mastodon_id(sandbox: Any, username: str) -> str:
    r = httpx.get(
        f"{sandbox.public_url}/api/v1/accounts/verify_credentials",
        headers=bearer(sandbox, username),
    )
    r.raise_for_status()
    return str(r.json()["id"])


def misskey_id(sandbox: Any, username: str) -> str:
    r = httpx.post(f"{sandbox.friends_url}/api/i", json={"i": sandbox.token("friends", username)})
    r.raise_for_status()
    return str(r.json()["id"])


def show_note(sandbox: Any, note_id: str, as_user: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {"noteId": note_id}
    if as_user:
        body["i"] = sandbox.token("friends", as_user)
    r = httpx.post(f"{sandbox.friends_url}/api/notes/show", json=body)
    r.raise_for_status()
    return dict(r.json())


def get_status(sandbox: Any, status_id: str, as_user: str | None) -> httpx.Response:
    return httpx.get(
        f"{sandbox.public_url}/api/v1/statuses/{status_id}", headers=bearer(sandbox, as_user)
    )


@pytest.fixture
def card(qapp: object) -> tuple[MediaUpload, str]:
    """A real rendered Christmas cake card for two friends, with its generated alt text."""
    from app.ui.cards import render_card

    gift = shipped().gift("christmas_cake")
    message = f"メリークリスマス！ {uuid.uuid4().hex[:6]}"
    alt = default_alt(gift, "春香・拓海", message)
    png = render_card(gift, message, "春香・拓海", "わたし", size=(600, 400))
    return MediaUpload(png, "card-christmas.png", "image/png", alt), alt


def test_a_card_to_two_friends_on_misskey_is_specified_with_its_alt_text(sandbox, card) -> None:
    upload, alt = card
    chosen = tuple(misskey_id(sandbox, name) for name in FRIENDS)
    tag = uuid.uuid4().hex[:8]

    async def scenario() -> str:
        async with aclosing(misskey(sandbox)) as adapter:
            assert adapter.capabilities.media
            out = Outgoing(
                f"メリクリ🎄 {tag}\n#メリークリスマス",
                Audience.FRIENDS,
                recipients=chosen,
                media=(upload,),
            )
            return (await adapter.publish(out)).remote_id

    note_id = asyncio.run(scenario())
    for friend in FRIENDS:
        note = show_note(sandbox, note_id, friend)
        assert note["visibility"] == "specified"
        assert sorted(note["visibleUserIds"]) == sorted(chosen)
        assert note["text"].startswith(f"メリクリ🎄 {tag}")
        [picture] = note["files"]
        assert picture["comment"] == alt
        assert picture["type"] == "image/png"
        assert httpx.get(picture["url"]).content == upload.data  # the very card we drew
    for outsider in (OUTSIDER, None):
        hidden = show_note(sandbox, note_id, outsider)
        assert hidden.get("isHidden") is True
        assert hidden["files"] == [] and hidden["text"] is None


def test_a_card_to_two_friends_on_mastodon_is_direct_with_its_description(sandbox, card) -> None:
    upload, alt = card
    chosen = tuple(mastodon_id(sandbox, name) for name in FRIENDS)
    tag = uuid.uuid4().hex[:8]

    async def scenario() -> str:
        async with aclosing(mastodon(sandbox)) as adapter:
            assert adapter.capabilities.media
            out = Outgoing(
                f"メリクリ🎄 {tag}", Audience.FRIENDS, recipients=chosen, media=(upload,)
            )
            return (await adapter.publish(out)).remote_id

    status_id = asyncio.run(scenario())
    for friend in FRIENDS:
        seen = get_status(sandbox, status_id, friend)
        assert seen.status_code == 200
        status = seen.json()
        assert status["visibility"] == "direct"
        assert sorted(m["acct"] for m in status["mentions"]) == sorted(FRIENDS)
        [picture] = status["media_attachments"]
        assert picture["description"] == alt
        assert picture["type"] == "image"
        assert httpx.get(picture["url"]).content == upload.data
    for outsider in (OUTSIDER, None):
        assert get_status(sandbox, status_id, outsider).status_code == 404


def test_a_public_card_on_mastodon_shows_its_description_to_anyone(sandbox, card) -> None:
    upload, alt = card
    tag = uuid.uuid4().hex[:8]

    async def scenario() -> tuple[str, str]:
        async with aclosing(mastodon(sandbox)) as adapter:
            # The two-step path a retrying outbox uses: upload once, post with the id.
            media_id = await adapter.upload(upload)
            out = Outgoing(
                f"素敵なクリスマスをお過ごしください {tag}",
                Audience.PUBLIC,
                media_ids=(media_id,),
            )
            return media_id, (await adapter.publish(out)).remote_id

    media_id, status_id = asyncio.run(scenario())
    seen = get_status(sandbox, status_id, None)
    assert seen.status_code == 200
    status = seen.json()
    assert status["visibility"] == "public"
    [picture] = status["media_attachments"]
    assert picture["id"] == media_id
    assert picture["description"] == alt
    assert picture["meta"]["original"]["width"] == 600


def test_misskey_upload_then_post_by_file_id(sandbox, card) -> None:
    upload, alt = card
    haruka = misskey_id(sandbox, "haruka")

    async def scenario() -> tuple[str, str]:
        async with aclosing(misskey(sandbox)) as adapter:
            file_id = await adapter.upload(upload)
            out = Outgoing("", Audience.FRIENDS, recipients=(haruka,), media_ids=(file_id,))
            return file_id, (await adapter.publish(out)).remote_id

    file_id, note_id = asyncio.run(scenario())
    note = show_note(sandbox, note_id, "haruka")
    assert note["fileIds"] == [file_id]
    assert note["files"][0]["comment"] == alt
    assert not note.get("text")  # a card alone is a valid note


# ---------------------------------------------------------------- scripted replies


def scripted(handler: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.MockTransport(handler))


def scripted_mastodon(handler: Any) -> tuple[MastodonAdapter, httpx.AsyncClient]:
    """A Mastodon adapter whose every request ``handler`` answers; the caller closes the client."""
    client = scripted(handler)
    ref = AccountRef("k", "mastodon", "http://127.0.0.1:9", "1", "me", "@me@x", frozenset())
    return MastodonAdapter(ref, "token", client=client), client


def test_mastodon_waits_for_a_202_upload_to_be_processed() -> None:
    seen: list[tuple[str, str]] = []
    polls = {"n": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.method, request.url.path))
        path = request.url.path
        if path == "/api/v2/instance":
            return httpx.Response(404, json={"error": "Not found"})
        if path == "/api/v1/instance":
            return httpx.Response(404, json={"error": "Not found"})
        if path == "/api/v2/media":
            assert b'name="description"' in request.content and "ケーキ".encode() in request.content
            return httpx.Response(202, json={"id": "77", "type": "image", "url": None})
        if path == "/api/v1/media/77":
            polls["n"] += 1
            if polls["n"] < 3:
                return httpx.Response(206, json={"id": "77", "url": None})
            return httpx.Response(200, json={"id": "77", "url": "http://127.0.0.1/m/77.png"})
        if path == "/api/v1/statuses":
            assert request.url.params == httpx.QueryParams()
            form = httpx.QueryParams(request.content.decode())
            assert form.get_list("media_ids[]") == ["77"]
            return httpx.Response(200, json={"id": "9", "url": "http://127.0.0.1/@me/9"})
        return httpx.Response(500)

    async def scenario() -> str:
        adapter, client = scripted_mastodon(handler)
        adapter.media_poll_first = 0.01
        try:
            upload = MediaUpload(b"\x89PNG fake", "c.png", "image/png", "ケーキのカード")
            out = Outgoing("メリクリ", Audience.PUBLIC, media=(upload,))
            return (await adapter.publish(out)).remote_id
        finally:
            await client.aclose()

    assert asyncio.run(scenario()) == "9"
    assert polls["n"] == 3
    assert seen[-1] == ("POST", "/api/v1/statuses")


def test_mastodon_gives_up_on_an_upload_that_never_finishes() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v2/media":
            return httpx.Response(202, json={"id": "5", "url": None})
        if request.url.path == "/api/v1/media/5":
            return httpx.Response(206, json={"id": "5", "url": None})
        if request.url.path.endswith("/instance"):
            return httpx.Response(404, json={"error": "Not found"})
        raise AssertionError(f"nothing is posted while the picture is not ready: {request.url}")

    async def scenario() -> None:
        adapter, client = scripted_mastodon(handler)
        adapter.media_poll_first = 0.01
        adapter.media_poll_max_wait = 0.1
        try:
            upload = MediaUpload(b"png", "c.png", "image/png", "alt")
            await adapter.publish(Outgoing("x", Audience.PUBLIC, media=(upload,)))
        finally:
            await client.aclose()

    with pytest.raises(NetworkError) as caught:
        asyncio.run(scenario())
    assert caught.value.kind is ErrorKind.TIMEOUT
    assert "still processing" in caught.value.detail


@pytest.mark.parametrize("network", ["misskey", "mastodon"])
def test_too_long_alt_text_is_refused_before_anything_is_sent(network: str) -> None:
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/instance"):
            return httpx.Response(200, json={"configuration": {"media_attachments": {}}})
        sent.append(request.url.path)
        return httpx.Response(200, json={"id": "1", "url": "http://127.0.0.1/1"})

    async def scenario() -> None:
        client = scripted(handler)
        ref = AccountRef("k", network, "http://127.0.0.1:9", "1", "me", "@me@x", frozenset())
        adapter: Any = (
            MisskeyAdapter(ref, "t", client=client)
            if network == "misskey"
            else MastodonAdapter(ref, "t", client=client)
        )
        try:
            upload = MediaUpload(b"png", "c.png", "image/png", "あ" * 1501)
            await adapter.publish(Outgoing("x", Audience.FRIENDS, media=(upload,)))
        finally:
            await client.aclose()

    with pytest.raises(NetworkError) as caught:
        asyncio.run(scenario())
    assert caught.value.kind is ErrorKind.REJECTED
    assert "alt text of c.png is 1501 characters" in caught.value.detail
    assert sent == []


def test_misskey_counts_alt_text_in_utf16_units_like_the_server(sandbox) -> None:
    # 256 emoji are 512 UTF-16 units: exactly what Misskey keeps; one more is refused.
    async def scenario(alt: str) -> dict[str, Any]:
        async with aclosing(misskey(sandbox)) as adapter:
            file_id = await adapter.upload(MediaUpload(b"\x89PNG", "c.png", "image/png", alt))
        r = httpx.post(
            f"{sandbox.friends_url}/api/drive/files/show",
            json={"i": sandbox.token("friends", "me"), "fileId": file_id},
        )
        return dict(json.loads(r.content))

    assert asyncio.run(scenario("🎄" * 256))["comment"] == "🎄" * 256
    with pytest.raises(NetworkError, match="keeps at most 512"):
        asyncio.run(scenario("🎄" * 256 + "!"))
