"""The Bluesky adapter against the real reference PDS (``@atproto/pds``) on 127.0.0.1.

The PDS and a mock PLC directory are installed from npm into a cache on first use
(tests/realserver/pds/install.py) and started once per test session (the ``pds`` fixture
in tests/realserver/conftest.py); every check reads what the server really stored
(``com.atproto.repo.getRecord`` / ``listRecords``). Without npm the module is skipped with
the reason — except under ``CI=true``, where that is a failure.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import secrets
import struct
import time
import zlib

import httpx
import pytest

from app.core.models import AccountRef, Audience, MediaUpload, Outgoing, Published
from app.networks.base import AudienceRefused, ErrorKind, NetworkAdapter, NetworkError
from app.networks.bluesky import (
    LIMITS,
    BlueskyAdapter,
    BlueskySession,
    create_session,
    rkey_for,
)
from app.networks.http import RESET_MARGIN
from tests.helpers import bluesky_ref
from tests.realserver.pds.server import PdsAccount, PdsServer


@pytest.fixture(scope="module")
def alice(pds: PdsServer) -> PdsAccount:
    return pds.create_account("alice")


@pytest.fixture(scope="module")
def bob(pds: PdsServer) -> PdsAccount:
    return pds.create_account("bob")


# Signing in hashes the app password on the server (scrypt): do it once per account, and
# afresh only where a test is about sessions.
_sessions: dict[tuple[str, str], BlueskySession] = {}


async def _adapter(
    pds: PdsServer,
    who: PdsAccount,
    client: httpx.AsyncClient | None = None,
    *,
    fresh: bool = False,
    **kwargs: object,
) -> BlueskyAdapter:
    key = (pds.url, who.handle)
    if fresh or key not in _sessions:
        session = await create_session(pds.url, who.handle, who.app_password)
        if not fresh:
            _sessions[key] = session
    else:
        session = _sessions[key]
    return BlueskyAdapter(bluesky_ref(pds.url, session), session, client=client, **kwargs)  # type: ignore[arg-type]


def _record(pds: PdsServer, uri: str) -> dict[str, object]:
    did, collection, rkey = uri.removeprefix("at://").split("/")
    reply = pds.xrpc(
        "GET",
        "com.atproto.repo.getRecord",
        params={"repo": did, "collection": collection, "rkey": rkey},
    )
    reply.raise_for_status()
    value = reply.json()["value"]
    assert isinstance(value, dict)
    return value


def _jwt_payload(token: str) -> dict[str, object]:
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _expired_access_token(pds: PdsServer, did: str) -> str:
    """An access JWT the PDS itself would have issued, signed with its key, expired an hour ago."""
    now = int(time.time())
    header = {"typ": "at+jwt", "alg": "HS256"}
    claims = {
        "scope": "com.atproto.appPass",
        "aud": "did:web:localhost",
        "sub": did,
        "iat": now - 7200,
        "exp": now - 3600,
    }
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
    signature = hmac.new(pds.jwt_secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_b64(signature)}"


def _uuid7() -> str:
    """A time-ordered idempotency key (RFC 9562 UUIDv7): its record key sorts by time."""
    ms = time.time_ns() // 1_000_000
    rand = secrets.randbits(74)
    value = ms << 80 | 0x7 << 76 | (rand >> 62) << 64 | 0b10 << 62 | rand & ((1 << 62) - 1)
    return f"{value:032x}"


def _png(width: int = 2, height: int = 2) -> bytes:
    """A small valid red PNG, made here so the test needs no image library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


# --------------------------------------------------------------------------- sign-in


def test_app_password_session_signs_in_and_knows_who(pds: PdsServer, alice: PdsAccount) -> None:
    async def run() -> None:
        adapter = await _adapter(pds, alice, fresh=True)
        try:
            assert isinstance(adapter, NetworkAdapter)
            assert adapter.session.did == alice.did
            # The PDS marks sessions made with an app password by their scope.
            assert _jwt_payload(adapter.session.access_jwt)["scope"] == "com.atproto.appPass"
            me = await adapter.me()
            assert (me.id, me.username, me.handle) == (alice.did, "alice.test", "@alice.test")
            assert adapter.capabilities.audiences == frozenset({Audience.PUBLIC})
            assert adapter.capabilities.media and not adapter.capabilities.streaming
            assert (adapter.limits.max_characters, adapter.limits.unit) == (300, "graphemes")
        finally:
            await adapter.aclose()

    asyncio.run(run())


