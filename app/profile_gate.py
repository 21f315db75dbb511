"""The window's way into a profile (composition, beside :mod:`app.bootstrap`): a problem
of the folder or its database becomes :class:`app.ui.profile_dialog.ProfileProblemDialog`
with the next step, never a traceback; a recovered database is told with
:class:`~app.ui.profile_dialog.RecoveryDialog`.

``--screenshot`` (nobody to click) gets the CLI's one line on stderr and exit status 1.
"""

from __future__ import annotations

import logging
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from app.store.profile_errors import ProfileError, classify

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow, QWidget

    from app.store.db import Store
    from app.store.recovery import RecoveryReport

log = logging.getLogger(__name__)
T = TypeVar("T")


def prepare(folder: Path) -> Path:
    """The profile folder made private and writable, logging into it; ProfileError else."""
    from app.compose import setup_logging
    from app.profile import ensure_private_profile

    try:
        profile = ensure_private_profile(folder)
        setup_logging(profile / "logs")
    except OSError as exc:
        problem = classify(exc, folder.expanduser())
        assert problem is not None  # every OSError is a profile problem
        raise problem from exc
    return profile


def open_store(profile: Path) -> Store:
    """The profile's database with backups on; ProfileError when it cannot be used."""
    from app.store.db import Store

    return open_store_with(lambda: Store(profile / "kizuna.db", backups=profile / "backups"))


def open_store_with(opening: Callable[[], Store]) -> Store:
    """``opening()``, its OSError or sqlite3 error as a ProfileError (for the dialog)."""
    try:
        return opening()
    except (OSError, sqlite3.Error) as exc:
        path = Path(getattr(exc, "filename", None) or ".")
        problem = classify(exc, path)
        if problem is None:
            raise
        raise problem from exc


def _ask(error: ProfileError, attempt: Callable[[], T], lang: str | None) -> T | None:
    """The dialog until ``attempt`` succeeds (its result) or the user quits (None)."""
    from PySide6.QtWidgets import QApplication, QDialog

    from app.i18n import translators
    from app.ui.profile_dialog import ProfileProblemDialog

    app = QApplication.instance() or QApplication(sys.argv[:1])
    kept = translators.install(app, translators.pick_language(lang))
    done: list[T] = []

    def check() -> tuple[str, Sequence[str]] | None:
        try:
            done.append(attempt())
        except ProfileError as again:
            log.info("profile still unusable: %s", again)
            return again.problem.value, again.holders
        return None

    try:
        dialog = ProfileProblemDialog(error.problem.value, error.path, check, error.holders)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        translators.uninstall(app, kept)
    return done[-1] if accepted and done else None


def _say(error: ProfileError) -> None:
    from app.cli_checks import problem_line

    print(problem_line(error), file=sys.stderr)


def or_ask(attempt: Callable[[], T], *, interactive: bool, lang: str | None) -> T | None:
    """``attempt()``; on a ProfileError the dialog (or, not ``interactive``, one line on
    stderr). None: the user quit, or nobody could be asked."""
    try:
        return attempt()
    except ProfileError as error:
        log.warning("profile problem: %s", error)
        if not interactive:
            _say(error)
            return None
        return _ask(error, attempt, lang)


def show_recovery(parent: QWidget, report: RecoveryReport | None) -> None:
    """Tell the user what a recovery kept (nothing when there was none)."""
    if report is None:
        return
    from app.ui.profile_dialog import RecoveryDialog, RecoveryFacts

    facts = RecoveryFacts(
        unsent=report.unsent,
        drafts=report.drafts,
        from_backup=report.from_backup.get("outbox_targets", 0),
        unreadable=sum(report.unreadable.values()) + int(report.schema_lost),
        moved_to=str(report.moved_to or ""),
    )
    dialog = RecoveryDialog(facts, parent)
    dialog.open()


async def keep_backing_up(store: Store, every_s: float = 60.0) -> None:
    """Back up the outbox and drafts every ``every_s`` seconds when they changed, off the
    GUI thread, until cancelled (the window's lifetime)."""
    import asyncio

    while True:
        await asyncio.sleep(every_s)
        job = store.backup_job()
        if job is not None:
            await asyncio.to_thread(job)


def tell_sandbox_reset(window: QMainWindow, sandbox_dir: Path) -> bool:
    """Say in the status bar when this sandbox run found its data damaged and reset it to
    the demo community (and keep it among the window's notices); True when it did."""
    from app.cli_checks import sandbox_reset_words
    from app.ui.notices import NoticeBoard

    lines = sandbox_reset_words(sandbox_dir)
    if lines:
        window.statusBar().showMessage(lines[0])
    board = getattr(window, "notice_board", None)
    if isinstance(board, NoticeBoard):
        for line in lines:
            board.add("sandbox:" + line, line)
    return bool(lines)


def problem_words(error: BaseException) -> str | None:
    """A profile problem that reached the window's last resort (a setting saved on a full
    disk, a read-only profile…), in words with what to do; None when it is none."""
    from app.services.profile_problems import write_problem_of
    from app.ui.profile_dialog import problem_text

    found = write_problem_of(error)
    if found is None:
        return None
    reason, holders = found
    return problem_text(reason, "kizuna.db", holders)
