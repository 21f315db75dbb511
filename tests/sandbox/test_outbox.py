"""The durable outbox against both sandbox networks over real HTTP, with a real SQLite
profile: exactly once per target, a failed target retried alone, safety first, crash
recovery, backoff that honours the server's Retry-After."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.core.models import Audience, Outgoing
from app.networks.base import NetworkAdapter
from app.networks.factory import make_adapter
from app.sandbox.runner import SandboxInfo, SandboxThread
from app.services.outbox import OutboxService, safety_texts
from app.services.poster import Poster
from app.services.poster import TargetState as PosterState
from app.services.session import Session, open_sandbox_session
from app.store.db import Store
from app.store.outbox import MessageKind, OutboxStore, TargetState
from tests.helpers import until

BOTH = frozenset({Audience.PUBLIC, Audience.FRIENDS})


@pytest.fixture
def sandbox_thread(tmp_path: Path) -> Iterator[SandboxThread]:
    """Like the shared ``sandbox`` fixture, but the thread itself (for ``call``)."""
    thread = SandboxThread(tmp_path / "sandbox", activity=False)
    thread.start()
    try:
        yield thread
    finally:
        thread.stop()


def _outbox(profile: Path, adapters: list[NetworkAdapter]) -> OutboxService:
    return OutboxService(OutboxStore(Store(profile / "kizuna.db")), adapters)


@contextlib.asynccontextmanager
async def _profile_outbox(
    data_dir: Path, profile: Path, **service: Any
) -> AsyncIterator[OutboxService]:
    """A signed-in sandbox session's outbox over the profile's database; both closed after."""
    session = await open_sandbox_session(data_dir, activity=None)
    outbox = OutboxService(OutboxStore(Store(profile / "kizuna.db")), session.adapters, **service)
    try:
        yield outbox
    finally:
        outbox.store.store.close()
        await session.aclose()


def _texts(tag: str) -> dict[Audience, str]:
    return {Audience.PUBLIC: f"皆さまへ {tag}", Audience.FRIENDS: f"みんなへ！ {tag}"}


async def public_posts(info: SandboxInfo, tag: str) -> list[dict]:
    """Our statuses containing ``tag`` on the public server, newest first."""
    async with httpx.AsyncClient() as http:
        r = await http.get(
            f"{info.public_url}/api/v1/timelines/home?limit=40",
            headers={"Authorization": f"Bearer {info.token('public')}"},
        )
    r.raise_for_status()
    return [s for s in r.json() if tag in s["content"]]


async def friends_notes(info: SandboxInfo, tag: str) -> list[dict]:
    """Notes containing ``tag`` on the friends server, newest first."""
    async with httpx.AsyncClient() as http:
        r = await http.post(
            f"{info.friends_url}/api/notes/timeline",
            json={"i": info.token("friends"), "limit": 100},
        )
    r.raise_for_status()
    return [n for n in r.json() if tag in (n.get("text") or "")]


def _closed_port() -> tuple[socket.socket, str]:
    """A 127.0.0.1 address where connecting is refused while the socket is kept."""
    hole = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    hole.bind(("127.0.0.1", 0))
    return hole, f"http://127.0.0.1:{hole.getsockname()[1]}"


def _swap(session: Session, audience: Audience, base_url: str, token: str) -> list:
    """The session's adapters with the one serving ``audience`` rebuilt (same account key)."""
    out = []
    for adapter in session.adapters:
        if audience in adapter.account.serves:
            account = dataclasses.replace(adapter.account, base_url=base_url)
            out.append(make_adapter(account, token))
        else:
            out.append(adapter)
    return out


async def _close_extra(adapters: list, session: Session) -> None:
    for adapter in adapters:
        if adapter not in session.adapters:
            await adapter.aclose()


