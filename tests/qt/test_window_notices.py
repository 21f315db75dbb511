"""Issue #13 in the window: what the start skipped is said (points 7), a full disk during a
send keeps the draft and says why (point 6), and an opener that never answers ends in
words with Try again (point 4) — never a traceback, never a window that only connects."""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from app.core.models import Audience
from app.services import catalogues
from app.services.session import Session
from app.services.timeline import LiveState
from app.store.db import Store
from app.store.outbox import OutboxStore
from app.ui.main_window import MainWindow
from tests.helpers import until, when_window
from tests.qt.test_main_window_errors import Failing

BAD_SETTING = ("prefs.sandbox", '"yes please"')
FRIENDICA = (
    "INSERT INTO accounts(key, position, network, base_url, user_id, username, handle,"
    " serves) VALUES('friendica:1', 0, 'friendica', 'https://f.example', '1', 'me',"
    " '@me@f.example', '[\"public\"]')"
)


def _hostile_profile(profile: Path) -> None:
    """A setting of the wrong type and an account of a network Kizuna does not know."""
    Store(profile / "kizuna.db").close()
    db = sqlite3.connect(profile / "kizuna.db")
    db.execute("INSERT INTO settings(key, value) VALUES(?, ?)", BAD_SETTING)
    db.execute(FRIENDICA)
    db.commit()
    db.close()


