"""One session of the app: its accounts' adapters, the outbox, the poster, the two feeds
and the friends list — the one facade the window and the CLI both use (no Qt).

A session is built by one factory, :func:`open_chosen_session` (or :func:`open_session`
when the caller has already chosen): either the user's saved accounts (secrets from the
keychain, through :class:`~app.services.accounts.AccountService`) or the practice sandbox.
Services never start the sandbox: whoever composes the app (``app.compose``) starts or
joins it and passes in what its accounts file says (:class:`SandboxAccounts`); without
that, the sandbox described in the profile's sandbox folder is joined.

Queue first, sign in later: the sandbox's accounts are known from its accounts file
before any network call, so a session can be opened without signing in
(``sign_in=False``), a message queued in the outbox, and only then :meth:`Session.sign_in`
tried for each account on its own. An account whose sign-in fails stays a
:class:`~app.services.sign_in_later.PendingSignIn`: its targets wait in the outbox and
its column reconnects, until signing in works; the other accounts are not held up.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from app.core.models import AccountRef, Audience
from app.networks.base import NetworkAdapter
from app.networks.factory import declared_capabilities, make_adapter
from app.services.accounts import AccountService
from app.services.answers import AnswerService
from app.services.friends import FriendsService
from app.services.mixi2_accounts import keep_rooms
from app.services.notifications import NotificationsService
from app.services.outbox import OutboxService
from app.services.poster import Poster
from app.services.sign_in_later import PendingSignIn
from app.services.timeline import TimelineFeed
from app.services.timeline_cache import TimelineCache
from app.store.db import Store
from app.store.mixi2_rooms import Mixi2Rooms
from app.store.notifications import NotificationStore
from app.store.outbox import OutboxStore
from app.store.settings import SANDBOX

log = logging.getLogger(__name__)

# Settings key: the user chose the practice sandbox over their accounts (window and CLI).
SANDBOX_PREF = SANDBOX.key
# The file a running sandbox describes its networks and members in (inside its folder).
SANDBOX_ACCOUNTS_FILE = "accounts.json"
SIDES = ("public", "friends")
_SIDE_SERVES = {"public": frozenset({Audience.PUBLIC}), "friends": frozenset({Audience.FRIENDS})}

MAX_IMAGE_BYTES = 8 * 1024 * 1024

OnClose = Callable[[], Awaitable[None]]


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    return parts.scheme, parts.hostname or "", parts.port


class Session:
    """The accounts of one session and the services over them; see the module docstring.

    ``outbox_store``: the profile's outbox (None: one in memory, for throwaway tools).
    ``signed_out``: saved accounts that could not be opened, with why ("no_secret",
    "keychain", "bad_secret"). ``on_close``: run last by :meth:`aclose` (the composer
    stops a sandbox it started there)."""

    def __init__(
        self,
        adapters: Sequence[NetworkAdapter],
        *,
        outbox_store: OutboxStore | None = None,
        signed_out: Sequence[tuple[AccountRef, str]] = (),
        sandbox: bool = False,
        on_close: OnClose | None = None,
        server_schedule: bool = True,
    ) -> None:
        self.adapters: list[NetworkAdapter] = list(adapters)
        self.signed_out = list(signed_out)
        self.is_sandbox = sandbox
        self._on_close = on_close
        self._http: httpx.AsyncClient | None = None
        self._sign_in_listeners: list[Callable[[AccountRef], None]] = []
        if outbox_store is None:
            outbox_store = OutboxStore(Store(Path(":memory:")))
        # Mastodon keeps a schedule six minutes or more ahead on the server itself
        # (scheduled_at); everything else waits in the local outbox.
        self.outbox = OutboxService(outbox_store, self.adapters, server_schedule=server_schedule)
        self.poster = Poster(self.adapters, self.outbox)
        self.friends = FriendsService(self.adapters)
        # Mentions, replies, reactions, boosts, follows (watched by the window, not the CLI).
        self.notifications = NotificationsService(
            self.adapters, NotificationStore(outbox_store.store)
        )
        self.answers = AnswerService(self.adapters)  # likes, boosts, threads (same list)
        # The columns' cache in the profile (none for a database in memory).
        db_path = outbox_store.store.path
        self.timeline_cache = TimelineCache(db_path) if str(db_path) != ":memory:" else None
        self.feeds = {
            a: TimelineFeed(a, self.adapters, cache=self.timeline_cache)
            for a in (Audience.PUBLIC, Audience.FRIENDS)
        }
        for adapter in self.adapters:
            if isinstance(adapter, PendingSignIn):
                adapter.on_signed_in(self._signed_in)

    # -- accounts -----------------------------------------------------------------------
    def accounts(self, audience: Audience | None = None) -> list[AccountRef]:
        """Every account of the session (signed in or waiting to be), or those serving
        ``audience``."""
        return [
            a.account for a in self.adapters if audience is None or audience in a.account.serves
        ]

    def waiting_for_sign_in(self) -> list[AccountRef]:
        """Accounts whose sign-in has not worked yet (their posts wait in the outbox)."""
        return [a.account for a in self.adapters if isinstance(a, PendingSignIn)]

    async def sign_in(self) -> list[AccountRef]:
        """Try to sign in every account that is not yet, each on its own; returns those
        still not signed in. Never raises for a failed sign-in."""
        for adapter in list(self.adapters):
            if isinstance(adapter, PendingSignIn):
                try:
                    await adapter.adapter()
                except Exception:  # kept waiting; its cause is logged there
                    continue
        return self.waiting_for_sign_in()

    def on_signed_in(self, listener: Callable[[AccountRef], None]) -> None:
        """``listener(account)`` when a waiting account signs in (its posts are due now:
        wake the outbox runner)."""
        self._sign_in_listeners.append(listener)

    def _signed_in(self, pending: PendingSignIn, adapter: NetworkAdapter) -> None:
        """A waiting account signed in: the real adapter takes its place everywhere, and
        what waited for it is due now rather than at the end of its backoff."""

        def swap(adapters: list[NetworkAdapter]) -> None:
            for i, item in enumerate(adapters):
                if item is pending:
                    adapters[i] = adapter

        swap(self.adapters)
        swap(self.outbox.adapters)
        swap(self.friends.adapters)
        for feed in self.feeds.values():
            swap(feed.adapters)
        # The poster keeps its own index of the adapters: a fresh one over the new list.
        self.poster = Poster(self.adapters, self.outbox)
        self.outbox.store.hurry(now=time.time())
        for listener in self._sign_in_listeners:
            listener(adapter.account)

    def release_own_sending(self) -> None:
        """After this process stopped its outbox runner: targets it left "sending" go back
        to the queue at once, marked as possibly sent (the next attempt checks before
        sending again) — otherwise they would wait for their lease to run out."""
        store, now, pid = self.outbox.store, time.time(), os.getpid()
        for row in store.sending():
            owner, _lease = store.owner(row.id)
            if owner == pid:
                store.recover(row.id, owner_pid=pid, now=now)

    # -- pictures -----------------------------------------------------------------------
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
        if self.timeline_cache is not None:
            await self.timeline_cache.aclose()
        if self._on_close is not None:
            on_close, self._on_close = self._on_close, None
            await on_close()


# -- the sandbox's accounts ---------------------------------------------------------------


@dataclass(frozen=True)
class SandboxAccounts:
    """What a running sandbox's accounts file says: per side, its network, URL, label,
    streaming URL and demo user. Enough to know the demo user's accounts without a network
    call; signing in goes through the real flows (:mod:`app.auth.sandbox`)."""

    data: Mapping[str, Any]

    @classmethod
    def read(cls, sandbox_dir: Path) -> SandboxAccounts | None:
        """The accounts file in ``sandbox_dir`` (None: there is none, or it is unreadable)."""
        try:
            data = json.loads((sandbox_dir / SANDBOX_ACCOUNTS_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return cls(data) if isinstance(data, dict) else None

    def sides(self) -> list[str]:
        return [s for s in SIDES if isinstance(self.data.get(s), dict)]

    def account(self, side: str) -> AccountRef:
        """The demo user's account on ``side``, as signing in will name it."""
        info = self.data[side]
        network, base_url = str(info["network"]), str(info["url"]).rstrip("/")
        username = str(info.get("demo") or "me")
        label = str(info.get("label") or urlsplit(base_url).hostname or "")
        members = info.get("accounts") if isinstance(info.get("accounts"), list) else []
        user_id = next(
            (
                str(m.get("id"))
                for m in members
                if isinstance(m, dict) and m.get("username") == username
            ),
            username,
        )
        return AccountRef(
            key=f"{network}:{base_url}:{username}",
            network=network,
            base_url=base_url,
            user_id=user_id,
            username=username,
            handle=f"@{username}@{label}",
            serves=_SIDE_SERVES[side],
            label=label,
            sandbox=True,
        )

    async def pending(self) -> list[PendingSignIn]:
        """One not-yet-signed-in adapter per side, public first (no network call)."""
        out = []
        for side in self.sides():
            account = self.account(side)
            declared = declared_capabilities(account)
            out.append(PendingSignIn(account, self._signer(side), declared=declared))
        return out

    def _signer(self, side: str) -> Callable[[], Awaitable[NetworkAdapter]]:
        # Only this side's entry (and whatever else the file says), so a sign-in signs in
        # to this side alone.
        only = {k: v for k, v in self.data.items() if k not in SIDES or k == side}
        streaming = self.data[side].get("streaming_url")

        async def sign_in() -> NetworkAdapter:
            from app.auth.sandbox import sign_in_sandbox

            ((account, token),) = await sign_in_sandbox(only)
            return make_adapter(account, token, streaming_url=str(streaming) if streaming else None)

        return sign_in


