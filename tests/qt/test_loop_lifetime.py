"""A qasync loop closed at the end of a test leaves nothing of it to fire later.

The crash that once forced the widget tests to run last: qasync keeps each scheduled
callback as a Qt timer on one Python-owned QObject, and a loop closed with callbacks
still scheduled lives on in a reference cycle until the garbage collector frees it in
the middle of a later timer dispatch (see ``_dispose`` in tests/conftest.py). Each
scenario runs in its own interpreter, because the failure is a segfault; the garbage
collector runs at nearly every allocation there, so a dangling timer cannot go unnoticed.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCENARIO = textwrap.dedent(
    """
    import asyncio, gc, os, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication
    import qasync
    from tests.conftest import _dispose

    app = QApplication([])

    def a_test_that_leaves_work_scheduled():
        loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(loop)

        async def waits():
            await asyncio.sleep(0.01)

        loop.create_task(waits())
        loop.call_later(0.01, print)
        if sys.argv[1] == "dispose":
            _dispose(loop)  # what the qloop fixture does
        else:
            loop.close()  # what it did before
        asyncio.set_event_loop(None)

    for _ in range(20):
        a_test_that_leaves_work_scheduled()
    gc.set_threshold(1, 1, 1)
    time.sleep(0.05)
    for _ in range(40):  # the next tests: pytest-qt processes events before each
        app.processEvents()
        time.sleep(0.005)
    print("survived")
    """
)


def run(mode: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-W", "ignore", "-c", SCENARIO, mode],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_the_qloop_fixture_leaves_no_timer_behind() -> None:
    done = run("dispose")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "survived" in done.stdout


def test_a_loop_merely_closed_crashes_the_next_events() -> None:
    """The control: without the disposal the same scenario dies. If a qasync release
    kills its timers on close, this fails — then the timer deletion in _dispose can go."""
    done = run("close")
    assert done.returncode != 0, done.stdout  # a segfault (its code differs per platform)
    assert "survived" not in done.stdout
