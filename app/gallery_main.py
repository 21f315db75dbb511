"""``python -m app gallery``: the main window on a fresh practice sandbox in a
temporary profile, in the chosen language, rendered by :func:`app.ui.gallery.shoot`.

A composition root like :mod:`app.bootstrap` (it builds the store, the window and the
session); nothing of the user's own profile or accounts is read or written.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)
LOAD_BOUND_S = 90.0  # the sandbox starts and both columns load well within this


def run(args: argparse.Namespace) -> int:
    """Render the gallery into ``args.out``; prints each file written. Exit 0, or 1
    when the window could not be built or nothing was saved."""
    if sys.platform.startswith("linux") and not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import qasync
    from PySide6.QtWidgets import QApplication

    from app.i18n import fonts, translators

    made = QApplication.instance()
    app = made if isinstance(made, QApplication) else QApplication(sys.argv[:1])
    lang = translators.pick_language(getattr(args, "lang", None))
    kept = translators.install(app, lang)
    fonts.apply_fonts(app, lang)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        with tempfile.TemporaryDirectory(prefix="kizuna-gallery-") as tmp, loop:
            saved = loop.run_until_complete(_gallery(Path(tmp), lang, Path(args.out)))
    finally:
        translators.uninstall(app, kept)
    for path in saved:
        print(path)
    return 0 if saved else 1


async def _gallery(tmp: Path, lang: str, out: Path) -> list[Path]:
    from app.compose import SessionOpener
    from app.profile import ensure_private_profile, sandbox_dir
    from app.services.session import Session
    from app.store.db import Store
    from app.ui import gallery
    from app.ui.main_window import MainWindow

    profile = ensure_private_profile(tmp / "profile")
    store = Store(profile / "kizuna.db")
    openers: list[SessionOpener] = []

    async def open_session(sandbox: bool) -> Session:
        if not openers:
            openers.append(SessionOpener(store, sandbox_dir(profile), accounts=window.accounts))
        return await openers[0](sandbox)

    window = MainWindow(store=store, lang=lang, opener=open_session, force_sandbox=True)
    try:
        window.resize(1280, 800)
        window.show()
        await window.open_session()
        try:
            async with asyncio.timeout(LOAD_BOUND_S):
                await window.wait_loaded()
        except TimeoutError:
            log.warning("gallery: the timelines did not load; the windows are shown empty")
        return gallery.shoot(window, out)
    finally:
        await window.close_session()
        window.drafts.close()
        store.close()
