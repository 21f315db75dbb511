"""The one place that turns an account and its secret into an adapter.

``secret`` is what the keychain keeps for the account: an access token (Mastodon,
Misskey), a session JSON with both tokens (Bluesky, X), or the application's client id and
secret (mixi2, :class:`~app.networks.mixi2_token.Mixi2Credentials`). Networks whose tokens refresh
call ``on_secret_changed`` with the new secret to keep. Adapters are imported lazily:
opening one network never loads the others' code.

:func:`declared_capabilities` says what an account's adapter declares before it has
signed in or asked its server anything, without building one (no secret needed).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Protocol

from app.core.models import AccountRef, Capabilities, Limits
from app.networks.base import NetworkAdapter

NETWORKS = ("mastodon", "misskey", "bluesky", "x", "mixi2")


class UnknownNetwork(ValueError):
    """An account names a network this build of Kizuna does not know."""


def make_adapter(
    account: AccountRef,
    secret: str,
    *,
    streaming_url: str | None = None,
    on_secret_changed: Callable[[str], None] | None = None,
) -> NetworkAdapter:
    if account.network == "mastodon":
        from app.networks.mastodon import MastodonAdapter

        return MastodonAdapter(account, secret, streaming_url=streaming_url)
    if account.network == "misskey":
        from app.networks.misskey import MisskeyAdapter

        return MisskeyAdapter(account, secret)
    if account.network == "bluesky":
        from app.networks.bluesky import BlueskyAdapter, BlueskySession

        return BlueskyAdapter(
            account,
            BlueskySession.from_json(secret),
            on_session=_keep(on_secret_changed),
        )
    if account.network == "x":
        from app.networks.x import XAdapter
        from app.networks.x_session import XSession

        return XAdapter(
            account,
            XSession.from_json(secret),
            api_base=account.base_url,
            on_session=_keep(on_secret_changed),
        )
    if account.network == "mixi2":
        from app.networks.mixi2 import Mixi2Adapter
        from app.networks.mixi2_token import Mixi2Credentials

        # Its chat rooms (the friends list) are kept by the session's room book:
        # Mixi2Adapter.keep_rooms_in, called where the profile's store is at hand.
        return Mixi2Adapter(account, Mixi2Credentials.from_json(secret))
    raise UnknownNetwork(account.network)


# Where each network's declarations live: (module, capabilities name, limits name). Read
# on first use, so asking what a network declares does not import every adapter.
_DECLARED: dict[str, tuple[str, str, str]] = {
    # A Mastodon-API server may still turn out to be snac, so no key is trusted yet.
    "mastodon": ("app.networks.mastodon", "UNKNOWN_CAPABILITIES", "DEFAULT_LIMITS"),
    "misskey": ("app.networks.misskey", "CAPABILITIES", "DEFAULT_LIMITS"),
    "bluesky": ("app.networks.bluesky", "CAPABILITIES", "LIMITS"),
    "x": ("app.networks.x", "CAPABILITIES", "LIMITS"),
    "mixi2": ("app.networks.mixi2", "CAPABILITIES", "LIMITS"),
}


def _declared(account: AccountRef, which: int) -> object:
    where = _DECLARED.get(account.network)
    if where is None:
        raise UnknownNetwork(account.network)
    return getattr(importlib.import_module(where[0]), where[which])


def declared_capabilities(account: AccountRef) -> Capabilities:
    """What an adapter of ``account`` declares before it has asked its server anything:
    :attr:`NetworkAdapter.capabilities` of one just built by :func:`make_adapter`."""
    found = _declared(account, 1)
    assert isinstance(found, Capabilities)
    return found


def declared_limits(account: AccountRef) -> Limits:
    """The counting rule an adapter of ``account`` declares before it has asked its server
    (a signed-in Mastodon or Misskey server may still announce a longer limit)."""
    found = _declared(account, 2)
    assert isinstance(found, Limits)
    return found


class _Session(Protocol):
    """What a refreshable session gives the keychain (BlueskySession, XSession)."""

    def to_json(self) -> str: ...


def _keep(on_secret_changed: Callable[[str], None] | None) -> Callable[[_Session], None] | None:
    if on_secret_changed is None:
        return None

    def keep(session: _Session) -> None:
        on_secret_changed(session.to_json())

    return keep
