"""Answering back on the sandbox's Mastodon 「そら」 through the adapter: a reply threads
(``in_reply_to_id``) and keeps its parent's audience — read as outsiders, who must not
see a reply to a friends-only post — a favourite and a boost land and show from another
account, the thread and the notifications read back, and a boost of a friends-only post
(or a reply wider than its parent) is refused before any request."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from app.core.answering import reply_audience
from app.core.models import AccountRef, Audience, Author, NotificationKind, Outgoing, Post
from app.networks.base import AudienceRefused
from app.networks.mastodon import MastodonAdapter


def _headers(sandbox: Any, username: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {sandbox.token('public', username)}"}


def user_id(sandbox: Any, username: str) -> str:
    r = httpx.get(
        f"{sandbox.public_url}/api/v1/accounts/verify_credentials",
        headers=_headers(sandbox, username),
    )
    r.raise_for_status()
    return str(r.json()["id"])


def adapter(sandbox: Any, username: str = "me", *, streaming: bool = False) -> Any:
    account = AccountRef(
        key=f"mastodon:{sandbox.public_url}:{username}",
        network="mastodon",
        base_url=sandbox.public_url,
        user_id=user_id(sandbox, username),
        username=username,
        handle=f"@{username}@sora",
        serves=frozenset({Audience.PUBLIC, Audience.FRIENDS}),
        label="sora",
        sandbox=True,
    )
    streaming_url = sandbox.public_streaming_url if streaming else None
    return MastodonAdapter(account, sandbox.token("public", username), streaming_url=streaming_url)


def post_as(sandbox: Any, username: str, text: str, visibility: str) -> str:
    r = httpx.post(
        f"{sandbox.public_url}/api/v1/statuses",
        headers=_headers(sandbox, username),
        data={"status": text, "visibility": visibility},
    )
    r.raise_for_status()
    return str(r.json()["id"])


def read_as(sandbox: Any, username: str, status_id: str) -> httpx.Response:
    return httpx.get(
        f"{sandbox.public_url}/api/v1/statuses/{status_id}", headers=_headers(sandbox, username)
    )


def shown(sandbox: Any, a: MastodonAdapter, status_id: str) -> Post:
    """The post as the adapter's account sees it (what a column would show)."""
    r = read_as(sandbox, a.account.username, status_id)
    r.raise_for_status()
    return a.parse_status(r.json())


def test_reply_to_a_friends_only_post_stays_friends_only(sandbox: Any) -> None:
    # mio and me follow each other; aoi follows mio (sees the parent) but not me;
    # takumi follows me.
    parent_id = post_as(sandbox, "mio", "クリスマス会の場所、決まった？", "private")

    async def scenario() -> str:
        me = adapter(sandbox)
        try:
            parent = shown(sandbox, me, parent_id)
            assert parent.audience is Audience.FRIENDS
            with pytest.raises(AudienceRefused):
                await me.reply(parent, Outgoing("公開で返事", Audience.PUBLIC))
            sent = await me.reply(parent, Outgoing("駅前のカフェだよ", Audience.FRIENDS))
            return sent.remote_id
        finally:
            await me.aclose()

    reply_id = asyncio.run(scenario())
    as_takumi = read_as(sandbox, "takumi", reply_id)
    assert as_takumi.status_code == 200
    status = as_takumi.json()
    assert status["in_reply_to_id"] == parent_id
    assert status["visibility"] == "private"
    assert read_as(sandbox, "mio", reply_id).status_code == 200  # mentioned: told
    assert read_as(sandbox, "aoi", reply_id).status_code == 404  # sees the parent, not this
    assert read_as(sandbox, "aoi", parent_id).status_code == 200
    assert read_as(sandbox, "haruka", reply_id).status_code == 404
    assert httpx.get(f"{sandbox.public_url}/api/v1/statuses/{reply_id}").status_code == 404
    context = httpx.get(
        f"{sandbox.public_url}/api/v1/statuses/{parent_id}/context",
        headers=_headers(sandbox, "aoi"),
    ).json()
    assert reply_id not in [s["id"] for s in context["descendants"]]


def test_reply_to_a_direct_post_goes_to_the_same_people(sandbox: Any) -> None:
    parent_id = post_as(sandbox, "mio", "@me @rin 内緒のプレゼント相談", "direct")

    async def scenario() -> str:
        me = adapter(sandbox)
        try:
            parent = shown(sandbox, me, parent_id)
            assert parent.visibility == "direct"
            with pytest.raises(AudienceRefused):  # followers-only would be wider
                await me.reply(parent, Outgoing("みんなに", Audience.FRIENDS))
            audience, people = reply_audience(parent, me.account.user_id)
            assert set(people) == {user_id(sandbox, "mio"), user_id(sandbox, "rin")}
            sent = await me.reply(parent, Outgoing("いいね、そうしよう", audience, people))
            return sent.remote_id
        finally:
            await me.aclose()

    reply_id = asyncio.run(scenario())
    status = read_as(sandbox, "rin", reply_id).json()
    assert status["visibility"] == "direct"
    assert status["in_reply_to_id"] == parent_id
    assert read_as(sandbox, "mio", reply_id).status_code == 200
    assert read_as(sandbox, "takumi", reply_id).status_code == 404  # follows me; not addressed


