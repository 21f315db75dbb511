"""Feeding one timeline column from its TimelineFeed: the first page, older pages when
the list is scrolled to its end, and the live stream (the session's feeds are the
services'; this only moves their posts into the column's model)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from app.core.models import Post
from app.services.timeline import LiveState, TimelineFeed
from app.ui.errors import describe
from app.ui.timeline_column import TimelineColumn

log = logging.getLogger(__name__)


class ColumnController:
    """Feeds one column from one TimelineFeed: first page, older pages, live stream."""

    def __init__(
        self,
        column: TimelineColumn,
        feed: TimelineFeed,
        on_loaded: Callable[[], None] | None = None,
    ) -> None:
        self.column = column
        self.feed = feed
        self._on_loaded = on_loaded  # the first page is in (and with it the server's limits)
        self.loaded = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()
        self._trimmed = False
        column.model.older_loader = self._request_older
        # Rows only go away when the model drops its oldest to bound memory; paging must
        # then continue from what is still shown, not from the feed's own position.
        column.model.rowsRemoved.connect(self._on_trimmed)

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def start(self) -> None:
        self._spawn(self._initial())
        self._spawn(self.feed.run_live(self._on_live, self._on_state))

    async def _initial(self) -> None:
        model = self.column.model
        model.set_loading(True)  # no paging while the first page is on its way
        try:
            posts, errors = await self.feed.initial()
            model.add_posts(posts)
            if errors:
                self.column.show_error(describe(errors[0]))
        finally:
            model.set_loading(False)
            self.loaded.set()
            if self._on_loaded is not None:
                self._on_loaded()

    def signed_in(self, account_key: str) -> None:
        """An account that could not sign in before signed in now: load the first page it
        missed (nothing, when its first page is in)."""
        if account_key in self.feed.missing:
            self._spawn(self._catch_up(account_key))

    async def _catch_up(self, account_key: str) -> None:
        posts, errors = await self.feed.catch_up(account_key)
        self.column.model.add_posts(posts)
        if errors:
            self.column.show_error(describe(errors[0]))
        elif not self.feed.missing:
            self.column.clear_error()  # the error was that page's

    def _on_trimmed(self) -> None:
        self._trimmed = True

    def _request_older(self) -> None:
        self._spawn(self._older())

    async def _older(self) -> None:
        model = self.column.model
        cursors = model.oldest_ids() if self._trimmed else None
        self._trimmed = False
        try:
            posts, exhausted, errors = await self.feed.older(cursors)
        except Exception as exc:
            log.exception("loading older posts")
            model.older_failed()
            self.column.show_error(describe(exc))
            return
        model.older_loaded(posts, exhausted)
        if errors:
            self.column.show_error(describe(errors[0]))

    def _on_live(self, posts: list[Post]) -> None:
        self.column.model.add_posts(posts)

    def _on_state(self, state: LiveState) -> None:
        self.column.set_state(state)

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
