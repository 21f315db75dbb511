"""Composition shared by the window's bootstrap and the CLI (no Qt): logging into the
profile and the session opener.

The practice sandbox is started here, never by services: :class:`SessionOpener` joins the
sandbox already running in the profile or starts one for as long as the session lives,
and hands the services what its accounts file says
(:class:`~app.services.session.SandboxAccounts`). Everything else — which session, the
adapters, the outbox, feeds and friends — is :func:`app.services.session.open_chosen_session`.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when used: the window's start logs before loading them
    from app.services.accounts import AccountService
    from app.services.session import OnClose, SandboxAccounts, Session
    from app.store.db import Store

log = logging.getLogger(__name__)


LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 3  # kizuna.log.1 … kizuna.log.3


class RotatingLog(logging.FileHandler):
    """A UTF-8 log file kept under ``max_bytes``: when a record would reach it, the file
    becomes ``NAME.1`` (``.1`` becomes ``.2`` and so on; what is past ``backups`` is
    dropped) and a new one starts. What :class:`logging.handlers.RotatingFileHandler`
    does, without importing :mod:`logging.handlers` (pickle, socket, queue: some
    milliseconds of the window's start before its first paint, issue #11)."""

    def __init__(self, path: Path, *, max_bytes: int, backups: int) -> None:
        super().__init__(path, encoding="utf-8")
        self.max_bytes = max_bytes
        self.backups = backups

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._full(record):
                self._roll()
        except Exception:
            self.handleError(record)
            return
        super().emit(record)

    def _full(self, record: logging.LogRecord) -> bool:
        if self.stream is None:
            self.stream = self._open()
        if not os.path.isfile(self.baseFilename):
            return False  # not a file to rotate (a device such as /dev/null)
        size = len((self.format(record) + self.terminator).encode("utf-8"))
        return bool(self.stream.seek(0, os.SEEK_END) + size >= self.max_bytes)

    def _roll(self) -> None:
        if self.stream is not None:
            self.stream.close()
        base = Path(self.baseFilename)
        for n in range(self.backups - 1, 0, -1):
            older = base.with_name(f"{base.name}.{n}")
            if older.exists():
                os.replace(older, base.with_name(f"{base.name}.{n + 1}"))
        if self.backups > 0:
            os.replace(base, base.with_name(f"{base.name}.1"))
        else:
            base.unlink()
        self.stream = self._open()


def setup_logging(log_dir: Path) -> None:
    log_dir.mkdir(parents=True, exist_ok=True)
    handler = RotatingLog(log_dir / "kizuna.log", max_bytes=LOG_MAX_BYTES, backups=LOG_BACKUPS)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    # httpx logs every request URL at INFO; streaming URLs may carry a token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


async def start_or_join_sandbox(
    sandbox_dir: Path, *, activity: float | None
) -> tuple[SandboxAccounts, OnClose | None]:
    """The sandbox running in ``sandbox_dir``, else one started now (``activity``: seconds
    between its background posts; None: none). The second value stops a sandbox started
    here (None when it was joined: it belongs to someone else)."""
    import asyncio  # here: the window's start imports this module (logging) before its paint

    from app.sandbox.probe import running_accounts
    from app.services.session import SandboxAccounts

    # Joining asks the light probe: the servers (aiohttp) are imported only to start one.
    accounts = await asyncio.to_thread(running_accounts, sandbox_dir)
    if accounts is not None:
        log.info("joined the sandbox already running in %s", sandbox_dir)
        return SandboxAccounts(accounts), None
    from app.sandbox.runner import SandboxThread

    thread = SandboxThread(sandbox_dir, activity=activity)
    info = await asyncio.to_thread(thread.start)
    log.info("started the sandbox in %s", sandbox_dir)

    async def stop() -> None:
        await asyncio.to_thread(thread.stop)

    return SandboxAccounts(info.accounts), stop


class SessionOpener:
    """Opens the session the user chose, for the window and the CLI alike. ``accounts``:
    the user's (default: over ``store`` and the OS keychain)."""

    def __init__(
        self,
        store: Store,
        sandbox_dir: Path,
        *,
        accounts: AccountService | None = None,
        activity: float | None = None,
    ) -> None:
        from app.services.accounts import keychain_accounts

        self.store = store
        self.accounts = accounts or keychain_accounts(store)
        self.sandbox_dir = sandbox_dir
        self.activity = activity

    async def _sandbox(self) -> tuple[SandboxAccounts, OnClose | None]:
        return await start_or_join_sandbox(self.sandbox_dir, activity=self.activity)

    async def __call__(self, sandbox: bool, *, sign_in: bool = True) -> Session:
        """The saved accounts, or the sandbox (asked for, or no account saved yet).
        ``sign_in=False``: the sandbox's accounts are known but not signed in yet."""
        from app.services.session import open_chosen_session

        return await open_chosen_session(
            self.store, self.accounts, self._sandbox, sandbox=sandbox, sign_in=sign_in
        )
