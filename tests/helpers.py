"""Small helpers shared by tests: waiting for a condition, an in-memory keychain backend
and an account service over it, a free port on 127.0.0.1, what another member of the
embedded sandbox does or sees over the servers' own APIs, and, for widget tests, the main
window (signing in through its accounts dialog, run on a sandbox session, or watched from
Qt's loop while ``app.bootstrap.run`` runs it)."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Awaitable, Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import httpx
import keyring.errors
import pytest
from keyring.backend import KeyringBackend

from app.core.models import AccountRef, Audience, Post
from app.networks.base import NetworkAdapter
from app.services import timeline

if TYPE_CHECKING:
    from app.networks.bluesky import BlueskySession
    from app.services.accounts import AccountService
    from app.store.db import Store
    from app.ui.accounts_dialog import AccountsDialog
    from app.ui.main_window import MainWindow

# On both sandbox servers: followed by the demo user, in its circle.
FRIEND = "haruka"

T = TypeVar("T")


async def until(predicate: object, timeout: float = 20.0, interval: float = 0.05) -> None:
    """Wait, inside a running loop, until ``predicate()`` is true; fail with a clear message."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():  # type: ignore[operator]
        if loop.time() > deadline:
            raise AssertionError(f"condition not met within {timeout}s: {predicate}")
        await asyncio.sleep(interval)


async def outside_task(fn: Callable[[], object]) -> None:
    """Run ``fn`` as a plain callback of the running loop, outside any task, and wait for
    it. For test input that processes Qt events itself (``QTest.mouseMove`` does): events
    processed re-entrantly *inside* a task make qasync step another task within it, which
    asyncio refuses ("Cannot enter into task …") — that task's wakeup is then lost for good
    and whatever awaits it hangs."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[None] = loop.create_future()

    def run() -> None:
        try:
            fn()
        except BaseException as exc:  # handed to the awaiting test
            done.set_exception(exc)
        else:
            done.set_result(None)

    loop.call_soon(run)
    await done


@contextlib.contextmanager
def ui_language(qapp: Any, lang: str, cache_dir: Path) -> Iterator[None]:
    """The UI in ``lang`` (ja, ko, pseudo …) for the ``with`` block, as the app installs
    it; afterwards exactly the translators and default locale of before (the session's
    English: tests/english.py)."""
    from PySide6.QtCore import QLocale

    from app.i18n import translators

    previous = QLocale()
    installed = translators.install(qapp, lang, cache_dir=cache_dir)
    try:
        yield
    finally:
        translators.uninstall(qapp, installed)
        QLocale.setDefault(previous)


class MemoryKeyring(KeyringBackend):
    """Secrets in a dict, for tests only (trusted explicitly through CredentialStore)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def delete_password(self, service: str, username: str) -> None:
        if self.secrets.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("not found")


def free_port() -> int:
    """A port on 127.0.0.1 that was free a moment ago (for a receiver on a fixed port)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def listening_socket() -> socket.socket:
    """Another program's listener on a port of 127.0.0.1 (the caller closes it)."""
    holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    return holder


def account_service(store: Store, backend: KeyringBackend) -> AccountService:
    """Accounts kept in ``store`` with their secrets in ``backend`` (trusted: a test's own)."""
    from app.auth.credentials import CredentialStore
    from app.services.accounts import AccountService

    credentials = CredentialStore(backend=backend, trusted_backend=True)
    return AccountService(store, credentials, sign_in_timeout=30.0)


def bluesky_ref(base_url: str, session: BlueskySession) -> AccountRef:
    """The account of a Bluesky ``session`` on the server at ``base_url``, serving public."""
    return AccountRef(
        key=f"bluesky:{base_url}:{session.did}",
        network="bluesky",
        base_url=base_url,
        user_id=session.did,
        username=session.handle,
        handle=f"@{session.handle}",
        serves=frozenset({Audience.PUBLIC}),
    )


async def first_streamed(
    adapter: NetworkAdapter,
    act: Callable[[], Any],
    match: Callable[[Post], bool],
    timeout: float = 20.0,
) -> Post:
    """Open the stream, run ``act`` (in a thread) once it is live, return the first post that
    matches; each wait is bounded by ``timeout``."""
    opened = asyncio.Event()
    stream = adapter.stream(on_open=opened.set)

    async def read() -> Post:
        async for post in stream:
            if match(post):
                return post
        raise AssertionError("stream ended")

    reader = asyncio.ensure_future(read())
    try:
        await asyncio.wait_for(opened.wait(), timeout)
        await asyncio.to_thread(act)
        return await asyncio.wait_for(reader, timeout)
    finally:
        reader.cancel()
        await asyncio.gather(reader, return_exceptions=True)
        await stream.aclose()  # type: ignore[attr-defined]


