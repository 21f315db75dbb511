"""Fonts named explicitly per platform and script: kanji in Japanese glyph forms, a
Chinese (Traditional or Simplified) or Korean UI in its own.

Left to itself Qt falls back for Han characters to whatever CJK font it finds first, which
on Windows and Linux is often a Chinese one (骨 and 直 then look wrong to a Japanese
reader). Naming a Japanese font family in the application font's family list, with the
platform's Latin UI font before it in English, fixes that for every widget and for the
rich text documents that take their default font from the widgets.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

# Japanese UI fonts, best first; later ones are fallbacks on older or stripped systems.
_JAPANESE_SANS = {
    "win32": ["Yu Gothic UI", "Meiryo UI", "Meiryo", "MS UI Gothic"],
    "darwin": ["Hiragino Sans", "Hiragino Kaku Gothic ProN", "Osaka"],
    "linux": [
        "Noto Sans CJK JP",
        "Noto Sans JP",
        "Source Han Sans JP",
        "IPAexGothic",
        "IPAGothic",
        "TakaoPGothic",
        "VL PGothic",
    ],
}
_JAPANESE_SERIF = {
    "win32": ["Yu Mincho", "MS PMincho"],
    "darwin": ["Hiragino Mincho ProN", "Hiragino Mincho Pro"],
    "linux": [
        "Noto Serif CJK JP",
        "Noto Serif JP",
        "Source Han Serif JP",
        "IPAexMincho",
        "IPAMincho",
    ],
}
# Latin UI fonts for the English UI; Japanese text in posts then falls back to the
# Japanese family named right after.
_LATIN_UI = {
    "win32": ["Segoe UI"],
    "darwin": [".AppleSystemUIFont", "Helvetica Neue"],
    "linux": [],
}
_EMOJI = ["Segoe UI Emoji", "Apple Color Emoji", "Noto Color Emoji"]
# A Chinese or Korean UI gets its own CJK glyph forms, never the Japanese ones.
_OTHER_CJK = {
    "zh_Hant": {
        "win32": ["Microsoft JhengHei UI", "Microsoft JhengHei"],
        "darwin": ["PingFang TC"],
        "linux": ["Noto Sans CJK TC", "Noto Sans TC", "Source Han Sans TC", "AR PL UMing TW"],
    },
    "zh_Hans": {
        "win32": ["Microsoft YaHei UI", "Microsoft YaHei"],
        "darwin": ["PingFang SC"],
        "linux": ["Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei"],
    },
    "ko": {
        "win32": ["Malgun Gothic"],
        "darwin": ["Apple SD Gothic Neo"],
        "linux": ["Noto Sans CJK KR", "Noto Sans KR", "Source Han Sans KR", "NanumGothic"],
    },
}


def _script(lang: str) -> str | None:
    """``zh_Hant`` (zh_TW, zh_HK, zh_MO), ``zh_Hans`` (other Chinese), ``ko`` or None."""
    head, _, rest = lang.partition("_")
    if head == "zh":
        return "zh_Hant" if rest in ("TW", "HK", "MO", "Hant") else "zh_Hans"
    return "ko" if head == "ko" else None


def _platform(platform: str | None) -> str:
    p = platform or sys.platform
    return p if p in ("win32", "darwin") else "linux"


def ui_families(lang: str, platform: str | None = None) -> list[str]:
    """The application font's family list for ``lang`` on ``platform``, best first."""
    p = _platform(platform)
    japanese = _JAPANESE_SANS[p]
    latin = _LATIN_UI[p]
    script = _script(lang)
    if lang == "ja":
        families = [*japanese, *latin]
    elif script is not None:
        families = [*_OTHER_CJK[script][p], *latin, *japanese]
    else:
        families = [*latin, *japanese]
    return [*families, *_EMOJI]


def card_serif_families(platform: str | None = None) -> list[str]:
    """Mincho families for greeting cards (Yu Mincho / Hiragino Mincho ProN / Noto Serif CJK JP)."""
    return list(_JAPANESE_SERIF[_platform(platform)])


def _installed(families: list[str], available: Iterable[str]) -> list[str]:
    present = set(available)
    return [f for f in families if f in present]


def apply_fonts(
    app: QGuiApplication,
    lang: str,
    *,
    platform: str | None = None,
    available: Callable[[], Iterable[str]] = QFontDatabase.families,
) -> QFont:
    """Set the application font's families (keeping its size); returns the font set.
    ``platform`` and ``available`` (the installed families): ``sys.platform`` and Qt's
    font database (tests simulate Windows and macOS)."""
    font = QFont(app.font())
    wanted = ui_families(lang, platform)
    present = _installed(wanted, available())
    if not present:
        return font  # nothing better is installed; keep the platform's default
    # The platform's own default family stays last so nothing ever renders as boxes.
    families = [*present, *[f for f in font.families() if f not in present]]
    font.setFamilies(families)
    app.setFont(font)
    return font
