"""Notifications of every account of a session: watched live where the network streams
them, polled where it does not, kept in the profile (no Qt).

:class:`NotificationsService` watches each account on its own task:

- a network that streams notifications (``Capabilities.notification_stream``: Mastodon's
  ``user:notification``, Misskey's ``main`` channel) is streamed; once the stream is open,
  what came while it was not (since the newest stored notification) is fetched once, so a
  dropped connection loses nothing;
- any other (``Capabilities.notifications`` only: X's mentions, Bluesky with an AppView, a
  Mastodon server without streaming) is polled every ``poll_interval`` seconds;
- an error backs off (a server's ``Retry-After`` wins when longer) and is reported as a
  reason code (:class:`WatchState`); a stream that drops is opened again.

Every notification is stored (:mod:`app.store.notifications`) with its circle — friends
when it is about a friends-only post or the account serves only the friends circle,
public otherwise — deduplicated by the network's id and bounded per account; the listener
hears only the new ones. The first fetch of each account after start is ``live=False``
(the backlog: counted, not announced by a desktop notice); everything later is live.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core.backoff import backoff_delay
from app.core.errors import ErrorKind, NetworkError
from app.core.gifts import Gift
from app.core.gifts_received import ReceivedGift, gift_for_me
from app.core.models import AccountRef, Audience, Notification
from app.services.catalogues import shipped
from app.store.notifications import KEEP_PER_ACCOUNT, NotificationStore, StoredNotification
from app.store.settings import DESKTOP_NOTICES

if TYPE_CHECKING:  # the network stack loads with the session, not with the window
    import asyncio

    from app.networks.base import NetworkAdapter

__all__ = [
    "DESKTOP_NOTICES",
    "NotificationsService",
    "StoredNotification",
    "WatchState",
    "Watching",
    "circle_of",
]

log = logging.getLogger(__name__)

POLL_INTERVAL = 60.0  # seconds between polls of a network that streams no notifications
RECONNECT_CAP = 60.0  # the longest backoff after an error


class Watching(enum.Enum):
    CONNECTING = "connecting"
    LIVE = "live"  # the stream is open (and what came before it was fetched)
    POLLING = "polling"  # the last poll worked
    RETRYING = "retrying"  # an error: trying again after a backoff
    OFF = "off"  # the network offers no notifications


@dataclass(frozen=True, slots=True)
class WatchState:
    """How one account's notifications are watched now; ``error`` is why not (a code)."""

    account_key: str
    watching: Watching
    error: ErrorKind | None = None
    retry_after: float | None = None


OnNew = Callable[[list[StoredNotification], bool], None]  # (new rows, live)
OnState = Callable[[WatchState], None]


def circle_of(notification: Notification, account: AccountRef) -> Audience:
    """The circle a notification belongs to: friends when its post is friends-only or the
    account serves only the friends circle; public otherwise."""
    post = notification.post
    if post is not None and post.audience is Audience.FRIENDS:
        return Audience.FRIENDS
    if account.serves == frozenset({Audience.FRIENDS}):
        return Audience.FRIENDS
    return Audience.PUBLIC


def _malformed(notification: Notification, account: AccountRef) -> str:
    """Why a notification cannot be kept ("" when it can)."""
    if not notification.id:
        return "no id"
    if notification.account_key != account.key:
        return "for another account"
    if notification.created_at.tzinfo is None:
        return "a naive time"
    return ""


class NotificationsService:
    """See the module docstring. ``adapters`` is the session's own list (a late sign-in
    swaps an adapter in place there, and the watch picks the new one up)."""

    def __init__(
        self,
        adapters: Sequence[NetworkAdapter],
        store: NotificationStore,
        *,
        poll_interval: float = POLL_INTERVAL,
        reconnect_cap: float = RECONNECT_CAP,
        gifts: Callable[[], Sequence[Gift]] | None = None,
    ) -> None:
        """``gifts``: the gift catalogue a received card is recognised by (default: the
        shipped one)."""
        self.adapters = adapters
        self.store = store
        self._gifts = gifts
        self.poll_interval = poll_interval
        self.reconnect_cap = reconnect_cap

    # -- reading ------------------------------------------------------------------------
    def account_keys(self) -> list[str]:
        return list(dict.fromkeys(a.account.key for a in self.adapters))

    def recent(self, limit: int = KEEP_PER_ACCOUNT) -> list[StoredNotification]:
        """The stored notifications of this session's accounts, newest first."""
        return self.store.recent(self.account_keys(), limit=limit)

    def unseen_count(self) -> int:
        return self.store.unseen_count(self.account_keys())

    def mark_seen(self) -> int:
        """Everything shown is seen now; returns how many were not."""
        return self.store.mark_seen(self.account_keys())

    def gift_in(self, row: StoredNotification) -> ReceivedGift | None:
        """The Kizuna gift card addressed to the account in ``row``'s post, if it is one."""
        post = row.notification.post
        adapter = self._adapter(row.notification.account_key)
        if post is None or adapter is None or not post.media:
            return None
        gifts = self._gifts() if self._gifts is not None else shipped().gifts
        account = adapter.account
        return gift_for_me(post, account.user_id, account.username, gifts)

    # -- watching -----------------------------------------------------------------------
    async def run(self, on_new: OnNew, on_state: OnState) -> None:
        """Watch every account until cancelled."""
        import asyncio

        await asyncio.gather(*(self._watch(key, on_new, on_state) for key in self.account_keys()))

    def _adapter(self, key: str) -> NetworkAdapter | None:
        return next((a for a in self.adapters if a.account.key == key), None)

    def _keep(self, adapter: NetworkAdapter, found: list[Notification]) -> list[StoredNotification]:
        """Store what is new of ``found``; returns it, oldest first."""
        account = adapter.account
        rows = []
        for n in found:
            why = _malformed(n, account)
            if why:
                log.warning(
                    "skipping a malformed notification %r of %s: %s", n.id, account.key, why
                )
                continue
            rows.append(StoredNotification(n, circle_of(n, account)))
        rows.sort(key=lambda r: r.notification.created_at)
        return self.store.add(rows)

    async def _catch_up(
        self, adapter: NetworkAdapter, on_new: OnNew, live: bool, since: str | None
    ) -> None:
        """Fetch what came after the notification ``since`` (None: the newest page)."""
        added = self._keep(adapter, await adapter.notifications(since))
        if added:
            on_new(added, live)

    async def _watch(self, key: str, on_new: OnNew, on_state: OnState) -> None:
        watch = _Watch(self, key, on_new, on_state)
        await watch.run()