class LiveFeed:
    """A public TimelineFeed over one adapter, started the way the main window starts it
    (first page, then live), recording what it hands out, every state, and the attempt
    number of every reconnect delay it asks for (``backoff_delay`` is wrapped, not
    replaced). ``timeout`` bounds each :meth:`until`."""

    def __init__(
        self, adapter: NetworkAdapter, monkeypatch: pytest.MonkeyPatch, timeout: float
    ) -> None:
        self.feed = timeline.TimelineFeed(Audience.PUBLIC, [adapter], reconnect_cap=0.2)
        self.timeout = timeout
        self.got: list[Post] = []
        self.states: list[timeline.LiveState] = []
        self.backoffs: list[int] = []
        self._changed = asyncio.Event()
        self.task: asyncio.Future[None] | None = None
        real = timeline.backoff_delay

        def recorded(attempt: int, **kw: Any) -> float:
            self.backoffs.append(attempt)
            return real(attempt, **kw)

        monkeypatch.setattr(timeline, "backoff_delay", recorded)

    def _on_posts(self, posts: list[Post]) -> None:
        self.got.extend(posts)
        self._changed.set()

    def _on_state(self, state: timeline.LiveState) -> None:
        self.states.append(state)
        self._changed.set()

    def start(self) -> None:
        self.task = asyncio.ensure_future(self.feed.run_live(self._on_posts, self._on_state))

    async def go_live(self) -> None:
        """First page, then live, as the main window does; back once the feed is live."""
        await self.feed.initial()
        self.start()
        await self.until(lambda: timeline.LiveState.LIVE in self.states)

    async def until(self, check: Callable[[], bool]) -> None:
        async def wait() -> None:
            while not check():
                self._changed.clear()
                # Woken by the feed, or after a moment for checks on the server's side.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), 0.02)

        await asyncio.wait_for(wait(), self.timeout)

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)


# -- the embedded sandbox, over its servers' own APIs -----------------------------------


async def mastodon_get(sandbox: Any, path: str) -> Any:
    """GET ``path`` (up to 40 items) on the public server as the demo user."""
    async with httpx.AsyncClient(timeout=10.0) as http:
        reply = await http.get(
            f"{sandbox.public_url}{path}",
            params={"limit": 40},
            headers={"Authorization": f"Bearer {sandbox.token('public')}"},
        )
    reply.raise_for_status()
    return reply.json()


async def misskey_home(sandbox: Any, username: str) -> list[dict[str, Any]]:
    """The home timeline of ``username`` on the friends server (up to 40 notes)."""
    async with httpx.AsyncClient(timeout=10.0) as http:
        reply = await http.post(
            f"{sandbox.friends_url}/api/notes/timeline",
            json={"i": sandbox.token("friends", username), "limit": 40},
        )
    reply.raise_for_status()
    return list(reply.json())


async def post_by_friend(sandbox: Any, side: str, text: str) -> None:
    """Another user (:data:`FRIEND`) posts on the server itself, over its own API: in
    public on the public side, to followers on the friends side."""
    async with httpx.AsyncClient(timeout=10.0) as http:
        if side == "public":
            reply = await http.post(
                f"{sandbox.public_url}/api/v1/statuses",
                data={"status": text, "visibility": "public"},
                headers={"Authorization": f"Bearer {sandbox.token('public', FRIEND)}"},
            )
        else:
            reply = await http.post(
                f"{sandbox.friends_url}/api/notes/create",
                json={
                    "i": sandbox.token("friends", FRIEND),
                    "text": text,
                    "visibility": "followers",
                },
            )
    reply.raise_for_status()


# -- widget tests (Qt is imported only by the tests that call these) ---------------------

# A Tokyo date on which the composer offers both Christmas and お年賀: a window test that
# chooses one of them opens its window on this day, so it passes whatever day it runs.
IN_SEASON = date(2026, 12, 20)


def main_window(
    qtbot: Any,
    store: Store,
    accounts: AccountService,
    sandbox: Any,
    width: int = 1200,
    *,
    today: date | None = None,
) -> MainWindow:
    """The main window, shown, over ``accounts``; its sign-ins' "browser" is an HTTP client.
    ``today``: the Tokyo date the window goes by (None: the real one)."""
    from app.auth.sandbox import sandbox_browser
    from app.ui.main_window import MainWindow

    window = MainWindow(
        store=store,
        lang="en",
        accounts=accounts,
        sandbox_dir=sandbox.data_dir,
        open_url=sandbox_browser(sandbox.approval),
        today=None if today is None else (lambda: today),
    )
    qtbot.addWidget(window)
    window.resize(width, 800)
    window.show()
    return window


