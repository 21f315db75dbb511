"""設定 → 言語: "System" and one entry per language Kizuna has a translation file for,
each under its own name (日本語, English, 한국어, 繁體中文), so a new language shows here
without a code change."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from app.i18n import languages

translate = QCoreApplication.translate


def fill_language_menu(menu: QMenu, chosen: str, choose: Callable[[str], None]) -> QActionGroup:
    """Add the exclusive language actions to ``menu``; ``chosen`` ("" = the system's) is
    checked, and ``choose(code)`` is called with the code the user picks."""
    group = QActionGroup(menu)
    entries = [
        (
            "",
            translate("MainWindow", "System", "設定 → 言語: use the computer's own language"),
        )
    ]
    entries += [(code, languages.native_name(code)) for code in languages.available()]
    for code, name in entries:
        action = QAction(name, menu, checkable=True)
        action.setChecked(chosen == code)
        action.setData(code)
        action.triggered.connect(lambda _=False, c=code: choose(c))
        group.addAction(action)
        menu.addAction(action)
    return group
