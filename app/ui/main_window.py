"""The main window: who is signed in, the two circles side by side, and the composer.

Top: the account of each audience, 新規投稿 (Ctrl+N) and 安否確認 (always visible).
A banner says when the embedded sandbox is in use; accounts that are signed out are
named there with a button to sign in again. Centre: 公開タイムライン and 友だちフィード in
a splitter, each fed by its own TimelineFeed.

Sessions: :meth:`MainWindow.open_session` opens the user's accounts (or the sandbox when
there are none, or when the user chose it) and attaches it. Settings → Accounts… opens the
non-modal :class:`~app.ui.accounts_dialog.AccountsDialog`; every change there switches
sessions without a restart (:meth:`MainWindow.switch_session`): columns, feeds and the
outbox runner are detached, the new session is opened and attached, and the columns
refill. The outbox lives in the profile's database, so nothing queued is lost; a target
whose account is gone waits in the outbox with its reason until the account is back.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDesktopServices,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.clock import TOKYO
from app.core.models import AccountRef, Audience, Friend, MediaUpload, Post
from app.core.occasions import Occasion, upcoming
from app.services.accounts import AccountService, keychain_accounts
from app.services.friends import FriendsService
from app.services.outbox import OutboxService
from app.services.outbox_rows import LATE, MessageKind, OutboxTarget
from app.services.poster import Poster, TargetResult, TargetState, result_of
from app.services.prefs import Store
from app.services.session import SANDBOX_PREF, Session, join_sandbox, open_chosen_session
from app.services.timeline import LiveState, TimelineFeed
from app.ui.accounts_dialog import AccountsDialog
from app.ui.composer import Composer, Draft, TargetInfo
from app.ui.errors import describe, describe_refusal
from app.ui.images import ImageCache
from app.ui.occasion_picker import MidnightTimer
from app.ui.outbox_dialog import OutboxDialog
from app.ui.safety_dialog import SafetyDialog
from app.ui.timeline_column import TimelineColumn

log = logging.getLogger(__name__)

DRAFT_KEY = "composer"
# Opens the session: the sandbox (True) or the saved accounts when there are any.
OpenSession = Callable[[bool], Awaitable[Session]]


class ColumnController:
    """Feeds one column from one TimelineFeed: first page, older pages, live stream."""

    def __init__(
        self,
        column: TimelineColumn,
        feed: TimelineFeed,
        on_loaded: Callable[[], None] | None = None,
    ) -> None:
        self.column = column
        self.feed = feed
        self._on_loaded = on_loaded  # the first page is in (and with it the server's limits)
        self.loaded = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()
        self._trimmed = False
        column.model.older_loader = self._request_older
        # Rows only go away when the model drops its oldest to bound memory; paging must
        # then continue from what is still shown, not from the feed's own position.
        column.model.rowsRemoved.connect(self._on_trimmed)

    def _spawn(self, coro: object) -> None:
        task = asyncio.ensure_future(coro)  # type: ignore[arg-type]
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def start(self) -> None:
        self._spawn(self._initial())
        self._spawn(self.feed.run_live(self._on_live, self._on_state))

    async def _initial(self) -> None:
        model = self.column.model
        model.set_loading(True)  # no paging while the first page is on its way
        try:
            posts, errors = await self.feed.initial()
            model.add_posts(posts)
            if errors:
                self.column.show_error(describe(errors[0]))
        finally:
            model.set_loading(False)
            self.loaded.set()
            if self._on_loaded is not None:
                self._on_loaded()

    def _on_trimmed(self) -> None:
        self._trimmed = True

    def _request_older(self) -> None:
        self._spawn(self._older())

    async def _older(self) -> None:
        model = self.column.model
        cursors = model.oldest_ids() if self._trimmed else None
        self._trimmed = False
        try:
            posts, exhausted, errors = await self.feed.older(cursors)
        except Exception as exc:
            log.exception("loading older posts")
            model.older_failed()
            self.column.show_error(describe(exc))
            return
        model.older_loaded(posts, exhausted)
        if errors:
            self.column.show_error(describe(errors[0]))

    def _on_live(self, posts: list[Post]) -> None:
        self.column.model.add_posts(posts)

    def _on_state(self, state: LiveState) -> None:
        self.column.set_state(state)

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)


class MainWindow(QMainWindow):
    sessionAttached = Signal()

    def __init__(
        self,
        *,
        store: Store,
        lang: str,
        accounts: AccountService | None = None,
        sandbox_dir: Path | None = None,
        opener: OpenSession | None = None,
        force_sandbox: bool = False,
        open_url: Callable[[str], object] | None = None,
        today: Callable[[], dt.date] | None = None,
    ) -> None:
        """``accounts``: the user's accounts (default: over ``store`` and the OS keychain).
        ``opener``: opens the chosen session (the composition root's, which may start the
        sandbox; default: the saved accounts, or the sandbox already running in
        ``sandbox_dir`` — default beside the database). ``force_sandbox``: use the sandbox
        this run whatever is saved (``--sandbox``, ``--screenshot``). ``open_url``: how the
        accounts dialog opens the browser (tests play it). ``today``: the Tokyo date for
        the occasion hint and the composer (default: the clock)."""
        super().__init__()
        self.store = store
        self.lang = lang
        self.accounts = accounts or keychain_accounts(store)
        sandbox_dir = sandbox_dir or store.path.parent / "sandbox"
        self._opener = opener or self._join_opener(sandbox_dir)
        self._use_sandbox = force_sandbox or bool(store.get(SANDBOX_PREF, False))
        self._open_url = open_url
        # The Tokyo date for the occasion hint and the composer (tests set the calendar).
        self._today = today or (lambda: dt.datetime.now(TOKYO).date())
        self.accounts_dialog: AccountsDialog | None = None
        self._owned: Session | None = None  # a session this window opened (and closes)
        self._switch_wanted = False
        self._switching: asyncio.Task[None] | None = None
        self.session: Session | None = None
        self._outbox_wake = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()
        self._composer_targets: set[int] = set()  # outbox ids shown in the composer
        self.outbox_dialog: OutboxDialog | None = None
        self.safety_dialog: SafetyDialog | None = None
        self._hinted: Occasion | None = None
        self.late_box: QMessageBox | None = None
        self._safety_message: int | None = None
        self.closed = asyncio.Event()
        self.composer: Composer | None = None
        self._controllers: list[ColumnController] = []
        self.images = ImageCache(fetch=self._fetch_image, parent=self)
        self.setWindowTitle(QCoreApplication.translate("MainWindow", "Kizuna"))
        self.setObjectName("MainWindow")
        self._build()
        # The occasion hint follows the date: re-armed from the wall clock at every Tokyo
        # midnight (and after a sleep across it), never by adding 24 hours.
        self.midnight = MidnightTimer(today=today, parent=self)
        self.midnight.dayChanged.connect(self.refresh_hint)

    # -- layout --------------------------------------------------------------------------
    def _build(self) -> None:
        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        top = QWidget(objectName="TopBar")
        bar = QHBoxLayout(top)
        bar.setContentsMargins(12, 8, 12, 8)
        self.accounts_label = QLabel(
            QCoreApplication.translate("MainWindow", "Signing in…"), objectName="AccountsLabel"
        )
        self.accounts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bar.addWidget(self.accounts_label, 1)
        # Accounts the keychain could not open: named in words, with the way to fix it.
        self.signed_out_label = QLabel(objectName="SignedOutLabel")
        self.signed_out_label.setWordWrap(True)
        self.signed_out_label.setVisible(False)
        bar.addWidget(self.signed_out_label)
        self.sign_in_again_button = QPushButton(
            QCoreApplication.translate("MainWindow", "Sign in again…"),
            objectName="SignInAgainButton",
        )
        self.sign_in_again_button.setVisible(False)
        self.sign_in_again_button.clicked.connect(lambda: self.sign_in_again())
        bar.addWidget(self.sign_in_again_button)
        self.hint_button = QPushButton(objectName="OccasionHint")
        self.hint_button.setFlat(True)
        self.hint_button.clicked.connect(self._open_hinted_occasion)
        bar.addWidget(self.hint_button)
        self.new_post_button = QPushButton(
            QCoreApplication.translate("MainWindow", "New post"), objectName="NewPostButton"
        )
        self.new_post_button.setToolTip(
            QCoreApplication.translate("MainWindow", "Write a new post (Ctrl+N)")
        )
        self.new_post_button.clicked.connect(lambda: self.open_composer())
        bar.addWidget(self.new_post_button)
        self.safety_button = QPushButton(
            QCoreApplication.translate("MainWindow", "Safety check"), objectName="SafetyButton"
        )
        self.safety_button.setToolTip(
            QCoreApplication.translate(
                "MainWindow",
                "Tell both circles you are safe (安否確認): one message to every account",
            )
        )
        self.safety_button.clicked.connect(self.open_safety_check)
        self.outbox_button = QPushButton(
            QCoreApplication.translate("MainWindow", "Outbox"), objectName="OutboxButton"
        )
        self.outbox_button.setToolTip(
            QCoreApplication.translate("MainWindow", "Posts waiting, scheduled or failed")
        )
        self.outbox_button.clicked.connect(self.open_outbox)
        bar.addWidget(self.outbox_button)
        self.settings_button = QToolButton(objectName="SettingsButton")
        self.settings_button.setText(QCoreApplication.translate("MainWindow", "Settings"))
        self.settings_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.settings_button)
        self.accounts_action = QAction(QCoreApplication.translate("MainWindow", "Accounts…"), menu)
        self.accounts_action.triggered.connect(lambda: self.open_accounts())
        menu.addAction(self.accounts_action)
        self.sandbox_action = QAction(
            QCoreApplication.translate("MainWindow", "Use the practice sandbox"), menu
        )
        self.sandbox_action.setToolTip(
            QCoreApplication.translate(
                "MainWindow",
                "Show the local practice networks instead of your accounts; nothing leaves "
                "this computer",
            )
        )
        self.sandbox_action.setCheckable(True)
        self.sandbox_action.setChecked(self._use_sandbox)
        self.sandbox_action.toggled.connect(self.set_use_sandbox)
        menu.addAction(self.sandbox_action)
        menu.addSeparator()
        self.mourning_action = QAction(
            QCoreApplication.translate("MainWindow", "Mourning (喪中): hide celebrations"), menu
        )
        self.mourning_action.setCheckable(True)
        self.mourning_action.setChecked(bool(self.store.get("prefs.mourning", False)))
        self.mourning_action.toggled.connect(self.set_mourning)
        menu.addAction(self.mourning_action)
        language = menu.addMenu(QCoreApplication.translate("MainWindow", "Language"))
        group = QActionGroup(language)
        for code, name in (
            ("", QCoreApplication.translate("MainWindow", "System")),
            ("ja", "日本語"),
            ("en", "English"),
        ):
            action = QAction(name, language, checkable=True)
            action.setChecked(self.store.get("prefs.lang", "") == code)
            action.triggered.connect(lambda _=False, c=code: self._set_language(c))
            group.addAction(action)
            language.addAction(action)
        self.settings_button.setMenu(menu)
        bar.addWidget(self.settings_button)
        bar.addWidget(self.safety_button)
        outer.addWidget(top)

        self.banner = QLabel(objectName="SandboxBanner")
        self.banner.setText(
            QCoreApplication.translate(
                "MainWindow", "Sandbox — a local practice network; nothing leaves this computer"
            )
        )
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setVisible(False)
        outer.addWidget(self.banner)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, objectName="Columns")
        self.public_column = TimelineColumn(
            QCoreApplication.translate("MainWindow", "Public timeline"),
            audience=Audience.PUBLIC,
            images=self.images,
        )
        self.friends_column = TimelineColumn(
            QCoreApplication.translate("MainWindow", "Friends feed"),
            audience=Audience.FRIENDS,
            images=self.images,
        )
        for column in (self.public_column, self.friends_column):
            column.linkActivated.connect(self._open_link)
            self.splitter.addWidget(column)
        self.splitter.setChildrenCollapsible(False)
        outer.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.statusBar().showMessage(QCoreApplication.translate("MainWindow", "Starting…"))
        self.refresh_hint()

        QShortcut(QKeySequence.StandardKey.New, self, activated=self.open_composer)
        QShortcut(QKeySequence.StandardKey.Quit, self, activated=self.close)
        self.setStyleSheet(
            "#TopBar { border-bottom: 1px solid palette(mid); }"
            "#SandboxBanner { background: #fff4d6; color: #5c4400; padding: 4px; }"
            "#SafetyButton { color: #b00020; font-weight: bold; }"
            "#SignedOutLabel { color: #b00020; }"
            # Room for the menu arrow: left to the style, it is drawn over the label's end.
            "#SettingsButton { padding: 2px 18px 1px 10px; }"
            "#SettingsButton::menu-indicator { subcontrol-origin: padding;"
            " subcontrol-position: center right; right: 4px; }"
        )

    def _join_opener(self, sandbox_dir: Path) -> OpenSession:
        async def open_session(sandbox: bool) -> Session:
            return await open_chosen_session(
                self.store, self.accounts, join_sandbox(sandbox_dir), sandbox=sandbox
            )

        return open_session

    @property
    def outbox(self) -> OutboxService | None:
        return self.session.outbox if self.session is not None else None

    @property
    def poster(self) -> Poster | None:
        return self.session.poster if self.session is not None else None

    @property
    def friends_service(self) -> FriendsService | None:
        return self.session.friends if self.session is not None else None

    def column(self, audience: Audience) -> TimelineColumn:
        return self.public_column if audience is Audience.PUBLIC else self.friends_column

    # -- session -------------------------------------------------------------------------
    def attach_session(self, session: Session) -> None:
        """Show ``session``: columns cleared and refilled from its feeds, its outbox runner
        started. The caller keeps ownership (see :meth:`open_session` for the window's own)."""
        self.session = session
        if self.late_box is None:
            self._ask_about_late_schedules()
        task = asyncio.ensure_future(self._run_outbox())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        self._outbox_changed()
        self.banner.setVisible(session.is_sandbox)
        self.sandbox_action.setChecked(self._use_sandbox)
        parts = []
        for audience, label in (
            (Audience.PUBLIC, QCoreApplication.translate("MainWindow", "Public: %1")),
            (Audience.FRIENDS, QCoreApplication.translate("MainWindow", "Friends: %1")),
        ):
            handles = " ".join(a.handle for a in session.accounts(audience))
            parts.append(
                label.replace("%1", handles or QCoreApplication.translate("MainWindow", "none"))
            )
            column = self.column(audience)
            column.model.clear()
            column.clear_error()
            column.set_accounts(handles)
            # No feed to start: the column says why it stays empty and what to do.
            column.set_empty_text("" if handles else self._no_account_text(audience))
            if not handles:
                column.set_state(LiveState.OFFLINE)
                continue
            column.set_state(LiveState.CONNECTING)
            controller = ColumnController(
                column, session.feeds[audience], self._refresh_composer_targets
            )
            self._controllers.append(controller)
            controller.start()
        self.accounts_label.setText(" · ".join(parts))
        self._refresh_composer_targets()
        signed_out = self.signed_out_accounts()
        self._show_signed_out(signed_out)  # says so in the status bar too
        if session.adapters and not signed_out:
            self.statusBar().showMessage(
                QCoreApplication.translate("MainWindow", "Signed in"), 5000
            )
        elif not session.adapters and not signed_out:
            self.statusBar().clearMessage()
        self.sessionAttached.emit()

    def _refresh_composer_targets(self) -> None:
        """An open composer counts against the accounts and limits known now: accounts
        change on attach, a server's own limits arrive with its first page."""
        if self.composer is not None:
            self.composer.refresh_targets()

    @staticmethod
    def _no_account_text(audience: Audience) -> str:
        if audience is Audience.PUBLIC:
            return QCoreApplication.translate(
                "MainWindow", "No account serves the public side — add one in Settings → Accounts"
            )
        return QCoreApplication.translate(
            "MainWindow", "No account serves the friends side — add one in Settings → Accounts"
        )

    def signed_out_accounts(self) -> list[AccountRef]:
        """Saved accounts of the current session that could not be opened (no secret, or
        the keychain refused): the user has to sign in to them again."""
        return [account for account, _why in self.session.signed_out] if self.session else []

    def _show_signed_out(self, accounts: list[AccountRef]) -> None:
        if not accounts:
            self.signed_out_label.clear()
            self.signed_out_label.setVisible(False)
            self.sign_in_again_button.setVisible(False)
            return
        handles = " ".join(a.handle for a in accounts)
        count = len(accounts)  # a plain name: lupdate skips a count that is a call
        text = QCoreApplication.translate(
            "MainWindow",
            "%n account(s) signed out: %1",
            "",
            count,
        ).replace("%1", handles)
        self.signed_out_label.setText(text)
        self.signed_out_label.setVisible(True)
        self.sign_in_again_button.setVisible(True)
        self.statusBar().showMessage(text)

    async def detach_session(self) -> None:
        """Stop showing the session: feeds, the outbox runner and image loads end; a send
        in flight from the composer finishes first. The session itself stays open."""
        for controller in self._controllers:
            await controller.stop()
        self._controllers.clear()
        if self.composer is not None:
            await self.composer.wait_sent()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._release_sending()
        await self.images.aclose()

    def _release_sending(self) -> None:
        """Targets the cancelled runner left "sending" go back to the queue at once, marked
        as possibly sent (the next attempt checks before sending again) — otherwise they
        would wait for their lease to run out."""
        if self.outbox is None:
            return
        now = time.time()
        for row in self.outbox.store.sending():
            pid, _lease = self.outbox.store.owner(row.id)
            if pid == os.getpid():
                self.outbox.store.recover(row.id, owner_pid=pid, now=now)

    async def open_session(self) -> Session:
        """Open the chosen session (accounts, or the sandbox) and attach it; the window
        owns it from then on (:meth:`close_session`). Raises what opening raised."""
        session = await self._opener(self._use_sandbox)
        self._owned = session
        self.attach_session(session)
        return session

    async def close_session(self) -> None:
        """Detach, then close the session this window opened (none: nothing to close)."""
        if self._switching is not None:
            self._switching.cancel()
            await asyncio.gather(self._switching, return_exceptions=True)
        await self.detach_session()
        owned, self._owned = self._owned, None
        if owned is not None:
            await owned.aclose()

    def request_switch(self) -> None:
        """Accounts or the sandbox choice changed: switch sessions soon. Changes that come
        while a switch runs are gathered into one more switch afterwards."""
        self._switch_wanted = True
        if self._switching is None or self._switching.done():
            self._switching = asyncio.ensure_future(self._switch_loop())

    async def settled(self) -> None:
        """Until no session switch is pending (tests, shutdown)."""
        while self._switching is not None and not self._switching.done():
            await asyncio.gather(self._switching, return_exceptions=True)

    async def _switch_loop(self) -> None:
        while self._switch_wanted:
            self._switch_wanted = False
            await self.switch_session()

    async def switch_session(self) -> None:
        """Detach and close the current session, then open and attach the chosen one."""
        self.accounts_label.setText(QCoreApplication.translate("MainWindow", "Signing in…"))
        await self.detach_session()
        owned, self._owned = self._owned, None
        self.session = None
        if owned is not None:
            await owned.aclose()
        try:
            await self.open_session()
        except Exception:  # shown in words; the next change tries again
            log.exception("could not open a session")
            self.show_fatal()

    def open_accounts(self) -> AccountsDialog:
        """Settings → Accounts…: the non-modal accounts dialog."""
        if self.accounts_dialog is None:
            self.accounts_dialog = AccountsDialog(self.accounts, self, open_url=self._open_url)
            self.accounts_dialog.accountsChanged.connect(self._accounts_changed)
        self.accounts_dialog.refresh()
        self.accounts_dialog.show()
        self.accounts_dialog.raise_()
        self.accounts_dialog.activateWindow()
        return self.accounts_dialog

    def sign_in_again(self) -> AccountsDialog:
        """The accounts dialog with its form filled in for the first signed-out account:
        signing in again replaces the saved account and its keychain entry."""
        dialog = self.open_accounts()
        signed_out = self.signed_out_accounts()
        if signed_out:
            account = signed_out[0]
            index = dialog.network_combo.findData(account.network)
            if index >= 0:
                dialog.network_combo.setCurrentIndex(index)
            dialog.server_edit.setText(account.base_url)
            if account.network == "bluesky":
                dialog.handle_edit.setText(account.username)
            dialog.add_public.setChecked(Audience.PUBLIC in account.serves)
            dialog.add_friends.setChecked(Audience.FRIENDS in account.serves)
        return dialog

    def _accounts_changed(self) -> None:
        if self._use_sandbox:
            # The sandbox stays until the user turns it off; say where the accounts went.
            self.statusBar().showMessage(
                QCoreApplication.translate(
                    "MainWindow",
                    "Saved. Turn off Settings → Use the practice sandbox to use your accounts.",
                ),
                8000,
            )
            return
        self.request_switch()

    def set_use_sandbox(self, on: bool) -> None:
        """Settings → Use the practice sandbox (remembered for the next start)."""
        self.store.set(SANDBOX_PREF, bool(on))
        if bool(on) == self._use_sandbox:
            return
        self._use_sandbox = bool(on)
        if self.session is not None or self._owned is not None or self._switching is not None:
            self.request_switch()

    async def wait_loaded(self) -> None:
        """Until both columns have their first page (or gave up with an error)."""
        await asyncio.gather(*(c.loaded.wait() for c in self._controllers))
        # Let avatars arrive and layouts settle before a screenshot.
        for _ in range(20):
            await asyncio.sleep(0.05)
            if not self.images.pending:
                break
        QCoreApplication.processEvents()

    def show_fatal(self) -> None:
        """Opening the session failed (the details are in the log, never in the window)."""
        self.accounts_label.setText(
            QCoreApplication.translate(
                "MainWindow", "Could not open your accounts or the sandbox. Details are in the log."
            )
        )

    async def _fetch_image(self, url: str) -> bytes:
        if self.session is None:
            raise PermissionError("no session")
        return await self.session.fetch_image(url)

    def _open_link(self, url: str) -> None:
        if url.startswith(("http://", "https://")):
            QDesktopServices.openUrl(QUrl(url))

    # -- composer ------------------------------------------------------------------------
    def _targets(self, audiences: frozenset[Audience]) -> list[TargetInfo]:
        if self.poster is None:
            return []
        # A gift to chosen friends also goes through the accounts those friends belong to
        # (a server without followers-only posts carries a friends post only addressed).
        addressed: set[str] = set()
        if self.composer is not None and self.composer.gift_picker.gift() is not None:
            addressed = {f.account_key for f in self.composer.gift_picker.recipients()}
        infos = []
        for target in self.poster.targets(audiences, addressed):
            adapter = self.poster.adapter(target)
            limits = adapter.limits
            infos.append(
                TargetInfo(
                    key=target.key,
                    label=target.account.handle,
                    network=target.account.network,
                    audience=target.audience,
                    limit=limits.max_characters,
                    unit=limits.unit,
                    url_weight=limits.characters_reserved_per_url,
                )
            )
        return infos

    def open_composer(
        self, text: str | None = None, audiences: frozenset[Audience] | None = None
    ) -> Composer:
        if self.composer is None:
            self.composer = Composer(
                targets=self._targets,
                send_draft=self._send_draft,
                today=self._today,
                friends=self._friends,
                mourning=bool(self.store.get("prefs.mourning", False)),
                prefs=self.store,
                parent=self,
            )
            self.composer.textEdited.connect(self._schedule_draft_save)
            self.composer.retryRequested.connect(self._retry_target)
            self.composer.discardRequested.connect(self._discard_target)
            # Edit puts the target's text back in the editor; the queued copy goes away
            # so that only the edited post is sent.
            self.composer.editRequested.connect(self._discard_target)
            self._draft_timer = QTimer(self, singleShot=True, interval=400)
            self._draft_timer.timeout.connect(self._save_draft)
            if text is None:
                self._restore_draft(self.composer)
        if text is not None:
            self.composer.set_text(text)
        if audiences:
            self.composer.set_audiences(audiences)
        self.composer.show()
        self.composer.raise_()
        self.composer.activateWindow()
        return self.composer

    def _restore_draft(self, composer: Composer) -> None:
        draft = self.store.load_draft(DRAFT_KEY)
        if not draft:
            return
        saved = {Audience(a) for a in draft.get("audiences", []) if a in ("public", "friends")}
        if saved:
            composer.set_audiences(frozenset(saved))
        texts = draft.get("texts")
        if isinstance(texts, dict):
            composer.set_texts(
                {Audience(a): str(t) for a, t in texts.items() if a in ("public", "friends")}
            )
        else:
            composer.set_text(str(draft.get("text", "")))

    async def _friends(self) -> list[Friend]:
        return await self.friends_service.friends() if self.friends_service else []

    # -- occasions and settings ----------------------------------------------------------
    def refresh_hint(self, today: dt.date | None = None) -> None:
        """「もうすぐクリスマス・あと30日」: the occasion open today or coming next."""
        today = today or self._today()
        mourning = bool(self.store.get("prefs.mourning", False))
        coming = [o for o in upcoming(today, 60, mourning=mourning) if o.kind != "national"]
        self._hinted = coming[0] if coming else None
        if self._hinted is None:
            self.hint_button.setVisible(False)
            return
        name = (
            self._hinted.name_ja
            if self.lang == "ja" or not self._hinted.name_en
            else (self._hinted.name_en)
        )
        days = self._hinted.days_until(today)
        if days <= 0:
            text = QCoreApplication.translate("MainWindow", "%1 now — write a greeting")
            text = text.replace("%1", name)
        else:
            text = QCoreApplication.translate(
                "MainWindow", "%1 in %n day(s) — write a greeting", "", days
            ).replace("%1", name)
        self.hint_button.setText(text)
        self.hint_button.setVisible(True)

    def _open_hinted_occasion(self) -> None:
        composer = self.open_composer()
        if self._hinted is not None:
            composer.choose_occasion(self._hinted.key)

    def set_mourning(self, on: bool) -> None:
        self.store.set("prefs.mourning", bool(on))
        if self.composer is not None:
            self.composer.set_mourning(bool(on))
        self.refresh_hint()

    def _set_language(self, code: str) -> None:
        self.store.set("prefs.lang", code)
        self.statusBar().showMessage(
            QCoreApplication.translate("MainWindow", "The language changes at the next start."),
            8000,
        )

    def _ask_about_late_schedules(self) -> None:
        """A schedule missed while the app was closed is never sent late without asking."""
        if self.outbox is None:
            return
        late = self.outbox.late_schedules()
        if not late:
            return
        messages = sorted({row.message_id for row in late})
        count = len(messages)  # a plain name: lupdate skips a count that is a call
        box = QMessageBox(
            QMessageBox.Icon.Question,
            QCoreApplication.translate("MainWindow", "Missed schedule"),
            QCoreApplication.translate(
                "MainWindow",
                "%n scheduled post(s) should have gone out while Kizuna was closed. Send them now?",
                "",
                count,
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setInformativeText(
            QCoreApplication.translate(
                "MainWindow", "No keeps them in the outbox, where you can send or discard them."
            )
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)

        def answered(button: int) -> None:
            self.late_box = None  # deleted on close: never touch it again
            if button == QMessageBox.StandardButton.Yes and self.outbox is not None:
                for message_id in messages:
                    self.outbox.confirm_late(message_id)
                self._outbox_wake.set()
            self._outbox_changed()

        box.finished.connect(answered)
        box.open()  # never exec() inside the event loop's coroutines
        self.late_box = box

    # -- safety check and outbox ----------------------------------------------------------
    def open_safety_check(self) -> SafetyDialog:
        if self.safety_dialog is None:
            self.safety_dialog = SafetyDialog(self)
            self.safety_dialog.sendRequested.connect(self._send_safety)
        self.safety_dialog.show()
        self.safety_dialog.raise_()
        return self.safety_dialog

    def _send_safety(self, message: str, place: str) -> None:
        if self.outbox is None or self.safety_dialog is None:
            return
        texts = self.safety_dialog.texts()
        self._safety_message = self.outbox.enqueue(
            texts, frozenset({Audience.PUBLIC, Audience.FRIENDS}), kind=MessageKind.SAFETY
        )
        self.safety_dialog.show_progress(self.outbox.targets(self._safety_message))
        self._outbox_wake.set()

    def open_outbox(self) -> OutboxDialog:
        if self.outbox_dialog is None:
            self.outbox_dialog = OutboxDialog(
                self._pending_rows, lang=self.lang, parent=self, outbox=lambda: self.outbox
            )
            self.outbox_dialog.changed.connect(self._outbox_changed)
            self.outbox_dialog.retryRequested.connect(self._retry_target)
            self.outbox_dialog.discardRequested.connect(self._discard_target)
            self.outbox_dialog.resumeRequested.connect(self._outbox_wake.set)
        self.outbox_dialog.refresh()
        self.outbox_dialog.show()
        return self.outbox_dialog

    def _pending_rows(self) -> list[OutboxTarget]:
        return self.outbox.pending() if self.outbox is not None else []

    def _retry_target(self, target_id: int) -> None:
        if self.outbox is not None and self.outbox.retry(target_id):
            self._outbox_wake.set()
        self._outbox_changed()

    def _discard_target(self, target_id: int) -> None:
        if self.outbox is not None:
            self.outbox.discard(target_id)
        self._outbox_changed()

    async def _run_outbox(self) -> None:
        assert self.outbox is not None
        await self.outbox.run_forever(self._on_outbox_update, self._outbox_wake)

    def _on_outbox_update(self, row: OutboxTarget) -> None:
        """Every change of any target, from the composer's sends and background retries."""
        if self.composer is not None and row.id in self._composer_targets:
            scheduled = row.scheduled_at is not None and row.scheduled_at > time.time()
            self._show_target(row.key, result_of(row), scheduled)
        if self.safety_dialog is not None and row.message_id == self._safety_message:
            self.safety_dialog.show_progress(self.outbox.targets(row.message_id))  # type: ignore[union-attr]
        if row.error_kind == LATE and self.late_box is None:
            # Missed while the app was open but asleep: ask, as at start.
            self._ask_about_late_schedules()
        self._outbox_changed()

    def _outbox_changed(self) -> None:
        count = len(self._pending_rows())
        label = QCoreApplication.translate("MainWindow", "Outbox")
        self.outbox_button.setText(f"{label} ({count})" if count else label)
        if self.outbox_dialog is not None and self.outbox_dialog.isVisible():
            self.outbox_dialog.refresh()

    def _schedule_draft_save(self) -> None:
        self._draft_timer.start()

    def _save_draft(self) -> None:
        if self.composer is None:
            return
        texts = self.composer.texts()
        if any(t.strip() for t in texts.values()):
            self.store.save_draft(
                DRAFT_KEY,
                {
                    "text": self.composer.text(),
                    "texts": {a.value: t for a, t in texts.items()},
                    "audiences": sorted(a.value for a in self.composer.audiences()),
                },
            )
        else:
            self.store.delete_draft(DRAFT_KEY)

    def _show_target(self, row_key: str, result: TargetResult, scheduled: bool) -> None:
        if self.composer is None:
            return
        # The composer's rows: a target that waits for the user reads as failed (with why).
        state = "failed" if result.needs_user else result.state.value
        detail = describe(result.error) if result.error else ""
        if result.held or (scheduled and result.state is TargetState.QUEUED):
            state, detail = "scheduled", ""
        url = result.published.url if result.published else None
        self.composer.update_target(row_key, state, detail, url, result.outbox_id)

    async def _send_draft(self, draft: Draft) -> None:
        if self.poster is None:
            return
        scheduled = draft.at is not None and draft.at > datetime.now(UTC)

        def update(result: TargetResult) -> None:
            if result.outbox_id is not None:
                self._composer_targets.add(result.outbox_id)
            self._show_target(result.target.key, result, scheduled)

        # Each audience gets its own card: the public an open one, friends the one
        # addressed to the chosen friends (their names never reach the public side).
        media: dict[Audience, tuple[MediaUpload, ...]] = {}
        recipients: tuple[Friend, ...] = ()
        if draft.gift is not None:
            media = draft.gift.media()
            recipients = tuple(draft.gift.recipients)
        self._save_draft()
        try:
            results = await self.poster.send_draft(
                dict(draft.texts), media=media, recipients=recipients, at=draft.at, on_update=update
            )
        except ValueError as exc:  # refused before anything was stored or sent
            reason = describe_refusal(exc)  # the row itself says it was not sent
            if self.composer is not None:
                for info in self._targets(frozenset(draft.texts)):
                    self.composer.update_target(info.key, "failed", reason)
            return
        finally:
            self._outbox_wake.set()
            self._outbox_changed()
        for result in results:  # a scheduled draft is stored, not attempted: say so
            update(result)
        if scheduled:
            self.store.delete_draft(DRAFT_KEY)  # it is safe in the outbox now
            self.statusBar().showMessage(
                QCoreApplication.translate("MainWindow", "Scheduled; it waits in the outbox"), 5000
            )
        elif results and all(r.state is TargetState.SENT for r in results):
            self.store.delete_draft(DRAFT_KEY)
            self.statusBar().showMessage(QCoreApplication.translate("MainWindow", "Sent"), 5000)

    # -- window state --------------------------------------------------------------------
    def restore_geometry(self) -> None:
        size = self.store.get("ui.window_size")
        if isinstance(size, list) and len(size) == 2:
            self.resize(int(size[0]), int(size[1]))
        else:
            self.resize(1200, 800)
        sizes = self.store.get("ui.splitter")
        if isinstance(sizes, list) and len(sizes) == 2:
            self.splitter.setSizes([int(s) for s in sizes])

    def save_screenshot(self, path: Path) -> bool:
        path.parent.mkdir(parents=True, exist_ok=True)
        return bool(self.grab().save(str(path), "PNG"))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.store.set("ui.window_size", [self.width(), self.height()])
        self.store.set("ui.splitter", self.splitter.sizes())
        if self.composer is not None:
            self._save_draft()  # an unsent draft is kept, never silently dropped
            self.composer.close()
        self.closed.set()
        super().closeEvent(event)