# -- the factory ---------------------------------------------------------------------------

ProvideSandbox = Callable[[], Awaitable[tuple[SandboxAccounts, OnClose | None]]]


async def open_session(
    *,
    store: Store | None,
    accounts: AccountService | None = None,
    sandbox: SandboxAccounts | None = None,
    on_close: OnClose | None = None,
    sign_in: bool = True,
) -> Session:
    """The session over ``sandbox`` (when given) or the saved ``accounts``. ``store``:
    the profile whose outbox it uses. ``sign_in``: try each sandbox account's sign-in now
    (False: the caller queues first, then calls :meth:`Session.sign_in`)."""
    outbox_store = OutboxStore(store) if store is not None else None
    if sandbox is not None:
        session = Session(
            await sandbox.pending(), outbox_store=outbox_store, sandbox=True, on_close=on_close
        )
        if sign_in:
            await session.sign_in()
        return session
    if accounts is None:
        raise ValueError("open_session needs accounts or a sandbox")
    opened = await accounts.open_adapters_async()
    if store is not None:
        # mixi2's friends list is the chat rooms learnt from its event stream, kept here.
        keep_rooms(opened.adapters, Mixi2Rooms(store))
    return Session(
        opened.adapters,
        outbox_store=outbox_store,
        signed_out=opened.signed_out,
        on_close=on_close,
    )


