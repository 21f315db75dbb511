"""The signed-in accounts of one run of the app, with their adapters.

A session is either the user's own accounts (opened by
:meth:`app.services.accounts.AccountService.open_session` from the settings and the
keychain) or the embedded sandbox: start it (or join one already running in the
profile), sign the demo user in to both networks through the real flows, and build one
adapter per account. :func:`open_chosen_session` picks between them: the sandbox when the
user asked for it or has no accounts yet, the accounts otherwise.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import httpx

from app.core.models import AccountRef, Audience
from app.networks.base import NetworkAdapter

if TYPE_CHECKING:  # accounts imports this module: only for the annotation
    from app.services.accounts import AccountService

log = logging.getLogger(__name__)

# Settings key: the user chose the practice sandbox over their accounts (window and CLI).
SANDBOX_PREF = "prefs.sandbox"

MAX_IMAGE_BYTES = 8 * 1024 * 1024


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    return parts.scheme, parts.hostname or "", parts.port


@dataclass
class Session:
    adapters: list[NetworkAdapter]
    sandbox_thread: object | None = None  # app.sandbox.runner.SandboxThread when we own it
    sandbox_info: object | None = None
    _http: httpx.AsyncClient | None = field(default=None, repr=False)

    @property
    def is_sandbox(self) -> bool:
        return self.sandbox_info is not None

    def accounts(self, audience: Audience | None = None) -> list[AccountRef]:
        return [
            a.account for a in self.adapters if audience is None or audience in a.account.serves
        ]

    def _trusted_origins(self) -> set[tuple[str, str, int | None]]:
        return {_origin(a.account.base_url) for a in self.adapters}

    async def fetch_image(self, url: str) -> bytes:
        """Avatars and media, only from the servers the user signed in to.

        Anything else is a remote resource the user has not chosen to load.
        """
        if _origin(url) not in self._trusted_origins():
            raise PermissionError("remote resource not allowed")
        if self._http is None:
            self._http = httpx.AsyncClient(timeout=15.0, follow_redirects=False)
        async with self._http.stream("GET", url) as reply:
            reply.raise_for_status()
            chunks: list[bytes] = []
            size = 0
            async for chunk in reply.aiter_bytes():
                size += len(chunk)
                if size > MAX_IMAGE_BYTES:
                    raise ValueError("image too large")
                chunks.append(chunk)
        return b"".join(chunks)

    async def aclose(self) -> None:
        for adapter in self.adapters:
            try:
                await adapter.aclose()
            except Exception:  # closing must go on for the others
                log.exception("closing %s", adapter.account.key)
        if self._http is not None:
            await self._http.aclose()
        if self.sandbox_thread is not None:
            await asyncio.to_thread(self.sandbox_thread.stop)  # type: ignore[attr-defined]


def make_adapter(account: AccountRef, token: str, streaming_url: str | None) -> NetworkAdapter:
    if account.network == "mastodon":
        from app.networks.mastodon import MastodonAdapter

        return MastodonAdapter(account, token, streaming_url=streaming_url)
    if account.network == "misskey":
        from app.networks.misskey import MisskeyAdapter

        return MisskeyAdapter(account, token)
    raise ValueError(f"unknown network {account.network!r}")


async def open_sandbox_session(sandbox_data: Path, *, activity: float | None = 20.0) -> Session:
    """Join the sandbox running in ``sandbox_data`` or start one, and sign in to both sides."""
    from app.auth.sandbox import sign_in_sandbox
    from app.sandbox.runner import SandboxThread, find_running

    info = await asyncio.to_thread(find_running, sandbox_data)
    thread = None
    if info is None:
        thread = SandboxThread(sandbox_data, activity=activity)
        info = await asyncio.to_thread(thread.start)
        log.info("started the sandbox in %s", sandbox_data)
    else:
        log.info("joined the sandbox already running in %s", sandbox_data)
    try:
        signed_in = await sign_in_sandbox(info.accounts)
    except BaseException:
        if thread is not None:
            await asyncio.to_thread(thread.stop)
        raise
    streaming = {"mastodon": info.public_streaming_url, "misskey": info.friends_streaming_url}
    adapters = [make_adapter(acc, token, streaming.get(acc.network)) for acc, token in signed_in]
    return Session(adapters=adapters, sandbox_thread=thread, sandbox_info=info)


async def open_chosen_session(
    accounts: AccountService,
    sandbox_data: Path,
    *,
    sandbox: bool = False,
    activity: float | None = 20.0,
) -> Session:
    """The user's accounts, or the sandbox when ``sandbox`` is asked for or no account is
    saved yet (a first start shows something to try instead of two empty columns).

    Saved accounts whose secret the keychain cannot give back still make an accounts
    session: they are listed as signed out there, never silently replaced by the sandbox.
    """
    if sandbox or not accounts.accounts():
        return await open_sandbox_session(sandbox_data, activity=activity)
    return await accounts.open_session()
