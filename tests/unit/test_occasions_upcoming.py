"""``upcoming`` reads only the days it is asked about (national holidays between today and
the horizon) and still answers exactly what the whole years' lists say."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from app.core.occasions import KANCHU_KEY, NEW_YEAR_KEYS, on, upcoming
from app.services.catalogues import shipped


@pytest.mark.parametrize(
    ("today", "days"),
    [
        (dt.date(2026, 12, 7), 60),  # across a year end
        (dt.date(2027, 4, 20), 30),  # Golden Week
        (dt.date(2027, 9, 1), 0),
        (dt.date(2028, 1, 2), 400),  # more than a year ahead
    ],
)
@pytest.mark.parametrize("mourning", [False, True])
def test_upcoming_is_the_years_lists_cut_to_the_window(
    today: dt.date, days: int, mourning: bool
) -> None:
    catalogue = shipped().occasions
    horizon = today + dt.timedelta(days=days)
    whole = [
        o
        for year in range(today.year, horizon.year + 1)
        for o in on(year, catalogue)
        if o.start <= horizon and o.end >= today
    ]
    if mourning:  # 喪中: nothing celebratory; 寒中見舞い where a New Year greeting was
        new_year = {o.start.year for o in whole if o.key in NEW_YEAR_KEYS}
        whole = [o for o in whole if not o.celebratory]
        have = {(o.key, o.start.year) for o in whole}
        for year in sorted(new_year - {y for k, y in have if k == KANCHU_KEY}):
            whole.extend(o for o in on(year, catalogue) if o.key == KANCHU_KEY)
    got = upcoming(today, days, mourning, catalogue=catalogue)
    assert got == sorted(whole, key=lambda o: (o.start, o.end, o.key))
    assert any(o.kind == "national" for o in got) or days < 30 or mourning


@pytest.mark.parametrize("mourning", [False, True])
def test_without_national_holidays_it_is_the_same_list_less_the_holidays(mourning: bool) -> None:
    catalogue = shipped().occasions
    today = dt.date(2027, 4, 20)  # Golden Week: national holidays in the window
    every = upcoming(today, 30, mourning, catalogue=catalogue)
    customary = upcoming(today, 30, mourning, catalogue=catalogue, national=False)
    holidays = [o for o in every if o not in customary]
    assert holidays and all(o.kind == "national" for o in holidays)
    assert customary == [o for o in every if o not in holidays]  # the same, in order


def test_without_national_holidays_jpholiday_is_not_even_imported() -> None:
    # What the top bar's hint asks for at start: jpholiday (and its import) stays out.
    probe = (
        "import datetime as dt, sys\n"
        "from app.services.catalogues import shipped\n"
        "hint = shipped().upcoming(dt.date(2026, 12, 7), 60, national=False)\n"
        "print(len(hint) > 0, 'jpholiday' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.split() == ["True", "False"]
