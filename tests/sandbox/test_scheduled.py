"""Server-side schedules (issue 3) over real HTTP: the Mastodon adapter against the
sandbox's ``scheduled_at``, the sandbox publishing due statuses on its own clock, and the
outbox handing far-off Mastodon schedules to the server while Misskey's stay local."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.core.models import Audience, MediaUpload, Outgoing
from app.networks.base import ErrorKind, NetworkError
from app.networks.mastodon import MastodonAdapter
from app.sandbox.runner import SandboxInfo, SandboxThread
from app.services.outbox import OutboxService
from app.services.session import open_sandbox_session
from app.store.db import Store
from app.store.outbox import OutboxStore, TargetState

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture
def running(tmp_path: Path) -> Iterator[tuple[SandboxThread, SandboxInfo]]:
    """The sandbox and its thread (to move the Mastodon server's clock)."""
    thread = SandboxThread(tmp_path / "sandbox", public_port=0, friends_port=0, activity=False)
    info = thread.start()
    try:
        yield thread, info
    finally:
        thread.stop()


def set_server_clock(thread: SandboxThread, at: datetime) -> None:
    def move(server: Any) -> None:
        server.clock = lambda: at.timestamp()

    thread.call("public", move)


def publish_due(thread: SandboxThread) -> list[int]:
    """Run the server's due check now (its background task does so every second)."""
    fut = thread.call("public", lambda server: asyncio.ensure_future(server.publish_due()))
    deadline = time.monotonic() + 10
    while not fut.done() and time.monotonic() < deadline:
        time.sleep(0.01)
    return list(fut.result())


def auth(info: SandboxInfo) -> dict[str, str]:
    return {"Authorization": f"Bearer {info.token('public')}"}


def scheduled_list(info: SandboxInfo) -> list[dict[str, Any]]:
    r = httpx.get(f"{info.public_url}/api/v1/scheduled_statuses", headers=auth(info))
    r.raise_for_status()
    return list(r.json())


def public_texts(info: SandboxInfo) -> list[dict[str, Any]]:
    r = httpx.get(f"{info.public_url}/api/v1/timelines/public?limit=40")
    r.raise_for_status()
    return list(r.json())


def mastodon(session: Any) -> MastodonAdapter:
    return next(a for a in session.adapters if isinstance(a, MastodonAdapter))


def test_the_server_holds_a_schedule_and_publishes_it_with_its_picture_when_due(
    running: tuple[SandboxThread, SandboxInfo],
) -> None:
    thread, info = running
    tag = uuid.uuid4().hex[:10]
    base = datetime.now(UTC).replace(microsecond=0)
    set_server_clock(thread, base)
    at = base + timedelta(hours=1)
    too_soon = base + timedelta(minutes=2)

    async def scenario() -> tuple[Any, Any, Any]:
        session = await open_sandbox_session(info.data_dir, activity=None)
        try:
            adapter = mastodon(session)
            media_id = await adapter.upload(MediaUpload(PNG, "dot.png", "image/png", "a dot"))
            outgoing = Outgoing(
                f"予約 {tag}", Audience.PUBLIC, media_ids=(str(media_id),), scheduled_at=at
            )
            first = await adapter.publish(outgoing)
            again = await adapter.publish(outgoing)  # same Idempotency-Key: the same one
            with pytest.raises(NetworkError) as soon:
                await adapter.publish(
                    Outgoing(f"すぐ {tag}", Audience.PUBLIC, scheduled_at=too_soon)
                )
            return first, again, soon.value
        finally:
            await session.aclose()

    first, again, soon = asyncio.run(scenario())
    assert first.scheduled and first.url is None and again == first
    assert soon.kind is ErrorKind.REJECTED and soon.status == 422
    assert "Scheduled at" in (soon.detail or "")
    [held] = scheduled_list(info)
    assert held["id"] == first.remote_id and held["params"]["text"] == f"予約 {tag}"
    assert held["scheduled_at"].startswith(at.strftime("%Y-%m-%dT%H:%M:%S"))
    assert [m["description"] for m in held["media_attachments"]] == ["a dot"]
    assert not any(tag in s["content"] for s in public_texts(info))

    set_server_clock(thread, at - timedelta(seconds=1))
    assert publish_due(thread) == []
    set_server_clock(thread, at)
    [status_id] = publish_due(thread)
    assert scheduled_list(info) == []
    [status] = [s for s in public_texts(info) if tag in s["content"]]
    assert status["id"] == str(status_id)
    assert [m["description"] for m in status["media_attachments"]] == ["a dot"]
    missing = httpx.get(
        f"{info.public_url}/api/v1/scheduled_statuses/{first.remote_id}", headers=auth(info)
    )
    assert missing.status_code == 404


def test_a_scheduled_status_can_be_cancelled(running: tuple[SandboxThread, SandboxInfo]) -> None:
    _thread, info = running
    at = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    r = httpx.post(
        f"{info.public_url}/api/v1/statuses",
        headers=auth(info),
        data={"status": "取り消す", "scheduled_at": at},
    )
    assert r.status_code == 200 and set(r.json()) == {
        "id",
        "scheduled_at",
        "params",
        "media_attachments",
    }
    url = f"{info.public_url}/api/v1/scheduled_statuses/{r.json()['id']}"
    assert httpx.get(url, headers=auth(info)).json()["params"]["text"] == "取り消す"
    assert httpx.get(url).status_code == 401
    assert httpx.delete(url, headers=auth(info)).status_code == 200
    assert scheduled_list(info) == []


def test_the_outbox_hands_mastodon_its_schedule_and_keeps_misskeys_local(
    running: tuple[SandboxThread, SandboxInfo], profile_dir: Path
) -> None:
    thread, info = running
    tag = uuid.uuid4().hex[:10]
    now = datetime.now(UTC).replace(microsecond=0)
    at = now + timedelta(hours=1)
    clock = {"now": now.timestamp()}
    set_server_clock(thread, now)

    async def scenario() -> tuple[list[Any], list[Any], list[Any]]:
        session = await open_sandbox_session(info.data_dir, activity=None)
        outbox = OutboxService(
            OutboxStore(Store(profile_dir / "kizuna.db")),
            session.adapters,
            clock=lambda: clock["now"],
            server_schedule=True,
        )
        try:
            mid = outbox.enqueue(
                {Audience.PUBLIC: f"公開 {tag}", Audience.FRIENDS: f"友だち {tag}"}, at=at
            )
            first = await outbox.run_due()
            clock["now"] = at.timestamp()
            second = await outbox.run_due()
            third = await outbox.run_due()
            assert third == []
            return first, second, outbox.targets(mid)
        finally:
            outbox.store.store.close()
            await session.aclose()

    first, second, final = asyncio.run(scenario())
    [on_server] = first
    assert on_server.audience is Audience.PUBLIC and on_server.state is TargetState.SENT
    assert on_server.server_scheduled
    [held] = scheduled_list(info)
    assert held["id"] == on_server.remote_id
    assert [(t.audience, t.state, t.server_scheduled) for t in second] == [
        (Audience.FRIENDS, TargetState.SENT, False)
    ]
    assert {t.state for t in final} == {TargetState.SENT}
    assert not any(tag in s["content"] for s in public_texts(info))
    set_server_clock(thread, at)
    publish_due(thread)
    assert len([s for s in public_texts(info) if tag in s["content"]]) == 1


def test_a_schedule_too_close_for_the_server_stays_local(
    running: tuple[SandboxThread, SandboxInfo], profile_dir: Path
) -> None:
    thread, info = running
    now = datetime.now(UTC).replace(microsecond=0)
    clock = {"now": now.timestamp()}
    # The server's clock runs 10 minutes ahead: it refuses a time 12 minutes ahead of ours.
    set_server_clock(thread, now + timedelta(minutes=10))

    async def scenario() -> list[Any]:
        session = await open_sandbox_session(info.data_dir, activity=None)
        outbox = OutboxService(
            OutboxStore(Store(profile_dir / "kizuna.db")),
            session.adapters,
            clock=lambda: clock["now"],
            server_schedule=True,
        )
        try:
            mid = outbox.enqueue({Audience.PUBLIC: "近すぎる予約"}, at=now + timedelta(minutes=12))
            await outbox.run_due()
            return outbox.targets(mid)
        finally:
            outbox.store.store.close()
            await session.aclose()

    [target] = asyncio.run(scenario())
    assert target.state is TargetState.QUEUED and not target.server_scheduled
    assert target.next_attempt_at == (now + timedelta(minutes=12)).timestamp()
    assert target.error_kind is None
    assert scheduled_list(info) == []
