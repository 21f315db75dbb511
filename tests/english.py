"""The tests' UI language: English, as the app sets it for an English user, and the check
that a test left it so.

``tests/conftest.py`` installs English once on the session's QApplication (Kizuna's
``kizuna_en`` carries the English plural forms: "1 new post", "3 new posts") and, after
every test that has an application, :func:`restore` removes each translator the test
left installed and puts the default locale back. A test may switch language for a while
(:func:`tests.helpers.ui_language`); leaving another language behind is a failure.

Qt is imported inside the functions: the unit tests never load it.
"""

from __future__ import annotations

import functools
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTranslator


@dataclass(frozen=True)
class Probe:
    """One numerus message of kizuna_en whose English forms differ, and its form for 2."""

    context: str
    source: str
    two: str


@dataclass(frozen=True)
class Snapshot:
    translators: frozenset[int]  # the application's QTranslator children (C++ addresses)
    locale: QLocale | None  # None: the test started without an application


_installed: list[QTranslator] = []


@functools.cache
def probe() -> Probe:
    """The first message of ``translations/kizuna_en.ts`` whose two plural forms differ
    (read once: a test may point the translations folder elsewhere for a while)."""
    from app.paths import translations_source_dir

    root = ET.parse(translations_source_dir() / "kizuna_en.ts").getroot()
    for context in root.iter("context"):
        for message in context.iter("message"):
            forms = [f.text or "" for f in message.iter("numerusform")]
            if message.get("numerus") == "yes" and len(set(forms)) > 1:
                source = message.findtext("source") or ""
                return Probe(context.findtext("name") or "", source, forms[1].replace("%n", "2"))
    raise AssertionError("kizuna_en.ts has no English plural forms")


def translated(p: Probe) -> bool:
    """True while the English plural forms are in effect."""
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate(p.context, p.source, None, 2) == p.two


def install(app: QCoreApplication, cache_dir: object) -> None:
    """English for the session, as ``app.bootstrap`` installs it (kept referenced here)."""
    from pathlib import Path

    from app.i18n import translators

    assert isinstance(cache_dir, Path)
    _installed[:] = translators.install(app, "en", cache_dir=cache_dir)
    assert translated(probe()), f"kizuna_en did not load: {probe()}"


def application() -> QCoreApplication | None:
    """The running Qt application, if a test made one (without importing Qt otherwise)."""
    if "PySide6.QtCore" not in sys.modules:
        return None
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.instance()


def _address(obj: QObject) -> int:
    import shiboken6

    return int(shiboken6.getCppPointer(obj)[0])


def snapshot(app: QCoreApplication, *, fresh: bool = False) -> Snapshot:
    """The application's translators and the default locale now. ``fresh``: for an
    application the test made itself — only the session's English counts as before."""
    from PySide6.QtCore import QLocale, QTranslator

    if fresh:
        return Snapshot(frozenset(_address(t) for t in _installed), None)
    return Snapshot(frozenset(_address(t) for t in app.findChildren(QTranslator)), QLocale())


def restore(app: QCoreApplication, before: Snapshot) -> list[str]:
    """Put the UI language back as it was at ``before``: uninstall each translator made
    since (``translators.install`` parents them to the application; ``bootstrap.run``
    keeps its own installed for the life of the process), reset the default locale and
    reinstall English if it was removed. Returns what was not English, in words."""
    from PySide6.QtCore import QLocale, QTranslator

    problems = []
    for translator in app.findChildren(QTranslator):
        if _address(translator) in before.translators:
            continue
        if app.removeTranslator(translator):  # True: it was still installed
            language = translator.language() or type(translator).__name__
            if not language.startswith("en"):
                problems.append(f"a translator for {language!r} stayed installed")
    if before.locale is not None and QLocale() != before.locale:
        problems.append(f"the default locale stayed {QLocale().name()!r}")
        QLocale.setDefault(before.locale)
    if _installed and not translated(probe()):
        problems.append("the English translator (kizuna_en) was removed")
        for translator in _installed:
            app.installTranslator(translator)
    return problems
