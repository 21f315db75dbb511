"""The outbox's background sender on a profile whose disk fills up (a real tmpfs, root
only): the rows stay as they were, the sender says why (``OutboxService.writes``) and
tries again with backoff, and once space is back every post reaches its server exactly
once — also when the disk filled between the request and its record."""

from __future__ import annotations

import asyncio
import random
import uuid
from pathlib import Path

from app.core.models import Audience
from app.sandbox.runner import SandboxInfo
from app.services.outbox import OutboxService
from app.services.profile_problems import WriteProblem
from app.services.session import open_sandbox_session
from app.store.db import Store
from app.store.outbox import OutboxStore, OutboxTarget, TargetState
from tests.full_disk import FullDisk, full_disk
from tests.helpers import until
from tests.sandbox.test_outbox import friends_notes, public_posts

BOTH = frozenset({Audience.PUBLIC, Audience.FRIENDS})
FULL = WriteProblem("disk_full")


async def _on_servers(info: SandboxInfo, tag: str) -> tuple[int, int]:
    return len(await public_posts(info, tag)), len(await friends_notes(info, tag))


async def _sender(
    info: SandboxInfo, database: Path, disk: FullDisk, tag: str, *, fill_after_request: bool
) -> None:
    """Queue one message for both circles, run the background sender with the disk full
    (before it claims anything, or just after its first request left), free the disk
    and check the outcome."""
    session = await open_sandbox_session(info.data_dir, activity=None)

    async def checkpoint(point: str, target: OutboxTarget) -> None:
        if fill_after_request and point == "after_request" and not heard:
            disk.fill(database)  # the post is made; its record cannot be written

    outbox = OutboxService(
        OutboxStore(Store(database)),
        session.adapters,
        rng=random.Random(7),
        request_timeout=0.5,  # how long an earlier request may still be on its way
        checkpoint=checkpoint,
    )
    heard: list[WriteProblem | None] = []
    outbox.writes.listen(heard.append)
    wake = asyncio.Event()
    message = outbox.enqueue({a: f"満杯のディスク {tag}" for a in BOTH}, BOTH)
    if not fill_after_request:
        disk.fill(database)
    task = asyncio.ensure_future(outbox.run_forever(None, wake))
    try:
        await until(lambda: heard == [FULL], timeout=60)
        rows = outbox.targets(message)
        assert [t.state for t in rows] != [TargetState.SENT, TargetState.SENT]
        assert all(t.state in (TargetState.QUEUED, TargetState.SENDING) for t in rows)
        if not fill_after_request:
            assert all(t.attempts == 0 for t in rows)  # the claim itself was refused
            assert await _on_servers(info, tag) == (0, 0)
        disk.free()  # no wake: the sender's own backoff tries again
        await until(
            lambda: all(t.state is TargetState.SENT for t in outbox.targets(message)),
            timeout=90,
        )
        assert heard == [FULL, None]  # said once, cleared once
        assert await _on_servers(info, tag) == (1, 1)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        outbox.store.store.close()
        await session.aclose()


def test_a_queued_post_waits_out_a_full_disk_and_goes_out_once(
    sandbox: SandboxInfo, tmp_path: Path
) -> None:
    tag = uuid.uuid4().hex[:10]
    with full_disk(tmp_path / "disk") as disk:
        database = disk.mount / "profile" / "kizuna.db"
        Store(database).close()
        asyncio.run(_sender(sandbox, database, disk, tag, fill_after_request=False))


def test_a_disk_that_fills_after_the_request_still_posts_once(
    sandbox: SandboxInfo, tmp_path: Path
) -> None:
    tag = uuid.uuid4().hex[:10]
    with full_disk(tmp_path / "disk") as disk:
        database = disk.mount / "profile" / "kizuna.db"
        Store(database).close()
        asyncio.run(_sender(sandbox, database, disk, tag, fill_after_request=True))
