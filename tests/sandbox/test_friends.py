"""Who a gift can be addressed to, over real HTTP against both sandbox servers: each
adapter's ``friends()`` is exactly the demo user's mutual follows (as the seeded community
says), never a stranger or a one-way follow; the follow-list endpoints page like the real ones."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from app.core.models import Audience, Friend
from app.networks.mastodon import MastodonAdapter
from app.networks.misskey import MisskeyAdapter
from app.sandbox import community
from app.services.friends import FriendsService
from app.services.session import open_sandbox_session

ME = community.DEMO_USERNAME


def mutual(network: str) -> set[str]:
    pairs = set(community.follows(network))
    return {b for a, b in pairs if a == ME and (b, ME) in pairs}


def adapter_of(adapters: list[Any], kind: type) -> Any:
    return next(a for a in adapters if isinstance(a, kind))


async def _friends(sandbox: Any) -> tuple[list[Friend], list[Friend], list[Friend], str, str]:
    session = await open_sandbox_session(sandbox.data_dir, activity=None)
    try:
        mastodon = adapter_of(session.adapters, MastodonAdapter)
        misskey = adapter_of(session.adapters, MisskeyAdapter)
        service = FriendsService(session.adapters)
        return (
            await mastodon.friends(),
            await misskey.friends(),
            await service.friends(),
            mastodon.account.key,
            misskey.account.key,
        )
    finally:
        await session.aclose()


def test_friends_are_the_mutual_follows_on_both_networks(sandbox: Any) -> None:
    on_sora, on_nakama, service, sora_key, nakama_key = asyncio.run(_friends(sandbox))

    assert {f.username for f in on_sora} == mutual("public")
    assert {f.username for f in on_nakama} == mutual("friends") == set(community.CIRCLE)
    # One-way follows and strangers are never offered.
    names = {f.username for f in on_nakama}
    assert "tomoko" not in names and "sakura_bakery" not in names
    assert not names & set(community.STRANGERS)
    assert ME not in names
    assert all(f.account_key == nakama_key for f in on_nakama)
    assert all(f.account_key == sora_key for f in on_sora)
    haruka = next(f for f in on_nakama if f.username == "haruka")
    assert haruka.handle.startswith("@haruka@") and haruka.display_name
    # The user ids are the servers' own: what visibleUserIds needs.
    r = httpx.post(f"{sandbox.friends_url}/api/users/show", json={"username": "haruka"}, timeout=10)
    assert haruka.user_id == r.json()["id"]
    # The service gathers the friends-side accounts' lists, unchanged.
    assert [f for f in service if f.account_key == nakama_key] == on_nakama


def test_mastodon_follow_lists_page_with_link_headers(sandbox: Any) -> None:
    token = sandbox.token("public")
    auth = {"Authorization": f"Bearer {token}"}
    me = httpx.get(f"{sandbox.public_url}/api/v1/accounts/verify_credentials", headers=auth)
    url: str | None = f"{sandbox.public_url}/api/v1/accounts/{me.json()['id']}/following?limit=3"
    seen: list[str] = []
    pages = 0
    while url:
        r = httpx.get(url, headers=auth)
        r.raise_for_status()
        if not r.json():
            break
        assert len(r.json()) <= 3
        seen += [a["username"] for a in r.json()]
        url = r.links.get("next", {}).get("url")
        pages += 1
    followed = {b for a, b in community.follows("public") if a == ME}
    assert pages > 1
    assert len(seen) == len(set(seen)) and set(seen) == followed


def test_misskey_follow_lists_page_with_until_id(sandbox: Any) -> None:
    base = f"{sandbox.friends_url}/api"
    me = httpx.post(f"{base}/i", json={"i": sandbox.token("friends")}).json()["id"]
    seen: list[str] = []
    until = None
    while True:
        body: dict[str, Any] = {"userId": me, "limit": 3}
        if until:
            body["untilId"] = until
        page = httpx.post(f"{base}/users/followers", json=body).json()
        if not page:
            break
        assert all(r["followeeId"] == me for r in page)
        seen += [r["follower"]["username"] for r in page]
        until = page[-1]["id"]
    assert sorted(seen) == sorted({a for a, b in community.follows("friends") if b == ME})


def test_friends_service_leaves_out_public_only_accounts() -> None:
    class Fake:
        def __init__(self, key: str, serves: frozenset[Audience]) -> None:
            from app.core.models import AccountRef
            from app.networks.misskey import CAPABILITIES

            self.account = AccountRef(
                key, "misskey", "http://127.0.0.1:1", "1", "me", "@me", serves
            )
            self.capabilities = CAPABILITIES
            self.asked = 0

        async def friends(self) -> list[Friend]:
            self.asked += 1
            return [Friend(self.account.key, "2", "a", "@a@x", "A")]

    public = Fake("p", frozenset({Audience.PUBLIC}))
    friends = Fake("f", frozenset({Audience.FRIENDS}))
    service = FriendsService([public, friends])  # type: ignore[list-item]

    async def twice() -> list[Friend]:
        await service.friends()
        return await service.friends()

    assert [f.account_key for f in asyncio.run(twice())] == ["f"]
    assert (public.asked, friends.asked) == (0, 1)  # kept until refresh()
    service.refresh()
    asyncio.run(service.friends())
    assert friends.asked == 2
