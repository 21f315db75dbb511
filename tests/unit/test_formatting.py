"""Relative times and dates in Japanese (ja_JP, Asia/Tokyo) and English."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.i18n.formatting import absolute_date, absolute_datetime, format_number, relative_time

NOW = datetime(2025, 12, 24, 6, 0, tzinfo=UTC)  # 15:00 in Tokyo


@pytest.mark.parametrize(
    ("age", "ja", "en"),
    [
        (timedelta(seconds=5), "たった今", "just now"),
        (timedelta(minutes=3), "3分前", "3 minutes ago"),
        (timedelta(hours=2), "2時間前", "2 hours ago"),
        (timedelta(days=3), "3日前", "3 days ago"),
    ],
)
def test_relative_time_within_a_week(age: timedelta, ja: str, en: str) -> None:
    assert relative_time(NOW - age, NOW, "ja") == ja
    assert relative_time(NOW - age, NOW, "en") == en


def test_a_post_from_the_future_is_new() -> None:
    # Server clocks run a little ahead sometimes; that must not read "in 2 minutes".
    assert relative_time(NOW + timedelta(minutes=2), NOW, "ja") == "たった今"


def test_older_than_a_week_shows_the_date_in_tokyo() -> None:
    # 16:30 UTC on 16 December is already 17 December in Tokyo.
    dt = datetime(2025, 12, 16, 16, 30, tzinfo=UTC)
    assert relative_time(dt, NOW, "ja") == "12月17日"
    assert relative_time(dt, NOW, "en", tz=UTC) == "Dec 16"
    last_year = datetime(2024, 11, 19, 3, 0, tzinfo=UTC)
    assert relative_time(last_year, NOW, "ja") == "2024年11月19日"
    assert relative_time(last_year, NOW, "en", tz=UTC) == "Nov 19, 2024"


def test_absolute_forms() -> None:
    assert absolute_datetime(NOW, "ja") == "2025年12月24日 15:00"
    # CLDR puts a narrow no-break space before AM/PM.
    assert absolute_datetime(NOW, "en", tz=UTC) == "Dec 24, 2025 6:00\u202fAM"
    assert absolute_date(NOW, "ja") == "2025年12月24日"


def test_naive_datetimes_are_refused() -> None:
    naive = datetime(2025, 12, 24, 6, 0)
    with pytest.raises(ValueError):
        relative_time(naive, NOW, "ja")
    with pytest.raises(ValueError):
        relative_time(NOW, naive, "ja")


def test_format_number() -> None:
    assert format_number(12345, "ja") == "12,345"
    assert format_number(1234.5, "en") == "1,234.5"
