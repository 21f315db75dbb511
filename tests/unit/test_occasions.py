"""The occasion calendar: every occasion every year, rule dates, reviewed tables, upcoming."""

from __future__ import annotations

import datetime as dt

import jpholiday
import pytest

from app.core import occasions
from app.core.occasions import Occasion
from app.services.catalogues import shipped

# The shipped calendar: core's functions with the shipped catalogue passed in.
on, upcoming, next_occasion, timing = (
    shipped().on,
    shipped().upcoming,
    shipped().next_occasion,
    shipped().timing,
)

D = dt.date
YEARS = range(2020, 2036)
# Every occasion of PRODUCT.md's table (寒中見舞い standing for 喪中・寒中見舞い).
PRODUCT_TABLE = {
    "shogatsu": "正月・年賀", "seijin": "成人の日", "setsubun": "節分",
    "valentine": "バレンタインデー", "whiteday": "ホワイトデー", "hinamatsuri": "ひな祭り",
    "kodomonohi": "こどもの日", "hahanohi": "母の日", "chichinohi": "父の日", "tanabata": "七夕",
    "shochu": "暑中見舞い", "zansho": "残暑見舞い", "obon": "お盆", "keiro": "敬老の日",
    "jugoya": "十五夜", "halloween": "ハロウィン", "shichigosan": "七五三", "oseibo": "お歳暮",
    "christmas": "クリスマス", "omisoka": "大晦日", "kanchu": "寒中見舞い",
}  # fmt: skip


def _by_key(year: int) -> dict[str, Occasion]:
    return {o.key: o for o in on(year)}


@pytest.mark.parametrize("year", YEARS)
def test_every_occasion_every_year_in_order_and_in_its_year(year: int) -> None:
    found = on(year)
    keys = {o.key for o in found}
    assert set(PRODUCT_TABLE) <= keys
    assert found == sorted(found, key=lambda o: (o.start, o.end, o.key))
    for o in found:
        assert o.start.year == year and o.start <= o.end, o
        if o.key in PRODUCT_TABLE:
            assert o.name_ja == PRODUCT_TABLE[o.key]
    # Each national holiday appears once: under its own occasion or as holiday:DATE.
    holiday_days = {d for d, _ in jpholiday.year_holidays(year)}
    listed = {o.start for o in found if o.kind == "national"} | {
        o.start for o in found if o.key == "shogatsu"
    }
    assert holiday_days <= listed


def test_substitute_and_citizens_holidays_come_from_jpholiday() -> None:
    by_key = _by_key(2026)
    sub = by_key["holiday:2026-05-06"]
    assert (sub.name_ja, sub.kind, sub.celebratory, sub.template_key) == (
        "振替休日", "national", False, "holiday",
    )  # fmt: skip
    assert by_key["holiday:2026-09-22"].name_ja == "国民の休日"
    # Holidays with an occasion of their own are not listed twice.
    assert not any(k.startswith("holiday:") and o.name_ja in {"元日", "成人の日"}
                   for k, o in by_key.items())  # fmt: skip


@pytest.mark.parametrize("year", YEARS)
def test_rule_dates_agree_with_jpholiday(year: int) -> None:
    by_key = _by_key(year)
    names = {name: day for day, name in jpholiday.year_holidays(year)}
    assert by_key["seijin"].start == names["成人の日"]
    assert by_key["keiro"].start == names["敬老の日"]
    assert by_key["kodomonohi"].start == names["こどもの日"]


def test_specific_dates() -> None:
    assert _by_key(2026)["seijin"].start == D(2026, 1, 12)
    assert _by_key(2025)["setsubun"].start == D(2025, 2, 2)
    assert _by_key(2026)["setsubun"].start == D(2026, 2, 3)
    assert _by_key(2021)["setsubun"].start == D(2021, 2, 2)
    assert _by_key(2029)["setsubun"].start == D(2029, 2, 2)
    assert _by_key(2026)["hahanohi"].start == D(2026, 5, 10)
    assert _by_key(2026)["chichinohi"].start == D(2026, 6, 21)
    shochu, zansho = _by_key(2026)["shochu"], _by_key(2026)["zansho"]
    assert (shochu.start, shochu.end, zansho.start, zansho.end) == (
        D(2026, 7, 7), D(2026, 8, 6), D(2026, 8, 7), D(2026, 8, 31),
    )  # fmt: skip
    assert _by_key(2023)["shochu"].end == D(2023, 8, 7)  # 立秋 2023 was 8/8
    obon = _by_key(2026)["obon"]
    assert (obon.start, obon.end, obon.celebratory) == (D(2026, 8, 13), D(2026, 8, 16), False)
    kanchu = _by_key(2025)["kanchu"]
    assert (kanchu.start, kanchu.end) == (D(2025, 1, 8), D(2025, 2, 2))


@pytest.mark.parametrize(
    ("year", "day"),
    [(2020, D(2020, 10, 1)), (2021, D(2021, 9, 21)), (2022, D(2022, 9, 10)),
     (2023, D(2023, 9, 29)), (2024, D(2024, 9, 17)), (2025, D(2025, 10, 6)),
     (2026, D(2026, 9, 25)), (2027, D(2027, 9, 15)), (2028, D(2028, 10, 3)),
     (2033, D(2033, 9, 8))],
)  # fmt: skip
def test_jugoya(year: int, day: dt.date) -> None:
    assert _by_key(year)["jugoya"].start == day


