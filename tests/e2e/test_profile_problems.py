"""Issue #13, the window: a profile that cannot be used is a dialog with the next step
(never a traceback), a damaged database is recovered and the window says what it kept,
and ``--screenshot`` with a sandbox that cannot start exits non-zero with the reason."""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from app import profile_gate
from app.core.clock import TOKYO
from app.store.db import Store
from app.ui.profile_dialog import ProfileProblemDialog, RecoveryDialog
from tests.conftest import ROOT

pytestmark = pytest.mark.e2e
TIMEOUT = 120


def _window_args(profile: Path, **extra: object) -> argparse.Namespace:
    from app.__main__ import build_parser

    args = build_parser().parse_args(["--lang", "en", "--profile", str(profile)])
    for key, value in extra.items():
        setattr(args, key, value)
    return args


def _when_dialog(act: object) -> None:
    """Run ``act(dialog)`` once the modal profile dialog is up."""

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, ProfileProblemDialog):
            act(dialog)  # type: ignore[operator]
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(20, poll)


def test_the_window_on_a_profile_that_is_a_file_offers_the_next_step(
    qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.bootstrap import run

    profile = tmp_path / "profile"
    profile.write_text("mine", encoding="utf-8")
    seen: list[str] = []

    def quit_it(dialog: ProfileProblemDialog) -> None:
        seen.append(dialog.message.text())
        assert dialog.retry_button.isVisible() and dialog.open_button.isVisible()
        dialog.quit_button.click()

    _when_dialog(quit_it)
    assert run(_window_args(profile)) == 1
    assert seen and "is a file, not a folder" in seen[0] and str(profile) in seen[0]
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert profile.read_text(encoding="utf-8") == "mine"


def test_try_again_goes_on_once_the_user_fixed_it(qapp: QApplication, tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    profile.write_text("in the way", encoding="utf-8")
    texts: list[str] = []

    def fix_and_retry(dialog: ProfileProblemDialog) -> None:
        texts.append(dialog.message.text())
        dialog.retry_button.click()  # still a file: the dialog stays, saying so
        texts.append(dialog.message.text())
        profile.unlink()
        dialog.retry_button.click()

    _when_dialog(fix_and_retry)
    ready = profile_gate.or_ask(lambda: profile_gate.prepare(profile), interactive=True, lang="en")
    assert ready == profile.resolve() and ready.is_dir()
    assert len(texts) == 2 and all("is a file, not a folder" in t for t in texts)


def test_a_locked_database_names_the_program_and_waits_for_it(
    qapp: QApplication, tmp_path: Path
) -> None:
    profile = tmp_path / "profile"
    Store(profile / "kizuna.db").close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys; db = sqlite3.connect(sys.argv[1], isolation_level=None);"
            " db.execute('PRAGMA locking_mode=EXCLUSIVE'); db.execute('BEGIN EXCLUSIVE');"
            " print('held', flush=True); sys.stdin.read()",
            str(profile / "kizuna.db"),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    texts: list[str] = []

    def release_and_retry(dialog: ProfileProblemDialog) -> None:
        texts.append(dialog.message.text())
        holder.communicate("", timeout=TIMEOUT)
        dialog.retry_button.click()

    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        _when_dialog(release_and_retry)

        opened = profile_gate.or_ask(
            lambda: profile_gate.open_store_with(lambda: Store(profile / "kizuna.db", busy_ms=200)),
            interactive=True,
            lang="en",
        )
    finally:
        if holder.poll() is None:
            holder.kill()
    assert texts and "in use by another program" in texts[0]
    assert f"pid {holder.pid}" in texts[0]
    assert opened is not None
    opened.close()


def test_the_window_says_what_a_recovery_kept(qapp: QApplication, tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    store = Store(profile / "kizuna.db", backups=profile / "backups")
    store.connection.execute(
        "INSERT INTO outbox_messages(id, created_at, texts) VALUES(1, 0, '{}')"
    )
    store.connection.execute(
        "INSERT INTO outbox_targets(message_id, account_key, account, audience, text, state,"
        " idempotency_key, updated_at) VALUES(1, 'k', '{}', 'friends', '予約', 'queued', 'x', 0)"
    )
    store.save_draft("composer", {"text": "下書き"})
    store.close()
    with open(profile / "kizuna.db", "r+b") as f:
        f.write(os.urandom(4096))
    store = Store(profile / "kizuna.db", backups=profile / "backups")
    parent = QWidget()
    try:
        profile_gate.show_recovery(parent, store.recovery)
        dialog = parent.findChild(RecoveryDialog)
        assert dialog is not None and dialog.isVisible()
        text = dialog.message.text()
        assert re.search(
            r"could still be read:\s+Unsent posts recovered: 1\s+Drafts recovered: 1", text
        ), text
        assert "came back from the backup" in text
        assert "kizuna.db.damaged-" in text
        dialog.accept()
    finally:
        parent.deleteLater()
        store.close()


def _screenshot(profile: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "--lang", "en", "--profile", str(profile),
         "--screenshot", str(out), "--size", "800x600"],
        cwd=ROOT,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,  # well above the app's own bound (60 s)
    )  # fmt: skip


def test_screenshot_with_a_sandbox_that_cannot_start_exits_with_the_reason(
    tmp_path: Path,
) -> None:
    profile = tmp_path / "profile"
    profile.mkdir()
    (profile / "sandbox").write_text("not a folder", encoding="utf-8")
    done = _screenshot(profile, tmp_path / "shot.png")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert str(profile / "sandbox") in done.stderr
    assert not (tmp_path / "shot.png").exists()


def test_screenshot_heals_a_damaged_sandbox_and_a_damaged_profile(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    assert _screenshot(profile, tmp_path / "first.png").returncode == 0
    at = (datetime.now(TOKYO) + timedelta(days=30)).timestamp()
    store = Store(profile / "kizuna.db", backups=profile / "backups")
    store.connection.execute(
        "INSERT INTO outbox_messages(id, created_at, texts, scheduled_at) VALUES(1, 0, '{}', ?)",
        (at,),
    )
    store.connection.execute(
        "INSERT INTO outbox_targets(message_id, account_key, account, audience, text, state,"
        " idempotency_key, updated_at) VALUES(1, 'k', '{}', 'friends', '予約', 'queued', 'x', 0)"
    )
    store.close()
    for name in ("kizuna.db", "sandbox/public.db"):
        with open(profile / name, "r+b") as f:
            f.write(os.urandom(4096))
    done = _screenshot(profile, tmp_path / "second.png")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert (tmp_path / "second.png").stat().st_size > 0
    db = sqlite3.connect(profile / "kizuna.db")
    assert db.execute("SELECT text FROM outbox_targets").fetchall() == [("予約",)]
    db.close()
    assert list((profile / "sandbox").glob("public.db.damaged-*"))


def test_the_window_on_a_damaged_sandbox_resets_it_and_says_so(
    qtbot: object, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    from app.bootstrap import LazyOpener
    from app.profile import sandbox_dir
    from app.profile_gate import tell_sandbox_reset
    from app.sandbox.runner import SandboxThread
    from app.ui.main_window import MainWindow

    profile = tmp_path / "profile"
    first = SandboxThread(sandbox_dir(profile), activity=False)
    first.start()
    first.stop()
    with open(sandbox_dir(profile) / "friends.db", "r+b") as f:
        f.write(os.urandom(4096))
    store = Store(profile / "kizuna.db")
    opener = LazyOpener(store, profile, activity=None)
    window = MainWindow(store=store, lang="en", opener=opener, force_sandbox=True)
    opener.accounts = window.accounts
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.show()

    async def scenario() -> None:
        try:
            await window.open_session()
            await window.wait_loaded()
            assert window.public_column.model.rowCount() > 0
            assert window.friends_column.model.rowCount() > 0  # the demo community again
            assert tell_sandbox_reset(window, sandbox_dir(profile))
            message = window.statusBar().currentMessage()
            assert "friends.db" in message and "reset to the demo community" in message
            assert window.notice_board.button.isVisibleTo(window)  # kept among the notices
            assert any("friends.db" in line for line in window.notice_board.lines)
        finally:
            await window.close_session()

    qloop.run_until_complete(asyncio.wait_for(scenario(), TIMEOUT))
    store.close()
    assert list(sandbox_dir(profile).glob("friends.db.damaged-*"))
