"""Sign-in through the real flows against the sandbox servers over HTTP: Mastodon OAuth
code + PKCE with a loopback redirect (and the out-of-band variant), Misskey MiAuth with a
loopback callback."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

import httpx
import pytest

from app.auth import mastodon_oauth, miauth
from app.auth.loopback import LoopbackReceiver, SignInError
from app.auth.pkce import PkcePair
from app.auth.sandbox import APPROVAL_HEADER, play_browser, sign_in_sandbox
from app.core.models import Audience
from app.networks.base import ErrorKind, NetworkError
from app.networks.factory import make_adapter


def test_sign_in_sandbox_gives_working_tokens_for_both_networks(sandbox, caplog) -> None:
    caplog.set_level(logging.DEBUG)

    async def scenario() -> list[tuple[Any, str]]:
        signed_in = await sign_in_sandbox(sandbox.accounts)
        for account, token in signed_in:
            adapter = make_adapter(account, token)
            try:
                me = await adapter.me()
                assert (me.id, me.handle) == (account.user_id, account.handle)
                await adapter.timeline(limit=1)
            finally:
                await adapter.aclose()
        return signed_in

    signed_in = asyncio.run(scenario())
    (public, public_token), (friends, friends_token) = signed_in
    assert public.key == f"mastodon:{sandbox.public_url}:me"
    assert (public.network, public.handle, public.label) == ("mastodon", "@me@sora", "sora")
    assert public.serves == {Audience.PUBLIC} and public.sandbox
    assert friends.key == f"misskey:{sandbox.friends_url}:me"
    assert (friends.network, friends.handle, friends.label) == ("misskey", "@me@nakama", "nakama")
    assert friends.serves == {Audience.FRIENDS} and friends.sandbox
    # New tokens from the flows, not the ready-made ones in accounts.json.
    assert public_token != sandbox.token("public")
    assert friends_token != sandbox.token("friends")
    # Tokens are never logged.
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "signed in" in logged
    for token in (public_token, friends_token):
        assert token not in logged


def test_mastodon_code_is_bound_to_the_pkce_verifier(sandbox) -> None:
    """Steps one by one: a code exchanged with another verifier is refused."""

    async def browse(url: str) -> None:
        await play_browser(url, sandbox.approval)

    async def scenario() -> None:
        async with httpx.AsyncClient() as http:
            pair = PkcePair()
            async with LoopbackReceiver("/cb", state=pair.state) as receiver:
                app = await mastodon_oauth.register_app(
                    http, sandbox.public_url, receiver.redirect_uri
                )
                assert app.client_secret not in repr(app)
                url = mastodon_oauth.authorize_url(
                    app, state=pair.state, code_challenge=pair.challenge
                )
                assert "code_challenge_method=S256" in url
                params = await receiver.open_and_wait(browse, url, timeout=10)
            with pytest.raises(NetworkError) as info:
                await mastodon_oauth.exchange_code(
                    http, app, params["code"], code_verifier=PkcePair().verifier
                )
            assert info.value.kind in (ErrorKind.REJECTED, ErrorKind.SIGNED_OUT)

    asyncio.run(scenario())


def test_mastodon_out_of_band_code_paste(sandbox) -> None:
    async def scenario() -> None:
        flow = mastodon_oauth.OutOfBandSignIn(sandbox.public_url)
        url = await flow.begin()
        assert "redirect_uri=urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob" in url
        async with httpx.AsyncClient() as browser:  # as the user's browser
            page = await browser.get(url, headers={APPROVAL_HEADER: sandbox.approval})
        code = re.search(r"<pre id='code'>([^<]+)</pre>", page.text)
        assert code is not None
        with pytest.raises(SignInError):
            await flow.finish("   ")
        account, token = await flow.finish(f"  {code.group(1)}\n")  # pasted with whitespace
        assert account["username"] == "me" and token

    asyncio.run(scenario())


def test_miauth_check_before_approval_is_not_a_sign_in(sandbox) -> None:
    async def scenario() -> None:
        async with httpx.AsyncClient() as http:
            with pytest.raises((SignInError, NetworkError)):
                await miauth.check(http, sandbox.friends_url, miauth.new_session())

    asyncio.run(scenario())


def test_miauth_url_names_app_callback_and_permissions() -> None:
    url = miauth.miauth_url("http://127.0.0.1:1/", "sess-1", callback="http://127.0.0.1:2/callback")
    assert url.startswith("http://127.0.0.1:1/miauth/sess-1?")
    assert "name=Kizuna" in url
    assert "callback=http%3A%2F%2F127.0.0.1%3A2%2Fcallback" in url
    assert "permission=read%3Aaccount%2Cwrite%3Anotes" in url


def test_an_authorization_page_that_does_not_redirect_fails_clearly(sandbox) -> None:
    """A page that does not send the browser back (a real server's login form, say) ends
    the sandbox sign-in with a SignInError instead of a wait until the timeout."""

    async def scenario() -> None:
        with pytest.raises(SignInError, match="did not send the browser back"):
            await play_browser(f"{sandbox.public_url}/api/v2/instance")

    asyncio.run(scenario())


def test_sign_in_to_a_server_of_the_wrong_kind_fails(sandbox) -> None:
    wrong = {"public": {**sandbox.accounts["public"], "url": sandbox.friends_url}}

    async def scenario() -> None:
        with pytest.raises(NetworkError):
            await sign_in_sandbox(wrong)

    asyncio.run(scenario())
