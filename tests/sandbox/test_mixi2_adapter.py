"""The mixi2 adapter over real gRPC and HTTP against the fake Application API
(tests/fakes/mixi2_server.py) on 127.0.0.1: a New Year card to the public and to two
chosen people, rooms learnt from the event stream into the profile, the 149-character
rule, token expiry mid-send, and gRPC errors as reason codes."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import grpc
import pytest

from app.core.models import AccountRef, Audience, MediaUpload, NotificationKind, Outgoing
from app.networks.base import AudienceRefused, ErrorKind, NetworkError
from app.networks.mixi2 import Mixi2Adapter
from app.networks.mixi2_proto import mixi2_api_pb2 as api
from app.networks.mixi2_proto import mixi2_api_pb2_grpc as api_grpc
from app.networks.mixi2_token import Mixi2Credentials, TokenSource, endpoints
from app.store.db import Store
from app.store.mixi2_rooms import Mixi2Rooms
from tests.fakes.mixi2_server import Mixi2Fake

CLIENT, SECRET = "kizuna-client", "s3cret-value-never-logged"
CARD = MediaUpload(
    b"\x89PNG\r\n\x1a\n" + b"card" * 100, "nenga.png", "image/png", "年賀状: 謹賀新年"
)
STREAM_TIMEOUT = 10.0


def account_for(fake: Mixi2Fake) -> AccountRef:
    return AccountRef(
        key=f"mixi2:{CLIENT}",
        network="mixi2",
        base_url=fake.endpoint,
        user_id=CLIENT,
        username=CLIENT,
        handle=f"@{CLIENT}",
        serves=frozenset({Audience.PUBLIC}),
        friends_need_recipients=True,
    )


def run(test: Callable[[Mixi2Fake, Mixi2Adapter, Mixi2Rooms], Awaitable[None]], tmp: Path) -> None:
    async def main() -> None:
        with Mixi2Fake({CLIENT: SECRET}) as fake:
            rooms = Mixi2Rooms(Store(tmp / "profile.db"))
            adapter = Mixi2Adapter(
                account_for(fake),
                Mixi2Credentials(CLIENT, SECRET),
                rooms=rooms,
                media_poll_interval=0.01,
            )
            try:
                await test(fake, adapter, rooms)
            finally:
                await adapter.aclose()

    asyncio.run(main())


async def learn_rooms(fake: Mixi2Fake, adapter: Mixi2Adapter, people: dict[str, str]) -> list:
    """People write to the application; the adapter's notification stream learns rooms."""
    opened = asyncio.Event()
    seen = []

    async def listen() -> None:
        async for notification in adapter.notification_stream(opened.set):
            seen.append(notification)
            if len(seen) == len(people):
                return

    task = asyncio.create_task(listen())
    await asyncio.wait_for(opened.wait(), STREAM_TIMEOUT)
    for user_id, name in people.items():
        fake.user_writes(user_id, name, "今年もよろしくね")
    await asyncio.wait_for(task, STREAM_TIMEOUT)
    return seen


def test_new_year_card_to_the_public_is_one_post_with_the_picture(tmp_path: Path) -> None:
    async def test(fake: Mixi2Fake, adapter: Mixi2Adapter, rooms: Mixi2Rooms) -> None:
        published = await adapter.publish(
            Outgoing("明けましておめでとうございます", Audience.PUBLIC, media=(CARD,))
        )
        [post] = fake.posts
        assert post.post_id == published.remote_id
        assert post.text == "明けましておめでとうございます"
        assert len(post.post_media_list) == 1
        [media_id] = [m for m in fake.state.media]
        assert fake.media(media_id).data == CARD.data
        assert fake.media(media_id).description == "年賀状: 謹賀新年"  # the alt text
        assert fake.messages == []

    run(test, tmp_path)