def test_a_message_reaches_both_circles_exactly_once(sandbox, profile_dir: Path) -> None:
    tag = uuid.uuid4().hex[:10]

    async def scenario() -> None:
        async with _profile_outbox(sandbox.data_dir, profile_dir) as outbox:
            mid = outbox.enqueue(_texts(tag), BOTH)
            rows = await outbox.send_message(mid)
            assert [(t.audience, t.state) for t in rows] == [
                (Audience.PUBLIC, TargetState.SENT),
                (Audience.FRIENDS, TargetState.SENT),
            ]
            # More passes (and a restart's resume) send nothing again.
            assert await outbox.run_due() == []
            assert await outbox.resume() == []
            public = await public_posts(sandbox, tag)
            friends = await friends_notes(sandbox, tag)
            assert len(public) == 1 and len(friends) == 1
            assert "皆さまへ" in public[0]["content"] and public[0]["visibility"] == "public"
            assert friends[0]["text"] == f"みんなへ！ {tag}"
            assert friends[0]["visibility"] == "followers"
            # The friends text never went to the public side.
            assert "みんなへ" not in public[0]["content"]
            assert {t.audience: t.remote_id for t in rows} == {
                Audience.PUBLIC: public[0]["id"],
                Audience.FRIENDS: friends[0]["id"],
            }
        # The record of what was sent survives reopening the profile.
        again = OutboxStore(Store(profile_dir / "kizuna.db"))
        assert {t.state for t in again.targets(message_id=mid)} == {TargetState.SENT}
        again.store.close()

    asyncio.run(scenario())


def test_an_unreachable_target_waits_and_is_retried_alone(sandbox, profile_dir: Path) -> None:
    tag = uuid.uuid4().hex[:10]

    async def scenario() -> None:
        session = await open_sandbox_session(sandbox.data_dir, activity=None)
        hole, dead = _closed_port()
        down = _swap(session, Audience.FRIENDS, dead, "unreachable")
        outbox = _outbox(profile_dir, down)
        try:
            mid = outbox.enqueue(_texts(tag), BOTH)
            before = time.time()
            rows = await outbox.send_message(mid)
            public, friends = rows
            assert public.state is TargetState.SENT
            assert friends.state is TargetState.QUEUED and friends.error_kind == "offline"
            assert not friends.maybe_sent  # refused: it never left
            assert friends.next_attempt_at is not None and friends.next_attempt_at > before
            assert outbox.pending() == [friends]
            assert await friends_notes(sandbox, tag) == []

            outbox.adapters = list(session.adapters)  # the friends network is back
            handled = await outbox.resume()
            assert [(t.id, t.state) for t in handled] == [(friends.id, TargetState.SENT)]
            assert len(await public_posts(sandbox, tag)) == 1
            assert len(await friends_notes(sandbox, tag)) == 1
            assert outbox.pending() == []
        finally:
            hole.close()
            outbox.store.store.close()
            await _close_extra(down, session)
            await session.aclose()

    asyncio.run(scenario())


def test_a_signed_out_target_fails_and_retry_sends_only_it(sandbox, profile_dir: Path) -> None:
    tag = uuid.uuid4().hex[:10]

    async def scenario() -> None:
        session = await open_sandbox_session(sandbox.data_dir, activity=None)
        broken = _swap(session, Audience.FRIENDS, sandbox.friends_url, "not-a-valid-token")
        outbox = _outbox(profile_dir, broken)
        try:
            mid = outbox.enqueue(_texts(tag), BOTH)
            public, friends = await outbox.send_message(mid)
            assert public.state is TargetState.SENT
            assert friends.state is TargetState.FAILED and friends.error_kind == "signed_out"
            # Failed waits for the user: more passes do not touch it.
            assert await outbox.run_due() == []

            outbox.adapters = list(session.adapters)  # signed in again
            assert outbox.retry(friends.id)
            handled = await outbox.run_due()
            assert [(t.id, t.state) for t in handled] == [(friends.id, TargetState.SENT)]
            assert handled[0].idempotency_key == friends.idempotency_key
            assert len(await public_posts(sandbox, tag)) == 1
            assert len(await friends_notes(sandbox, tag)) == 1
        finally:
            outbox.store.store.close()
            await _close_extra(broken, session)
            await session.aclose()

    asyncio.run(scenario())


def test_safety_message_goes_before_posts_queued_earlier(sandbox, profile_dir: Path) -> None:
    tag = uuid.uuid4().hex[:10]

    async def scenario() -> None:
        async with _profile_outbox(sandbox.data_dir, profile_dir) as outbox:
            earlier = outbox.enqueue(_texts(f"{tag} earlier"), BOTH)
            safety = outbox.enqueue(
                safety_texts(f"無事です {tag} safety", place="自宅"), BOTH, kind=MessageKind.SAFETY
            )
            handled = await outbox.run_due()
            assert [t.message_id for t in handled] == [safety, safety, earlier, earlier]
            assert all(t.state is TargetState.SENT for t in handled)
            public = await public_posts(sandbox, tag)  # newest first
            friends = await friends_notes(sandbox, tag)
            assert ["safety" in s["content"] for s in public] == [False, True]
            assert ["safety" in n["text"] for n in friends] == [False, True]
            assert "【安否確認】" in public[1]["content"] and "自宅" in public[1]["content"]
            assert "【安否確認】" not in friends[1]["text"] and "自宅" in friends[1]["text"]

    asyncio.run(scenario())


