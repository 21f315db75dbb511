"""A Settings menu toggle the profile refuses to write — on a real full disk (a tmpfs;
root only) or while another program holds the database past the busy timeout (no root
needed) — is applied in the window at once and kept for the run, said once in the notice
board and the status bar in the user's language, written again by itself with backoff,
and really in SQLite once the profile takes it — the notice then gone."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from app.services.notifications import DESKTOP_NOTICES
from app.services.prefs import MOURNING
from app.services.profile_problems import WriteProblem
from app.store.db import Store
from app.ui.main_window import MainWindow
from app.ui.notices import settings_problem_text
from tests.full_disk import full_disk
from tests.helpers import ui_language
from tests.qt.test_gui_never_waits import LockHolder

# kizuna_ja's words: the settings were not saved (the notice's own sentence), and a full
# disk (ProfileDialog's, inside it).
NOT_SAVED_JA = "設定を保存できませんでした。"
DISK_FULL_JA = "のあるディスクがいっぱいです。"


def setting_on_disk(path: Path, key: str) -> str | None:
    """``key``'s stored JSON, read by a connection of its own."""
    db = sqlite3.connect(path, timeout=30)
    try:
        row = db.execute("SELECT value FROM settings WHERE key=?", (key,)).fetchone()
    finally:
        db.close()
    return None if row is None else str(row[0])


def test_a_toggle_on_a_full_disk_is_applied_told_then_saved(
    qtbot: Any, qapp: QApplication, qloop: Any, tmp_path: Path
) -> None:
    with full_disk(tmp_path / "disk") as disk, ui_language(qapp, "ja", tmp_path / "qm"):
        profile = disk.mount / "profile"
        database = profile / "kizuna.db"
        window = MainWindow(store=Store(database), lang="ja")
        qtbot.addWidget(window)
        window.show()
        composer = window.open_composer()
        said: list[str] = []
        window.statusBar().messageChanged.connect(said.append)
        disk.fill(database)

        window.mourning_action.trigger()  # 設定 → 喪中, on the full disk
        told = settings_problem_text(WriteProblem("disk_full"), str(profile))
        qtbot.waitUntil(lambda: told in window.notice_board.lines, timeout=20000)
        assert told.startswith(NOT_SAVED_JA) and DISK_FULL_JA in told
        assert window.statusBar().currentMessage() == told
        assert window.notice_board.button.isVisible()
        # Applied in the window all the same, and kept for this run.
        assert window.mourning_action.isChecked()
        assert composer.occasion_picker.mourning() is True
        assert window.settings.get(MOURNING) is True
        assert setting_on_disk(database, MOURNING.key) is None

        window.top_bar.desktop_notices_action.trigger()  # another toggle, still full
        assert window.settings.get(DESKTOP_NOTICES) is False
        [behind] = window.drafts.worker.write_behinds
        qtbot.waitUntil(lambda: DESKTOP_NOTICES.key in behind.refused(), timeout=20000)

        disk.free()  # no new toggle: the window writes both again by itself
        qtbot.waitUntil(lambda: setting_on_disk(database, MOURNING.key) == "true", timeout=30000)
        qtbot.waitUntil(
            lambda: setting_on_disk(database, DESKTOP_NOTICES.key) == "false", timeout=30000
        )
        qtbot.waitUntil(lambda: told not in window.notice_board.lines, timeout=10000)
        saved = QCoreApplication.translate("Notices", "The settings are saved again.")
        assert window.statusBar().currentMessage() == saved
        assert not window.notice_board.button.isVisible()
        assert said.count(told) == 1  # once, whatever the toggles and tries while full
        assert window.settings.get(MOURNING) is True
        window.close()
        window.drafts.close()


def test_a_toggle_while_another_program_holds_the_profile_names_it(
    qtbot: Any, qloop: Any, profile_dir: Path
) -> None:
    """Held past the busy timeout: the notice names the holder; the value is used
    meanwhile and written once the lock is given back."""
    database = profile_dir / "kizuna.db"
    window = MainWindow(store=Store(database), lang="en")
    qtbot.addWidget(window)
    window.show()
    holder = LockHolder(database)
    try:
        window.top_bar.desktop_notices_action.trigger()  # turned off while locked
        assert not window.top_bar.desktop_notices_action.isChecked()
        assert window.settings.get(DESKTOP_NOTICES) is False  # the window goes by it now
        qtbot.waitUntil(lambda: bool(window.notice_board.lines), timeout=60000)
        [told] = window.notice_board.lines
        assert told.startswith("The settings could not be saved. The profile database ")
        assert "is in use by another program (python" in told
        assert f"pid {holder.proc.pid})" in told
        assert told.endswith("is saved once Kizuna can write again.")
        assert window.statusBar().currentMessage() == told
        assert setting_on_disk(database, DESKTOP_NOTICES.key) is None
        holder.release()
        qtbot.waitUntil(
            lambda: setting_on_disk(database, DESKTOP_NOTICES.key) == "false", timeout=60000
        )
        qtbot.waitUntil(lambda: not window.notice_board.lines, timeout=10000)
        assert window.statusBar().currentMessage() == "The settings are saved again."
        assert window.settings.get(DESKTOP_NOTICES) is False
    finally:
        holder.stop()
    window.close()
    window.drafts.close()
