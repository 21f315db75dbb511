"""A post queued while the friends network is really down (the sandbox stops listening)
arrives once it is back — and the public side, already sent, is not sent again."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.core.models import Audience
from app.sandbox.runner import SandboxThread
from app.services.outbox import OutboxService
from app.services.session import open_sandbox_session
from app.store.db import Store
from app.store.outbox import OutboxStore, TargetState


@pytest.fixture
def sandbox_thread(tmp_path: Path) -> Iterator[SandboxThread]:
    thread = SandboxThread(tmp_path / "sandbox", activity=False)
    thread.start()
    try:
        yield thread
    finally:
        thread.stop()


def count(url: str, headers: dict[str, str], body: dict | None, tag: str) -> int:
    if body is None:
        items = httpx.get(url, headers=headers).json()
        return sum(tag in s["content"] for s in items)
    items = httpx.post(url, json=body).json()
    return sum(tag in (n.get("text") or "") for n in items)


def test_post_queued_while_friends_is_down_arrives_when_it_is_back(
    sandbox_thread: SandboxThread, tmp_path: Path
) -> None:
    tag = uuid.uuid4().hex[:8]
    now = [1_800_000_000.0]  # an injected clock: backoff waits without sleeping

    async def scenario() -> None:
        session = await open_sandbox_session(sandbox_thread.info.data_dir, activity=None)
        outbox = OutboxService(
            OutboxStore(Store(tmp_path / "kizuna.db")), session.adapters, clock=lambda: now[0]
        )
        try:
            await asyncio.to_thread(sandbox_thread.down, "friends")
            mid = outbox.enqueue(
                {Audience.PUBLIC: f"お知らせです {tag}", Audience.FRIENDS: f"みんな元気？ {tag}"},
                frozenset({Audience.PUBLIC, Audience.FRIENDS}),
            )
            await outbox.run_due()
            rows = {r.audience: r for r in outbox.targets(mid)}
            assert rows[Audience.PUBLIC].state is TargetState.SENT
            assert rows[Audience.FRIENDS].state is TargetState.QUEUED
            assert rows[Audience.FRIENDS].error_kind == "offline"

            await asyncio.to_thread(sandbox_thread.up, "friends")
            now[0] += 3600  # long past any backoff
            await outbox.run_due()
            rows = {r.audience: r for r in outbox.targets(mid)}
            assert all(r.state is TargetState.SENT for r in rows.values())
        finally:
            await session.aclose()

    asyncio.run(scenario())
    info = sandbox_thread.info  # the SandboxInfo start() returned
    me_public = {"Authorization": f"Bearer {info.token('public')}"}
    assert count(f"{info.public_url}/api/v1/timelines/home?limit=40", me_public, None, tag) == 1
    body = {"i": info.token("friends"), "limit": 40}
    assert count(f"{info.friends_url}/api/notes/timeline", {}, body, tag) == 1
