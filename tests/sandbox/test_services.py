"""Services over real HTTP against the sandbox: feeds page and stream, the poster fans out
and keeps each target's outcome to itself."""

from __future__ import annotations

import asyncio
import uuid

import httpx

from app.core.models import Audience, Post
from app.networks.base import ErrorKind
from app.networks.factory import make_adapter
from app.services.poster import Poster, TargetResult, TargetState
from app.services.session import open_sandbox_session
from app.services.timeline import LiveState, TimelineFeed


def test_feed_pages_are_ordered_and_do_not_overlap(sandbox) -> None:
    async def scenario() -> None:
        session = await open_sandbox_session(sandbox.data_dir, activity=None)
        try:
            feed = TimelineFeed(Audience.PUBLIC, session.adapters, page_size=20)
            first, errors = await feed.initial()
            assert not errors and len(first) == 20
            older, exhausted, errors = await feed.older()
            assert not errors and not exhausted and older
            assert not {p.key for p in first} & {p.key for p in older}
            assert max(p.created_at for p in older) <= min(p.created_at for p in first)
            assert all(p.audience is Audience.PUBLIC for p in first + older)
        finally:
            await session.aclose()

    asyncio.run(scenario())


def test_friends_feed_shows_friends_posts_and_public_feed_never_does(sandbox) -> None:
    async def scenario() -> None:
        session = await open_sandbox_session(sandbox.data_dir, activity=None)
        try:
            friends, _ = await TimelineFeed(
                Audience.FRIENDS, session.adapters, page_size=40
            ).initial()
            public, _ = await TimelineFeed(
                Audience.PUBLIC, session.adapters, page_size=40
            ).initial()
            assert any(p.audience is Audience.FRIENDS for p in friends)
            assert all(p.network == "misskey" for p in friends)
            assert all(p.audience is Audience.PUBLIC for p in public)
        finally:
            await session.aclose()

    asyncio.run(scenario())


def test_live_feed_delivers_a_new_post_and_reports_live(sandbox) -> None:
    tag = uuid.uuid4().hex[:8]

    async def scenario() -> None:
        session = await open_sandbox_session(sandbox.data_dir, activity=None)
        feed = TimelineFeed(Audience.FRIENDS, session.adapters)
        got: list[Post] = []
        states: list[LiveState] = []
        live = asyncio.Event()

        def on_state(state: LiveState) -> None:
            states.append(state)
            if state is LiveState.LIVE:
                live.set()

        task = asyncio.ensure_future(feed.run_live(got.extend, on_state))
        try:
            await asyncio.wait_for(live.wait(), 20)
            await asyncio.to_thread(
                sandbox_thread_post, sandbox, "friends", f"ライブで届く？ {tag}", "followers"
            )
            for _ in range(400):
                if any(tag in p.text for p in got):
                    break
                await asyncio.sleep(0.05)
            assert any(tag in p.text and p.audience is Audience.FRIENDS for p in got)
            assert states[0] is LiveState.CONNECTING
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            await session.aclose()

    asyncio.run(scenario())


def sandbox_thread_post(sandbox, side: str, text: str, visibility: str) -> None:
    """Post as another member through the sandbox's own HTTP API, like a real friend would."""
    side_info = sandbox.accounts[side]
    other = next(a for a in side_info["accounts"] if a["username"] != "me")
    if side == "friends":
        r = httpx.post(
            f"{sandbox.friends_url}/api/notes/create",
            json={"i": other["token"], "text": text, "visibility": visibility},
        )
    else:
        r = httpx.post(
            f"{sandbox.public_url}/api/v1/statuses",
            headers={"Authorization": f"Bearer {other['token']}"},
            data={"status": text, "visibility": visibility},
        )
    r.raise_for_status()


def test_one_failed_target_does_not_fail_or_repeat_the_others(sandbox) -> None:
    tag = uuid.uuid4().hex[:8]

    async def scenario() -> None:
        session = await open_sandbox_session(sandbox.data_dir, activity=None)
        broken = []
        for adapter in session.adapters:
            if adapter.account.network == "misskey":
                broken.append(make_adapter(adapter.account, "not-a-valid-token"))
            else:
                broken.append(adapter)
        updates: list[TargetResult] = []
        try:
            results = await Poster(broken).send(
                {Audience.PUBLIC: f"公開のお知らせ {tag}", Audience.FRIENDS: f"友だちへ {tag}"},
                on_update=updates.append,
            )
            by_aud = {r.target.audience: r for r in results}
            assert by_aud[Audience.PUBLIC].state is TargetState.SENT
            assert by_aud[Audience.FRIENDS].state is TargetState.FAILED
            assert by_aud[Audience.FRIENDS].error.kind is ErrorKind.SIGNED_OUT
            assert [u.state for u in updates].count(TargetState.SENDING) == 2
            # The public post really exists on the server, exactly once.
            published = by_aud[Audience.PUBLIC].published
            async with httpx.AsyncClient() as http:
                r = await http.get(f"{sandbox.public_url}/api/v1/statuses/{published.remote_id}")
                assert r.status_code == 200 and tag in r.json()["content"]
                r = await http.get(f"{sandbox.public_url}/api/v1/timelines/public?limit=40")
                assert sum(tag in s["content"] for s in r.json()) == 1
        finally:
            for a in broken:
                if a not in session.adapters:
                    await a.aclose()
            await session.aclose()

    asyncio.run(scenario())


def test_poster_refuses_an_audience_the_account_does_not_serve(sandbox) -> None:
    async def scenario() -> None:
        session = await open_sandbox_session(sandbox.data_dir, activity=None)
        try:
            poster = Poster(session.adapters)
            targets = poster.targets(frozenset({Audience.FRIENDS}))
            assert [t.account.network for t in targets] == ["misskey"]
            both = poster.targets(frozenset({Audience.PUBLIC, Audience.FRIENDS}))
            assert [(t.account.network, t.audience) for t in both] == [
                ("mastodon", Audience.PUBLIC),
                ("misskey", Audience.FRIENDS),
            ]
        finally:
            await session.aclose()

    asyncio.run(scenario())
