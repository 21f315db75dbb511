"""Server-side schedules (issue 3) over real HTTP: the Mastodon adapter against the
sandbox's ``scheduled_at``, the sandbox publishing due statuses on its own clock, the
outbox handing far-off Mastodon schedules to the server while Misskey's stay local, and
listing, cancelling, moving and sending now what the server holds."""

from __future__ import annotations

import asyncio
import dataclasses
import socket
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.core.models import Audience, MediaUpload, Outgoing
from app.networks.base import ErrorKind, NetworkError
from app.networks.mastodon import MastodonAdapter
from app.sandbox.runner import SandboxInfo, SandboxThread
from app.services.outbox import OutboxService, ScheduleGone
from app.services.send import Refusal, SendRefused
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


class Scene:
    """A signed-in session and an outbox on our own clock, the server's clock set to it."""

    def __init__(self, thread: SandboxThread, info: SandboxInfo, profile_dir: Path) -> None:
        self.thread = thread
        self.info = info
        self.profile_dir = profile_dir
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.clock = {"now": self.now.timestamp()}
        set_server_clock(thread, self.now)

    async def __aenter__(self) -> OutboxService:
        self.session = await open_sandbox_session(self.info.data_dir, activity=None)
        self.outbox = OutboxService(
            OutboxStore(Store(self.profile_dir / "kizuna.db")),
            self.session.adapters,
            clock=lambda: self.clock["now"],
            server_schedule=True,
        )
        return self.outbox

    async def __aexit__(self, *exc: object) -> None:
        self.outbox.store.store.close()
        await self.session.aclose()

    def run(
        self, scenario: Callable[[OutboxService, dict[str, Any]], Awaitable[None]]
    ) -> dict[str, Any]:
        """Run ``scenario(outbox, seen)`` with the session open; what it noted in ``seen``
        (checked afterwards, out of the event loop)."""
        seen: dict[str, Any] = {}

        async def main() -> None:
            async with self as outbox:
                await scenario(outbox, seen)

        asyncio.run(main())
        return seen


@pytest.fixture
def scene(running: tuple[SandboxThread, SandboxInfo], profile_dir: Path) -> Scene:
    return Scene(*running, profile_dir)


def test_the_outbox_hands_mastodon_its_schedule_and_keeps_misskeys_local(scene: Scene) -> None:
    thread, info = scene.thread, scene.info
    tag = uuid.uuid4().hex[:10]
    at = scene.now + timedelta(hours=1)

    async def scenario(outbox: OutboxService, seen: dict[str, Any]) -> None:
        mid = outbox.enqueue(
            {Audience.PUBLIC: f"公開 {tag}", Audience.FRIENDS: f"友だち {tag}"}, at=at
        )
        seen["first"] = await outbox.run_due()
        scene.clock["now"] = at.timestamp()
        seen["second"] = await outbox.run_due()
        third = await outbox.run_due()
        assert third == []
        seen["final"] = outbox.targets(mid)

    seen = scene.run(scenario)
    [on_server] = seen["first"]
    assert on_server.audience is Audience.PUBLIC and on_server.state is TargetState.SENT
    assert on_server.server_scheduled
    [held] = scheduled_list(info)
    assert held["id"] == on_server.remote_id
    assert [(t.audience, t.state, t.server_scheduled) for t in seen["second"]] == [
        (Audience.FRIENDS, TargetState.SENT, False)
    ]
    assert {t.state for t in seen["final"]} == {TargetState.SENT}
    assert not any(tag in s["content"] for s in public_texts(info))
    set_server_clock(thread, at)
    publish_due(thread)
    assert len([s for s in public_texts(info) if tag in s["content"]]) == 1


def test_a_schedule_too_close_for_the_server_stays_local(scene: Scene) -> None:
    now = scene.now
    # The server's clock runs 10 minutes ahead: it refuses a time 12 minutes ahead of ours.
    set_server_clock(scene.thread, now + timedelta(minutes=10))

    async def scenario(outbox: OutboxService, seen: dict[str, Any]) -> None:
        mid = outbox.enqueue({Audience.PUBLIC: "近すぎる予約"}, at=now + timedelta(minutes=12))
        await outbox.run_due()
        seen["targets"] = outbox.targets(mid)

    [target] = scene.run(scenario)["targets"]
    assert target.state is TargetState.QUEUED and not target.server_scheduled
    assert target.next_attempt_at == (now + timedelta(minutes=12)).timestamp()
    assert target.error_kind is None
    assert scheduled_list(scene.info) == []


# -- cancelling, moving and sending now what the server holds ---------------------------


