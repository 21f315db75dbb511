"""What kind of network each supported protocol is, as plain data: its display name and
how a user signs in to it. The accounts dialog builds its form from these fields and the
composer names networks with them, so no window ever compares a network's name.

A new network is one more :class:`NetworkKind` in :data:`KINDS` (plus its adapter and
its sign-in in ``auth/``); the UI then needs no change unless its sign-in method is new.

Pure data: no I/O, no Qt, no imports of ours.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = ["KINDS", "NetworkKind", "SignIn", "display_name", "kind_of"]


class SignIn(enum.Enum):
    """How an account of this kind is added."""

    # The browser and a loopback redirect (OAuth 2.0 + PKCE) on the server the user names.
    BROWSER_OAUTH = "browser_oauth"
    # MiAuth: the browser approves a session id; the callback comes to a loopback port.
    MIAUTH = "miauth"
    # A handle and an app password typed into the form (no browser).
    APP_PASSWORD = "app_password"
    # OAuth 2.0 + PKCE with the client id of the user's own app and a fixed callback port
    # registered there (the service's address is not the user's to choose).
    OWN_CLIENT = "own_client"
    # OAuth 2.0 client credentials of the user's own application (mixi2): its client id and
    # secret typed into the form, no browser; the secret goes to the keychain only.
    CLIENT_CREDENTIALS = "client_credentials"


@dataclass(frozen=True, slots=True)
class NetworkKind:
    """One supported network protocol, described for the screens."""

    name: str  # the key used everywhere else, e.g. "mastodon"
    display_name: str  # a brand: the same in every language
    sign_in: SignIn
    # The server can show a code to paste when the browser cannot come back (OAuth "oob").
    pasted_code: bool = False
    # The user names the server (False: the network is one service with fixed endpoints).
    asks_server: bool = True
    # Filled into the server field when this kind is chosen and the field is empty.
    default_server: str = ""


KINDS: dict[str, NetworkKind] = {
    kind.name: kind
    for kind in (
        NetworkKind("mastodon", "Mastodon", SignIn.BROWSER_OAUTH, pasted_code=True),
        NetworkKind("misskey", "Misskey", SignIn.MIAUTH),
        NetworkKind(
            "bluesky", "Bluesky", SignIn.APP_PASSWORD, default_server="https://bsky.social"
        ),
        NetworkKind("x", "X", SignIn.OWN_CLIENT, asks_server=False),
        # The server field is mixi2's API unless overridden (a test server on this machine).
        NetworkKind(
            "mixi2",
            "mixi2",
            SignIn.CLIENT_CREDENTIALS,
            default_server="https://application-api.mixi.social",
        ),
    )
}


def kind_of(network: str) -> NetworkKind | None:
    """The kind of ``network``, or None for a network this build does not know."""
    return KINDS.get(network)


def display_name(network: str) -> str:
    """How ``network`` is named on screen; an unknown one by its own key."""
    kind = KINDS.get(network)
    return kind.display_name if kind is not None else network
