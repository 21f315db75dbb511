"""The notifications service over real HTTP: live from the sandbox's streams (a mention
by another demo account is stored and heard without a restart, and again after the
stream is cut), polled from the fake X API (a network without a stream), kept across a
restart without duplicates, and a malformed notification skipped with a log line."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

import httpx

from app.core.errors import ErrorKind
from app.core.models import Audience, NotificationKind
from app.services.notifications import NotificationsService, StoredNotification, Watching
from app.services.session import open_sandbox_session
from app.store.db import Store
from app.store.notifications import NotificationStore
from tests.fakes.x_server import FakeX
from tests.helpers import until
from tests.sandbox.test_x_adapter import adapter_for

# Only keeps a broken test from hanging; never a measured threshold.
GUARD = 60.0


class Heard:
    """What a running service told its listeners."""

    def __init__(self) -> None:
        self.rows: list[tuple[StoredNotification, bool]] = []
        self.states: dict[str, Watching] = {}
        self.history: list[Watching] = []

    def on_new(self, rows: list[StoredNotification], live: bool) -> None:
        self.rows.extend((r, live) for r in rows)

    def on_state(self, state: Any) -> None:
        self.states[state.account_key] = state.watching
        self.history.append(state.watching)

    def texts(self) -> list[str]:
        return [r.notification.post.text for r, _ in self.rows if r.notification.post]


def _mention_on_sora(sandbox: Any, text: str) -> None:
    httpx.post(
        f"{sandbox.public_url}/api/v1/statuses",
        headers={"Authorization": f"Bearer {sandbox.token('public', 'rin')}"},
        data={"status": f"@me {text}", "visibility": "public"},
    ).raise_for_status()


def _mention_on_nakama(sandbox: Any, text: str) -> None:
    httpx.post(
        f"{sandbox.friends_url}/api/notes/create",
        json={
            "i": sandbox.token("friends", "haruka"),
            "text": f"@me {text}",
            "visibility": "followers",
        },
    ).raise_for_status()


def _drop_streams(sandbox: Any) -> None:
    httpx.post(
        f"{sandbox.admin_url}/_sandbox/drop-streams/both",
        headers=sandbox.admin_headers(),
        json={},
    ).raise_for_status()


def _stored_texts(path: Path) -> list[str]:
    """Every stored notification's post text, read afresh from the profile (a restart)."""
    store = Store(path)
    try:
        keys = [
            str(r[0])
            for r in store.connection.execute("SELECT DISTINCT account_key FROM notifications")
        ]
        rows = NotificationStore(store).recent(keys)
    finally:
        store.close()
    return [r.notification.post.text for r in rows if r.notification.post is not None]


def test_mentions_arrive_live_on_both_circles_and_after_a_dropped_stream(
    sandbox: Any, tmp_path: Path
) -> None:
    store = Store(tmp_path / "kizuna.db")

    async def run() -> None:
        session = await open_sandbox_session(sandbox.data_dir, store=store)
        service = session.notifications
        heard = Heard()
        task = asyncio.ensure_future(service.run(heard.on_new, heard.on_state))
        try:
            keys = service.account_keys()
            await until(lambda: all(heard.states.get(k) is Watching.LIVE for k in keys), GUARD)
            before = service.unseen_count()
            await asyncio.to_thread(_mention_on_sora, sandbox, "初詣いこう")
            await asyncio.to_thread(_mention_on_nakama, sandbox, "おせち作った")
            await until(lambda: len(_about(heard, "初詣いこう", "おせち作った")) == 2, GUARD)
            sora, nakama = _about(heard, "初詣いこう", "おせち作った")
            assert sora[1] and nakama[1]  # live: announced
            assert sora[0].notification.kind is NotificationKind.MENTION
            assert sora[0].notification.author.username == "rin"
            assert nakama[0].notification.author.username == "haruka"
            assert (sora[0].circle, nakama[0].circle) == (Audience.PUBLIC, Audience.FRIENDS)
            assert service.unseen_count() == before + 2

            # The streams are cut; a mention made meanwhile still arrives, once.
            heard.history.clear()
            await asyncio.to_thread(_drop_streams, sandbox)
            await until(lambda: Watching.RETRYING in heard.history, GUARD)
            await asyncio.to_thread(_mention_on_sora, sandbox, "切れても届く")
            await until(lambda: len(_about(heard, "切れても届く")) == 1, GUARD)
            await until(lambda: all(heard.states.get(k) is Watching.LIVE for k in keys), GUARD)
            assert len(_about(heard, "切れても届く")) == 1
            assert service.unseen_count() == before + 3
            assert service.mark_seen() == before + 3
            assert service.unseen_count() == 0
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            await session.aclose()

    try:
        asyncio.run(run())
    finally:
        store.close()
    texts = _stored_texts(tmp_path / "kizuna.db")
    for words in ("初詣いこう", "おせち作った", "切れても届く"):
        assert sum(words in t for t in texts) == 1, (words, texts)


