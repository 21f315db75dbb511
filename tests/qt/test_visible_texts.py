"""The texts a window shows, as the screenshot and gallery PNGs carry them: what is
visible is listed as drawn (hidden widgets, a mnemonic's ``&`` and rich-text tags not),
the PNG keeps it through a save; and the English gallery shows no "(s)" anywhere."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QImage
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMenu,
    QPushButton,
    QStatusBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.sandbox.runner import SandboxThread
from app.store.db import Store
from app.ui import gallery
from app.ui.main_window import MainWindow
from app.ui.visible_texts import LANGUAGE_KEY, TEXTS_KEY, save_png, visible_texts
from tests.helpers import ui_language


def test_only_what_is_shown_is_listed_as_drawn(qtbot: QtBot) -> None:
    top = QWidget()
    qtbot.addWidget(top)
    box = QVBoxLayout(top)
    box.addWidget(QLabel("<b>Public</b> timeline"))
    box.addWidget(QPushButton("&Send && close"))
    hidden = QPushButton("Hidden button")
    box.addWidget(hidden)
    hidden.hide()
    tabs = QTabWidget()
    tabs.addTab(QLabel("First page"), "Public")
    tabs.addTab(QLabel("Second page"), "Friends")
    box.addWidget(tabs)
    status = QStatusBar()
    box.addWidget(status)
    status.showMessage("Signed in")
    dialog = QDialog(top)  # a window of its own: drawn in its own PNG, not in top's
    QLabel("In the dialog", dialog)
    top.show()
    dialog.show()
    texts = visible_texts(top)
    assert texts[:2] == ["Public timeline", "Send & close"], texts
    assert {"Public", "Friends", "First page", "Signed in"} <= set(texts), texts
    assert "Hidden button" not in texts and "Second page" not in texts  # hidden tab page
    assert "In the dialog" not in texts and visible_texts(dialog) == ["In the dialog"]
    assert len(texts) == len(set(texts))  # "Public" (tab) once, beside "Public timeline"


def test_a_menu_lists_its_actions_and_the_png_keeps_them(qtbot: QtBot, tmp_path: Path) -> None:
    menu = QMenu()
    qtbot.addWidget(menu)
    menu.addAction("&Accounts…")
    menu.addSeparator()
    gone = QAction("Not shown", menu)
    gone.setVisible(False)
    menu.addAction(gone)
    menu.addMenu("언어")
    path = tmp_path / "menu.png"
    assert save_png(menu, path, "ko")
    saved = QImage(str(path))
    assert saved.text(LANGUAGE_KEY) == "ko"
    assert saved.text(TEXTS_KEY).splitlines() == ["Accounts…", "언어"]
    assert "언어".encode() in path.read_bytes()  # a plain text search (grep) finds it


@pytest.fixture
def english(qapp: QApplication, tmp_path: Path) -> Iterator[None]:
    """The English UI with kizuna_en's plural forms, whatever the session installed."""
    with ui_language(qapp, "en", tmp_path / "translations"):
        yield


def test_the_english_gallery_shows_no_plural_in_parentheses(
    qtbot: QtBot,
    qloop: asyncio.AbstractEventLoop,
    english: None,
    sandbox: SandboxThread,
    store: Store,
    tmp_path: Path,
) -> None:
    window = MainWindow(store=store, lang="en", sandbox_dir=sandbox.data_dir, force_sandbox=True)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()

    async def scenario() -> dict[str, list[str]]:
        try:
            await window.open_session()
            await window.wait_loaded()
            shown = {name: visible_texts(widget) for name, widget in gallery.windows(window)}
            gallery.shoot(window, tmp_path / "gallery")
            return shown
        finally:
            await window.close_session()
            window.drafts.close()

    shown = qloop.run_until_complete(scenario())
    assert set(gallery.OPENERS) <= set(shown) and all(shown.values()), shown
    plural = {name: [t for t in texts if "(s)" in t] for name, texts in shown.items()}
    assert not any(plural.values()), plural
    # Each window's PNG carries what it showed: a search over the gallery finds a string.
    composer = QImage(str(tmp_path / "gallery" / "composer.png"))
    assert composer.text(LANGUAGE_KEY) == "en"
    assert composer.text(TEXTS_KEY).splitlines() == shown["composer"]
