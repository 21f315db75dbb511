"""The translators' gallery: ``python -m app gallery`` renders every window, dialog, menu
and card, and in the pseudo-locale (every text ~40 % longer) nothing is cut off."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from app.i18n import translators
from app.store.db import Store
from app.ui import gallery
from app.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def pseudo(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    previous = QLocale()
    installed = translators.install(qapp, "pseudo")
    try:
        yield
    finally:
        translators.uninstall(qapp, installed)
        QLocale.setDefault(previous)


def test_in_the_pseudo_locale_no_label_or_button_is_cut_off(
    qtbot, qloop, pseudo, sandbox, store: Store
) -> None:
    window = MainWindow(store=store, lang="en", sandbox_dir=sandbox.data_dir, force_sandbox=True)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()

    async def scenario() -> dict[str, list[str]]:
        try:
            await window.open_session()
            await window.wait_loaded()
            shown = gallery.windows(window)
            names = [name for name, _ in shown]
            assert names[: len(gallery.OPENERS)] == list(gallery.OPENERS), names
            assert window.public_column.title_label.text().startswith("[")  # pseudo, really
            return {name: gallery.clipped(widget) for name, widget in shown}
        finally:
            await window.close_session()
            window.drafts.close()

    found = qloop.run_until_complete(scenario())
    cut = {name: texts for name, texts in found.items() if texts}
    assert not cut, "cut off in the pseudo-locale:\n" + "\n".join(
        f"{name}: {text}" for name, texts in cut.items() for text in texts
    )


def test_the_check_finds_a_cut_off_button_and_label(qtbot) -> None:
    top = QWidget()
    qtbot.addWidget(top)
    button = QPushButton("[Šéñð ţö àļļ ŷöûŕ ƒŕîéñðš àñð ţĥé ŵĥöļé ŵöŕļð ~~~~~~~~]", top)
    button.setGeometry(0, 0, 60, 30)
    label = QLabel("fits", top)
    label.setGeometry(0, 40, 200, 30)
    top.show()
    found = gallery.clipped(top)
    assert len(found) == 1 and "Šéñð" in found[0]


def test_the_gallery_command_writes_every_window_menu_and_card(tmp_path: Path) -> None:
    out = tmp_path / "gallery"
    done = subprocess.run(
        [sys.executable, "-m", "app", "gallery", "--lang", "ja", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    names = {p.stem for p in out.glob("*.png")}
    assert set(gallery.OPENERS) <= names, names
    assert {"settings-menu", "card-christmas_cake", "card-kadomatsu"} <= names, names
    image = QImage(str(out / "composer.png"))
    assert image.width() > 300 and image.height() > 200