def _dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


def test_targets_a_crashed_sender_left_sending_are_sent_once(sandbox, profile_dir: Path) -> None:
    """The crashed sender's requests reached both servers; its records did not."""
    tag = uuid.uuid4().hex[:10]

    async def scenario() -> None:
        # Requests time out after 2 s here: once that has passed, nothing is in transit.
        async with _profile_outbox(sandbox.data_dir, profile_dir, request_timeout=2.0) as outbox:
            mid = outbox.enqueue(_texts(tag), BOTH)
            dead = _dead_pid()
            first: dict[Audience, str] = {}
            for target in outbox.targets(mid):
                assert outbox.store.claim(
                    target.id, pid=dead, lease_until=time.time() + 300, now=time.time()
                )
                assert outbox.store.request_started(target.id, at=time.time())
                adapter = outbox.adapter_for(target.account)
                assert adapter is not None
                published = await adapter.publish(
                    Outgoing(target.text, target.audience, idempotency_key=target.idempotency_key)
                )
                first[target.audience] = published.remote_id

            # Misskey (and a Mastodon-API server not yet known to honour the key) first
            # waits until the request can no longer be in transit, then looks.
            early = await outbox.resume()
            assert {t.error_kind for t in early if t.state is not TargetState.SENT} <= {
                "in_transit"
            }
            assert any(
                t.audience is Audience.FRIENDS and t.error_kind == "in_transit" for t in early
            )
            await asyncio.sleep(2.1)
            await outbox.resume()
            handled = outbox.targets(mid)
            assert [(t.audience, t.state) for t in handled] == [
                (Audience.PUBLIC, TargetState.SENT),
                (Audience.FRIENDS, TargetState.SENT),
            ]
            # Mastodon answered the repeated key with the first status; on Misskey the
            # note was found among our own before sending again.
            assert {t.audience: t.remote_id for t in handled} == first
            assert len(await public_posts(sandbox, tag)) == 1
            assert len(await friends_notes(sandbox, tag)) == 1

    asyncio.run(scenario())


def test_a_live_sender_keeps_its_targets(sandbox, profile_dir: Path) -> None:
    async def scenario() -> None:
        async with _profile_outbox(sandbox.data_dir, profile_dir) as outbox:
            mid = outbox.enqueue(_texts("live"), frozenset({Audience.PUBLIC}))
            (target,) = outbox.targets(mid)
            parent = os.getppid()  # alive for sure, and not us
            assert outbox.store.claim(
                target.id, pid=parent, lease_until=time.time() + 300, now=time.time()
            )
            assert outbox.recover_abandoned() == []
            assert await outbox.run_due() == []
            still = outbox.store.target(target.id)
            assert still is not None and still.state is TargetState.SENDING

    asyncio.run(scenario())


def test_rate_limit_waits_as_long_as_the_server_says(sandbox_thread, profile_dir: Path) -> None:
    info = sandbox_thread.info
    tag = uuid.uuid4().hex[:10]

    def limit(server: object) -> None:
        server.rate_limits["notes/create"] = (0, 3600.0)  # type: ignore[attr-defined]

    async def scenario() -> None:
        async with _profile_outbox(info.data_dir, profile_dir) as outbox:
            await asyncio.to_thread(sandbox_thread.call, "friends", limit)
            now = time.time()
            window_end = now - now % 3600 + 3600
            mid = outbox.enqueue({Audience.FRIENDS: f"待ってね {tag}"})
            (target,) = await outbox.send_message(mid)
            assert target.state is TargetState.QUEUED and target.error_kind == "rate_limited"
            assert target.next_attempt_at is not None
            assert target.next_attempt_at >= window_end - 1.0
            # Asking to resume does not hammer a server that said when to come back.
            assert await outbox.resume() == []
            assert await friends_notes(info, tag) == []

    asyncio.run(scenario())