def test_a_scheduled_status_can_be_moved_but_not_too_soon(
    running: tuple[SandboxThread, SandboxInfo],
) -> None:
    thread, info = running
    base = datetime.now(UTC).replace(microsecond=0)
    set_server_clock(thread, base)
    r = httpx.post(
        f"{info.public_url}/api/v1/statuses",
        headers=auth(info),
        data={"status": "動かす", "scheduled_at": (base + timedelta(hours=1)).isoformat()},
    )
    url = f"{info.public_url}/api/v1/scheduled_statuses/{r.json()['id']}"
    later = base + timedelta(hours=5)

    async def scenario() -> tuple[datetime, NetworkError, NetworkError, NetworkError]:
        session = await open_sandbox_session(info.data_dir, activity=None)
        try:
            adapter = mastodon(session)
            moved = await adapter.reschedule(r.json()["id"], later)
            errors = []
            for remote_id, at in (
                (r.json()["id"], base + timedelta(minutes=4)),  # less than 5 minutes ahead
                (r.json()["id"], base - timedelta(hours=1)),  # past: refused too, unlike POST
                ("999999", later),
            ):
                with pytest.raises(NetworkError) as caught:
                    await adapter.reschedule(remote_id, at)
                errors.append(caught.value)
            return moved, errors[0], errors[1], errors[2]
        finally:
            await session.aclose()

    moved, too_soon, past, unknown = asyncio.run(scenario())
    assert moved == later
    assert too_soon.status == 422 and "Scheduled at" in (too_soon.detail or "")
    assert past.status == 422 and unknown.status == 404
    assert (
        httpx.get(url, headers=auth(info))
        .json()["scheduled_at"]
        .startswith(later.strftime("%Y-%m-%dT%H:%M:%S"))
    )
    assert httpx.put(url, data={"scheduled_at": later.isoformat()}).status_code == 401
    # Moved, it is published at its new time and not at the old one.
    set_server_clock(thread, base + timedelta(hours=2))
    assert publish_due(thread) == []
    set_server_clock(thread, later)
    assert len(publish_due(thread)) == 1


def unreachable(adapter: MastodonAdapter) -> MastodonAdapter:
    """The same account on a local port where nothing listens: connecting is refused."""
    hole = socket.socket()
    hole.bind(("127.0.0.1", 0))
    port = hole.getsockname()[1]
    hole.close()
    account = dataclasses.replace(adapter.account, base_url=f"http://127.0.0.1:{port}")
    return MastodonAdapter(account, "token")


def test_server_held_schedules_are_listed_and_cancelled_only_when_the_server_agrees(
    scene: Scene,
) -> None:
    thread, info = scene.thread, scene.info
    tag = uuid.uuid4().hex[:10]
    at = scene.now + timedelta(days=1)

    async def scenario(outbox: OutboxService, seen: dict[str, Any]) -> None:
        mid = outbox.enqueue({Audience.PUBLIC: f"取り消し {tag}"}, at=at)
        await outbox.run_due()
        [held] = outbox.pending()
        seen["held"] = held
        assert outbox.server_held() == [held]
        seen["on_server"] = scheduled_list(info)
        # Offline: the server is not reached, so it says so and keeps the row.
        live = outbox.adapters
        outbox.adapters = [unreachable(mastodon(scene.session))]
        with pytest.raises(NetworkError) as offline:
            await outbox.cancel(held.id)
        seen["offline"] = offline.value
        seen["kept"] = outbox.pending()
        seen["still_on_server"] = scheduled_list(info)
        outbox.adapters = live
        seen["cancelled"] = await outbox.cancel(held.id)
        seen["after"] = (outbox.pending(), outbox.targets(mid))
        # A local schedule (Misskey's) is simply discarded.
        local_mid = outbox.enqueue({Audience.FRIENDS: f"ローカル {tag}"}, at=at)
        [local] = outbox.targets(local_mid)
        await outbox.run_due()
        seen["local_cancelled"] = await outbox.cancel(local.id)
        seen["local_after"] = outbox.targets(local_mid)

    seen = scene.run(scenario)
    held = seen["held"]
    assert held.state is TargetState.SENT and held.server_scheduled
    assert held.scheduled_at == at.timestamp()
    [on_server] = seen["on_server"]
    assert on_server["id"] == held.remote_id
    assert seen["offline"].kind is ErrorKind.OFFLINE
    assert seen["kept"] == [held] and len(seen["still_on_server"]) == 1
    assert seen["cancelled"] is True and seen["after"] == ([], [])
    assert scheduled_list(info) == []
    assert seen["local_cancelled"] is True and seen["local_after"] == []
    # Nothing is published at the time any more.
    set_server_clock(thread, at)
    assert publish_due(thread) == []
    assert not any(tag in s["content"] for s in public_texts(info))


