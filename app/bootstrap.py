"""Composition root: builds the Qt application, the store, the session opener
(:class:`app.compose.SessionOpener`, shared with the CLI: it starts or joins the sandbox)
and the main window, which opens the session with it (the user's accounts, or the sandbox
when there are none, with ``--sandbox`` or the Settings choice; ``--screenshot`` always
uses the sandbox).

No globals: everything is built here and passed down. asyncio lives in one place — the
qasync loop created here — and widgets call services through it.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from app.compose import setup_logging

if TYPE_CHECKING:  # Qt is imported only once the window is wanted (not by the CLI)
    from PySide6.QtGui import QGuiApplication, QIcon

log = logging.getLogger("app")


def app_icon() -> QIcon:
    """Kizuna's icon (resources/icons/kizuna.svg), for every window and the task bar.
    Needs a QGuiApplication (and Qt's SVG image plugin, shipped with PySide6)."""
    from PySide6.QtGui import QIcon

    from app.paths import resources_dir

    return QIcon(str(resources_dir() / "icons" / "kizuna.svg"))


def apply_identity(app: QGuiApplication) -> None:
    """Name and icon of the application. The icon is every window's default (title bar,
    task bar, dialogs), so no window sets its own."""
    app.setApplicationName("Kizuna")
    app.setOrganizationName("Kizuna")
    # Matches packaging/linux/kizuna.desktop, so Wayland docks link the window to it.
    app.setDesktopFileName("kizuna")
    app.setWindowIcon(app_icon())


def _headless() -> bool:
    if sys.platform in ("win32", "darwin"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def install_excepthook() -> None:
    """Log unexpected errors and show them, instead of letting Qt swallow them."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.error("unexpected error", exc_info=(kind, exc, tb))
        from PySide6.QtWidgets import QApplication, QMessageBox

        app = QApplication.instance()
        if app is None:
            traceback.print_exception(kind, exc, tb)
            return
        from PySide6.QtCore import QCoreApplication, Qt

        box = QMessageBox(
            QMessageBox.Icon.Critical,
            QCoreApplication.translate("App", "Unexpected error"),
            QCoreApplication.translate(
                "App", "Something went wrong. Nothing you wrote was lost. Details are in the log."
            ),
        )
        box.setDetailedText("".join(traceback.format_exception(kind, exc, tb)))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        box.open()

    sys.excepthook = hook


def run(args: argparse.Namespace) -> int:
    from app.profile import default_profile_dir, ensure_private_profile

    # The user's alone (0700/0600 on POSIX) before the log or the database is written.
    profile: Path = ensure_private_profile(args.profile or default_profile_dir())
    setup_logging(profile / "logs")
    if args.screenshot and _headless():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    import qasync
    from PySide6.QtWidgets import QApplication

    from app.compose import SessionOpener
    from app.i18n import fonts, translators
    from app.profile import sandbox_dir
    from app.services.prefs import COLOR_SCHEME, Settings
    from app.store.db import Store
    from app.ui.main_window import MainWindow
    from app.ui.theme import apply_color_scheme

    app = QApplication(sys.argv[:1])
    apply_identity(app)
    app.setQuitOnLastWindowClosed(False)
    store = Store(profile / "kizuna.db")
    lang = translators.pick_language(args.lang or store.get("prefs.lang") or None)
    kept_translators = translators.install(app, lang)  # keep referenced for the app's life
    fonts.apply_fonts(app, lang)
    # Light or dark before the first widget: this run's --color-scheme, else the saved one.
    apply_color_scheme(app, args.color_scheme or Settings(store).get(COLOR_SCHEME) or "system")
    install_excepthook()

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    opener = SessionOpener(
        store,
        sandbox_dir(profile),
        activity=None if (args.no_activity or args.screenshot) else 20.0,
    )
    window = MainWindow(
        store=store,
        lang=lang,
        accounts=opener.accounts,
        opener=opener,
        # A screenshot shows the sandbox, never the user's own accounts.
        force_sandbox=bool(args.sandbox or args.screenshot),
    )
    if args.screenshot:
        w, _, h = str(args.size).partition("x")
        window.resize(int(w), int(h))
    else:
        window.restore_geometry()
    window.show()
    try:
        with loop:
            code: int = loop.run_until_complete(_main(window, args))  # qasync is untyped
            return code
    finally:
        store.close()
        del kept_translators


async def _main(window: object, args: argparse.Namespace) -> int:
    """Open the session the window chooses (accounts, or the sandbox), run until closed."""
    from app.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    try:
        await window.open_session()
    except Exception as exc:
        # Said in the window with Try again (the details go to the log), never a window
        # that only says it is connecting.
        log.exception("could not open a session")
        window.show_fatal(exc)
        if args.screenshot:
            await window.close_session()
            return 1
    try:
        if args.screenshot:
            await window.wait_loaded()
            return 0 if window.save_screenshot(args.screenshot) else 1
        await window.closed.wait()
        return 0 if window.session is not None else 1
    finally:
        await window.close_session()
