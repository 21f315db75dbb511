"""``Kizuna --self-check``: prove a built bundle holds everything the app loads at run time.

A frozen build fails quietly when a data file or a plugin was left behind: the Japanese
UI falls back to English, a gift card paints nothing, a zone lookup raises on Windows
only, keyring finds no backend. Each check here loads the real thing the way the app
does and reports what it found. The report is JSON on stdout; the exit code is 0 only
when every check passed.

Run it inside a build (``dist/Kizuna/Kizuna --self-check [--report FILE]``) or, for
comparison, from a checkout (``.venv/bin/python packaging/selfcheck.py``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

Check = Callable[[], str]

# The keyring backend (entry-point name, module) each desktop platform relies on, and the
# name in that module that exists only when its third-party dependency was importable.
_KEYRING = {
    "win32": ("Windows", "keyring.backends.Windows", "win32cred"),
    "darwin": ("macOS", "keyring.backends.macOS", "api"),
    "linux": ("SecretService", "keyring.backends.SecretService", "secretstorage"),
}
# Qt platform plugins: the native one, and offscreen for the release smoke test.
_PLATFORM_PLUGINS = {"win32": "qwindows", "darwin": "qcocoa", "linux": "qxcb"}


def _qt_app() -> Any:
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(sys.argv[:1])


def check_resources() -> str:
    from app.paths import resources_dir
    from app.services import catalogues

    root = resources_dir()
    cards = catalogues.load_gifts(catalogues.shipped_gifts_file())
    missing = [g.path.name for g in cards if not g.path.is_file()]
    if missing:
        raise AssertionError(f"gift artwork missing: {missing}")
    occasions = catalogues.load_occasions(catalogues.shipped_occasions_dir())
    icon = root / "icons" / "kizuna.svg"
    if not icon.is_file():
        raise AssertionError(f"{icon} missing")
    return f"{root}: {len(cards)} gifts, {len(occasions.entries)} occasions, app icon"


def check_qt_plugins() -> str:
    from PySide6.QtCore import QLibraryInfo
    from PySide6.QtGui import QIcon, QImageReader
    from PySide6.QtSvg import QSvgRenderer

    from app.services import catalogues

    app = _qt_app()
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    names = {p.name for p in (plugins / "platforms").glob("*")}
    wanted = [_PLATFORM_PLUGINS.get(sys.platform, "qxcb"), "qoffscreen"]
    absent = [w for w in wanted if not any(w in n for n in names)]
    if absent:
        raise AssertionError(f"platform plugins {absent} not in {plugins / 'platforms'}")
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    if "svg" not in formats:
        raise AssertionError(f"no SVG image format plugin (have {sorted(formats)})")
    card = catalogues.shipped().gifts[0].path
    if not QSvgRenderer(str(card)).isValid():
        raise AssertionError(f"QtSvg cannot read {card.name}")
    if QIcon(str(card)).pixmap(32, 32).isNull():
        raise AssertionError("no SVG icon engine plugin")
    return f"platform {app.platformName()}, plugins {sorted(names)}, svg image + icon"


def check_translations() -> str:
    from PySide6.QtCore import QCoreApplication

    from app.i18n import translators

    app = _qt_app()
    installed = translators.install(app, "ja")
    try:
        files = [Path(t.filePath()).name for t in installed]
        if sorted(files) != ["kizuna_ja.qm", "qtbase_ja.qm"]:
            raise AssertionError(f"translators loaded: {files}")
        ours = next(t for t in installed if t.filePath().endswith("kizuna_ja.qm"))
        if ours.isEmpty() or not ours.language().startswith("ja"):
            raise AssertionError(f"kizuna_ja.qm is empty or not Japanese ({ours.language()})")
        cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
        if cancel == "Cancel":
            raise AssertionError("qtbase_ja.qm does not translate Qt's own buttons")
        return f"{files}, Qt's Cancel → {cancel}"
    finally:
        translators.uninstall(app, installed)


def check_babel() -> str:
    from babel import Locale
    from babel.numbers import format_decimal

    from app.i18n.formatting import babel_locale

    shown = []
    for lang in ("ja", "en"):
        code = babel_locale(lang)
        number = format_decimal(1234.5, locale=code)
        shown.append(f"{code}={Locale.parse(code).display_name} {number}")
    return ", ".join(shown)


def check_tzdata() -> str:
    import zoneinfo
    from datetime import datetime

    # Forget the system's zone files so that only the bundled tzdata package can answer,
    # as on Windows, which has none.
    zoneinfo.reset_tzpath(to=[])
    try:
        tokyo = zoneinfo.ZoneInfo.no_cache("Asia/Tokyo")
        offset = datetime(2026, 1, 1, tzinfo=tokyo).utcoffset()
    finally:
        zoneinfo.reset_tzpath()
    if offset is None or offset.total_seconds() != 9 * 3600:
        raise AssertionError(f"Asia/Tokyo offset {offset}")
    return "Asia/Tokyo from the tzdata package: UTC+9"


def check_text_libraries() -> str:
    from datetime import date

    import jpholiday
    import nh3
    import regex

    holiday = jpholiday.is_holiday_name(date(2027, 1, 1))
    if holiday != "元日":
        raise AssertionError(f"jpholiday: 2027-01-01 is {holiday!r}")
    clean = nh3.clean("<b>絆</b><script>x()</script>")
    if clean != "<b>絆</b>":
        raise AssertionError(f"nh3: {clean!r}")
    family = "👨\u200d👩\u200d👧"
    if len(regex.findall(r"\X", family)) != 1:
        raise AssertionError("regex does not see one grapheme in a ZWJ family emoji")
    return f"jpholiday {holiday}, nh3, regex graphemes"


def check_keyring() -> str:
    import importlib
    from importlib.metadata import entry_points

    import keyring

    found = {ep.name: ep for ep in entry_points(group="keyring.backends")}
    name, module, dependency = _KEYRING.get(sys.platform, _KEYRING["linux"])
    if name not in found:
        raise AssertionError(f"keyring entry points lack {name} (have {sorted(found)})")
    for ep in found.values():
        ep.load()
    if not hasattr(importlib.import_module(module), dependency):
        raise AssertionError(f"{module} could not import its dependency ({dependency})")
    # Which backend wins depends on the session (a locked or absent Secret Service on a
    # headless Linux box): reported, not judged.
    chosen = type(keyring.get_keyring())
    return f"backends {sorted(found)}; {name} ready; in use here: {chosen.__module__}"


def check_network_stack() -> str:
    import ssl

    import aiohttp
    import certifi
    import httpx
    import qasync
    import websockets

    # httpx verifies TLS against certifi's bundle: without it every real sign-in fails.
    ssl.create_default_context(cafile=certifi.where())
    versions = {m.__name__: getattr(m, "__version__", "?") for m in (httpx, aiohttp, websockets)}
    return f"{versions}, qasync {qasync.__name__}, CA bundle {Path(certifi.where()).name}"


CHECKS: dict[str, Check] = {
    "resources": check_resources,
    "qt_plugins": check_qt_plugins,
    "translations": check_translations,
    "babel": check_babel,
    "tzdata": check_tzdata,
    "text_libraries": check_text_libraries,
    "keyring": check_keyring,
    "network_stack": check_network_stack,
}


def run_checks() -> dict[str, Any]:
    results: dict[str, Any] = {}
    for name, check in CHECKS.items():
        try:
            results[name] = {"ok": True, "detail": check()}
        except Exception as exc:  # a report of every failure beats stopping at the first
            results[name] = {"ok": False, "detail": f"{type(exc).__name__}: {exc}"}
    return {
        "ok": all(r["ok"] for r in results.values()),
        "frozen": bool(getattr(sys, "frozen", False)),
        "platform": sys.platform,
        "checks": results,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="Kizuna --self-check")
    p.add_argument(
        "--report",
        type=Path,
        metavar="FILE",
        help="also write the JSON report to FILE (a windowed Windows app has no stdout)",
    )
    args = p.parse_args(argv)
    report = run_checks()
    # ensure_ascii keeps the report readable on a Windows console with a legacy code page.
    text = json.dumps(report, indent=2, ensure_ascii=True)
    if args.report:
        args.report.write_text(text + "\n", encoding="utf-8")
    if sys.stdout is not None:
        print(text, flush=True)
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    if not getattr(sys, "frozen", False):
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the checkout's app/
    sys.exit(main(sys.argv[1:]))