def test_a_wrong_app_password_is_signed_out(pds: PdsServer, alice: PdsAccount) -> None:
    with pytest.raises(NetworkError) as caught:
        asyncio.run(create_session(pds.url, alice.handle, "wrong-pass-word-0000"))
    assert caught.value.kind is ErrorKind.SIGNED_OUT
    assert caught.value.status == 401


# --------------------------------------------------------------------------- publishing


def test_japanese_post_with_tag_link_and_mention_facets_is_byte_exact(
    pds: PdsServer, alice: PdsAccount, bob: PdsAccount
) -> None:
    text = (
        "メリークリスマス🎄 詳しくは https://example.com/xmas?q=1 を見てね"
        " #メリクリ @bob.test さんへ"
    )

    async def run() -> str:
        adapter = await _adapter(pds, alice)
        try:
            published = await adapter.publish(Outgoing(text=text, audience=Audience.PUBLIC))
        finally:
            await adapter.aclose()
        return published.remote_id

    uri = asyncio.run(run())
    record = _record(pds, uri)
    assert record["text"] == text
    assert record["langs"] == ["ja"]
    assert str(record["createdAt"]).endswith("Z")
    encoded = text.encode()
    expected = {
        "app.bsky.richtext.facet#link": (
            "https://example.com/xmas?q=1",
            {"uri": "https://example.com/xmas?q=1"},
        ),
        "app.bsky.richtext.facet#tag": ("#メリクリ", {"tag": "メリクリ"}),
        "app.bsky.richtext.facet#mention": ("@bob.test", {"did": bob.did}),
    }
    facets = record["facets"]
    assert isinstance(facets, list) and len(facets) == 3
    for facet in facets:
        (feature,) = facet["features"]
        shown, fields = expected.pop(feature["$type"])
        start = encoded.index(shown.encode())
        assert facet["index"] == {"byteStart": start, "byteEnd": start + len(shown.encode())}
        assert {k: v for k, v in feature.items() if k != "$type"} == fields
    assert expected == {}


def test_picture_is_a_blob_with_alt_text(pds: PdsServer, alice: PdsAccount) -> None:
    picture = _png()
    alt = "赤い四角のクリスマスカード"

    async def run() -> tuple[str, list[str]]:
        adapter = await _adapter(pds, alice)
        try:
            published = await adapter.publish(
                Outgoing(
                    text="カードを送ります #メリクリ",
                    audience=Audience.PUBLIC,
                    media=(
                        MediaUpload(
                            data=picture, filename="card.png", mime="image/png", description=alt
                        ),
                    ),
                )
            )
            page = await adapter.timeline(limit=5)
        finally:
            await adapter.aclose()
        shown = next(p for p in page if p.id == published.remote_id)
        return published.remote_id, [m.description for m in shown.media] + [
            m.url for m in shown.media
        ]

    uri, shown = asyncio.run(run())
    embed = _record(pds, uri)["embed"]
    assert isinstance(embed, dict) and embed["$type"] == "app.bsky.embed.images"
    (image,) = embed["images"]
    assert image["alt"] == alt
    blob = image["image"]
    assert (
        blob["$type"] == "blob" and blob["mimeType"] == "image/png" and blob["size"] == len(picture)
    )
    cid = blob["ref"]["$link"]
    # The blob the record points at is the picture, byte for byte.
    reply = pds.xrpc("GET", "com.atproto.sync.getBlob", params={"did": alice.did, "cid": cid})
    assert reply.status_code == 200 and reply.content == picture
    # And the timeline shows it with its alt text, served by the PDS.
    assert shown[0] == alt
    assert shown[1].startswith(pds.url + "/xrpc/com.atproto.sync.getBlob?") and cid in shown[1]


def test_upload_then_post_by_media_id(pds: PdsServer, alice: PdsAccount) -> None:
    picture = _png(3, 1)

    async def run() -> str:
        adapter = await _adapter(pds, alice)
        try:
            media_id = await adapter.upload(MediaUpload(picture, "a.png", "image/png", "横長の絵"))
            published = await adapter.publish(
                Outgoing(text="", audience=Audience.PUBLIC, media_ids=(media_id,))
            )
        finally:
            await adapter.aclose()
        return published.remote_id

    embed = _record(pds, asyncio.run(run()))["embed"]
    assert isinstance(embed, dict)
    assert [(i["alt"], i["image"]["size"]) for i in embed["images"]] == [("横長の絵", len(picture))]


