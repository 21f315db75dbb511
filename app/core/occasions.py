"""The calendar of Japanese occasions Kizuna greets, in Asia/Tokyo dates.

Which occasions exist, their names, tags and date rules are data: one file per occasion in
``resources/occasions/``, validated by :mod:`app.core.templates` and read by
:mod:`app.services.catalogues`, whose ``shipped()`` answers these questions with the
shipped catalogue filled in. This module turns each file's ``rule`` into dates for a year:

- ``fixed``        — month-day to month-day (クリスマス 12-24 … 12-25, お盆 08-13 … 08-16);
- ``nth_weekday``  — e.g. 2nd Monday of January (成人の日), 2nd Sunday of May (母の日);
- ``computed``     — 節分, 暑中見舞い, 残暑見舞い, 十五夜 and 寒中見舞い, from the reviewed
  tables below;
- ``national``     — every national holiday from ``jpholiday`` (振替休日 and 国民の休日
  included), keyed ``holiday:YYYY-MM-DD``; a holiday that another file stands for (元日,
  成人の日, こどもの日, 敬老の日 — its ``holidays`` field) is not listed twice.

Reviewed tables (2020–2036, JST dates, cross-checked in tests against the sun's apparent
longitude and the new moons computed with Meeus' algorithms, and against NAOJ's 暦要項):

- 立春 (sun at 315°): 2/4, except 2/3 in 2021, 2025, 2029 and 2033 — so 節分 (the day
  before) is 2/2 in those years, 2/3 otherwise.
- 小暑 (105°): 7/7, except 7/6 in 2024, 2028, 2032 and 2036. (2020's fell at 00:14 JST on
  7/7.) 暑中見舞い runs from 小暑 to the day before 立秋.
- 立秋 (135°): 8/7, except 8/8 in 2023, 2027, 2031 and 2035. 残暑見舞い runs from 立秋 to 8/31.
- 十五夜 (旧暦 8/15, 中秋の名月). 2033 is the 旧暦2033年問題: the new moon of 2033-09-23
  falls on the day of 秋分, and the strict 天保暦 rule cannot number the months of
  2033–34 consistently. The 閏11月 resolution recommended by 日本カレンダー暦文化振興協会
  (and used by almanacs and NAOJ's list of 中秋の名月) makes the month from 2033-08-25 the
  8th, so 十五夜 is **2033-09-08**; the naive "month containing 秋分" rule would say 10-07.

Outside the tables the same dates are computed (low-precision solar longitude and new
moons; good to minutes, so a term close to midnight may land a day off) rather than failing.

Public API::

    Occasion(key, name_ja, start, end, celebratory, name_en, kind, tags, template_key)
    on(year, catalogue) -> list[Occasion]                              # sorted by start
    upcoming(today, days, mourning=False, *, catalogue) -> list[Occasion]  # overlapping
    next_occasion(today, mourning=False, *, catalogue) -> Occasion | None
    timing(occasion, day, mourning=False, *, catalogue) -> Timing | None   # early / late?

``catalogue`` is a :class:`app.core.templates.Catalogue` (the shipped one:
``app.services.catalogues.shipped().occasions``).

Late windows as people handle them: a greeting whose window is over on the day it would
be sent is "late", and its file's ``late`` list says what people send instead (お歳暮 →
お年賀 in 松の内, else 寒中見舞い; 年賀 → 寒中見舞い; 大晦日's 良いお年を → the New Year's
greeting; 暑中 → 残暑). A greeting marked ``not_before`` is "early" before its window
(「あけましておめでとう」 on New Year's Eve, 寒中見舞い within 松の内).

No I/O, no Qt.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from app.core.templates import Catalogue, Entry

# A fixed +09:00, not app.core.clock.TOKYO, on purpose: the astronomy below turns instants
# into JST calendar dates, and Japan has kept +09:00 without daylight saving since 1951, so
# a fixed offset is exact here and needs no time-zone database.
TOKYO_OFFSET = dt.timezone(dt.timedelta(hours=9))
NEW_YEAR_KEYS = frozenset({"shogatsu", "onenga"})
KANCHU_KEY = "kanchu"
HOLIDAY_PREFIX = "holiday:"
LATE_SEARCH_DAYS = 60  # how far ahead an alternative to a missed greeting is looked for


@dataclass(frozen=True)
class Occasion:
    """One occasion in one year: a window of dates (inclusive) in Asia/Tokyo."""

    key: str  # catalogue key ("christmas"), or "holiday:2026-05-06" for a national holiday
    name_ja: str
    start: dt.date
    end: dt.date
    celebratory: bool
    name_en: str = ""
    kind: str = "custom"  # "national", "custom" or "seasonal"
    tags: tuple[str, ...] = ()
    template_key: str = ""  # the catalogue entry whose templates fit ("holiday" for holidays)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def days_until(self, today: dt.date) -> int:
        """Days from ``today`` to the start; 0 while the window is open, negative after it."""
        if self.contains(today):
            return 0
        return (self.start - today).days


# ------------------------------------------------------------------ reviewed tables

_RISSHUN_FEB3 = frozenset({2021, 2025, 2029, 2033})  # 立春 on 2/3 (else 2/4)
_SHOSHO_JUL6 = frozenset({2024, 2028, 2032, 2036})  # 小暑 on 7/6 (else 7/7)
_RISSHU_AUG8 = frozenset({2023, 2027, 2031, 2035})  # 立秋 on 8/8 (else 8/7)
TABLE_YEARS = range(2020, 2037)

RISSHUN: Mapping[int, dt.date] = {
    y: dt.date(y, 2, 3 if y in _RISSHUN_FEB3 else 4) for y in TABLE_YEARS
}
SHOSHO: Mapping[int, dt.date] = {
    y: dt.date(y, 7, 6 if y in _SHOSHO_JUL6 else 7) for y in TABLE_YEARS
}
RISSHU: Mapping[int, dt.date] = {
    y: dt.date(y, 8, 8 if y in _RISSHU_AUG8 else 7) for y in TABLE_YEARS
}
JUGOYA: Mapping[int, dt.date] = {
    2020: dt.date(2020, 10, 1),
    2021: dt.date(2021, 9, 21),
    2022: dt.date(2022, 9, 10),
    2023: dt.date(2023, 9, 29),
    2024: dt.date(2024, 9, 17),
    2025: dt.date(2025, 10, 6),
    2026: dt.date(2026, 9, 25),
    2027: dt.date(2027, 9, 15),
    2028: dt.date(2028, 10, 3),
    2029: dt.date(2029, 9, 22),
    2030: dt.date(2030, 9, 12),
    2031: dt.date(2031, 10, 1),
    2032: dt.date(2032, 9, 19),
    2033: dt.date(2033, 9, 8),  # the 2033 problem: see the module docstring
    2034: dt.date(2034, 9, 27),
    2035: dt.date(2035, 9, 16),
    2036: dt.date(2036, 10, 4),
}


# --------------------------------------------------- astronomy (fallback + cross-check)

_J2000 = 2451545.0
_EPOCH = dt.datetime(2000, 1, 1, 12, tzinfo=dt.UTC)
_DELTA_T = 70 / 86400  # TT - UT in days; about 69-75 s in these decades


def _jd(t: dt.datetime) -> float:
    return (t - _EPOCH).total_seconds() / 86400 + _J2000


def _from_jd(jd: float) -> dt.datetime:
    return _EPOCH + dt.timedelta(days=jd - _J2000)


def _sun_longitude(jd_ut: float) -> float:
    """Apparent solar longitude in degrees (Meeus, Astronomical Algorithms ch. 25, ~0.01°)."""
    t = (jd_ut + _DELTA_T - _J2000) / 36525
    l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t * t
    m = math.radians(357.52911 + 35999.05029 * t - 0.0001537 * t * t)
    c = (
        (1.914602 - 0.004817 * t - 0.000014 * t * t) * math.sin(m)
        + (0.019993 - 0.000101 * t) * math.sin(2 * m)
        + 0.000289 * math.sin(3 * m)
    )
    omega = math.radians(125.04 - 1934.136 * t)
    return (l0 + c - 0.00569 - 0.00478 * math.sin(omega)) % 360


def solar_term_instant(year: int, longitude: float) -> dt.datetime:
    """When the sun reaches ``longitude`` in ``year``, in JST (to a few minutes)."""
    # Start from the mean date of that longitude (about 280° on 1 January) and refine.
    days = (longitude - 280) % 360 / 360 * 365.2422
    guess = dt.datetime(year, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=days)
    jd = _jd(guess)
    for _ in range(8):
        jd += ((longitude - _sun_longitude(jd) + 180) % 360 - 180) / 360 * 365.2422
    return _from_jd(jd).astimezone(TOKYO_OFFSET)


def new_moon_instant(k: int) -> dt.datetime:
    """The ``k``-th new moon after 2000-01-06, in JST (Meeus ch. 49, main terms; ~1 min)."""
    t = k / 1236.85
    jde = 2451550.09766 + 29.530588861 * k + 0.00015437 * t**2 - 0.00000015 * t**3
    e = 1 - 0.002516 * t - 0.0000074 * t * t
    m = math.radians(2.5534 + 29.10535670 * k - 0.0000014 * t**2)
    mp = math.radians(201.5643 + 385.81693528 * k + 0.0107582 * t**2 + 0.00001238 * t**3)
    f = math.radians(160.7108 + 390.67050284 * k - 0.0016118 * t**2 - 0.00000227 * t**3)
    om = math.radians(124.7746 - 1.56375588 * k + 0.0020672 * t**2)
    s = math.sin
    jde += (
        -0.40720 * s(mp) + 0.17241 * e * s(m) + 0.01608 * s(2 * mp) + 0.01039 * s(2 * f)
        + 0.00739 * e * s(mp - m) - 0.00514 * e * s(mp + m) + 0.00208 * e * e * s(2 * m)
        - 0.00111 * s(mp - 2 * f) - 0.00057 * s(mp + 2 * f) + 0.00056 * e * s(2 * mp + m)
        - 0.00042 * s(3 * mp) + 0.00042 * e * s(m + 2 * f) + 0.00038 * e * s(m - 2 * f)
        - 0.00024 * e * s(2 * mp - m) - 0.00017 * s(om) - 0.00007 * s(mp + 2 * m)
        + 0.00004 * s(2 * mp - 2 * f) + 0.00004 * s(3 * m) + 0.00003 * s(mp + m - 2 * f)
        + 0.00003 * s(2 * mp + 2 * f) - 0.00003 * s(mp + m + 2 * f) + 0.00003 * s(mp - m + 2 * f)
        - 0.00002 * s(mp - m - 2 * f) - 0.00002 * s(3 * mp + m) + 0.00002 * s(4 * mp)
    )  # fmt: skip
    return _from_jd(jde - _DELTA_T).astimezone(TOKYO_OFFSET)


def jugoya_by_rule(year: int) -> dt.date:
    """旧暦 8/15 by the plain 天保暦 rule: the 8th month is the one whose first day (the JST
    date of its new moon) is on or before 秋分's JST date, and the next is after it."""
    equinox = solar_term_instant(year, 180).date()
    k = math.floor((year + 8.7 / 12 - 2000) * 12.3685)  # a new moon in early September
    moons = [new_moon_instant(k + i).date() for i in range(-2, 3)]
    first = max(d for d in moons if d <= equinox)
    return first + dt.timedelta(days=14)


