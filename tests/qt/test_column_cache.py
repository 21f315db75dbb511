"""A column fed through its controller with the profile's timeline cache: when none of
its accounts' servers answers, it keeps showing the cached posts and says it is offline
(while the streams keep trying, never 接続中) and stops asking for older pages; once a
stream is live it says so, and what arrives live is shown and written to the cache."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.core.errors import ErrorKind, NetworkError
from app.core.models import AccountRef, Audience, Author, Capabilities, Limits, Post
from app.networks.base import AdapterBase
from app.services.timeline import LiveState, TimelineFeed
from app.services.timeline_cache import TimelineCache, read_start
from app.store.db import Store
from app.ui.column_controller import ColumnController
from app.ui.timeline_column import TimelineColumn
from tests.helpers import until

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
ACCOUNT = AccountRef(
    key="fake:sora",
    network="mastodon",
    base_url="https://sora.invalid",
    user_id="1",
    username="me",
    handle="@me@sora",
    serves=frozenset({Audience.PUBLIC}),
)


def post(n: int) -> Post:
    author = Author(id="2", username="rin", handle="@rin@sora", display_name="りん")
    return Post(
        id=f"{n:06d}",
        network="mastodon",
        account_key=ACCOUNT.key,
        author=author,
        created_at=T0 + timedelta(minutes=n),
        text=f"投稿 {n}",
        html=f"投稿 {n}",
        audience=Audience.PUBLIC,
        visibility="public",
    )


class Unreachable(AdapterBase):
    """A server that cannot be reached until ``reachable`` is set; then its stream opens
    and gives the posts put in ``live``."""

    def __init__(self) -> None:
        self.network = "mastodon"
        self.account = ACCOUNT
        self.reachable = False
        self.live: asyncio.Queue[Post] = asyncio.Queue()
        self.stream_tries = 0
        self.pages_asked = 0

    @property
    def capabilities(self) -> Capabilities:
        return Capabilities(audiences=frozenset({Audience.PUBLIC}), streaming=True)

    @property
    def limits(self) -> Limits:
        return Limits(max_characters=500, unit="graphemes")

    async def me(self) -> Author:
        raise NetworkError(ErrorKind.OFFLINE)

    async def timeline(self, *, limit: int = 20, older_than: str | None = None) -> list[Post]:
        self.pages_asked += 1
        raise NetworkError(ErrorKind.OFFLINE, "connection refused")

    async def stream(self, on_open: Callable[[], None] | None = None) -> AsyncIterator[Post]:
        self.stream_tries += 1
        if not self.reachable:
            raise NetworkError(ErrorKind.OFFLINE, "connection refused")
        if on_open is not None:
            on_open()
        while True:
            yield await self.live.get()


def test_cached_posts_stay_and_the_column_says_offline_until_live(
    qtbot, qloop, profile_dir: Path
) -> None:
    path = profile_dir / "kizuna.db"
    Store(path).close()
    cache = TimelineCache(path)
    adapter = Unreachable()
    column = TimelineColumn("Public", audience=Audience.PUBLIC, lang="en")
    qtbot.addWidget(column)
    column.resize(400, 500)
    column.show()
    feed = TimelineFeed(Audience.PUBLIC, [adapter], reconnect_cap=0.05, cache=cache)
    controller = ColumnController(column, feed)

    async def scenario() -> None:
        cache.put(Audience.PUBLIC, [post(n) for n in range(10)])
        await cache.flush()
        controller.start()
        await controller.loaded.wait()
        assert [p.id for p in column.model.posts()] == [post(n).id for n in range(9, -1, -1)]
        assert column.state is LiveState.OFFLINE
        await until(lambda: adapter.stream_tries >= 3)  # it keeps trying meanwhile …
        assert column.state is LiveState.OFFLINE  # … and still says offline
        assert column.live_text.text() == "Offline — showing saved posts"
        assert column.error_frame.isVisibleTo(column)
        # Scrolled to the end: one try for older posts, then no more until it is live
        # (the view would otherwise ask again at once, and again).
        column.view.scrollToBottom()
        await until(lambda: column.model.exhausted)
        asked = adapter.pages_asked
        for _ in range(10):
            column.view.scrollToBottom()
            await asyncio.sleep(0.02)
        assert adapter.pages_asked == asked == 2  # the first page, one older page

        adapter.reachable = True
        await until(lambda: column.state is LiveState.LIVE)
        assert not column.model.exhausted  # paging may go on
        adapter.live.put_nowait(post(50))
        await until(lambda: column.model.rowCount() == 11)
        assert column.model.post_at(0) == post(50)
        await controller.stop()
        await cache.aclose()

    qloop.run_until_complete(asyncio.wait_for(scenario(), 30))
    saved = read_start(path)[Audience.PUBLIC]
    assert saved.posts[0] == post(50)  # written as it arrived
    assert saved.accounts == (ACCOUNT.key,)