def _counting_client(sent: list[str]) -> httpx.AsyncClient:
    async def hook(request: httpx.Request) -> None:
        sent.append(request.url.path)

    return httpx.AsyncClient(event_hooks={"request": [hook]})


@pytest.mark.parametrize(
    "text",
    [
        "か\u3099" * 301,  # 301 graphemes (が decomposed), 1806 bytes
        "👨\u200d👩\u200d👧\u200d👦" * 121,  # 121 graphemes but 3025 bytes
    ],
)
def test_over_the_limit_is_refused_before_sending(
    pds: PdsServer, alice: PdsAccount, text: str
) -> None:
    sent: list[str] = []
    before = len(pds.records(alice.did))

    async def run() -> None:
        async with _counting_client(sent) as client:
            adapter = await _adapter(pds, alice, client)
            sent.clear()  # count from here: signing in is not sending the post
            with pytest.raises(NetworkError) as caught:
                await adapter.publish(Outgoing(text=text, audience=Audience.PUBLIC))
            assert caught.value.kind is ErrorKind.REJECTED

    asyncio.run(run())
    assert sent == []
    assert len(pds.records(alice.did)) == before


def test_exactly_300_graphemes_is_accepted(pds: PdsServer, alice: PdsAccount) -> None:
    text = "か\u3099" * 300

    async def run() -> str:
        adapter = await _adapter(pds, alice)
        try:
            return (await adapter.publish(Outgoing(text=text, audience=Audience.PUBLIC))).remote_id
        finally:
            await adapter.aclose()

    assert _record(pds, asyncio.run(run()))["text"] == text
    assert LIMITS.max_characters == 300


def test_friends_audience_is_refused_and_nothing_is_created(
    pds: PdsServer, alice: PdsAccount
) -> None:
    sent: list[str] = []
    before = len(pds.records(alice.did))

    async def run() -> None:
        async with _counting_client(sent) as client:
            adapter = await _adapter(pds, alice, client)
            sent.clear()
            with pytest.raises(AudienceRefused):
                await adapter.publish(Outgoing(text="友だちだけに", audience=Audience.FRIENDS))
            with pytest.raises(AudienceRefused):
                await adapter.publish(
                    Outgoing(
                        text="あなただけに", audience=Audience.FRIENDS, recipients=(alice.did,)
                    )
                )

    asyncio.run(run())
    assert sent == []
    assert len(pds.records(alice.did)) == before


def test_retry_with_the_same_idempotency_key_does_not_duplicate(
    pds: PdsServer, alice: PdsAccount
) -> None:
    """The outbox resends a possibly-sent target with its key: the PDS refuses the taken
    record key (500), and the adapter reads the record back — the same Published."""
    outgoing = Outgoing(text="あけおめ！ #あけおめ", audience=Audience.PUBLIC)
    before = len(pds.records(alice.did))

    async def run() -> list[Published]:
        first = await _adapter(pds, alice)
        second = await _adapter(
            pds, alice, fresh=True
        )  # as after a restart: a new session, same outbox entry
        try:
            return [
                await first.publish(outgoing),
                await first.publish(outgoing),
                await second.publish(outgoing),
            ]
        finally:
            await first.aclose()
            await second.aclose()

    published = asyncio.run(run())
    assert published[1:] == [published[0], published[0]]
    uri = published[0].remote_id
    assert uri.rsplit("/", 1)[1] == rkey_for(outgoing.idempotency_key)
    assert len(pds.records(alice.did)) == before + 1
    assert _record(pds, uri)["text"] == outgoing.text


def test_the_same_key_with_other_text_is_a_conflict_not_our_post(
    pds: PdsServer, alice: PdsAccount
) -> None:
    """A record of other text under the key is not taken for the post being sent."""
    first = Outgoing(text="メリクリ", audience=Audience.PUBLIC)
    other = Outgoing(
        text="よいお年を", audience=Audience.PUBLIC, idempotency_key=first.idempotency_key
    )
    before = len(pds.records(alice.did))

    async def run() -> tuple[Published, NetworkError]:
        adapter = await _adapter(pds, alice)
        try:
            published = await adapter.publish(first)
            with pytest.raises(NetworkError) as caught:
                await adapter.publish(other)
            return published, caught.value
        finally:
            await adapter.aclose()

    published, error = asyncio.run(run())
    assert error.kind is ErrorKind.REJECTED
    assert len(pds.records(alice.did)) == before + 1
    assert _record(pds, published.remote_id)["text"] == "メリクリ"


