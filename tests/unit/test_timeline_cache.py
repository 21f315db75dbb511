"""The timeline cache in the profile database: posts round-trip through JSON with every
field, each account and column keeps its newest posts only, a row that cannot be read is
dropped with a log line, and a cache of another format or an older table layout is thrown
away and rebuilt — never a crash. Also where a server's newest page leaves a gap."""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import fields
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.core.bounded import BoundedDict
from app.core.models import Audience, Author, MediaAttachment, Post, RecordRef
from app.core.post_json import post_from_dict, post_to_dict
from app.services.timeline_cache import TimelineCache, find_gaps, read_start
from app.store import timeline_cache as table
from app.store.db import Store

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def make_post(n: int, account: str = "mastodon:sora:me", **kw: object) -> Post:
    author = Author(id="u1", username="haruka", handle="@haruka@sora", display_name="春香")
    values: dict[str, object] = {
        "id": f"{n:08d}",
        "network": "mastodon",
        "account_key": account,
        "author": author,
        "created_at": T0 + timedelta(seconds=n),
        "text": f"投稿 {n}",
        "html": f"<p>投稿 {n}</p>",
        "audience": Audience.PUBLIC,
        "visibility": "public",
    }
    values.update(kw)
    return Post(**values)  # type: ignore[arg-type]


def full_post() -> Post:
    """A post with every field away from its default."""
    return make_post(
        7,
        author=Author("u9", "mio", "@mio@nakama", "みお", avatar_url="https://n/a.png"),
        audience=Audience.FRIENDS,
        visibility="specified",
        url="https://n/notes/7",
        tags=("お歳暮", "冬"),
        media=(
            MediaAttachment("https://n/1.png", "https://n/1s.png", "ケーキ", "image", 640, 480),
            MediaAttachment("https://n/2.mp4", kind="video"),
        ),
        in_reply_to_id="00000003",
        recipients=("u1", "u2"),
        boost_of="00000005",
        reply_count=4,
        favourited=True,
        boosted=True,
        ref=RecordRef("at://did/app.bsky.feed.post/7", "cid7"),
        root=RecordRef("at://did/app.bsky.feed.post/1", "cid1"),
        parent=RecordRef("at://did/app.bsky.feed.post/3", "cid3"),
    )


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    Store(tmp_path / "kizuna.db").close()  # migrated like the app's
    conn = table.connect(tmp_path / "kizuna.db")
    table.ensure_current(conn)
    try:
        yield conn
    finally:
        conn.close()


# -- JSON -------------------------------------------------------------------------------
def test_every_field_round_trips_through_json() -> None:
    post = full_post()
    data = json.loads(json.dumps(post_to_dict(post)))
    assert post_from_dict(data) == post
    defaults = {
        f.name: getattr(post, f.name) != getattr(make_post(7), f.name) for f in fields(Post)
    }
    # full_post really sets every field but the shared ones, so each one is checked.
    assert {name for name, differs in defaults.items() if not differs} == {
        "id",
        "network",
        "account_key",
        "created_at",
        "text",
        "html",
    }


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.pop("author"),
        lambda d: d.update(created_at="2026-12-01T09:00:00"),  # no time zone
        lambda d: d.update(audience="everyone"),
        lambda d: d.update(reply_count=True),
        lambda d: d.update(favourited=1),
        lambda d: d.update(tags=["ok", 3]),
        lambda d: d["media"][0].update(width="640"),
        lambda d: d.update(ref={"uri": "at://x"}),
    ],
)
def test_a_damaged_post_is_refused(damage) -> None:  # type: ignore[no-untyped-def]
    data = post_to_dict(full_post())
    damage(data)
    with pytest.raises(ValueError):
        post_from_dict(data)


def test_bounded_dict_forgets_the_least_recently_used() -> None:
    seen: BoundedDict[str, int] = BoundedDict(3)
    for n in range(3):
        seen[str(n)] = n
    assert seen.get("0") == 0  # used: now the most recent
    seen["3"] = 3
    assert list(seen) == ["2", "0", "3"]
    assert seen.get("1") is None


