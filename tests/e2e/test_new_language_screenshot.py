"""A new language is a file, in real processes with nothing patched: in a throwaway copy
of the checkout, the README's one command starts ``translations/kizuna_ko.ts``, one
string of the main window is translated, and ``python -m app --lang ko --screenshot``
shows it (read back from the PNG's text chunks), the rest in English; the CLI takes
``--lang ko`` too."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from app.i18n import update_ts
from app.ui.visible_texts import LANGUAGE_KEY, TEXTS_KEY
from tests.qt.test_new_language import translate_one

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
KOREAN = "새 글"  # "New post", the top bar's button
# What `python -m app` needs; no .venv, .git, bytecode, built .qm or README screenshots.
PARTS = ("app", "resources", "translations")
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", "*.qm", "screenshots", "kizuna_ko.ts")


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    if update_ts.find_lupdate() is None:
        pytest.skip("lupdate is not available: cannot make a .ts as a translator would")
    checkout = tmp_path / "checkout"  # without any kizuna_ko.ts, even once Korean ships
    for part in PARTS:
        shutil.copytree(ROOT / part, checkout / part, ignore=SKIP)
    return checkout


def run(copy: Path, tmp_path: Path, *args: str, timeout: float = 180) -> str:
    """``python ARGS`` in the copy, its own ``app`` first on the path; returns stdout."""
    env = dict(
        os.environ,
        PYTHONPATH=str(copy),
        QT_QPA_PLATFORM="offscreen",
        XDG_CACHE_HOME=str(tmp_path / "cache"),  # the compiled .qm of the copy's .ts
    )
    done = subprocess.run(
        [sys.executable, *args],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, f"{args}: {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_one_korean_string_shows_in_a_real_screenshot(copy: Path, tmp_path: Path) -> None:
    where = run(copy, tmp_path, "-c", "import app; print(app.__file__)").strip()
    assert Path(where).resolve().is_relative_to(copy.resolve()), where

    before = sorted((ROOT / "translations").iterdir())
    run(copy, tmp_path, "-m", "app.i18n.update_ts", "ko", timeout=300)
    korean = copy / "translations" / "kizuna_ko.ts"
    assert korean.is_file() and sorted((ROOT / "translations").iterdir()) == before
    assert 'language="ko' in korean.read_text("utf-8")
    translate_one(korean, "MainWindow", "New post", KOREAN)

    shot, profile = tmp_path / "shot.png", tmp_path / "profile"
    run(
        copy,
        tmp_path,
        *("-m", "app", "--lang", "ko", "--profile", str(profile), "--sandbox"),
        *("--no-activity", "--screenshot", str(shot), "--size", "1000x700"),
    )
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1000, 700)
    assert image.text(LANGUAGE_KEY) == "ko"
    texts = image.text(TEXTS_KEY).splitlines()
    assert KOREAN in texts and "New post" not in texts, texts
    assert "Safety check" in texts and "Settings" in texts, texts  # not translated: English


def test_the_cli_accepts_the_new_language(copy: Path, tmp_path: Path) -> None:
    run(copy, tmp_path, "-m", "app.i18n.update_ts", "ko", timeout=300)
    out = run(
        copy, tmp_path, "-m", "app", "--lang", "ko", "outbox", "--profile", str(tmp_path / "p")
    )
    assert out.strip(), "the outbox command printed nothing"
