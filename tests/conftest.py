"""Test configuration shared by every test folder.

Qt runs offscreen (set here, before anything imports Qt), each test gets a temporary
profile folder (and the app's database in it, ``store``), and no test ever touches the
user's real settings or keychain.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("KIZUNA_TESTING", "1")
# keyring must never reach the user's real keychain from a test.
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

import pytest

if TYPE_CHECKING:
    from app.store.db import Store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture
def profile_dir(tmp_path: Path) -> Path:
    d = tmp_path / "profile"
    d.mkdir()
    return d


@pytest.fixture
def store(profile_dir: Path) -> Iterator[Store]:
    """The app's settings database in the test's profile folder, closed afterwards."""
    from app.store.db import Store

    db = Store(profile_dir / "kizuna.db")
    try:
        yield db
    finally:
        db.close()


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[object]:
    """Both sandbox networks on free 127.0.0.1 ports, seeded, background activity off."""
    from app.sandbox.runner import SandboxThread

    thread = SandboxThread(tmp_path / "sandbox", public_port=0, friends_port=0, activity=False)
    info = thread.start()
    try:
        yield info
    finally:
        thread.stop()


@pytest.fixture
def qloop(qapp: object) -> Iterator[object]:
    """A qasync event loop on the test's QApplication: asyncio and Qt in one loop, as in the app."""
    import asyncio

    import qasync

    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    try:
        yield loop
    finally:
        # Let everything the test scheduled finish inside this loop, then run Qt's
        # deferred deletions and collect wrappers now — not during the next test's
        # event processing, when their loop and widgets are gone.
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.close()
        asyncio.set_event_loop(None)
        from PySide6.QtCore import QCoreApplication, QEvent

        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        import gc

        gc.collect()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the widget tests (qt/, e2e/) last.

    pytest-qt processes pending Qt events before every test once a QApplication exists.
    A full run has crashed there now and then (PySide6 6.11 on Python 3.11), in a
    non-Qt test right after the widget tests; with those last, every other test runs
    before any widget exists. The root cause is still open (see the issue notes).
    """

    def widget_test(item: pytest.Item) -> bool:
        parts = Path(str(item.fspath)).parts
        return "qt" in parts or "e2e" in parts or item.get_closest_marker("e2e") is not None

    items.sort(key=widget_test)  # stable: keeps the order within each group
