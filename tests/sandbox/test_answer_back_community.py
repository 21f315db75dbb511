"""The sandbox community answers the demo user: members reply to their posts (each reply in
its parent's own audience — a direct/specified one to the same people — and only from
members who may read the parent), like or react, and mention them; every answer shows in
the demo user's notifications, read through the servers' own APIs over HTTP."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
from aiohttp import web

from app.sandbox import community
from app.sandbox.mastodon_api import MastodonSandbox
from app.sandbox.misskey_api import MisskeySandbox

ROUNDS = 40


async def _serve(server: Any, test: Callable[[httpx.AsyncClient], Awaitable[None]]) -> None:
    server.open()
    runner = web.AppRunner(server.make_app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    server.base_url = f"http://{host}:{port}"
    try:
        async with httpx.AsyncClient(base_url=server.base_url, trust_env=False) as http:
            await test(http)
    finally:
        await runner.cleanup()
        await server.close()


def _tokens(server: Any) -> dict[str, str]:
    return {a["username"]: a["token"] for a in server.accounts()}


def test_mastodon_members_answer_the_demo_user_in_the_parents_audience(tmp_path: Path) -> None:
    server = MastodonSandbox(tmp_path / "public.db", label="sora")
    me = community.DEMO_USERNAME

    async def test(http: httpx.AsyncClient) -> None:
        tokens = _tokens(server)
        mine = {"Authorization": f"Bearer {tokens[me]}"}
        for text, visibility in (("公開の投稿", "public"), ("フォロワーへ", "private")):
            await server.post_as(me, text, visibility)
        await server.post_as(me, "@haruka 内緒の相談", "direct", ("haruka",))
        answers = [await server.answer_demo(random.Random(seed)) for seed in range(ROUNDS)]
        assert {a["kind"] for a in answers if a} == {"reply", "favourite", "mention"}
        for answer in answers:
            if answer is None or answer["kind"] != "reply":
                continue
            by = {"Authorization": f"Bearer {tokens[answer['by']]}"}
            reply = (await http.get(f"/api/v1/statuses/{answer['status_id']}", headers=by)).json()
            parent_id = reply["in_reply_to_id"]
            parent = (await http.get(f"/api/v1/statuses/{parent_id}", headers=by)).json()
            assert parent["account"]["username"] == me  # a 404 has no account: they may read it
            assert reply["visibility"] == parent["visibility"]
            if parent["visibility"] == "direct":
                people = {m["username"] for m in parent["mentions"]} | {me}
                assert {m["username"] for m in reply["mentions"]} <= people
        seen = (await http.get("/api/v1/notifications", headers=mine, params={"limit": 80})).json()
        told = {(n["type"], n["account"]["username"]) for n in seen}
        wanted = {"reply": "mention", "mention": "mention", "favourite": "favourite"}
        for answer in answers:
            if answer is not None:
                assert (wanted[answer["kind"]], answer["by"]) in told

    asyncio.run(_serve(server, test))


def test_misskey_members_answer_the_demo_user_in_the_parents_audience(tmp_path: Path) -> None:
    server = MisskeySandbox(tmp_path / "friends.db", label="nakama")
    me = community.DEMO_USERNAME

    async def test(http: httpx.AsyncClient) -> None:
        tokens = _tokens(server)
        ids = {a["username"]: a["id"] for a in server.accounts()}

        async def api(user: str, endpoint: str, **body: Any) -> Any:
            reply = await http.post(f"/api/{endpoint}", json={**body, "i": tokens[user]})
            reply.raise_for_status()
            return reply.json() if reply.status_code != 204 else None

        await api(me, "notes/create", text="ともだちへ", visibility="followers")
        await api(
            me,
            "notes/create",
            text="ふたりだけ",
            visibility="specified",
            visibleUserIds=[ids["mio"]],
        )
        answers = [await server.answer_demo(random.Random(seed)) for seed in range(ROUNDS)]
        assert {a["kind"] for a in answers if a} == {"reply", "reaction", "mention"}
        for answer in answers:
            if answer is None or answer["kind"] != "reply":
                continue
            reply = await api(answer["by"], "notes/show", noteId=answer["note_id"])
            parent = await api(answer["by"], "notes/show", noteId=reply["replyId"])
            assert parent["userId"] == ids[me] and not parent.get("isHidden")
            assert reply["visibility"] == parent["visibility"]
            if parent["visibility"] == "specified":
                people = set(parent["visibleUserIds"]) | {ids[me]}
                assert set(reply["visibleUserIds"]) <= people
        seen = await api(me, "i/notifications", limit=100)
        told = {(n["type"], n["user"]["username"]) for n in seen}
        for answer in answers:
            if answer is not None:
                assert (answer["kind"], answer["by"]) in told

    asyncio.run(_serve(server, test))


def test_background_activity_answers_the_demo_user_now_and_then() -> None:
    from app.sandbox.activity import run_activity

    class Side:
        def __init__(self) -> None:
            self.posts = 0
            self.answers = 0

        async def post_as(
            self, username: str, text: str, visibility: str, recipients: tuple[str, ...] = ()
        ) -> dict[str, Any]:
            self.posts += 1
            return {}

        async def answer_demo(self, rng: random.Random) -> dict[str, Any] | None:
            self.answers += 1
            return None

    sides = {"public": Side(), "friends": Side()}

    async def scenario() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(
            run_activity(sides, 0.001, stop, random.Random(3), answerers=sides)
        )
        while not all(s.posts and s.answers for s in sides.values()):
            await asyncio.sleep(0.01)
        stop.set()
        await asyncio.wait_for(task, 5)

    asyncio.run(scenario())
