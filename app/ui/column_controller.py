"""Feeding one timeline column from its TimelineFeed: what the cache holds first, then the
first page, older pages when the list is scrolled to its end, the live stream, and the
posts missing in a gap (the session's feeds and cache are the services'; this only moves
their posts into the column's model and tells the cache what came in).

At start the column shows the cached posts of its accounts (unless it shows them already:
the window painted them before the session opened). The first page is merged into them;
where it does not reach down to them a gap row is shown, which loads the missing posts
when clicked or scrolled to. When no account's first page came, the column keeps its
cached posts and says it is offline until a stream is live again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from app.core.models import Post
from app.services.timeline import LiveState, TimelineFeed
from app.services.timeline_cache import Key, find_gaps
from app.ui.errors import describe
from app.ui.timeline_column import TimelineColumn

log = logging.getLogger(__name__)


class ColumnController:
    """Feeds one column from one TimelineFeed: cache, first page, older pages, gaps, live."""

    def __init__(
        self,
        column: TimelineColumn,
        feed: TimelineFeed,
        on_loaded: Callable[[], None] | None = None,
    ) -> None:
        import asyncio

        self.column = column
        self.feed = feed
        self.cache = feed.cache
        self.accounts = tuple(a.account.key for a in feed.adapters)
        self._on_loaded = on_loaded  # the first page is in (and with it the server's limits)
        self.loaded = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()
        self._trimmed = False
        self._offline = False  # no first page came: cached posts only, said so
        self._paging_paused = False  # no server answered for older posts: until live
        column.model.older_loader = self._request_older
        # Rows only go away when the model drops its oldest to bound memory; paging must
        # then continue from what is still shown, not from the feed's own position.
        self._connections = [
            (column.model.rowsRemoved, self._on_trimmed),
            (column.gapRequested, self._gap_requested),
            (column.positionChanged, self.save_position),
        ]
        for signal, slot in self._connections:
            signal.connect(slot)

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        import asyncio

        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def start(self) -> None:
        self._spawn(self._initial())

    async def _show_cache(self) -> None:
        column = self.column
        if column.cached_accounts == self.accounts:
            return  # painted from the cache before the session opened
        if self.cache is None:
            column.model.clear()
            column.cached_accounts = self.accounts
            return
        column.show_cached(await self.cache.load(self.feed.audience, self.accounts))

    async def _initial(self) -> None:
        model = self.column.model
        model.set_loading(True)  # no paging while the first page is on its way
        try:
            await self._show_cache()
            # Started before initial() runs, which a polled stream waits for.
            self._spawn(self.feed.run_live(self._on_live, self._on_state))
            cached = model.posts()
            posts, errors = await self.feed.initial()
            gaps = find_gaps(cached, posts, self.feed.exhausted)
            model.add_posts(posts)
            model.add_gaps(gaps)
            if self.cache is not None:
                self.cache.put(self.feed.audience, posts, gaps)
            self.save_position()
            if errors:
                self.column.show_error(describe(errors[0]))
            if posts or not errors:
                self._offline = False
            elif model.rowCount():
                self._offline = True
                self.column.set_state(LiveState.OFFLINE)
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
        model = self.column.model
        cached = [p for p in model.posts() if p.account_key == account_key]
        posts, errors = await self.feed.catch_up(account_key)
        gaps = find_gaps(cached, posts, self.feed.exhausted)
        model.add_posts(posts)
        model.add_gaps(gaps)
        self._store(posts, gaps)
        if errors:
            self.column.show_error(describe(errors[0]))
        elif not self.feed.missing:
            self.column.clear_error()  # the error was that page's

    def _store(self, posts: list[Post], gaps: list[Key] | None = None) -> None:
        if self.cache is not None and posts:
            self.cache.put(self.feed.audience, posts, gaps or ())

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
        if errors and not posts and len(errors) >= len(self.feed.adapters):
            # No server answered: the view would ask again at once, and again; paging
            # waits until a stream is live.
            self._paging_paused = exhausted = True
        model.older_loaded(posts, exhausted)
        self._store(posts)
        if errors:
            self.column.show_error(describe(errors[0]))

    # -- gaps ----------------------------------------------------------------------------
    def _gap_requested(self, above: Key) -> None:
        if self.column.model.start_gap_load(above):
            self._spawn(self._fill_gap(above))

    async def _fill_gap(self, above: Key) -> None:
        model = self.column.model
        try:
            posts, last = await self.feed.gap_page(above[0], above[1])
        except Exception as exc:
            log.warning("loading the posts of a gap failed: %s", exc)
            model.gap_failed(above)
            self.column.show_error(describe(exc))
            return
        moved = model.gap_loaded(above, posts, last)
        if self.cache is not None:
            self.cache.set_gap(self.feed.audience, above, False)
            self._store(posts, [moved] if moved else [])

    # -- live ----------------------------------------------------------------------------
    def _on_live(self, posts: list[Post]) -> None:
        self.column.model.queue_live(posts)
        self._store(posts)

    def _on_state(self, state: LiveState) -> None:
        if self._offline and state is not LiveState.LIVE:
            return  # still only the cached posts: the column keeps saying it is offline
        self._offline = False
        if state is LiveState.LIVE and self._paging_paused:
            self._paging_paused = self.column.model.exhausted = False
        self.column.set_state(state)

    def save_position(self) -> None:
        """Keep the column's accounts and the reader's place for the next start."""
        if self.cache is not None:
            top, offset = self.column.reading_position()
            self.cache.save_column(self.feed.audience, self.accounts, top, offset)

    async def stop(self) -> None:
        import asyncio

        for signal, slot in self._connections:
            signal.disconnect(slot)
        self._connections.clear()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self.column.model.flush_live()
        self.save_position()
        if self.cache is not None:
            await self.cache.flush()
