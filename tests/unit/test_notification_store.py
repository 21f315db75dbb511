"""The notifications table: a notification is stored once, each account keeps its newest
rows only, seen/unseen is counted per session's accounts, every field reads back, and an
unreadable row is skipped with a log line instead of emptying the list."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from app.core.models import (
    AccountRef,
    Audience,
    Author,
    MediaAttachment,
    Notification,
    NotificationKind,
    Post,
)
from app.services.notifications import circle_of
from app.store.db import Store
from app.store.notifications import NotificationStore, StoredNotification

T0 = datetime(2027, 1, 1, 0, 0, tzinfo=UTC)
RIN = Author("9", "rin", "@rin@sora", "りん", "http://127.0.0.1:1/a.png")


def _post(pid: str, audience: Audience = Audience.PUBLIC) -> Post:
    return Post(
        id=pid,
        network="mastodon",
        account_key="a",
        author=RIN,
        created_at=T0,
        text="@me あけおめ",
        html="<p>@me あけおめ</p>",
        audience=audience,
        visibility="public" if audience is Audience.PUBLIC else "private",
        url=f"http://127.0.0.1:1/@rin/{pid}",
        media=(MediaAttachment("http://127.0.0.1:1/m.png", description="カード"),),
        in_reply_to_id="1",
    )


def _row(nid: str, minutes: int, account: str = "a", **kw: Any) -> StoredNotification:
    n = Notification(
        id=nid,
        kind=kw.pop("kind", NotificationKind.MENTION),
        account_key=account,
        author=RIN,
        created_at=T0 + timedelta(minutes=minutes),
        post=kw.pop("post", _post(f"p{nid}")),
        reaction=kw.pop("reaction", ""),
    )
    return StoredNotification(n, kw.pop("circle", Audience.PUBLIC))


def test_stored_once_bounded_and_counted(tmp_path: Path) -> None:
    store = Store(tmp_path / "k.db")
    try:
        table = NotificationStore(store, keep=3)
        assert [r.key for r in table.add([_row("1", 1), _row("2", 2)])] == [("a", "1"), ("a", "2")]
        assert table.add([_row("1", 1)]) == []  # the same notification again: not stored
        table.add([_row("x", 0, account="b")])
        table.add([_row("3", 3), _row("4", 4)])
        assert [r.notification.id for r in table.recent(["a"])] == ["4", "3", "2"]  # newest 3
        assert table.newest_id("a") == "4" and table.newest_id("nobody") is None
        assert table.unseen_count(["a"]) == 3 and table.unseen_count(["a", "b"]) == 4
        assert table.mark_seen(["a"]) == 3
        assert table.unseen_count(["a", "b"]) == 1
        assert table.add([_row("4", 4)]) == []  # seen stays seen
        assert all(r.seen for r in table.recent(["a"]))
    finally:
        store.close()


def test_every_field_reads_back(tmp_path: Path) -> None:
    store = Store(tmp_path / "k.db")
    try:
        table = NotificationStore(store)
        reaction = _row(
            "r", 1, kind=NotificationKind.REACTION, reaction="👍", circle=Audience.FRIENDS
        )
        follow = _row("f", 2, kind=NotificationKind.FOLLOW, post=None)
        table.add([reaction, follow])
        back = {r.notification.id: r for r in table.recent(["a"])}
        assert back["r"] == reaction and back["f"] == follow
    finally:
        store.close()


def test_an_unreadable_row_is_skipped_with_a_log_line(tmp_path: Path, caplog: Any) -> None:
    store = Store(tmp_path / "k.db")
    try:
        table = NotificationStore(store)
        table.add([_row("1", 1), _row("2", 2)])
        store.connection.execute("UPDATE notifications SET body = '{\"oops\": 1}' WHERE id = '2'")
        with caplog.at_level(logging.WARNING):
            assert [r.notification.id for r in table.recent(["a"])] == ["1"]
        assert any("unreadable stored notification" in r.getMessage() for r in caplog.records)
    finally:
        store.close()


def test_the_circle_of_a_notification() -> None:
    both = AccountRef("a", "mastodon", "u", "1", "me", "@me", frozenset(Audience))
    friends = AccountRef("a", "misskey", "u", "1", "me", "@me", frozenset({Audience.FRIENDS}))
    public_post = _row("1", 1).notification
    private_post = _row("2", 1, post=_post("p", Audience.FRIENDS)).notification
    follow = _row("3", 1, kind=NotificationKind.FOLLOW, post=None).notification
    assert circle_of(public_post, both) is Audience.PUBLIC
    assert circle_of(private_post, both) is Audience.FRIENDS
    assert circle_of(follow, both) is Audience.PUBLIC
    assert circle_of(public_post, friends) is Audience.FRIENDS
    assert circle_of(follow, friends) is Audience.FRIENDS
