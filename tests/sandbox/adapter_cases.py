"""What the Mastodon and Misskey adapter tests share: a per-network ``Kit`` (how to build the
adapter, which sandbox side and audience it speaks for, its network's quirks in a scripted
reply) and the scripted-reply helpers built on it. Each network's test module defines its
kit; tests/sandbox/test_adapters_common.py runs the shared behaviours over both."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from app.core.models import Audience, Outgoing
from app.networks.base import NetworkAdapter, NetworkError

Handler = Callable[[httpx.Request], httpx.Response]

# Where nothing listens: the scripted adapters never open a socket (MockTransport answers).
SCRIPTED_URL = "http://127.0.0.1:9"


@dataclass(frozen=True)
class Kit:
    """One network as the shared adapter tests see it."""

    network: str
    # build(base_url, token, streaming_url, client) -> adapter; networks without a separate
    # streaming host ignore streaming_url.
    build: Callable[[str, str, str | None, httpx.AsyncClient | None], NetworkAdapter]
    side: str  # the sandbox side it signs in to: "public" or "friends"
    server: str  # the sandbox server's name in handles: @user@server
    # post_as(sandbox, username, text) -> id: a post by that member, in the network's usual
    # visibility for ``audience``, made straight through the server's API.
    post_as: Callable[[Any, str, str], str]
    audience: Audience  # the audience a plain post of this network goes to
    # A JSON object where the timeline wants a list, in this network's id style.
    object_reply: bytes
    # The HTTP status a bad token is answered with, where the tests pin it.
    signed_out_status: int | None = None

    def base_url(self, sandbox: Any) -> str:
        return sandbox.public_url if self.side == "public" else sandbox.friends_url

    def streaming_url(self, sandbox: Any) -> str | None:
        return sandbox.public_streaming_url if self.side == "public" else None

    def for_sandbox(self, sandbox: Any, token: str | None = None) -> NetworkAdapter:
        """An adapter on the sandbox's side for ``me`` (or with the given token)."""
        if token is None:
            token = sandbox.token(self.side, "me")
        return self.build(self.base_url(sandbox), token, self.streaming_url(sandbox), None)

    def at(self, url: str) -> NetworkAdapter:
        """An adapter whose server (and streaming host) is ``url``."""
        return self.build(url, "t", url, None)

    def scripted(self, handler: Handler) -> tuple[NetworkAdapter, httpx.AsyncClient]:
        """An adapter whose every request ``handler`` answers; the caller closes the client."""
        client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        return self.build(SCRIPTED_URL, "t", None, client), client

    def failure(
        self,
        handler: Handler,
        call: Callable[[NetworkAdapter], Awaitable[Any]] | None = None,
    ) -> NetworkError:
        """The NetworkError that ``call`` (the first timeline page unless given) raises
        against scripted replies; the test fails if it raises none."""
        act = call or (lambda adapter: adapter.timeline())

        async def scenario() -> NetworkError:
            adapter, client = self.scripted(handler)
            try:
                with pytest.raises(NetworkError) as info:
                    await act(adapter)
                return info.value
            finally:
                await client.aclose()

        return asyncio.run(scenario())

    def publish_failure(self, handler: Handler) -> NetworkError:
        """The NetworkError a plain post raises against scripted replies."""
        return self.failure(handler, lambda a: a.publish(Outgoing("x", self.audience)))