class _LoseCreateReplies(httpx.AsyncBaseTransport):
    """The real PDS behind a connection that drops the first ``lose`` createRecord replies
    after the server handled the request (a reply lost on its way back)."""

    def __init__(self, lose: int) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self.lose = lose

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        if self.lose and request.url.path.endswith("/com.atproto.repo.createRecord"):
            self.lose -= 1
            await response.aread()
            await response.aclose()
            raise httpx.ReadError("connection reset after the request", request=request)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


def test_a_lost_reply_reads_the_post_back_and_a_resend_makes_no_second(
    pds: PdsServer, alice: PdsAccount
) -> None:
    outgoing = Outgoing(text="ことよろ 🎍", audience=Audience.PUBLIC)
    before = len(pds.records(alice.did))

    async def run() -> list[Published]:
        lossy = _LoseCreateReplies(lose=2)
        async with httpx.AsyncClient(transport=lossy, timeout=30.0) as client:
            adapter = await _adapter(pds, alice, client)
            try:
                # The first reply is lost: the record is read back at once. The resend's
                # refusal (the key is taken) is lost as well: read back again.
                return [await adapter.publish(outgoing), await adapter.publish(outgoing)]
            finally:
                await adapter.aclose()

    published = asyncio.run(run())
    assert published[0] == published[1]
    assert published[0].remote_id.rsplit("/", 1)[1] == rkey_for(outgoing.idempotency_key)
    assert len(pds.records(alice.did)) == before + 1


def test_rkey_is_a_valid_tid_and_follows_a_uuid7_time() -> None:
    # UUIDv7 for 2026-01-01T00:00:00Z: the TID carries the same millisecond.
    ms = 1_767_225_600_000
    key = f"{ms:012x}7abc8def0123456789ab"
    rkey = rkey_for(key)
    alphabet = "234567abcdefghijklmnopqrstuvwxyz"
    assert len(rkey) == 13 and set(rkey) <= set(alphabet) and rkey[0] in "234567ab"
    value = 0
    for char in rkey:
        value = value * 32 + alphabet.index(char)
    assert (value >> 10) // 1000 == ms
    assert rkey_for(key) == rkey and rkey_for(key + "0") != rkey


# --------------------------------------------------------------------------- tokens


def test_expired_access_token_is_refreshed(pds: PdsServer, alice: PdsAccount) -> None:
    stored: list[BlueskySession] = []

    async def run() -> tuple[str, str]:
        adapter = await _adapter(pds, alice, fresh=True, on_session=stored.append)
        try:
            expired = _expired_access_token(pds, alice.did)
            # The server really calls it expired (not merely invalid).
            reply = pds.xrpc(
                "GET",
                "com.atproto.server.getSession",
                headers={"Authorization": f"Bearer {expired}"},
            )
            assert (reply.status_code, reply.json()["error"]) == (400, "ExpiredToken")
            old_refresh = adapter.session.refresh_jwt
            adapter.session = BlueskySession(alice.did, alice.handle, expired, old_refresh)
            published = await adapter.publish(
                Outgoing(text="期限切れの後で", audience=Audience.PUBLIC)
            )
            return published.remote_id, old_refresh
        finally:
            await adapter.aclose()

    uri, old_refresh = asyncio.run(run())
    assert _record(pds, uri)["text"] == "期限切れの後で"
    (fresh,) = stored
    assert fresh.did == alice.did and fresh.refresh_jwt != old_refresh
    assert _jwt_payload(fresh.access_jwt)["exp"] > time.time()