def test_card_to_two_chosen_friends_is_two_chat_messages_and_nothing_public(tmp_path: Path) -> None:
    async def test(fake: Mixi2Fake, adapter: Mixi2Adapter, rooms: Mixi2Rooms) -> None:
        seen = await learn_rooms(fake, adapter, {"u-haruka": "春香", "u-mio": "みお"})
        assert [n.kind for n in seen] == [NotificationKind.MESSAGE] * 2
        assert {r.user_id for r in rooms.rooms(adapter.account.key)} == {"u-haruka", "u-mio"}
        friends = await adapter.friends()
        assert {(f.user_id, f.display_name) for f in friends} == {
            ("u-haruka", "春香"),
            ("u-mio", "みお"),
        }
        out = Outgoing(
            "あけおめ！", Audience.FRIENDS, recipients=("u-haruka", "u-mio"), media=(CARD,)
        )
        await adapter.publish(out)
        assert fake.posts == []
        assert sorted(m.room_id for m in fake.messages) == ["room-u-haruka", "room-u-mio"]
        assert all(m.text == "あけおめ！" and len(m.media_list) == 1 for m in fake.messages)

    run(test, tmp_path)


def test_friends_without_a_room_or_without_recipients_are_refused_before_sending(
    tmp_path: Path,
) -> None:
    async def test(fake: Mixi2Fake, adapter: Mixi2Adapter, rooms: Mixi2Rooms) -> None:
        with pytest.raises(AudienceRefused):
            await adapter.publish(Outgoing("やあ", Audience.FRIENDS))
        with pytest.raises(NetworkError) as refused:
            await adapter.publish(
                Outgoing("やあ", Audience.FRIENDS, recipients=("u-nobody",), media=(CARD,))
            )
        assert refused.value.kind is ErrorKind.REJECTED
        assert fake.calls == [] and fake.messages == [] and fake.posts == []

    run(test, tmp_path)


def test_150_characters_are_refused_before_any_request_149_go_out(tmp_path: Path) -> None:
    async def test(fake: Mixi2Fake, adapter: Mixi2Adapter, rooms: Mixi2Rooms) -> None:
        assert adapter.limits.max_characters == 149
        with pytest.raises(NetworkError) as refused:
            await adapter.publish(Outgoing("賀" * 150, Audience.PUBLIC, media=(CARD,)))
        assert refused.value.kind is ErrorKind.REJECTED
        assert fake.calls == [] and fake.state.tokens == {}  # not even a token was asked for
        await adapter.publish(Outgoing("👨‍👩‍👧" + "賀" * 148, Audience.PUBLIC))  # one grapheme each
        assert len(fake.posts) == 1

    run(test, tmp_path)


def test_the_fake_refuses_150_characters_like_mixi2(tmp_path: Path) -> None:
    async def test(fake: Mixi2Fake, adapter: Mixi2Adapter, rooms: Mixi2Rooms) -> None:
        tokens = TokenSource(Mixi2Credentials(CLIENT, SECRET), endpoints(fake.endpoint).token_url)
        async with grpc.aio.insecure_channel(endpoints(fake.endpoint).api) as channel:
            stub = api_grpc.ApplicationServiceStub(channel)
            meta = (("authorization", f"Bearer {await tokens.token()}"),)
            with pytest.raises(grpc.aio.AioRpcError) as refused:
                await stub.CreatePost(api.CreatePostRequest(text="賀" * 150), metadata=meta)
            assert refused.value.code() is grpc.StatusCode.INVALID_ARGUMENT
        await tokens.aclose()
        assert fake.posts == []

    run(test, tmp_path)


def test_token_expiring_mid_send_is_renewed_and_the_send_succeeds(tmp_path: Path) -> None:
    async def test(fake: Mixi2Fake, adapter: Mixi2Adapter, rooms: Mixi2Rooms) -> None:
        media_id = await adapter.upload(CARD)
        fake.expire_tokens()  # an hour went by between the picture and the post
        await adapter.publish(Outgoing("おめでとう", Audience.PUBLIC, media_ids=(media_id,)))
        assert len(fake.posts) == 1
        assert len(fake.state.tokens) == 2  # a second token was fetched
        assert fake.calls.count("CreatePost") == 2  # refused once (UNAUTHENTICATED), then made

    run(test, tmp_path)


