"""Picking the UI language and loading its translations (Qt's own and Kizuna's).

Kizuna's ``kizuna_<lang>.qm`` is built by the package build into ``app/i18n/qm/``. In a
checkout, a translator edits ``translations/kizuna_<lang>.ts`` in Qt Linguist; when that
file is newer than the built ``.qm`` (or there is none) it is compiled on start with the
``lrelease`` PySide6 ships, into a cache folder, so the edit shows on the next start.
Qt's ``qtbase_<lang>.qm`` (standard dialogs, context menus) comes from the PySide6 wheel.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QStandardPaths,
    QTranslator,
)

from app.i18n import languages
from app.paths import compiled_translations_dir, translations_source_dir

log = logging.getLogger(__name__)


def pick_language(cli_lang: str | None, *, source_dir: Path | None = None) -> str:
    """``--lang`` when Kizuna has that language (a translation file, ``en`` or
    ``pseudo``), else the system's UI language when Kizuna has it, else ``"en"``."""
    if cli_lang and languages.is_known(cli_lang, source_dir):
        return cli_lang if cli_lang == languages.PSEUDO else languages.normalise(cli_lang)
    return languages.match_system(QLocale.system().uiLanguages(), source_dir)


def ui_language() -> str:
    """``"ja"``, ``"en"``, ``"ko"``, ``"zh_TW"`` …: the language :func:`install` set as
    Qt's default locale (the pseudo-locale formats as ``"en"``)."""
    name = languages.normalise(QLocale().name())
    have = languages.available()
    if name in have:
        return name
    return name.split("_")[0] if name.split("_")[0] in have else languages.SOURCE


def find_lrelease() -> list[str] | None:
    """The command line of the ``lrelease`` that ships inside the PySide6 package."""
    try:
        import PySide6
    except ImportError:  # pragma: no cover - PySide6 is what we run on
        return None
    pkg = Path(PySide6.__file__).resolve().parent
    for name in ("lrelease.exe", "lrelease", "Qt/bin/lrelease", "Qt/libexec/lrelease"):
        if (pkg / name).is_file():
            return [str(pkg / name)]
    scripts = Path(sys.executable).parent
    for name in ("pyside6-lrelease.exe", "pyside6-lrelease"):
        if (scripts / name).is_file():
            return [str(scripts / name)]
    return None


def default_cache_dir() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
    if not base:
        import tempfile

        base = tempfile.gettempdir()
    return Path(base) / "translations"


def _newer(a: Path, b: Path) -> bool:
    return a.stat().st_mtime > b.stat().st_mtime


def kizuna_qm(
    lang: str,
    *,
    source_dir: Path | None = None,
    compiled_dir: Path | None = None,
    cache_dir: Path | None = None,
    failed: list[str] | None = None,
) -> Path | None:
    """The ``.qm`` to load for ``lang``: the built one, unless its ``.ts`` is newer.
    ``failed``: a ``.ts`` that does not compile (it does not parse) is appended here."""
    ts = (source_dir or translations_source_dir()) / f"kizuna_{lang}.ts"
    built = (compiled_dir or compiled_translations_dir()) / f"kizuna_{lang}.qm"
    if not ts.is_file() or (built.is_file() and not _newer(ts, built)):
        return built if built.is_file() else None
    cached = (cache_dir or default_cache_dir()) / f"kizuna_{lang}.qm"
    if cached.is_file() and not _newer(ts, cached):
        return cached
    tool = find_lrelease()
    if tool is None:
        log.warning("lrelease not found; %s is not compiled", ts)
        return built if built.is_file() else None
    # Only when a .ts is newer than its .qm (a translator's edit): not on an ordinary start.
    import subprocess

    cached.parent.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run(
            [*tool, "-silent", str(ts), "-qm", str(cached)],
            check=True,
            capture_output=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("could not compile %s: %s", ts, exc)
        if failed is not None:
            failed.append(str(ts))
        return built if built.is_file() else None
    return cached


def install(
    app: QCoreApplication,
    lang: str,
    *,
    cache_dir: Path | None = None,
    qm: Path | None = None,
    source_dir: Path | None = None,
    failed: list[str] | None = None,
) -> list[QTranslator]:
    """Make ``lang`` the UI language: Qt's default locale and both translators.

    The caller keeps the returned translators referenced for as long as they are
    installed (a collected QTranslator silently stops translating). ``qm``: Kizuna's
    compiled translation to load (default: :func:`kizuna_qm`). One that does not load (a
    damaged or foreign file) is logged and skipped: the UI stays in English. A message
    a language has not translated yet shows in English (Qt falls back string by string).
    English loads ``kizuna_en`` for its plural forms only; ``pseudo`` is made at run time.
    ``failed``: each translation file that did not compile or load is appended here (for
    the window's notice).
    """
    QLocale.setDefault(languages.qlocale(lang))
    if lang == languages.PSEUDO:
        from app.i18n.pseudo import PseudoTranslator

        made = PseudoTranslator(app)
        app.installTranslator(made)
        return [made]
    installed: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_translator = QTranslator(app)
    if lang == languages.SOURCE:
        pass  # Qt's own strings are English already
    elif qt_translator.load(f"qtbase_{lang}", qt_dir):
        app.installTranslator(qt_translator)
        installed.append(qt_translator)
    else:
        log.info("no qtbase_%s.qm in %s", lang, qt_dir)
    qm = qm or kizuna_qm(lang, cache_dir=cache_dir, source_dir=source_dir, failed=failed)
    ours = QTranslator(app)
    if qm is not None and ours.load(str(qm)):
        app.installTranslator(ours)
        installed.append(ours)
    else:
        log.warning("no Kizuna translation for %s (looked for %s)", lang, qm)
        if qm is not None and failed is not None:
            failed.append(str(qm))
    return installed


def uninstall(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)
