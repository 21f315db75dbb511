"""``python -m app --screenshot FILE --color-scheme dark --lang ja`` renders a dark window
(the real app on its own sandbox), and ``--color-scheme light`` a light one; the flag is
for that run only, the saved choice (Settings → Appearance) stays as it was."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from app.store.db import Store
from app.store.settings import COLOR_SCHEME, Settings

pytestmark = pytest.mark.e2e


def shot(tmp_path: Path, scheme: str) -> tuple[QImage, Path]:
    out = tmp_path / f"{scheme}.png"
    profile = tmp_path / f"profile-{scheme}"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "--profile",
            str(profile),
            "--lang",
            "ja",
            "--color-scheme",
            scheme,
            "--screenshot",
            str(out),
            "--size",
            "900x600",
        ],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return QImage(str(out)), profile


def lightness(image: QImage) -> float:
    """The median lightness of the window's pixels (pictures in posts are a minority)."""
    values = [
        QColor(image.pixel(x, y)).lightness()
        for x in range(0, image.width(), 9)
        for y in range(0, image.height(), 9)
    ]
    return statistics.median(values)


def test_the_dark_flag_renders_a_dark_window_and_light_a_light_one(tmp_path: Path) -> None:
    dark, profile = shot(tmp_path, "dark")
    assert (dark.width(), dark.height()) == (900, 600)
    assert lightness(dark) < 70
    store = Store(profile / "kizuna.db")
    try:
        assert not Settings(store).is_set(COLOR_SCHEME)  # this run's choice, not saved
    finally:
        store.close()
    light, _ = shot(tmp_path, "light")
    assert lightness(light) > 180
