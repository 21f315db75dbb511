"""What the main window says about its session: the opener it builds when none is given,
the top bar and status bar once a session is attached, the accounts that have to be
signed in again, and the words (with Try again) when opening fails.

Functions over the window they are given (:class:`SessionWindow`: what they use of
:class:`~app.ui.main_window.MainWindow`); the window's methods call them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QStatusBar

from app.core.models import AccountRef, Audience
from app.services.accounts import AccountService
from app.services.prefs import Store
from app.ui.column_area import ColumnArea
from app.ui.errors import open_failed_words
from app.ui.notices import UNKNOWN_NETWORK, NoticeBoard
from app.ui.notifications_controller import NotificationsController
from app.ui.outbox_controller import OutboxController
from app.ui.placeholders import fill
from app.ui.session_controller import OpenSession, SessionController, timed_out_words
from app.ui.top_bar import TopBar

if TYPE_CHECKING:
    from app.services.session import Session


class SessionWindow(Protocol):
    """What these functions use of the main window."""

    store: Store
    sessions: SessionController
    outboxes: OutboxController
    notices: NotificationsController
    notice_board: NoticeBoard
    top_bar: TopBar
    columns: ColumnArea
    banner: QLabel
    sandbox_action: QAction

    def refresh_composer_targets(self) -> None: ...

    def statusBar(self) -> QStatusBar: ...


def join_opener(store: Store, accounts: AccountService, sandbox_dir: Path) -> OpenSession:
    """The default opener: the saved accounts, or the sandbox already running in
    ``sandbox_dir``."""

    async def open_session(sandbox: bool) -> Session:
        # The session's code (the network stack) loads when a session opens.
        from app.services.session import join_sandbox, open_chosen_session

        return await open_chosen_session(
            store, accounts, join_sandbox(sandbox_dir), sandbox=sandbox
        )

    return open_session


def show_session(window: SessionWindow, session: Session) -> None:
    """What the window says about a session being attached (before its outbox runs,
    so a schedule missed while Kizuna was closed is asked about first)."""
    if window.outboxes.late_box is None:
        window.outboxes.ask_about_late_schedules()
    window.outboxes.changed()
    window.banner.setVisible(session.is_sandbox)
    window.sandbox_action.setChecked(window.sessions.use_sandbox)
    window.top_bar.show_accounts(
        *(
            " ".join(a.handle for a in session.accounts(audience))
            for audience in (Audience.PUBLIC, Audience.FRIENDS)
        )
    )
    window.refresh_composer_targets()
    window.notices.attach(session)
    window.notice_board.check_session(session)  # accounts of unknown networks
    window.notice_board.check_settings(window.store)
    words = window.top_bar.show_signed_out(signed_out_accounts(session))
    waiting = " ".join(a.handle for a in session.waiting_for_sign_in())
    if words:
        window.statusBar().showMessage(words)
    elif waiting:
        # Its server did not let us sign in yet: posts to it wait, the rest goes out.
        #: Status bar; %1 is the handles of the accounts whose server has not let us in yet.
        window.statusBar().showMessage(
            QCoreApplication.translate(
                "MainWindow", "Not signed in yet: %1. Posts to it wait in the outbox."
            ).replace("%1", waiting)
        )
    elif session.adapters:
        #: Status bar for a few seconds once every account is signed in.
        window.statusBar().showMessage(QCoreApplication.translate("MainWindow", "Signed in"), 5000)
    else:
        window.statusBar().clearMessage()


def signed_out_accounts(session: Session | None) -> list[AccountRef]:
    """Saved accounts of ``session`` that could not be opened (no secret, or the keychain
    refused): the user has to sign in to them again. One of a network this version does
    not know is a notice instead (signing in cannot help)."""
    if session is None:
        return []
    return [account for account, why in session.signed_out if why != UNKNOWN_NETWORK]


def show_fatal(window: SessionWindow, error: BaseException | None = None) -> None:
    """Opening the session failed: why, in words (the details are in the log, never in
    the window), with Try again; the columns stop saying they connect."""
    words = open_failed_words(error, sandbox=window.sessions.use_sandbox)
    if more := timed_out_words(error):  # the opener did not answer in time: say so
        #: Two sentences: %1 why opening failed, %2 how long Kizuna waited for an answer.
        words = fill(QCoreApplication.translate("MainWindow", "%1 %2"), words, more)
    window.top_bar.show_open_failed(words)
    window.columns.show_open_failed(words)
    window.statusBar().showMessage(
        QCoreApplication.translate(
            "MainWindow", "Details are in the log; Try again opens it once more."
        )
    )
