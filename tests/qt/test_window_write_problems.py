"""The window on a profile whose disk fills up while it runs (a real tmpfs; root only):
the composer's draft and the outbox's background sender say why in the notice board and
the status bar, in the user's language, lose nothing, and clear the notice once space is
back — the draft saved, the waiting post sent exactly once."""

from __future__ import annotations

import argparse
import asyncio
import random
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from app import bootstrap
from app.core.models import Audience
from app.services.outbox import OutboxService
from app.services.profile_problems import WriteProblem
from app.services.session import Session, open_sandbox_session
from app.store.db import Store
from app.store.outbox import OutboxStore, TargetState
from app.ui.draft_keeper import DRAFT_KEY
from app.ui.main_window import MainWindow
from app.ui.notices import draft_problem_text, outbox_problem_text
from tests.full_disk import full_disk
from tests.helpers import ui_language, until
from tests.qt.test_gui_never_waits import LockHolder
from tests.qt.test_main_window_schedules import friends_notes, public_posts

# kizuna_ja's words for a full disk (ProfileDialog), inside either notice.
DISK_FULL_JA = "のあるディスクがいっぱいです。"
FULL = WriteProblem("disk_full")


def type_in(edit: QWidget, text: str) -> None:
    """``text`` committed by the input method, as a Japanese IME types it."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    edit.setFocus()
    QApplication.sendEvent(edit, event)


def _notice_lines(window: MainWindow) -> list[str]:
    return list(window.notice_board.lines)


def test_a_draft_on_a_full_disk_is_told_and_kept_then_saved(
    qtbot: Any, qapp: QApplication, qloop: Any, tmp_path: Path
) -> None:
    with full_disk(tmp_path / "disk") as disk, ui_language(qapp, "ja", tmp_path / "qm"):
        profile = disk.mount / "profile"
        store = Store(profile / "kizuna.db")
        window = MainWindow(store=store, lang="ja")
        qtbot.addWidget(window)
        window.show()
        composer = window.open_composer()
        type_in(composer.edit, "年末のごあいさつ")
        qtbot.waitUntil(lambda: store.load_draft(DRAFT_KEY) is not None, timeout=10000)

        disk.fill(profile / "kizuna.db")
        type_in(composer.edit, "、続きです")
        told = draft_problem_text(FULL, str(profile))
        qtbot.waitUntil(lambda: told in _notice_lines(window), timeout=20000)
        assert DISK_FULL_JA in told and "Error" not in told
        assert window.statusBar().currentMessage() == told
        assert window.notice_board.button.isVisible()
        assert composer.text() == "年末のごあいさつ、続きです"  # the text stays
        kept = store.load_draft(DRAFT_KEY)
        assert kept is not None and kept["text"] == "年末のごあいさつ"  # not half-written

        disk.free()  # no typing: the keeper tries again by itself
        qtbot.waitUntil(
            lambda: (store.load_draft(DRAFT_KEY) or {}).get("text") == composer.text(),
            timeout=30000,
        )
        qtbot.waitUntil(lambda: told not in _notice_lines(window), timeout=5000)
        saved = QCoreApplication.translate("Notices", "The draft is saved again.")
        assert window.statusBar().currentMessage() == saved
        assert not window.notice_board.button.isVisible()  # nothing else was noticed
        window.close()


def test_a_draft_while_another_program_holds_the_profile_names_it(
    qtbot: Any, qloop: Any, profile_dir: Path
) -> None:
    """Held past the busy timeout (no root needed): the notice names the holder, and
    the draft is saved once the lock is given back."""
    store = Store(profile_dir / "kizuna.db")
    window = MainWindow(store=store, lang="en")
    qtbot.addWidget(window)
    window.show()
    composer = window.open_composer()
    holder = LockHolder(profile_dir / "kizuna.db")
    try:
        qtbot.keyClicks(composer.edit, "typed while locked")
        qtbot.waitUntil(lambda: bool(_notice_lines(window)), timeout=60000)
        [told] = _notice_lines(window)
        assert told.startswith("The draft could not be saved. The profile database ")
        assert "is in use by another program (python" in told and f"pid {holder.proc.pid})" in told
        assert told.endswith("Your text stays in the composer.")
        assert composer.text() == "typed while locked"
        assert store.load_draft(DRAFT_KEY) is None
        holder.release()
        qtbot.waitUntil(lambda: store.load_draft(DRAFT_KEY) is not None, timeout=60000)
        assert store.load_draft(DRAFT_KEY)["text"] == "typed while locked"  # type: ignore[index]
        qtbot.waitUntil(lambda: not _notice_lines(window), timeout=5000)
        assert window.statusBar().currentMessage() == "The draft is saved again."
    finally:
        holder.stop()
    window.close()


def sent(window: MainWindow, message_id: int) -> bool:
    outbox = window.outbox
    return outbox is not None and all(
        t.state is TargetState.SENT for t in outbox.targets(message_id)
    )


class Clock:
    """The outbox's clock, moved by the test."""

    def __init__(self) -> None:
        self.t = float(int(time.time()))

    def __call__(self) -> float:
        return self.t


