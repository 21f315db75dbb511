"""Never lost, never twice, where networks give no idempotency key (issue 10, findings 1,
2 and 5), through the real outbox service over a real profile against the sandbox, with
a proxy of our own (:mod:`tests.sandbox.holding_proxy`) making faults the sandbox cannot:
failures after the server handled a request.

- Finding 1: the same text posted twice within two minutes, the second create failing
  (connection reset, a stall, a 500 before the server did anything): after resuming, the
  server holds two notes, and the second row is not taken for the first's note.
- Finding 2: a 429 answered after the server made the note is "unknown", not "not sent":
  the note is found again, never posted twice.
- Finding 5: transient failures wait and retry for as long as it takes, never FAILED.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest

from app.core.models import Audience
from app.sandbox.runner import SandboxInfo, SandboxThread
from app.services.outbox import OutboxService
from app.store.db import Store
from app.store.outbox import OutboxStore, OutboxTarget, TargetState
from tests.sandbox.holding_proxy import HoldingProxy, Rule
from tests.sandbox.send_driver import PHASES, adapters_for

PHASE_TIMEOUT = 2.0
FRIENDS = frozenset({Audience.FRIENDS})
PUBLIC = frozenset({Audience.PUBLIC})


@pytest.fixture
def sandbox_thread(tmp_path: Path) -> Iterator[SandboxThread]:
    thread = SandboxThread(tmp_path / "sandbox", activity=False)
    thread.start()
    try:
        yield thread
    finally:
        thread.stop()


@pytest.fixture
def proxies(sandbox_thread: SandboxThread) -> Iterator[dict[str, HoldingProxy]]:
    info = sandbox_thread.info
    assert info is not None
    out = {"mastodon": HoldingProxy(info.public_url), "misskey": HoldingProxy(info.friends_url)}
    for proxy in out.values():
        proxy.start()
    try:
        yield out
    finally:
        for proxy in out.values():
            proxy.stop()


@asynccontextmanager
async def outbox_via(
    thread: SandboxThread, proxies: dict[str, HoldingProxy], profile: Path
) -> AsyncIterator[OutboxService]:
    """The outbox over the profile, its adapters talking to the sandbox through the proxies."""
    via = {network: proxy.url for network, proxy in proxies.items()}
    adapters = await adapters_for(thread.data_dir, PHASE_TIMEOUT, via)
    outbox = OutboxService(
        OutboxStore(Store(profile / "kizuna.db")),
        adapters,
    )
    try:
        yield outbox
    finally:
        for adapter in adapters:
            await adapter.aclose()
        outbox.store.store.close()


async def notes_with(info: SandboxInfo, text: str) -> list[dict]:
    async with httpx.AsyncClient() as http:
        reply = await http.post(
            f"{info.friends_url}/api/notes/timeline",
            json={"i": info.token("friends"), "limit": 100},
        )
    reply.raise_for_status()
    return [n for n in reply.json() if n.get("text") == text]


async def statuses_with(info: SandboxInfo, tag: str) -> list[dict]:
    async with httpx.AsyncClient() as http:
        reply = await http.get(
            f"{info.public_url}/api/v1/timelines/home?limit=40",
            headers={"Authorization": f"Bearer {info.token('public')}"},
        )
    reply.raise_for_status()
    return [s for s in reply.json() if tag in s["content"]]


async def resume_until_sent(
    outbox: OutboxService, ids: list[int], seen: list[OutboxTarget], rounds: int = 30
) -> list[OutboxTarget]:
    """Resume as the app's loop would, waiting as long as the outbox asks, until the
    targets ``ids`` are all sent (or ``rounds`` passes); every update lands in ``seen``."""
    for _ in range(rounds):
        await outbox.resume(seen.append)
        rows = [outbox.store.target(i) for i in ids]
        if all(r is not None and r.state is TargetState.SENT for r in rows):
            break
        await asyncio.sleep(min(outbox.next_due_in() or 0.05, PHASES * PHASE_TIMEOUT) + 0.05)
    return [r for r in (outbox.store.target(i) for i in ids) if r is not None]


def friends_row(outbox: OutboxService, message_id: int) -> OutboxTarget:
    (row,) = outbox.targets(message_id)
    return row


@pytest.mark.parametrize("failure", ["reset", "stall", "error_500"])
def test_the_same_text_twice_with_the_second_create_failing_makes_two_notes(
    sandbox_thread: SandboxThread,
    proxies: dict[str, HoldingProxy],
    profile_dir: Path,
    failure: str,
) -> None:
    info = sandbox_thread.info
    assert info is not None
    text = f"おはよう！今日もよろしくね {uuid.uuid4().hex[:6]}"  # a greeting, said twice

    async def scenario() -> None:
        async with outbox_via(sandbox_thread, proxies, profile_dir) as outbox:
            first = outbox.enqueue({Audience.FRIENDS: text}, FRIENDS)
            await outbox.send_message(first)
            # (On a busy machine even this may time out once: it then waits and looks.)
            (sent,) = await resume_until_sent(outbox, [friends_row(outbox, first).id], [])
            assert sent.state is TargetState.SENT
            proxies["misskey"].add(Rule("POST", "/api/notes/create", failure))
            second = outbox.enqueue({Audience.FRIENDS: text}, FRIENDS)
            (failed,) = await outbox.send_message(second)
            assert failed.state is TargetState.QUEUED and failed.maybe_sent, failed
            assert len(await notes_with(info, text)) == 1  # the second never reached it

            seen: list[OutboxTarget] = []
            (again,) = await resume_until_sent(outbox, [failed.id], seen)
            assert again.state is TargetState.SENT
            assert again.remote_id != sent.remote_id  # not mistaken for the first note
            notes = await notes_with(info, text)
            assert sorted(n["id"] for n in notes) == sorted([sent.remote_id, again.remote_id])
            assert all(t.state is not TargetState.FAILED for t in seen)

    asyncio.run(scenario())


def test_a_429_after_the_server_made_the_note_is_found_not_posted_again(
    sandbox_thread: SandboxThread, proxies: dict[str, HoldingProxy], profile_dir: Path
) -> None:
    info = sandbox_thread.info
    assert info is not None
    text = f"無事に着いたよ {uuid.uuid4().hex[:6]}"

    async def scenario() -> None:
        async with outbox_via(sandbox_thread, proxies, profile_dir) as outbox:
            proxies["misskey"].add(Rule("POST", "/api/notes/create", "after_429", seconds=1))
            message = outbox.enqueue({Audience.FRIENDS: text}, FRIENDS)
            (limited,) = await outbox.send_message(message)
            assert limited.state is TargetState.QUEUED and limited.error_kind == "rate_limited"
            assert limited.maybe_sent  # 429 is "unknown": here the note was made
            (made,) = await notes_with(info, text)

            (found,) = await resume_until_sent(outbox, [limited.id], [])
            assert found.state is TargetState.SENT and found.remote_id == made["id"]
            assert len(await notes_with(info, text)) == 1

    asyncio.run(scenario())


def test_transient_failures_past_the_old_give_up_point_never_fail_the_target(
    sandbox_thread: SandboxThread, proxies: dict[str, HoldingProxy], profile_dir: Path
) -> None:
    """Ten 500s in a row on the public side, drops and 429s on the friends side: both wait
    and go out exactly once; the user is never asked."""
    info = sandbox_thread.info
    assert info is not None
    tag = uuid.uuid4().hex[:8]
    texts = {Audience.PUBLIC: f"お知らせ {tag}", Audience.FRIENDS: f"みんなへ {tag}"}

    async def scenario() -> None:
        async with outbox_via(sandbox_thread, proxies, profile_dir) as outbox:
            proxies["mastodon"].add(Rule("POST", "/api/v1/statuses", "error_500", times=10))
            proxies["misskey"].add(Rule("POST", "/api/notes/create", "reset", times=3))
            proxies["misskey"].add(Rule("POST", "/api/notes/create", "after_429", seconds=1))
            message = outbox.enqueue(texts, PUBLIC | FRIENDS)
            seen: list[OutboxTarget] = []
            first = await outbox.send_message(message, seen.append)
            ids = [t.id for t in first]
            started = time.monotonic()
            ended = await resume_until_sent(outbox, ids, seen, rounds=60)
            assert [t.state for t in ended] == [TargetState.SENT, TargetState.SENT], (
                ended,
                time.monotonic() - started,
            )
            assert ended[0].attempts >= 11  # more than the old limit of 8 server errors
            assert all(t.state is not TargetState.FAILED for t in seen)
            assert len(await statuses_with(info, tag)) == 1
            assert len(await notes_with(info, texts[Audience.FRIENDS])) == 1

    asyncio.run(scenario())


def _faults(info: SandboxInfo, settings: dict) -> None:
    assert info.admin_url
    reply = httpx.post(
        f"{info.admin_url}/_sandbox/faults/both", json=settings, headers=info.admin_headers()
    )
    reply.raise_for_status()


def test_a_fault_run_sends_every_target_once_and_fails_none(
    sandbox_thread: SandboxThread, proxies: dict[str, HoldingProxy], profile_dir: Path
) -> None:
    """The sandbox's own faults on both sides — 25 % server errors, 10 % dropped
    connections, a burst of 429s — over four posts to both circles: the app's loop keeps
    resuming, every target goes out exactly once, none is ever FAILED."""
    info = sandbox_thread.info
    assert info is not None
    tag = uuid.uuid4().hex[:8]

    async def scenario() -> None:
        async with outbox_via(sandbox_thread, proxies, profile_dir) as outbox:
            _faults(info, {"error_rate": 0.25, "drop_rate": 0.1, "burst_429": 3})
            seen: list[OutboxTarget] = []
            ids: list[int] = []
            for i in range(4):
                texts = {Audience.PUBLIC: f"告知{i} {tag}", Audience.FRIENDS: f"連絡{i} {tag}"}
                message = outbox.enqueue(texts, PUBLIC | FRIENDS)
                ids += [t.id for t in outbox.targets(message)]
                await outbox.send_message(message, seen.append)
            ended = await resume_until_sent(outbox, ids, seen, rounds=120)
            _faults(info, {"reset": True})
            assert all(t.state is TargetState.SENT for t in ended), ended
            assert all(t.state is not TargetState.FAILED for t in seen)
            assert sum(t.attempts for t in ended) > len(ids)  # the faults did happen
            statuses = await statuses_with(info, tag)
            for i in range(4):
                assert sum(f"告知{i} " in s["content"] for s in statuses) == 1
                assert len(await notes_with(info, f"連絡{i} {tag}")) == 1

    asyncio.run(scenario())
