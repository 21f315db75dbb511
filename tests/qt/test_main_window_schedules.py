"""The main window and a schedule missed while Kizuna was closed (issue 3), against the
sandbox over real HTTP: on attach the window asks (a QMessageBox opened with ``open()``);
Yes sends the post late to both servers, No keeps it in the outbox and sends nothing."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.core.models import Audience
from app.services.outbox import OutboxService
from app.services.session import open_sandbox_session
from app.store.db import Store
from app.store.outbox import LATE, OutboxStore, TargetState
from app.ui.main_window import MainWindow
from tests.helpers import until


def public_posts(info: Any, tag: str) -> list[dict[str, Any]]:
    r = httpx.get(f"{info.public_url}/api/v1/timelines/public?limit=40")
    r.raise_for_status()
    return [s for s in r.json() if tag in s["content"]]


def friends_notes(info: Any, tag: str) -> list[dict[str, Any]]:
    body = {"i": info.token("friends"), "limit": 40}
    r = httpx.post(f"{info.friends_url}/api/notes/timeline", json=body)
    r.raise_for_status()
    return [n for n in r.json() if tag in (n.get("text") or "")]


@pytest.mark.parametrize("answer", ["yes", "no"])
def test_a_missed_schedule_is_asked_about_on_attach(
    qtbot, qloop, sandbox, profile_dir: Path, answer: str
) -> None:
    tag = uuid.uuid4().hex[:10]
    window = MainWindow(store=Store(profile_dir / "kizuna.db"), lang="en")
    qtbot.addWidget(window)
    window.show()
    seen: dict[str, Any] = {}

    async def scenario() -> None:
        session = await open_sandbox_session(sandbox.data_dir, store=window.store)
        try:
            # Two hours ago the user scheduled it for an hour ago, then closed Kizuna.
            then = datetime.now(UTC) - timedelta(hours=2)
            before = OutboxService(
                OutboxStore(window.store), session.adapters, clock=lambda: then.timestamp()
            )
            mid = before.enqueue(
                {Audience.PUBLIC: f"遅れた予約 {tag}", Audience.FRIENDS: f"遅れたよ {tag}"},
                at=then + timedelta(hours=1),
            )
            assert {t.state for t in before.targets(mid)} == {TargetState.QUEUED}

            window.attach_session(session)
            box = window.late_box
            assert box is not None and box.isVisible()
            assert "1 scheduled post" in box.text()
            assert box.windowModality() is not Qt.WindowModality.NonModal  # open(), not exec()
            assert window.outbox is not None
            # Asked, not sent: a pass of the outbox leaves it alone.
            await window.outbox.run_due()
            seen["asked"] = [(t.state, t.error_kind) for t in window.outbox.targets(mid)]
            seen["before_answer"] = (public_posts(sandbox, tag), friends_notes(sandbox, tag))

            button = (
                QMessageBox.StandardButton.Yes if answer == "yes" else QMessageBox.StandardButton.No
            )
            qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)
            outbox = window.outbox
            if answer == "yes":
                await until(
                    lambda: {t.state for t in outbox.targets(mid)} == {TargetState.SENT},
                    timeout=30,
                )
            else:
                await outbox.run_due()  # what the window's loop does: nothing is due
            seen["final"] = outbox.targets(mid)
            seen["pending"] = [t.message_id for t in outbox.pending()]
            seen["button"] = window.outbox_button.text()
        finally:
            await window.detach_session()
            await session.aclose()

    qloop.run_until_complete(asyncio.wait_for(scenario(), 60))
    assert seen["asked"] == [(TargetState.NEEDS_ATTENTION, LATE)] * 2
    assert seen["before_answer"] == ([], [])
    if answer == "yes":
        assert all(t.remote_id for t in seen["final"])
        [public] = public_posts(sandbox, tag)
        [note] = friends_notes(sandbox, tag)
        assert "遅れた予約" in public["content"] and public["visibility"] == "public"
        assert note["text"].startswith("遅れたよ") and note["visibility"] == "followers"
        assert seen["pending"] == []
    else:
        assert [(t.state, t.error_kind) for t in seen["final"]] == [
            (TargetState.NEEDS_ATTENTION, LATE)
        ] * 2
        assert seen["pending"] == [seen["final"][0].message_id] * 2
        assert seen["button"].endswith("(2)")
        assert public_posts(sandbox, tag) == [] and friends_notes(sandbox, tag) == []