async def sign_in_through(
    qtbot: Any, dialog: AccountsDialog, network: str, serves: set[Audience], **fields: Any
) -> AccountRef:
    """Add an account as a user does in the accounts dialog: choose the network, fill in
    ``fields`` (server; handle and password; client_id and port), tick what it serves and
    press Sign in. Fails with the dialog's own words when no account comes of it."""
    from PySide6.QtCore import Qt

    dialog.network_combo.setCurrentIndex(dialog.network_combo.findData(network))
    if "server" in fields:
        dialog.server_edit.setText(fields["server"])
    if "handle" in fields:
        dialog.handle_edit.setText(fields["handle"])
        dialog.password_edit.setText(fields["password"])
    if "client_id" in fields:
        dialog.client_id_edit.setText(fields["client_id"])
        dialog.port_spin.setValue(fields["port"])
    dialog.add_public.setChecked(Audience.PUBLIC in serves)
    dialog.add_friends.setChecked(Audience.FRIENDS in serves)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.pending is not None
    account = await dialog.pending
    assert account is not None, dialog.status_text()
    return account


def _no_image(url: str | None) -> None:
    return None


def sandbox_window(
    qtbot: Any,
    profile_dir: Path,
    *,
    lang: str = "en",
    width: int = 1200,
    avatars: bool = True,
    today: date | None = None,
) -> MainWindow:
    """The main window over ``profile_dir``'s database, shown (its session comes from
    :func:`run_on_sandbox`). ``avatars=False``: rows show initials (an avatar load
    scheduled from a paint was seen never to start, hanging ``ImageCache.aclose`` at
    detach, in tests not about avatars). ``today``: the Tokyo date the window goes by
    (None: the real one)."""
    from app.store.db import Store
    from app.ui.main_window import MainWindow

    window = MainWindow(
        store=Store(profile_dir / "kizuna.db"),
        lang=lang,
        today=None if today is None else (lambda: today),
    )
    qtbot.addWidget(window)
    if not avatars:
        window.images.pixmap = _no_image  # type: ignore[method-assign]
    window.resize(width, 800)
    window.show()
    return window


def run_on_sandbox(
    qloop: Any,
    window: MainWindow,
    sandbox: Any,
    body: Callable[[MainWindow], Awaitable[T]],
    timeout: float = 90.0,
) -> T:
    """Open a session on ``sandbox``, attach it to ``window``, run ``body(window)`` on the
    window's loop (bounded by ``timeout``) and return its result; afterwards, whatever
    happened, the post dialogs closed, the session detached and closed."""

    async def scenario() -> T:
        from app.services.session import open_sandbox_session

        session = await open_sandbox_session(sandbox.data_dir, store=window.store)
        try:
            window.attach_session(session)
            return await body(window)
        finally:
            for dialog in list(window.post_actions.dialogs):
                dialog.close()
            # Detaching while the first pages are still on their way has been seen (rarely)
            # to leave a cancelled request never woken under qasync + anyio: let them land.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(30):
                    await window.sessions.wait_loaded()
            await window.detach_session()
            await session.aclose()

    result: T = qloop.run_until_complete(asyncio.wait_for(scenario(), timeout))
    return result


# -- the window that app.bootstrap.run makes, watched from Qt's loop ---------------------


def poll_then(
    find: Callable[[], T | None], act: Callable[[T], None], give_up: Callable[[], None]
) -> None:
    """Every 20 ms, from Qt's own loop (timers, never a coroutine): once ``find()`` returns
    something, ``act`` on it; after 3000 looks ``give_up()`` instead, so that what never
    came fails the test rather than hanging it. Call it before starting the loop."""
    from PySide6.QtCore import QTimer

    polls = [0]

    def look() -> None:
        found = find()
        if found is not None:
            act(found)
            return
        polls[0] += 1
        if polls[0] < 3000:  # a bound on the poll, not a time the test asserts
            QTimer.singleShot(20, look)
        else:
            give_up()

    QTimer.singleShot(20, look)


def windows_before(qapp: Any) -> set[int]:
    """The top-level widgets there are now (a test before may have left its own, closed)."""
    return {id(w) for w in qapp.topLevelWidgets()}


def new_window(qapp: Any, before: set[int]) -> MainWindow | None:
    """The visible main window made since ``before``, if there is one."""
    from app.ui.main_window import MainWindow

    for widget in qapp.topLevelWidgets():
        if isinstance(widget, MainWindow) and id(widget) not in before and widget.isVisible():
            return widget
    return None


def quit_new_windows(qapp: Any, before: set[int]) -> None:
    """Quit every main window made since ``before`` (as the tray's Quit does: a scheduled
    post would otherwise keep it in the tray), so that the run returns."""
    from app.ui.main_window import MainWindow

    for widget in qapp.topLevelWidgets():
        if isinstance(widget, MainWindow) and id(widget) not in before:
            widget.background.quitting = True
            widget.close()


def when_window(
    qapp: Any, ready: Callable[[MainWindow], object], act: Callable[[MainWindow], None]
) -> None:
    """Before ``app.bootstrap.run``: once the main window the run makes is visible and
    ``ready(window)``, ``act(window)`` (which ends the run); never ready: the run's
    windows quit and the test fails on what ``act`` did not record."""
    before = windows_before(qapp)

    def find() -> MainWindow | None:
        window = new_window(qapp, before)
        return window if window is not None and ready(window) else None

    poll_then(find, act, lambda: quit_new_windows(qapp, before))