class _Watch:
    """One account's watch: stream or poll, back off and reconnect."""

    def __init__(
        self, service: NotificationsService, key: str, on_new: OnNew, on_state: OnState
    ) -> None:
        self.service = service
        self.key = key
        self.on_new = on_new
        self.on_state = on_state
        self.attempt = 0
        self.caught_up = False  # the first fetch (the backlog) is done
        self.stream_works = True

    def report(self, watching: Watching, error: NetworkError | None = None) -> None:
        kind = error.kind if error is not None else None
        retry_after = error.retry_after if error is not None else None
        self.on_state(WatchState(self.key, watching, kind, retry_after))

    async def run(self) -> None:
        self.report(Watching.CONNECTING)
        while True:
            adapter = self.service._adapter(self.key)
            if adapter is None or not adapter.capabilities.notifications:
                self.report(Watching.OFF)
                return
            try:
                if adapter.capabilities.notification_stream and self.stream_works:
                    await self.stream(adapter)
                    error = NetworkError(ErrorKind.OFFLINE, "stream ended")
                else:
                    await self.poll(adapter)
                    continue
            except NetworkError as exc:
                if exc.kind is ErrorKind.UNSUPPORTED:
                    if not self.stream_works or not adapter.capabilities.notification_stream:
                        log.info("no notifications for %s: %s", self.key, exc)
                        self.report(Watching.OFF)
                        return
                    log.info("no notification stream for %s; polling", self.key)
                    self.stream_works = False
                    continue
                error = exc
            await self.back_off(error)

    async def back_off(self, error: NetworkError) -> None:
        import asyncio

        self.report(Watching.RETRYING, error)
        delay = backoff_delay(
            self.attempt, cap=self.service.reconnect_cap, retry_after=error.retry_after
        )
        log.info("notifications of %s: %s; again in %.1fs", self.key, error, delay)
        self.attempt += 1
        await asyncio.sleep(delay)

    async def fetch(self, adapter: NetworkAdapter, since: str | None) -> None:
        await self.service._catch_up(adapter, self.on_new, self.caught_up, since)
        self.caught_up = True

    async def poll(self, adapter: NetworkAdapter) -> None:
        import asyncio

        await self.fetch(adapter, self.service.store.newest_id(self.key))
        self.attempt = 0
        self.report(Watching.POLLING)
        await asyncio.sleep(self.service.poll_interval)

    async def stream(self, adapter: NetworkAdapter) -> None:
        """Until the stream ends; once it is open, what came meanwhile is fetched."""
        import asyncio

        fetches: list[asyncio.Task[None]] = []

        def opened() -> None:
            self.attempt = 0
            # Read now: a notification streamed before the fetch runs must not move it on.
            since = self.service.store.newest_id(self.key)
            fetches.append(asyncio.ensure_future(self.fetch_quietly(adapter, since)))

        stream = adapter.notification_stream(on_open=opened)
        try:
            async for found in stream:
                added = self.service._keep(adapter, [found])
                if added:
                    self.on_new(added, True)
        finally:
            close = getattr(stream, "aclose", None)
            if close is not None:
                await close()
            for task in fetches:
                task.cancel()
            await asyncio.gather(*fetches, return_exceptions=True)

    async def fetch_quietly(self, adapter: NetworkAdapter, since: str | None) -> None:
        """The catch-up beside an open stream (an error waits for the next reconnect);
        live from then on."""
        try:
            await self.fetch(adapter, since)
        except NetworkError as exc:
            log.info("catching up notifications of %s: %s", self.key, exc)
        self.report(Watching.LIVE)