def test_background_loop_sends_when_woken(sandbox, profile_dir: Path) -> None:
    tag = uuid.uuid4().hex[:10]

    async def scenario() -> None:
        async with _profile_outbox(sandbox.data_dir, profile_dir) as outbox:
            wake = asyncio.Event()
            seen: list[tuple[int, TargetState]] = []
            loop_task = asyncio.ensure_future(
                outbox.run_forever(lambda t: seen.append((t.id, t.state)), wake)
            )
            try:
                await asyncio.sleep(0)
                mid = outbox.enqueue(_texts(tag), BOTH)
                wake.set()
                await until(lambda: all(t.state is TargetState.SENT for t in outbox.targets(mid)))
                ids = [t.id for t in outbox.targets(mid)]
                for target_id in ids:
                    assert (target_id, TargetState.SENDING) in seen
                    assert (target_id, TargetState.SENT) in seen
                assert len(await friends_notes(sandbox, tag)) == 1
            finally:
                loop_task.cancel()
                await asyncio.gather(loop_task, return_exceptions=True)

    asyncio.run(scenario())


def test_poster_sends_through_the_profile_outbox(sandbox, profile_dir: Path) -> None:
    tag = uuid.uuid4().hex[:10]

    async def scenario() -> None:
        async with _profile_outbox(sandbox.data_dir, profile_dir) as outbox:
            results = await Poster(outbox.adapters, outbox).send(_texts(tag))
            assert [r.state for r in results] == [PosterState.SENT, PosterState.SENT]
            assert all(r.outbox_id is not None for r in results)
            rows = outbox.store.targets()
            assert {r.id for r in rows} == {r.outbox_id for r in results}
            assert [r.target.key for r in results] == [t.key for t in rows]

    asyncio.run(scenario())


def test_targets_follow_their_account_across_sign_out_and_new_ports(
    sandbox, profile_dir: Path
) -> None:
    tag = uuid.uuid4().hex[:10]

    async def scenario() -> None:
        session = await open_sandbox_session(sandbox.data_dir, activity=None)
        public_only = [a for a in session.adapters if Audience.PUBLIC in a.account.serves]
        outbox = _outbox(profile_dir, public_only)
        try:
            # Queued in an earlier run, when the sandbox listened on other ports.
            (friends_adapter,) = [a for a in session.adapters if a not in public_only]
            old = dataclasses.replace(
                friends_adapter.account,
                key="misskey:http://127.0.0.1:1:me",
                base_url="http://127.0.0.1:1",
            )
            mid = outbox.store.add_message(
                {Audience.FRIENDS: f"前回の {tag}"},
                [(old, Audience.FRIENDS)],
                kind=MessageKind.POST,
                now=time.time(),
            )
            (waiting,) = await outbox.run_due()  # the friends account is not signed in
            assert waiting.state is TargetState.NEEDS_ATTENTION
            assert waiting.error_kind == "account_unavailable"

            outbox.adapters = list(session.adapters)  # signed in again, on new ports
            (sent,) = await outbox.resume()
            assert (sent.message_id, sent.state) == (mid, TargetState.SENT)
            assert len(await friends_notes(sandbox, tag)) == 1
        finally:
            outbox.store.store.close()
            await session.aclose()

    asyncio.run(scenario())


def test_a_possibly_sent_target_past_the_key_window_is_looked_up_not_resent(
    sandbox, profile_dir: Path
) -> None:
    """An hour after a crash Mastodon has forgotten the key: its own statuses are looked
    up (as Misskey's notes always are) instead of trusting the key or sending again."""
    tag = uuid.uuid4().hex[:10]

    async def scenario() -> None:
        now = [time.time()]
        async with _profile_outbox(sandbox.data_dir, profile_dir, clock=lambda: now[0]) as outbox:
            mid = outbox.enqueue(_texts(tag), BOTH)
            dead = _dead_pid()
            public_row = next(t for t in outbox.targets(mid) if t.audience is Audience.PUBLIC)
            for target in outbox.targets(mid):
                assert outbox.store.claim(target.id, pid=dead, lease_until=now[0] + 300, now=now[0])
                # It died with the request in transit; only the public one arrived.
                assert outbox.store.request_started(target.id, at=now[0])
            adapter = outbox.adapter_for(public_row.account)
            assert adapter is not None
            arrived = await adapter.publish(
                Outgoing(public_row.text, Audience.PUBLIC, idempotency_key="another key")
            )
            now[0] += 3600
            public, friends = await outbox.resume()
            assert public.state is TargetState.SENT and public.remote_id == arrived.remote_id
            assert friends.state is TargetState.SENT
            assert len(await public_posts(sandbox, tag)) == 1
            assert len(await friends_notes(sandbox, tag)) == 1

    asyncio.run(scenario())
