"""Composition root: builds the Qt application, the store, the session opener
(:class:`app.compose.SessionOpener`, shared with the CLI: it starts or joins the sandbox)
and the main window, which opens the session with it (the user's accounts, or the sandbox
when there are none, with ``--sandbox`` or the Settings choice; ``--screenshot`` always
uses the sandbox).

Start order (issue #11, lazy start): the Qt application, the store, translators and the
colour scheme; the window, with both columns painted from the timeline cache
(:func:`app.services.timeline_cache.read_start`) and shown; only then qasync, the session
opener (services, the network stack, the keychain; the sandbox server only when one has
to be started) and the session. ``--screenshot`` is saved as soon as both columns show
posts: straight after the first paint when the cache has both, else once the network
brought them (or both columns gave up).

No globals: everything is built here and passed down. asyncio lives in one place — the
qasync loop created here — and widgets call services through it.
"""

from __future__ import annotations

import argparse
import atexit
import gc
import logging
import os
import sys
import traceback
from collections.abc import Coroutine
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # Qt is imported only once the window is wanted (not by the CLI)
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    from app.compose import SessionOpener
    from app.services.accounts import AccountService
    from app.services.session import Session
    from app.store.db import Store
    from app.ui.main_window import MainWindow

log = logging.getLogger("app")


def __getattr__(name: str) -> Any:
    """``setup_logging`` (the file logging; tests import it from here), imported when
    asked for: :mod:`app.compose` brings asyncio, which :func:`run` imports only after
    PySide6's source scan is off (:mod:`app.pyside_scan`)."""
    if name == "setup_logging":
        from app.compose import setup_logging

        return setup_logging
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    shown: list[object] = []  # the boxes on screen (a box without a parent needs a holder)

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.error("unexpected error", exc_info=(kind, exc, tb))
        from PySide6.QtWidgets import QApplication, QMessageBox

        app = QApplication.instance()
        if app is None:
            traceback.print_exception(kind, exc, tb)
            return
        from PySide6.QtCore import QCoreApplication, Qt

        from app.profile_gate import problem_words

        words = problem_words(exc)  # the disk full, the profile read-only: what to do
        if words is not None:
            title = QCoreApplication.translate("App", "Kizuna cannot save to your profile")
        else:
            #: Title of the message box shown when something failed that Kizuna did not expect.
            title = QCoreApplication.translate("App", "Unexpected error")
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            title,
            words
            or QCoreApplication.translate(
                "App", "Something went wrong. Nothing you wrote was lost. Details are in the log."
            ),
        )
        if words is None:  # a profile problem needs no traceback, even behind Details
            box.setDetailedText("".join(traceback.format_exception(kind, exc, tb)))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        shown.append(box)
        box.finished.connect(lambda _=0: shown.remove(box))
        box.open()

    sys.excepthook = hook


def run(args: argparse.Namespace) -> int:
    """Start the window: first paint from the timeline cache, then the session.

    The order is the point (see the module docstring): the Qt application, the store and
    the window are built and both columns painted from the cache before qasync, the
    network stack, the keychain or the sandbox are imported; ``--screenshot`` is saved
    as soon as both columns show posts — from the cache, without a network at all.

    Until the first frame the garbage collector waits (start-up builds what lives as long
    as the window and next to no garbage; its collections cost ~30 ms), and PySide6 does
    not read the source of each module imported (:mod:`app.pyside_scan`, ~40 ms)."""
    from app.pyside_scan import skip_source_scan

    skip_source_scan()
    gc.disable()  # given back once the window is painted (_first_paint), or on the way out
    try:
        return _start(args)
    finally:
        gc.enable()
        # The interpreter's last collection would walk every object still alive at exit
        # (~35 ms, the whole start's worth once run() gave them back to the collector);
        # frozen first, it walks none. A process that goes on (a test) is unaffected.
        atexit.unregister(gc.freeze)
        atexit.register(gc.freeze)


