"""``find_own`` over real HTTP: Mastodon and Misskey against the sandbox, X against its fake.

The rule (app.networks.own_posts): exact text AND audience, created in ``[since, until)``,
never an id another outbox row claimed, the oldest such post. Matching by text alone lost
a friends post that repeated an earlier public one (issue 10, finding 1).
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from app.core.models import AccountRef, Audience, Outgoing
from app.networks.base import NetworkAdapter
from app.networks.mastodon import MastodonAdapter
from app.networks.misskey import MisskeyAdapter
from app.networks.x import XAdapter
from tests.fakes.x_server import FakeX
from tests.sandbox.test_x_adapter import account_for as x_account
from tests.sandbox.test_x_adapter import sign_in as x_sign_in


def _mastodon(sandbox: Any) -> MastodonAdapter:
    token = sandbox.token("public", "me")
    me = httpx.get(
        f"{sandbox.public_url}/api/v1/accounts/verify_credentials",
        headers={"Authorization": f"Bearer {token}"},
    ).json()
    account = AccountRef(
        key=f"mastodon:{sandbox.public_url}:me",
        network="mastodon",
        base_url=sandbox.public_url,
        user_id=str(me["id"]),
        username="me",
        handle="@me@sora",
        serves=frozenset({Audience.PUBLIC}),
        label="sora",
        sandbox=True,
    )
    return MastodonAdapter(account, token, streaming_url=sandbox.public_streaming_url)


def _misskey(sandbox: Any) -> MisskeyAdapter:
    token = sandbox.token("friends", "me")
    me = httpx.post(f"{sandbox.friends_url}/api/i", json={"i": token}).json()
    account = AccountRef(
        key=f"misskey:{sandbox.friends_url}:me",
        network="misskey",
        base_url=sandbox.friends_url,
        user_id=str(me["id"]),
        username="me",
        handle="@me@nakama",
        serves=frozenset({Audience.FRIENDS}),
        label="nakama",
        sandbox=True,
    )
    return MisskeyAdapter(account, token)


async def _pause() -> None:
    # Server times have millisecond (Misskey) or second (sandbox Mastodon) steps: keep
    # posts apart so "oldest" and the window bounds are unambiguous.
    await asyncio.sleep(1.1)


async def _the_rule(adapter: NetworkAdapter, other_audience: Audience, audience: Audience) -> None:
    """Same text in the other audience first, then twice in ``audience``: the look-up takes
    the audience's oldest, skips claimed ids, and keeps to the window."""
    assert adapter.capabilities.own_lookup
    text = f"おはようございます {time.time_ns()}"
    since = datetime.now(UTC) - timedelta(seconds=2)
    try:
        wrong = await adapter.publish(Outgoing(text, other_audience))
        await _pause()
        first = await adapter.publish(Outgoing(text, audience))
        await _pause()
        between = datetime.now(UTC)
        await _pause()
        second = await adapter.publish(Outgoing(text, audience))

        found = await adapter.find_own(text, audience, since)
        assert found is not None and found.remote_id == first.remote_id
        assert found.remote_id != wrong.remote_id
        # Claimed by another outbox row: the next one.
        found = await adapter.find_own(text, audience, since, exclude={first.remote_id})
        assert found is not None and found.remote_id == second.remote_id
        both = {first.remote_id, second.remote_id}
        assert await adapter.find_own(text, audience, since, exclude=both) is None
        # The window: [since, until).
        found = await adapter.find_own(text, audience, between)
        assert found is not None and found.remote_id == second.remote_id
        found = await adapter.find_own(text, audience, since, until=between)
        assert found is not None and found.remote_id == first.remote_id
        assert await adapter.find_own(text, audience, datetime.now(UTC) + timedelta(1)) is None
        # Text must be exact.
        assert await adapter.find_own(text + "!", audience, since) is None
        # The other audience finds only its own post.
        found = await adapter.find_own(text, other_audience, since)
        assert found is not None and found.remote_id == wrong.remote_id
    finally:
        await adapter.aclose()


def test_mastodon_find_own(sandbox: Any) -> None:
    asyncio.run(_the_rule(_mastodon(sandbox), Audience.PUBLIC, Audience.FRIENDS))


