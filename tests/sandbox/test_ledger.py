"""The greeting ledger (挨拶帳) on the sandbox, with the ledger's clock on 2 January 2027:
three friends and one public account greet the demo user on New Year's Day (one friend
with a gift card), the user had already greeted one of them → three unanswered; answering
all posts three greetings, each in its sender's audience (read back from the servers, also
as people who must not see them), after which nothing is unanswered — in process and
through ``python -m app ledger`` against the same profile and sandbox. With the sandbox
stopped after the notification service stored the greetings, the ledger still lists
those that came as notifications."""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import random
import subprocess
import sys
from collections.abc import Awaitable, Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.core.clock import TOKYO
from app.core.errors import NetworkError
from app.core.models import Audience, Friend
from app.sandbox import community
from app.sandbox.activity import greet, send_gift
from app.sandbox.runner import SandboxInfo, SandboxThread
from app.services.ledger import LedgerService
from app.services.notifications import Watching, WatchState
from app.services.outbox import OutboxService
from app.services.session import open_sandbox_session
from app.store.db import Store
from app.store.notifications import NotificationStore
from app.store.outbox import TargetState
from tests.conftest import ROOT

NOW = datetime(2027, 1, 2, 12, 0, tzinfo=TOKYO)
NEW_YEAR = datetime(2027, 1, 1, 9, 0, tzinfo=TOKYO)
FRIENDS = ("haruka", "mio", "takumi")
PUBLIC = "kenji"


@pytest.fixture
def running(tmp_path: Path) -> Iterator[tuple[SandboxThread, Path]]:
    """A sandbox in the profile's own sandbox folder (so the CLI joins it), quiet."""
    profile = tmp_path / "profile"
    thread = SandboxThread(profile / "sandbox", public_port=0, friends_port=0, activity=False)
    thread.start()
    try:
        yield thread, profile
    finally:
        thread.stop()


def on_server(thread: SandboxThread, side: str, work: Callable[[Any], Awaitable[Any]]) -> Any:
    """Run ``work(server)`` on the sandbox's own loop and wait for its result."""
    done: concurrent.futures.Future[Any] = concurrent.futures.Future()

    def start(server: Any) -> None:
        task = asyncio.ensure_future(work(server))
        task.add_done_callback(
            lambda t: done.set_exception(e) if (e := t.exception()) else done.set_result(t.result())
        )

    thread.call(side, start)
    return done.result(timeout=30)


def greet_on_new_years_day(thread: SandboxThread) -> None:
    for i, name in enumerate(FRIENDS):
        at = NEW_YEAR + timedelta(minutes=i)
        if name == "mio":  # a 年賀状 card (the gift of January)
            gift = functools.partial(send_gift, rng=random.Random(1), by="mio", at=at)
            on_server(thread, "friends", gift)
        else:
            words = functools.partial(greet, by=name, text="あけおめ！今年もよろしくね🎍", at=at)
            on_server(thread, "friends", words)
    # a public mention with a 年賀状 card
    at = NEW_YEAR + timedelta(minutes=10)
    card = functools.partial(send_gift, rng=random.Random(3), by=PUBLIC, at=at)
    on_server(thread, "public", card)


def info(thread: SandboxThread) -> SandboxInfo:
    assert thread.info is not None
    return thread.info


def ids(thread: SandboxThread, side: str) -> dict[str, str]:
    members = info(thread).accounts[side]["accounts"]
    return {m["username"]: str(m["id"]) for m in members}