def _start(args: argparse.Namespace) -> int:
    from app import profile_gate
    from app.profile import default_profile_dir

    # The user's alone (0700/0600 on POSIX) before the log or the database is written; a
    # problem of the folder or the database is a dialog with the next step (issue #13).
    folder = Path(args.profile or default_profile_dir())
    asking = not args.screenshot  # nobody to click for a screenshot: one line on stderr
    ready = profile_gate.or_ask(
        lambda: profile_gate.prepare(folder), interactive=asking, lang=args.lang
    )
    if ready is None:
        return 1
    profile: Path = ready
    if args.screenshot and _headless():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtWidgets import QApplication

    from app.i18n import fonts, translators
    from app.services.prefs import COLOR_SCHEME, Settings
    from app.ui.single_instance import SingleInstance
    from app.ui.theme import apply_color_scheme

    made = QApplication.instance()  # a profile dialog may have made it
    app = made if isinstance(made, QApplication) else QApplication(sys.argv[:1])
    apply_identity(app)
    app.setQuitOnLastWindowClosed(False)
    instance = SingleInstance(profile, app)
    if not args.screenshot and not instance.claim():
        return 0  # this profile's window, already running, came to the front
    opened = profile_gate.or_ask(
        lambda: profile_gate.open_store(profile), interactive=asking, lang=args.lang
    )
    if opened is None:
        return 1
    store: Store = opened
    lang = translators.pick_language(args.lang or store.get("prefs.lang") or None)
    unread: list[str] = []  # translation files that did not parse or load (a notice)
    kept_translators = translators.install(app, lang, failed=unread)  # referenced for life
    fonts.apply_fonts(app, lang)
    # Light or dark before the first widget: this run's --color-scheme, else the saved one.
    apply_color_scheme(app, args.color_scheme or Settings(store).get(COLOR_SCHEME) or "system")
    install_excepthook()
    window: MainWindow | None = None
    pacer = None
    try:
        window = _first_paint(store, lang, profile, args)
        from app.ui.gc_pacing import GcPacer

        pacer = GcPacer(window)  # full garbage collections at quiet moments, never mid-burst
        pacer.start()
        profile_gate.show_recovery(window, store.recovery)  # what a damaged file kept
        window.notice_board.tell_translations(unread)
        instance.showRequested.connect(window.background.show_window)
        if args.screenshot and both_columns_show_posts(window):
            # Painted from the cache: nothing more to wait for.
            return 0 if window.save_screenshot(args.screenshot) else 1
        return _run_session(app, window, args)
    finally:
        if pacer is not None:
            pacer.stop()  # the collector as it was (a test process goes on after run())
            gc.unfreeze()
        if window is not None:
            window.drafts.close()  # the draft kept as the window closed reaches the disk
        store.close()
        del kept_translators


def _first_paint(store: Store, lang: str, profile: Path, args: argparse.Namespace) -> MainWindow:
    """The window, shown, with both columns painted from the timeline cache (the window
    fills them from :func:`app.services.timeline_cache.read_start` as it is built)."""
    from app.ui.main_window import MainWindow

    forget_sources()
    opener = LazyOpener(store, profile, activity=_activity(args))
    window = MainWindow(
        store=store,
        lang=lang,
        opener=opener,
        # A screenshot shows the sandbox, never the user's own accounts.
        force_sandbox=bool(args.sandbox or args.screenshot),
    )
    opener.accounts = window.accounts
    if args.screenshot:
        w, _, h = str(args.size).partition("x")
        window.resize(int(w), int(h))
    else:
        window.restore_geometry()
    window.show()
    from PySide6.QtCore import QCoreApplication

    QCoreApplication.processEvents()  # the first frame, before the network stack loads
    from app.ui.gc_pacing import settle

    settle()  # start-up's objects out of the collector's sight
    gc.enable()
    return window


def forget_sources() -> None:
    """Drop the source lines PySide6 read while modules were imported.

    PySide6's import hook (``shibokensupport.feature``) reads the source of every module
    imported after it (``inspect.getsource``, looking for ``from __feature__``), and
    ``linecache`` keeps all of it: about 8 MiB at the window's start, more once the
    session's modules load. Only a cache (tracebacks read a file again when needed)."""
    import linecache

    linecache.clearcache()


def _activity(args: argparse.Namespace) -> float | None:
    return None if (args.no_activity or args.screenshot) else 20.0


def both_columns_show_posts(window: MainWindow) -> bool:
    """Both columns show at least one post (from the cache or from the network)."""
    return all(c.model.rowCount() > 0 for c in (window.public_column, window.friends_column))


