"""One instance per profile (issue 15, item 5), with real processes: ``python -m app`` on
the offscreen platform and its own sandbox. A second start on the same profile asks the
first to come to the front and exits 0; the CLI works beside the window; a start after a
crash (killed: the lock, and on Unix the socket file, stay behind) takes the profile over; two
profiles run side by side."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.ui.single_instance import LOCK_FILE, server_name

pytestmark = pytest.mark.e2e

LISTENING = "the window of this profile, listening as"
RAISED = "brought to the front at a second start's request"
ENV = dict(os.environ, QT_QPA_PLATFORM="offscreen")


def app_args(profile: Path, *more: str) -> list[str]:
    return [sys.executable, "-m", "app", "--profile", str(profile), "--lang", "en", *more]


def start(profile: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        app_args(profile, "--no-activity"),
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def log_count(profile: Path, line: str) -> int:
    log = profile / "logs" / "kizuna.log"
    return log.read_text(encoding="utf-8").count(line) if log.exists() else 0


def wait_for(profile: Path, line: str, count: int, process: subprocess.Popen[bytes]) -> None:
    """Until the profile's log has ``line`` ``count`` times (a guard against a hang, not a
    time the test measures); fails at once when ``process`` ended instead."""
    deadline = time.monotonic() + 120
    while log_count(profile, line) < count:
        assert process.poll() is None, f"the app ended with {process.returncode}"
        assert time.monotonic() < deadline, f"no {line!r} in the log"
        time.sleep(0.1)


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    try:
        yield started
    finally:
        for p in started:
            if p.poll() is None:
                p.terminate()
        for p in started:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def test_a_second_start_raises_the_first_and_a_crash_leaves_nothing_in_the_way(
    tmp_path: Path, processes: list[subprocess.Popen[bytes]]
) -> None:
    profile = tmp_path / "プロファイル"  # a non-ASCII path, as under C:\Users\さくら
    first = start(profile)
    processes.append(first)
    wait_for(profile, LISTENING, 1, first)

    second = subprocess.run(app_args(profile), env=ENV, capture_output=True, timeout=120)
    assert second.returncode == 0, second.stderr
    assert log_count(profile, RAISED) == 1  # said by the first, which still runs
    assert first.poll() is None

    # The CLI keeps working beside the window, on the same profile and sandbox.
    cli = subprocess.run(
        app_args(profile, "outbox"), env=ENV, capture_output=True, text=True, timeout=120
    )
    assert cli.returncode == 0, cli.stderr
    assert first.poll() is None

    # A crash leaves the lock and the socket file behind; the next start takes over.
    first.kill()
    first.wait()
    assert (profile / LOCK_FILE).exists()
    if os.name == "posix":  # a Unix socket is a file; a Windows pipe goes with its process
        assert (Path(tempfile.gettempdir()) / server_name(profile)).exists()
    third = start(profile)
    processes.append(third)
    wait_for(profile, LISTENING, 2, third)
    fourth = subprocess.run(app_args(profile), env=ENV, capture_output=True, timeout=120)
    assert fourth.returncode == 0, fourth.stderr
    assert log_count(profile, RAISED) == 2
    assert third.poll() is None


def test_two_profiles_both_run(tmp_path: Path, processes: list[subprocess.Popen[bytes]]) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    assert server_name(one) != server_name(two)
    a = start(one)
    processes.append(a)
    b = start(two)
    processes.append(b)
    wait_for(one, LISTENING, 1, a)
    wait_for(two, LISTENING, 1, b)
    assert a.poll() is None and b.poll() is None
    assert log_count(one, RAISED) == log_count(two, RAISED) == 0
