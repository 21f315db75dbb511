"""An account that is known but not signed in yet, standing in for its adapter.

Queue first, sign in later: the outbox must hold a message for every account of the
chosen audiences before any network call, so a server that is down (or a sign-in that
fails) never costs a message. :class:`PendingSignIn` is an adapter for such an account:
it has the account and what the account was chosen to serve, and on first use of the
network it signs in (through the ``sign_in`` it was given) and hands every call to the
real adapter (sending waits for :meth:`PendingSignIn.adapter` or a read to sign in
first). While signing in fails, every network call raises
:class:`~app.core.errors.NetworkError` (``OFFLINE``): the outbox keeps the target waiting
and retries it with its backoff, a feed reconnects later — the other accounts go on.

Until signed in it cannot know its server's limits or abilities; it answers with what
lets the message be queued (the account's own audiences, pictures and chosen friends
possible) — the real adapter refuses at sending time what its server cannot carry, and
the outbox then says so for that target alone.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Collection
from datetime import datetime

from app.core.errors import ErrorKind, NetworkError
from app.core.models import (
    AccountRef,
    Audience,
    Author,
    Capabilities,
    Friend,
    Limits,
    MediaUpload,
    Notification,
    Outgoing,
    Post,
    Published,
)
from app.networks.base import AdapterBase, NetworkAdapter

log = logging.getLogger(__name__)

SignIn = Callable[[], Awaitable[NetworkAdapter]]
# What a counter shows for an account whose server has not told its limit yet.
UNKNOWN_LIMITS = Limits(max_characters=500, unit="graphemes")
# The detail of the error while not signed in. "ConnectError" is the outbox's word for "the
# request never left": the post itself was certainly not sent, so no look-up is needed
# before the next attempt.
NOT_SIGNED_IN = "ConnectError"


class PendingSignIn(AdapterBase):
    """An adapter that signs in on first use; see the module docstring. Every operation
    of the protocol (:class:`~app.networks.base.NetworkAdapter`) is handed on to the
    signed-in adapter: reads sign in first, sending operations need it signed in."""

    def __init__(
        self, account: AccountRef, sign_in: SignIn, *, declared: Capabilities | None = None
    ) -> None:
        """``declared``: what the account's network declares before its server is asked
        (:func:`app.networks.factory.declared_capabilities`); without it, what lets a
        message be queued."""
        self.account = account
        self._declared = declared
        self.network = account.network
        self._sign_in = sign_in
        self._adapter: NetworkAdapter | None = None
        self._lock: asyncio.Lock | None = None
        self._listeners: list[Callable[[PendingSignIn, NetworkAdapter], None]] = []
        self.last_error: BaseException | None = None

    def on_signed_in(self, listener: Callable[[PendingSignIn, NetworkAdapter], None]) -> None:
        self._listeners.append(listener)

    @property
    def signed_in(self) -> NetworkAdapter | None:
        return self._adapter

    @property
    def capabilities(self) -> Capabilities:
        if self._adapter is not None:
            return self._adapter.capabilities
        if self._declared is not None:
            return self._declared
        audiences = self.account.serves
        if self.account.friends_need_recipients:
            audiences -= {Audience.FRIENDS}
        # own_lookup: a target that may already be posted waits for the real adapter's
        # look-up (find_own fails "offline" until then) instead of going to the user.
        return Capabilities(audiences=audiences, recipients=True, media=True, own_lookup=True)

    @property
    def limits(self) -> Limits:
        return self._adapter.limits if self._adapter is not None else UNKNOWN_LIMITS

    @property
    def request_timeout(self) -> float:
        """The signed-in adapter's; until then what an adapter from the factory has (its
        client is :func:`~app.networks.http.make_client`'s), which the outbox waits for
        when an earlier process's request may still be on its way."""
        if self._adapter is not None:
            return self._adapter.request_timeout
        return super().request_timeout

    async def adapter(self) -> NetworkAdapter:
        """The signed-in adapter; signs in now if not yet. Raises NetworkError (OFFLINE)
        when signing in fails (the cause is logged and kept in :attr:`last_error`)."""
        if self._adapter is not None:
            return self._adapter
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if self._adapter is not None:  # signed in while this call waited
                return self._adapter
            try:
                adapter = await self._sign_in()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self.last_error = exc
                log.info("%s: not signed in (%s)", self.account.key, type(exc).__name__)
                raise NetworkError(ErrorKind.OFFLINE, NOT_SIGNED_IN) from exc
            self._adapter, self.last_error = adapter, None
        log.info("%s: signed in", self.account.key)
        for listener in self._listeners:
            listener(self, adapter)
        return adapter

    def _signed(self) -> NetworkAdapter:
        """The signed-in adapter for a sending operation. Sending never signs in on the
        way: a target must go through the real adapter's exactly-once checks, which the
        outbox makes only once it has that adapter (:meth:`Session.sign_in` and reading
        a timeline sign in)."""
        if self._adapter is None:
            raise NetworkError(ErrorKind.OFFLINE, NOT_SIGNED_IN)
        return self._adapter

    # -- the adapter protocol, handed to the signed-in adapter ------------------------------
    async def me(self) -> Author:
        return await (await self.adapter()).me()

    async def timeline(self, *, limit: int = 20, older_than: str | None = None) -> list[Post]:
        return await (await self.adapter()).timeline(limit=limit, older_than=older_than)

    async def stream(self, on_open: Callable[[], None] | None = None) -> AsyncIterator[Post]:
        adapter = await self.adapter()
        async for post in adapter.stream(on_open):
            yield post

    async def publish(self, outgoing: Outgoing) -> Published:
        return await self._signed().publish(outgoing)

    async def upload(self, media: MediaUpload) -> str:
        return await self._signed().upload(media)

    async def friends(self) -> list[Friend]:
        return await (await self.adapter()).friends()

    async def cancel_scheduled(self, remote_id: str) -> None:
        await self._signed().cancel_scheduled(remote_id)

    async def reschedule(self, remote_id: str, at: datetime) -> datetime:
        return await self._signed().reschedule(remote_id, at)

    async def find_own(
        self,
        text: str,
        audience: Audience,
        since: datetime,
        *,
        until: datetime | None = None,
        exclude: Collection[str] = (),
    ) -> Published | None:
        adapter = self._signed()
        return await adapter.find_own(text, audience, since, until=until, exclude=exclude)

    async def reply(self, in_reply_to: Post, outgoing: Outgoing) -> Published:
        return await self._signed().reply(in_reply_to, outgoing)

    async def react(self, post: Post, reaction: str | None = None) -> None:
        await self._signed().react(post, reaction)

    async def boost(self, post: Post) -> Published:
        return await self._signed().boost(post)

    async def conversation(self, post: Post) -> list[Post]:
        return await (await self.adapter()).conversation(post)

    async def notifications(self, since: str | None = None) -> list[Notification]:
        return await (await self.adapter()).notifications(since)

    async def notification_stream(
        self, on_open: Callable[[], None] | None = None
    ) -> AsyncIterator[Notification]:
        adapter = await self.adapter()
        async for notification in adapter.notification_stream(on_open):
            yield notification

    async def aclose(self) -> None:
        if self._adapter is not None:
            await self._adapter.aclose()
