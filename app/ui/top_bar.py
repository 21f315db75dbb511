"""The main window's top bar: who is signed in, accounts that are signed out, the occasion
hint, 新規投稿, the outbox, Settings and 安否確認 (always visible).

Only widgets and their signals; the window decides what they do.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QPushButton, QToolButton, QWidget

from app.core.models import AccountRef
from app.core.occasions import Occasion
from app.i18n import data_names
from app.ui.elided import ElidedButton, ElidedLabel
from app.ui.language_menu import fill_language_menu
from app.ui.placeholders import fill
from app.ui.theme import named

# Written out at each call (not through a helper) so that lupdate sees every string.
translate = QCoreApplication.translate


class TopBar(QWidget):
    newPostClicked = Signal()
    safetyClicked = Signal()
    outboxClicked = Signal()
    hintClicked = Signal()
    signInAgainClicked = Signal()
    retryClicked = Signal()  # opening the session failed: try again
    accountsClicked = Signal()
    sandboxToggled = Signal(bool)
    mourningToggled = Signal(bool)
    languageChosen = Signal(str)  # "" (the system's) or a language code ("ja", "en", …)
    colorSchemeChosen = Signal(str)  # "system", "light" or "dark"
    notificationsClicked = Signal()
    desktopNoticesToggled = Signal(bool)

    def __init__(
        self,
        *,
        use_sandbox: bool,
        mourning: bool,
        language: str,
        color_scheme: str = "system",
        desktop_notices: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("TopBar")
        bar = QHBoxLayout(self)
        bar.setContentsMargins(12, 8, 12, 8)
        #: Top bar, left: shown while the accounts are being opened at start.
        self.accounts_label = named(
            ElidedLabel(translate("MainWindow", "Signing in…")), "AccountsLabel"
        )
        self.accounts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bar.addWidget(self.accounts_label, 1)
        # Accounts the keychain could not open: named in words, with the way to fix it.
        self.signed_out_label = named(QLabel(), "SignedOutLabel")
        self.signed_out_label.setWordWrap(True)
        self.signed_out_label.setVisible(False)
        bar.addWidget(self.signed_out_label)
        self.sign_in_again_button = named(
            QPushButton(translate("MainWindow", "Sign in again…")), "SignInAgainButton"
        )
        self.sign_in_again_button.setVisible(False)
        self.sign_in_again_button.clicked.connect(self.signInAgainClicked)
        bar.addWidget(self.sign_in_again_button)
        #: Top bar button shown when opening the accounts failed: open them again.
        self.retry_button = named(QPushButton(translate("MainWindow", "Try again")), "RetryButton")
        self.retry_button.setVisible(False)
        self.retry_button.clicked.connect(self.retryClicked)
        bar.addWidget(self.retry_button)
        # Both give way to the buttons in a narrow window, ending in "…" (app.ui.elided).
        self.hint_button = named(ElidedButton(), "OccasionHint")
        self.hint_button.setFlat(True)
        self.hint_button.clicked.connect(self.hintClicked)
        bar.addWidget(self.hint_button)
        #: Top bar button that opens the composer (新規投稿).
        self.new_post_button = self._button(
            "NewPostButton",
            translate("MainWindow", "New post"),
            translate("MainWindow", "Write a new post (Ctrl+N)"),
        )
        self.new_post_button.clicked.connect(self.newPostClicked)
        bar.addWidget(self.new_post_button)
        #: Top bar button (安否確認): tell both circles you are safe after a disaster.
        self.safety_button = self._button(
            "SafetyButton",
            translate("MainWindow", "Safety check"),
            translate(
                "MainWindow",
                "Tell both circles you are safe (安否確認): one message to every account",
            ),
        )
        self.safety_button.clicked.connect(self.safetyClicked)
        #: Top bar button that opens the list of posts waiting to be sent.
        self.outbox_button = self._button(
            "OutboxButton",
            translate("MainWindow", "Outbox"),
            translate("MainWindow", "Posts waiting, scheduled or failed"),
        )
        self.outbox_button.clicked.connect(self.outboxClicked)
        bar.addWidget(self.outbox_button)
        self.notifications_button = named(QPushButton(), "NotificationsButton")
        self.notifications_button.setToolTip(
            translate("MainWindow", "Mentions, replies, reactions, boosts and new followers")
        )
        self.notifications_button.clicked.connect(self.notificationsClicked)
        self.set_notifications_count(0)
        bar.addWidget(self.notifications_button)
        self.settings_button = named(QToolButton(), "SettingsButton")
        #: Top bar menu button holding accounts, sandbox, 喪中, language and appearance.
        self.settings_button.setText(translate("MainWindow", "Settings"))
        self.settings_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = self._settings_menu(use_sandbox, mourning, language)
        self._appearance_menu(menu, color_scheme)
        self.desktop_notices_action = QAction(
            translate("MainWindow", "Desktop notifications for mentions and gifts"), menu
        )
        self.desktop_notices_action.setCheckable(True)
        self.desktop_notices_action.setChecked(desktop_notices)
        self.desktop_notices_action.toggled.connect(self.desktopNoticesToggled)
        menu.addAction(self.desktop_notices_action)
        self.settings_button.setMenu(menu)
        bar.addWidget(self.settings_button)
        bar.addWidget(self.safety_button)

    @staticmethod
    def _button(name: str, text: str, tip: str) -> QPushButton:
        button = named(QPushButton(text), name)
        button.setToolTip(tip)
        return button

    def _settings_menu(self, use_sandbox: bool, mourning: bool, language: str) -> QMenu:
        menu = QMenu(self.settings_button)
        #: Settings menu entry that opens the accounts dialog (sign in, sign out).
        self.accounts_action = QAction(translate("MainWindow", "Accounts…"), menu)
        self.accounts_action.triggered.connect(self.accountsClicked)
        menu.addAction(self.accounts_action)
        self.sandbox_action = QAction(translate("MainWindow", "Use the practice sandbox"), menu)
        self.sandbox_action.setToolTip(
            translate(
                "MainWindow",
                "Show the local practice networks instead of your accounts; nothing leaves "
                "this computer",
            )
        )
        self.sandbox_action.setCheckable(True)
        self.sandbox_action.setChecked(use_sandbox)
        self.sandbox_action.toggled.connect(self.sandboxToggled)
        menu.addAction(self.sandbox_action)
        menu.addSeparator()
        self.mourning_action = QAction(
            translate("MainWindow", "Mourning (喪中): hide celebrations"), menu
        )
        self.mourning_action.setCheckable(True)
        self.mourning_action.setChecked(mourning)
        self.mourning_action.toggled.connect(self.mourningToggled)
        menu.addAction(self.mourning_action)
        #: Settings submenu listing the UI languages (設定 → 言語).
        self.language_menu = menu.addMenu(translate("MainWindow", "Language"))
        # Each language's own name comes from Babel's locale data (~15 ms): looked up when
        # the Settings menu is first opened, not before the first paint.
        menu.aboutToShow.connect(lambda: self._fill_languages(language))
        return menu

    def _fill_languages(self, chosen: str) -> None:
        if not self.language_menu.actions():  # once: later the group keeps the choice
            fill_language_menu(self.language_menu, chosen, self.languageChosen.emit)

    def _appearance_menu(self, menu: QMenu, chosen: str) -> None:
        """外観: follow the system, light or dark (one checked: the saved choice)."""
        #: Settings submenu: light or dark colours (設定 → 外観).
        appearance = menu.addMenu(translate("MainWindow", "Appearance"))
        group = QActionGroup(appearance)
        self.color_scheme_actions: dict[str, QAction] = {}
        #: Settings → Appearance entries: the colour scheme (Follow the system, Light, Dark).
        for code, name in (
            ("system", translate("MainWindow", "Follow the system")),
            #: Settings → Appearance: light colours.
            ("light", translate("MainWindow", "Light")),
            #: Settings → Appearance: dark colours.
            ("dark", translate("MainWindow", "Dark")),
        ):
            action = QAction(name, appearance, checkable=True)
            action.setChecked(chosen == code)
            action.triggered.connect(lambda _=False, c=code: self.colorSchemeChosen.emit(c))
            group.addAction(action)
            appearance.addAction(action)
            self.color_scheme_actions[code] = action

    def show_hint(self, occasion: Occasion | None, today: dt.date, lang: str) -> None:
        """「もうすぐクリスマス・あと30日」 for ``occasion`` (None: no hint)."""
        if occasion is None:
            self.hint_button.setVisible(False)
            return
        name = data_names.occasion_name(occasion.name_ja, occasion.name_en, lang)
        days = occasion.days_until(today)
        if days <= 0:
            #: Top bar hint on the day of an occasion; %1 is its name (e.g. Christmas).
            text = translate("MainWindow", "%1 now — write a greeting").replace("%1", name)
        else:
            #: Top bar hint before an occasion; %1 is its name, %n the days until it.
            text = QCoreApplication.translate(
                "MainWindow", "%1 in %n day(s) — write a greeting", "", days
            ).replace("%1", name)
        self.hint_button.setText(text)
        self.hint_button.setVisible(True)

    def show_accounts(self, public: str, friends: str) -> None:
        """Who is signed in for each audience (handles, "" for none)."""
        #: Top bar, in place of a handle: no account signed in for that circle.
        none = translate("MainWindow", "none")
        #: Top bar: who posts to each circle; %1 the public account's handle, %2 the
        #: friends account's handle (either may be the word for "none").
        text = translate("MainWindow", "Public: %1 · Friends: %2")
        self.accounts_label.setText(fill(text, public or none, friends or none))
        self.retry_button.setVisible(False)

    def show_opening(self) -> None:
        self.accounts_label.setText(translate("MainWindow", "Signing in…"))
        self.retry_button.setVisible(False)

    def show_open_failed(self, words: str) -> None:
        """Opening the session failed: why, in words, and a button to try again."""
        self.accounts_label.setText(words)
        self.retry_button.setVisible(True)

    def set_outbox_count(self, count: int) -> None:
        if not count:
            #: Top bar button that opens the outbox, when no post waits in it.
            self.outbox_button.setText(translate("MainWindow", "Outbox"))
            return
        #: Top bar button that opens the outbox; %n is how many posts wait in it.
        self.outbox_button.setText(translate("MainWindow", "Outbox (%n)", "", count))

    def set_notifications_count(self, count: int) -> None:
        """通知 with the unread count beside it; the accessible name says it in words."""
        if count:
            #: Top bar button that opens the notifications; %n is how many are unread.
            text = translate("MainWindow", "Notifications (%n)", "", count)
        else:
            #: Top bar button that opens the notifications, when none is unread.
            text = translate("MainWindow", "Notifications")
        self.notifications_button.setText(text)
        #: Screen-reader name of the notifications button; %n is the unread count.
        self.notifications_button.setAccessibleName(
            QCoreApplication.translate("MainWindow", "Notifications, %n unread", "", count)
        )

    def show_signed_out(self, accounts: list[AccountRef]) -> str:
        """Name the accounts that are signed out (none: hide); returns the words shown."""
        if not accounts:
            self.signed_out_label.clear()
            self.signed_out_label.setVisible(False)
            self.sign_in_again_button.setVisible(False)
            return ""
        handles = " ".join(a.handle for a in accounts)
        count = len(accounts)  # a plain name: lupdate skips a count that is a call
        #: Top bar: accounts whose sign-in was lost; %n how many, %1 their handles.
        text = QCoreApplication.translate(
            "MainWindow", "%n account(s) signed out: %1", "", count
        ).replace("%1", handles)
        self.signed_out_label.setText(text)
        self.signed_out_label.setVisible(True)
        self.sign_in_again_button.setVisible(True)
        return text
