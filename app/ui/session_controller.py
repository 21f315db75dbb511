"""Which session the window shows, and switching it without a restart.

:class:`SessionController` opens the chosen session (through the opener the composition
root gave: the user's accounts, or the sandbox), attaches it — a
:class:`~app.ui.column_controller.ColumnController` per column over the session's feeds,
the outbox's background runner — and detaches and closes it again. Changes of the
accounts or of the sandbox choice that come while a switch runs are gathered into one more
switch afterwards. The outbox lives in the profile's database, so nothing queued is lost
across a switch; a target whose account is gone waits with its reason until it is back.
Opening is bounded (:data:`OPEN_BOUND_S`): an opener that does not answer (a sandbox that
never comes up, a keychain that never replies) ends as :class:`OpenTimedOut`, said in
words with Try again, never a window that only says it is connecting (issue #13).

The window is told through callbacks (what to show), never reached into.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal

from app.core.models import AccountRef, Audience
from app.services.outbox_rows import OutboxTarget
from app.ui.column_area import ColumnArea
from app.ui.column_controller import ColumnController
from app.ui.images import ImageCache

if TYPE_CHECKING:  # the session's code (the network stack) loads when a session opens
    import asyncio

    from app.services.session import Session

log = logging.getLogger(__name__)

# Opens the session: the sandbox (True) or the saved accounts when there are any.
OpenSession = Callable[[bool], Awaitable["Session"]]

OPEN_BOUND_S = 60.0  # opening a session gives up (words, Try again) after this


class OpenTimedOut(TimeoutError):
    """The opener did not answer within its bound (``seconds``)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"the session did not open within {seconds:g} s")
        self.seconds = seconds


def timed_out_words(error: BaseException | None) -> str:
    """The sentence added to the open-failed words when opening timed out, else ""."""
    if not isinstance(error, OpenTimedOut):
        return ""
    seconds = round(error.seconds)  # a plain name: lupdate skips a count that is a call
    #: Added after why opening the accounts failed; %n is the seconds Kizuna waited.
    return QCoreApplication.translate(
        "MainWindow", "No answer came within %n second(s).", None, seconds
    )


