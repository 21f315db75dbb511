"""The sandbox community sends the demo user gift cards (issue 12, item 8): on the friends
network a note to the demo user alone with a drawn card whose alt text is the catalogue's,
on the public network a public mention with one — read back with the third-party client
libraries written for the real servers (Mastodon.py, Misskey.py), unchanged."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from mastodon import Mastodon
from misskey import Misskey

from app.core.ledger import gift_alt_words, gift_of
from app.sandbox import community
from app.sandbox.activity import send_gift
from app.sandbox.post_generator import gift_catalogue
from app.sandbox.runner import SandboxThread
from tests.sandbox.test_ledger import info, on_server

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def thread(tmp_path: Path) -> Iterator[SandboxThread]:
    running = SandboxThread(tmp_path / "sandbox", public_port=0, friends_port=0, activity=False)
    running.start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def http() -> Iterator[requests.Session]:
    session = requests.Session()
    session.trust_env = False  # nothing leaves the loopback address
    try:
        yield session
    finally:
        session.close()


def test_a_friend_sends_a_card_to_the_demo_user_alone(
    thread: SandboxThread, http: requests.Session
) -> None:
    sandbox = info(thread)
    sent = on_server(thread, "friends", lambda s: send_gift(s, random.Random(5), by="mio"))
    assert sent["by"] == "mio"

    def as_user(name: str) -> Misskey:
        return Misskey(sandbox.friends_url, i=sandbox.token("friends", name), session=http)

    me = as_user(community.DEMO_USERNAME)
    note = me.notes_show(sent["id"])
    ids = {m["username"]: m["id"] for m in sandbox.accounts["friends"]["accounts"]}
    assert note["visibility"] == "specified"
    assert note["visibleUserIds"] == [ids[community.DEMO_USERNAME]]
    (card,) = note["files"]
    gift = next(g for g in gift_catalogue() if g.key == sent["gift"])
    assert gift_alt_words(gift) in card["comment"]
    assert gift_of([card["comment"]], gift_catalogue()) == gift
    assert http.get(card["url"]).content.startswith(PNG)
    for outsider in ("takumi", community.STRANGERS[0]):
        hidden = as_user(outsider).notes_show(sent["id"])
        assert hidden.get("isHidden") and not hidden.get("files") and hidden.get("text") is None


def test_a_public_member_mentions_the_demo_user_with_a_card(
    thread: SandboxThread, http: requests.Session
) -> None:
    sandbox = info(thread)
    sent = on_server(thread, "public", lambda s: send_gift(s, random.Random(6), by="kenji"))
    me = Mastodon(
        access_token=sandbox.token("public"), api_base_url=sandbox.public_url, session=http
    )
    (told,) = [
        n for n in me.notifications(types=["mention"], limit=40) if str(n.status.id) == sent["id"]
    ]
    assert told.account.username == "kenji"
    status = told.status
    assert status.visibility == "public"
    assert [m.username for m in status.mentions] == [community.DEMO_USERNAME]
    (card,) = status.media_attachments
    gift = next(g for g in gift_catalogue() if g.key == sent["gift"])
    assert gift_of([card.description], gift_catalogue()) == gift
    assert http.get(card.url).content.startswith(PNG)
    anyone = Mastodon(api_base_url=sandbox.public_url, session=http)  # signed out: public
    assert anyone.status(status.id).media_attachments[0].description == card.description


def test_gift_cards_fit_the_month_and_every_gift_is_drawn() -> None:
    from datetime import datetime

    from app.core.clock import TOKYO
    from app.sandbox.post_generator import card_png, gift_post

    new_year = gift_post(random.Random(1), "friends", when=datetime(2027, 1, 1, tzinfo=TOKYO))
    assert new_year.gift in community.GIFTS.months[1]
    assert new_year.recipients == (community.DEMO_USERNAME,)
    public = gift_post(random.Random(1), "public", when=datetime(2026, 12, 24, tzinfo=TOKYO))
    assert public.gift in community.GIFTS.months[12]
    assert public.text.startswith(f"@{community.DEMO_USERNAME} ") and not public.recipients
    for gift in gift_catalogue():
        assert card_png(gift, random.Random(gift.key)).startswith(PNG)


def test_the_background_activity_sends_gift_cards_on_the_sandbox_servers(
    tmp_path: Path,
) -> None:
    import asyncio

    from app.sandbox.activity import run_activity
    from app.sandbox.mastodon_api import MastodonSandbox
    from app.sandbox.misskey_api import MisskeySandbox

    servers = {
        "public": MastodonSandbox(tmp_path / "public.db", label="sora"),
        "friends": MisskeySandbox(tmp_path / "friends.db", label="nakama"),
    }

    def cards() -> dict[str, int]:
        return {
            "public": servers["public"]
            .db.execute("SELECT COUNT(*) FROM media WHERE data IS NOT NULL")
            .fetchone()[0],
            "friends": servers["friends"]
            .db.execute("SELECT COUNT(*) FROM drive_files WHERE data IS NOT NULL")
            .fetchone()[0],
        }

    async def scenario() -> None:
        for server in servers.values():
            server.open()
        try:
            assert cards() == {"public": 0, "friends": 0}
            stop = asyncio.Event()
            task = asyncio.create_task(
                run_activity(servers, 0.001, stop, random.Random(2), gift_share=1.0)
            )

            async def both_have_cards() -> None:
                while not all(cards().values()):
                    await asyncio.sleep(0.01)

            await asyncio.wait_for(both_have_cards(), 60)  # only keeps a failure from hanging
            stop.set()
            await asyncio.wait_for(task, 10)
        finally:
            for server in servers.values():
                await server.close()

    asyncio.run(scenario())
