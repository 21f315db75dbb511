"""The GUI thread never waits for SQLite: while another process holds the database's
write lock, the window keeps painting and handling events (a lag probe — a 1 ms timer —
keeps ticking), the draft and the window's geometry are written once the lock is free,
and nothing is lost.

No wall-clock threshold: the lock is held until the test says so, and a write on the GUI
thread would hold the GUI thread for the whole busy timeout and then fail.
"""

from __future__ import annotations

import logging
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from app.services.prefs import MOURNING
from app.store.db import Store
from app.ui.draft_keeper import DRAFT_KEY
from app.ui.main_window import MainWindow
from app.ui.window_state import GEOMETRY_TRIES

# Holds BEGIN EXCLUSIVE until a line arrives on stdin, then commits.
_HOLDER = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
db.execute("BEGIN EXCLUSIVE")
db.execute("INSERT OR REPLACE INTO settings(key, value) VALUES('prefs.lang', '\\"ja\\"')")
print("locked", flush=True)
sys.stdin.readline()
db.execute("COMMIT")
print("released", flush=True)
"""


class LockHolder:
    """Another process holding the database's write lock until :meth:`release`."""

    def __init__(self, path: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _HOLDER, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        assert self.proc.stdout.readline().strip() == "locked"

    def release(self) -> None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()
        assert self.proc.stdout.readline().strip() == "released"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=30)
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                stream.close()


Holder = Callable[[Path], LockHolder]


@pytest.fixture
def holder(profile_dir: Path) -> Iterator[Holder]:
    made: list[LockHolder] = []

    def make(path: Path) -> LockHolder:
        made.append(LockHolder(path))
        return made[-1]

    yield make
    for h in made:
        h.stop()


def _draft_on_disk(path: Path) -> str | None:
    """The saved draft's text, read by a connection of its own (WAL: never blocked)."""
    db = sqlite3.connect(path, timeout=0.1)
    try:
        row = db.execute("SELECT body FROM drafts WHERE key=?", (DRAFT_KEY,)).fetchone()
    finally:
        db.close()
    return None if row is None else str(row[0])


def test_window_keeps_painting_while_another_process_holds_the_lock(
    qtbot: QtBot, qloop: object, profile_dir: Path, holder: Holder
) -> None:
    path = profile_dir / "kizuna.db"
    window = MainWindow(store=Store(path), lang="en")
    qtbot.addWidget(window)
    window.show()
    composer = window.open_composer()
    ticks = [0]
    probe = QTimer(window, interval=1)
    probe.timeout.connect(lambda: ticks.__setitem__(0, ticks[0] + 1))
    probe.start()

    lock = holder(path)
    composer.set_text("書いている途中")
    window.save_draft()  # a write, while the other process holds the lock
    before = ticks[0]
    qtbot.waitUntil(lambda: ticks[0] >= before + 50, timeout=20_000)
    window.update()
    qtbot.waitExposed(window)
    assert _draft_on_disk(path) is None  # still waiting for the lock, off the GUI thread
    # Reads on the GUI thread's own connection go on meanwhile (WAL: a reader never waits
    # for a writer): the draft, the settings.
    assert window.store.load_draft(DRAFT_KEY) is None
    assert window.settings.get(MOURNING) is False

    lock.release()
    qtbot.waitUntil(lambda: _draft_on_disk(path) is not None, timeout=20_000)
    assert "書いている途中" in str(_draft_on_disk(path))
    probe.stop()
    window.drafts.close()


def test_closing_under_the_lock_keeps_geometry_and_draft(
    qtbot: QtBot, qloop: object, profile_dir: Path, holder: Holder
) -> None:
    path = profile_dir / "kizuna.db"
    window = MainWindow(store=Store(path), lang="en")
    qtbot.addWidget(window)
    window.resize(900, 640)
    window.show()
    window.open_composer().set_text("閉じる前の下書き")
    lock = holder(path)
    ticks = [0]
    probe = QTimer(interval=1)
    probe.timeout.connect(lambda: ticks.__setitem__(0, ticks[0] + 1))
    probe.start()
    window.close()  # writes size, splitter and draft: none of them on the GUI thread
    before = ticks[0]
    qtbot.waitUntil(lambda: ticks[0] >= before + 50, timeout=20_000)
    assert _draft_on_disk(path) is None
    lock.release()
    window.drafts.close()  # everything queued reaches the disk
    probe.stop()
    again = Store(path)
    try:
        assert again.load_draft(DRAFT_KEY)["text"] == "閉じる前の下書き"  # type: ignore[index]
        assert again.get("ui.window_size") == [900, 640]
        assert again.get("prefs.lang") == "ja"  # the other process's write is kept too
    finally:
        again.close()