class SessionController(QObject):
    attached = Signal()  # a session is shown (columns started, runner running)

    def __init__(
        self,
        *,
        opener: OpenSession,
        columns: ColumnArea,
        images: ImageCache,
        use_sandbox: bool,
        on_attach: Callable[[Session], None],
        on_outbox_update: Callable[[OutboxTarget], None],
        on_first_page: Callable[[], None],
        before_detach: Callable[[], Awaitable[None]],
        on_switching: Callable[[], None],
        on_open_failed: Callable[[BaseException], None],
        open_bound_s: float = OPEN_BOUND_S,
        parent: QObject | None = None,
    ) -> None:
        """``on_attach``: show the session (before its outbox runs, so a missed schedule
        is asked about first). ``on_first_page``: a column's first page is in (and with
        it its server's limits). ``before_detach``: let a send in flight finish.
        ``on_open_failed``: opening a session failed (a switch, or Try again).
        ``open_bound_s``: how long an open may take before it is given up."""
        super().__init__(parent)
        self._opener = opener
        self._columns = columns
        self._images = images
        self.use_sandbox = use_sandbox
        self._on_attach = on_attach
        self._on_outbox_update = on_outbox_update
        self._on_first_page = on_first_page
        self._before_detach = before_detach
        self._on_switching = on_switching
        self._on_open_failed = on_open_failed
        self.open_bound_s = open_bound_s
        self.session: Session | None = None
        self._owned: Session | None = None  # a session this controller opened (and closes)
        self._switch_wanted = False
        self._switching: asyncio.Task[None] | None = None
        self._controllers: list[ColumnController] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._outbox_wake: asyncio.Event | None = None

    @property
    def outbox_wake(self) -> asyncio.Event:
        """Set to make the outbox loop look again now (made on first use: asyncio is
        imported after the window's first paint)."""
        if self._outbox_wake is None:
            import asyncio

            self._outbox_wake = asyncio.Event()
        return self._outbox_wake

    def wake_outbox(self) -> None:
        self.outbox_wake.set()

    @property
    def busy(self) -> bool:
        """A session is shown, owned or being switched to."""
        return self.session is not None or self._owned is not None or self._switching is not None

    # -- attach and detach ------------------------------------------------------------------
    def attach(self, session: Session) -> None:
        """Show ``session``: columns cleared and refilled from its feeds, its outbox runner
        started. The caller keeps ownership (see :meth:`open` for the controller's own)."""
        import asyncio

        self.session = session
        session.on_signed_in(lambda account: self._signed_in(session, account))
        self._on_attach(session)
        task = asyncio.ensure_future(self._run_outbox(session))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        for audience in (Audience.PUBLIC, Audience.FRIENDS):
            handles = " ".join(a.handle for a in session.accounts(audience))
            column = self._columns.show_accounts(audience, handles)
            if handles:
                controller = ColumnController(column, session.feeds[audience], self._on_first_page)
                self._controllers.append(controller)
                controller.start()
        self.attached.emit()

    def _signed_in(self, session: Session, account: AccountRef) -> None:
        """An account of ``session`` signed in late: what waited for it in the outbox is
        due now, and its columns load the first page they missed."""
        if session is not self.session:
            return  # a session shown before (its listener stays with it)
        self.outbox_wake.set()
        for controller in self._controllers:
            controller.signed_in(account.key)

    async def _run_outbox(self, session: Session) -> None:
        await session.outbox.run_forever(self._on_outbox_update, self.outbox_wake)

    async def detach(self) -> None:
        """Stop showing the session: feeds, the outbox runner and image loads end; a send
        in flight finishes first. The session itself stays open."""
        import asyncio

        for controller in self._controllers:
            await controller.stop()
        self._controllers.clear()
        await self._before_detach()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self.session is not None:
            # Targets the cancelled runner left "sending" go back to the queue at once
            # (marked as possibly sent) instead of waiting for their lease to run out.
            self.session.release_own_sending()
        await self._images.aclose()

    async def wait_loaded(self) -> None:
        """Until every column has its first page (or gave up with an error)."""
        import asyncio

        await asyncio.gather(*(c.loaded.wait() for c in self._controllers))

    # -- open, close, switch -------------------------------------------------------------------
    async def open(self) -> Session:
        """Open the chosen session and attach it; the controller owns it from then on
        (:meth:`close`). Raises what opening raised, :class:`OpenTimedOut` when the
        opener did not answer within :attr:`open_bound_s` (it is cancelled)."""
        import asyncio

        try:
            async with asyncio.timeout(self.open_bound_s):
                session = await self._opener(self.use_sandbox)
        except TimeoutError as exc:
            log.error("the session did not open within %s s", self.open_bound_s)
            raise OpenTimedOut(self.open_bound_s) from exc
        self._owned = session
        self.attach(session)
        return session

    async def close(self) -> None:
        """Detach, then close the session this controller opened (none: nothing to close)."""
        import asyncio

        if self._switching is not None:
            self._switching.cancel()
            await asyncio.gather(self._switching, return_exceptions=True)
        await self.detach()
        owned, self._owned = self._owned, None
        if owned is not None:
            await owned.aclose()

    def request_switch(self) -> None:
        """Accounts or the sandbox choice changed: switch sessions soon."""
        import asyncio

        self._switch_wanted = True
        if self._switching is None or self._switching.done():
            self._switching = asyncio.ensure_future(self._switch_loop())

    async def settled(self) -> None:
        """Until no session switch is pending (tests, shutdown)."""
        import asyncio

        while self._switching is not None and not self._switching.done():
            await asyncio.gather(self._switching, return_exceptions=True)

    async def _switch_loop(self) -> None:
        while self._switch_wanted:
            self._switch_wanted = False
            await self.switch()

    async def switch(self) -> None:
        """Detach and close the current session, then open and attach the chosen one."""
        self._on_switching()
        await self.detach()
        owned, self._owned = self._owned, None
        self.session = None
        if owned is not None:
            await owned.aclose()
        try:
            await self.open()
        except Exception as exc:  # shown in words, with Try again
            log.exception("could not open a session")
            self._on_open_failed(exc)
