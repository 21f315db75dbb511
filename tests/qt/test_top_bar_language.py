"""The top bar follows the translation files and the UI language: 設定 → 言語 lists every
language Kizuna has a file for under its own name, and the occasion hint names the
occasion in the UI language (Japanese name in Japanese, the English one otherwise)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from app.core.occasions import Occasion
from app.i18n import languages
from app.ui.top_bar import TopBar

CHRISTMAS = Occasion("christmas", "クリスマス", dt.date(2026, 12, 24), dt.date(2026, 12, 25), True,
                     name_en="Christmas")  # fmt: skip


def language_menu(bar: TopBar) -> QMenu:
    menu = bar.settings_button.menu()
    assert menu is not None
    assert not bar.language_menu.actions()  # filled when the Settings menu opens, not before
    menu.aboutToShow.emit()
    found = [a.menu() for a in menu.actions() if a.menu() is not None and a.text() == "Language"]
    assert len(found) == 1
    sub = found[0]
    assert isinstance(sub, QMenu)
    return sub


def test_the_language_menu_lists_every_translation_file_and_reports_the_choice(
    qtbot: QtBot,
) -> None:
    bar = TopBar(use_sandbox=False, mourning=False, language="ja")
    qtbot.addWidget(bar)
    actions = language_menu(bar).actions()
    codes = languages.available()
    assert "ja" in codes and "en" in codes
    assert [a.text() for a in actions[1:]] == [languages.native_name(c) for c in codes]
    assert [a.data() for a in actions if a.isChecked()] == ["ja"]
    english = next(a for a in actions if a.data() == "en")
    with qtbot.waitSignal(bar.languageChosen) as chosen:
        english.trigger()
    assert chosen.args == ["en"]
    with qtbot.waitSignal(bar.languageChosen) as chosen:
        actions[0].trigger()  # System
    assert chosen.args == [""]


def test_the_occasion_hint_names_the_occasion_in_the_ui_language(qtbot: QtBot) -> None:
    bar = TopBar(use_sandbox=False, mourning=False, language="en")
    qtbot.addWidget(bar)
    bar.show_hint(CHRISTMAS, dt.date(2026, 12, 21), "en")
    assert "Christmas" in bar.hint_button.text() and "クリスマス" not in bar.hint_button.text()
    bar.show_hint(CHRISTMAS, dt.date(2026, 12, 21), "ja")
    assert "クリスマス" in bar.hint_button.text()
    bar.show_hint(None, dt.date(2026, 12, 21), "en")
    assert not bar.hint_button.isVisibleTo(bar)