def risshun(year: int) -> dt.date:
    return RISSHUN.get(year) or solar_term_instant(year, 315).date()


def shosho(year: int) -> dt.date:
    return SHOSHO.get(year) or solar_term_instant(year, 105).date()


def risshu(year: int) -> dt.date:
    return RISSHU.get(year) or solar_term_instant(year, 135).date()


def jugoya(year: int) -> dt.date:
    return JUGOYA.get(year) or jugoya_by_rule(year)


def setsubun(year: int) -> dt.date:
    return risshun(year) - dt.timedelta(days=1)


_ONE_DAY = dt.timedelta(days=1)
_COMPUTED = {
    "setsubun": lambda y: (setsubun(y), setsubun(y)),
    "shochu": lambda y: (shosho(y), risshu(y) - _ONE_DAY),
    "zansho": lambda y: (risshu(y), dt.date(y, 8, 31)),
    "jugoya": lambda y: (jugoya(y), jugoya(y)),
    # 寒中見舞い: after 松の内 until 節分, the last day of 寒.
    "kanchu": lambda y: (dt.date(y, 1, 8), setsubun(y)),
}
COMPUTED_RULES = frozenset(_COMPUTED)
_WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


def _month_day(year: int, text: str) -> dt.date:
    month, day = text.split("-")
    return dt.date(year, int(month), int(day))


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def window(rule: Mapping[str, Any], year: int) -> tuple[dt.date, dt.date]:
    """The (start, end) dates of a non-``national`` rule in ``year``."""
    kind = rule["type"]
    if kind == "fixed":
        start = _month_day(year, rule["start"])
        return start, _month_day(year, rule.get("end", rule["start"]))
    if kind == "nth_weekday":
        day = _nth_weekday(year, int(rule["month"]), _WEEKDAYS[rule["weekday"]], int(rule["n"]))
        return day, day
    if kind == "computed":
        return _COMPUTED[rule["name"]](year)
    raise ValueError(f"rule type {kind!r} has no single window")


