"""The main window's occasion hint, 喪中 mode, and the question about missed schedules."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.store.db import Store
from app.ui.main_window import MainWindow


def test_hint_names_the_next_occasion_and_mourning_hides_celebrations(
    qtbot, qloop, profile_dir: Path
) -> None:
    window = MainWindow(store=Store(profile_dir / "kizuna.db"), lang="ja")
    qtbot.addWidget(window)
    window.refresh_hint(dt.date(2026, 12, 20))
    assert window._hinted is not None and window._hinted.key == "oseibo"  # open until 12/20
    window.refresh_hint(dt.date(2026, 12, 21))
    assert window._hinted is not None and window._hinted.key == "christmas"
    assert "3" in window.hint_button.text()

    window.mourning_action.setChecked(True)  # the settings menu's toggle
    assert window.store.get("prefs.mourning") is True
    window.refresh_hint(dt.date(2026, 12, 21))
    assert window._hinted is not None and window._hinted.celebratory is False

    window.refresh_hint(dt.date(2027, 1, 2))  # 正月 is hidden; 寒中見舞い is offered
    assert window._hinted is not None and window._hinted.key == "kanchu"


def test_hint_button_opens_the_composer_on_that_occasion(qtbot, qloop, profile_dir: Path) -> None:
    window = MainWindow(
        store=Store(profile_dir / "kizuna.db"), lang="en", today=lambda: dt.date(2026, 12, 21)
    )
    qtbot.addWidget(window)
    window.refresh_hint()
    window.hint_button.click()
    assert window.composer is not None
    occasion = window.composer.occasion()
    assert occasion is not None and occasion.key == window._hinted.key