def test_invalid_access_token_is_refreshed_and_a_dead_session_is_signed_out(
    pds: PdsServer, alice: PdsAccount
) -> None:
    async def run() -> None:
        adapter = await _adapter(pds, alice, fresh=True)
        try:
            good = adapter.session
            adapter.session = BlueskySession(good.did, good.handle, "not-a-token", good.refresh_jwt)
            assert (await adapter.me()).id == alice.did
            assert adapter.session.access_jwt != "not-a-token"
            # Signed out elsewhere: the refresh token is revoked, nothing left to renew with.
            renewed = adapter.session
            reply = pds.xrpc(
                "POST",
                "com.atproto.server.deleteSession",
                headers={"Authorization": f"Bearer {renewed.refresh_jwt}"},
            )
            assert reply.status_code == 200
            adapter.session = BlueskySession(
                good.did, good.handle, "not-a-token", renewed.refresh_jwt
            )
            with pytest.raises(NetworkError) as caught:
                await adapter.me()
            assert caught.value.kind is ErrorKind.SIGNED_OUT
        finally:
            await adapter.aclose()

    asyncio.run(run())


# --------------------------------------------------------------------------- reading


def test_timeline_without_an_appview_reads_the_repository(pds: PdsServer) -> None:
    carol = pds.create_account("carol")

    async def run() -> None:
        adapter = await _adapter(pds, carol)
        try:
            ids = [
                (
                    await adapter.publish(
                        Outgoing(
                            text=f"投稿{i} #七夕",
                            audience=Audience.PUBLIC,
                            idempotency_key=_uuid7(),
                        )
                    )
                ).remote_id
                for i in range(3)
            ]
            # No AppView behind this PDS: getTimeline is refused by the server itself.
            reply = pds.xrpc(
                "GET",
                "app.bsky.feed.getTimeline",
                headers={"Authorization": f"Bearer {adapter.session.access_jwt}"},
            )
            assert reply.status_code == 400 and "No service configured" in reply.json()["message"]
            first = await adapter.timeline(limit=2)
            assert adapter.timeline_source == "repo"
            older = await adapter.timeline(limit=2, older_than=first[-1].id)
            posts = first + older
            assert sorted(p.id for p in posts) == sorted(ids)
            assert [p.text for p in posts] == ["投稿2 #七夕", "投稿1 #七夕", "投稿0 #七夕"]
            post = posts[0]
            assert post.tags == ("七夕",) and post.audience is Audience.PUBLIC
            assert post.author.handle == "@carol.test" and post.url is None
            assert 'href="kizuna-tag:' in post.html
        finally:
            await adapter.aclose()

    asyncio.run(run())


def test_stream_polls_and_yields_new_posts(pds: PdsServer) -> None:
    dave = pds.create_account("dave")

    async def run() -> None:
        reader = await _adapter(pds, dave, poll_interval=0.05)
        writer = await _adapter(pds, dave)
        opened = asyncio.Event()
        try:
            old = await writer.publish(Outgoing(text="前からある投稿", audience=Audience.PUBLIC))
            stream = reader.stream(on_open=opened.set)
            waiting = asyncio.ensure_future(anext(stream))
            await asyncio.wait_for(opened.wait(), 30)
            new = await writer.publish(
                Outgoing(text="新しい投稿 #メリクリ", audience=Audience.PUBLIC)
            )
            post = await asyncio.wait_for(waiting, 30)
            assert post.id == new.remote_id != old.remote_id
            assert post.text == "新しい投稿 #メリクリ"
            await stream.aclose()
        finally:
            await reader.aclose()
            await writer.aclose()

    asyncio.run(run())


# --------------------------------------------------------------------------- rate limits
# The reference PDS sends RateLimit-* only with rate limiting (and its shared store) on;
# these two use a transport that answers as bsky.social does, to prove the mapping.


def _transport(calls: list[str], status: int, reset: int) -> httpx.MockTransport:
    headers = {"RateLimit-Limit": "3000", "RateLimit-Remaining": "0", "RateLimit-Reset": str(reset)}

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path.rsplit("/", 1)[1])
        if status == 429:
            body = {"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"}
            return httpx.Response(429, json=body, headers=headers)
        return httpx.Response(200, json={"did": "did:plc:x", "handle": "x.test"}, headers=headers)

    return httpx.MockTransport(handler)


def _offline_ref() -> AccountRef:
    return AccountRef(
        key="bluesky:x",
        network="bluesky",
        base_url="http://127.0.0.1:9",
        user_id="did:plc:x",
        username="x.test",
        handle="@x.test",
        serves=frozenset({Audience.PUBLIC}),
    )


