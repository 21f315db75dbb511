"""Replies through the app's outbox on the sandbox: a reply queued by the session's
Poster is a durable outbox row, threads on the server (``in_reply_to_id`` /
``replyId``) and keeps its parent's audience — read as outsiders, who must not see a
reply to a friends-only post. Likes and boosts through the session's answers show from
another account; a boost of a friends-only post is refused before any request."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from app.core.errors import AudienceRefused
from app.core.models import Audience, Post
from app.services.poster import TargetState
from app.services.send import Refusal, SendRefused
from app.services.session import Session, open_sandbox_session
from app.store.db import Store
from app.store.outbox import OutboxStore

T = TypeVar("T")


def misskey(sandbox: Any, username: str | None, endpoint: str, **body: Any) -> Any:
    if username is not None:
        body["i"] = sandbox.token("friends", username)
    r = httpx.post(f"{sandbox.friends_url}/api/{endpoint}", json=body, timeout=10)
    return r


def mastodon(sandbox: Any, username: str | None, method: str, path: str, **kw: Any) -> Any:
    headers = {}
    if username is not None:
        headers["Authorization"] = f"Bearer {sandbox.token('public', username)}"
    return httpx.request(method, f"{sandbox.public_url}{path}", headers=headers, timeout=10, **kw)


def run(sandbox: Any, store: Store, body: Callable[[Session], Awaitable[T]]) -> T:
    async def scenario() -> T:
        session = await open_sandbox_session(sandbox.data_dir, store=store)
        try:
            return await body(session)
        finally:
            await session.aclose()

    return asyncio.run(scenario())


async def shown(session: Session, audience: Audience, remote_id: str) -> Post:
    """The post as the demo user's column shows it (the account that will answer)."""
    for _ in range(3):
        for post in await session.feeds[audience].adapters[0].timeline(limit=40):
            if post.subject_id == remote_id:
                return post
    raise AssertionError(f"{remote_id} not in the {audience.value} column")


def test_reply_to_a_friends_note_goes_through_the_outbox_and_stays_friends_only(
    sandbox: Any, store: Store
) -> None:
    parent_id = misskey(
        sandbox, "haruka", "notes/create", text="忘年会どこにする？", visibility="followers"
    ).json()["createdNote"]["id"]

    async def body(session: Session) -> tuple[str, int]:
        parent = await shown(session, Audience.FRIENDS, parent_id)
        with pytest.raises(SendRefused) as wider:
            await session.poster.send_reply(parent, "公開で返事", audience=Audience.PUBLIC)
        assert wider.value.reason is Refusal.AUDIENCE
        results = await session.poster.send_reply(parent, "駅前の居酒屋！")
        (result,) = results
        assert result.state is TargetState.SENT and result.published is not None
        assert result.outbox_id is not None
        return result.published.remote_id, result.outbox_id

    reply_id, row_id = run(sandbox, store, body)
    row = OutboxStore(store).target(row_id)
    assert row is not None and row.reply_to is not None and row.reply_to.id == parent_id
    assert row.audience is Audience.FRIENDS
    as_friend = misskey(sandbox, "takumi", "notes/show", noteId=reply_id).json()
    assert (as_friend["replyId"], as_friend["visibility"]) == (parent_id, "followers")
    for outsider in ("kaito", None):
        seen = misskey(sandbox, outsider, "notes/show", noteId=reply_id).json()
        assert seen.get("isHidden") is True and seen["text"] is None, outsider


def test_reply_to_a_public_status_threads_and_is_public(sandbox: Any, store: Store) -> None:
    parent_id = mastodon(
        sandbox, "haruka", "POST", "/api/v1/statuses", data={"status": "今日は冬至ですね"}
    ).json()["id"]

    async def body(session: Session) -> str:
        parent = await shown(session, Audience.PUBLIC, parent_id)
        (result,) = await session.poster.send_reply(parent, "ゆず湯に入ります")
        assert result.state is TargetState.SENT and result.published is not None
        return result.published.remote_id

    reply_id = run(sandbox, store, body)
    seen = mastodon(sandbox, None, "GET", f"/api/v1/statuses/{reply_id}").json()
    assert seen["in_reply_to_id"] == parent_id and seen["visibility"] == "public"
    assert "ゆず湯に入ります" in seen["content"]


def test_like_and_boost_show_from_another_account(sandbox: Any, store: Store) -> None:
    status_id = mastodon(
        sandbox, "takumi", "POST", "/api/v1/statuses", data={"status": "朝の川沿い"}
    ).json()["id"]

    async def body(session: Session) -> None:
        post = await shown(session, Audience.PUBLIC, status_id)
        await session.answers.react(post)
        await session.answers.boost(post)

    run(sandbox, store, body)
    seen = mastodon(sandbox, "kenji", "GET", f"/api/v1/statuses/{status_id}").json()
    assert seen["favourites_count"] == 1 and seen["reblogs_count"] == 1


def test_boosting_a_friends_note_is_refused_before_any_request(sandbox: Any, store: Store) -> None:
    note_id = misskey(
        sandbox, "mio", "notes/create", text="こむぎが寝てる", visibility="followers"
    ).json()["createdNote"]["id"]

    async def body(session: Session) -> None:
        post = await shown(session, Audience.FRIENDS, note_id)
        adapter = session.answers.adapter(post)
        calls: list[object] = []
        original = adapter.boost

        async def counting(p: Post) -> Any:
            calls.append(p)
            return await original(p)

        adapter.boost = counting  # type: ignore[method-assign,assignment]
        with pytest.raises(AudienceRefused):
            await session.answers.boost(post)
        assert calls == []  # refused in the service, before the adapter was asked

    run(sandbox, store, body)
    seen = misskey(sandbox, "mio", "notes/show", noteId=note_id).json()
    assert seen.get("renoteCount", 0) == 0


def test_a_reply_waits_in_the_outbox_across_a_restart(sandbox: Any, profile_dir: Path) -> None:
    """Queued (not yet sent) replies keep the post they answer in SQLite."""
    parent_id = mastodon(
        sandbox, "rin", "POST", "/api/v1/statuses", data={"status": "だいずと散歩"}
    ).json()["id"]
    db = Store(profile_dir / "kizuna.db")

    async def queue(session: Session) -> int:
        parent = await shown(session, Audience.PUBLIC, parent_id)
        return session.outbox.enqueue_reply(parent, "かわいい！")

    try:
        message_id = run(sandbox, db, queue)
    finally:
        db.close()
    db = Store(profile_dir / "kizuna.db")

    async def send(session: Session) -> str:
        (row,) = await session.outbox.send_message(message_id)
        assert row.remote_id is not None
        return row.remote_id

    try:
        reply_id = run(sandbox, db, send)
    finally:
        db.close()
    seen = mastodon(sandbox, None, "GET", f"/api/v1/statuses/{reply_id}").json()
    assert seen["in_reply_to_id"] == parent_id