def test_moving_a_held_schedule_and_sending_one_now(scene: Scene) -> None:
    info = scene.info
    tag = uuid.uuid4().hex[:10]
    at = scene.now + timedelta(days=1)
    later = scene.now + timedelta(days=2)
    soon = scene.now + timedelta(minutes=3)

    async def scenario(outbox: OutboxService, seen: dict[str, Any]) -> None:
        first = outbox.enqueue({Audience.PUBLIC: f"移動 {tag}"}, at=at)
        second = outbox.enqueue({Audience.PUBLIC: f"近くへ {tag}"}, at=at)
        third = outbox.enqueue({Audience.PUBLIC: f"今すぐ {tag}"}, at=at)
        await outbox.run_due()
        [a], [b], [c] = (outbox.targets(m) for m in (first, second, third))
        assert await outbox.reschedule(a.id, later)
        seen["moved"] = outbox.targets(first)
        # Too close for the server: cancelled there, kept on the local schedule.
        assert await outbox.reschedule(b.id, soon)
        seen["local"] = outbox.targets(second)
        seen["held_ids"] = {s["id"] for s in scheduled_list(info)}
        assert await outbox.send_now(c.id)
        seen["due"] = outbox.targets(third)
        seen["sent"] = await outbox.run_due()
        with pytest.raises(SendRefused) as passed:
            await outbox.reschedule(a.id, scene.now - timedelta(minutes=1))
        assert passed.value.reason is Refusal.TIME_PASSED
        seen["ids"] = (a.remote_id, b.remote_id, c.remote_id)

    seen = scene.run(scenario)
    a_id, b_id, c_id = seen["ids"]
    [moved] = seen["moved"]
    assert moved.state is TargetState.SENT and moved.server_scheduled
    assert moved.scheduled_at == later.timestamp() and moved.remote_id == a_id
    [local] = seen["local"]
    assert local.state is TargetState.QUEUED and not local.server_scheduled
    assert local.next_attempt_at == soon.timestamp() and local.scheduled_at == soon.timestamp()
    assert local.remote_id is None
    assert seen["held_ids"] == {a_id, c_id} and b_id not in seen["held_ids"]
    [due] = seen["due"]
    assert due.state is TargetState.QUEUED and due.scheduled_at is None
    [sent] = seen["sent"]
    assert sent.state is TargetState.SENT and not sent.server_scheduled and sent.url
    [held] = scheduled_list(info)
    assert held["id"] == a_id
    assert held["scheduled_at"].startswith(later.strftime("%Y-%m-%dT%H:%M:%S"))
    published = [s for s in public_texts(info) if tag in s["content"]]
    assert [s["id"] for s in published] == [sent.remote_id]
    assert f"今すぐ {tag}" in published[0]["content"]


def test_a_target_sharing_its_message_moves_alone_and_a_vanished_schedule_is_said(
    scene: Scene,
) -> None:
    info = scene.info
    tag = uuid.uuid4().hex[:10]
    at = scene.now + timedelta(days=1)
    later = scene.now + timedelta(days=3)

    async def scenario(outbox: OutboxService, seen: dict[str, Any]) -> None:
        mid = outbox.enqueue(
            {Audience.PUBLIC: f"公開 {tag}", Audience.FRIENDS: f"友だち {tag}"},
            at=at,
            media=(MediaUpload(PNG, "dot.png", "image/png", "点"),),
        )
        await outbox.run_due()
        public, friends = outbox.targets(mid)
        assert await outbox.reschedule(friends.id, later)
        seen["kept"] = outbox.targets(mid)
        [moved] = [t for t in outbox.pending() if t.id == friends.id]
        seen["moved"] = moved
        seen["moved_media"] = outbox.store.media(moved.message_id)
        # Cancelled elsewhere (the server's web UI): nothing left to send now.
        gone = httpx.delete(
            f"{info.public_url}/api/v1/scheduled_statuses/{public.remote_id}",
            headers=auth(info),
        )
        assert gone.status_code == 200
        with pytest.raises(ScheduleGone):
            await outbox.send_now(public.id)
        seen["after_gone"] = outbox.targets(mid)

    seen = scene.run(scenario)
    [public] = seen["kept"]
    assert public.audience is Audience.PUBLIC and public.scheduled_at == at.timestamp()
    moved = seen["moved"]
    assert moved.audience is Audience.FRIENDS and moved.message_id != public.message_id
    assert moved.scheduled_at == later.timestamp() and moved.next_attempt_at == later.timestamp()
    assert [(m.filename, m.description) for m in seen["moved_media"]] == [("dot.png", "点")]
    assert seen["after_gone"] == []
    assert not any(tag in s["content"] for s in public_texts(info))
