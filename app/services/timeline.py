"""One column's feed: the first page, older pages on demand, and live updates.

A feed joins every account that serves its audience. Each account's live stream runs in
its own task and reconnects with backoff (a server's ``Retry-After`` or rate-limit reset
wins when it asks for longer); the feed reports one combined state (live when every
stream is live, reconnecting while any is not).

A live post the feed already gave out (in the first page, an older page, or earlier on
the stream) is not given out again. An account without a push stream (Bluesky, X, a
Mastodon server without streaming) polls; its stream waits for the first page that is on
its way, so that its first poll starts right after what that page showed.

A feed may carry the profile's :class:`~app.services.timeline_cache.TimelineCache`
(``cache``): the column shows what it holds before the first page, and writes what comes
in. :meth:`TimelineFeed.gap_page` loads the posts missing beneath a post where the
server's newest page did not reach down to what was cached.

An account whose first page failed (its sign-in had not worked yet: its server was down
when the app started) is remembered; once it signs in, :meth:`TimelineFeed.catch_up`
loads its first page, so the column shows what it missed, not only what comes live.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from app.core.backoff import backoff_delay
from app.core.errors import NetworkError
from app.core.models import Audience, Post
from app.core.routing import belongs_in
from app.services.timeline_cache import TimelineCache

if TYPE_CHECKING:  # types only: no network code (httpx) before the first paint
    import asyncio

    from app.networks.base import NetworkAdapter

log = logging.getLogger(__name__)

GIVEN_CAP = 5000  # post keys remembered against duplicates (bounded for long sessions)
GAP_PAGES = 5  # pages one gap load passes over when none of their posts is for the column


class LiveState(enum.Enum):
    CONNECTING = "connecting"
    LIVE = "live"
    RECONNECTING = "reconnecting"
    OFFLINE = "offline"


class TimelineFeed:
    def __init__(
        self,
        audience: Audience,
        adapters: Sequence[NetworkAdapter],
        *,
        page_size: int = 20,
        reconnect_cap: float = 30.0,
        cache: TimelineCache | None = None,
    ) -> None:
        self.audience = audience
        self.cache = cache
        self.adapters = [a for a in adapters if audience in a.account.serves]
        self.page_size = page_size
        self._reconnect_cap = reconnect_cap
        # The oldest id seen per account, so "older" asks each network for its next page.
        self._oldest: dict[str, str | None] = {}
        self._exhausted: set[str] = set()
        # Keys of the posts given out, newest last, so a live post is never given twice.
        self._given: dict[tuple[str, str], None] = {}
        self._first_page: asyncio.Event | None = None  # set once initial() is done
        self._missing: set[str] = set()  # accounts whose first page failed

    def _note_given(self, posts: list[Post]) -> None:
        for post in posts:
            self._given.pop(post.key, None)
            self._given[post.key] = None
        while len(self._given) > GIVEN_CAP:
            del self._given[next(iter(self._given))]

    def _live(self, posts: list[Post]) -> list[Post]:
        """Live ``posts`` without those already given out (a page or the stream)."""
        fresh = [p for p in posts if p.key not in self._given]
        self._note_given(fresh)
        return fresh

    def _keep(self, adapter: NetworkAdapter, posts: list[Post]) -> list[Post]:
        return [p for p in posts if belongs_in(p, adapter.account, self.audience)]

    async def _page(self, adapter: NetworkAdapter) -> list[Post]:
        key = adapter.account.key
        if key in self._exhausted:
            return []
        page = await adapter.timeline(limit=self.page_size, older_than=self._oldest.get(key))
        if page:
            self._oldest[key] = page[-1].id
        if len(page) < self.page_size:
            self._exhausted.add(key)
        return self._keep(adapter, page)

    async def _first(self, adapter: NetworkAdapter) -> list[Post]:
        """``adapter``'s first page; a failure is remembered at once (it may sign in while
        the other accounts' pages are still on their way)."""
        try:
            return await self._page(adapter)
        except NetworkError:
            self._missing.add(adapter.account.key)
            raise

    async def _pages(self, *, first: bool = False) -> tuple[list[Post], list[NetworkError]]:
        import asyncio  # in each coroutine: the window's first paint imports this module

        page = self._first if first else self._page
        results = await asyncio.gather(*(page(a) for a in self.adapters), return_exceptions=True)
        posts: list[Post] = []
        errors: list[NetworkError] = []
        for result in results:
            if isinstance(result, NetworkError):
                errors.append(result)
            elif isinstance(result, BaseException):
                raise result
            else:
                posts.extend(result)
        return posts, errors

    async def initial(self) -> tuple[list[Post], list[NetworkError]]:
        self._oldest.clear()
        self._exhausted.clear()
        self._given.clear()  # a fresh start: the view shows this page and what comes live
        self._missing.clear()
        import asyncio

        self._first_page = done = asyncio.Event()
        try:
            posts, errors = await self._pages(first=True)
        finally:
            done.set()
        self._note_given(posts)
        return posts, errors

    @property
    def exhausted(self) -> frozenset[str]:
        """Keys of the accounts with nothing older than the pages loaded so far."""
        return frozenset(self._exhausted)

    async def gap_page(self, account_key: str, older_than: str) -> tuple[list[Post], bool]:
        """The posts of ``account_key`` for this column just older than the post
        ``older_than`` (to fill a gap), and whether the account has no more. A page with
        none for this column (a home timeline's public posts, in the friends column) is
        passed over, a few at most. NetworkError as the adapter raises."""
        adapter = next((a for a in self.adapters if a.account.key == account_key), None)
        if adapter is None:
            return [], True
        for _ in range(GAP_PAGES):
            page = await adapter.timeline(limit=self.page_size, older_than=older_than)
            self._note_given(page)
            kept, last = self._keep(adapter, page), len(page) < self.page_size
            if kept or last:
                return kept, last
            older_than = page[-1].id
        return [], False

    @property
    def missing(self) -> frozenset[str]:
        """Keys of the accounts whose first page is still missing."""
        return frozenset(self._missing)

    async def catch_up(self, account_key: str) -> tuple[list[Post], list[NetworkError]]:
        """The first page of ``account_key`` if it is missing (its account signed in after
        :meth:`initial`), else nothing. Posts already given out (live, say) are given again
        only for the view to merge; none is given twice by the stream afterwards."""
        adapter = next((a for a in self.adapters if a.account.key == account_key), None)
        if adapter is None or account_key not in self._missing:
            return [], []
        self._missing.discard(account_key)
        self._oldest.pop(account_key, None)
        self._exhausted.discard(account_key)
        try:
            posts = await self._first(adapter)
        except NetworkError as exc:
            return [], [exc]
        self._note_given(posts)
        return posts, []

    async def older(
        self, cursors: dict[str, str] | None = None
    ) -> tuple[list[Post], bool, list[NetworkError]]:
        """The next older page of every account; ``exhausted`` when none has more.

        ``cursors`` (account key → oldest post id still shown) restarts paging there, for
        a view that dropped its oldest rows to bound memory.
        """
        for key, post_id in (cursors or {}).items():
            self._oldest[key] = post_id
            self._exhausted.discard(key)
        posts, errors = await self._pages()
        exhausted = len(self._exhausted) >= len(self.adapters)
        # Never filtered: a view that dropped its oldest rows asks for them again.
        self._note_given(posts)
        return posts, exhausted, errors

    async def run_live(
        self,
        on_posts: Callable[[list[Post]], None],
        on_state: Callable[[LiveState], None],
    ) -> None:
        """Stream every account until cancelled."""
        if not self.adapters:
            on_state(LiveState.OFFLINE)
            return
        states = {a.account.key: LiveState.CONNECTING for a in self.adapters}

        def report(key: str, state: LiveState) -> None:
            states[key] = state
            values = set(states.values())
            if values == {LiveState.LIVE}:
                on_state(LiveState.LIVE)
            elif LiveState.RECONNECTING in values:
                on_state(LiveState.RECONNECTING)
            else:
                on_state(LiveState.CONNECTING)

        on_state(LiveState.CONNECTING)
        import asyncio

        await asyncio.gather(*(self._stream_one(a, on_posts, report) for a in self.adapters))

    async def _stream_one(
        self,
        adapter: NetworkAdapter,
        on_posts: Callable[[list[Post]], None],
        report: Callable[[str, LiveState], None],
    ) -> None:
        import asyncio

        key = adapter.account.key
        attempt = 0
        if not adapter.capabilities.streaming and self._first_page is not None:
            # A polled stream starts after the newest page the adapter handed out.
            await self._first_page.wait()
        while True:
            try:

                def opened() -> None:
                    nonlocal attempt
                    attempt = 0
                    report(key, LiveState.LIVE)

                stream = adapter.stream(on_open=opened)
                try:
                    async for post in stream:
                        kept = self._live(self._keep(adapter, [post]))
                        if kept:
                            on_posts(kept)
                finally:
                    # A cancelled feed closes its connection now, not at GC time.
                    close = getattr(stream, "aclose", None)
                    if close is not None:
                        await close()
                reason = "stream ended"
                retry_after = None
            except NetworkError as exc:
                reason = str(exc)
                retry_after = exc.retry_after
            report(key, LiveState.RECONNECTING)
            delay = backoff_delay(attempt, cap=self._reconnect_cap, retry_after=retry_after)
            log.info("stream %s dropped (%s); reconnecting in %.1fs", key, reason, delay)
            attempt += 1
            await asyncio.sleep(delay)
