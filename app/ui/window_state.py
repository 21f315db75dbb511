"""The main window's own state: its size and the columns' splitter, restored at start and
kept at close (on the store's worker thread), and the window saved as a PNG
(``--screenshot``). The window's ``restore_geometry``, ``save_screenshot`` and
``closeEvent`` call these with its parts.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QSplitter, QWidget

from app.services.prefs import SPLITTER, WINDOW_SIZE, Settings, Store


def restore_geometry(window: QWidget, splitter: QSplitter, settings: Settings) -> None:
    size = settings.get(WINDOW_SIZE)
    window.resize(*(size or (1200, 800)))
    sizes = settings.get(SPLITTER)
    if sizes is not None:
        splitter.setSizes(sizes)


def keep_geometry(
    window: QWidget, splitter: QSplitter, submit: Callable[[Callable[[Store], None]], object]
) -> None:
    """The window's size and the splitter's, saved for the next start through ``submit``
    (the store's worker thread: another process, the CLI, may hold the lock)."""
    size, sizes = [window.width(), window.height()], splitter.sizes()

    def keep_geometry(store: Store) -> None:
        Settings(store).set(WINDOW_SIZE, size)
        Settings(store).set(SPLITTER, sizes)

    submit(keep_geometry)


def save_screenshot(window: QWidget, path: Path, lang: str) -> bool:
    """The window as a PNG carrying its visible texts and language (text chunks)."""
    from app.ui.visible_texts import save_png

    path.parent.mkdir(parents=True, exist_ok=True)
    return save_png(window, path, lang)
