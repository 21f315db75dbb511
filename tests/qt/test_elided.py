"""The top bar gives way in a narrow window: its accounts line and occasion hint end in
"…" (the whole text in their tooltip, accessible name and ``text()``) instead of holding
the window wider than the user made it. Found when the July hint (暑中見舞い) made a
900-pixel screenshot 901 pixels wide."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from app.store.db import Store
from app.ui.elided import ElidedButton, ElidedLabel, is_elided
from app.ui.gallery import clipped
from app.ui.main_window import MainWindow

LONG = "公開：@someone_with_a_long_name@example.social・友だち：@friend@nakama.example"
JULY = dt.date(2027, 7, 15)  # 暑中見舞い: the longest hint of the year in Japanese


def painted(widget: QLabel | QPushButton) -> str:
    """What the widget paints (Qt's own text, not the whole one ``text()`` answers)."""
    base = QLabel if isinstance(widget, QLabel) else QPushButton
    return str(base.text(widget))


def test_a_label_ends_in_an_ellipsis_when_narrow_and_keeps_its_whole_text(qtbot) -> None:
    label = ElidedLabel(LONG)
    qtbot.addWidget(label)
    label.resize(label.sizeHint())
    label.show()
    assert not label.is_elided() and painted(label) == LONG and label.toolTip() == ""
    assert label.minimumSizeHint().width() < label.sizeHint().width() // 4

    label.resize(160, label.height())
    assert label.is_elided()
    assert painted(label).endswith("…") and LONG.startswith(painted(label)[:-1])
    assert label.fontMetrics().horizontalAdvance(painted(label)) <= 160
    assert label.text() == LONG == label.toolTip() == label.accessibleName()

    label.setText("短い")
    assert not label.is_elided() and painted(label) == "短い" and label.toolTip() == ""


def test_a_button_ends_in_an_ellipsis_when_narrow_and_still_clicks(qtbot) -> None:
    button = ElidedButton("暑中見舞いの期間です → 挨拶を書く")
    qtbot.addWidget(button)
    button.show()
    clicks: list[bool] = []
    button.clicked.connect(lambda: clicks.append(True))
    button.resize(button.minimumSizeHint().width(), button.height())
    assert button.is_elided() and painted(button).endswith("…")
    assert button.text() == button.toolTip() == "暑中見舞いの期間です → 挨拶を書く"
    button.click()
    assert clicks == [True]
    button.resize(button.sizeHint())
    assert not button.is_elided() and button.toolTip() == ""


def test_the_window_keeps_the_width_it_is_given_with_julys_hint(
    qtbot, qloop, profile_dir: Path
) -> None:
    window = MainWindow(store=Store(profile_dir / "kizuna.db"), lang="ja", today=lambda: JULY)
    qtbot.addWidget(window)
    window.refresh_hint()
    window.top_bar.show_accounts("@someone_with_a_long_name@example.social", "@me@nakama")
    whole_hint, whole_accounts = window.hint_button.text(), window.accounts_label.text()
    assert "暑中見舞い" in whole_hint
    window.resize(700, 600)
    window.show()
    qtbot.waitExposed(window)
    assert window.width() == 700  # before: the top bar held it at its texts' width
    assert is_elided(window.hint_button) or is_elided(window.accounts_label)
    assert window.hint_button.text() == whole_hint
    assert window.accounts_label.text() == whole_accounts
    # The buttons themselves are never cut; the elided texts are not counted as clipped.
    assert clipped(window.top_bar) == []

    window.resize(1600, 800)
    qtbot.waitUntil(lambda: window.width() == 1600)
    assert not is_elided(window.hint_button) and not is_elided(window.accounts_label)
    assert painted(window.hint_button) == whole_hint


def test_other_widgets_are_not_elided_kinds() -> None:
    assert is_elided(QWidget()) is None