def test_a_post_due_on_a_full_disk_waits_then_goes_out_once(
    qtbot: Any, qapp: QApplication, qloop: Any, sandbox: Any, tmp_path: Path
) -> None:
    tag = uuid.uuid4().hex[:10]
    clock = Clock()
    with full_disk(tmp_path / "disk") as disk, ui_language(qapp, "ja", tmp_path / "qm"):
        profile = disk.mount / "profile"
        store = Store(profile / "kizuna.db")

        async def opener(_sandbox: bool) -> Session:
            session = await open_sandbox_session(sandbox.data_dir, store=store)
            session.outbox = OutboxService(
                OutboxStore(store), session.adapters, clock=clock, rng=random.Random(5)
            )
            return session

        window = MainWindow(store=store, lang="ja", opener=opener)
        qtbot.addWidget(window)
        window.background.tray.available = lambda: False
        window.show()
        told = outbox_problem_text(FULL, str(profile))
        seen: dict[str, Any] = {}

        async def scenario() -> int:
            args = argparse.Namespace(screenshot=None, profile=profile)
            run = asyncio.ensure_future(bootstrap._main(window, args))
            await until(lambda: window.session is not None, 30)
            assert window.outbox is not None
            at = datetime.fromtimestamp(clock.t + 3600, UTC)
            texts = {a: f"満杯のあいだに {tag}" for a in (Audience.PUBLIC, Audience.FRIENDS)}
            mid = window.outbox.enqueue(texts, at=at)
            disk.fill(profile / "kizuna.db")
            clock.t += 3600  # its time comes while the disk is full
            window.sessions.outbox_wake.set()
            await until(lambda: told in _notice_lines(window), 30)
            seen["status"] = window.statusBar().currentMessage()
            seen["rows"] = [(t.state, t.attempts) for t in window.outbox.targets(mid)]
            seen["before"] = (public_posts(sandbox, tag), friends_notes(sandbox, tag))
            disk.free()  # no wake: the sender's backoff tries again
            await until(lambda: sent(window, mid), 60)
            await until(lambda: told not in _notice_lines(window), 10)
            seen["cleared"] = window.statusBar().currentMessage()
            window.close()
            return await asyncio.wait_for(run, 30)

        quits = qapp.quitOnLastWindowClosed()
        qapp.setQuitOnLastWindowClosed(False)  # as the bootstrap has it
        try:
            assert qloop.run_until_complete(asyncio.wait_for(scenario(), 150)) == 0
        finally:
            qapp.setQuitOnLastWindowClosed(quits)
        assert DISK_FULL_JA in told
        assert seen["status"] == told
        assert seen["rows"] == [(TargetState.QUEUED, 0), (TargetState.QUEUED, 0)]
        assert seen["before"] == ([], [])
        again = QCoreApplication.translate(
            "Notices", "The outbox can be written again; waiting posts are sent."
        )
        assert seen["cleared"] == again
        assert len(public_posts(sandbox, tag)) == 1  # exactly once on each server
        assert len(friends_notes(sandbox, tag)) == 1


def test_closing_with_a_draft_the_full_disk_refuses_asks_before_the_text_is_lost(
    qtbot: Any, qapp: QApplication, qloop: Any, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QMessageBox

    with full_disk(tmp_path / "disk") as disk, ui_language(qapp, "ja", tmp_path / "qm"):
        profile = disk.mount / "profile"
        store = Store(profile / "kizuna.db")
        window = MainWindow(store=store, lang="ja")
        qtbot.addWidget(window)
        window.show()
        composer = window.open_composer()
        disk.fill(profile / "kizuna.db")
        type_in(composer.edit, "閉じる前の下書き")

        window.close()  # the draft is refused at once: the window asks, and stays
        box = window.findChild(QMessageBox, "DraftNotSavedOnClose")
        assert box is not None and box.isVisible() and window.isVisible()
        assert DISK_FULL_JA in box.text()
        keep = box.defaultButton()
        assert keep is box.escapeButton()
        keep.click()  # 閉じない: nothing lost
        assert window.isVisible() and composer.text() == "閉じる前の下書き"
        assert store.load_draft(DRAFT_KEY) is None

        window.close()  # asked again; this time the user lets the text go
        (box,) = [
            b for b in window.findChildren(QMessageBox, "DraftNotSavedOnClose") if b.isVisible()
        ]
        (lose,) = [b for b in box.buttons() if b is not box.defaultButton()]
        lose.click()
        assert not window.isVisible()
        disk.free()


def test_closing_with_a_draft_that_saves_asks_nothing(
    qtbot: Any, qloop: Any, profile_dir: Path
) -> None:
    from PySide6.QtWidgets import QMessageBox

    store = Store(profile_dir / "kizuna.db")
    window = MainWindow(store=store, lang="en")
    qtbot.addWidget(window)
    window.show()
    composer = window.open_composer()
    qtbot.keyClicks(composer.edit, "kept for later")
    window.close()
    assert not window.isVisible() and window.findChild(QMessageBox) is None
    window.drafts.close()
    assert (store.load_draft(DRAFT_KEY) or {}).get("text") == "kept for later"