# -- the store --------------------------------------------------------------------------
def test_each_account_and_column_keeps_its_newest(db: sqlite3.Connection) -> None:
    table.put(db, Audience.PUBLIC, [make_post(n) for n in range(10)], cap=4)
    table.put(db, Audience.PUBLIC, [make_post(n, account="other") for n in range(3)], cap=4)
    table.put(db, Audience.FRIENDS, [make_post(n) for n in range(2)], cap=4)
    column = table.read_column(db, Audience.PUBLIC, ["mastodon:sora:me", "other"])
    assert [p.id for p in column.posts if p.account_key == "other"] == [
        f"{n:08d}" for n in (2, 1, 0)
    ]
    assert [p.id for p in column.posts if p.account_key != "other"] == [
        f"{n:08d}" for n in (9, 8, 7, 6)
    ]
    assert [p.id for p in column.posts][:2] == [f"{9:08d}", f"{8:08d}"]  # newest first
    assert len(table.read_column(db, Audience.FRIENDS, ["mastodon:sora:me"]).posts) == 2


def test_gaps_positions_and_accounts_are_kept(tmp_path: Path, db: sqlite3.Connection) -> None:
    table.put(db, Audience.FRIENDS, [make_post(n) for n in range(5)], gaps=[make_post(3).key])
    table.save_column(db, Audience.FRIENDS, ["mastodon:sora:me"], make_post(2).key, 37)
    start = read_start(tmp_path / "kizuna.db")
    friends = start[Audience.FRIENDS]
    assert friends.accounts == ("mastodon:sora:me",)
    assert friends.gaps == {make_post(3).key}
    assert (friends.top, friends.offset) == (make_post(2).key, 37)
    assert start[Audience.PUBLIC].posts == []
    table.set_gap(db, Audience.FRIENDS, make_post(3).key, False)
    assert read_start(tmp_path / "kizuna.db")[Audience.FRIENDS].gaps == frozenset()


def test_an_unreadable_row_is_dropped_with_a_log_line(
    tmp_path: Path, db: sqlite3.Connection, caplog: pytest.LogCaptureFixture
) -> None:
    table.put(db, Audience.PUBLIC, [make_post(n) for n in range(3)])
    table.save_column(db, Audience.PUBLIC, ["mastodon:sora:me"], None, 0)
    db.execute("UPDATE timeline_cache SET body='{\"id\": 1' WHERE post_id=?", (f"{1:08d}",))
    body = json.dumps({**post_to_dict(make_post(2)), "audience": "?"})
    db.execute("UPDATE timeline_cache SET body=? WHERE post_id=?", (body, f"{2:08d}"))
    with caplog.at_level(logging.WARNING, logger="app.store.timeline_cache"):
        posts = read_start(tmp_path / "kizuna.db")[Audience.PUBLIC].posts
    assert [p.id for p in posts] == [f"{0:08d}"]
    assert sum("dropped an unreadable row" in r.message for r in caplog.records) == 2
    left = db.execute("SELECT post_id FROM timeline_cache").fetchall()
    assert left == [(f"{0:08d}",)]  # gone from the database too, not read again


def test_rows_of_another_format_are_thrown_away(
    tmp_path: Path, db: sqlite3.Connection, caplog: pytest.LogCaptureFixture
) -> None:
    table.put(db, Audience.PUBLIC, [make_post(n) for n in range(3)])
    table.save_column(db, Audience.PUBLIC, ["mastodon:sora:me"], None, 0)
    db.execute("UPDATE timeline_cache SET format=0 WHERE post_id!=?", (f"{2:08d}",))
    with caplog.at_level(logging.WARNING, logger="app.store.timeline_cache"):
        posts = read_start(tmp_path / "kizuna.db")[Audience.PUBLIC].posts
    assert [p.id for p in posts] == [f"{2:08d}"]
    assert any("another format" in r.message for r in caplog.records)
    assert db.execute("SELECT COUNT(*) FROM timeline_cache").fetchone()[0] == 1


