"""Test configuration shared by every test folder.

Qt runs offscreen (set here, before anything imports Qt), each test gets a temporary
profile folder (and the app's database in it, ``store``), and no test ever touches the
user's real settings or keychain. The QApplication speaks English as the app does for an
English user, and every test leaves it so (``ui_stays_english``); a qasync loop (``qloop``)
fails its test when Qt events were processed inside a running task.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# keyring must never reach the user's real keychain from a test.
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

import pytest

from tests import english

if TYPE_CHECKING:
    import asyncio

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


@pytest.fixture(scope="session")
def secret_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """GNOME Keyring on a private D-Bus session bus, started once for the whole run and
    shared by every test that needs a real OS keychain (tests/realserver, the CLI's
    keychain test): a daemon started late in a long run has been seen never to offer its
    unlocked login keyring, while the one started once keeps serving."""
    from tests.realserver import secret_service as ss
    from tests.realserver.conftest import unavailable
    from tests.realserver.provision import ProvisionError

    # Now and then a fresh daemon never unlocks its login keyring (it has happened in a
    # long random-order run, and under load): a new daemon in a new folder then does.
    for attempt in range(1, 4):
        base: Path = tmp_path_factory.mktemp("secret-service")
        try:
            ss.install()
            service = ss.PrivateSecretService(base)
            service.start()
            break
        except ProvisionError as exc:
            if attempt == 3:
                unavailable("Secret Service (gnome-keyring)", exc)
    try:
        yield service
    finally:
        service.stop()


@pytest.fixture
def keychain(secret_service: object, monkeypatch: pytest.MonkeyPatch) -> object:
    """keyring, for this test only (and the subprocesses it starts with this environment),
    on the private Secret Service — not the fail backend every other test has."""
    import keyring.core

    from tests.realserver.secret_service import PrivateSecretService

    assert isinstance(secret_service, PrivateSecretService)
    for key, value in secret_service.environment().items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.SecretService.Keyring")
    # keyring picks its backend once; forget it so this test's environment is read, and
    # put the previous one back afterwards (monkeypatch restores the attribute).
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)
    return secret_service


@pytest.fixture(scope="session")
def qapp(qapp: object, tmp_path_factory: pytest.TempPathFactory) -> object:
    """pytest-qt's QApplication, in English as the app is for an English user
    (``app.bootstrap`` installs ``en``): kizuna_en's plural forms ("3 new posts"), once
    for the whole run. :func:`ui_stays_english` keeps every test from changing that."""
    from PySide6.QtCore import QCoreApplication

    assert isinstance(qapp, QCoreApplication)
    english.install(qapp, tmp_path_factory.mktemp("translations"))
    return qapp


@pytest.fixture(autouse=True)
def ui_stays_english(request: pytest.FixtureRequest) -> Iterator[None]:
    """After a test with a QApplication: every translator it installed is removed and the
    default locale is put back, so the next test runs in the same English UI. A test that
    left another language (ja, ko, pseudo) behind, or removed the English one, fails here:
    install a language for a test through ``tests.helpers.ui_language``."""
    if "qapp" in request.fixturenames:
        request.getfixturevalue("qapp")
    app = english.application()
    before = english.snapshot(app) if app is not None else None
    yield
    app = app or english.application()  # or one the test made
    if app is not None:
        problems = english.restore(app, before or english.snapshot(app, fresh=True))
        if problems:
            pytest.fail(
                f"{request.node.nodeid} left the UI changed: {'; '.join(problems)}. Install a"
                " language for a test through tests.helpers.ui_language.",
                pytrace=False,
            )


@pytest.fixture
def qloop(qapp: object) -> Iterator[object]:
    """A qasync event loop on the test's QApplication: asyncio and Qt in one loop, as in the app.

    A task stepped inside another task (Qt events processed from within a coroutine) is
    refused by asyncio and its wakeup lost; the loop records each refusal and the test
    fails at teardown naming the rule (:func:`_reentries`)."""
    import asyncio

    import qasync

    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    refused = _reentries(loop)
    try:
        yield loop
    finally:
        try:
            _dispose(loop)
        finally:
            asyncio.set_event_loop(None)
    if refused:
        pytest.fail(REENTRY_RULE + "\n" + "\n".join(refused), pytrace=False)


REENTRY_RULE = (
    "Qt events were processed inside a running asyncio task, so qasync stepped another task"
    " within it; asyncio refused ('Cannot enter into task') and, in the app, that task's"
    " wakeup is lost and whatever awaits it hangs (this test's loop delivered it late)."
    " Rule: never call processEvents(), exec() or QTest.mouseMove/qWait inside a"
    " coroutine; run such input through tests.helpers.outside_task, or open() a dialog"
    " instead of exec()."
)


def _reentries(loop: asyncio.AbstractEventLoop) -> list[str]:
    """Record every "Cannot enter into task" error the loop reports (asyncio raises it in
    the refused task's step; the loop's exception handler hears of it). Wraps the loop's
    ``call_exception_handler`` itself, so a handler a test or the app sets still runs
    and cannot hide it.

    The refused step is scheduled again, to run outside the other task: the wakeup
    arrives late instead of never, so the test ends (instead of hanging in an await or
    in the cancel at teardown) and fails saying why."""
    import asyncio

    refused: list[str] = []
    report = loop.call_exception_handler

    def recording(context: dict[str, object]) -> None:
        error, handle = context.get("exception"), context.get("handle")
        if isinstance(error, RuntimeError) and "Cannot enter into task" in str(error):
            refused.append(str(error))
            if isinstance(handle, asyncio.Handle) and not loop.is_closed():
                # The step never began (asyncio refuses before it): run it again later.
                loop.call_soon(handle._callback, *handle._args, context=handle._context)  # type: ignore[attr-defined]
        report(context)

    loop.call_exception_handler = recording  # type: ignore[method-assign]
    return refused


def _dispose(loop: asyncio.AbstractEventLoop) -> None:
    """Shut a qasync loop down so that nothing of it can run after the test.

    qasync keeps every scheduled callback (a task's next step, an ``asyncio.sleep``, a
    ``call_later``) as a Qt timer on one parentless, Python-owned QObject, ``loop._timer``;
    ``close()`` only marks it stopped and kills each timer when it next fires. A loop
    closed with callbacks still scheduled is therefore a reference cycle (loop → timer
    object → handle → task → loop) that holds a QObject with armed Qt timers, and only
    Python's cyclic garbage collector frees it — at whatever allocation triggers a
    collection, typically while Qt is delivering timer events in a later test's
    ``processEvents`` (pytest-qt runs one before every test). The next timer event then
    reaches a freed object: a segfault in ``QTimerInfoList::activateTimers``, "now and
    then", in whichever test happened to run next. (Before this, the widget tests ran last
    to keep it out of sight; tests/qt/test_loop_lifetime.py reproduces it.)

    So, as ``asyncio.Runner`` does: cancel what the test left running and let it finish
    inside this loop, close the async generators, close the loop — and then delete the
    timer object now, which unregisters every Qt timer it still holds, instead of leaving
    that to the garbage collector.
    """
    import asyncio

    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent, QObject

    # Widgets the test closed (qtbot.addWidget) are deleted first, while their loop is
    # still open: processEvents() alone never runs deferred deletions.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    loop.run_until_complete(loop.shutdown_asyncgens())
    loop.close()
    timers = getattr(loop, "_timer", None)
    # If a qasync release moves its timers elsewhere, fail here rather than crash later.
    assert isinstance(timers, QObject), "qasync no longer keeps its timers in loop._timer"
    shiboken6.delete(timers)
