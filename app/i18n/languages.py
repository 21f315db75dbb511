"""Which UI languages exist: one per translation file, nothing listed in code.

A language is ``translations/kizuna_<code>.ts`` in a checkout or the ``kizuna_<code>.qm``
the build compiled from it (``code``: ``ko``, ``fr``, ``zh_TW``, ``pt_BR``). English is
the source language and always there; ``pseudo`` is the pseudo-locale made at run time
from the English sources (:mod:`app.i18n.pseudo`). The name a language shows under in
設定 → 言語 is its own (한국어, 繁體中文, Français), from Babel and Qt's locale data.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QLocale

from app.paths import compiled_translations_dir, translations_source_dir

SOURCE = "en"
PSEUDO = "pseudo"
_FILE = re.compile(r"^kizuna_([a-z]{2,3}(?:_[A-Za-z]{2,4})?)\.(ts|qm)$")


def normalise(code: str) -> str:
    """``zh-tw`` / ``zh_TW`` → ``zh_TW``; ``KO`` → ``ko``."""
    parts = code.strip().replace("-", "_").split("_")
    head = parts[0].lower()
    return "_".join([head, *(p.upper() if len(p) == 2 else p.title() for p in parts[1:])])


def available(source_dir: Path | None = None, compiled_dir: Path | None = None) -> list[str]:
    """Every language with a translation file, plus English; sorted by code."""
    found = {SOURCE}
    for folder in (
        source_dir or translations_source_dir(),
        compiled_dir or compiled_translations_dir(),
    ):
        if folder.is_dir():
            for path in folder.iterdir():
                match = _FILE.match(path.name)
                if match:
                    found.add(match.group(1))
    return sorted(found)


def is_known(code: str, source_dir: Path | None = None, compiled_dir: Path | None = None) -> bool:
    return code == PSEUDO or normalise(code) in available(source_dir, compiled_dir)


def qlocale(code: str) -> QLocale:
    """The Qt locale of ``code`` (the pseudo-locale formats as American English)."""
    if code in (PSEUDO, SOURCE):
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return QLocale(normalise(code))


def native_name(code: str) -> str:
    """The language's name in itself: 日本語, English, 한국어, 繁體中文, Português (Brasil)."""
    if code == PSEUDO:
        return "[Ƥšéûðô]"
    code = normalise(code)
    if "_" not in code:
        try:
            from babel import Locale, UnknownLocaleError

            name = Locale.parse(code).language_name or ""
        except (ValueError, LookupError, UnknownLocaleError):
            name = ""
    else:
        locale = QLocale(code)
        name = locale.nativeLanguageName()
        bare = QLocale(code.split("_")[0]).nativeLanguageName()
        if locale.language() == QLocale.Language.C:
            name = ""
        elif name == bare and locale.nativeTerritoryName():
            name = f"{name} ({locale.nativeTerritoryName()})"
    return (name[:1].upper() + name[1:]) if name else code


def match_system(
    ui_languages: list[str], source_dir: Path | None = None, compiled_dir: Path | None = None
) -> str:
    """The first of the system's UI languages (``ko-KR``, ``zh-Hant-TW``, ``fr``) that
    Kizuna has, by full code then by language alone; else English."""
    have = available(source_dir, compiled_dir)
    for wanted in ui_languages:
        locale = QLocale(wanted.replace("-", "_"))
        full = normalise(locale.name())
        if full in have:
            return full
        if full.split("_")[0] in have:
            return full.split("_")[0]
    return SOURCE


def argument(code: str) -> str:
    """``--lang CODE`` for argparse: a language with a translation file, ``en`` or
    ``pseudo``; anything else is refused with the list of what there is."""
    import argparse

    if not is_known(code):
        have = ", ".join([*available(), PSEUDO])
        raise argparse.ArgumentTypeError(f"no translation for {code!r} (there are: {have})")
    return code if code == PSEUDO else normalise(code)