def offline_session(store: Store) -> Session:
    """The profile's outbox without any account: listing, retry and discard need no
    network (and no sign-in)."""
    return Session((), outbox_store=OutboxStore(store))


def join_sandbox(sandbox_dir: Path) -> ProvideSandbox:
    """The sandbox already running in ``sandbox_dir`` (what its accounts file says); the
    session does not own it. Starting one is the composer's job (``app.compose``)."""

    async def provide() -> tuple[SandboxAccounts, OnClose | None]:
        found = SandboxAccounts.read(sandbox_dir)
        if found is None:
            raise FileNotFoundError(sandbox_dir / SANDBOX_ACCOUNTS_FILE)
        return found, None

    return provide


def wants_sandbox(accounts: AccountService, sandbox: bool) -> bool:
    """The sandbox when asked for, or when no account is saved yet (a first start shows
    something to try instead of two empty columns). Saved accounts whose secret the
    keychain cannot give back still make an accounts session (listed as signed out)."""
    return sandbox or not accounts.accounts()


async def open_chosen_session(
    store: Store | None,
    accounts: AccountService,
    provide_sandbox: ProvideSandbox,
    *,
    sandbox: bool = False,
    sign_in: bool = True,
) -> Session:
    """THE factory: the user's accounts, or the sandbox (see :func:`wants_sandbox`)."""
    if wants_sandbox(accounts, sandbox):
        found, on_close = await provide_sandbox()
        return await open_session(store=store, sandbox=found, on_close=on_close, sign_in=sign_in)
    return await open_session(store=store, accounts=accounts)


async def open_sandbox_session(
    sandbox_dir: Path, *, store: Store | None = None, activity: float | None = None
) -> Session:
    """Join the sandbox running in ``sandbox_dir`` and sign in to both sides (tests,
    tools). ``activity`` is the running sandbox's own business and ignored here."""
    del activity
    found, on_close = await join_sandbox(sandbox_dir)()
    return await open_session(store=store, sandbox=found, on_close=on_close)
