"""The translators' gallery: every window, dialog, menu and card of a running main
window, rendered to PNG files, and the check that no label or button is cut off.

``python -m app gallery --lang XX --out DIR`` (composed in :mod:`app.gallery_main`)
opens the main window on the practice sandbox in language XX and calls :func:`shoot`, so
a translator sees their words in place without an account. With ``--lang pseudo`` every
text is ~40 % longer: :func:`clipped` lists each label or button whose text no longer
fits (its size hint is larger than the room it was given).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractButton, QLabel, QMenu, QWidget

from app.services.catalogues import shipped
from app.ui.cards import render_image
from app.ui.elided import is_elided
from app.ui.ledger_dialog import open_ledger
from app.ui.visible_texts import save_png

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

# name → how to open it on the main window (each is the window's own object).
OPENERS: dict[str, Callable[[Any], QWidget]] = {
    "main-window": lambda w: w,
    "composer": lambda w: w.open_composer(),
    "outbox": lambda w: w.open_outbox(),
    "safety-check": lambda w: w.open_safety_check(),
    "accounts": lambda w: w.open_accounts(),
    "notifications": lambda w: w.notices.open_panel(),
    "ledger": open_ledger,
}


def windows(window: Any) -> list[tuple[str, QWidget]]:
    """Every window and dialog, opened (shown), then the settings menu and its submenus.
    One that cannot be opened is logged and left out, never the end of the gallery."""
    found: list[tuple[str, QWidget]] = []
    for name, opener in OPENERS.items():
        try:
            found.append((name, opener(window)))
        except Exception:
            log.exception("gallery: could not open %s", name)
    QCoreApplication.processEvents()
    found += menus(window.settings_button.menu(), "settings-menu")
    return found


def menus(menu: QMenu | None, name: str) -> list[tuple[str, QWidget]]:
    """``menu`` and each submenu (laid out as they would pop up)."""
    if menu is None:
        return []
    menu.aboutToShow.emit()  # what fills a menu as it pops up (設定 → 言語) runs first
    menu.adjustSize()
    found: list[tuple[str, QWidget]] = [(name, menu)]
    for index, action in enumerate(a for a in menu.actions() if a.menu() is not None):
        sub = action.menu()
        if isinstance(sub, QMenu):
            found += menus(sub, f"{name}-{index + 1}")
    return found


def cards() -> list[tuple[str, QImage]]:
    """One card per gift in the catalogue, with a sample message, recipient and sender;
    the card's words are the user's Japanese content, shown as they would be sent."""
    return [
        (
            f"card-{gift.key}",
            render_image(gift, gift.message_ja, "春香さん", "ゆき", vertical=gift.vertical),
        )
        for gift in shipped().gifts
    ]


def clipped(top: QWidget) -> list[str]:
    """Each visible label or button of ``top`` whose text does not fit its geometry:
    wider than its width (or, word-wrapped, taller than its height). The widgets of
    :mod:`app.ui.elided`, which shorten their text with "…" on purpose, are not counted."""
    found = []
    widgets = [top, *top.findChildren(QWidget)]
    for widget in widgets:
        if not isinstance(widget, (QLabel, QAbstractButton)) or not widget.isVisibleTo(top):
            continue
        text = widget.text()
        if not text or (isinstance(widget, QLabel) and not widget.pixmap().isNull()):
            continue
        if is_elided(widget) is not None:
            continue  # it ends in "…" on purpose, the whole text in its tooltip
        hint, size = widget.sizeHint(), widget.size()
        if isinstance(widget, QLabel) and widget.wordWrap():
            cut = widget.heightForWidth(size.width()) > size.height() + 1
        else:
            cut = hint.width() > size.width() + 1
        if cut:
            who = widget.objectName() or type(widget).__name__
            needs = f"{hint.width()}×{hint.height()}"
            found.append(f"{who} {text!r}: needs {needs}, has {size.width()}×{size.height()}")
    return found


def shoot(window: Any, out: Path) -> list[Path]:
    """Save every window, dialog, menu and card of ``window`` as ``out/<name>.png``; a
    window's PNG carries the texts it shows (:func:`app.ui.visible_texts.save_png`)."""
    out.mkdir(parents=True, exist_ok=True)
    saved = []
    for name, widget in windows(window):
        path = out / f"{name}.png"
        if save_png(widget, path, window.lang):
            saved.append(path)
        else:
            log.warning("gallery: could not save %s", path)
    for name, image in cards():
        path = out / f"{name}.png"
        if image.save(str(path)):
            saved.append(path)
    return saved
