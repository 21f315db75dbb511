"""Late windows as people handle them, in the running composer's picker and the main
window's hint, on the dates that matter: after お歳暮 (12/20) → お年賀 or 寒中見舞い;
良いお年を only before the new year; after 松の内 → 寒中見舞い until 節分; 喪中 hides
celebrations and offers 寒中見舞い; お盆 never 「おめでとう」."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.core.models import Audience
from app.store.db import Store
from app.ui.composer import Composer, TargetInfo
from app.ui.main_window import MainWindow

D = dt.date
PUBLIC = TargetInfo("pub", "@me@sora", "mastodon", Audience.PUBLIC, 500)
FRIENDS = TargetInfo("fr", "@me@nakama", "misskey", Audience.FRIENDS, 3000)


async def _never(_draft: object) -> None:  # nothing is sent in these tests
    raise AssertionError("not sent")


def composer_on(qtbot, day: dt.date, *, mourning: bool = False) -> Composer:
    c = Composer(
        targets=lambda a: [t for t in (PUBLIC, FRIENDS) if t.audience in a],
        send_draft=_never,
        today=lambda: day,
        mourning=mourning,
        audiences=frozenset({Audience.PUBLIC, Audience.FRIENDS}),
    )
    qtbot.addWidget(c)
    return c


def offered(c: Composer) -> list[str]:
    return [o.key for o in c.occasion_picker.occasions()]


def all_texts(c: Composer, key: str) -> list[str]:
    """Every template the composer fills for ``key`` (both registers, every template)."""
    assert c.choose_occasion(key), key
    seen: list[str] = []
    for _ in range(6):
        seen.extend(c.texts().values())
        c.another_template()
    return seen


@pytest.fixture
def window(qtbot, qloop, profile_dir: Path) -> MainWindow:
    w = MainWindow(store=Store(profile_dir / "kizuna.db"), lang="en")
    qtbot.addWidget(w)
    return w


def hinted(window: MainWindow, day: dt.date) -> str | None:
    window.refresh_hint(day)
    return window._hinted.key if window._hinted is not None else None


def test_after_oseibo_comes_onenga_or_kanchu(qtbot, window) -> None:
    last_day = composer_on(qtbot, D(2026, 12, 20))
    assert "oseibo" in offered(last_day)
    assert last_day.occasion_picker.combo.itemText(1).startswith("Year-end gift")
    assert hinted(window, D(2026, 12, 20)) == "oseibo"
    late = composer_on(qtbot, D(2026, 12, 21))
    keys = offered(late)
    assert "oseibo" not in keys
    assert "onenga" in keys and "kanchu" in keys  # お年賀 in 松の内, else 寒中見舞い
    assert keys.index("onenga") < keys.index("kanchu")
    assert late.gift_picker.offered() == []  # no occasion chosen, no gift
    assert hinted(window, D(2026, 12, 21)) == "christmas"


def test_good_new_year_wishes_only_before_the_new_year(qtbot, window) -> None:
    eve = composer_on(qtbot, D(2026, 12, 31))
    assert "omisoka" in offered(eve)
    assert any("良いお年を" in t for t in all_texts(eve, "omisoka"))
    assert hinted(window, D(2026, 12, 31)) == "omisoka"
    assert "Today" in window.hint_button.text() or "now" in window.hint_button.text()
    new_year = composer_on(qtbot, D(2027, 1, 1))
    assert "omisoka" not in offered(new_year)
    for key in offered(new_year):
        for text in all_texts(new_year, key):
            assert "良いお年" not in text, (key, text)
    assert hinted(window, D(2027, 1, 1)) in {"shogatsu", "onenga"}


def test_after_matsu_no_uchi_kanchu_until_setsubun(qtbot, window) -> None:
    last = composer_on(qtbot, D(2027, 1, 7))
    assert {"shogatsu", "onenga"} <= set(offered(last))
    after = composer_on(qtbot, D(2027, 1, 8))
    keys = offered(after)
    assert "shogatsu" not in keys and "onenga" not in keys
    assert keys[0] == "kanchu"
    assert after.occasion_picker.combo.itemText(1) == "Midwinter greetings · today"
    assert hinted(window, D(2027, 1, 8)) == "kanchu"
    assert "kanchu" in offered(composer_on(qtbot, D(2027, 2, 3)))  # 節分, the last day
    assert "kanchu" not in offered(composer_on(qtbot, D(2027, 2, 4)))  # 立春


def test_mourning_hides_celebrations_and_offers_kanchu(qtbot, window) -> None:
    c = composer_on(qtbot, D(2026, 12, 21), mourning=True)
    keys = offered(c)
    assert not {"christmas", "shogatsu", "onenga", "seijin"} & set(keys)
    assert not any(o.celebratory for o in c.occasion_picker.occasions())
    assert "kanchu" in keys
    for key in keys:
        for text in all_texts(c, key):
            assert "おめでと" not in text and "🎉" not in text, (key, text)
    window.set_mourning(True)
    for day in (D(2026, 12, 21), D(2027, 1, 1), D(2027, 1, 8)):
        window.refresh_hint(day)
        assert window._hinted is not None and not window._hinted.celebratory, day
    assert hinted(window, D(2027, 1, 1)) == "kanchu"
    # Turning 喪中 on in an open composer drops a celebratory choice at once.
    open_one = composer_on(qtbot, D(2026, 12, 21))
    assert open_one.choose_occasion("christmas")
    open_one.set_mourning(True)
    assert open_one.occasion() is None and "christmas" not in offered(open_one)


def test_obon_is_never_congratulated(qtbot) -> None:
    c = composer_on(qtbot, D(2027, 8, 13))
    assert "obon" in offered(c)
    texts = all_texts(c, "obon")
    assert texts and all("おめでと" not in t for t in texts)
    assert all(t.rstrip().endswith("#お盆") for t in texts)


def test_a_greeting_sent_out_of_its_window_is_flagged_with_what_people_send_instead(
    qtbot,
) -> None:
    day = [D(2026, 12, 31)]
    c = Composer(
        targets=lambda a: [t for t in (PUBLIC, FRIENDS) if t.audience in a],
        send_draft=_never,
        today=lambda: day[0],
        audiences=frozenset({Audience.PUBLIC, Audience.FRIENDS}),
    )
    qtbot.addWidget(c)
    tokyo = dt.timezone(dt.timedelta(hours=9))
    # 良いお年を on New Year's Eve: fine. Scheduled past midnight: flagged, 正月 instead.
    assert c.choose_occasion("omisoka")
    assert c.timing_problem() == "" and not c.timing_hint.isVisibleTo(c)
    c.schedule_at(dt.datetime(2027, 1, 1, 0, 0, tzinfo=tokyo))
    assert c.send_day() == D(2027, 1, 1)
    assert c.timing_problem().startswith("New Year's Eve is over on ")
    assert "people send New Year instead" in c.timing_problem()
    assert c.timing_hint.isVisibleTo(c) and c.timing_hint.text() == c.timing_problem()
    assert c.can_send()  # a hint, not a block: the user may have rewritten the text
    c.schedule_at(dt.datetime(2026, 12, 31, 23, 0, tzinfo=tokyo))
    assert not c.timing_hint.isVisibleTo(c)
    # The composer left open across midnight: the same text is now late.
    c.schedule_at(None)
    day[0] = D(2027, 1, 1)
    c.occasion_picker.midnight.check()
    assert c.occasion() is not None and c.occasion().key == "omisoka"  # kept, not reset
    assert "New Year's Eve is over" in c.timing_hint.text()

    # あけましておめでとう before the new year is early; at 0:00 on 1 January it is not.
    day[0] = D(2026, 12, 31)
    c.occasion_picker.refresh()
    assert c.choose_occasion("shogatsu")
    assert c.timing_problem().startswith("New Year has not begun on ")
    c.schedule_at(dt.datetime(2027, 1, 1, 0, 0, tzinfo=tokyo))
    assert c.timing_problem() == ""
    c.schedule_at(dt.datetime(2027, 1, 8, 9, 0, tzinfo=tokyo))  # after 松の内
    assert "people send Midwinter greetings instead" in c.timing_problem()

    # お歳暮 scheduled after 12/20: お年賀 (or 寒中見舞い in 喪中).
    day[0] = D(2026, 12, 20)
    c.occasion_picker.refresh()
    assert c.choose_occasion("oseibo")
    c.schedule_at(dt.datetime(2026, 12, 25, 9, 0, tzinfo=tokyo))
    assert "people send New Year gift instead" in c.timing_problem()
    c.set_mourning(True)
    assert c.choose_occasion("oseibo")  # お歳暮 is not a celebration: still offered
    assert "people send Midwinter greetings instead" in c.timing_problem()
    # Christmas sent a day early is fine (素敵なクリスマスを); a day late only "late".
    c.set_mourning(False)
    assert c.choose_occasion("christmas")
    c.schedule_at(dt.datetime(2026, 12, 23, 21, 0, tzinfo=tokyo))
    assert c.timing_problem() == ""
    c.schedule_at(dt.datetime(2026, 12, 26, 9, 0, tzinfo=tokyo))
    assert c.timing_problem().endswith("this greeting would come late.")
