"""The outbox's in-transit wait comes from the adapter: a create request that may have
reached the server is not looked for (nor sent again) until the request's start plus
*that adapter's* ``request_timeout``. A fake adapter and a fake clock; no network."""

from __future__ import annotations

import asyncio
import math
import random
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from app.core.errors import ErrorKind, NetworkError
from app.core.models import (
    AccountRef,
    Audience,
    Author,
    Capabilities,
    Limits,
    Outgoing,
    Post,
    Published,
)
from app.networks.base import AdapterBase
from app.services.outbox import IN_TRANSIT, LEASE, OutboxService
from app.store.db import Store
from app.store.outbox import OutboxStore, TargetState

START = 1_000_000.0
ACCOUNT = AccountRef(
    key="fake:keyless",
    network="misskey",
    base_url="https://keyless.invalid",
    user_id="1",
    username="me",
    handle="@me@keyless",
    serves=frozenset({Audience.PUBLIC}),
)


class Keyless(AdapterBase):
    """A network without idempotency keys whose first create times out (the server may
    have made the post); it looks its posts up (``own_lookup``) and finds none."""

    network = "misskey"

    def __init__(self, request_timeout: float) -> None:
        self.account = ACCOUNT
        self._request_timeout = request_timeout
        self.published: list[str] = []
        self.looked_up = 0

    @property
    def capabilities(self) -> Capabilities:
        return Capabilities(audiences=frozenset({Audience.PUBLIC}), own_lookup=True)

    @property
    def limits(self) -> Limits:
        return Limits(max_characters=500, unit="graphemes")

    @property
    def request_timeout(self) -> float:
        return self._request_timeout

    async def me(self) -> Author:
        raise NetworkError(ErrorKind.OFFLINE)

    async def timeline(self, *, limit: int = 20, older_than: str | None = None) -> list[Post]:
        return []

    async def stream(self, on_open: Callable[[], None] | None = None) -> AsyncIterator[Post]:
        raise NetworkError(ErrorKind.OFFLINE)
        yield  # pragma: no cover

    async def publish(self, outgoing: Outgoing) -> Published:
        self.published.append(outgoing.text)
        if len(self.published) == 1:
            raise NetworkError(ErrorKind.TIMEOUT, "ReadTimeout")
        return Published(str(len(self.published)))

    async def find_own(self, *args: object, **kwargs: object) -> Published | None:
        self.looked_up += 1
        return None

    async def aclose(self) -> None:
        return None


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


def _first_try_times_out(
    tmp_path: Path, adapter: Keyless, **service: float
) -> tuple[OutboxService, Clock, int]:
    """An outbox whose one target's first create timed out; the clock just past the
    retry's backoff."""
    clock = Clock()
    outbox = OutboxService(
        OutboxStore(Store(tmp_path / "kizuna.db")),
        [adapter],
        clock=clock,
        rng=random.Random(1),
        **service,
    )
    mid = outbox.enqueue({Audience.PUBLIC: "おはよう"})
    (first,) = asyncio.run(outbox.run_due())
    assert first.state is TargetState.QUEUED and first.maybe_sent
    assert first.request_started_at == START and first.next_attempt_at is not None
    clock.now = first.next_attempt_at
    return outbox, clock, mid


@pytest.mark.parametrize("request_timeout", [7.0, 45.0, 200.0])
def test_a_possibly_sent_target_waits_for_its_adapters_request_timeout(
    tmp_path: Path, request_timeout: float
) -> None:
    adapter = Keyless(request_timeout)
    outbox, clock, _ = _first_try_times_out(tmp_path, adapter)
    try:
        assert clock.now < START + request_timeout  # the backoff is shorter
        (waiting,) = asyncio.run(outbox.run_due())
        assert waiting.error_kind == IN_TRANSIT and waiting.maybe_sent
        assert waiting.next_attempt_at == START + request_timeout
        assert adapter.looked_up == 0 and adapter.published == ["おはよう"]

        clock.now = START + request_timeout
        (sent,) = asyncio.run(outbox.run_due())
        assert sent.state is TargetState.SENT
        assert adapter.looked_up == 1 and adapter.published == ["おはよう", "おはよう"]
    finally:
        outbox.store.store.close()


def test_an_adapter_without_a_limit_waits_one_lease(tmp_path: Path) -> None:
    adapter = Keyless(math.inf)
    outbox, _, _ = _first_try_times_out(tmp_path, adapter)
    try:
        (waiting,) = asyncio.run(outbox.run_due())
        assert waiting.error_kind == IN_TRANSIT
        assert waiting.next_attempt_at == START + LEASE
    finally:
        outbox.store.store.close()


def test_the_constructor_overrides_every_adapters_timeout(tmp_path: Path) -> None:
    adapter = Keyless(200.0)
    outbox, _, _ = _first_try_times_out(tmp_path, adapter, request_timeout=9.0)
    try:
        (waiting,) = asyncio.run(outbox.run_due())
        assert waiting.error_kind == IN_TRANSIT
        assert waiting.next_attempt_at == START + 9.0
    finally:
        outbox.store.store.close()