def _setting_on_disk(path: Path, key: str) -> str | None:
    db = sqlite3.connect(path, timeout=0.1)
    try:
        row = db.execute("SELECT value FROM settings WHERE key=?", (key,)).fetchone()
    finally:
        db.close()
    return None if row is None else str(row[0])


def test_a_settings_toggle_under_the_lock_is_kept_without_waiting(
    qtbot: QtBot, qloop: object, profile_dir: Path, holder: Holder
) -> None:
    path = profile_dir / "kizuna.db"
    window = MainWindow(store=Store(path), lang="en")
    qtbot.addWidget(window)
    window.show()
    ticks = [0]
    probe = QTimer(window, interval=1)
    probe.timeout.connect(lambda: ticks.__setitem__(0, ticks[0] + 1))
    probe.start()

    lock = holder(path)
    window.mourning_action.trigger()  # 設定 → 喪中, while the other process holds the lock
    before = ticks[0]
    qtbot.waitUntil(lambda: ticks[0] >= before + 50, timeout=20_000)
    assert window.mourning_action.isChecked()
    assert window.settings.get(MOURNING) is True  # the window goes by the new value now
    assert _setting_on_disk(path, MOURNING.key) is None  # written once the lock is free

    lock.release()
    qtbot.waitUntil(lambda: _setting_on_disk(path, MOURNING.key) == "true", timeout=20_000)
    assert window.settings.get(MOURNING) is True
    probe.stop()
    window.drafts.close()
    again = Store(path)
    try:
        assert again.get(MOURNING.key) is True
    finally:
        again.close()


def _geometry_refusals(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if "window size not kept" in r.getMessage()]


def test_a_lock_held_past_the_busy_timeout_at_close_is_waited_for_again(
    qtbot: QtBot, qloop: object, profile_dir: Path, holder: Holder, caplog: pytest.LogCaptureFixture
) -> None:
    """The other process keeps the lock longer than one busy timeout (short here): the
    size is written by the next try, once the lock is free — no traceback logged."""
    caplog.set_level(logging.INFO)
    path = profile_dir / "kizuna.db"
    window = MainWindow(store=Store(path, busy_ms=1500), lang="en")
    qtbot.addWidget(window)
    window.resize(880, 620)
    window.show()
    lock = holder(path)
    window.close()
    qtbot.waitUntil(lambda: bool(_geometry_refusals(caplog)), timeout=20_000)
    lock.release()  # after the first try was refused
    window.drafts.close()
    assert _geometry_refusals(caplog)[0] == (
        f"window size not kept (try 1 of {GEOMETRY_TRIES}): locked; waiting again"
    )
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    again = Store(path)
    try:
        assert again.get("ui.window_size") == [880, 620]
        assert again.get("prefs.lang") == "ja"  # the other process's write is kept too
    finally:
        again.close()


def test_a_lock_never_released_costs_only_the_size_after_the_last_try(
    qtbot: QtBot, qloop: object, profile_dir: Path, holder: Holder, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    path = profile_dir / "kizuna.db"
    window = MainWindow(store=Store(path, busy_ms=100), lang="en")
    qtbot.addWidget(window)
    window.show()
    holder(path)  # held until the test ends
    window.close()
    window.drafts.close()  # returns: the tries are bounded
    refusals = _geometry_refusals(caplog)
    assert len(refusals) == GEOMETRY_TRIES
    last = f"window size not kept (try {GEOMETRY_TRIES} of {GEOMETRY_TRIES}): locked"
    assert refusals[-1] == last
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert _setting_on_disk(path, "ui.window_size") is None
