"""Closing the window while a schedule waits keeps Kizuna in the tray (issue 15, item 4),
against the sandbox over real HTTP through the bootstrap's main coroutine: the window
hides, the tray icon says what waits, the outbox loop sends the schedule at its time (the
outbox's clock is injected and moved to it), and Quit Kizuna ends the loop and the run.

Qt's offscreen platform has no system tray: tests inject ``tray.available``. Creating the
icon there makes Qt log one harmless warning about its platform interface."""

from __future__ import annotations

import argparse
import asyncio
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from app import bootstrap
from app.core.models import Audience
from app.i18n.formatting import absolute_datetime
from app.services.outbox import OutboxService
from app.services.session import Session, open_sandbox_session
from app.store.db import Store
from app.store.outbox import OutboxStore, TargetState
from app.store.settings import TRAY_NOTICE_SHOWN, Settings
from app.ui.draft_keeper import DRAFT_KEY
from app.ui.main_window import MainWindow
from tests.helpers import until
from tests.qt.test_main_window_schedules import friends_notes, public_posts

TRAY_WARNING = "No such signal QPlatformNativeInterface::systemTrayWindowChanged"
BOTH = {Audience.PUBLIC: "予約のあいさつ {tag}", Audience.FRIENDS: "予約だよ {tag}"}


class Clock:
    """The outbox's clock, moved by the test."""

    def __init__(self) -> None:
        self.t = float(int(time.time()))  # whole seconds: a schedule's time is exact

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def quit_on_close(qapp: QApplication) -> Iterator[None]:
    quits = qapp.quitOnLastWindowClosed()
    qapp.setQuitOnLastWindowClosed(False)  # as the bootstrap has it
    try:
        yield
    finally:
        qapp.setQuitOnLastWindowClosed(quits)


def window_on_sandbox(
    qtbot: Any, sandbox: Any, profile_dir: Path, clock: Clock, *, tray: bool
) -> MainWindow:
    """The main window whose session's outbox runs on ``clock`` and keeps every schedule
    locally (a Mastodon server would otherwise hold a far-off one itself)."""
    store = Store(profile_dir / "kizuna.db")

    async def opener(_sandbox: bool) -> Session:
        session = await open_sandbox_session(sandbox.data_dir, store=store)
        session.outbox = OutboxService(OutboxStore(store), session.adapters, clock=clock)
        return session

    window = MainWindow(store=store, lang="en", opener=opener)
    qtbot.addWidget(window)
    window.background.tray.available = lambda: tray
    window.show()
    return window


def main_args(profile_dir: Path) -> argparse.Namespace:
    """The command line the bootstrap's main coroutine reads."""
    return argparse.Namespace(screenshot=None, profile=profile_dir)


def schedule(window: MainWindow, clock: Clock, tag: str, ahead: float = 3600.0) -> int:
    assert window.outbox is not None
    at = datetime.fromtimestamp(clock.t + ahead, UTC)
    return window.outbox.enqueue({a: t.format(tag=tag) for a, t in BOTH.items()}, at=at)


def states(window: MainWindow, message_id: int) -> set[TargetState]:
    assert window.outbox is not None
    return {t.state for t in window.outbox.targets(message_id)}


@pytest.mark.qt_log_ignore(TRAY_WARNING)
def test_a_schedule_is_sent_from_the_tray_and_quit_stops_the_loop(
    qtbot: Any, qloop: Any, sandbox: Any, profile_dir: Path, quit_on_close: None
) -> None:
    tag = uuid.uuid4().hex[:10]
    clock = Clock()
    window = window_on_sandbox(qtbot, sandbox, profile_dir, clock, tray=True)
    tray = window.background.tray
    seen: dict[str, Any] = {}

    async def scenario() -> int:
        run = asyncio.ensure_future(bootstrap._main(window, main_args(profile_dir)))
        await until(lambda: window.session is not None, 20)
        mid = schedule(window, clock, tag)
        window.open_composer().set_text("まだ書きかけ")
        [runner] = list(window.sessions._tasks)  # the outbox loop

        window.close()
        seen["closed"] = (window.isVisible(), window.closed.is_set(), run.done(), runner.done())
        seen["tray"] = (tray.visible, tray.tooltip, tray.status_action.text())
        seen["draft"] = window.store.load_draft(DRAFT_KEY)
        seen["before"] = (public_posts(sandbox, tag), friends_notes(sandbox, tag))

        clock.t += 3600  # its time: the loop, still running behind the tray, sends it
        window.sessions.outbox_wake.set()
        await until(lambda: states(window, mid) == {TargetState.SENT}, 30)
        window.background.refresh()
        seen["after"] = tray.tooltip

        tray.quit_action.trigger()  # nothing waits now: no question
        code = await asyncio.wait_for(run, 30)
        seen["stopped"] = (runner.done(), tray.visible, window.closed.is_set())
        return code

    assert qloop.run_until_complete(asyncio.wait_for(scenario(), 60)) == 0
    assert seen["closed"] == (False, False, False, False)
    at = datetime.fromtimestamp(clock.t, UTC)
    visible, tooltip, status = seen["tray"]
    assert visible
    assert status == f"2 posts waiting, the next at {absolute_datetime(at, 'en')}"
    assert tooltip == f"Kizuna\n{status}"
    assert seen["draft"]["text"] == "まだ書きかけ"
    assert seen["before"] == ([], [])
    [public] = public_posts(sandbox, tag)
    [note] = friends_notes(sandbox, tag)
    assert public["visibility"] == "public" and note["visibility"] == "followers"
    assert seen["after"] == "Kizuna\nNothing waits to be sent"
    assert seen["stopped"] == (True, False, True)
    # The first-time notice was given once, and is remembered.
    assert Settings(window.store).get(TRAY_NOTICE_SHOWN) is True


