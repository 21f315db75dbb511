"""Fan-out of one draft to every target account of the chosen audiences, through the
durable outbox.

``Poster.send`` queues the draft in the outbox (:mod:`app.services.outbox`) and makes one
attempt at each target; each target reports its own outcome, one failure never marks the
others failed, and nothing is ever sent to an account with an audience it was not chosen
for. A target that could not be sent yet (offline, rate limited) stays queued and the
outbox's background loop retries it.

``Poster.send_draft`` does the same for a composed draft with pictures (a gift card: one
per audience, so the public gets an open card and friends the one addressed to them),
chosen friends and an optional time: a draft scheduled for later is only queued; the
outbox's background loop sends it when its time comes. A Mastodon target scheduled far
enough ahead goes to its server at once, which publishes it then: its result is
``TargetState.SCHEDULED``.

Give the Poster the profile's :class:`~app.services.outbox.OutboxService` so queued posts
survive a restart; without one it keeps its outbox in memory (tests, throwaway tools).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.core.models import AccountRef, Audience, Friend, MediaUpload, Published
from app.core.routing import targets_for
from app.networks.base import NetworkAdapter, NetworkError
from app.services.outbox import OutboxService, error_of
from app.store.db import Store
from app.store.outbox import OutboxStore, OutboxTarget
from app.store.outbox import TargetState as StoredState


class TargetState(enum.Enum):
    QUEUED = "queued"  # waiting to retry (offline, rate limited …): the outbox will send it
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"  # the user must act (failed or needs attention in the outbox)
    SCHEDULED = "scheduled"  # handed to its server, which publishes it at the chosen time


_STATES = {
    StoredState.QUEUED: TargetState.QUEUED,
    StoredState.SENDING: TargetState.SENDING,
    StoredState.SENT: TargetState.SENT,
    StoredState.FAILED: TargetState.FAILED,
    StoredState.NEEDS_ATTENTION: TargetState.FAILED,
}


@dataclass(frozen=True, slots=True)
class Target:
    account: AccountRef
    audience: Audience

    @property
    def key(self) -> str:
        return f"{self.account.key}|{self.audience.value}"


@dataclass(frozen=True, slots=True)
class TargetResult:
    target: Target
    state: TargetState
    published: Published | None = None
    error: NetworkError | None = None
    outbox_id: int | None = None  # the outbox target's id, for retry / edit / discard


def result_of(row: OutboxTarget) -> TargetResult:
    published = (
        Published(row.remote_id, row.url, scheduled=row.server_scheduled)
        if row.remote_id is not None
        else None
    )
    state = _STATES[row.state]
    if row.state is StoredState.SENT and row.server_scheduled:
        state = TargetState.SCHEDULED  # its server holds it (remote_id: the scheduled post)
    return TargetResult(
        target=Target(row.account, row.audience),
        state=state,
        published=published,
        error=error_of(row) if row.state is not StoredState.SENT else None,
        outbox_id=row.id,
    )


class Poster:
    def __init__(
        self, adapters: Sequence[NetworkAdapter], outbox: OutboxService | None = None
    ) -> None:
        self._adapters = {a.account.key: a for a in adapters}
        if outbox is None:
            outbox = OutboxService(OutboxStore(Store(Path(":memory:"))), adapters)
        self.outbox = outbox

    def targets(
        self, audiences: frozenset[Audience], addressed: Collection[str] = ()
    ) -> list[Target]:
        """``addressed``: keys of the accounts whose chosen friends the draft is for (an
        account on a server without followers-only posts takes part only then)."""
        accounts = [a.account for a in self._adapters.values()]
        return [Target(acc, aud) for acc, aud in targets_for(accounts, audiences, addressed)]

    def adapter(self, target: Target) -> NetworkAdapter:
        return self._adapters[target.account.key]

    async def send(
        self,
        texts: dict[Audience, str],
        on_update: Callable[[TargetResult], None] | None = None,
    ) -> list[TargetResult]:
        """Queue ``texts[audience]`` for every target of that audience and try each once."""
        audiences = frozenset(a for a, t in texts.items() if t.strip())
        if not self.targets(audiences):
            return []
        message_id = self.outbox.enqueue(texts, audiences)

        def update(row: OutboxTarget) -> None:
            if on_update is not None:
                on_update(result_of(row))

        rows = await self.outbox.send_message(message_id, update)
        return [result_of(r) for r in rows]

    async def send_draft(
        self,
        texts: dict[Audience, str],
        *,
        media: Sequence[MediaUpload] | Mapping[Audience, Sequence[MediaUpload]] = (),
        recipients: Sequence[Friend] = (),
        at: datetime | None = None,
        on_update: Callable[[TargetResult], None] | None = None,
    ) -> list[TargetResult]:
        """Queue a composed draft — ``texts`` per audience, pictures with alt text (for
        every target, or per audience as a mapping), chosen friends (friends side only), an
        optional aware time — and, unless it is scheduled for later, try each target once.
        Raises ValueError in words when a target cannot carry it (nothing is queued then)."""
        audiences = frozenset(a for a, t in texts.items() if t.strip())
        if not self.targets(audiences, {f.account_key for f in recipients}):
            return []
        pictures: Sequence[MediaUpload] | Mapping[Audience, Sequence[MediaUpload]] = (
            {a: tuple(m) for a, m in media.items()} if isinstance(media, Mapping) else tuple(media)
        )
        message_id = self.outbox.enqueue(
            texts, audiences, at=at, media=pictures, recipients=tuple(recipients)
        )

        def update(row: OutboxTarget) -> None:
            if on_update is not None:
                on_update(result_of(row))

        # Not due yet: queued only (due() will not hand out a target before its time).
        rows = await self.outbox.send_message(message_id, update)
        return [result_of(r) for r in rows]
