"""The outbox dialog over real HTTP (the sandbox): a post for both circles scheduled for
tomorrow 21:00 JST — Mastodon's held by the server, Misskey's in the local outbox — is
listed in one place with its time in Japanese (Babel ja_JP, Asia/Tokyo) and its reason;
a cancel that cannot reach the server says so and keeps the row; Cancel, Reschedule and
Send now do what they say on the servers."""

from __future__ import annotations

import asyncio
import dataclasses
import socket
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from PySide6.QtCore import Qt

from app.core.clock import TOKYO
from app.core.models import AccountRef, Audience
from app.networks.mastodon import MastodonAdapter
from app.services.outbox import OutboxService
from app.services.session import open_sandbox_session
from app.store.db import Store
from app.store.outbox import MessageKind, OutboxStore, TargetState
from app.ui.outbox_dialog import OutboxDialog


def held_on_server(info: Any) -> list[dict[str, Any]]:
    r = httpx.get(
        f"{info.public_url}/api/v1/scheduled_statuses",
        headers={"Authorization": f"Bearer {info.token('public')}"},
    )
    r.raise_for_status()
    return list(r.json())


def my_notes(info: Any, tag: str) -> list[dict[str, Any]]:
    body = {"i": info.token("friends"), "limit": 40}
    notes = httpx.post(f"{info.friends_url}/api/notes/timeline", json=body).json()
    return [n for n in notes if tag in (n.get("text") or "")]


def unreachable(adapter: Any) -> MastodonAdapter:
    """The same account on a local port where nothing listens."""
    hole = socket.socket()
    hole.bind(("127.0.0.1", 0))
    port = hole.getsockname()[1]
    hole.close()
    return MastodonAdapter(
        dataclasses.replace(adapter.account, base_url=f"http://127.0.0.1:{port}"), "token"
    )


def japanese(moment: datetime) -> str:
    local = moment.astimezone(TOKYO)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def tomorrow_at_nine_pm() -> datetime:
    today = datetime.now(TOKYO).date()
    return datetime(today.year, today.month, today.day, 21, tzinfo=TOKYO) + timedelta(days=1)


def test_every_waiting_post_in_one_place_with_cancel_reschedule_and_send_now(
    qtbot, qloop, sandbox, profile_dir: Path
) -> None:
    tag = uuid.uuid4().hex[:10]
    at = tomorrow_at_nine_pm()
    seen: dict[str, Any] = {}

    async def scenario() -> None:
        session = await open_sandbox_session(sandbox.data_dir, activity=None)
        outbox = OutboxService(
            OutboxStore(Store(profile_dir / "kizuna.db")), session.adapters, server_schedule=True
        )
        dialog = OutboxDialog(outbox.pending, lang="ja", outbox=lambda: outbox)
        qtbot.addWidget(dialog)
        discarded: list[int] = []
        resumed: list[bool] = []
        dialog.discardRequested.connect(discarded.append)
        dialog.resumeRequested.connect(lambda: resumed.append(True))
        try:
            assert dialog.empty_label.text() and not dialog.empty_label.isHidden()
            mid = outbox.enqueue(
                {Audience.PUBLIC: f"メリークリスマス {tag}", Audience.FRIENDS: f"メリクリ！ {tag}"},
                at=at,
            )
            await outbox.run_due()
            public, friends = outbox.targets(mid)
            assert public.server_scheduled and friends.state is TargetState.QUEUED
            dialog.show()
            dialog.refresh()
            assert dialog.model.rowCount() == 2
            for row in (public, friends):
                assert dialog.cell(row.id, "when") == japanese(at)
            assert dialog.cell(public.id, "state") == "Scheduled on the server"
            assert "sora" in dialog.cell(public.id, "reason")
            # The state names who keeps it; the time is said once, in the When column.
            assert dialog.cell(friends.id, "state") == "Scheduled in Kizuna"
            assert "Kizuna" in dialog.cell(friends.id, "reason")

            # Offline: Cancel says so and the row (and the server's schedule) stay.
            assert dialog.select(public.id)
            assert dialog.cancel_button.text() == "Cancel schedule"
            live = list(outbox.adapters)
            outbox.adapters = [unreachable(live[0]) if a is live[0] else a for a in live]
            assert isinstance(live[0], MastodonAdapter)
            qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
            await dialog.wait_idle()
            seen["offline_message"] = dialog.message()
            seen["offline_rows"] = dialog.model.rowCount()
            seen["offline_server"] = len(held_on_server(sandbox))
            outbox.adapters = live

            # Reschedule the held post: the server moves it.
            later = at + timedelta(hours=1)
            dialog.select(public.id)
            dialog.set_reschedule_time(later)
            qtbot.mouseClick(dialog.reschedule_button, Qt.MouseButton.LeftButton)
            await dialog.wait_idle()
            seen["moved_message"] = dialog.message()
            seen["moved_when"] = dialog.cell(public.id, "when")
            seen["moved_server"] = [h["scheduled_at"] for h in held_on_server(sandbox)]

            # Cancel it for real: gone from the server and from the list.
            dialog.select(public.id)
            qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
            await dialog.wait_idle()
            seen["cancelled_server"] = held_on_server(sandbox)
            seen["discarded"] = list(discarded)
            seen["rows_after_cancel"] = dialog.model.rowCount()

            # Send the friends post now: it reaches Misskey at once.
            dialog.select(friends.id)
            qtbot.mouseClick(dialog.send_now_button, Qt.MouseButton.LeftButton)
            await dialog.wait_idle()
            seen["resumed"] = bool(resumed)
            await outbox.run_due()  # what the window's loop does when woken
            dialog.refresh()
            seen["rows_at_end"] = dialog.model.rowCount()
            seen["friends_final"] = outbox.store.target(friends.id)
        finally:
            # Not closed here: closing the last window would stop the loop itself.
            outbox.store.store.close()
            await session.aclose()

    qloop.run_until_complete(asyncio.wait_for(scenario(), 60))
    assert "Could not cancel it on the server" in seen["offline_message"]
    assert "Cannot reach the server" in seen["offline_message"]
    assert seen["offline_rows"] == 2 and seen["offline_server"] == 1
    later = at + timedelta(hours=1)
    assert seen["moved_when"] == japanese(later)
    assert japanese(later) in seen["moved_message"]
    assert [s[:19] for s in seen["moved_server"]] == [
        later.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    ]
    assert seen["cancelled_server"] == [] and len(seen["discarded"]) == 1
    assert seen["rows_after_cancel"] == 1
    assert seen["resumed"] and seen["rows_at_end"] == 0
    assert seen["friends_final"].state is TargetState.SENT
    assert len(my_notes(sandbox, tag)) == 1


