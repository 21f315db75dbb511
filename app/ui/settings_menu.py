"""The main window's Settings menu (設定) and the top bar's account buttons: Accounts…
(and Sign in again), Use the practice sandbox, 喪中, the language, the appearance and
desktop notices — each saved in the profile's settings and applied to the window.

Functions over the window they are given (:class:`SettingsWindow`: what they use of
:class:`~app.ui.main_window.MainWindow`); the window's public methods of the same names
(``open_accounts``, ``set_mourning`` …) call them, and :func:`connect_settings_menu`
connects the top bar's menu to those methods.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QStatusBar, QToolButton, QWidget

from app.core.models import AccountRef
from app.services.accounts import AccountService
from app.services.notifications import DESKTOP_NOTICES
from app.services.prefs import COLOR_SCHEME, LANG, MOURNING, SANDBOX, Settings
from app.ui import theme
from app.ui.session_controller import SessionController
from app.ui.top_bar import TopBar

if TYPE_CHECKING:  # loaded when first opened
    from app.ui.accounts_dialog import AccountsDialog
    from app.ui.composer import Composer


class SettingsWindow(Protocol):
    """What these functions use of the main window."""

    settings: Settings
    accounts: AccountService
    accounts_dialog: AccountsDialog | None
    composer: Composer | None
    sessions: SessionController
    top_bar: TopBar

    def open_accounts(self) -> AccountsDialog: ...
    def sign_in_again(self) -> AccountsDialog: ...
    def signed_out_accounts(self) -> list[AccountRef]: ...
    def set_use_sandbox(self, on: bool) -> None: ...
    def set_mourning(self, on: bool) -> None: ...
    def set_color_scheme(self, choice: str) -> None: ...
    def request_switch(self) -> None: ...
    def refresh_hint(self) -> None: ...
    def statusBar(self) -> QStatusBar: ...


def connect_settings_menu(window: SettingsWindow) -> None:
    """The top bar's account buttons and Settings menu, to the window's methods."""
    bar = window.top_bar
    bar.signInAgainClicked.connect(lambda: window.sign_in_again())
    bar.accountsClicked.connect(lambda: window.open_accounts())
    bar.sandboxToggled.connect(window.set_use_sandbox)
    bar.mourningToggled.connect(window.set_mourning)
    bar.languageChosen.connect(lambda code: set_language(window, code))
    bar.colorSchemeChosen.connect(window.set_color_scheme)
    bar.desktopNoticesToggled.connect(lambda on: window.settings.set(DESKTOP_NOTICES, on))


# -- accounts and the sandbox choice ---------------------------------------------------------
LEDGER_SHORTCUT = "Ctrl+Shift+L"  # 設定 → 挨拶帳…


def install_ledger_entry(window: QWidget, settings_button: QToolButton) -> QAction:
    """「挨拶帳…」 at the top of the 設定 menu, with :data:`LEDGER_SHORTCUT` on ``window``
    (a main window). :mod:`app.ui.ledger_dialog` (with the ledger's service, table and
    rules) is imported when it is first chosen, not at the start (issue #11)."""
    #: Settings menu entry that opens the greeting ledger (挨拶帳…).
    action = QAction(QCoreApplication.translate("Ledger", "Greeting ledger…"), window)
    action.setShortcut(QKeySequence(LEDGER_SHORTCUT))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(lambda: _open_ledger(window))
    window.addAction(action)
    menu = settings_button.menu()
    if menu is not None and menu.actions():
        first = menu.actions()[0]
        menu.insertAction(first, action)
        menu.insertSeparator(first)
    elif menu is not None:
        menu.addAction(action)
    return action


def _open_ledger(window: QWidget) -> None:
    from app.ui.ledger_dialog import open_ledger

    open_ledger(window)


def open_accounts(
    window: SettingsWindow, parent: QWidget, open_url: Callable[[str], object] | None
) -> AccountsDialog:
    """Settings → Accounts…: the non-modal accounts dialog (over ``parent``, the window).
    ``open_url``: how it opens the browser (None: the system's)."""
    if window.accounts_dialog is None:
        from app.ui.accounts_dialog import AccountsDialog

        window.accounts_dialog = AccountsDialog(window.accounts, parent, open_url=open_url)
        window.accounts_dialog.accountsChanged.connect(lambda: accounts_changed(window))
    window.accounts_dialog.refresh()
    window.accounts_dialog.show()
    window.accounts_dialog.raise_()
    window.accounts_dialog.activateWindow()
    return window.accounts_dialog


def sign_in_again(window: SettingsWindow) -> AccountsDialog:
    """The accounts dialog with its form filled in for the first signed-out account:
    signing in again replaces the saved account and its keychain entry."""
    dialog = window.open_accounts()
    signed_out = window.signed_out_accounts()
    if signed_out:
        from app.ui.sign_in_again import prefill

        prefill(dialog, signed_out[0])
    return dialog


def accounts_changed(window: SettingsWindow) -> None:
    if window.sessions.use_sandbox:
        # The sandbox stays until the user turns it off; say where the accounts went.
        window.statusBar().showMessage(
            QCoreApplication.translate(
                "MainWindow",
                "Saved. Turn off Settings → Use the practice sandbox to use your accounts.",
            ),
            8000,
        )
        return
    window.request_switch()


def set_use_sandbox(window: SettingsWindow, on: bool) -> None:
    """Settings → Use the practice sandbox (remembered for the next start)."""
    window.settings.set(SANDBOX, bool(on))
    if bool(on) == window.sessions.use_sandbox:
        return
    window.sessions.use_sandbox = bool(on)
    if window.sessions.busy:
        window.request_switch()


# -- 喪中, language and appearance ---------------------------------------------------------
def set_mourning(window: SettingsWindow, on: bool) -> None:
    window.settings.set(MOURNING, bool(on))
    if window.composer is not None:
        window.composer.set_mourning(bool(on))
    window.refresh_hint()


def set_language(window: SettingsWindow, code: str) -> None:
    window.settings.set(LANG, code)
    window.statusBar().showMessage(
        QCoreApplication.translate("MainWindow", "The language changes at the next start."),
        8000,
    )


def set_color_scheme(window: SettingsWindow, choice: str) -> None:
    """Settings → Appearance: saved, and applied to the whole application now."""
    window.settings.set(COLOR_SCHEME, choice)
    app = QApplication.instance()
    if isinstance(app, QApplication):
        theme.apply_color_scheme(app, choice)