def test_429_gives_retry_after_and_holds_back_the_next_call() -> None:
    """The wait is until ``RateLimit-Reset`` — whole seconds, so plus the 1 s margin —
    measured from the moment of the reply: between the clock read just before the call
    and the one just after it (no other slack: a wrong margin or a reset read as a delay
    fails)."""
    calls: list[str] = []
    reset = int(time.time()) + 120
    session = BlueskySession("did:plc:x", "x.test", "access", "refresh")

    async def run() -> None:
        async with httpx.AsyncClient(transport=_transport(calls, 429, reset)) as client:
            adapter = BlueskyAdapter(_offline_ref(), session, client=client)
            before = time.time()
            with pytest.raises(NetworkError) as caught:
                await adapter.publish(Outgoing(text="429", audience=Audience.PUBLIC))
            after = time.time()
            error = caught.value
            assert (error.kind, error.status) == (ErrorKind.RATE_LIMITED, 429)
            assert error.retry_after is not None
            assert reset + RESET_MARGIN - after <= error.retry_after
            assert error.retry_after <= reset + RESET_MARGIN - before
            assert error.detail == "RateLimitExceeded: Rate Limit Exceeded"
            with pytest.raises(NetworkError) as caught:
                await adapter.timeline()
            assert caught.value.kind is ErrorKind.RATE_LIMITED

    asyncio.run(run())
    assert calls == ["com.atproto.repo.createRecord"]  # the timeline was not even asked for


def test_an_exhausted_window_holds_back_calls_until_the_reset() -> None:
    calls: list[str] = []
    reset = int(time.time()) + 120
    session = BlueskySession("did:plc:x", "x.test", "access", "refresh")

    async def run() -> None:
        async with httpx.AsyncClient(transport=_transport(calls, 200, reset)) as client:
            adapter = BlueskyAdapter(_offline_ref(), session, client=client)
            with pytest.raises(NetworkError) as caught:
                await adapter.me()  # getSession answers, with nothing left in the window
            assert caught.value.kind is ErrorKind.RATE_LIMITED
            assert caught.value.retry_after is not None and caught.value.retry_after > 60

    asyncio.run(run())
    assert calls == ["com.atproto.server.getSession"]


# --------------------------------------------------------------------------- AppView
# No AppView can run here (it needs @atproto/dev-env with PostgreSQL and Redis); this reply
# follows app.bsky.feed.getTimeline's lexicon (feedViewPost, images#view, reasonRepost).


def test_appview_timeline_is_parsed_and_paged_by_cursor() -> None:
    seen: list[httpx.QueryParams] = []
    author = {
        "did": "did:plc:bob",
        "handle": "bob.bsky.social",
        "displayName": "ボブ",
        "avatar": "https://cdn.example/avatar.jpg",
    }
    post = {
        "uri": "at://did:plc:bob/app.bsky.feed.post/3kabc",
        "cid": "bafy1",
        "author": author,
        "record": {
            "$type": "app.bsky.feed.post",
            "text": "七夕 #七夕",
            "createdAt": "2026-07-07T10:00:00.000Z",
            "facets": [
                {
                    "index": {"byteStart": 7, "byteEnd": 14},
                    "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": "七夕"}],
                }
            ],
        },
        "embed": {
            "$type": "app.bsky.embed.images#view",
            "images": [
                {
                    "thumb": "https://cdn.example/t.jpg",
                    "fullsize": "https://cdn.example/f.jpg",
                    "alt": "笹飾り",
                }
            ],
        },
        "indexedAt": "2026-07-07T10:00:01.000Z",
    }
    repost = {
        "post": post,
        "reason": {
            "$type": "app.bsky.feed.defs#reasonRepost",
            "by": {"did": "did:plc:carol", "handle": "carol.test"},
            "indexedAt": "2026-07-07T11:00:00.000Z",
        },
    }

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.params)
        if "cursor" in request.url.params:
            return httpx.Response(200, json={"feed": []})
        return httpx.Response(200, json={"feed": [repost, {"post": post}], "cursor": "c1"})

    async def run() -> None:
        session = BlueskySession("did:plc:x", "x.bsky.social", "access", "refresh")
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            adapter = BlueskyAdapter(_offline_ref(), session, client=client)
            first = await adapter.timeline(limit=2)
            assert adapter.timeline_source == "appview"
            assert [p.id for p in first] == [post["uri"] + "#repost:did:plc:carol", post["uri"]]
            shared, own = first
            assert shared.created_at.hour == 11 and own.created_at.hour == 10
            assert own.author.display_name == "ボブ" and own.author.handle == "@bob.bsky.social"
            assert own.tags == ("七夕",)
            assert own.url is None  # a server on 127.0.0.1: bsky.app cannot show its posts
            (image,) = own.media
            assert (image.url, image.preview_url, image.description) == (
                "https://cdn.example/f.jpg",
                "https://cdn.example/t.jpg",
                "笹飾り",
            )
            assert await adapter.timeline(limit=2, older_than=own.id) == []

    asyncio.run(run())
    assert [p.get("cursor") for p in seen] == [None, "c1"]