def test_misskey_find_own(sandbox: Any) -> None:
    asyncio.run(_the_rule(_misskey(sandbox), Audience.PUBLIC, Audience.FRIENDS))


def test_misskey_find_own_ignores_other_peoples_notes(sandbox: Any) -> None:
    """The sandbox has no users/notes: the home timeline is searched, and a friend's note
    with the same words is not ours."""

    async def run() -> None:
        adapter = _misskey(sandbox)
        text = f"同じ言葉 {time.time_ns()}"
        since = datetime.now(UTC) - timedelta(seconds=2)
        try:
            friend = sandbox.token("friends", _a_friend(sandbox))
            r = httpx.post(
                f"{sandbox.friends_url}/api/notes/create",
                json={"i": friend, "text": text, "visibility": "followers"},
            )
            r.raise_for_status()
            assert await adapter.find_own(text, Audience.FRIENDS, since) is None
        finally:
            await adapter.aclose()

    asyncio.run(run())


def _a_friend(sandbox: Any) -> str:
    return next(
        a["username"] for a in sandbox.accounts["friends"]["accounts"] if a["username"] != "me"
    )


@pytest.mark.parametrize("network", ["mastodon", "misskey"])
def test_a_post_for_chosen_friends_is_found(sandbox: Any, network: str) -> None:
    """On Mastodon it went out with their @mentions before the text (``direct``); on
    Misskey as ``specified``."""

    async def run() -> None:
        adapter: NetworkAdapter = _mastodon(sandbox) if network == "mastodon" else _misskey(sandbox)
        text = f"あなただけに {time.time_ns()}"
        since = datetime.now(UTC) - timedelta(seconds=2)
        try:
            friends = await adapter.friends()
            assert friends
            sent = await adapter.publish(
                Outgoing(text, Audience.FRIENDS, recipients=(friends[0].user_id,))
            )
            found = await adapter.find_own(text, Audience.FRIENDS, since)
            assert found is not None and found.remote_id == sent.remote_id
        finally:
            await adapter.aclose()

    asyncio.run(run())


def test_x_find_own() -> None:
    async def main() -> None:
        async with FakeX() as fake:
            session = await x_sign_in(fake)
            adapter = XAdapter(x_account(fake, session), session, api_base=fake.base_url)
            me = next(u for u in fake.users.values() if u.id == session.user_id)
            text = "今日もよろしく https://example.com/a"
            now = time.time()
            old = fake.add_tweet(me, text, created_at=now - 30)
            newer = fake.add_tweet(me, text, created_at=now - 10)
            since = datetime.fromtimestamp(now - 60, UTC)
            try:
                assert adapter.capabilities.own_lookup
                found = await adapter.find_own(text, Audience.PUBLIC, since)
                assert found is not None and found.remote_id == old.id
                found = await adapter.find_own(text, Audience.PUBLIC, since, exclude={old.id})
                assert found is not None and found.remote_id == newer.id
                until = datetime.fromtimestamp(now - 20, UTC)
                found = await adapter.find_own(text, Audience.PUBLIC, since, until=until)
                assert found is not None and found.remote_id == old.id
                found = await adapter.find_own(text, Audience.PUBLIC, until)
                assert found is not None and found.remote_id == newer.id
                # Nothing on X is friends-only.
                assert await adapter.find_own(text, Audience.FRIENDS, since) is None
            finally:
                await adapter.aclose()

    asyncio.run(main())


RICH = "行一 #タグ https://example.com/" + "a" * 40 + " @haruka\n\n行二 & <三>\n行三"


def test_rich_text_is_found_as_written(sandbox: Any) -> None:
    """What the servers make of a text (Mastodon renders HTML: paragraphs, links,
    hashtags, entities; Misskey keeps it) still matches the text the outbox kept."""

    async def run() -> None:
        for adapter, audience in (
            (_mastodon(sandbox), Audience.PUBLIC),
            (_misskey(sandbox), Audience.FRIENDS),
        ):
            text = f"{RICH} {time.time_ns()}"
            since = datetime.now(UTC) - timedelta(seconds=2)
            try:
                sent = await adapter.publish(Outgoing(text, audience))
                found = await adapter.find_own(text, audience, since)
                assert found is not None and found.remote_id == sent.remote_id, adapter
            finally:
                await adapter.aclose()

    asyncio.run(run())
