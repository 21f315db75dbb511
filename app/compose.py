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
import logging.handlers
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when used: the window's start logs before loading them
    from app.services.accounts import AccountService
    from app.services.session import OnClose, SandboxAccounts, Session
    from app.store.db import Store

log = logging.getLogger(__name__)


def setup_logging(log_dir: Path) -> None:
    log_dir.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        log_dir / "kizuna.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
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