# --------------------------------------------------------------------------- answering back


def _records(pds: PdsServer, did: str, collection: str) -> list[dict[str, object]]:
    reply = pds.xrpc(
        "GET",
        "com.atproto.repo.listRecords",
        params={"repo": did, "collection": collection, "limit": 100},
    )
    reply.raise_for_status()
    records = reply.json()["records"]
    assert isinstance(records, list)
    return records


def test_reply_like_and_repost_are_records_with_strong_refs(
    pds: PdsServer, alice: PdsAccount, bob: PdsAccount
) -> None:
    from dataclasses import replace

    async def run() -> None:
        a = await _adapter(pds, alice)
        b = await _adapter(pds, bob)
        try:
            root_id = (await a.publish(Outgoing("あけおめ！ #年賀", Audience.PUBLIC))).remote_id
            root = next(p for p in await a.timeline(limit=20) if p.id == root_id)
            assert root.ref is not None and root.ref.uri == root_id
            root_ref = {"uri": root_id, "cid": root.ref.cid}

            likes_before = len(_records(pds, b.session.did, "app.bsky.feed.like"))
            with pytest.raises(AudienceRefused):  # every Bluesky post is public
                await b.reply(root, Outgoing("内緒", Audience.FRIENDS))

            answer = await b.reply(root, Outgoing("ことよろ！", Audience.PUBLIC))
            value = _record(pds, answer.remote_id)
            assert value["reply"] == {"root": root_ref, "parent": root_ref}

            # A reply to a reply: root stays the thread's first post, parent is the answer;
            # a post shown without its refs has them read from the repository.
            shown = next(p for p in await b.timeline(limit=20) if p.id == answer.remote_id)
            assert shown.in_reply_to_id == root_id and shown.root == root.ref
            bare = replace(shown, ref=None, root=None, parent=None)
            nested = await a.reply(bare, Outgoing("今年もよろしく", Audience.PUBLIC))
            nested_value = _record(pds, nested.remote_id)
            assert nested_value["reply"] == {
                "root": root_ref,
                "parent": {"uri": answer.remote_id, "cid": shown.ref.cid if shown.ref else ""},
            }

            await b.react(root)
            repost = await b.boost(root)
            likes = _records(pds, b.session.did, "app.bsky.feed.like")
            assert len(likes) == likes_before + 1
            assert likes[0]["value"]["subject"] == root_ref  # type: ignore[index]
            reposts = _records(pds, b.session.did, "app.bsky.feed.repost")
            assert [r["uri"] for r in reposts if r["value"]["subject"] == root_ref] == [  # type: ignore[index]
                repost.remote_id
            ]

            # No AppView: the thread is the ancestors read record by record.
            mine = next(p for p in await a.timeline(limit=20) if p.id == nested.remote_id)
            thread = await a.conversation(mine)
            assert [p.id for p in thread] == [root_id, answer.remote_id, nested.remote_id]
            assert a.timeline_source == "repo" and not a.capabilities.notifications
        finally:
            await a.aclose()
            await b.aclose()

    asyncio.run(run())


def _post_view(
    uri: str, text: str, when: str, reply: dict[str, object] | None = None
) -> dict[str, object]:
    record: dict[str, object] = {"$type": "app.bsky.feed.post", "text": text, "createdAt": when}
    if reply is not None:
        record["reply"] = reply
    return {
        "uri": uri,
        "cid": "cid-" + uri.rsplit("/", 1)[-1],
        "author": {"did": "did:plc:bob", "handle": "bob.bsky.social"},
        "record": record,
        "indexedAt": when,
    }


