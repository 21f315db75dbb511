"""The X adapter and sign-in over real HTTP against the fake X API v2 (tests/fakes/x_server.py)
on 127.0.0.1: OAuth 2.0 + PKCE through the loopback receiver, posting, timelines, rate
limits, token refresh and the outbox's own-post lookup."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from app.auth import x_oauth
from app.auth.loopback import SignInError
from app.auth.x_oauth import XSession
from app.core.models import AccountRef, Audience, MediaUpload, Outgoing, Post
from app.networks.base import AudienceRefused, ErrorKind, NetworkAdapter, NetworkError
from app.networks.x import XAdapter, x_error
from tests.fakes.x_server import FakeX
from tests.helpers import LiveFeed

STREAM_TIMEOUT = 10.0


def account_for(fake: FakeX, session: XSession) -> AccountRef:
    return AccountRef(
        key=f"x:{fake.base_url}:{session.username}",
        network="x",
        base_url=fake.base_url,
        user_id=session.user_id,
        username=session.username,
        handle=f"@{session.username}",
        serves=frozenset({Audience.PUBLIC}),
        label="X",
    )


async def sign_in(fake: FakeX, client_id: str | None = None) -> XSession:
    """Sign in as a user would, with an HTTP client playing the browser."""
    async with httpx.AsyncClient(follow_redirects=True) as browser:

        async def open_url(url: str) -> None:
            reply = await browser.get(url)
            if reply.is_error and reply.url.path != "/callback":
                reply.raise_for_status()  # X's error page: the flow cannot go on

        return await x_oauth.sign_in(
            fake.client_id if client_id is None else client_id,
            open_url,
            authorize_endpoint=fake.authorize_url,
            api_base=fake.base_url,
            timeout=20,
        )


def run(test: Callable[[FakeX], Awaitable[None]]) -> None:
    async def main() -> None:
        async with FakeX() as fake:
            await test(fake)

    asyncio.run(main())


async def adapter_for(fake: FakeX, **kwargs: Any) -> XAdapter:
    session = await sign_in(fake)
    return XAdapter(account_for(fake, session), session, api_base=fake.base_url, **kwargs)


def test_sign_in_with_pkce_and_me() -> None:
    async def test(fake: FakeX) -> None:
        session = await sign_in(fake)
        assert session.user_id == fake.me.id
        assert session.username == "kizuna_me"
        assert session.client_id == fake.client_id
        assert session.refresh_token  # offline.access was asked for
        assert not session.expired()
        # The secrets stay out of repr (and so out of logs).
        assert session.access_token not in repr(session)
        assert session.refresh_token not in repr(session)
        assert XSession.from_json(session.to_json()) == session
        adapter = XAdapter(account_for(fake, session), session, api_base=fake.base_url)
        assert isinstance(adapter, NetworkAdapter)
        try:
            me = await adapter.me()
        finally:
            await adapter.aclose()
        assert (me.id, me.username, me.handle, me.display_name) == (
            fake.me.id,
            "kizuna_me",
            "@kizuna_me",
            "絆の私",
        )
        assert me.avatar_url is not None and me.avatar_url.startswith("https://")

    run(test)


def test_sign_in_refused_for_a_wrong_client_id_or_a_denial() -> None:
    async def test(fake: FakeX) -> None:
        with pytest.raises(SignInError):
            await sign_in(fake, client_id="not-our-app")
        fake.deny = True
        with pytest.raises(SignInError, match="access_denied"):
            await sign_in(fake)
        assert fake.count("POST", "/2/oauth2/token") == 0

    run(test)


def test_token_endpoint_checks_the_pkce_verifier() -> None:
    async def test(fake: FakeX) -> None:
        async with httpx.AsyncClient() as http:
            reply = await http.get(
                x_oauth.authorize_url(
                    fake.client_id,
                    "http://127.0.0.1:9/callback",
                    state="s",
                    code_challenge="E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                    endpoint=fake.authorize_url,
                )
            )
            assert reply.status_code == 302
            code = httpx.URL(reply.headers["Location"]).params["code"]
            with pytest.raises(NetworkError) as caught:
                await x_oauth.exchange_code(
                    http,
                    code,
                    client_id=fake.client_id,
                    redirect_uri="http://127.0.0.1:9/callback",
                    code_verifier="x" * 43,  # not the verifier of that challenge
                    api_base=fake.base_url,
                )
        assert caught.value.kind is ErrorKind.SIGNED_OUT
        assert "code verifier" in caught.value.detail

    run(test)


def test_japanese_text_140_kanji_fits_and_141_is_refused_before_sending() -> None:
    async def test(fake: FakeX) -> None:
        adapter = await adapter_for(fake)
        try:
            text = "絆" * 140
            published = await adapter.publish(Outgoing(text=text, audience=Audience.PUBLIC))
            assert fake.tweets[-1].text == text
            assert fake.tweets[-1].author_id == fake.me.id
            assert published.remote_id == fake.tweets[-1].id
            assert published.url == f"https://x.com/kizuna_me/status/{published.remote_id}"
            sent = fake.count("POST", "/2/tweets")
            with pytest.raises(NetworkError) as caught:
                await adapter.publish(Outgoing(text="絆" * 141, audience=Audience.PUBLIC))
            assert caught.value.kind is ErrorKind.REJECTED
            assert "282" in caught.value.detail
            assert fake.count("POST", "/2/tweets") == sent
        finally:
            await adapter.aclose()
        assert adapter.limits.max_characters == 280
        assert adapter.limits.unit == "weighted"
        assert adapter.limits.characters_reserved_per_url == 23

    run(test)


def test_the_fake_refuses_an_overlong_tweet_like_x() -> None:
    async def test(fake: FakeX) -> None:
        session = await sign_in(fake)
        async with httpx.AsyncClient() as http:
            reply = await http.post(
                fake.base_url + "/2/tweets",
                json={"text": "絆" * 141},
                headers={"Authorization": f"Bearer {session.access_token}"},
            )
        assert reply.status_code == 400
        error = x_error(reply.status_code, reply.headers, reply.content)
        assert error.kind is ErrorKind.REJECTED
        assert "too long" in error.detail
        assert reply.headers["x-rate-limit-limit"] == "100"

    run(test)


def test_friends_audience_is_refused_with_nothing_sent() -> None:
    async def test(fake: FakeX) -> None:
        adapter = await adapter_for(fake)
        try:
            before = len(fake.requests)
            assert Audience.FRIENDS not in adapter.capabilities.audiences
            with pytest.raises(AudienceRefused):
                await adapter.publish(Outgoing(text="内緒の話", audience=Audience.FRIENDS))
            with pytest.raises(AudienceRefused):
                await adapter.publish(
                    Outgoing(text="内緒", audience=Audience.PUBLIC, recipients=("42",))
                )
            assert len(fake.requests) == before
            assert fake.tweets == []
        finally:
            await adapter.aclose()

    run(test)


def test_timeline_and_an_older_page() -> None:
    async def test(fake: FakeX) -> None:
        friend = fake.add_user("haruka", "はるか")
        for i in range(5):
            fake.add_tweet(friend, f"おはよう {i} #朝 https://example.com/{i}")
        adapter = await adapter_for(fake)
        try:
            first = await adapter.timeline(limit=3)
            assert [p.text.split()[1] for p in first] == ["4", "3", "2"]
            post = first[0]
            assert (post.author.username, post.author.display_name) == ("haruka", "はるか")
            assert post.audience is Audience.PUBLIC
            assert post.url == f"https://x.com/haruka/status/{post.id}"
            assert "朝" in post.tags
            # The t.co link is shown as written.
            assert "https://example.com/4" in post.text
            assert post.created_at.tzinfo is not None
            older = await adapter.timeline(limit=3, older_than=first[-1].id)
            assert [p.text.split()[1] for p in older] == ["1", "0"]
            # A page we did not hand out still pages by id (until_id).
            fresh = XAdapter(adapter.account, adapter.session, api_base=fake.base_url)
            try:
                by_id = await fresh.timeline(limit=10, older_than=first[1].id)
            finally:
                await fresh.aclose()
            assert [p.text.split()[1] for p in by_id] == ["2", "1", "0"]
            assert await adapter.timeline(limit=3, older_than=older[-1].id) == []
        finally:
            await adapter.aclose()

    run(test)


def test_rate_limit_exhausted_and_429_become_rate_limited() -> None:
    async def test(fake: FakeX) -> None:
        fake.rate_limits["timeline"] = 1
        adapter = await adapter_for(fake)
        path = f"/2/users/{fake.me.id}/timelines/reverse_chronological"
        try:
            await adapter.timeline()  # the last request of the window: remaining 0
            with pytest.raises(NetworkError) as held:
                await adapter.timeline()
            assert held.value.kind is ErrorKind.RATE_LIMITED
            assert fake.count("GET", path) == 1  # refused without sending
            # Another adapter does not know and meets X's 429.
            other = XAdapter(adapter.account, adapter.session, api_base=fake.base_url)
            try:
                with pytest.raises(NetworkError) as caught:
                    await other.timeline()
            finally:
                await other.aclose()
        finally:
            await adapter.aclose()
        assert fake.count("GET", path) == 2
        assert caught.value.kind is ErrorKind.RATE_LIMITED
        assert caught.value.status == 429
        assert caught.value.retry_after is not None
        # The window's end, plus a second: the reset is given in whole seconds.
        assert 0 < caught.value.retry_after <= 15 * 60 + 1
        # Other endpoints have their own windows.
        assert fake.count("GET", "/2/users/me") >= 1

    run(test)


def test_expired_access_token_is_refreshed_once_and_handed_back() -> None:
    async def test(fake: FakeX) -> None:
        handed: list[XSession] = []
        adapter = await adapter_for(fake, on_session=handed.append)
        old = adapter.session
        try:
            fake.expire_access_tokens()
            published = await adapter.publish(
                Outgoing(text="更新後の投稿", audience=Audience.PUBLIC)
            )
            assert fake.tweets[-1].id == published.remote_id
            assert len(handed) == 1
            new = handed[0]
            assert new.access_token != old.access_token
            assert new.refresh_token != old.refresh_token  # X rotates refresh tokens
            assert (new.user_id, new.client_id) == (old.user_id, old.client_id)
            assert adapter.session == new
            assert fake.count("POST", "/2/oauth2/token") == 2  # sign-in, then one refresh
            # The old refresh token is spent.
            async with httpx.AsyncClient() as http:
                with pytest.raises(NetworkError) as caught:
                    await x_oauth.refresh(http, old, api_base=fake.base_url)
            assert caught.value.kind is ErrorKind.SIGNED_OUT
            # A session known to be past its expiry is refreshed before sending.
            adapter.session = dataclasses.replace(adapter.session, expires_at=1.0)
            await adapter.me()
            assert len(handed) == 2
        finally:
            await adapter.aclose()

    run(test)


def test_a_refresh_that_fails_means_signed_out() -> None:
    async def test(fake: FakeX) -> None:
        handed: list[XSession] = []
        session = dataclasses.replace(await sign_in(fake), refresh_token="revoked")
        adapter = XAdapter(
            account_for(fake, session), session, api_base=fake.base_url, on_session=handed.append
        )
        try:
            fake.expire_access_tokens()
            with pytest.raises(NetworkError) as caught:
                await adapter.me()
        finally:
            await adapter.aclose()
        assert caught.value.kind is ErrorKind.SIGNED_OUT
        assert handed == []

    run(test)


def test_duplicate_content_is_rejected_in_x_words() -> None:
    async def test(fake: FakeX) -> None:
        adapter = await adapter_for(fake)
        try:
            await adapter.publish(Outgoing(text="同じ言葉", audience=Audience.PUBLIC))
            with pytest.raises(NetworkError) as caught:
                await adapter.publish(Outgoing(text="同じ言葉", audience=Audience.PUBLIC))
        finally:
            await adapter.aclose()
        assert caught.value.kind is ErrorKind.REJECTED
        assert caught.value.status == 403
        assert "duplicate content" in caught.value.detail
        assert len(fake.tweets) == 1

    run(test)


def test_find_own_finds_the_posted_tweet() -> None:
    async def test(fake: FakeX) -> None:
        friend = fake.add_user("haruka")
        adapter = await adapter_for(fake)
        text = "季節の便り https://example.com/aki"
        since = datetime.now(UTC) - timedelta(seconds=5)
        try:
            fake.add_tweet(friend, text)  # the same words by someone else
            published = await adapter.publish(Outgoing(text=text, audience=Audience.PUBLIC))
            assert fake.tweets[-1].text != text  # X stored it with a t.co link
            found = await adapter.find_own(text, Audience.PUBLIC, since)
            assert found == published
            assert await adapter.find_own("別の言葉", Audience.PUBLIC, since) is None
            later = datetime.now(UTC) + timedelta(minutes=5)
            assert await adapter.find_own(text, Audience.PUBLIC, later) is None
        finally:
            await adapter.aclose()

    run(test)


def test_picture_with_alt_text() -> None:
    async def test(fake: FakeX) -> None:
        adapter = await adapter_for(fake)
        picture = MediaUpload(b"\x89PNG\r\n\x1a\n....", "card.png", "image/png", "紅葉の写真")
        try:
            assert adapter.capabilities.media
            published = await adapter.publish(
                Outgoing(text="秋です", audience=Audience.PUBLIC, media=(picture,))
            )
        finally:
            await adapter.aclose()
        (media_id,) = fake.media
        assert fake.media[media_id]["alt"] == "紅葉の写真"
        assert fake.media[media_id]["bytes"] == picture.data
        assert fake.media[media_id]["category"] == "tweet_image"
        assert fake.bodies[-1] == {"text": "秋です", "media": {"media_ids": [media_id]}}
        assert fake.tweets[-1].id == published.remote_id

    run(test)


def test_stream_polls_and_yields_new_posts() -> None:
    async def test(fake: FakeX) -> None:
        friend = fake.add_user("haruka")
        fake.add_tweet(friend, "前からある投稿")
        adapter = await adapter_for(fake, poll_interval=0.05)
        opened = asyncio.Event()
        try:
            assert not adapter.capabilities.streaming
            stream = adapter.stream(on_open=opened.set)

            async def first() -> Post:
                return await anext(stream)

            task = asyncio.ensure_future(first())
            await asyncio.wait_for(opened.wait(), STREAM_TIMEOUT)
            fake.add_tweet(friend, "新しい投稿")
            post = await asyncio.wait_for(task, STREAM_TIMEOUT)
            await stream.aclose()  # type: ignore[attr-defined]
        finally:
            await adapter.aclose()
        assert post.text == "新しい投稿"

    run(test)


def test_error_bodies_are_put_in_words() -> None:
    problem = b'{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}'
    assert x_error(401, {}, problem).kind is ErrorKind.SIGNED_OUT
    listed = (
        b'{"errors":[{"message":"The `id` query parameter value [x] is not valid"}],'
        b'"title":"Invalid Request","detail":"One or more parameters to your request was invalid.",'
        b'"type":"https://api.twitter.com/2/problems/invalid-request"}'
    )
    error = x_error(400, {}, listed)
    assert error.kind is ErrorKind.REJECTED
    assert "is not valid" in error.detail and "parameters" in error.detail
    assert x_error(503, {}, b"<html>").kind is ErrorKind.SERVER_ERROR
    limited = x_error(429, httpx.Headers({"x-rate-limit-reset": "1"}), b"")
    assert limited.kind is ErrorKind.RATE_LIMITED
    assert limited.retry_after == 0.0  # a reset in the past: try again now


# ------------------------------------------------------------------ live through TimelineFeed


def test_timeline_feed_is_live_over_x_without_gaps_or_duplicates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from app.services.timeline import LiveState

    async def test(fake: FakeX) -> None:
        friend = fake.add_user("haruka")
        for i in range(25):  # more than a first page: the poll asks for 30
            fake.add_tweet(friend, f"前からある投稿 {i}")
        adapter = await adapter_for(fake, poll_interval=0.05)
        live = LiveFeed(adapter, monkeypatch, STREAM_TIMEOUT)
        try:
            first, errors = await live.feed.initial()
            assert not errors and len(first) == 20
            # Posted after the first page, before the live stream started: not lost.
            gap = fake.add_tweet(friend, "すき間の投稿")
            live.start()
            await live.until(lambda: LiveState.LIVE in live.states)
            assert live.states[0] is LiveState.CONNECTING
            await live.until(lambda: any(p.id == gap.id for p in live.got))
            now = fake.add_tweet(friend, "ライブの投稿 #メリクリ")
            await live.until(lambda: any(p.id == now.id for p in live.got))
            polls = fake.count("GET", f"/2/users/{fake.me.id}/timelines/reverse_chronological")
            await live.until(
                lambda: (
                    fake.count("GET", f"/2/users/{fake.me.id}/timelines/reverse_chronological")
                    >= polls + 3
                )
            )
        finally:
            await live.stop()
            await adapter.aclose()
        # Exactly the two new tweets, oldest first, each once: nothing from the first page
        # (nor the five older tweets only the 30-tweet poll saw) came again.
        assert [p.id for p in live.got] == [gap.id, now.id]
        assert live.got[1].tags == ("メリクリ",)
        assert LiveState.RECONNECTING not in live.states and not live.backoffs

    run(test)


def test_polling_waits_for_the_rate_limit_reset_instead_of_hitting_429(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With a tiny window (3 timeline requests per 2 s) and a poll every 50 ms, the
    adapter stops asking once ``x-rate-limit-remaining`` is 0 and goes on after the reset:
    never a 429, the feed stays live, and a tweet posted meanwhile still arrives."""
    from app.services.timeline import LiveState
    from tests.fakes import x_server

    monkeypatch.setattr(x_server, "WINDOW_SECONDS", 2)

    async def test(fake: FakeX) -> None:
        fake.rate_limits["timeline"] = 3
        friend = fake.add_user("haruka")
        fake.add_tweet(friend, "前からある投稿")
        statuses: list[int] = []

        async def record(response: httpx.Response) -> None:
            if response.request.url.path.endswith("/reverse_chronological"):
                statuses.append(response.status_code)

        client = httpx.AsyncClient(event_hooks={"response": [record]})
        adapter = await adapter_for(fake, client=client, poll_interval=0.05)
        live = LiveFeed(adapter, monkeypatch, STREAM_TIMEOUT)
        try:
            await live.go_live()
            await live.until(lambda: len(statuses) >= 3)  # the window is used up
            later = fake.add_tweet(friend, "リセット後に届く投稿")
            await live.until(lambda: any(p.id == later.id for p in live.got))
        finally:
            await live.stop()
            await client.aclose()
        assert 429 not in statuses and len(statuses) >= 4  # it asked again after the reset
        assert [p.id for p in live.got] == [later.id]
        assert LiveState.RECONNECTING not in live.states

    run(test)