def test_wrong_secret_is_signed_out(tmp_path: Path) -> None:
    async def test(fake: Mixi2Fake, adapter: Mixi2Adapter, rooms: Mixi2Rooms) -> None:
        wrong = Mixi2Adapter(adapter.account, Mixi2Credentials(CLIENT, "wrong"))
        with pytest.raises(NetworkError) as refused:
            await wrong.me()
        await wrong.aclose()
        assert refused.value.kind is ErrorKind.SIGNED_OUT

    run(test, tmp_path)


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        (grpc.StatusCode.RESOURCE_EXHAUSTED, ErrorKind.RATE_LIMITED),
        (grpc.StatusCode.INVALID_ARGUMENT, ErrorKind.REJECTED),
        (grpc.StatusCode.PERMISSION_DENIED, ErrorKind.SIGNED_OUT),
        (grpc.StatusCode.INTERNAL, ErrorKind.SERVER_ERROR),
    ],
)
def test_grpc_statuses_become_reason_codes(
    tmp_path: Path, code: grpc.StatusCode, kind: ErrorKind
) -> None:
    async def test(fake: Mixi2Fake, adapter: Mixi2Adapter, rooms: Mixi2Rooms) -> None:
        fake.fail("CreatePost", code)
        with pytest.raises(NetworkError) as failed:
            await adapter.publish(Outgoing("こんにちは", Audience.PUBLIC))
        assert failed.value.kind is kind
        assert fake.posts == []

    run(test, tmp_path)


def test_rate_limit_of_the_fake_is_rate_limited(tmp_path: Path) -> None:
    async def test(fake: Mixi2Fake, adapter: Mixi2Adapter, rooms: Mixi2Rooms) -> None:
        fake.state.rate_limit = 1
        await adapter.publish(Outgoing("一つ目", Audience.PUBLIC))
        with pytest.raises(NetworkError) as limited:
            await adapter.publish(Outgoing("二つ目", Audience.PUBLIC))
        assert limited.value.kind is ErrorKind.RATE_LIMITED
        assert [p.text for p in fake.posts] == ["一つ目"]

    run(test, tmp_path)


def test_mentions_and_replies_are_notifications(tmp_path: Path) -> None:
    async def test(fake: Mixi2Fake, adapter: Mixi2Adapter, rooms: Mixi2Rooms) -> None:
        opened = asyncio.Event()
        got = []

        async def listen() -> None:
            async for notification in adapter.notification_stream(opened.set):
                got.append(notification)
                if len(got) == 2:
                    return

        task = asyncio.create_task(listen())
        await asyncio.wait_for(opened.wait(), STREAM_TIMEOUT)
        fake.user_mentions("u-ken", "けん", "@kizuna あけおめ #正月")
        fake.user_mentions("u-ken", "けん", "ことよろ", reply_to="post-x")
        await asyncio.wait_for(task, STREAM_TIMEOUT)
        assert [n.kind for n in got] == [NotificationKind.MENTION, NotificationKind.REPLY]
        assert got[0].author.display_name == "けん"
        assert got[0].post is not None and "正月" in got[0].post.tags

    run(test, tmp_path)


def test_the_token_is_renewed_a_minute_before_it_expires(tmp_path: Path) -> None:
    async def test(fake: Mixi2Fake, adapter: Mixi2Adapter, rooms: Mixi2Rooms) -> None:
        fake.state.token_lifetime = 300.0
        now = [1000.0]
        tokens = TokenSource(
            Mixi2Credentials(CLIENT, SECRET),
            endpoints(fake.endpoint).token_url,
            clock=lambda: now[0],
        )
        first = await tokens.token()
        now[0] += 239.0  # 61 s before it expires: still good
        assert await tokens.token() == first and tokens.fetched == 1
        now[0] += 1.0  # one minute before: a new one
        assert await tokens.token() != first and tokens.fetched == 2
        await tokens.aclose()

    run(test, tmp_path)


def test_a_server_that_cannot_be_reached_is_offline_and_nothing_left(tmp_path: Path) -> None:
    async def test(fake: Mixi2Fake, adapter: Mixi2Adapter, rooms: Mixi2Rooms) -> None:
        await adapter.me()  # a token, then the API goes away
        fake.stop()
        with pytest.raises(NetworkError) as failed:
            await adapter.publish(Outgoing("とどかない", Audience.PUBLIC))
        assert failed.value.kind is ErrorKind.OFFLINE
        assert failed.value.detail == "ConnectError"  # the outbox knows nothing left

    run(test, tmp_path)
