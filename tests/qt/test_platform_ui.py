"""Platform code paths of the UI simulated here (issue 15, item 3): the Japanese fonts of
each system with their fallbacks, the macOS application menu's roles and ⌘ shortcuts,
the window's Quit elsewhere, and the composer's ⌘+Return."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QAction, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QMessageBox, QToolButton

from app import __version__
from app.core.models import Audience
from app.i18n.fonts import apply_fonts, card_serif_families, ui_families
from app.services.autostart import AutostartError, StartAtLogin, XdgAutostart
from app.store.db import Store
from app.ui.app_menu import add_start_at_login, install_app_menu
from app.ui.composer import Composer
from app.ui.main_window import MainWindow
from tests.qt.test_composer import FakeSend


@pytest.fixture
def app_font(qapp: QApplication) -> Iterator[QFont]:
    before = QFont(qapp.font())
    try:
        yield before
    finally:
        qapp.setFont(before)


@pytest.mark.parametrize(
    ("platform", "installed", "lang", "first"),
    [
        ("win32", {"Yu Gothic UI", "Meiryo UI", "Segoe UI"}, "ja", ["Yu Gothic UI", "Meiryo UI"]),
        # Windows without Yu Gothic (stripped, or older): Meiryo UI.
        ("win32", {"Meiryo UI", "Segoe UI"}, "ja", ["Meiryo UI", "Segoe UI"]),
        ("win32", {"Yu Gothic UI", "Segoe UI"}, "en", ["Segoe UI", "Yu Gothic UI"]),
        ("darwin", {"Hiragino Sans", "Hiragino Kaku Gothic ProN"}, "ja", ["Hiragino Sans"]),
        ("darwin", {"Hiragino Kaku Gothic ProN"}, "ja", ["Hiragino Kaku Gothic ProN"]),
        ("linux", {"IPAexGothic", "Noto Color Emoji"}, "ja", ["IPAexGothic", "Noto Color Emoji"]),
    ],
)
def test_the_japanese_ui_font_of_each_system_and_its_fallbacks(
    qapp: QApplication,
    app_font: QFont,
    platform: str,
    installed: set[str],
    lang: str,
    first: list[str],
) -> None:
    font = apply_fonts(qapp, lang, platform=platform, available=lambda: installed)
    assert font.families()[: len(first)] == first
    assert qapp.font().families()[: len(first)] == first
    # Only installed families are named, then the platform's own default last.
    assert set(font.families()) - set(app_font.families()) <= installed


def test_nothing_japanese_installed_keeps_the_platforms_font(
    qapp: QApplication, app_font: QFont
) -> None:
    font = apply_fonts(qapp, "ja", platform="win32", available=lambda: {"Arial"})
    assert font.families() == app_font.families()
    assert qapp.font().families() == app_font.families()


def test_family_lists_per_system() -> None:
    assert ui_families("ja", "win32")[:2] == ["Yu Gothic UI", "Meiryo UI"]
    assert ui_families("ja", "darwin")[0] == "Hiragino Sans"
    assert ui_families("en", "darwin")[0] == ".AppleSystemUIFont"
    assert ui_families("ja", "freebsd14")[0] == "Noto Sans CJK JP"  # any other Unix
    assert card_serif_families("win32")[0] == "Yu Mincho"
    assert card_serif_families("darwin")[0] == "Hiragino Mincho ProN"


# ---------------------------------------------------------------- menus and shortcuts


def settings_button(window: QMainWindow) -> QToolButton:
    button = QToolButton(window)
    button.setMenu(QMenu(button))
    button.menu().addAction("Accounts…")
    return button


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")  # a popup
def test_the_macos_application_menu_has_its_roles_and_command_keys(qtbot: Any) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    quits: list[bool] = []
    button = settings_button(window)
    menu = install_app_menu(
        window, quit=lambda: quits.append(True), settings_button=button, platform="darwin"
    )
    assert menu.quit_action and menu.settings_action and menu.about_action
    assert menu.quit_shortcut is None  # the menu's own key: no second, ambiguous ⌘Q
    roles = {a.menuRole() for m in window.menuBar().actions() for a in m.menu().actions()}
    assert roles == {
        QAction.MenuRole.QuitRole,
        QAction.MenuRole.PreferencesRole,
        QAction.MenuRole.AboutRole,
    }
    # Qt spells ⌘ "Ctrl": ⌘Q and ⌘, on a Mac.
    assert menu.quit_action.shortcut() == QKeySequence("Ctrl+Q")
    assert menu.settings_action.shortcut() == QKeySequence("Ctrl+,")
    menu.quit_action.trigger()
    assert quits == [True]
    if sys.platform != "darwin":  # a real Mac tracks a popped-up menu modally
        menu.settings_action.trigger()
        assert button.menu().isVisible()
        button.menu().hide()
    menu.about_action.trigger()
    [about] = [b for b in window.findChildren(QMessageBox) if b.objectName() == "AboutBox"]
    assert about.isVisible() and __version__ in about.text()
    about.close()


@pytest.mark.parametrize("platform", ["win32", "linux"])
def test_elsewhere_quit_is_a_window_shortcut_and_no_menu_bar(qtbot: Any, platform: str) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    quits: list[bool] = []
    menu = install_app_menu(
        window,
        quit=lambda: quits.append(True),
        settings_button=settings_button(window),
        platform=platform,
    )
    assert menu.quit_action is None and window.menuBar().actions() == []
    assert menu.quit_shortcut is not None
    assert menu.quit_shortcut.key() == QKeySequence("Ctrl+Q")
    menu.quit_shortcut.activated.emit()
    assert quits == [True]


def test_the_windows_quit_quits_when_nothing_waits(
    qtbot: Any, qloop: Any, profile_dir: Path
) -> None:
    window = MainWindow(store=Store(profile_dir / "kizuna.db"), lang="en")
    qtbot.addWidget(window)
    window.show()
    menu = window.app_menu
    if menu.quit_shortcut is not None:
        menu.quit_shortcut.activated.emit()
    else:  # on a Mac: the application menu's Quit
        assert menu.quit_action is not None
        menu.quit_action.trigger()
    assert window.closed.is_set() and not window.isVisible()


def test_no_shortcut_uses_the_control_key_on_a_mac(
    qtbot: Any, qloop: Any, profile_dir: Path
) -> None:
    """Qt's ``Ctrl`` is ⌘ on macOS and ``Meta`` the Control key: every shortcut of the
    window is written with Ctrl, so a Mac user presses ⌘."""
    window = MainWindow(store=Store(profile_dir / "kizuna.db"), lang="en")
    qtbot.addWidget(window)
    keys = [s.key() for s in window.findChildren(QShortcut)]
    keys += [a.shortcut() for a in window.findChildren(QAction) if not a.shortcut().isEmpty()]
    assert QKeySequence("Ctrl+N") in keys and QKeySequence("Ctrl+Q") in keys
    meta = [
        k.toString() for k in keys if "Meta" in k.toString(QKeySequence.SequenceFormat.PortableText)
    ]
    assert meta == []


@pytest.mark.parametrize(
    ("platform", "words"), [("darwin", "Send (⌘+Return)"), ("win32", "Send (Ctrl+Enter)")]
)
def test_the_composer_names_the_send_keys_of_the_system(
    qtbot: Any, qloop: Any, monkeypatch: pytest.MonkeyPatch, platform: str, words: str
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    fake = FakeSend()
    composer = Composer(targets=fake.targets, send=fake, audiences=frozenset({Audience.PUBLIC}))
    qtbot.addWidget(composer)
    assert composer.send_button.toolTip() == words


# ---------------------------------------------------------------- start at login


class Refusing(XdgAutostart):
    def enable(self, argv: list[str]) -> None:
        raise AutostartError("read-only home")


def test_start_at_login_in_the_settings_menu(qtbot: Any, tmp_path: Path) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    button = settings_button(window)
    login = XdgAutostart(tmp_path / "config")
    said: list[str] = []
    action = add_start_at_login(button.menu(), StartAtLogin(tmp_path / "p", login), said.append)
    assert action in button.menu().actions()
    assert action.isCheckable() and not action.isChecked()  # off by default
    action.trigger()
    assert action.isChecked() and login.is_enabled()
    assert "--profile" in login.path.read_text(encoding="utf-8")
    action.trigger()
    assert not action.isChecked() and not login.is_enabled()
    assert said == []
    # A system that refuses: said in words, and the tick shows what the system has.
    refusing = add_start_at_login(
        button.menu(), StartAtLogin(None, Refusing(tmp_path / "ro")), said.append
    )
    refusing.trigger()
    assert not refusing.isChecked()
    assert said == ["Could not change Start Kizuna at login."]


def test_the_main_window_offers_start_at_login_for_its_profile(
    qtbot: Any, qloop: Any, profile_dir: Path
) -> None:
    window = MainWindow(store=Store(profile_dir / "kizuna.db"), lang="en")
    qtbot.addWidget(window)
    action = window.app_menu.start_at_login
    assert action is not None and action in window.settings_button.menu().actions()
    assert action.text() == "Start Kizuna at login"
