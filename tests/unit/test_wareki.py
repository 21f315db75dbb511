"""和暦, kanji numerals and 干支."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core.wareki import era_year, eto, eto_animal, format_wareki, kanji_number, nenga_date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2019, 4, 30), ("平成", 31)),
        (dt.date(2019, 5, 1), ("令和", 1)),
        (dt.date(2026, 12, 24), ("令和", 8)),
        (dt.date(1989, 1, 7), ("昭和", 64)),
        (dt.date(1989, 1, 8), ("平成", 1)),
        (dt.date(1926, 12, 24), ("大正", 15)),
        (dt.date(1926, 12, 25), ("昭和", 1)),
    ],
)
def test_era_boundaries(day: dt.date, expected: tuple[str, int]) -> None:
    assert era_year(day) == expected


def test_before_taisho_is_refused() -> None:
    with pytest.raises(ValueError, match="大正"):
        era_year(dt.date(1900, 1, 1))


def test_format_wareki_with_gannen_and_kanji() -> None:
    assert format_wareki(dt.date(2019, 4, 30)) == "平成31年"
    assert format_wareki(dt.date(2019, 5, 1)) == "令和元年"
    assert format_wareki(dt.date(2019, 5, 1), kanji=True) == "令和元年"
    assert format_wareki(dt.date(2026, 1, 1)) == "令和8年"
    assert format_wareki(dt.date(2026, 1, 1), kanji=True) == "令和八年"
    assert format_wareki(dt.date(2037, 1, 1), kanji=True) == "令和十九年"


@pytest.mark.parametrize(
    ("n", "kanji"),
    [(0, "〇"), (1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (31, "三十一"),
     (100, "百"), (110, "百十"), (1000, "千"), (2027, "二千二十七"), (10000, "一万"),
     (12345, "一万二千三百四十五")],
)  # fmt: skip
def test_kanji_number(n: int, kanji: str) -> None:
    assert kanji_number(n) == kanji


def test_eto() -> None:
    assert eto(2026) == "丙午"
    assert eto(2027) == "丁未"
    assert eto(1984) == "甲子"
    assert eto(2043) == "癸亥"
    assert eto_animal(2027) == "未"


def test_nenga_date() -> None:
    assert nenga_date(2027) == "令和九年 元旦"
    assert nenga_date(2027, vertical=False) == "令和9年 元旦"
    assert nenga_date(2020) == "令和二年 元旦"