def test_a_local_row_is_discarded_by_the_window_and_a_past_time_is_refused(
    qtbot, qloop, profile_dir: Path
) -> None:
    """Without servers: a local schedule's Cancel goes to the window as discardRequested;
    rescheduling to a time already past says so and changes nothing."""
    store = OutboxStore(Store(profile_dir / "kizuna.db"))
    account = AccountRef(
        key="misskey:http://127.0.0.1:9:me",
        network="misskey",
        base_url="http://127.0.0.1:9",
        user_id="u1",
        username="me",
        handle="@me@nakama",
        serves=frozenset({Audience.FRIENDS}),
        label="nakama",
    )
    now = datetime.now(UTC).timestamp()
    at = tomorrow_at_nine_pm()
    mid = store.add_message(
        {Audience.FRIENDS: "予約"},
        [(account, Audience.FRIENDS)],
        kind=MessageKind.POST,
        now=now,
        scheduled_at=at.timestamp(),
    )
    [row] = store.targets(message_id=mid)
    outbox = OutboxService(store)
    dialog = OutboxDialog(outbox.pending, lang="en", outbox=lambda: outbox)
    qtbot.addWidget(dialog)
    discarded: list[int] = []
    dialog.discardRequested.connect(discarded.append)
    seen: dict[str, Any] = {}

    async def scenario() -> None:
        dialog.refresh()
        seen["state"] = dialog.cell(row.id, "state")
        seen["when"] = dialog.cell(row.id, "when")
        dialog.select(row.id)
        dialog.set_reschedule_time(datetime.now(UTC) - timedelta(hours=1))
        qtbot.mouseClick(dialog.reschedule_button, Qt.MouseButton.LeftButton)
        await dialog.wait_idle()
        seen["message"] = dialog.message()
        seen["row"] = store.target(row.id)
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

    try:
        qloop.run_until_complete(asyncio.wait_for(scenario(), 20))
        # A local schedule's state names Kizuna; its time is only in the When column.
        assert seen["state"] == "Scheduled in Kizuna" and seen["when"]
        assert seen["when"] not in seen["state"]
        assert seen["message"] == "Choose a time that has not passed yet."
        assert seen["row"] == row
        assert discarded == [row.id]
        assert dialog.cancel_button.text() == "Cancel schedule"
    finally:
        store.store.close()