def _about(heard: Heard, *words: str) -> list[tuple[StoredNotification, bool]]:
    """The notifications heard whose post says one of ``words``, in that order."""
    out = []
    for w in words:
        out += [
            (r, live)
            for r, live in heard.rows
            if r.notification.post is not None and w in r.notification.post.text
        ]
    return out


def test_polling_a_network_without_a_stream(tmp_path: Path, caplog: Any) -> None:
    """X has no notification stream: its mentions are polled, stored once however often
    they are polled, kept across a restart, and a malformed one is skipped with a log line."""

    async def run() -> None:
        async with FakeX() as fake:
            friend = fake.add_user("haruka_x", "はるか")
            first = fake.add_tweet(friend, "@kizuna_me 年賀状ありがとう")
            adapter = await adapter_for(fake)
            assert adapter.capabilities.notifications
            assert not adapter.capabilities.notification_stream
            store = Store(tmp_path / "kizuna.db")
            service = NotificationsService(
                [adapter], NotificationStore(store), poll_interval=0.05, reconnect_cap=0.1
            )
            heard = Heard()
            task = asyncio.ensure_future(service.run(heard.on_new, heard.on_state))

            def polls() -> int:
                return sum(1 for _method, path in fake.requests if path.endswith("/mentions"))

            try:
                await until(lambda: len(heard.rows) == 1, GUARD)
                assert heard.rows[0][0].notification.id == first.id
                assert heard.rows[0][1] is False  # the backlog: counted, not announced
                assert heard.states[adapter.account.key] is Watching.POLLING
                broken = fake.add_tweet(friend, "@kizuna_me 壊れた")
                broken.text = "@kizuna_me \ud800"  # not UTF-8: a malformed item
                second = fake.add_tweet(friend, "@kizuna_me あけおめ！")
                await until(lambda: len(heard.rows) >= 2, GUARD)
                seen_polls = polls()
                await until(lambda: polls() > seen_polls + 2, GUARD)  # polled on and on
            finally:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
                await adapter.aclose()
            assert [(r.notification.id, live) for r, live in heard.rows] == [
                (first.id, False),
                (second.id, True),
            ]
            assert [r.notification.id for r in service.recent()] == [second.id, first.id]
            assert service.unseen_count() == 2
            store.close()
            again = Store(tmp_path / "kizuna.db")  # a restart: the same two, once each
            try:
                kept = NotificationStore(again).recent([adapter.account.key])
                assert [r.notification.id for r in kept] == [second.id, first.id]
                assert [r.notification.kind for r in kept] == [NotificationKind.MENTION] * 2
            finally:
                again.close()

    with caplog.at_level(logging.WARNING):
        asyncio.run(run())
    assert any("malformed" in r.getMessage() for r in caplog.records)


def _faults(sandbox: Any, side: str, **settings: Any) -> None:
    httpx.post(
        f"{sandbox.admin_url}/_sandbox/faults/{side}",
        headers=sandbox.admin_headers(),
        json=settings,
    ).raise_for_status()


def test_a_failing_server_is_reported_with_its_reason_and_backed_off(
    sandbox: Any, tmp_path: Path
) -> None:
    """Every request failing: the watch reports RETRYING with the reason code (words are
    the window's), tries again after a backoff, and is live again once the server is."""
    store = Store(tmp_path / "kizuna.db")

    async def run() -> None:
        session = await open_sandbox_session(sandbox.data_dir, store=store)
        service = session.notifications
        service.reconnect_cap = 0.2
        public = next(k for k in service.account_keys() if k.startswith("mastodon:"))
        states: list[Any] = []
        await asyncio.to_thread(_faults, sandbox, "public", error_rate=1.0)
        task = asyncio.ensure_future(service.run(lambda rows, live: None, states.append))
        try:
            await until(
                lambda: (
                    sum(s.account_key == public and s.watching is Watching.RETRYING for s in states)
                    >= 2
                ),
                GUARD,
            )
            failed = [s for s in states if s.watching is Watching.RETRYING]
            # The handshake refused: a reason code (OFFLINE here), never words.
            assert all(isinstance(s.error, ErrorKind) for s in failed)
            await asyncio.to_thread(_faults, sandbox, "public", reset=True)
            after = len(states)
            await until(
                lambda: any(
                    s.account_key == public and s.watching is Watching.LIVE for s in states[after:]
                ),
                GUARD,
            )
            await asyncio.to_thread(_mention_on_sora, sandbox, "直った")
            await until(
                lambda: any(
                    "直った" in r.notification.post.text
                    for r in service.recent()
                    if r.notification.post
                ),
                GUARD,
            )
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            await session.aclose()

    try:
        asyncio.run(run())
    finally:
        store.close()
