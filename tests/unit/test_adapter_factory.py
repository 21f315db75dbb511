"""The one adapter factory, the adapters' declared capabilities, and networks → auth
never (issue 9: the networks/x ↔ auth cycle)."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import textwrap

import httpx
import pytest

from app.core.models import AccountRef, Audience, Capabilities
from app.networks.base import AdapterBase, NetworkAdapter
from app.networks.factory import NETWORKS, UnknownNetwork, declared_capabilities, make_adapter
from app.networks.http import DEFAULT_TIMEOUT, make_client, request_bound
from tests.conftest import ROOT

SECRETS = {
    "mastodon": "token",
    "misskey": "token",
    "bluesky": json.dumps({"did": "did:plc:a", "handle": "a", "accessJwt": "x", "refreshJwt": "y"}),
    "x": json.dumps(
        {
            "client_id": "c",
            "user_id": "1",
            "username": "u",
            "access_token": "a",
            "refresh_token": "r",
        }
    ),
    "mixi2": json.dumps({"client_id": "c", "client_secret": "s"}),
}


def _account(network: str) -> AccountRef:
    return AccountRef(
        f"{network}:k", network, "http://127.0.0.1:9", "1", "u", "@u", frozenset({Audience.PUBLIC})
    )


# Answering back: reply, react, boost, the conversation and notifications.
ANSWERS = dict(reply=True, react=True, boost=True, conversation=True, notifications=True)
# What each adapter may claim before it has asked its server anything.
EXPECTED = {
    # Mastodon: the server might be snac (no Idempotency-Key, no scheduled_at) until its
    # instance info says otherwise; publish holds back what would go wrong there.
    "mastodon": dict(
        media=True,
        friends_list=True,
        server_schedule=True,
        own_lookup=True,
        notification_stream=True,
        **ANSWERS,
    ),
    "misskey": dict(
        media=True, friends_list=True, own_lookup=True, notification_stream=True, **ANSWERS
    ),
    "bluesky": dict(media=True, idempotent_create=True, **ANSWERS),
    "x": dict(media=True, own_lookup=True, **ANSWERS),
    # mixi2: no idempotency key and no list of the application's own posts; friends are
    # the chat rooms learnt from the event stream.
    "mixi2": dict(media=True, friends_list=True, notifications=True, notification_stream=True),
}
FLAGS = (
    "media",
    "friends_list",
    "server_schedule",
    "idempotent_create",
    "own_lookup",
    "notification_stream",
    *ANSWERS,
)


@pytest.mark.parametrize("network", NETWORKS)
def test_each_network_is_built_by_the_factory_with_truthful_flags(network: str) -> None:
    adapter = make_adapter(_account(network), SECRETS[network], on_secret_changed=print)
    assert isinstance(adapter, AdapterBase) and isinstance(adapter, NetworkAdapter)
    assert adapter.network == network
    caps: Capabilities = adapter.capabilities
    assert {f: getattr(caps, f) for f in FLAGS} == {
        f: EXPECTED[network].get(f, False) for f in FLAGS
    }


@pytest.mark.parametrize("network", NETWORKS)
def test_declared_capabilities_are_what_a_new_adapter_declares(network: str) -> None:
    """Known before signing in, without a secret: exactly what the adapter built from a
    real secret declares before it has asked its server anything."""
    import asyncio

    adapter = make_adapter(_account(network), SECRETS[network])
    try:
        assert declared_capabilities(_account(network)) == adapter.capabilities
    finally:
        asyncio.run(adapter.aclose())


def test_an_unknown_network_is_refused() -> None:
    with pytest.raises(UnknownNetwork):
        make_adapter(_account("orkut"), "t")
    with pytest.raises(UnknownNetwork):
        declared_capabilities(_account("orkut"))


def test_the_networks_never_load_auth() -> None:
    script = textwrap.dedent(
        """
        import sys
        import app.networks.factory, app.networks.x, app.networks.x_session
        import app.networks.mastodon, app.networks.misskey, app.networks.bluesky
        loaded = sorted(m for m in sys.modules if m.startswith("app.auth"))
        assert not loaded, loaded
        print("ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_auth_still_offers_the_x_session() -> None:
    from app.auth import x_oauth
    from app.networks import x_session

    assert x_oauth.XSession is x_session.XSession
    assert x_oauth.refresh is x_session.refresh


@pytest.mark.parametrize("network", NETWORKS)
def test_what_an_adapter_does_not_offer_is_unsupported_without_a_request(network: str) -> None:
    """Each operation whose flag is off answers UNSUPPORTED (AdapterBase's default) — the
    server (nothing listens at 127.0.0.1:9) is never asked."""
    import asyncio
    from datetime import UTC, datetime

    from app.core.errors import ErrorKind, NetworkError
    from app.core.models import Outgoing

    adapter = make_adapter(_account(network), SECRETS[network])
    caps = adapter.capabilities
    post_like = Outgoing("x", Audience.PUBLIC)
    calls = {
        "server_schedule": lambda: adapter.cancel_scheduled("1"),
        "own_lookup": lambda: adapter.find_own("x", Audience.PUBLIC, datetime.now(UTC)),
        "reply": lambda: adapter.reply(None, post_like),  # type: ignore[arg-type]
        "react": lambda: adapter.react(None),  # type: ignore[arg-type]
        "boost": lambda: adapter.boost(None),  # type: ignore[arg-type]
        "conversation": lambda: adapter.conversation(None),  # type: ignore[arg-type]
        "notifications": lambda: adapter.notifications(),
        "notification_stream": lambda: adapter.notification_stream().__anext__(),
    }

    async def run() -> None:
        try:
            for flag, call in calls.items():
                if getattr(caps, flag):
                    continue
                with pytest.raises(NetworkError) as caught:
                    await call()
                assert caught.value.kind is ErrorKind.UNSUPPORTED, flag
        finally:
            await adapter.aclose()

    asyncio.run(run())


def _with_client(network: str, client: httpx.AsyncClient) -> NetworkAdapter:
    from app.networks.bluesky import BlueskyAdapter, BlueskySession
    from app.networks.mastodon import MastodonAdapter
    from app.networks.misskey import MisskeyAdapter
    from app.networks.x import XAdapter
    from app.networks.x_session import XSession

    account = _account(network)
    if network == "mastodon":
        return MastodonAdapter(account, SECRETS[network], client=client)
    if network == "misskey":
        return MisskeyAdapter(account, SECRETS[network], client=client)
    if network == "bluesky":
        return BlueskyAdapter(account, BlueskySession.from_json(SECRETS[network]), client=client)
    return XAdapter(account, XSession.from_json(SECRETS[network]), client=client)


def test_mixi2_request_timeout_is_its_grpc_deadline() -> None:
    """mixi2 creates over gRPC: a call cannot arrive after its deadline."""
    import asyncio

    from app.networks.mixi2 import CALL_TIMEOUT

    adapter = make_adapter(_account("mixi2"), SECRETS["mixi2"])
    try:
        assert adapter.request_timeout == CALL_TIMEOUT
    finally:
        asyncio.run(adapter.aclose())


@pytest.mark.parametrize("network", [n for n in NETWORKS if n != "mixi2"])
def test_request_timeout_is_every_phase_of_the_adapters_own_client(network: str) -> None:
    """The outbox waits this long before it believes a create request can no longer
    arrive: the factory's client (every phase of DEFAULT_TIMEOUT), or the one given."""
    import asyncio

    default = make_adapter(_account(network), SECRETS[network])
    client = make_client(timeout=httpx.Timeout(connect=1.0, read=2.0, write=4.0, pool=8.0))
    no_read_limit = httpx.AsyncClient(timeout=httpx.Timeout(5.0, read=None))
    given = _with_client(network, client)
    unbounded = _with_client(network, no_read_limit)
    try:
        assert default.request_timeout == request_bound(DEFAULT_TIMEOUT) == 80.0
        assert given.request_timeout == 15.0
        assert unbounded.request_timeout == math.inf
    finally:
        for adapter in (default, given, unbounded):
            asyncio.run(adapter.aclose())
        for own in (client, no_read_limit):
            asyncio.run(own.aclose())
