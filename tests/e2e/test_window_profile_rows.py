"""Issue #13's table, the window's rows, through the real bootstrap (``app.bootstrap.run``):
a read-only profile is a dialog with the next step and keeps the outbox; garbage over the
start or the middle of ``kizuna.db`` is recovered and the window says what it kept, with
every unsent post and draft still there. The session is an empty one (the rows are about
the profile, not the networks)."""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import subprocess
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from app.core.clock import TOKYO
from app.store.db import Store
from app.ui.main_window import MainWindow
from app.ui.profile_dialog import ProfileProblemDialog, RecoveryDialog
from tests.helpers import poll_then, quit_new_windows, when_window, windows_before

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

    def recovered(window: MainWindow) -> RecoveryDialog | None:
        return window.findChild(RecoveryDialog) if window.session is not None else None

    def look(window: MainWindow) -> None:
        dialog = recovered(window)
        assert dialog is not None
        seen.append(dialog.message.text())
        dialog.accept()
        # Quit for real, as the tray's Quit does: the profile holds a scheduled post, and
        # closing alone would keep Kizuna running in the tray (or ask) for it.
        window.background.quitting = True
        window.close()

    when_window(qapp, recovered, look)
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
    seen = _dialog_texts(retry=True)  # still read-only after Try again: still said
    try:
        assert _run(profile) == 1
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(tmpfs)], check=True)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert len(seen) == 2 and all("it is read-only" in t and str(profile) in t for t in seen)
    assert _kept(profile) == ([("予約",)], [("composer",)])


def _dialog_texts(retry: bool = False) -> list[str]:
    """Once the profile dialog is up: its words (and, ``retry``, after Try again), then
    Quit."""
    seen: list[str] = []
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = windows_before(app)

    def quit_it(dialog: ProfileProblemDialog) -> None:
        seen.append(dialog.message.text())
        if retry:
            dialog.retry_button.click()
            seen.append(dialog.message.text())
        dialog.quit_button.click()

    def find() -> ProfileProblemDialog | None:
        dialog = QApplication.activeModalWidget()
        return dialog if isinstance(dialog, ProfileProblemDialog) else None

    # No dialog: the window opened; the test fails.
    poll_then(find, quit_it, lambda: quit_new_windows(app, before))
    return seen


def test_the_window_on_a_database_from_a_newer_kizuna_refuses_it_unchanged(
    qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = tmp_path / "profile"
    _with_messages(profile)
    db = sqlite3.connect(profile / "kizuna.db")
    db.execute("PRAGMA user_version=999")
    db.commit()
    db.close()
    before = (profile / "kizuna.db").read_bytes()
    seen = _dialog_texts(retry=True)
    assert _run(profile) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert len(seen) == 2 and all("written by a newer version of Kizuna" in t for t in seen)
    assert (profile / "kizuna.db").read_bytes() == before  # never downgraded
    assert not list(profile.glob("kizuna.db.damaged-*"))


def test_the_window_on_a_profile_folder_that_cannot_be_created_says_so(
    qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = tmp_path / ("x" * 300)  # longer than a file name may be
    seen = _dialog_texts()
    assert _run(profile) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert seen and "cannot be created" in seen[0] and str(profile) in seen[0]


def test_the_window_on_a_full_disk_says_so_and_loses_nothing(
    qapp: QApplication, tmpfs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = tmpfs / "profile"
    _with_messages(profile)
    filler = tmpfs / "filler"
    with contextlib.suppress(OSError), open(filler, "wb") as f:  # to the last byte
        while True:
            f.write(b"\0" * 4096)
            f.flush()
    seen = _dialog_texts()
    try:
        code = _run(profile)
    finally:
        filler.unlink()
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert code == 1
    assert seen and "is full" in seen[0], seen
    assert _kept(profile) == ([("予約",)], [("composer",)])