@pytest.mark.qt_log_ignore(TRAY_WARNING)
def test_quit_says_what_waits_and_cancel_keeps_running(
    qtbot: Any, qloop: Any, sandbox: Any, profile_dir: Path, quit_on_close: None
) -> None:
    tag = uuid.uuid4().hex[:10]
    clock = Clock()
    window = window_on_sandbox(qtbot, sandbox, profile_dir, clock, tray=True)
    seen: dict[str, Any] = {}

    async def scenario() -> int:
        run = asyncio.ensure_future(bootstrap._main(window, main_args(profile_dir)))
        await until(lambda: window.session is not None, 20)
        mid = schedule(window, clock, tag, ahead=7200)
        window.close()
        window.background.tray.quit_action.trigger()
        box = window.background.box
        assert box is not None and box.isVisible()
        seen["text"] = box.text()
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
        seen["cancelled"] = (run.done(), window.background.tray.visible)
        window.background.tray.quit_action.trigger()
        box = window.background.box
        assert box is not None
        [quit_button] = [
            b for b in box.buttons() if box.buttonRole(b) is QMessageBox.ButtonRole.AcceptRole
        ]
        qtbot.mouseClick(quit_button, Qt.MouseButton.LeftButton)
        code = await asyncio.wait_for(run, 30)
        seen["left"] = states(window, mid)
        return code

    assert qloop.run_until_complete(asyncio.wait_for(scenario(), 60)) == 0
    at = absolute_datetime(datetime.fromtimestamp(clock.t + 7200, UTC), "en")
    assert seen["text"].startswith(f"2 posts waiting, the next at {at}.")
    assert "until it starts again" in seen["text"]
    assert seen["cancelled"] == (False, True)
    # Quitting sent nothing: the schedule waits in the outbox for the next start.
    assert seen["left"] == {TargetState.QUEUED}
    assert public_posts(sandbox, tag) == [] and friends_notes(sandbox, tag) == []


def test_without_a_tray_closing_asks_and_can_keep_running_minimized(
    qtbot: Any, qloop: Any, sandbox: Any, profile_dir: Path, quit_on_close: None
) -> None:
    tag = uuid.uuid4().hex[:10]
    clock = Clock()
    window = window_on_sandbox(qtbot, sandbox, profile_dir, clock, tray=False)
    seen: dict[str, Any] = {}

    async def scenario() -> int:
        run = asyncio.ensure_future(bootstrap._main(window, main_args(profile_dir)))
        await until(lambda: window.session is not None, 20)
        schedule(window, clock, tag)
        window.close()
        box = window.background.box
        assert box is not None and box.isVisible()
        [keep] = [
            b for b in box.buttons() if box.buttonRole(b) is QMessageBox.ButtonRole.RejectRole
        ]
        seen["keep"] = keep.text()
        qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
        seen["kept"] = (run.done(), window.isMinimized(), window.closed.is_set())
        # A notification has no tray to come from: the status bar says it.
        window.background.tray.show_message("Mention", "はるさんから")
        seen["status"] = window.statusBar().currentMessage()
        window.close()
        box = window.background.box
        assert box is not None
        [quit_button] = [
            b for b in box.buttons() if box.buttonRole(b) is QMessageBox.ButtonRole.AcceptRole
        ]
        qtbot.mouseClick(quit_button, Qt.MouseButton.LeftButton)
        return await asyncio.wait_for(run, 30)

    assert qloop.run_until_complete(asyncio.wait_for(scenario(), 60)) == 0
    assert seen["keep"] == "Keep running minimized"
    assert seen["kept"] == (False, True, False)
    assert seen["status"] == "Mention — はるさんから"
    assert window.background.tray.icon is None
    assert Settings(window.store).get(TRAY_NOTICE_SHOWN) is False


@pytest.mark.qt_log_ignore(TRAY_WARNING)
def test_with_nothing_waiting_closing_quits(
    qtbot: Any, qloop: Any, sandbox: Any, profile_dir: Path, quit_on_close: None
) -> None:
    window = window_on_sandbox(qtbot, sandbox, profile_dir, Clock(), tray=True)

    async def scenario() -> int:
        run = asyncio.ensure_future(bootstrap._main(window, main_args(profile_dir)))
        await until(lambda: window.session is not None, 20)
        window.close()
        return await asyncio.wait_for(run, 30)

    assert qloop.run_until_complete(asyncio.wait_for(scenario(), 60)) == 0
    assert window.closed.is_set() and window.background.box is None
    assert Settings(window.store).get(TRAY_NOTICE_SHOWN) is False


@pytest.mark.qt_log_ignore(TRAY_WARNING)
def test_when_the_session_ends_closing_quits_even_with_schedules(
    qtbot: Any, qloop: Any, sandbox: Any, profile_dir: Path, quit_on_close: None
) -> None:
    """Logging out or shutting down (Qt's commitDataRequest): the window closes and the
    run ends; the schedule waits in the outbox for the next start."""
    clock = Clock()
    window = window_on_sandbox(qtbot, sandbox, profile_dir, clock, tray=True)
    left: set[TargetState] = set()

    async def scenario() -> int:
        run = asyncio.ensure_future(bootstrap._main(window, main_args(profile_dir)))
        await until(lambda: window.session is not None, 20)
        mid = schedule(window, clock, uuid.uuid4().hex[:10])
        window.background.session_ending()
        window.close()
        code = await asyncio.wait_for(run, 30)
        left.update(states(window, mid))
        return code

    assert qloop.run_until_complete(asyncio.wait_for(scenario(), 60)) == 0
    assert window.closed.is_set() and window.background.box is None
    assert left == {TargetState.QUEUED}
