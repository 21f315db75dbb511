"""Notifications arrive live from the sandbox, as the real servers send them: a mention by
another demo account is a ``notification`` event on Mastodon's ``user:notification``
stream and on Misskey's ``main`` channel, with the same notification the REST list gives.
(What the app's notifications service makes of them is tested with the service.)"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
from websockets.asyncio.client import connect

# Only keeps a broken test from hanging; never a measured threshold.
GUARD = 20.0


async def _next_event(ws: Any, wanted: str, *, misskey: bool = False) -> dict[str, Any]:
    while True:
        message = json.loads(await ws.recv())
        if misskey:
            body = message.get("body") or {}
            if message.get("type") == "channel" and body.get("type") == wanted:
                payload: dict[str, Any] = body["body"]
                return payload
        elif message.get("event") == wanted:
            payload = json.loads(message["payload"])
            return payload


def test_mastodon_mention_is_a_live_notification(sandbox: Any) -> None:
    token = sandbox.token("public", "me")
    url = sandbox.public_streaming_url.rstrip("/") + "/api/v1/streaming?stream=user:notification"

    async def run() -> None:
        async with connect(url, additional_headers={"Authorization": f"Bearer {token}"}) as ws:
            await asyncio.sleep(0)  # subscribed by the handshake itself
            status = await asyncio.to_thread(
                httpx.post,
                f"{sandbox.public_url}/api/v1/statuses",
                headers={"Authorization": f"Bearer {sandbox.token('public', 'rin')}"},
                data={"status": "@me 初詣いこう", "visibility": "public"},
            )
            status.raise_for_status()
            event = await asyncio.wait_for(_next_event(ws, "notification"), GUARD)
            assert (event["type"], event["account"]["username"]) == ("mention", "rin")
            assert event["status"]["id"] == status.json()["id"]
            listed = await asyncio.to_thread(
                httpx.get,
                f"{sandbox.public_url}/api/v1/notifications",
                headers={"Authorization": f"Bearer {token}"},
                params={"limit": 1},
            )
            assert listed.json()[0]["id"] == event["id"]

    asyncio.run(run())


def test_misskey_mention_is_a_live_notification_on_main(sandbox: Any) -> None:
    token = sandbox.token("friends", "me")
    url = sandbox.friends_streaming_url.rstrip("/")
    if not url.endswith("/streaming"):
        url += "/streaming"

    async def run() -> None:
        async with connect(f"{url}?i={token}") as ws:
            connect_main = {
                "type": "connect",
                "body": {"channel": "main", "id": "m1", "pong": True},
            }
            await ws.send(json.dumps(connect_main))
            while json.loads(await asyncio.wait_for(ws.recv(), GUARD)).get("type") != "connected":
                pass
            note = await asyncio.to_thread(
                httpx.post,
                f"{sandbox.friends_url}/api/notes/create",
                json={
                    "i": sandbox.token("friends", "haruka"),
                    "text": "@me おせち作った！",
                    "visibility": "followers",
                },
            )
            note.raise_for_status()
            event = await asyncio.wait_for(_next_event(ws, "notification", misskey=True), GUARD)
            assert (event["type"], event["user"]["username"]) == ("mention", "haruka")
            assert event["note"]["id"] == note.json()["createdNote"]["id"]

    asyncio.run(run())


async def _first_notification(adapter: Any, act: Any) -> Any:
    """Open the adapter's notification stream, run ``act`` (in a thread) once it is live,
    return the first notification."""
    opened = asyncio.Event()
    stream = adapter.notification_stream(on_open=opened.set)
    reader = asyncio.ensure_future(stream.__anext__())
    try:
        await asyncio.wait_for(opened.wait(), GUARD)
        await asyncio.to_thread(act)
        return await asyncio.wait_for(reader, GUARD)
    finally:
        reader.cancel()
        await asyncio.gather(reader, return_exceptions=True)
        await stream.aclose()


def test_adapters_stream_a_mention_as_a_notification(sandbox: Any) -> None:
    from app.core.models import AccountRef, Audience, NotificationKind
    from app.networks.mastodon import MastodonAdapter
    from app.networks.misskey import MisskeyAdapter

    def ref(network: str, url: str, user_id: str) -> AccountRef:
        return AccountRef(
            f"{network}:{url}:me", network, url, user_id, "me", "@me", frozenset(Audience)
        )

    def me_id(side: str) -> str:
        if side == "public":
            r = httpx.get(
                f"{sandbox.public_url}/api/v1/accounts/verify_credentials",
                headers={"Authorization": f"Bearer {sandbox.token('public', 'me')}"},
            )
        else:
            r = httpx.post(f"{sandbox.friends_url}/api/i", json={"i": sandbox.token("friends")})
        return str(r.json()["id"])

    def mention_on_sora() -> None:
        httpx.post(
            f"{sandbox.public_url}/api/v1/statuses",
            headers={"Authorization": f"Bearer {sandbox.token('public', 'rin')}"},
            data={"status": "@me 年賀状ありがとう！", "visibility": "public"},
        ).raise_for_status()

    def mention_on_nakama() -> None:
        httpx.post(
            f"{sandbox.friends_url}/api/notes/create",
            json={"i": sandbox.token("friends", "haruka"), "text": "@me 届いたよ！"},
        ).raise_for_status()

    async def run() -> None:
        sora = MastodonAdapter(
            ref("mastodon", sandbox.public_url, me_id("public")),
            sandbox.token("public"),
            streaming_url=sandbox.public_streaming_url,
        )
        nakama = MisskeyAdapter(
            ref("misskey", sandbox.friends_url, me_id("friends")), sandbox.token("friends")
        )
        try:
            assert sora.capabilities.notification_stream
            assert nakama.capabilities.notification_stream
            got = await _first_notification(sora, mention_on_sora)
            assert (got.kind, got.author.username) == (NotificationKind.MENTION, "rin")
            assert got.post is not None and "年賀状ありがとう" in got.post.text
            got = await _first_notification(nakama, mention_on_nakama)
            assert (got.kind, got.author.username) == (NotificationKind.MENTION, "haruka")
            assert got.post is not None and "届いたよ" in got.post.text
        finally:
            await sora.aclose()
            await nakama.aclose()

    asyncio.run(run())