@pytest.fixture
def bad_occasion(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The shipped occasions with 父の日 given a month 13, read afresh by the window."""
    folder = tmp_path / "occasions"
    shutil.copytree(catalogues.shipped_occasions_dir(), folder)
    bad = folder / "chichinohi.json"
    data = json.loads(bad.read_text(encoding="utf-8"))
    data["rule"]["month"] = 13
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(catalogues, "shipped_occasions_dir", lambda: folder)
    catalogues.shipped.cache_clear()
    yield
    catalogues.shipped.cache_clear()  # the next test reads the real files again


def test_the_window_says_what_the_start_skipped(
    qapp: QApplication,
    tmp_path: Path,
    bad_occasion: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Through the bootstrap: a setting of the wrong type, an occasion file with a bad
    date, an account of an unknown network and a translation that does not parse — each
    a notice in the window (the status bar's button and its list), none a crash."""
    from app import bootstrap
    from app.__main__ import build_parser
    from app.i18n import translators

    profile = tmp_path / "profile"
    _hostile_profile(profile)
    sources = tmp_path / "translations"
    sources.mkdir()
    (sources / "kizuna_en.ts").write_text('<?xml version="1.0"?>\n<TS version="2.1"><con')
    monkeypatch.setattr(translators, "translations_source_dir", lambda: sources)
    seen: dict[str, Any] = {}

    def look(window: MainWindow) -> None:
        board = window.notice_board
        seen["button"] = board.button.isVisibleTo(window), board.button.text()
        seen["list"] = board.open_list().message.text()
        seen["signed_out"] = window.signed_out_label.isVisibleTo(window)
        seen["columns"] = [window.column(a).state for a in (Audience.PUBLIC, Audience.FRIENDS)]
        board.dialog.close()  # type: ignore[union-attr]
        window.close()

    when_window(qapp, lambda window: window.session is not None, look)
    args = build_parser().parse_args(["--lang", "en", "--profile", str(profile)])
    assert bootstrap.run(args) == 0
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    visible, text = seen["button"]
    assert visible and "Notices (4)" in text
    listed = seen["list"]
    assert "The saved setting prefs.sandbox could not be read" in listed
    assert "The occasion file chichinohi.json is not valid" in listed
    assert "month" not in listed  # the validation's own words stay in the log
    assert "@me@f.example" in listed and "(friendica)" in listed
    assert "The translation file kizuna_en.ts could not be read" in listed
    assert not seen["signed_out"]  # signing in again cannot help an unknown network
    assert LiveState.CONNECTING not in seen["columns"]
    db = sqlite3.connect(profile / "kizuna.db")
    assert db.execute("SELECT network FROM accounts").fetchall() == [("friendica",)]  # kept
    db.close()
    log = (profile / "logs" / "kizuna.log").read_text(encoding="utf-8")
    assert "occasion file skipped" in log and "could not compile" in log
    assert "holds an invalid str" in log


def test_a_full_disk_during_a_send_keeps_the_draft_and_says_why(
    qtbot: Any, qloop: Any, profile_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(store=Store(profile_dir / "kizuna.db"), lang="en")
    qtbot.addWidget(window)
    window.show()

    def full(self: OutboxStore, *_args: object, **_kwargs: object) -> None:
        with self.store.connection:  # a write that SQLite starts and cannot finish
            self.store.connection.execute("BEGIN IMMEDIATE")
            self.store.connection.execute(
                "INSERT INTO outbox_messages(created_at, texts) VALUES(0, '{}')"
            )
            raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(OutboxStore, "add_message", full)
    shown: list[str] = []

    async def scenario() -> None:
        session = Session(
            [Failing("sora", Audience.PUBLIC), Failing("nakama", Audience.FRIENDS)],
            outbox_store=OutboxStore(window.store),
        )
        window.attach_session(session)
        try:
            composer = window.open_composer()
            composer.set_audiences(frozenset({Audience.PUBLIC, Audience.FRIENDS}))
            composer.set_text("満杯でも消えない")
            composer.send_now()
            await composer.wait_sent()
            shown.extend(composer.status_text(key) for key in composer.target_states())
            assert composer.text() == "満杯でも消えない"  # the draft stays in the composer
            assert window.isVisible()  # the app keeps running
        finally:
            await window.detach_session()
            await session.aclose()

    qloop.run_until_complete(asyncio.wait_for(scenario(), 30))
    assert len(shown) == 2, shown
    assert all("The disk holding kizuna.db is full" in t for t in shown), shown
    assert not any("OperationalError" in t for t in shown)
    window.drafts.save()
    window.drafts.close()
    kept = Store(profile_dir / "kizuna.db")
    assert "満杯でも消えない" in json.dumps(kept.load_draft("composer"), ensure_ascii=False)
    kept.close()
    assert OutboxStore(window.store).targets() == []  # nothing half-written
    count = window.store.connection.execute("SELECT count(*) FROM outbox_messages").fetchone()
    assert count == (0,)


class HangsOnce:
    """An opener whose first call never answers; the next one opens a session."""

    def __init__(self) -> None:
        self.calls = 0
        self.cancelled = False

    async def __call__(self, sandbox: bool) -> Session:
        self.calls += 1
        if self.calls == 1:
            try:
                await asyncio.Event().wait()  # never
            except asyncio.CancelledError:
                self.cancelled = True
                raise
        return Session([Failing("sora", Audience.PUBLIC), Failing("nakama", Audience.FRIENDS)])


def test_an_opener_that_never_answers_ends_in_words_and_try_again(
    qtbot: Any, qapp: QApplication, qloop: Any, profile_dir: Path
) -> None:
    from app import bootstrap

    opener = HangsOnce()
    window = MainWindow(
        store=Store(profile_dir / "kizuna.db"), lang="en", opener=opener, force_sandbox=True
    )
    window.sessions.open_bound_s = 0.2  # the app waits 60 s; the test need not
    qtbot.addWidget(window)
    window.show()

    async def scenario() -> int:
        run = asyncio.ensure_future(bootstrap._main(window, argparse.Namespace(screenshot=None)))
        await until(lambda: window.top_bar.retry_button.isVisibleTo(window), 10)
        said = window.accounts_label.text()
        assert "could not be started or reached" in said and "No answer came within" in said
        for audience in (Audience.PUBLIC, Audience.FRIENDS):
            assert window.column(audience).state is LiveState.OFFLINE
        assert opener.cancelled and not run.done()
        window.top_bar.retry_button.click()
        await until(lambda: window.session is not None, 10)
        assert not window.top_bar.retry_button.isVisibleTo(window)
        window.close()
        return await run

    quits = qapp.quitOnLastWindowClosed()
    qapp.setQuitOnLastWindowClosed(False)  # as the bootstrap has it
    try:
        assert qloop.run_until_complete(asyncio.wait_for(scenario(), 30)) == 0
    finally:
        qapp.setQuitOnLastWindowClosed(quits)
    assert opener.calls == 2


def test_a_setting_that_cannot_be_saved_is_said_in_words(
    qtbot: Any, qapp: QApplication, profile_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window's last resort (the excepthook) words a profile problem — here a toggle
    saved to a profile that turned read-only — with what to do, and no traceback."""
    import sys

    from PySide6.QtWidgets import QMessageBox

    from app import bootstrap

    window = MainWindow(store=Store(profile_dir / "kizuna.db"), lang="en")
    qtbot.addWidget(window)
    window.show()

    def read_only(*_args: object, **_kwargs: object) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(Store, "set", read_only)
    kept = sys.excepthook
    bootstrap.install_excepthook()
    try:
        window.mourning_action.trigger()  # Settings → 喪中: saved at once
    finally:
        sys.excepthook = kept
    boxes = [w for w in qapp.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert len(boxes) == 1
    try:
        assert "cannot be written: it is read-only" in boxes[0].text()
        assert boxes[0].windowTitle() == "Kizuna cannot save to your profile"
        assert boxes[0].detailedText() == ""  # no traceback, even behind Details
        assert window.isVisible()
    finally:
        boxes[0].close()
        monkeypatch.undo()  # the profile writable again before the window closes
