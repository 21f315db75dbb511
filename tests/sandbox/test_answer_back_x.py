"""Answering back on X through the adapter, against the fake X API v2
(tests/fakes/x_server.py): a reply threads (``in_reply_to_tweet_id``, one conversation),
a like and a retweet land and show in another reader's metrics, the conversation and the
mentions read back, and a friends reply or a retweet of a friends-only post is refused
before any request."""

from __future__ import annotations

import dataclasses

import httpx
import pytest

from app.core.models import Audience, NotificationKind, Outgoing, Post
from app.networks.base import AudienceRefused
from tests.fakes.x_server import FakeX
from tests.sandbox.test_x_adapter import adapter_for, run


def _shown(posts: list[Post], tweet_id: str) -> Post:
    return next(p for p in posts if p.id == tweet_id)


def test_reply_like_retweet_conversation_and_mentions() -> None:
    async def test(fake: FakeX) -> None:
        friend = fake.add_user("haruka_x", "はるか")
        root = fake.add_tweet(friend, "メリークリスマス！ #メリクリ")
        adapter = await adapter_for(fake)
        try:
            parent = _shown(await adapter.timeline(), root.id)
            before = len(fake.requests)
            with pytest.raises(AudienceRefused):
                await adapter.reply(parent, Outgoing("内緒", Audience.FRIENDS))
            assert len(fake.requests) == before  # refused before any request

            sent = await adapter.reply(parent, Outgoing("メリクリ！", Audience.PUBLIC))
            assert fake.bodies[-1]["reply"] == {"in_reply_to_tweet_id": root.id}
            stored = fake.tweet(sent.remote_id)
            assert stored is not None and stored.reply_to == root.id
            assert stored.conversation_id == root.id

            await adapter.react(parent)
            boosted = await adapter.boost(parent)
            assert boosted.remote_id == root.id

            # Another reader sees the like, the retweet and the reply in the metrics.
            async with httpx.AsyncClient() as reader:
                looked = await reader.get(
                    f"{fake.base_url}/2/tweets/{root.id}",
                    params={"tweet.fields": "public_metrics"},
                    headers={"Authorization": f"Bearer {adapter.session.access_token}"},
                )
            metrics = looked.json()["data"]["public_metrics"]
            assert (metrics["like_count"], metrics["retweet_count"], metrics["reply_count"]) == (
                1,
                1,
                1,
            )

            # A friend's answer to our reply: one conversation, oldest first.
            answer = fake.add_tweet(friend, "ありがとう！")
            answer.reply_to, answer.conversation_id = sent.remote_id, root.id
            answer.in_reply_to_user_id = fake.me.id
            ours = dataclasses.replace(parent, id=sent.remote_id, text="メリクリ！")
            thread = await adapter.conversation(ours)
            assert [p.id for p in thread] == [root.id, sent.remote_id, answer.id]
            assert thread[1].in_reply_to_id == root.id

            mention = fake.add_tweet(friend, "@kizuna_me 年賀状届いた？")
            found = await adapter.notifications()
            assert [(n.kind, n.id) for n in found] == [
                (NotificationKind.MENTION, mention.id),
                (NotificationKind.REPLY, answer.id),
            ]
            assert found[0].author.username == "haruka_x"
            assert [n.id for n in await adapter.notifications(since=answer.id)] == [mention.id]
        finally:
            await adapter.aclose()

    run(test)


def test_retweeting_a_friends_only_post_is_refused_before_any_request() -> None:
    async def test(fake: FakeX) -> None:
        friend = fake.add_user("mio_x")
        tweet = fake.add_tweet(friend, "こんにちは")
        adapter = await adapter_for(fake)
        try:
            shown = _shown(await adapter.timeline(), tweet.id)
            friends_only = dataclasses.replace(
                shown, audience=Audience.FRIENDS, visibility="private"
            )
            before = len(fake.requests)
            with pytest.raises(AudienceRefused):
                await adapter.boost(friends_only)
            assert len(fake.requests) == before
            assert not any(t.retweet_of for t in fake.tweets)
        finally:
            await adapter.aclose()

    run(test)
