"""``python -m app --screenshot`` starts the real app on its own sandbox, renders the main
window once both timelines have loaded, writes the PNG and exits 0."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

pytestmark = pytest.mark.e2e


def test_screenshot_of_both_columns(tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    profile = tmp_path / "profile"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "--profile",
            str(profile),
            "--lang",
            "ja",
            "--screenshot",
            str(out),
            "--size",
            "1000x700",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1000, 700)
    # The app kept its sandbox and data in the profile, and logged both sign-ins.
    assert (profile / "sandbox" / "accounts.json").is_file()
    log = (profile / "logs" / "kizuna.log").read_text(encoding="utf-8")
    assert "@me@sora" in log and "@me@nakama" in log
    # Both columns were drawn with posts: many distinct colours, not an empty window.
    colours = {image.pixel(x, y) for x in range(0, 1000, 7) for y in range(150, 700, 7)}
    assert len(colours) > 50


def test_app_joins_a_sandbox_already_running_in_its_profile(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    data = profile / "sandbox"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app.sandbox",
            "--data",
            str(data),
            "--public-port",
            "0",
            "--friends-port",
            "0",
            "--no-activity",
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert server.stdout is not None
        ready = server.stdout.readline()
        assert ready.startswith("sandbox ready public=http://127.0.0.1:")
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "app",
                "--profile",
                str(profile),
                "--screenshot",
                str(tmp_path / "shot.png"),
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        log = (profile / "logs" / "kizuna.log").read_text(encoding="utf-8")
        assert "joined the sandbox already running" in log
        assert "started the sandbox" not in log
        assert server.poll() is None, "the app must not stop a sandbox it did not start"
    finally:
        server.terminate()
        assert server.wait(timeout=30) == 0
        if server.stdout is not None:
            server.stdout.close()
