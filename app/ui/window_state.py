"""The main window's own state: its size and the columns' splitter, restored at start and
kept at close (on the store's worker thread), and the window saved as a PNG
(``--screenshot``). The window's ``restore_geometry``, ``save_screenshot`` and
``closeEvent`` call these with its parts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QSplitter, QWidget

from app.services.prefs import SPLITTER, WINDOW_SIZE, Settings, Store

log = logging.getLogger(__name__)


def restore_geometry(window: QWidget, splitter: QSplitter, settings: Settings) -> None:
    size = settings.get(WINDOW_SIZE)
    window.resize(*(size or (1200, 800)))
    sizes = settings.get(SPLITTER)
    if sizes is not None:
        splitter.setSizes(sizes)


# A lock another program holds past the busy timeout: the size is tried this many times.
GEOMETRY_TRIES = 3


def keep_geometry(
    window: QWidget, splitter: QSplitter, submit: Callable[[Callable[[Store], None]], object]
) -> None:
    """The window's size and the splitter's, saved for the next start through ``submit``
    (the store's worker thread: another process, the CLI, may hold the lock). A lock held
    past the busy timeout is waited for again (:data:`GEOMETRY_TRIES` in all); a full or
    read-only profile only costs the size, which is logged (the window is closing)."""
    size, sizes = [window.width(), window.height()], splitter.sizes()

    def keep_geometry(store: Store) -> None:
        from app.services.profile_problems import write_problem

        for attempt in range(1, GEOMETRY_TRIES + 1):
            try:
                Settings(store).set(WINDOW_SIZE, size)
                Settings(store).set(SPLITTER, sizes)
                return
            except Exception as exc:
                problem = write_problem(exc, store.path)
                if problem is None:
                    raise
                again = problem.locked and attempt < GEOMETRY_TRIES
                log.warning(
                    "window size not kept (try %d of %d): %s%s",
                    attempt,
                    GEOMETRY_TRIES,
                    problem.reason,
                    "; waiting again" if again else "",
                )
                if not again:
                    return

    submit(keep_geometry)


def save_screenshot(window: QWidget, path: Path, lang: str) -> bool:
    """The window as a PNG carrying its visible texts and language (text chunks)."""
    from app.ui.visible_texts import save_png

    path.parent.mkdir(parents=True, exist_ok=True)
    return save_png(window, path, lang)