def test_a_table_of_an_older_layout_is_rebuilt(tmp_path: Path) -> None:
    """A profile whose migration 7 made the first layout (no format, no gaps): read at
    start finds nothing and does not fail; the cache's own connection rebuilds it."""
    path = tmp_path / "kizuna.db"
    Store(path).close()
    old = sqlite3.connect(path)
    old.executescript(
        "DROP TABLE timeline_cache; DROP TABLE timeline_columns;"
        "CREATE TABLE timeline_cache (account_key TEXT, audience TEXT, post_id TEXT,"
        " sort_at REAL, body TEXT, PRIMARY KEY (account_key, audience, post_id));"
        "INSERT INTO timeline_cache VALUES ('a', 'public', '1', 0, '{}');"
    )
    old.close()
    assert read_start(path) == {}

    async def write_and_read() -> list[Post]:
        cache = TimelineCache(path)
        try:
            cache.put(Audience.PUBLIC, [make_post(1)])
            await cache.flush()
            return (await cache.load(Audience.PUBLIC, ["mastodon:sora:me"])).posts
        finally:
            await cache.aclose()

    assert asyncio.run(write_and_read()) == [make_post(1)]
    assert read_start(path)[Audience.PUBLIC].posts == []  # no column saved yet
    again = Store(path)
    assert again.schema_version >= 7
    again.close()


def test_reading_at_start_makes_no_database(tmp_path: Path) -> None:
    assert read_start(tmp_path / "missing" / "kizuna.db") == {}
    assert read_start(tmp_path / "kizuna.db") == {}
    assert list(tmp_path.iterdir()) == []


def test_writes_run_on_the_cache_thread_and_a_burst_is_one_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "kizuna.db"
    Store(path).close()
    calls: list[tuple[str, int]] = []
    real_put = table.put

    def spy(db, audience, posts, *args, **kw):  # type: ignore[no-untyped-def]
        calls.append((threading.current_thread().name, len(posts)))
        return real_put(db, audience, posts, *args, **kw)

    async def scenario() -> None:
        cache = TimelineCache(path, cap=5)
        try:
            cache.put(Audience.PUBLIC, [make_post(100)])
            await cache.flush()
            # While one write waits (a slow disk, a lock held elsewhere), twenty more
            # posts come: they go into the next write together.
            gate = threading.Event()
            cache._submit(lambda: gate.wait(10))
            for n in range(20):
                cache.put(Audience.PUBLIC, [make_post(n)])
            cache.save_column(Audience.PUBLIC, ["mastodon:sora:me"], make_post(19).key, 3)
            gate.set()
            await cache.flush()
        finally:
            await cache.aclose()

    monkeypatch.setattr(table, "put", spy)
    asyncio.run(scenario())
    assert [n for _, n in calls] == [1, 20]
    assert all(name.startswith("timeline-cache") for name, _ in calls)
    column = read_start(path)[Audience.PUBLIC]
    assert [p.id for p in column.posts] == [f"{n:08d}" for n in (100, 19, 18, 17, 16)]
    assert column.top == make_post(19).key


# -- gaps -------------------------------------------------------------------------------
def test_a_gap_only_where_the_newest_page_misses_the_cache() -> None:
    cached = [make_post(n) for n in range(10, 0, -1)]
    page = [make_post(n) for n in range(40, 35, -1)]
    assert find_gaps(cached, page, short=set()) == [make_post(36).key]
    # The page reaches what was cached (a shared post), or the account has no more.
    assert find_gaps(cached, [*page, make_post(10)], short=set()) == []
    assert find_gaps(cached, page, short={"mastodon:sora:me"}) == []
    # Nothing cached for the account: nothing to miss.
    other = [make_post(n, account="other") for n in range(40, 35, -1)]
    assert find_gaps(cached, other, short=set()) == []


