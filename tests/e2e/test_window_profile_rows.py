"""Issue #13's table, the window's rows, through the real bootstrap (``app.bootstrap.run``):
a read-only profile is a dialog with the next step and keeps the outbox; garbage over the
start or the middle of ``kizuna.db`` is recovered and the window says what it kept, with
every unsent post and draft still there. The session is an empty one (the rows are about
the profile, not the networks)."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.core.clock import TOKYO
from app.store.db import Store
from app.ui.main_window import MainWindow
from app.ui.profile_dialog import ProfileProblemDialog, RecoveryDialog

pytestmark = pytest.mark.e2e


def _run(profile: Path) -> int:
    from app import bootstrap
    from app.__main__ import build_parser

    return bootstrap.run(build_parser().parse_args(["--lang", "en", "--profile", str(profile)]))


def _with_messages(profile: Path) -> None:
    """A friends post scheduled a month ahead (unsent) and the composer's draft."""
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
    store.save_draft("composer", {"text": "下書き"})
    store.close()


def _kept(profile: Path) -> tuple[list[tuple[str]], list[tuple[str]]]:
    db = sqlite3.connect(profile / "kizuna.db")
    try:
        texts = db.execute("SELECT text FROM outbox_targets WHERE state != 'sent'").fetchall()
        return texts, db.execute("SELECT key FROM drafts").fetchall()
    finally:
        db.close()


@pytest.fixture
def empty_session(monkeypatch: pytest.MonkeyPatch) -> None:
    """The window's opener gives a session without accounts (over the real outbox)."""
    from app import bootstrap
    from app.services.session import Session
    from app.store.outbox import OutboxStore

    async def opener(self: Any, sandbox: bool) -> Session:
        return Session([], outbox_store=OutboxStore(self._store))

    monkeypatch.setattr(bootstrap.LazyOpener, "__call__", opener)


@pytest.mark.parametrize("where", ["start", "middle"])
def test_the_window_on_a_damaged_database_says_what_it_recovered(
    qapp: QApplication,
    tmp_path: Path,
    empty_session: None,
    where: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    profile = tmp_path / "profile"
    _with_messages(profile)
    if where == "middle":  # enough rows after the outbox for the damage to miss it
        store = Store(profile / "kizuna.db")
        store.connection.executemany(
            "INSERT INTO timeline_cache(account_key, audience, post_id, sort_at, format, body)"
            " VALUES('a', 'public', ?, 0, 1, ?)",
            [(str(i), "x" * 2000) for i in range(200)],
        )
        store.close()
    db = sqlite3.connect(profile / "kizuna.db")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    pages = (profile / "kizuna.db").stat().st_size // 4096
    with open(profile / "kizuna.db", "r+b") as f:
        if where == "start":
            f.write(os.urandom(4096))
        else:
            for page in range(pages // 2, pages // 2 + 8):
                f.seek(page * 4096 + 200)
                f.write(os.urandom(3000))
    seen: list[str] = []

    def look() -> None:
        window = next((w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow)), None)
        dialog = window.findChild(RecoveryDialog) if window is not None else None
        if window is None or window.session is None or dialog is None:
            QTimer.singleShot(20, look)
            return
        seen.append(dialog.message.text())
        dialog.accept()
        window.close()

    QTimer.singleShot(20, look)
    assert _run(profile) == 0
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert seen and re.search(r"Unsent posts recovered: 1\s+Drafts recovered: 1", seen[0])
    assert "kizuna.db.damaged-" in seen[0]
    assert _kept(profile) == ([("予約",)], [("composer",)])
    assert list(profile.glob("kizuna.db.damaged-*"))


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A small tmpfs of our own (root only; skipped elsewhere)."""
    mount = tmp_path / "mnt"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)])
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_the_window_on_a_read_only_profile_says_so_and_keeps_the_outbox(
    qapp: QApplication, tmpfs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = tmpfs / "profile"
    _with_messages(profile)
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    seen: list[str] = []

    def quit_it() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ProfileProblemDialog):
            QTimer.singleShot(20, quit_it)
            return
        seen.append(dialog.message.text())
        dialog.retry_button.click()  # still read-only: the dialog stays, saying so
        seen.append(dialog.message.text())
        dialog.quit_button.click()

    QTimer.singleShot(20, quit_it)
    try:
        assert _run(profile) == 1
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(tmpfs)], check=True)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert len(seen) == 2 and all("it is read-only" in t and str(profile) in t for t in seen)
    assert _kept(profile) == ([("予約",)], [("composer",)])
