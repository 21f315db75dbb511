"""The application menu: Quit (Ctrl+Q; ⌘Q on macOS) everywhere, and on macOS a menu bar
whose About, Settings… (⌘,) and Quit carry their ``QAction.MenuRole`` so that Qt moves
them into the application menu ("Kizuna") where a Mac user looks for them.

Qt writes ⌘ as ``Ctrl`` in a key sequence (and the Control key as ``Meta``), so the
shortcuts here are spelt with ``Ctrl`` for every platform. Elsewhere the window has no
menu bar (its settings are the 設定 button's menu); Quit is a window shortcut there.

:func:`add_start_at_login` puts 設定 → Start Kizuna at login (:mod:`app.services.autostart`)
in that menu.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox, QToolButton, QWidget

from app import __version__
from app.services.autostart import AutostartError, StartAtLogin

log = logging.getLogger(__name__)

# Written out: Qt's StandardKey.Quit is empty on Windows (and on the offscreen platform),
# StandardKey.Preferences everywhere but macOS; Kizuna quits with Ctrl+Q on every system.
QUIT_KEYS = "Ctrl+Q"  # ⌘Q on macOS
PREFERENCES_KEYS = "Ctrl+,"  # ⌘, on macOS


@dataclass
class AppMenu:
    """What was installed: the macOS actions (None elsewhere), the Quit shortcut (None on
    macOS) and 設定 → Start Kizuna at login."""

    quit_action: QAction | None = None
    settings_action: QAction | None = None
    about_action: QAction | None = None
    quit_shortcut: QShortcut | None = None
    start_at_login: QAction | None = None


def install_app_menu(
    window: QMainWindow,
    *,
    quit: Callable[[], None],
    settings_button: QToolButton,
    profile: Path | None = None,
    platform: str | None = None,
) -> AppMenu:
    """Quit and, on macOS, the menu bar's role actions for ``window``. ``quit``: quit
    for real (it says what would wait first). ``settings_button``: the button whose menu
    Settings… opens. ``profile``: the profile folder, whose Start Kizuna at login goes in
    that menu (None: not offered). ``platform``: ``sys.platform`` (tests simulate macOS)."""
    menu, login = settings_button.menu(), None
    if profile is not None and menu is not None:
        login = add_start_at_login(
            menu,
            StartAtLogin.for_profile(profile),
            lambda words: window.statusBar().showMessage(words, 8000),
        )
    if (platform or sys.platform) != "darwin":
        shortcut = QShortcut(QKeySequence(QUIT_KEYS), window)
        shortcut.activated.connect(quit)
        return AppMenu(quit_shortcut=shortcut, start_at_login=login)
    bar = window.menuBar()
    #: Menu bar menu (Windows, Linux): Settings… and Quit.
    file_menu = bar.addMenu(QCoreApplication.translate("AppMenu", "File"))
    #: Menu entry opening the settings menu (on macOS: the app menu's Settings…, ⌘,).
    settings = QAction(QCoreApplication.translate("AppMenu", "Settings…"), window)
    settings.setMenuRole(QAction.MenuRole.PreferencesRole)
    settings.setShortcut(QKeySequence(PREFERENCES_KEYS))
    settings.triggered.connect(lambda: _pop_up(settings_button))
    file_menu.addAction(settings)
    #: Menu entry that closes Kizuna (Ctrl+Q, ⌘Q).
    quit_action = QAction(QCoreApplication.translate("AppMenu", "Quit Kizuna"), window)
    quit_action.setMenuRole(QAction.MenuRole.QuitRole)
    quit_action.setShortcut(QKeySequence(QUIT_KEYS))
    quit_action.triggered.connect(quit)
    file_menu.addAction(quit_action)
    #: Menu bar menu holding About Kizuna.
    help_menu = bar.addMenu(QCoreApplication.translate("AppMenu", "Help"))
    #: Menu entry showing Kizuna's name, version and purpose.
    about = QAction(QCoreApplication.translate("AppMenu", "About Kizuna"), window)
    about.setMenuRole(QAction.MenuRole.AboutRole)
    about.triggered.connect(lambda: show_about(window))
    help_menu.addAction(about)
    return AppMenu(
        quit_action=quit_action,
        settings_action=settings,
        about_action=about,
        start_at_login=login,
    )


def add_start_at_login(menu: QMenu, start: StartAtLogin, status: Callable[[str], None]) -> QAction:
    """設定 → Start Kizuna at login: ticked when the system's login item exists; ticking
    writes it, unticking removes it. ``status``: says a refusal (the reason is logged)."""
    action = QAction(QCoreApplication.translate("AppMenu", "Start Kizuna at login"), menu)
    action.setObjectName("StartAtLoginAction")
    action.setToolTip(
        QCoreApplication.translate(
            "AppMenu", "Kizuna starts when you log in, to send scheduled posts on time"
        )
    )
    action.setCheckable(True)
    action.setChecked(start.enabled())

    def toggled(on: bool) -> None:
        try:
            start.set_enabled(on)
        except AutostartError as exc:
            log.warning("start at login: %s", exc)
            status(QCoreApplication.translate("AppMenu", "Could not change Start Kizuna at login."))
        action.blockSignals(True)  # show what the system has now
        action.setChecked(start.enabled())
        action.blockSignals(False)

    action.toggled.connect(toggled)
    menu.addSeparator()
    menu.addAction(action)
    return action


def _pop_up(button: QToolButton) -> None:
    """The settings menu under its button, without a nested event loop (no exec)."""
    menu: QMenu | None = button.menu()
    if menu is not None:
        menu.popup(button.mapToGlobal(QPoint(0, button.height())))


def show_about(parent: QWidget) -> QMessageBox:
    """About Kizuna: its name, version and what it is for (opened, never exec'd)."""
    box = QMessageBox(parent)
    box.setObjectName("AboutBox")
    #: Title of the About box.
    box.setWindowTitle(QCoreApplication.translate("AppMenu", "About Kizuna"))
    #: About box headline; %1 is the version number (e.g. 1.2.0).
    box.setText(QCoreApplication.translate("AppMenu", "Kizuna (絆) %1").replace("%1", __version__))
    box.setInformativeText(
        QCoreApplication.translate(
            "AppMenu", "The public timeline and your friends feed side by side."
        )
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    box.open()
    return box