def test_reading_at_start_loads_no_network_stack() -> None:
    """The window paints from the cache before httpx, keyring or the sandbox are loaded."""
    import subprocess
    import sys

    code = (
        "import sys, app.services.timeline_cache as c; "
        "heavy = {'httpx', 'keyring', 'aiohttp', 'app.sandbox', 'app.networks', 'PySide6'}; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or "
        "any(m.startswith(h + '.') or m == h for h in heavy)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_a_gap_load_passes_over_pages_with_nothing_for_the_column() -> None:
    """A home timeline's page of open posts has nothing for the friends column: the gap
    load goes on to the next page instead of taking the gap for closed."""
    from app.core.models import AccountRef, Capabilities
    from app.networks.base import AdapterBase
    from app.services.timeline import TimelineFeed

    both = frozenset({Audience.PUBLIC, Audience.FRIENDS})
    friends = {46, 44}

    class Home(AdapterBase):
        network = "misskey"
        account = AccountRef("misskey:nakama:me", "misskey", "https://n", "1", "me", "@me", both)
        capabilities = Capabilities(audiences=both)

        def __init__(self) -> None:
            self.asked: list[str | None] = []

        async def timeline(self, *, limit: int = 20, older_than: str | None = None) -> list[Post]:
            self.asked.append(older_than)
            start = int(older_than or "51") - 1
            return [
                make_post(
                    n,
                    account=self.account.key,
                    audience=Audience.FRIENDS if n in friends else Audience.PUBLIC,
                )
                for n in range(start, start - limit, -1)
            ]

    adapter = Home()
    feed = TimelineFeed(Audience.FRIENDS, [adapter], page_size=3)
    posts, last = asyncio.run(feed.gap_page(adapter.account.key, f"{50:08d}"))
    assert [p.id for p in posts] == [f"{46:08d}", f"{44:08d}"] and not last
    assert adapter.asked == [f"{50:08d}", f"{47:08d}"]


def test_reading_does_not_wait_behind_a_write_held_by_another_process(tmp_path: Path) -> None:
    """The command line holds the database's write lock: the cache's writes wait for it,
    but reading a column does not wait for them."""
    path = tmp_path / "kizuna.db"
    Store(path).close()

    async def scenario() -> None:
        cache = TimelineCache(path)
        cli = sqlite3.connect(path, isolation_level=None)
        try:
            cache.put(Audience.PUBLIC, [make_post(1)])
            await cache.flush()
            cli.execute("BEGIN IMMEDIATE")  # another process is writing
            cache.put(Audience.PUBLIC, [make_post(2)])
            column = await cache.load(Audience.PUBLIC, ["mastodon:sora:me"])
            assert [p.id for p in column.posts] == [f"{1:08d}"]
            assert cache._last is not None and not cache._last.done()  # still waiting
            cli.execute("ROLLBACK")
            await cache.flush()
            column = await cache.load(Audience.PUBLIC, ["mastodon:sora:me"])
            assert [p.id for p in column.posts] == [f"{2:08d}", f"{1:08d}"]
        finally:
            cli.close()
            await cache.aclose()

    asyncio.run(scenario())


def test_a_write_that_cannot_be_made_is_logged_never_raised(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async def scenario() -> None:
        cache = TimelineCache(tmp_path / "no such folder" / "kizuna.db")
        cache.put(Audience.PUBLIC, [make_post(1)])
        cache.save_column(Audience.PUBLIC, ["a"], None, 0)
        await cache.flush()
        assert (await cache.load(Audience.PUBLIC, ["a"])).posts == []
        await cache.aclose()
        cache.put(Audience.PUBLIC, [make_post(2)])  # after closing: dropped
        await cache.flush()

    with caplog.at_level(logging.WARNING, logger="app.services.timeline_cache"):
        asyncio.run(scenario())
    assert sum("not written" in r.message for r in caplog.records) == 2
    assert not (tmp_path / "no such folder").exists()
