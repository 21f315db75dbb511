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
outbox's background loop sends it when its time comes. A target its server holds for the
chosen time is ``sent`` and :attr:`TargetResult.held`.

A result's ``state`` is the outbox's own :class:`~app.store.outbox.TargetState` (one enum
from the store to the composer's rows). Targets are resolved once, by the outbox
(:func:`app.services.send.plan_send`); a draft that cannot go out raises
:class:`~app.services.send.SendRefused` with a reason code.

``Poster.send_reply`` queues a reply to a post (through the account that shows it, never
wider than that post: :meth:`OutboxService.enqueue_reply
<app.services.outbox.OutboxService.enqueue_reply>`) and tries it once, like any send.

Give the Poster the profile's :class:`~app.services.outbox.OutboxService` so queued posts
survive a restart; without one it keeps its outbox in memory (tests, throwaway tools).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.errors import NetworkError
from app.core.models import AccountRef, Audience, Friend, MediaUpload, Post, Published
from app.core.routing import targets_for
from app.services.outbox import OutboxService, error_of
from app.services.send import Refusal, SendRefused
from app.store.db import Store
from app.store.outbox import OutboxStore, OutboxTarget, TargetState

if TYPE_CHECKING:
    from app.networks.base import NetworkAdapter

__all__ = ["Poster", "Target", "TargetResult", "TargetState", "result_of"]


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
    held: bool = False  # sent to a server that publishes it at the chosen time

    @property
    def needs_user(self) -> bool:
        """Nothing more happens until the user acts (failed, or needs a decision)."""
        return self.state in (TargetState.FAILED, TargetState.NEEDS_ATTENTION)


def result_of(row: OutboxTarget) -> TargetResult:
    published = (
        Published(row.remote_id, row.url, scheduled=row.server_scheduled)
        if row.remote_id is not None
        else None
    )
    return TargetResult(
        target=Target(row.account, row.audience),
        state=row.state,
        published=published,
        error=error_of(row) if row.state is not TargetState.SENT else None,
        outbox_id=row.id,
        held=row.state is TargetState.SENT and row.server_scheduled,
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
        """Who a draft for ``audiences`` would go to, for showing (the outbox resolves the
        send itself). ``addressed``: keys of the accounts whose chosen friends it is for."""
        accounts = [a.account for a in self._adapters.values()]
        return [Target(acc, aud) for acc, aud in targets_for(accounts, audiences, addressed)]

    def adapter(self, target: Target) -> NetworkAdapter:
        return self._adapters[target.account.key]

    async def send(
        self,
        texts: dict[Audience, str],
        on_update: Callable[[TargetResult], None] | None = None,
    ) -> list[TargetResult]:
        """Queue ``texts[audience]`` for every target of that audience and try each once
        (nothing, when no account serves any of them)."""
        try:
            return await self.send_draft(texts, on_update=on_update)
        except SendRefused as refused:
            if refused.reason is Refusal.NO_TARGET:
                return []
            raise

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
        Raises :class:`~app.services.send.SendRefused` when it cannot go out (nothing is
        queued then)."""
        audiences = frozenset(a for a, t in texts.items() if t.strip())
        message_id = self.outbox.enqueue(
            texts, audiences, at=at, media=media, recipients=tuple(recipients)
        )

        def update(row: OutboxTarget) -> None:
            if on_update is not None:
                on_update(result_of(row))

        # Not due yet: queued only (due() will not hand out a target before its time).
        rows = await self.outbox.send_message(message_id, update)
        return [result_of(r) for r in rows]

    async def send_reply(
        self,
        parent: Post,
        text: str,
        *,
        audience: Audience | None = None,
        recipients: Sequence[str] | None = None,
        media: Sequence[MediaUpload] = (),
        on_update: Callable[[TargetResult], None] | None = None,
    ) -> list[TargetResult]:
        """Queue a reply to ``parent`` in the outbox and try it once (one target: the
        account that shows ``parent``). Raises :class:`~app.services.send.SendRefused`
        when it cannot go out (wider than ``parent``, no such account): nothing queued."""
        message_id = self.outbox.enqueue_reply(
            parent, text, audience=audience, recipients=recipients, media=media
        )

        def update(row: OutboxTarget) -> None:
            if on_update is not None:
                on_update(result_of(row))

        rows = await self.outbox.send_message(message_id, update)
        return [result_of(r) for r in rows]
