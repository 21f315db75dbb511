"""和暦 (Japanese era years), kanji numerals and 干支 — which Babel does not have.

Eras begin on the day the new era name took effect (PRODUCT.md, "Formatting"): 令和
2019-05-01, 平成 1989-01-08, 昭和 1926-12-25, 大正 1912-07-30. The first year of an era is
written 元年, never 1年. 干支: heavenly stem ``(y - 4) % 10``, earthly branch ``(y - 4) % 12``
(2026 丙午, 2027 丁未); strictly the 干支 year turns at 立春, but greetings use the
calendar year, as 年賀状 do.

Public API::

    era_year(d) -> (era_name, year)          # date(2019, 5, 1) -> ("令和", 1)
    format_wareki(d, kanji=False) -> str     # "令和8年" / "令和八年" / "令和元年"
    kanji_number(n) -> str                   # 2027 -> "二千二十七"
    eto(year) -> str                         # 2026 -> "丙午"
    eto_animal(year) -> str                  # 2026 -> "午"
    nenga_date(year, vertical=True) -> str   # 2027 -> "令和九年 元旦"

Pure functions: no I/O, no Qt.
"""

from __future__ import annotations

import datetime as dt

ERAS: tuple[tuple[str, dt.date], ...] = (
    ("令和", dt.date(2019, 5, 1)),
    ("平成", dt.date(1989, 1, 8)),
    ("昭和", dt.date(1926, 12, 25)),
    ("大正", dt.date(1912, 7, 30)),
)

STEMS = "甲乙丙丁戊己庚辛壬癸"
BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_DIGITS = "〇一二三四五六七八九"
_SMALL_UNITS = ((1000, "千"), (100, "百"), (10, "十"))
_LARGE_UNITS = ((10**12, "兆"), (10**8, "億"), (10**4, "万"))


def era_year(d: dt.date) -> tuple[str, int]:
    """The era in force on ``d`` and the year within it (1 for the first, partial year)."""
    for name, start in ERAS:
        if d >= start:
            return name, d.year - start.year + 1
    raise ValueError(f"{d.isoformat()} is before 大正; no era is defined for it")


def _below_10000(n: int) -> str:
    out = []
    for value, unit in _SMALL_UNITS:
        q, n = divmod(n, value)
        if q:
            # 十, 百, 千 stand alone for one (十一, not 一十一).
            out.append(("" if q == 1 else _DIGITS[q]) + unit)
    if n:
        out.append(_DIGITS[n])
    return "".join(out)


def kanji_number(n: int) -> str:
    """Kanji numerals as used in vertical writing: 9 -> 九, 15 -> 十五, 2027 -> 二千二十七."""
    if n < 0:
        raise ValueError("negative numbers have no kanji form here")
    if n == 0:
        return _DIGITS[0]
    out = []
    for value, unit in _LARGE_UNITS:
        q, n = divmod(n, value)
        if q:
            out.append(_below_10000(q) + unit)
    if n:
        out.append(_below_10000(n))
    return "".join(out)


def format_wareki(d: dt.date, kanji: bool = False) -> str:
    """``令和8年`` (or ``令和八年`` with ``kanji``); the first year is ``令和元年`` either way."""
    era, year = era_year(d)
    if year == 1:
        return f"{era}元年"
    return f"{era}{kanji_number(year) if kanji else year}年"


def eto(year: int) -> str:
    """The sexagenary (干支) name of a calendar year: 2026 -> 丙午."""
    return STEMS[(year - 4) % 10] + BRANCHES[(year - 4) % 12]


def eto_animal(year: int) -> str:
    """The zodiac animal's kanji alone (午), as in 「午年」."""
    return BRANCHES[(year - 4) % 12]


def nenga_date(year: int, vertical: bool = True) -> str:
    """The date line of a 年賀状 for New Year ``year``: ``令和九年 元旦`` (kanji numerals for
    vertical cards, ``令和9年 元旦`` otherwise). 元旦 already means the morning of 1 January,
    so 「一月一日元旦」 is never written."""
    return f"{format_wareki(dt.date(year, 1, 1), kanji=vertical)} 元旦"
