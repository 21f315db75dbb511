"""Behaviours the Mastodon and Misskey adapters share, run over each network's kit
(see tests/sandbox/adapter_cases.py): timeline paging, a bad token, a server that is not
there or goes away mid-stream, and replies that are not a timeline. Each network's own
behaviours stay in test_adapters_mastodon.py and test_adapters_misskey.py."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import pytest

from app.core.models import Outgoing
from app.networks.base import ErrorKind, NetworkError
from tests.helpers import free_port
from tests.sandbox import test_adapters_mastodon, test_adapters_misskey
from tests.sandbox.adapter_cases import Kit

STREAM_TIMEOUT = 20.0

KITS = [test_adapters_mastodon.KIT, test_adapters_misskey.KIT]
by_network = pytest.mark.parametrize("kit", KITS, ids=[k.network for k in KITS])


@by_network
def test_timeline_pages_are_ordered_and_do_not_overlap(sandbox: Any, kit: Kit) -> None:
    tag = uuid.uuid4().hex[:8]
    for i in range(5):
        kit.post_as(sandbox, "haruka" if i % 2 else "takumi", f"ページ {i} {tag}")

    async def scenario() -> None:
        adapter = kit.for_sandbox(sandbox)
        try:
            first = await adapter.timeline(limit=3)
            older = await adapter.timeline(limit=3, older_than=first[-1].id)
            assert len(first) == 3 and older
            assert not {p.id for p in first} & {p.id for p in older}
            both = first + older
            times = [p.created_at for p in both]
            assert times == sorted(times, reverse=True)
            assert all(p.created_at.utcoffset() is not None for p in both)
            assert [p.text for p in first] == [f"ページ {i} {tag}" for i in (4, 3, 2)]
            assert all(p.account_key == adapter.account.key for p in both)
            assert first[0].author.handle == f"@takumi@{kit.server}"
            assert all(p.network == kit.network for p in both)
            # Ours, all in the network's usual visibility (Mastodon public, Misskey followers).
            assert all(p.audience is kit.audience for p in first)
        finally:
            await adapter.aclose()

    asyncio.run(scenario())


@by_network
def test_a_bad_token_means_signed_out_everywhere(sandbox: Any, kit: Kit) -> None:
    async def scenario() -> None:
        adapter = kit.for_sandbox(sandbox, token="not-a-token")
        try:
            for call in (
                adapter.me(),
                adapter.timeline(),
                adapter.publish(Outgoing("x", kit.audience)),
            ):
                with pytest.raises(NetworkError) as info:
                    await call
                assert info.value.kind is ErrorKind.SIGNED_OUT
                if kit.signed_out_status is not None:
                    assert info.value.status == kit.signed_out_status
            with pytest.raises(NetworkError) as info:
                async for _ in adapter.stream():
                    pass
            assert info.value.kind is ErrorKind.SIGNED_OUT
        finally:
            await adapter.aclose()

    asyncio.run(scenario())


@by_network
def test_connection_refused_means_offline(kit: Kit) -> None:
    url = f"http://127.0.0.1:{free_port()}"

    async def scenario() -> None:
        adapter = kit.at(url)
        try:
            with pytest.raises(NetworkError) as info:
                await adapter.timeline()
            assert info.value.kind is ErrorKind.OFFLINE
            with pytest.raises(NetworkError) as info:
                async for _ in adapter.stream():
                    pass
            assert info.value.kind is ErrorKind.OFFLINE
        finally:
            await adapter.aclose()

    asyncio.run(scenario())


@by_network
def test_stream_drop_raises_offline(tmp_path: Any, kit: Kit) -> None:
    """The server going away mid-stream ends the stream with OFFLINE, not silently."""
    from app.sandbox.runner import SandboxThread

    thread = SandboxThread(tmp_path / "dropped", activity=False)
    info = thread.start()

    async def scenario() -> None:
        adapter = kit.for_sandbox(info)
        opened = asyncio.Event()
        stream = adapter.stream(on_open=opened.set)

        async def drain() -> None:
            async for _ in stream:
                pass

        reader = asyncio.ensure_future(drain())
        try:
            await asyncio.wait_for(opened.wait(), STREAM_TIMEOUT)
            await asyncio.to_thread(thread.stop)
            with pytest.raises(NetworkError) as caught:
                await asyncio.wait_for(reader, STREAM_TIMEOUT)
            assert caught.value.kind is ErrorKind.OFFLINE
        finally:
            reader.cancel()
            await asyncio.gather(reader, return_exceptions=True)
            await adapter.aclose()

    try:
        asyncio.run(scenario())
    finally:
        thread.stop()


MALFORMED = {
    "broken": b"{not json",
    "html": b"<html>502 Bad Gateway</html>",
    "object-not-list": None,  # the kit's own JSON object, in its network's id style
    "binary": b"\xff\xfe",
}


@by_network
@pytest.mark.parametrize("name", list(MALFORMED))
def test_malformed_replies_are_bad_response(kit: Kit, name: str) -> None:
    body = MALFORMED[name] or kit.object_reply
    error = kit.failure(lambda r: httpx.Response(200, content=body))
    assert error.kind is ErrorKind.BAD_RESPONSE