def test_public_reply_favourite_and_boost_land(sandbox: Any) -> None:
    parent_id = post_as(sandbox, "takumi", "メリークリスマス！", "public")

    async def scenario() -> tuple[str, str]:
        me = adapter(sandbox)
        try:
            parent = shown(sandbox, me, parent_id)
            reply = await me.reply(parent, Outgoing("メリクリ！", Audience.PUBLIC))
            await me.react(parent)
            boost = await me.boost(parent)
            return reply.remote_id, boost.remote_id
        finally:
            await me.aclose()

    reply_id, boost_id = asyncio.run(scenario())
    assert boost_id != parent_id
    seen = read_as(sandbox, "kenji", parent_id).json()
    assert (seen["favourites_count"], seen["reblogs_count"], seen["replies_count"]) == (1, 1, 1)
    assert read_as(sandbox, "kenji", reply_id).json()["in_reply_to_id"] == parent_id

    async def kenji_sees_the_boost_at_home() -> None:
        kenji = adapter(sandbox, "kenji")  # follows me, not takumi
        try:
            home = await kenji.timeline(limit=40)
        finally:
            await kenji.aclose()
        (shared,) = [p for p in home if p.id == boost_id]
        assert shared.boost_of == parent_id and shared.author.username == "takumi"
        assert shared.audience is Audience.PUBLIC

    asyncio.run(kenji_sees_the_boost_at_home())

    async def takumi_sees() -> tuple[list[Any], list[Post]]:
        takumi = adapter(sandbox, "takumi")
        try:
            parent = shown(sandbox, takumi, parent_id)
            return await takumi.notifications(), await takumi.conversation(parent)
        finally:
            await takumi.aclose()

    notes, thread = asyncio.run(takumi_sees())
    kinds = {
        (n.kind, n.author.username) for n in notes if n.post and n.post.id in (parent_id, reply_id)
    }
    assert {
        (NotificationKind.REPLY, "me"),
        (NotificationKind.REACTION, "me"),
        (NotificationKind.BOOST, "me"),
    } <= kinds
    assert [p.id for p in thread] == [parent_id, reply_id]
    assert thread[1].in_reply_to_id == parent_id


def test_notifications_since_and_mentions(sandbox: Any) -> None:
    async def scenario() -> None:
        me = adapter(sandbox)
        try:
            before = await me.notifications()
            newest = before[0].id if before else None
            mention_id = post_as(sandbox, "rin", "@me 明日よろしくね", "public")
            after = await me.notifications(since=newest)
            assert [(n.kind, n.author.username, n.post.id if n.post else None) for n in after] == [
                (NotificationKind.MENTION, "rin", mention_id)
            ]
        finally:
            await me.aclose()

    asyncio.run(scenario())


def test_conversation_lists_ancestors_then_replies(sandbox: Any) -> None:
    root = post_as(sandbox, "takumi", "年賀状、今年も出す？", "public")

    async def scenario() -> None:
        me = adapter(sandbox)
        try:
            middle = await me.reply(shown(sandbox, me, root), Outgoing("出すよ", Audience.PUBLIC))
            last = await me.reply(
                shown(sandbox, me, middle.remote_id), Outgoing("干支は未", Audience.PUBLIC)
            )
            thread = await me.conversation(shown(sandbox, me, middle.remote_id))
            assert [p.id for p in thread] == [root, middle.remote_id, last.remote_id]
        finally:
            await me.aclose()

    asyncio.run(scenario())


def _friends_post() -> Post:
    return Post(
        id="42",
        network="mastodon",
        account_key="k",
        author=Author("7", "mio", "@mio@sora", "Mio"),
        created_at=datetime(2026, 12, 24, tzinfo=UTC),
        text="x",
        html="x",
        audience=Audience.FRIENDS,
        visibility="private",
    )


def test_boosting_a_friends_only_post_is_refused_before_any_request() -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(500)

    async def scenario() -> None:
        client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        a = MastodonAdapter(
            AccountRef("k", "mastodon", "http://127.0.0.1:9", "1", "me", "@me@sora", frozenset()),
            "t",
            client=client,
        )
        try:
            with pytest.raises(AudienceRefused):
                await a.boost(_friends_post())
            with pytest.raises(AudienceRefused):
                await a.reply(_friends_post(), Outgoing("x", Audience.PUBLIC))
        finally:
            await client.aclose()

    asyncio.run(scenario())
    assert requests == []


def test_a_boost_streams_to_the_boosters_followers(sandbox: Any) -> None:
    from tests.helpers import first_streamed

    parent_id = post_as(sandbox, "takumi", "初日の出！", "public")

    def boost_as_me() -> None:
        r = httpx.post(
            f"{sandbox.public_url}/api/v1/statuses/{parent_id}/reblog",
            headers=_headers(sandbox, "me"),
        )
        r.raise_for_status()

    async def scenario() -> Post:
        kenji = adapter(sandbox, "kenji", streaming=True)
        try:
            return await first_streamed(kenji, boost_as_me, lambda p: p.boost_of == parent_id)
        finally:
            await kenji.aclose()

    shared = asyncio.run(scenario())
    assert shared.author.username == "takumi" and shared.text == "初日の出！"