@pytest.mark.parametrize("year", occasions.TABLE_YEARS)
def test_reviewed_tables_agree_with_the_astronomy(year: int) -> None:
    # The tables were typed from NAOJ's almanac; the sun's longitude and the new moons,
    # computed independently, must land on the same JST dates.
    assert occasions.RISSHUN[year] == occasions.solar_term_instant(year, 315).date()
    assert occasions.SHOSHO[year] == occasions.solar_term_instant(year, 105).date()
    assert occasions.RISSHU[year] == occasions.solar_term_instant(year, 135).date()
    by_rule = occasions.jugoya_by_rule(year)
    if year == 2033:
        # 旧暦2033年問題: the strict rule puts 8/15 on 10-07; the accepted 閏11月
        # resolution (the table) on 09-08.
        assert (by_rule, occasions.JUGOYA[year]) == (D(2033, 10, 7), D(2033, 9, 8))
    else:
        assert occasions.JUGOYA[year] == by_rule


def test_outside_the_tables_dates_are_computed_not_missing() -> None:
    by_key = _by_key(2040)
    assert D(2040, 2, 2) <= by_key["setsubun"].start <= D(2040, 2, 4)
    assert D(2040, 9, 7) <= by_key["jugoya"].start <= D(2040, 10, 8)


def test_upcoming_before_christmas() -> None:
    soon = [o.key for o in upcoming(D(2026, 12, 20), 11)]  # up to 12/31
    assert soon[:1] == ["oseibo"]  # its last day
    assert "christmas" in soon and "omisoka" in soon and "shogatsu" not in soon
    month = upcoming(D(2026, 12, 20), 30)
    keys = [o.key for o in month]
    assert {"christmas", "omisoka", "shogatsu", "onenga"} <= set(keys)
    new_year = next(o for o in month if o.key == "shogatsu")
    assert new_year.start == D(2027, 1, 1)
    assert month == sorted(month, key=lambda o: (o.start, o.end, o.key))


def test_upcoming_in_mourning_hides_celebrations_and_offers_kanchu() -> None:
    normal = {o.key for o in upcoming(D(2026, 12, 26), 10)}
    assert {"shogatsu", "onenga", "omisoka"} <= normal and "kanchu" not in normal
    mourning = upcoming(D(2026, 12, 26), 10, mourning=True)
    keys = [o.key for o in mourning]
    assert "christmas" not in keys and "shogatsu" not in keys and "onenga" not in keys
    assert not any(o.celebratory for o in mourning)
    kanchu = next(o for o in mourning if o.key == "kanchu")
    assert (kanchu.start, kanchu.end) == (D(2027, 1, 8), D(2027, 2, 3))
    # Christmas itself is hidden in mourning even when it is open.
    assert "christmas" not in {o.key for o in upcoming(D(2026, 12, 24), 3, mourning=True)}


def test_good_new_year_wishes_only_before_the_new_year() -> None:
    assert "omisoka" in {o.key for o in upcoming(D(2026, 12, 31), 0)}
    assert "omisoka" not in {o.key for o in upcoming(D(2027, 1, 1), 300)}
    after_oseibo = {o.key for o in upcoming(D(2026, 12, 21), 20)}
    assert "oseibo" not in after_oseibo and "onenga" in after_oseibo
    assert "kanchu" in {o.key for o in upcoming(D(2027, 1, 8), 0)}


def test_next_occasion_and_days_until() -> None:
    nxt = next_occasion(D(2026, 11, 24))
    assert nxt is not None and nxt.key == "oseibo"
    assert nxt.days_until(D(2026, 11, 24)) == 7
    assert nxt.days_until(D(2026, 12, 5)) == 0


def test_negative_days_are_refused() -> None:
    with pytest.raises(ValueError):
        upcoming(D(2026, 1, 1), -1)


def test_timing_late_windows_as_people_handle_them() -> None:
    y26, y27 = _by_key(2026), _by_key(2027)
    oseibo, omisoka, christmas = y26["oseibo"], y26["omisoka"], y26["christmas"]
    assert timing(oseibo, D(2026, 12, 20)) is None
    late = timing(oseibo, D(2026, 12, 21))
    assert late is not None and late.state == "late"
    assert late.instead is not None and late.instead.key == "onenga"  # within 松の内 next
    assert late.instead.start == D(2027, 1, 1)
    after_matsu = timing(oseibo, D(2027, 1, 8))
    assert after_matsu is not None and after_matsu.instead.key == "kanchu"
    in_mourning = timing(oseibo, D(2026, 12, 21), mourning=True)
    assert in_mourning is not None and in_mourning.instead.key == "kanchu"
    # 良いお年を only before the new year; then the New Year's greeting.
    assert timing(omisoka, D(2026, 12, 31)) is None
    assert timing(omisoka, D(2026, 12, 28)) is None  # said days before too
    after = timing(omisoka, D(2027, 1, 1))
    assert after is not None and after.instead.key == "shogatsu"
    # あけましておめでとう never before 1 January; after 松の内 it is 寒中見舞い.
    early = timing(y27["shogatsu"], D(2026, 12, 31))
    assert early is not None and (early.state, early.instead) == ("early", None)
    assert timing(y27["shogatsu"], D(2027, 1, 7)) is None
    assert timing(y27["shogatsu"], D(2027, 1, 8)).instead.key == "kanchu"
    assert timing(y27["kanchu"], D(2027, 1, 5)).state == "early"  # 松の内
    assert timing(y26["shochu"], D(2026, 8, 7)).instead.key == "zansho"  # 立秋
    assert timing(y26["zansho"], D(2026, 8, 6)).state == "early"
    # Others are fine ahead of time and merely late after.
    assert timing(christmas, D(2026, 12, 20)) is None
    assert timing(christmas, D(2026, 12, 26)) == occasions.Timing("late", None)
