"""The loopback receiver on a fixed port (X compares the whole registered callback URL):
it listens where it was told, can be used again on the same port right after, and a port
another program holds is a clear PortInUse before anything else happens; an error
redirect is SignInRefused. Each failure carries its machine reason code for the UI."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from app.auth import loopback
from app.auth.loopback import LoopbackReceiver, PortInUse, SignInError, SignInRefused
from tests.helpers import free_port, listening_socket


async def _one_redirect(port: int, state: str) -> dict[str, str]:
    async with LoopbackReceiver("/callback", state=state, port=port) as receiver:
        assert receiver.port == port
        assert receiver.redirect_uri == f"http://127.0.0.1:{port}/callback"
        waiting = asyncio.ensure_future(receiver.wait(timeout=10))
        async with httpx.AsyncClient() as browser:
            page = await browser.get(
                f"http://127.0.0.1:{port}/callback", params={"code": "c", "state": state}
            )
        assert page.status_code == 200
        return await waiting


def test_a_fixed_port_is_used_as_given_and_again_right_after() -> None:
    port = free_port()

    async def scenario() -> list[dict[str, str]]:
        # The second sign-in binds the same port while the first's connection may still be
        # in TIME_WAIT: that must not look like "in use".
        return [await _one_redirect(port, "s1"), await _one_redirect(port, "s2")]

    assert asyncio.run(scenario()) == [
        {"code": "c", "state": "s1"},
        {"code": "c", "state": "s2"},
    ]


def test_a_busy_fixed_port_is_port_in_use() -> None:
    holder = listening_socket()
    port = holder.getsockname()[1]

    async def scenario() -> None:
        with pytest.raises(PortInUse) as caught:
            async with LoopbackReceiver("/callback", state="s", port=port):
                raise AssertionError("must not listen on a port another program holds")
        assert caught.value.port == port
        assert isinstance(caught.value, SignInError)
        assert caught.value.reason == loopback.PORT_IN_USE
        assert f"port {port}" in str(caught.value) and "in use" in str(caught.value)

    try:
        asyncio.run(scenario())
    finally:
        holder.close()


def test_port_zero_is_still_ephemeral_and_bad_ports_are_refused() -> None:
    async def scenario() -> int:
        async with LoopbackReceiver("/callback") as receiver:
            return receiver.port

    assert asyncio.run(scenario()) > 0
    for bad in (-1, 65536):
        with pytest.raises(ValueError):
            LoopbackReceiver("/callback", port=bad)


def test_an_error_redirect_is_sign_in_refused_with_the_oauth_error() -> None:
    # The accounts dialog offers no "paste a code" fallback when the user said no.
    async def scenario() -> None:
        async with LoopbackReceiver("/callback", state="s") as receiver:
            async with httpx.AsyncClient() as browser:
                await browser.get(
                    receiver.redirect_uri, params={"error": "access_denied", "state": "s"}
                )
            with pytest.raises(SignInRefused) as caught:
                await receiver.wait(timeout=5)
        assert caught.value.error == "access_denied"
        assert caught.value.reason == loopback.DENIED
        assert str(caught.value) == "the server refused: access_denied"

    asyncio.run(scenario())


def test_each_loopback_failure_carries_its_reason_code() -> None:
    """The accounts dialog words the code (the English message is only for the log)."""

    async def failure(query: dict[str, str] | None, timeout: float) -> SignInError:
        async with LoopbackReceiver("/callback", state="s") as receiver:
            if query is not None:
                async with httpx.AsyncClient() as browser:
                    page = await browser.get(receiver.redirect_uri, params=query)
                assert page.status_code == 400
            with pytest.raises(SignInError) as caught:
                await receiver.wait(timeout=timeout)
            return caught.value

    async def scenario() -> dict[str, str]:
        return {
            "state": (await failure({"code": "c", "state": "other"}, 5)).reason,
            "refused": (await failure({"error": "unauthorized_client", "state": "s"}, 5)).reason,
            "timeout": (await failure(None, 0.05)).reason,
        }

    assert asyncio.run(scenario()) == {
        "state": loopback.STATE_MISMATCH,
        "refused": loopback.REFUSED,
        "timeout": loopback.TIMEOUT,
    }
