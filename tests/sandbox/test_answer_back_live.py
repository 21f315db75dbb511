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
