"""The main window: who is signed in, the two circles side by side, and the composer.

The rooms it is put together from:

- :class:`~app.ui.top_bar.TopBar` — the account of each audience, accounts signed out
  (with a button to sign in again), the occasion hint, 新規投稿 (Ctrl+N), the outbox,
  Settings and 安否確認 (always visible);
- :class:`~app.ui.column_area.ColumnArea` — the sandbox banner and 公開タイムライン /
  友だちフィード in a splitter;
- :class:`~app.ui.session_controller.SessionController` — opens the session (the user's
  accounts, or the sandbox) through the opener it was given, feeds the columns from the
  session's feeds, runs the outbox, and switches sessions without a restart when
  Settings → Accounts… or the sandbox choice changes;
- :class:`~app.ui.send_controller.SendController` — the composer's sends and their rows;
- :class:`~app.ui.outbox_controller.OutboxController` — the outbox and safety dialogs and
  the question about missed schedules;
- :class:`~app.ui.draft_keeper.DraftKeeper` — the composer's unsent draft;
- :mod:`app.ui.settings_menu` — Settings (accounts, the sandbox, 喪中, language, appearance);
- :mod:`app.ui.window_session` — what the window says about the session it is shown
  (accounts, signed out, waiting) and when opening fails (with Try again);
- :mod:`app.ui.window_state` — its size and splitter (restored, kept at close) and the
  screenshot.

The window itself keeps the occasion hint and opens the composer.
Everything it shows about data comes through ``services`` (the session facade).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QMessageBox, QToolButton, QVBoxLayout, QWidget

from app.core.clock import TOKYO
from app.core.models import AccountRef, Audience, Friend
from app.core.occasions import Occasion
from app.services.accounts import AccountService, keychain_accounts
from app.services.catalogues import shipped
from app.services.notifications import DESKTOP_NOTICES
from app.services.prefs import (
    COLOR_SCHEME,
    LANG,
    MOURNING,
    SANDBOX,
    Settings,
    Store,
)
from app.services.store_worker import WriteBehind
from app.services.timeline_cache import read_start
from app.ui import settings_menu, theme, window_session, window_state
from app.ui.app_menu import install_app_menu
from app.ui.background import Background
from app.ui.column_area import ColumnArea
from app.ui.draft_keeper import DraftKeeper
from app.ui.images import ImageCache
from app.ui.notices import ask_close_without_draft, install_notice_board
from app.ui.notifications_controller import NotificationsController
from app.ui.occasion_picker import MidnightTimer
from app.ui.outbox_controller import OutboxController
from app.ui.post_actions import PostActions, install_post_actions
from app.ui.send_controller import SendController
from app.ui.session_controller import OpenSession, SessionController
from app.ui.timeline_column import TimelineColumn
from app.ui.top_bar import TopBar

if TYPE_CHECKING:  # dialogs and the composer load when first opened, not at the start
    import asyncio

    from app.services.friends import FriendsService
    from app.services.outbox import OutboxService
    from app.services.session import Session
    from app.ui.accounts_dialog import AccountsDialog
    from app.ui.composer import Composer
    from app.ui.outbox_dialog import OutboxDialog
    from app.ui.safety_dialog import SafetyDialog

log = logging.getLogger(__name__)

__all__ = ["SANDBOX_PREF", "MainWindow", "OpenSession"]

SANDBOX_PREF = SANDBOX.key  # as app.services.session names it (not loaded at start)

# The window's colours (the top bar's rule, the sandbox banner, the safety button, the
# signed-out warning) come from the palette: theme.window_colour_style, re-applied on change.
STYLE = (
    # Room for the menu arrow: left to the style, it is drawn over the label's end.
    "#SettingsButton { padding: 2px 18px 1px 10px; }"
    "#SettingsButton::menu-indicator { subcontrol-origin: padding;"
    " subcontrol-position: center right; right: 4px; }"
)


class MainWindow(QMainWindow):
    sessionAttached = Signal()
    # Made in __init__; named here so that mypy knows them when it checks the window
    # against the protocols of app.ui.settings_menu and app.ui.window_session.
    columns: ColumnArea
    outboxes: OutboxController
    post_actions: PostActions
    settings_button: QToolButton

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
        self.drafts = DraftKeeper(store, self)
        self._draft_given_up = False  # closing anyway, although the draft was refused
        # The menu toggles' writes go through the drafts' store worker: never a wait for
        # SQLite's lock on the GUI thread; what was set is read back at once.
        self.settings = Settings(WriteBehind(store, self.drafts.worker))
        self.lang = lang
        self.accounts = accounts or keychain_accounts(store)
        self._open_url = open_url
        # The Tokyo date for the occasion hint and the composer (tests set the calendar).
        self._today = today or (lambda: dt.datetime.now(TOKYO).date())
        self.accounts_dialog: AccountsDialog | None = None
        self.composer: Composer | None = None
        self._hinted: Occasion | None = None
        self._closed: asyncio.Event | None = None  # made when first asked for (asyncio)
        self.images = ImageCache(fetch=self._fetch_image, parent=self)
        #: The main window's title: the app's name (絆).
        self.setWindowTitle(QCoreApplication.translate("MainWindow", "Kizuna"))
        self.setObjectName("MainWindow")
        use_sandbox = force_sandbox or self.settings.get(SANDBOX)
        self._build(use_sandbox)
        # Both columns as they were last shown, before any network call.
        self.columns.show_cached(read_start(store.path))
        self._wire(
            opener
            or window_session.join_opener(
                store, self.accounts, sandbox_dir or store.path.parent / "sandbox"
            ),
            use_sandbox,
        )
        # The occasion hint follows the date: re-armed from the wall clock at every Tokyo
        # midnight (and after a sleep across it), never by adding 24 hours.
        self.midnight = MidnightTimer(today=today, parent=self)
        self.midnight.dayChanged.connect(self.refresh_hint)

    def _wire(self, opener: OpenSession, use_sandbox: bool) -> None:
        """The controllers: the session's, the composer's sends, the outbox's."""
        self.sessions = SessionController(
            opener=opener,
            columns=self.columns,
            images=self.images,
            use_sandbox=use_sandbox,
            on_attach=lambda session: window_session.show_session(self, session),
            on_outbox_update=lambda row: self.outboxes.on_update(row),
            on_first_page=self.refresh_composer_targets,
            before_detach=self._wait_sent,
            on_switching=self._show_switching,
            on_open_failed=self.show_fatal,
            parent=self,
        )
        self.sessions.attached.connect(self.sessionAttached)
        self.sends = SendController(
            session=lambda: self.session,
            composer=lambda: self.composer,
            sent=lambda: self.outboxes.sent(),
            save_draft=self.drafts.save,
            forget_draft=self.drafts.forget,
            status=lambda text: self.statusBar().showMessage(text, 5000),
        )
        self.outboxes = OutboxController(
            window=self,
            lang=self.lang,
            outbox=lambda: self.outbox,
            wake=self.sessions.wake_outbox,
            top_bar=self.top_bar,
            on_row=self.sends.on_row,
        )
        # Closing while schedules wait keeps Kizuna in the tray; Quit says what waits.
        self.background = Background(
            window=self, outbox=lambda: self.outbox, settings=self.settings, lang=self.lang
        )
        # 通知: the panel, the unread count in the top bar, desktop notices via the tray.
        self.notices = NotificationsController(
            window=self,
            lang=self.lang,
            notices_enabled=lambda: self.settings.get(DESKTOP_NOTICES),
            open_post=lambda post: self.post_actions.conversation(post) is not None,
        )
        self.notices.countChanged.connect(self.top_bar.set_notifications_count)
        self.notices.notice_wanted.connect(self.background.tray.show_message)
        self.top_bar.notificationsClicked.connect(self.notices.open_panel)
        self.post_actions = install_post_actions(self)  # reply, like, boost… on every post
        self.app_menu = install_app_menu(
            self,
            quit=self.background.request_quit,
            settings_button=self.settings_button,
            profile=self.store.path.parent,  # 設定 → Start Kizuna at login
        )
        # 挨拶帳… in the 設定 menu (the dialog's module loads when it is first opened).
        self.ledger_action = settings_menu.install_ledger_entry(self, self.settings_button)
        # Files the start skipped (a bad setting, occasion file…): said, never a crash.
        self.notice_board = install_notice_board(self, self.store, shipped())

    # -- layout ----------------------------------------------------------------------------
    def _build(self, use_sandbox: bool) -> None:
        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.top_bar = TopBar(
            use_sandbox=use_sandbox,
            mourning=self.settings.get(MOURNING),
            language=self.settings.get(LANG),
            color_scheme=self.settings.get(COLOR_SCHEME),
            desktop_notices=self.settings.get(DESKTOP_NOTICES),
        )
        bar = self.top_bar
        bar.newPostClicked.connect(lambda: self.open_composer())
        bar.safetyClicked.connect(self.open_safety_check)
        bar.outboxClicked.connect(self.open_outbox)
        bar.hintClicked.connect(self._open_hinted_occasion)
        bar.retryClicked.connect(self.request_switch)
        # Accounts, the sandbox, 喪中, the language, the appearance, desktop notices.
        settings_menu.connect_settings_menu(self)
        outer.addWidget(bar)
        self.columns = ColumnArea(self.images)
        self.columns.linkActivated.connect(self._open_link)
        outer.addWidget(self.columns, 1)
        self.setCentralWidget(central)
        # The widgets tests and the bootstrap reach by name.
        self.accounts_label, self.signed_out_label = bar.accounts_label, bar.signed_out_label
        self.sign_in_again_button, self.hint_button = bar.sign_in_again_button, bar.hint_button
        self.new_post_button, self.safety_button = bar.new_post_button, bar.safety_button
        self.outbox_button, self.settings_button = bar.outbox_button, bar.settings_button
        self.accounts_action, self.sandbox_action = bar.accounts_action, bar.sandbox_action
        self.mourning_action = bar.mourning_action
        self.banner, self.splitter = self.columns.banner, self.columns.splitter
        self.public_column = self.columns.public_column
        self.friends_column = self.columns.friends_column
        #: Status bar while the app starts and opens the accounts.
        self.statusBar().showMessage(QCoreApplication.translate("MainWindow", "Starting…"))
        self.refresh_hint()
        QShortcut(QKeySequence(QKeySequence.StandardKey.New), self).activated.connect(
            lambda: self.open_composer()
        )
        theme.follow_palette(self, lambda palette: STYLE + theme.window_colour_style(palette))

    @property
    def closed(self) -> asyncio.Event:
        """Set once the window really closed (not hidden in the tray): the session ends.
        Made on first use, so that the first paint does not import asyncio."""
        if self._closed is None:
            import asyncio

            self._closed = asyncio.Event()
        return self._closed

    def column(self, audience: Audience) -> TimelineColumn:
        return self.columns.column(audience)

    # -- the session ---------------------------------------------------------------------
    @property
    def session(self) -> Session | None:
        return self.sessions.session

    @property
    def outbox(self) -> OutboxService | None:
        return self.session.outbox if self.session is not None else None

    @property
    def friends_service(self) -> FriendsService | None:
        return self.session.friends if self.session is not None else None

    def attach_session(self, session: Session) -> None:
        """Show ``session`` (the caller keeps ownership; see :meth:`open_session`)."""
        self.sessions.attach(session)

    async def detach_session(self) -> None:
        await self.sessions.detach()

    async def open_session(self) -> Session:
        """Open the chosen session and attach it; the window owns it from then on."""
        # Painted by now (the start opens the session after the first frame): the
        # occasions' tags are checked on the next turn of the loop, not before the paint.
        QTimer.singleShot(0, self, self._check_catalogues)
        return await self.sessions.open()

    async def close_session(self) -> None:
        await self.sessions.close()

    def request_switch(self) -> None:
        self.sessions.request_switch()

    async def settled(self) -> None:
        """Until no session switch is pending (tests, shutdown)."""
        await self.sessions.settled()

    def _show_switching(self) -> None:
        self.top_bar.show_opening()

    def signed_out_accounts(self) -> list[AccountRef]:
        """Saved accounts of the current session the user has to sign in to again."""
        return window_session.signed_out_accounts(self.session)

    def show_fatal(self, error: BaseException | None = None) -> None:
        """Opening the session failed: why, in words, with Try again."""
        window_session.show_fatal(self, error)

    async def wait_loaded(self) -> None:
        """Until both columns have their first page (or gave up with an error)."""
        import asyncio

        await self.sessions.wait_loaded()
        # Let avatars arrive and layouts settle before a screenshot.
        for _ in range(20):
            await asyncio.sleep(0.05)
            if not self.images.pending:
                break
        # One more turn of the loop for the layouts, never processEvents() here: inside a
        # task it would step other tasks re-entrantly, and asyncio drops such a wakeup.
        await asyncio.sleep(0.05)

    async def _fetch_image(self, url: str) -> bytes:
        if self.session is None:
            raise PermissionError("no session")
        return await self.session.fetch_image(url)

    def _open_link(self, url: str) -> None:
        if url.startswith(("http://", "https://")):
            QDesktopServices.openUrl(QUrl(url))

    # -- accounts and the sandbox choice (app.ui.settings_menu) ------------------------------
    def open_accounts(self) -> AccountsDialog:
        """Settings → Accounts…: the non-modal accounts dialog."""
        return settings_menu.open_accounts(self, self, self._open_url)

    def sign_in_again(self) -> AccountsDialog:
        """The accounts dialog filled in for the first signed-out account."""
        return settings_menu.sign_in_again(self)

    def set_use_sandbox(self, on: bool) -> None:
        """Settings → Use the practice sandbox (remembered for the next start)."""
        settings_menu.set_use_sandbox(self, on)

    # -- composer and its draft ----------------------------------------------------------------
    def open_composer(
        self, text: str | None = None, audiences: frozenset[Audience] | None = None
    ) -> Composer:
        if self.composer is None:
            from app.ui.composer import Composer

            self.composer = Composer(
                targets=self.sends.targets,
                send_draft=self.sends.send_draft,
                today=self._today,
                friends=self._friends,
                mourning=self.settings.get(MOURNING),
                prefs=self.store,
                parent=self,
            )
            self.drafts.follow(self.composer)
            self.composer.retryRequested.connect(self.outboxes.retry)
            self.composer.discardRequested.connect(self.outboxes.discard)
            # Edit puts the target's text back in the editor; the queued copy goes away
            # so that only the edited post is sent.
            self.composer.editRequested.connect(self.outboxes.discard)
            if text is None:
                self.drafts.restore()
        if text is not None:
            self.composer.set_text(text)
        if audiences:
            self.composer.set_audiences(audiences)
        self.composer.show()
        self.composer.raise_()
        self.composer.activateWindow()
        return self.composer

    def refresh_composer_targets(self) -> None:
        """An open composer counts against the accounts and limits known now: accounts
        change on attach, a server's own limits arrive with its first page."""
        if self.composer is not None:
            self.composer.refresh_targets()

    async def _wait_sent(self) -> None:
        await self.notices.detach()
        if self.composer is not None:
            await self.composer.wait_sent()

    async def _friends(self) -> list[Friend]:
        return await self.friends_service.friends() if self.friends_service else []

    def save_draft(self) -> None:
        """Keep the composer's unsent text now (also done a moment after each edit)."""
        self.drafts.save()

    # -- outbox and safety check ------------------------------------------------------------
    @property
    def late_box(self) -> QMessageBox | None:
        return self.outboxes.late_box

    @property
    def outbox_dialog(self) -> OutboxDialog | None:
        return self.outboxes.outbox_dialog

    @property
    def safety_dialog(self) -> SafetyDialog | None:
        return self.outboxes.safety_dialog

    @property
    def safety_message(self) -> int | None:
        """The safety message last sent from the safety dialog (its outbox id)."""
        return self.outboxes.safety_message

    def open_safety_check(self) -> SafetyDialog:
        return self.outboxes.open_safety_check()

    def open_outbox(self) -> OutboxDialog:
        return self.outboxes.open_outbox()

    # -- occasions and settings ------------------------------------------------------------
    def refresh_hint(self, today: dt.date | None = None) -> None:
        """「もうすぐクリスマス・あと30日」: the occasion open today or coming next."""
        today = today or self._today()
        mourning = self.settings.get(MOURNING)
        # National holidays are never hinted: left out (jpholiday is not imported), and the
        # occasions' tags are checked after the first frame (regex), see _check_catalogues.
        upcoming = shipped().hint(today, 60, mourning=mourning)
        coming = [o for o in upcoming if o.kind != "national"]
        self._hinted = coming[0] if coming else None
        self.top_bar.show_hint(self._hinted, today, self.lang)

    def _check_catalogues(self) -> None:
        """The occasions' tags checked (this imports and compiles ``regex``, which the
        first paint does without): a file that fails is said in the notices, and the
        hint is worked out again without it."""
        catalogues = shipped()
        fresh = not catalogues.tags_checked
        catalogues.occasions  # noqa: B018 -- read for the check it makes
        self.notice_board.check_catalogues(catalogues)
        if fresh:
            self.refresh_hint()

    def _open_hinted_occasion(self) -> None:
        composer = self.open_composer()
        if self._hinted is not None:
            composer.choose_occasion(self._hinted.key)

    def set_mourning(self, on: bool) -> None:
        settings_menu.set_mourning(self, on)

    def set_color_scheme(self, choice: str) -> None:
        """Settings → Appearance: saved, and applied to the whole application now."""
        settings_menu.set_color_scheme(self, choice)

    # -- window state (app.ui.window_state) ----------------------------------------------------
    def restore_geometry(self) -> None:
        window_state.restore_geometry(self, self.splitter, self.settings)

    def save_screenshot(self, path: Path) -> bool:
        """The window as a PNG carrying its visible texts and language (text chunks)."""
        return window_state.save_screenshot(self, path, self.lang)

    def _close_losing_draft(self) -> None:
        """The user chose to close although the draft could not be saved."""
        self._draft_given_up = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.composer is not None:
            # An unsent draft is kept, never silently dropped: when the profile refuses
            # it (a full disk), ask before the text is lost.
            problem = None if self._draft_given_up else self.drafts.save(settle=0.5)
            if problem is not None:
                event.ignore()
                folder = str(self.store.path.parent)
                ask_close_without_draft(self, problem, folder, self._close_losing_draft)
                return
            self.composer.close()
        # After the draft, which comes first on the worker: the user's text over the size.
        window_state.keep_geometry(self, self.splitter, self.drafts.worker.submit)
        if self.background.keep_running():
            event.ignore()  # hidden in the tray (or asking): the outbox loop keeps running
            return
        self.midnight.stop()  # the store closes after this: no hint at a later midnight
        self.closed.set()
        super().closeEvent(event)