def test_a_429_from_x_is_waited_out_and_polling_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """Another app used up the window (the server answers 429 with its reset): the poll
    waits for that reset and carries on, live all along."""
    from app.services.timeline import LiveState
    from tests.fakes import x_server

    monkeypatch.setattr(x_server, "WINDOW_SECONDS", 1)

    async def test(fake: FakeX) -> None:
        friend = fake.add_user("haruka")
        statuses: list[int] = []

        async def record(response: httpx.Response) -> None:
            if response.request.url.path.endswith("/reverse_chronological"):
                statuses.append(response.status_code)
                if response.status_code == 429:
                    fake.rate_limits["timeline"] = 180  # the next window is ours again

        client = httpx.AsyncClient(event_hooks={"response": [record]})
        adapter = await adapter_for(fake, client=client, poll_interval=0.05)
        live = LiveFeed(adapter, monkeypatch, STREAM_TIMEOUT)
        try:
            await live.go_live()
            fake.rate_limits["timeline"] = 0  # every request now meets a 429
            await live.until(lambda: 429 in statuses)
            later = fake.add_tweet(friend, "429 のあとに届く投稿")
            await live.until(lambda: any(p.id == later.id for p in live.got))
        finally:
            await live.stop()
            await client.aclose()
        assert statuses.count(429) == 1  # waited for the reset, did not hammer
        assert LiveState.RECONNECTING not in live.states

    run(test)