class LazyOpener:
    """The session opener, built on its first call: :class:`app.compose.SessionOpener`
    imports the services, the network stack and the keychain, which the first paint does
    not need. The accounts are the window's own (``accounts``, set before the call)."""

    def __init__(self, store: Store, profile: Path, *, activity: float | None) -> None:
        self._store = store
        self._profile = profile
        self._activity = activity
        self._opener: SessionOpener | None = None
        self.accounts: AccountService | None = None

    async def __call__(self, sandbox: bool) -> Session:
        if self._opener is None:
            from app.compose import SessionOpener
            from app.profile import sandbox_dir

            self._opener = SessionOpener(
                self._store,
                sandbox_dir(self._profile),
                accounts=self.accounts,
                activity=self._activity,
            )
        return await self._opener(sandbox)


def _run_session(app: QApplication, window: MainWindow, args: argparse.Namespace) -> int:
    """The asyncio loop (qasync, imported now), the session, until the window closes."""
    import asyncio  # here: this module is imported before PySide6's scan is off (app.pyside_scan)

    import qasync

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        code: int = loop.run_until_complete(_bounded(_main(window, args), args))  # untyped
        return code


SCREENSHOT_BOUND_S = 60.0  # --screenshot gives up (exit 1, the reason on stderr) after this


async def _bounded(main: Coroutine[Any, Any, int], args: argparse.Namespace) -> int:
    """``main``; for ``--screenshot`` at most :data:`SCREENSHOT_BOUND_S`, never forever."""
    import asyncio

    if not args.screenshot:
        return await main
    try:
        async with asyncio.timeout(SCREENSHOT_BOUND_S):
            return await main
    except TimeoutError:
        from PySide6.QtCore import QCoreApplication

        log.error("--screenshot: the window did not load within %s s", SCREENSHOT_BOUND_S)
        #: Error of --screenshot on the command line; %1 is a number of seconds.
        words = QCoreApplication.translate(
            "App", "No screenshot: the timelines did not load within %1 seconds (see the log)."
        )
        from app.cli_checks import error_line

        print(error_line(words.replace("%1", str(int(SCREENSHOT_BOUND_S)))), file=sys.stderr)
        return 1


async def _main(window: MainWindow, args: argparse.Namespace) -> int:
    """Open the session the window chooses (accounts, or the sandbox), run until closed."""
    import asyncio

    from app.profile_gate import keep_backing_up

    try:
        await window.open_session()
        forget_sources()  # the session's modules (network stack, services) are loaded now
        from app.ui.gc_pacing import settle

        settle()
    except Exception as exc:
        # Said in the window with Try again (the details go to the log), never a window
        # that only says it is connecting.
        log.exception("could not open a session")
        window.show_fatal(exc)
        if args.screenshot:
            from app.cli_checks import session_failed_line
            from app.profile import default_profile_dir, sandbox_dir

            folder = sandbox_dir(Path(args.profile or default_profile_dir()))
            print(session_failed_line(exc, folder), file=sys.stderr)  # why, not a traceback
            await window.close_session()
            return 1
    if window.session is not None and window.session.is_sandbox:  # reset? say so
        from app.profile import default_profile_dir, sandbox_dir
        from app.profile_gate import tell_sandbox_reset

        tell_sandbox_reset(window, sandbox_dir(Path(args.profile or default_profile_dir())))
    # The outbox and drafts backed up while the window runs (app.store.backup).
    backups = asyncio.ensure_future(keep_backing_up(window.store))
    try:
        if args.screenshot:
            await _until_shown(window)
            return 0 if window.save_screenshot(args.screenshot) else 1
        await window.closed.wait()
        return 0 if window.session is not None else 1
    finally:
        backups.cancel()
        await window.close_session()


async def _until_shown(window: MainWindow) -> None:
    """Until both columns show posts, or both gave their first answer (posts or an
    error), whichever comes first; then a moment for avatars already on their way."""
    import asyncio

    loaded = asyncio.ensure_future(window.sessions.wait_loaded())
    try:
        while not loaded.done() and not both_columns_show_posts(window):
            await asyncio.sleep(0.02)
    finally:
        loaded.cancel()
    for _ in range(20):
        if not window.images.pending:
            break
        await asyncio.sleep(0.05)
    from PySide6.QtCore import QCoreApplication

    QCoreApplication.processEvents()
