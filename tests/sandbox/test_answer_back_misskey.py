"""Answering back on the sandbox's Misskey 「なかま」 through the adapter: a reply threads
(``replyId``) and keeps its parent's audience — read as outsiders, who must not see a
reply to a friends-only note — a reaction and a renote land and show from another
account, the thread and the notifications read back, and a renote of a friends-only note
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
from app.networks.misskey import DEFAULT_REACTION, MisskeyAdapter


def call(sandbox: Any, username: str | None, endpoint: str, **body: Any) -> httpx.Response:
    if username is not None:
        body["i"] = sandbox.token("friends", username)
    return httpx.post(f"{sandbox.friends_url}/api/{endpoint}", json=body)


def user_id(sandbox: Any, username: str) -> str:
    r = call(sandbox, username, "i")
    r.raise_for_status()
    return str(r.json()["id"])


def adapter(sandbox: Any, username: str = "me", client: httpx.AsyncClient | None = None) -> Any:
    account = AccountRef(
        key=f"misskey:{sandbox.friends_url}:{username}",
        network="misskey",
        base_url=sandbox.friends_url,
        user_id=user_id(sandbox, username),
        username=username,
        handle=f"@{username}@nakama",
        serves=frozenset({Audience.FRIENDS}),
        label="nakama",
        sandbox=True,
    )
    return MisskeyAdapter(account, sandbox.token("friends", username), client=client)


def note_as(sandbox: Any, username: str, text: str, visibility: str, **extra: Any) -> str:
    r = call(sandbox, username, "notes/create", text=text, visibility=visibility, **extra)
    r.raise_for_status()
    return str(r.json()["createdNote"]["id"])


def read_as(sandbox: Any, username: str | None, note_id: str) -> dict[str, Any]:
    r = call(sandbox, username, "notes/show", noteId=note_id)
    r.raise_for_status()
    body: dict[str, Any] = r.json()
    return body


def shown(sandbox: Any, a: MisskeyAdapter, note_id: str) -> Post:
    return a.parse_note(read_as(sandbox, a.account.username, note_id))


def test_reply_to_a_followers_note_stays_friends_only(sandbox: Any) -> None:
    parent_id = note_as(sandbox, "haruka", "忘年会どこにする？", "followers")

    async def scenario() -> str:
        me = adapter(sandbox)
        try:
            parent = shown(sandbox, me, parent_id)
            assert parent.audience is Audience.FRIENDS
            with pytest.raises(AudienceRefused):
                await me.reply(parent, Outgoing("公開で返事", Audience.PUBLIC))
            sent = await me.reply(parent, Outgoing("駅前の居酒屋！", Audience.FRIENDS))
            return sent.remote_id
        finally:
            await me.aclose()

    reply_id = asyncio.run(scenario())
    as_friend = read_as(sandbox, "takumi", reply_id)
    assert (as_friend["replyId"], as_friend["visibility"]) == (parent_id, "followers")
    assert as_friend["text"] == "駅前の居酒屋！"
    for outsider in ("kaito", "hiro_san", None):
        seen = read_as(sandbox, outsider, reply_id)
        assert seen.get("isHidden") is True and seen["text"] is None, outsider
    children = call(sandbox, "takumi", "notes/children", noteId=parent_id).json()
    assert [n["id"] for n in children] == [reply_id]
    assert call(sandbox, "kaito", "notes/children", noteId=parent_id).status_code == 400


def test_reply_to_a_specified_note_goes_to_the_same_people(sandbox: Any) -> None:
    me_id, rin_id = user_id(sandbox, "me"), user_id(sandbox, "rin")
    parent_id = note_as(
        sandbox, "mio", "サプライズの相談", "specified", visibleUserIds=[me_id, rin_id]
    )

    async def scenario() -> str:
        me = adapter(sandbox)
        try:
            parent = shown(sandbox, me, parent_id)
            with pytest.raises(AudienceRefused):  # followers would be wider
                await me.reply(parent, Outgoing("みんなに", Audience.FRIENDS))
            audience, people = reply_audience(parent, me.account.user_id)
            assert set(people) == {user_id(sandbox, "mio"), rin_id}
            sent = await me.reply(parent, Outgoing("ケーキ係やるね", audience, people))
            return sent.remote_id
        finally:
            await me.aclose()

    reply_id = asyncio.run(scenario())
    as_rin = read_as(sandbox, "rin", reply_id)
    assert (as_rin["visibility"], as_rin["replyId"]) == ("specified", parent_id)
    assert as_rin["text"] == "ケーキ係やるね"
    assert read_as(sandbox, "mio", reply_id)["text"] == "ケーキ係やるね"
    assert read_as(sandbox, "kenji", reply_id).get("isHidden") is True  # a friend, not addressed


def test_reaction_renote_and_notifications_land(sandbox: Any) -> None:
    parent_id = note_as(sandbox, "takumi", "メリークリスマス！", "public")

    async def scenario() -> tuple[str, str]:
        me = adapter(sandbox)
        try:
            parent = shown(sandbox, me, parent_id)
            reply = await me.reply(parent, Outgoing("メリクリ！", Audience.PUBLIC))
            await me.react(parent)
            await me.react(parent)  # a second like keeps the first
            renote = await me.boost(parent)
            return reply.remote_id, renote.remote_id
        finally:
            await me.aclose()

    reply_id, renote_id = asyncio.run(scenario())
    seen = read_as(sandbox, "kenji", parent_id)
    assert seen["reactions"] == {DEFAULT_REACTION: 1}
    assert (seen["renoteCount"], seen["repliesCount"]) == (1, 1)
    assert read_as(sandbox, "kenji", renote_id)["renoteId"] == parent_id

    async def haruka_sees_the_renote_at_home() -> None:
        haruka = adapter(sandbox, "haruka")  # follows me
        try:
            home = await haruka.timeline(limit=40)
        finally:
            await haruka.aclose()
        (shared,) = [p for p in home if p.id == renote_id]
        assert shared.boost_of == parent_id and shared.author.username == "takumi"

    asyncio.run(haruka_sees_the_renote_at_home())
    assert read_as(sandbox, "me", parent_id)["myReaction"] == DEFAULT_REACTION

    async def takumi_sees() -> tuple[list[Any], list[Post]]:
        takumi = adapter(sandbox, "takumi")
        try:
            return await takumi.notifications(), await takumi.conversation(
                shown(sandbox, takumi, parent_id)
            )
        finally:
            await takumi.aclose()

    notes, thread = asyncio.run(takumi_sees())
    by_me = [n for n in notes if n.author.username == "me"]
    kinds = {n.kind for n in by_me}
    assert {NotificationKind.REPLY, NotificationKind.REACTION, NotificationKind.BOOST} <= kinds
    assert [n.reaction for n in by_me if n.kind is NotificationKind.REACTION] == [DEFAULT_REACTION]
    assert [p.id for p in thread] == [parent_id, reply_id]


def test_conversation_and_mentions_since(sandbox: Any) -> None:
    root = note_as(sandbox, "takumi", "年賀状、今年も出す？", "public")

    async def scenario() -> None:
        me = adapter(sandbox)
        try:
            before = await me.notifications()
            newest = before[0].id if before else None
            middle = await me.reply(shown(sandbox, me, root), Outgoing("出すよ", Audience.PUBLIC))
            last = await me.reply(
                shown(sandbox, me, middle.remote_id), Outgoing("干支は未", Audience.PUBLIC)
            )
            thread = await me.conversation(shown(sandbox, me, middle.remote_id))
            assert [p.id for p in thread] == [root, middle.remote_id, last.remote_id]
            mention = note_as(sandbox, "rin", "@me 明日よろしくね", "public")
            after = await me.notifications(since=newest)
            assert [(n.kind, n.author.username, n.post.id if n.post else "") for n in after] == [
                (NotificationKind.MENTION, "rin", mention)
            ]
        finally:
            await me.aclose()

    asyncio.run(scenario())


def test_the_server_refuses_a_renote_of_a_followers_note(sandbox: Any) -> None:
    parent_id = note_as(sandbox, "haruka", "内緒の話", "followers")
    r = call(sandbox, "me", "notes/create", renoteId=parent_id)
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "CANNOT_RENOTE_DUE_TO_VISIBILITY"


def test_the_server_refuses_a_wider_reply_to_a_specified_note(sandbox: Any) -> None:
    parent_id = note_as(
        sandbox, "mio", "ないしょ", "specified", visibleUserIds=[user_id(sandbox, "me")]
    )
    r = call(
        sandbox, "me", "notes/create", text="みんなへ", replyId=parent_id, visibility="followers"
    )
    assert r.status_code == 400
    assert (
        r.json()["error"]["code"]
        == "CANNOT_REPLY_TO_SPECIFIED_VISIBILITY_NOTE_WITH_EXTENDED_VISIBILITY"
    )


def test_renoting_a_friends_only_note_is_refused_before_any_request() -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(500)

    friends_note = Post(
        id="9x",
        network="misskey",
        account_key="k",
        author=Author("h1", "haruka", "@haruka@nakama", "Haruka"),
        created_at=datetime(2026, 12, 24, tzinfo=UTC),
        text="x",
        html="x",
        audience=Audience.FRIENDS,
        visibility="followers",
    )

    async def scenario() -> None:
        client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        ref = AccountRef("k", "misskey", "http://127.0.0.1:9", "m1", "me", "@me", frozenset())
        a = MisskeyAdapter(ref, "t", client=client)
        try:
            with pytest.raises(AudienceRefused):
                await a.boost(friends_note)
            with pytest.raises(AudienceRefused):
                await a.reply(friends_note, Outgoing("x", Audience.PUBLIC))
        finally:
            await client.aclose()

    asyncio.run(scenario())
    assert requests == []
