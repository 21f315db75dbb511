"""Fan-out of one draft to every target account of the chosen audiences.

Each target is sent on its own and reports its own outcome: one failure never marks the
others failed, and nothing is ever sent to an account with an audience it was not chosen
for. (The durable outbox with retries across restarts builds on this.)
"""

from __future__ import annotations

import asyncio
import enum
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.core.models import AccountRef, Audience, Outgoing, Published
from app.core.routing import targets_for
from app.networks.base import AudienceRefused, ErrorKind, NetworkAdapter, NetworkError

log = logging.getLogger(__name__)


class TargetState(enum.Enum):
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


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


class Poster:
    def __init__(self, adapters: Sequence[NetworkAdapter]) -> None:
        self._adapters = {a.account.key: a for a in adapters}

    def targets(self, audiences: frozenset[Audience]) -> list[Target]:
        accounts = [a.account for a in self._adapters.values()]
        return [Target(acc, aud) for acc, aud in targets_for(accounts, audiences)]

    def adapter(self, target: Target) -> NetworkAdapter:
        return self._adapters[target.account.key]

    async def send(
        self,
        texts: dict[Audience, str],
        on_update: Callable[[TargetResult], None] | None = None,
    ) -> list[TargetResult]:
        """Send ``texts[audience]`` to every target of that audience, concurrently."""
        targets = self.targets(frozenset(a for a, t in texts.items() if t.strip()))

        async def one(target: Target) -> TargetResult:
            if on_update:
                on_update(TargetResult(target, TargetState.SENDING))
            result = await self._send_one(target, texts[target.audience])
            if on_update:
                on_update(result)
            return result

        return list(await asyncio.gather(*(one(t) for t in targets)))

    async def _send_one(self, target: Target, text: str) -> TargetResult:
        adapter = self.adapter(target)
        if target.audience not in adapter.capabilities.audiences:
            return TargetResult(target, TargetState.FAILED, error=AudienceRefused())
        try:
            published = await adapter.publish(Outgoing(text=text, audience=target.audience))
        except NetworkError as exc:
            log.warning("sending to %s failed: %s", target.key, exc.kind.value)
            return TargetResult(target, TargetState.FAILED, error=exc)
        except Exception as exc:  # a bug in one adapter must not lose the other targets
            log.exception("unexpected error sending to %s", target.key)
            error = NetworkError(ErrorKind.BAD_RESPONSE, type(exc).__name__)
            return TargetResult(target, TargetState.FAILED, error=error)
        return TargetResult(target, TargetState.SENT, published=published)