# ------------------------------------------------------------------------- calendar


def _occasion(entry: Entry, start: dt.date, end: dt.date) -> Occasion:
    return Occasion(
        key=entry.key,
        name_ja=entry.name_ja,
        start=start,
        end=end,
        celebratory=entry.celebratory,
        name_en=entry.name_en,
        kind=entry.kind,
        tags=entry.tags,
        template_key=entry.key,
    )


def _holidays(
    entry: Entry, days: list[tuple[dt.date, str]], covered: frozenset[str]
) -> list[Occasion]:
    """The national holidays among ``days`` (jpholiday's (date, name) pairs) that no
    customary occasion covers, as occasions of the national ``entry``."""
    from app.core.hashtags import is_safe_tag  # here: the hint at start needs no hashtag rules

    out = []
    for day, name in days:
        if name in covered:
            continue
        # jpholiday names a substitute holiday "憲法記念日 振替休日"; people call it 振替休日.
        shown = "振替休日" if name.endswith("振替休日") else name
        out.append(
            Occasion(
                key=f"{HOLIDAY_PREFIX}{day.isoformat()}",
                name_ja=shown,
                start=day,
                end=day,
                celebratory=entry.celebratory,
                name_en=entry.name_en,
                kind="national",
                tags=(shown,) if is_safe_tag(shown) else entry.tags,
                template_key=entry.key,
            )
        )
    return out


