"""Replies through the app's outbox against real servers: snac2 (Mastodon API) and the
reference Bluesky PDS. A reply queued with :meth:`OutboxService.enqueue_reply` is a
durable row that keeps the post it answers, threads on the server and keeps its parent's
audience — on snac a reply to a friends-only (direct) post reaches its author alone, not
an anonymous outsider; on the PDS the reply record names its root and parent; a boost
of a friends-only post is refused before any request. Without an AppView the thread
says it has ancestors only."""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from app.core.errors import AudienceRefused
from app.core.models import Audience, Outgoing
from app.services.answers import AnswerService
from app.services.outbox import OutboxService
from app.services.send import Refusal, SendRefused
from app.store.db import Store
from app.store.outbox import OutboxStore, TargetState
from tests.realserver.pds.server import PdsAccount, PdsServer
from tests.realserver.snac import SnacServer
from tests.realserver.test_bluesky_pds import _adapter as pds_adapter
from tests.realserver.test_bluesky_pds import _record
from tests.realserver.test_mastodon_snac import (
    SignedIn,
    _adapter,
    _get,
    _marker,
    _post_raw,
    _public_ids,
    alice,
    bob,
    server,
)

__all__ = ["alice", "bob", "server"]  # fixtures, shared


# The PDS runs once per session and a handle is taken for good: this module's own people
# (test_bluesky_pds's module fixtures would create "alice" a second time).
@pytest.fixture(scope="module")
def pds_alice(pds: PdsServer) -> PdsAccount:
    return pds.create_account("replya" + secrets.token_hex(3))


@pytest.fixture(scope="module")
def pds_bob(pds: PdsServer) -> PdsAccount:
    return pds.create_account("replyb" + secrets.token_hex(3))


def _outbox(tmp_path: Path, adapters: list[Any]) -> OutboxService:
    return OutboxService(OutboxStore(Store(tmp_path / "kizuna.db")), adapters)


def test_snac_reply_to_a_direct_post_through_the_outbox_reaches_its_author_only(
    server: SnacServer, alice: SignedIn, bob: SignedIn, tmp_path: Path
) -> None:
    marker = _marker()
    parent = _post_raw(server, bob, f"@alice 内緒の相談 {marker}", "private")
    parent_id = str(parent["id"])

    async def run() -> tuple[str, int]:
        adapter = _adapter(server, alice)
        try:
            await adapter.me()  # snac is known from its instance info
            shown = adapter.parse_status(
                _get(server, f"/api/v1/statuses/{parent_id}", alice.token).json()
            )
            outbox = _outbox(tmp_path, [adapter])
            with pytest.raises(SendRefused) as wider:
                outbox.enqueue_reply(shown, f"公開で {marker}", audience=Audience.PUBLIC)
            assert wider.value.reason is Refusal.AUDIENCE
            message_id = outbox.enqueue_reply(shown, f"了解！ {marker}")
            (row,) = await outbox.send_message(message_id)
            assert row.state is TargetState.SENT and row.reply_to is not None
            assert row.recipients == (str(bob.account["id"]),)
            with pytest.raises(AudienceRefused):  # a direct post is never boosted
                await AnswerService([adapter]).boost(shown)
            assert row.remote_id is not None
            return row.remote_id, message_id
        finally:
            await adapter.aclose()

    reply_id, _ = asyncio.run(run())
    status = _get(server, f"/api/v1/statuses/{reply_id}", bob.token).json()
    assert str(status["in_reply_to_id"]) == parent_id
    assert reply_id not in _public_ids(server)
    assert _get(server, f"/api/v1/statuses/{reply_id}").status_code in (401, 403, 404)
    seen = _get(server, f"/api/v1/statuses/{parent_id}", bob.token).json()
    assert seen["reblogs_count"] == 0


def test_snac_public_reply_like_and_boost_through_the_session_services(
    server: SnacServer, alice: SignedIn, bob: SignedIn, tmp_path: Path
) -> None:
    marker = _marker()
    parent_id = str(_post_raw(server, bob, f"初雪です {marker}", "public")["id"])

    async def run() -> str:
        adapter = _adapter(server, alice)
        try:
            shown = adapter.parse_status(
                _get(server, f"/api/v1/statuses/{parent_id}", alice.token).json()
            )
            outbox = _outbox(tmp_path, [adapter])
            (row,) = await outbox.send_message(outbox.enqueue_reply(shown, f"きれい！ {marker}"))
            answers = AnswerService([adapter])
            await answers.react(shown)
            await answers.boost(shown)
            thread = await answers.conversation(shown)
            assert [p.id for p in thread.replies] == [row.remote_id] and thread.replies_known
            assert row.remote_id is not None
            return row.remote_id
        finally:
            await adapter.aclose()

    reply_id = asyncio.run(run())
    status = _get(server, f"/api/v1/statuses/{reply_id}", bob.token).json()
    assert str(status["in_reply_to_id"]) == parent_id and status["visibility"] == "public"
    assert reply_id in _public_ids(server)  # anyone may read it
    seen = _get(server, f"/api/v1/statuses/{parent_id}", bob.token).json()
    assert (seen["favourites_count"], seen["reblogs_count"]) == (1, 1)


def test_pds_reply_through_the_outbox_names_root_and_parent(
    pds: PdsServer, pds_alice: PdsAccount, pds_bob: PdsAccount, tmp_path: Path
) -> None:
    async def run() -> None:
        a = await pds_adapter(pds, pds_alice)
        b = await pds_adapter(pds, pds_bob)
        try:
            root_id = (await a.publish(Outgoing("大掃除おわり！", Audience.PUBLIC))).remote_id
            # The post as bob's column shows it (a bare PDS lists only one's own repository).
            mine = next(p for p in await a.timeline(limit=20) if p.id == root_id)
            root = replace(mine, account_key=b.account.key)
            outbox = _outbox(tmp_path, [b])
            with pytest.raises(SendRefused):  # every Bluesky post is public: no friends reply
                outbox.enqueue_reply(root, "内緒", audience=Audience.FRIENDS)
            (row,) = await outbox.send_message(outbox.enqueue_reply(root, "おつかれさま！"))
            assert row.state is TargetState.SENT and row.remote_id is not None
            assert root.ref is not None
            ref = {"uri": root_id, "cid": root.ref.cid}
            assert _record(pds, row.remote_id)["reply"] == {"root": ref, "parent": ref}
            mine = next(p for p in await b.timeline(limit=20) if p.id == row.remote_id)
            thread = await AnswerService([b]).conversation(mine)
            assert [p.id for p in thread.ancestors] == [root_id]
            assert not thread.replies_known  # no AppView: the UI says ancestors only
        finally:
            await a.aclose()
            await b.aclose()

    asyncio.run(run())
