"""The main window's own state: its size and the columns' splitter, restored at start and
kept at close (written behind the GUI thread), and the window saved as a PNG
(``--screenshot``). The window's ``restore_geometry``, ``save_screenshot`` and
``closeEvent`` call these with its parts.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QSplitter, QWidget

from app.services.prefs import SPLITTER, WINDOW_SIZE, Settings


def restore_geometry(window: QWidget, splitter: QSplitter, settings: Settings) -> None:
    size = settings.get(WINDOW_SIZE)
    window.resize(*(size or (1200, 800)))
    sizes = settings.get(SPLITTER)
    if sizes is not None:
        splitter.setSizes(sizes)


def keep_geometry(window: QWidget, splitter: QSplitter, settings: Settings) -> None:
    """The window's size and the splitter's, kept for the next start through the window's
    settings (never a wait for SQLite's lock; a refused write is kept, told, written
    again, and tried once more when the store worker closes)."""
    settings.set(WINDOW_SIZE, [window.width(), window.height()])
    settings.set(SPLITTER, splitter.sizes())


def save_screenshot(window: QWidget, path: Path, lang: str) -> bool:
    """The window as a PNG carrying its visible texts and language (text chunks)."""
    from app.ui.visible_texts import save_png

    path.parent.mkdir(parents=True, exist_ok=True)
    return save_png(window, path, lang)