def _sort_key(o: Occasion) -> tuple[dt.date, dt.date, str]:
    return (o.start, o.end, o.key)


@lru_cache(maxsize=64)
def _customary(year: int, catalogue: Catalogue) -> tuple[Occasion, ...]:
    """The occasions of ``year`` that are not national holidays."""
    return tuple(
        _occasion(entry, *window(entry.rule, year))
        for entry in catalogue.entries.values()
        if entry.rule["type"] != "national"
    )


def _national(catalogue: Catalogue, days: list[tuple[dt.date, str]]) -> list[Occasion]:
    covered = frozenset(name for e in catalogue.entries.values() for name in e.holidays)
    return [
        o
        for entry in catalogue.entries.values()
        if entry.rule["type"] == "national"
        for o in _holidays(entry, days, covered)
    ]


@lru_cache(maxsize=64)
def _on(year: int, catalogue: Catalogue) -> tuple[Occasion, ...]:
    import jpholiday  # on first use: the window's first paint asks for no national holiday

    found = [*_customary(year, catalogue), *_national(catalogue, jpholiday.year_holidays(year))]
    return tuple(sorted(found, key=_sort_key))


@lru_cache(maxsize=64)
def _national_between(start: dt.date, end: dt.date, catalogue: Catalogue) -> tuple[Occasion, ...]:
    import jpholiday

    # Only the days asked about: jpholiday checks each day, a whole year costs ~0.1 s.
    return tuple(_national(catalogue, jpholiday.between(start, end)))


