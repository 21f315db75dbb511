"""Dates, relative times and numbers in the UI language, through Babel.

Babel locales are full ones (``ja_JP``, ``en_US``, ``ko_KR``, ``zh_Hant_TW``), never bare
``ja``: territory-dependent data (the first day of the week, for one) differs. Babel reads
a naive datetime as UTC, so only aware datetimes are accepted here. Japanese dates are
shown in Asia/Tokyo.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_skeleton, format_time, format_timedelta
from babel.numbers import format_decimal

from app.core.clock import TOKYO

WEEK = timedelta(days=7)

_BABEL_LOCALES = {"ja": "ja_JP", "en": "en_US", "pseudo": "en_US"}
# Japanese reads best without the space CLDR puts in the long form ("3 分前" → "3分前");
# English and the other languages read best in full ("3 minutes ago", "3분 전").
_TIMEDELTA_FORMAT: dict[str, Literal["narrow", "long"]] = {"ja": "narrow"}
# "0秒前" reads oddly; other languages take CLDR's own relative "now" ("지금", "maintenant").
_JUST_NOW = {"ja": "たった今", "en": "just now"}


def babel_locale(lang: str) -> str:
    """The full Babel locale of a UI language: ``ja_JP``, ``en_US``, ``ko_Kore_KR``,
    ``zh_Hant_TW`` (a bare code gets CLDR's likely territory); unknown → ``en_US``."""
    if lang in _BABEL_LOCALES:
        return _BABEL_LOCALES[lang]
    try:
        locale = Locale.parse(lang.replace("-", "_"))
        if locale.territory is None:
            likely = get_global("likely_subtags").get(locale.language)
            locale = Locale.parse(likely) if likely else locale
    except (ValueError, UnknownLocaleError):
        return "en_US"
    return str(locale)


def _just_now(lang: str) -> str:
    locale = babel_locale(lang)
    if lang in _JUST_NOW or locale == "en_US":
        return _JUST_NOW.get(lang, _JUST_NOW["en"])
    fields = Locale.parse(locale)._data["date_fields"]
    try:
        return str(fields["second"]["relative"][0])
    except (KeyError, TypeError):
        return _JUST_NOW["en"]


def display_zone(lang: str) -> tzinfo | None:
    """Asia/Tokyo for Japanese; ``None`` means the computer's own zone."""
    return TOKYO if lang == "ja" else None


def _require_aware(dt: datetime, name: str) -> None:
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime (Babel reads naive ones as UTC)")


def absolute_date(
    dt: datetime, lang: str, *, now: datetime | None = None, tz: tzinfo | None = None
) -> str:
    """``12月24日`` / ``Dec 24`` this year, ``2024年12月24日`` / ``Dec 24, 2024`` otherwise."""
    _require_aware(dt, "dt")
    zone = tz or display_zone(lang)
    local = dt.astimezone(zone)
    this_year = (now.astimezone(zone).year if now is not None else None) == local.year
    skeleton = "MMMd" if this_year else "yMMMd"
    return format_skeleton(skeleton, local, tzinfo=local.tzinfo, locale=babel_locale(lang))


def absolute_datetime(dt: datetime, lang: str, *, tz: tzinfo | None = None) -> str:
    """Date and time for a tooltip: ``2025年12月24日 15:00`` / ``Dec 24, 2025 3:00 PM``."""
    _require_aware(dt, "dt")
    local = dt.astimezone(tz or display_zone(lang))
    locale = babel_locale(lang)
    day = format_skeleton("yMMMd", local, tzinfo=local.tzinfo, locale=locale)
    return f"{day} {format_time(local, format='short', tzinfo=local.tzinfo, locale=locale)}"


def relative_time(dt: datetime, now: datetime, lang: str, *, tz: tzinfo | None = None) -> str:
    """``3分前`` / ``3 minutes ago`` within a week, an absolute date after that."""
    _require_aware(dt, "dt")
    _require_aware(now, "now")
    age = now - dt
    # A post "from the future" is clock skew between us and the server: it is new.
    if age < timedelta(minutes=1):
        return _just_now(lang)
    if age >= WEEK:
        return absolute_date(dt, lang, now=now, tz=tz)
    return format_timedelta(
        -age,
        add_direction=True,
        format=_TIMEDELTA_FORMAT.get(lang, "long"),
        locale=babel_locale(lang),
    )


def format_number(value: float, lang: str) -> str:
    """``12,345`` in either language (grouping per locale)."""
    return format_decimal(value, locale=babel_locale(lang))
