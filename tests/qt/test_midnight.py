"""At midnight in Asia/Tokyo the main window's occasion hint and an open composer's
occasion list follow the new date — with an injected clock, never waiting for the wall
clock: the timer is armed from the clock to the next midnight (capped, so a sleep across
midnight is noticed soon after waking) and re-armed from the clock, not by adding a day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services.catalogues import shipped
from app.store.db import Store
from app.ui import occasion_picker
from app.ui.main_window import MainWindow
from app.ui.occasion_picker import (
    MIDNIGHT_CHECK_MAX_MS,
    MidnightTimer,
    OccasionPicker,
    next_midnight,
    occasion_label,
)

TOKYO = dt.timezone(dt.timedelta(hours=9))


class Clock:
    """A wall clock the test moves by hand."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def tokyo(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TOKYO)  # type: ignore[misc]


def test_next_midnight_is_tokyos_whatever_zone_the_time_is_in() -> None:
    assert next_midnight(tokyo(2026, 12, 19, 23, 59, 59)) == tokyo(2026, 12, 20)
    assert next_midnight(tokyo(2026, 12, 20)) == tokyo(2026, 12, 21)
    # 15:30 UTC is already 00:30 the next day in Tokyo.
    utc = dt.datetime(2026, 12, 19, 15, 30, tzinfo=dt.UTC)
    assert next_midnight(utc) == tokyo(2026, 12, 21)
    with pytest.raises(ValueError):
        next_midnight(dt.datetime(2026, 12, 19, 12))


def test_the_timer_is_armed_from_the_clock_and_fires_the_new_day_once(qtbot) -> None:
    clock = Clock(tokyo(2026, 12, 19, 23, 59, 30))
    timer = MidnightTimer(clock=clock)
    days: list[dt.date] = []
    timer.dayChanged.connect(days.append)
    assert timer.day == dt.date(2026, 12, 19)
    assert timer.interval_ms() == 30_000 + 50
    assert 0 < timer.remaining_ms() <= 30_050
    assert timer.check() is False and days == []  # not midnight yet: nothing

    clock.now = tokyo(2026, 12, 20, 0, 0, 0, 50_000)
    assert timer.check() is True
    assert days == [dt.date(2026, 12, 20)] and timer.day == dt.date(2026, 12, 20)
    # Re-armed from the clock: a whole day ahead is more than the cap, so it looks again
    # within minutes rather than trusting a 24-hour timer.
    assert timer.interval_ms() == MIDNIGHT_CHECK_MAX_MS
    assert 0 < timer.remaining_ms() <= MIDNIGHT_CHECK_MAX_MS
    assert timer.check() is False and days == [dt.date(2026, 12, 20)]
    timer.deleteLater()


def test_a_sleep_across_midnight_is_noticed_when_the_app_is_active_again(qtbot) -> None:
    clock = Clock(tokyo(2026, 12, 19, 22, 0))
    timer = MidnightTimer(clock=clock)
    days: list[dt.date] = []
    timer.dayChanged.connect(days.append)
    # The lid closed at 22:00 and opened two mornings later: one change, to the real date.
    clock.now = tokyo(2026, 12, 21, 8, 0)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)
    assert days == [dt.date(2026, 12, 21)]
    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)
    assert days == [dt.date(2026, 12, 21)]
    timer.deleteLater()


def test_an_open_pickers_list_follows_the_date_and_keeps_the_choice(qtbot) -> None:
    day = {"today": dt.date(2026, 12, 19)}
    picker = OccasionPicker(today=lambda: day["today"])
    qtbot.addWidget(picker)
    chosen: list[object] = []
    assert picker.select("christmas")
    picker.occasionChosen.connect(chosen.append)
    christmas = picker.current()
    assert christmas is not None
    combo = picker.combo
    assert combo.currentText() == occasion_label(christmas, dt.date(2026, 12, 19))

    day["today"] = dt.date(2026, 12, 20)
    assert picker.midnight.check() is True
    assert combo.currentText() == occasion_label(christmas, dt.date(2026, 12, 20))
    assert combo.currentText() != occasion_label(christmas, dt.date(2026, 12, 19))
    assert [o.key for o in picker.occasions()] == [
        o.key for o in shipped().upcoming(dt.date(2026, 12, 20), occasion_picker.UPCOMING_DAYS)
    ]

    # Past Christmas at midnight: still chosen (the text being written is not reset),
    # labelled as over; the new day's occasions are offered too.
    day["today"] = dt.date(2026, 12, 26)
    assert picker.midnight.check() is True
    current = picker.current()
    assert current is not None and current.key == "christmas"
    assert combo.currentText() == occasion_label(christmas, dt.date(2026, 12, 26))
    assert christmas.name_ja in combo.currentText() or (christmas.name_en or "") in (
        combo.currentText()
    )
    offered = [
        o.key for o in shipped().upcoming(dt.date(2026, 12, 26), occasion_picker.UPCOMING_DAYS)
    ]
    assert [o.key for o in picker.occasions()] == [*offered, "christmas"]
    assert chosen == []


def test_the_main_windows_hint_changes_at_tokyo_midnight(
    qtbot, profile_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock(tokyo(2026, 12, 20, 23, 59, 59))
    monkeypatch.setattr(occasion_picker, "tokyo_now", clock)
    window = MainWindow(store=Store(profile_dir / "kizuna.db"), lang="en")
    qtbot.addWidget(window)
    assert window.midnight.day == dt.date(2026, 12, 20)
    assert 0 < window.midnight.remaining_ms() <= 1_050
    window.refresh_hint(dt.date(2026, 12, 20))
    before = window.hint_button.text()  # お歳暮 is open until the 20th

    clock.now = tokyo(2026, 12, 21, 0, 0, 1)
    assert window.midnight.check() is True
    today = dt.date(2026, 12, 21)
    hinted = next(o for o in shipped().upcoming(today, 60) if o.kind != "national")
    text = window.hint_button.text()
    assert text != before
    assert (hinted.name_en or hinted.name_ja) in text
    assert f"{hinted.days_until(today)} day" in text


def test_a_closed_window_hears_no_later_midnight(
    qtbot, qloop, profile_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window closed and its store with it: a Tokyo midnight after that (a leftover
    window's timer, seen at 00:00 JST in CI) must not read the closed store."""
    clock = Clock(tokyo(2026, 12, 20, 23, 59, 59))
    monkeypatch.setattr(occasion_picker, "tokyo_now", clock)
    store = Store(profile_dir / "kizuna.db")
    window = MainWindow(store=store, lang="en")
    qtbot.addWidget(window)
    window.show()
    window.close()
    window.drafts.close()
    store.close()
    assert window.midnight.remaining_ms() == -1  # not armed any more
    clock.now = tokyo(2026, 12, 21, 0, 0, 1)
    assert window.midnight.check() is False  # no dayChanged, so no read of the store
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)
    assert window.midnight.day == dt.date(2026, 12, 20)
    window.close()  # closed again: stopping twice is no error
    window.midnight.stop()
