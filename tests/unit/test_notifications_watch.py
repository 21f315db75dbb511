"""The notifications watch without a network: what an adapter hands over that cannot be
kept (no id, another account's, a time without a zone) is skipped with a log line and the
rest is stored; an adapter that offers no notifications is not watched at all."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.core.models import (
    AccountRef,
    Audience,
    Author,
    Capabilities,
    Limits,
    Notification,
    NotificationKind,
)
from app.networks.base import AdapterBase
from app.services.notifications import NotificationsService, Watching, WatchState
from app.store.db import Store
from app.store.notifications import NotificationStore

RIN = Author("9", "rin", "@rin@sora", "りん")


class Listed(AdapterBase):
    """A server that lists ``items`` (newest first) and streams nothing."""

    def __init__(self, items: list[Notification], *, offered: bool = True) -> None:
        self.network = "mastodon"
        self.account = AccountRef(
            "a", "mastodon", "https://a.invalid", "1", "me", "@me", frozenset({Audience.PUBLIC})
        )
        self.items = items
        self.offered = offered
        self.calls = 0

    @property
    def capabilities(self) -> Capabilities:
        return Capabilities(audiences=frozenset(Audience), notifications=self.offered)

    @property
    def limits(self) -> Limits:
        return Limits(max_characters=500, unit="graphemes")

    async def notifications(self, since: str | None = None) -> list[Notification]:
        self.calls += 1
        return [] if since is not None else list(self.items)

    async def aclose(self) -> None:
        return None


def _watch(adapter: Listed, store: Store) -> tuple[NotificationsService, list[WatchState]]:
    service = NotificationsService([adapter], NotificationStore(store), poll_interval=0.01)
    states: list[WatchState] = []

    async def run() -> None:
        task = asyncio.ensure_future(service.run(lambda rows, live: None, states.append))
        while not task.done() and not any(s.watching is Watching.POLLING for s in states):
            await asyncio.sleep(0.01)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    asyncio.run(asyncio.wait_for(run(), 20))
    return service, states


def test_unkeepable_notifications_are_skipped_with_a_log_line(tmp_path: Path, caplog: Any) -> None:
    good = Notification("1", NotificationKind.FOLLOW, "a", RIN, datetime(2027, 1, 1, tzinfo=UTC))
    bad = [
        replace(good, id=""),
        replace(good, id="2", account_key="someone-else"),
        replace(good, id="3", created_at=datetime(2027, 1, 1)),
    ]
    store = Store(tmp_path / "k.db")
    try:
        with caplog.at_level(logging.WARNING):
            service, _states = _watch(Listed([*bad, good]), store)
        assert [r.notification.id for r in service.recent()] == ["1"]
        skipped = [r for r in caplog.records if "malformed notification" in r.getMessage()]
        assert len(skipped) == 3
    finally:
        store.close()


def test_a_network_without_notifications_is_not_watched(tmp_path: Path) -> None:
    adapter = Listed([], offered=False)
    store = Store(tmp_path / "k.db")
    try:
        _service, states = _watch(adapter, store)
    finally:
        store.close()
    assert [s.watching for s in states] == [Watching.CONNECTING, Watching.OFF]
    assert adapter.calls == 0
