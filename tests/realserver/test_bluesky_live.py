"""The public column live over a Bluesky account: TimelineFeed over the Bluesky adapter
against the real reference PDS (``@atproto/pds``) on 127.0.0.1.

Bluesky has no push API for a home timeline, so the adapter's ``stream()`` polls. These
tests start the feed as the main window does (first page, then live) and check what a
user would see: a post made after the first page and one made while live each arrive
once, nothing from the first page comes again, the column goes live, and a dropped
connection is reconnected with growing backoff and loses nothing.

The ``pds`` fixture (session-scoped, tests/realserver/conftest.py) runs the server; the
bare PDS has no AppView, so the adapter reads the account's own posts from its
repository — what the column shows on such a server.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest

from app.core.models import Audience, Outgoing
from app.networks.bluesky import BlueskyAdapter, create_session
from app.services.timeline import LiveState
from tests.helpers import LiveFeed, bluesky_ref
from tests.realserver.pds.server import PdsServer

TIMEOUT = 30.0


class Flaky(httpx.AsyncBaseTransport):
    """The real transport, except that while ``down`` every request fails as a dropped
    network would (and is counted)."""

    def __init__(self) -> None:
        self._real = httpx.AsyncHTTPTransport()
        self.down = False
        self.failed = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            self.failed += 1
            raise httpx.ConnectError("network down", request=request)
        return await self._real.handle_async_request(request)

    async def aclose(self) -> None:
        await self._real.aclose()


@asynccontextmanager
async def _live(
    pds: PdsServer, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[LiveFeed, BlueskyAdapter]]:
    """A feed over a reader (polling every 50 ms through ``client``) and a writer, one
    account; all of it (``client`` too) closed afterwards."""
    who = pds.create_account("live" + secrets.token_hex(3))
    session = await create_session(pds.url, who.handle, who.app_password)
    account = bluesky_ref(pds.url, session)
    reader = BlueskyAdapter(account, session, client=client, poll_interval=0.05)
    writer = BlueskyAdapter(account, session)
    live = LiveFeed(reader, monkeypatch, TIMEOUT)
    try:
        yield live, writer
    finally:
        await live.stop()
        await reader.aclose()
        await writer.aclose()
        await client.aclose()


def _post(text: str) -> Outgoing:
    return Outgoing(text=text, audience=Audience.PUBLIC)


def test_feed_goes_live_and_shows_new_posts_once(
    pds: PdsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def run() -> None:
        async with _live(pds, httpx.AsyncClient(), monkeypatch) as (live, writer):
            old = [await writer.publish(_post(f"前からある投稿 {i}")) for i in range(3)]
            first, errors = await live.feed.initial()
            assert not errors
            assert {p.id for p in first} == {o.remote_id for o in old}
            # Made after the first page, before the live stream opened: must not be lost.
            gap = await writer.publish(_post("すき間の投稿"))
            live.start()
            await live.until(lambda: LiveState.LIVE in live.states)
            assert live.states[0] is LiveState.CONNECTING
            new = await writer.publish(_post("ライブの投稿 #メリクリ"))
            await live.until(lambda: {gap.remote_id, new.remote_id} <= {p.id for p in live.got})
            # Some more polls: nothing is handed out twice.
            await asyncio.sleep(0.3)
        assert [p.id for p in live.got] == [gap.remote_id, new.remote_id]
        assert live.got[1].text == "ライブの投稿 #メリクリ" and live.got[1].tags == ("メリクリ",)
        assert LiveState.RECONNECTING not in live.states and not live.backoffs

    asyncio.run(run())


def test_feed_reconnects_with_backoff_and_loses_nothing(
    pds: PdsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    flaky = Flaky()

    async def run() -> None:
        async with _live(pds, httpx.AsyncClient(transport=flaky), monkeypatch) as (live, writer):
            await writer.publish(_post("前からある投稿"))
            await live.go_live()
            flaky.down = True
            await live.until(lambda: LiveState.RECONNECTING in live.states)
            # Posted while the reader cannot reach the server.
            missed = await writer.publish(_post("つながらない間の投稿"))
            await live.until(lambda: flaky.failed >= 3)  # three attempts failed in a row
            flaky.down = False
            await live.until(lambda: any(p.id == missed.remote_id for p in live.got))
            back = await writer.publish(_post("戻ってからの投稿"))
            await live.until(lambda: any(p.id == back.remote_id for p in live.got))
        assert [p.id for p in live.got] == [missed.remote_id, back.remote_id]
        # Live, then reconnecting, then live again.
        live_at = live.states.index(LiveState.LIVE)
        down_at = live.states.index(LiveState.RECONNECTING, live_at)
        assert LiveState.LIVE in live.states[down_at:]
        # Each failed attempt waited longer than the last (0, 1, 2 …).
        assert live.backoffs[:3] == [0, 1, 2]

    asyncio.run(run())