def cli(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "app", "--lang", "en", "--profile", str(profile), "--sandbox"]
    argv.append("ledger")
    return subprocess.run(
        [*argv, "--occasion", "shogatsu", "--year", "2027", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


async def greet_haruka_first(thread: SandboxThread, store: Store, session: Any) -> None:
    """The user's own New Year greeting to haruka, queued at 0:05 on 1 January."""
    nakama = next(a for a in session.accounts() if Audience.FRIENDS in a.serves)
    haruka = Friend(nakama.key, ids(thread, "friends")["haruka"], "haruka", "@haruka", "春香")
    clock = (NEW_YEAR - timedelta(hours=9) + timedelta(minutes=5)).timestamp
    outbox = OutboxService(session.outbox.store, session.adapters, clock=clock)
    mid = outbox.enqueue(
        {Audience.FRIENDS: "あけおめ！ことよろ🎍"},
        frozenset({Audience.FRIENDS}),
        recipients=(haruka,),
    )
    await outbox.run_due()
    assert [t.state for t in outbox.targets(mid)] == [TargetState.SENT]


def test_ledger_lists_three_unanswered_and_answers_each_in_its_audience(
    running: tuple[SandboxThread, Path],
) -> None:
    thread, profile = running
    greet_on_new_years_day(thread)
    store = Store(profile / "kizuna.db")

    async def scenario() -> list[int]:
        session = await open_sandbox_session(profile / "sandbox", store=store)
        try:
            await greet_haruka_first(thread, store, session)
            ledger = LedgerService(session, store, clock=NOW.timestamp)
            assert ledger.current() == ("shogatsu", 2027)
            await ledger.collect("shogatsu", 2027)
            before = ledger.ledger("shogatsu", 2027)
            senders = {r.greeting.sender_username for r in before.received}
            assert senders == {*FRIENDS, PUBLIC}
            assert {r.greeting.sender_username for r in before.unanswered} == {
                "mio",
                "takumi",
                PUBLIC,
            }
            gifts = {r.greeting.sender_username: r.greeting.gift for r in before.received}
            assert gifts["haruka"] == gifts["takumi"] == ""
            assert gifts["mio"] and gifts[PUBLIC]  # cards, found in both circles
            assert not before.not_returned  # haruka greeted back
            queued = await ledger.answer_all("shogatsu", 2027)
            assert len(queued) == 3
            assert await ledger.answer_all("shogatsu", 2027) == []  # exactly once
            after = ledger.ledger("shogatsu", 2027)
            assert after.unanswered == ()
            targets = [t for m in queued for t in session.outbox.targets(m)]
            assert [t.state for t in targets] == [TargetState.SENT] * 3
            return queued
        finally:
            await session.aclose()

    try:
        asyncio.run(scenario())
        check_on_the_servers(thread, store)
    finally:
        store.close()


async def store_notifications(session: Any) -> None:
    """What the notification service does while the window runs: every account watched
    until its backlog is stored."""
    keys = set(session.notifications.account_keys())
    ready: set[str] = set()
    done = asyncio.Event()

    def on_state(state: WatchState) -> None:
        if state.watching in (Watching.LIVE, Watching.POLLING, Watching.OFF):
            ready.add(state.account_key)
            if ready >= keys:
                done.set()

    task = asyncio.ensure_future(session.notifications.run(lambda _rows, _live: None, on_state))
    try:
        async with asyncio.timeout(60):
            await done.wait()
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


def test_the_ledger_lists_stored_greetings_with_the_sandbox_stopped(
    running: tuple[SandboxThread, Path],
) -> None:
    thread, profile = running
    greet_on_new_years_day(thread)
    # A friend's greeting that mentions you is a notification too (the others reach you
    # only through the friends feed, which needs the network).
    words = functools.partial(greet, by="rin", text="@me あけおめ🎍", at=NEW_YEAR)
    on_server(thread, "friends", words)
    store = Store(profile / "kizuna.db")

    async def scenario() -> None:
        session = await open_sandbox_session(profile / "sandbox", store=store)
        try:
            await store_notifications(session)
            await asyncio.to_thread(thread.stop)  # offline from here on
            for adapter in session.adapters:
                with pytest.raises(NetworkError):
                    await adapter.notifications()
            ledger = LedgerService(session, store, clock=NOW.timestamp)
            await ledger.collect("shogatsu", 2027)
            friends = [a.account for a in session.adapters if Audience.FRIENDS in a.account.serves]
            assert friends and ledger.unreachable == friends  # its feed could not be read
            received = ledger.ledger("shogatsu", 2027).received
            assert {r.greeting.sender_username for r in received} == {"rin", PUBLIC}
            gifts = {r.greeting.sender_username: r.greeting.gift for r in received}
            assert gifts[PUBLIC] and not gifts["rin"]  # the card, read back from the store
        finally:
            await session.aclose()

    try:
        asyncio.run(scenario())
    finally:
        store.close()


def test_the_ledger_asks_only_for_notifications_newer_than_the_stored(
    running: tuple[SandboxThread, Path],
) -> None:
    thread, profile = running
    greet_on_new_years_day(thread)
    # Each account needs a stored notification; the seed's mentions of the demo user depend
    # on the hour the sandbox starts, so a friend's mention is made here.
    words = functools.partial(greet, by="rin", text="@me あけおめ🎍", at=NEW_YEAR)
    on_server(thread, "friends", words)
    store = Store(profile / "kizuna.db")

    async def scenario() -> None:
        session = await open_sandbox_session(profile / "sandbox", store=store)
        try:
            await store_notifications(session)
            newest = {
                a.account.key: NotificationStore(store).newest_id(a.account.key)
                for a in session.adapters
            }
            assert all(newest.values())
            later = functools.partial(greet, by="aoi", text="@me あけおめ🎍", at=NEW_YEAR)
            on_server(thread, "friends", later)  # not stored yet
            asked: dict[str, str | None] = {}
            for adapter in session.adapters:
                fetch = adapter.notifications

                async def recording(
                    since: str | None = None, *, _a: Any = adapter, _f: Any = fetch
                ) -> Any:
                    asked[_a.account.key] = since
                    return await _f(since)

                adapter.notifications = recording  # type: ignore[method-assign]
            ledger = LedgerService(session, store, clock=NOW.timestamp)
            await ledger.collect("shogatsu", 2027)
            assert asked == newest
            received = ledger.ledger("shogatsu", 2027).received
            assert {r.greeting.sender_username for r in received} == {
                *FRIENDS,
                PUBLIC,
                "rin",
                "aoi",
            }
        finally:
            await session.aclose()

    try:
        asyncio.run(scenario())
    finally:
        store.close()


def hidden(reply: httpx.Response) -> bool:
    """Misskey's answer to someone who may not read a note: an error, or the note packed
    with ``isHidden`` and neither text nor files."""
    if reply.status_code != 200:
        return True
    note = reply.json()
    return bool(note.get("isHidden")) and note.get("text") is None and not note.get("files")


def check_on_the_servers(thread: SandboxThread, store: Store) -> None:
    """Each answer as its server keeps it, read by the people who may and may not see it."""
    from app.store.outbox import OutboxStore

    answers = [t for t in OutboxStore(store).targets() if t.reply_to is not None]
    friends = [t for t in answers if t.audience is Audience.FRIENDS]
    public = [t for t in answers if t.audience is Audience.PUBLIC]
    assert len(friends) == 2 and len(public) == 1
    nakama = ids(thread, "friends")
    with httpx.Client(base_url=info(thread).friends_url, trust_env=False) as http:

        def show(user: str, note: str) -> httpx.Response:
            return http.post(
                "/api/notes/show", json={"noteId": note, "i": info(thread).token("friends", user)}
            )

        for target in friends:
            assert target.remote_id is not None
            to = next(n for n in ("mio", "takumi") if nakama[n] in target.recipients)
            other = "takumi" if to == "mio" else "mio"
            note = show(to, target.remote_id).json()
            assert note["visibility"] == "specified"
            assert note["visibleUserIds"] == [nakama[to]]
            assert note["replyId"]  # threaded under their greeting
            for outsider in (other, community.STRANGERS[0]):
                assert hidden(show(outsider, target.remote_id)), outsider
    (answer,) = public
    with httpx.Client(base_url=info(thread).public_url, trust_env=False) as http:
        status = http.get(f"/api/v1/statuses/{answer.remote_id}").json()  # anonymous: public
        assert status["visibility"] == "public"
        assert [m["username"] for m in status["mentions"]] == [PUBLIC]
        assert status["in_reply_to_id"] is not None


def rows_with(stdout: str, state: str) -> int:
    """How many table rows (indented) of the CLI's ledger hold ``state``."""
    return sum(state in line for line in stdout.splitlines() if line.startswith("  "))


def test_the_same_through_python_m_app_ledger(running: tuple[SandboxThread, Path]) -> None:
    thread, profile = running
    greet_on_new_years_day(thread)
    store = Store(profile / "kizuna.db")

    async def greeted_haruka() -> None:
        session = await open_sandbox_session(profile / "sandbox", store=store)
        try:
            await greet_haruka_first(thread, store, session)
        finally:
            await session.aclose()

    try:
        asyncio.run(greeted_haruka())
        before = cli(profile)
        assert before.returncode == 0, before.stderr
        assert "3 greetings not answered yet  0 not greeted back yet" in before.stdout
        assert rows_with(before.stdout, " not answered ") == 3
        assert "[Kadomatsu" in before.stdout  # mio's card, recognised as a 年賀状
        answered = cli(profile, "--answer-all")
        assert answered.returncode == 0, answered.stderr
        assert "3 greetings answered" in answered.stdout
        assert "0 greetings not answered yet" in answered.stdout
        again = cli(profile)
        assert again.returncode == 0, again.stderr
        assert "0 greetings not answered yet" in again.stdout
        assert rows_with(again.stdout, " not answered ") == 0
        assert rows_with(again.stdout, " answered ") == 4
        check_on_the_servers(thread, store)
    finally:
        store.close()


def test_an_unknown_occasion_is_a_usage_error(tmp_path: Path) -> None:
    argv = [sys.executable, "-m", "app", "--profile", str(tmp_path / "p"), "ledger"]
    done = subprocess.run(
        [*argv, "--occasion", "nosuch", "--year", "2027"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert "no occasion 'nosuch' in 2027" in done.stderr
