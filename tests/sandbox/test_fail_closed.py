"""Fail closed while a Mastodon server's kind is unknown (issue 10, finding 4).

A proxy (an httpx transport in front of the sandbox's Mastodon) answers the first
``/api/v2/instance`` with a 503 and can make the server say it is snac, where a
``private`` status reaches nobody. A friends post must then be held with a retryable
error, never sent as ``private`` and recorded as sent.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import httpx
import pytest

from app.core.models import AccountRef, Audience, Outgoing
from app.networks.base import AudienceRefused, ErrorKind, NetworkError
from app.networks.mastodon import MastodonAdapter

SNAC_VERSION = "4.0.0 (not true; really snac/2.75)"
# What the outbox waits on and retries (app/services/outbox.py); a hold must be one.
RETRYABLE = {
    ErrorKind.OFFLINE,
    ErrorKind.TIMEOUT,
    ErrorKind.RATE_LIMITED,
    ErrorKind.SERVER_ERROR,
    ErrorKind.BAD_RESPONSE,
}


class Proxy(httpx.AsyncBaseTransport):
    """Forwards to the sandbox; the first ``instance_failures`` instance reads get a 503,
    and ``snac`` rewrites the version the server gives."""

    def __init__(self, *, instance_failures: int, snac: bool) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self.instance_failures = instance_failures
        self.snac = snac
        self.created: list[dict[str, str]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.startswith("/api/v2/instance"):
            if self.instance_failures > 0:
                self.instance_failures -= 1
                return httpx.Response(503, json={"error": "Service Unavailable"})
        reply = await self._inner.handle_async_request(request)
        if path.startswith("/api/v2/instance") and self.snac:
            await reply.aread()
            info = json.loads(reply.content)
            info["version"] = SNAC_VERSION
            return httpx.Response(reply.status_code, json=info)
        if path.rstrip("/") == "/api/v1/statuses" and request.method == "POST":
            await reply.aread()
            form = dict(httpx.QueryParams(request.content.decode()))
            self.created.append(form)
            return httpx.Response(reply.status_code, content=reply.content, headers=reply.headers)
        return reply

    async def aclose(self) -> None:
        await self._inner.aclose()


def _adapter(sandbox: Any, proxy: Proxy) -> tuple[MastodonAdapter, httpx.AsyncClient]:
    client = httpx.AsyncClient(transport=proxy)
    account = AccountRef(
        key=f"mastodon:{sandbox.public_url}:me",
        network="mastodon",
        base_url=sandbox.public_url,
        user_id="?",
        username="me",
        handle="@me@sora",
        serves=frozenset({Audience.PUBLIC}),
        label="sora",
        sandbox=True,
    )
    return MastodonAdapter(account, sandbox.token("public", "me"), client=client), client


def _friends_post() -> Outgoing:
    return Outgoing(f"友だちへ {time.time_ns()}", Audience.FRIENDS)


def test_a_503_on_instance_holds_a_friends_post_then_snac_refuses_it(sandbox: Any) -> None:
    async def run() -> None:
        proxy = Proxy(instance_failures=1, snac=True)
        adapter, client = _adapter(sandbox, proxy)
        try:
            # Unknown yet: the key cannot be trusted (snac ignores it).
            assert not adapter.capabilities.idempotent_create
            with pytest.raises(NetworkError) as held:
                await adapter.publish(_friends_post())
            assert not isinstance(held.value, AudienceRefused)
            assert held.value.kind in RETRYABLE
            assert held.value.status == 503
            assert "nothing was sent" in held.value.detail
            assert proxy.created == []
            # The outbox retries: now the server says it is snac, and the post is refused.
            with pytest.raises(AudienceRefused):
                await adapter.publish(_friends_post())
            assert proxy.created == []
            caps = adapter.capabilities
            assert Audience.FRIENDS not in caps.audiences
            assert not caps.idempotent_create and not caps.server_schedule
            assert caps.own_lookup and caps.friends_need_recipients
            # A public post still goes out.
            await adapter.publish(Outgoing(f"みなさんへ {time.time_ns()}", Audience.PUBLIC))
            assert [c["visibility"] for c in proxy.created] == ["public"]
        finally:
            await adapter.aclose()
            await client.aclose()

    asyncio.run(run())


def test_a_503_on_instance_holds_a_friends_post_until_mastodon_is_known(sandbox: Any) -> None:
    async def run() -> None:
        proxy = Proxy(instance_failures=1, snac=False)
        adapter, client = _adapter(sandbox, proxy)
        try:
            with pytest.raises(NetworkError) as held:
                await adapter.publish(_friends_post())
            assert held.value.kind in RETRYABLE
            assert proxy.created == []
            published = await adapter.publish(_friends_post())
            assert published.remote_id
            assert [c["visibility"] for c in proxy.created] == ["private"]
            caps = adapter.capabilities
            assert caps.idempotent_create and caps.server_schedule
        finally:
            await adapter.aclose()
            await client.aclose()

    asyncio.run(run())


def test_a_scheduled_post_is_not_sent_to_snac(sandbox: Any) -> None:
    """snac ignores ``scheduled_at`` and would publish at once."""
    from datetime import UTC, datetime, timedelta

    async def run() -> None:
        proxy = Proxy(instance_failures=0, snac=True)
        adapter, client = _adapter(sandbox, proxy)
        try:
            later = datetime.now(UTC) + timedelta(hours=1)
            outgoing = Outgoing(f"あとで {time.time_ns()}", Audience.PUBLIC, scheduled_at=later)
            with pytest.raises(NetworkError) as refused:
                await adapter.publish(outgoing)
            assert refused.value.kind is ErrorKind.UNSUPPORTED
            assert proxy.created == []
        finally:
            await adapter.aclose()
            await client.aclose()

    asyncio.run(run())
