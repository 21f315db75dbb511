"""PKCE secrets and the loopback redirect receiver (real HTTP on 127.0.0.1)."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import re

import httpx
import pytest

from app.auth.loopback import LoopbackReceiver, SignInError
from app.auth.pkce import PkcePair, new_state, new_verifier, s256_challenge

UNRESERVED = re.compile(r"[A-Za-z0-9\-._~]+")


def test_verifier_is_long_random_and_unreserved() -> None:
    verifiers = {new_verifier() for _ in range(50)}
    assert len(verifiers) == 50
    for v in verifiers:
        assert 43 <= len(v) <= 128 and UNRESERVED.fullmatch(v)
    assert len(new_verifier(32)) == 43 and len(new_verifier(96)) == 128
    with pytest.raises(ValueError):
        new_verifier(16)


def test_s256_challenge_matches_rfc7636_appendix_b() -> None:
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert s256_challenge(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    pair = PkcePair()
    digest = hashlib.sha256(pair.verifier.encode()).digest()
    assert pair.challenge == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    assert pair.method == "S256"
    assert pair.verifier not in repr(pair) and pair.state not in repr(pair)
    with pytest.raises(ValueError):
        s256_challenge("short")


def test_states_differ() -> None:
    assert len({new_state() for _ in range(50)}) == 50


def test_loopback_receives_the_redirect_and_ignores_stray_requests() -> None:
    async def scenario() -> None:
        async with LoopbackReceiver("/callback", state="s1") as receiver:
            assert receiver.redirect_uri.startswith("http://127.0.0.1:")
            async with httpx.AsyncClient() as browser:
                stray = await browser.get(f"http://127.0.0.1:{receiver.port}/favicon.ico")
                assert stray.status_code == 404
                waiting = asyncio.ensure_future(receiver.wait(timeout=10))
                page = await browser.get(
                    receiver.redirect_uri, params={"code": "c0", "state": "s1"}
                )
                params = await waiting
        assert params == {"code": "c0", "state": "s1"}
        assert page.status_code == 200
        assert "You can close this window" in page.text
        assert "このウィンドウを閉じてください" in page.text
        assert page.headers["content-type"].startswith("text/html")

    asyncio.run(scenario())


def test_loopback_refuses_a_mismatched_state() -> None:
    async def scenario() -> None:
        async with LoopbackReceiver("/callback", state="expected") as receiver:
            async with httpx.AsyncClient() as browser:
                page = await browser.get(receiver.redirect_uri, params={"code": "c", "state": "x"})
            assert page.status_code == 400
            with pytest.raises(SignInError, match="did not match"):
                await receiver.wait(timeout=5)

    asyncio.run(scenario())


def test_loopback_reports_an_error_redirect() -> None:
    async def scenario() -> None:
        async with LoopbackReceiver("/cb", state="s") as receiver:
            async with httpx.AsyncClient() as browser:
                await browser.get(
                    receiver.redirect_uri,
                    params={
                        "error": "access_denied",
                        "error_description": "user said no",
                        "state": "s",
                    },
                )
            with pytest.raises(SignInError, match="user said no"):
                await receiver.wait(timeout=5)

    asyncio.run(scenario())


def test_loopback_times_out_and_then_stops_listening() -> None:
    async def scenario() -> int:
        async with LoopbackReceiver("/callback") as receiver:
            with pytest.raises(SignInError, match="in time"):
                await receiver.wait(timeout=0.05)
            return receiver.port

    port = asyncio.run(scenario())
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/callback")


def test_open_and_wait_reports_a_browser_that_fails() -> None:
    async def broken_browser(url: str) -> None:
        raise OSError("no browser")

    async def scenario() -> None:
        async with LoopbackReceiver("/callback", state="s") as receiver:
            with pytest.raises(SignInError, match="could not open"):
                await receiver.open_and_wait(broken_browser, "http://127.0.0.1:1/", timeout=5)

    asyncio.run(scenario())