def test_appview_thread_and_notifications_are_parsed() -> None:
    """getPostThread and listNotifications as their lexicons shape them (an AppView cannot
    run here): the thread flattens oldest first with replies depth first, missing posts
    left out; notifications map to ours and stop at ``since``."""
    base = "at://did:plc:bob/app.bsky.feed.post/"
    root_ref = {"uri": base + "r", "cid": "cid-r"}
    thread = {
        "$type": "app.bsky.feed.defs#threadViewPost",
        "post": _post_view(
            base + "m", "二", "2027-01-01T00:02:00Z", {"root": root_ref, "parent": root_ref}
        ),
        "parent": {
            "$type": "app.bsky.feed.defs#threadViewPost",
            "post": _post_view(base + "r", "一", "2027-01-01T00:01:00Z"),
            "parent": {"$type": "app.bsky.feed.defs#notFoundPost", "uri": base + "x"},
        },
        "replies": [
            {
                "$type": "app.bsky.feed.defs#threadViewPost",
                "post": _post_view(base + "a", "三", "2027-01-01T00:03:00Z"),
                "replies": [
                    {
                        "$type": "app.bsky.feed.defs#threadViewPost",
                        "post": _post_view(base + "b", "四", "2027-01-01T00:04:00Z"),
                    }
                ],
            },
            {"$type": "app.bsky.feed.defs#blockedPost", "uri": base + "z", "blocked": True},
            {
                "$type": "app.bsky.feed.defs#threadViewPost",
                "post": _post_view(base + "c", "五", "2027-01-01T00:05:00Z"),
            },
        ],
    }
    who = {"did": "did:plc:carol", "handle": "carol.test", "displayName": "キャロル"}
    notifications = [
        {
            "uri": "at://did:plc:carol/app.bsky.feed.post/n3",
            "cid": "c3",
            "author": who,
            "reason": "reply",
            "reasonSubject": base + "m",
            "record": {
                "$type": "app.bsky.feed.post",
                "text": "おめでとう",
                "createdAt": "2027-01-01T00:09:00Z",
                "reply": {"root": root_ref, "parent": {"uri": base + "m", "cid": "cid-m"}},
            },
            "isRead": False,
            "indexedAt": "2027-01-01T00:09:01Z",
        },
        {
            "uri": "at://did:plc:carol/app.bsky.feed.like/n2",
            "cid": "c2",
            "author": who,
            "reason": "like",
            "reasonSubject": base + "m",
            "record": {
                "$type": "app.bsky.feed.like",
                "subject": {"uri": base + "m", "cid": "cid-m"},
                "createdAt": "2027-01-01T00:08:00Z",
            },
            "isRead": False,
            "indexedAt": "2027-01-01T00:08:01Z",
        },
        {
            "uri": "at://did:plc:carol/app.bsky.graph.follow/n1",
            "cid": "c1",
            "author": who,
            "reason": "follow",
            "record": {"$type": "app.bsky.graph.follow", "subject": "did:plc:x"},
            "isRead": True,
            "indexedAt": "2027-01-01T00:07:00Z",
        },
    ]

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("getPostThread"):
            assert request.url.params["uri"] == base + "m"
            return httpx.Response(200, json={"thread": thread})
        assert request.url.path.endswith("listNotifications")
        return httpx.Response(200, json={"notifications": notifications, "cursor": "c"})

    async def run() -> None:
        from app.core.models import NotificationKind

        session = BlueskySession("did:plc:x", "x.bsky.social", "access", "refresh")
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            adapter = BlueskyAdapter(_offline_ref(), session, client=client)
            middle = adapter._feed_post({"post": thread["post"]})
            posts = await adapter.conversation(middle)
            assert [p.text for p in posts] == ["一", "二", "三", "四", "五"]
            assert posts[1].root is not None and posts[1].root.uri == base + "r"
            assert posts[1].in_reply_to_id == base + "r"
            found = await adapter.notifications()
            assert [(n.kind, n.author.handle) for n in found] == [
                (NotificationKind.REPLY, "@carol.test"),
                (NotificationKind.REACTION, "@carol.test"),
                (NotificationKind.FOLLOW, "@carol.test"),
            ]
            assert found[0].post is not None and found[0].post.text == "おめでとう"
            newer = await adapter.notifications(since=found[1].id)
            assert [n.id for n in newer] == [found[0].id]
            assert adapter.capabilities.notifications

    asyncio.run(run())