def on(year: int, catalogue: Catalogue) -> list[Occasion]:
    """Every occasion of ``year`` (customary, seasonal and national), sorted by start."""
    return list(_on(year, catalogue))


def upcoming(
    today: dt.date,
    days: int,
    mourning: bool = False,
    *,
    catalogue: Catalogue,
    national: bool = True,
) -> list[Occasion]:
    """Occasions whose window overlaps [today, today + days], sorted, across year ends.

    With ``mourning`` (喪中) celebratory occasions are left out, and where a New Year
    greeting (年賀, お年賀) would have been offered, 寒中見舞い is offered instead.
    ``national=False`` leaves out the holidays jpholiday lists (it is not even imported);
    occasions on the catalogue's own dates stay, whatever their kind. The top bar's hint
    shows no national holiday: at start it asks for none.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    horizon = today + dt.timedelta(days=days)
    found = [
        o
        for year in range(today.year, horizon.year + 1)
        for o in _customary(year, catalogue)
        if o.start <= horizon and o.end >= today
    ]
    if national:
        found.extend(_national_between(today, horizon, catalogue))
    if mourning:
        new_year = {o.start.year for o in found if o.key in NEW_YEAR_KEYS}
        found = [o for o in found if not o.celebratory]
        have = {(o.key, o.start.year) for o in found}
        for year in sorted(new_year):
            if (KANCHU_KEY, year) not in have:
                found.extend(o for o in _customary(year, catalogue) if o.key == KANCHU_KEY)
    return sorted(found, key=_sort_key)


@dataclass(frozen=True)
class Timing:
    """Why a greeting does not fit the day it would be sent."""

    state: str  # "early" (before a not_before window) or "late" (its window is over)
    instead: Occasion | None = None  # for "late": what people send instead, if anything


def timing(
    occasion: Occasion,
    day: dt.date,
    mourning: bool = False,
    *,
    catalogue: Catalogue,
) -> Timing | None:
    """None when a greeting for ``occasion`` suits a send on ``day`` (Tokyo date).

    "late" after its window, with ``instead`` the first of its ``late`` occasions that is
    open on ``day`` or opens soonest within a season (none in 喪中 that is celebratory);
    "early" before the window of an occasion marked ``not_before``.
    """
    if occasion.contains(day):
        return None
    try:
        entry = catalogue.get(occasion.template_key or occasion.key)
    except KeyError:
        entry = None
    if day < occasion.start:
        return Timing("early") if entry is not None and entry.not_before else None
    late = entry.late if entry is not None else ()
    found = [
        o
        for o in upcoming(day, LATE_SEARCH_DAYS, mourning=mourning, catalogue=catalogue)
        if o.key in late
    ]
    found.sort(key=lambda o: (o.days_until(day), late.index(o.key)))
    return Timing("late", found[0] if found else None)


def next_occasion(
    today: dt.date, mourning: bool = False, *, catalogue: Catalogue
) -> Occasion | None:
    """The occasion open today or coming next (for the main window's hint)."""
    found = upcoming(today, 366, mourning=mourning, catalogue=catalogue)
    return found[0] if found else None
