"""Signing in to mixi2 with the user's own application: its client id and secret.

mixi2's Application API has no browser sign-in: the user registers an application in
mixi2's developer console (mixi2 Developer Platform), which shows a client id and a client
secret; Kizuna asks the token endpoint for a token with them (OAuth 2 client credentials)
and proves it with one harmless API call (``GetStamps``). The secret then goes to the
keychain only (:class:`app.auth.credentials.CredentialStore`), never to the profile,
settings or a log.

:func:`mixi2_account` gives the non-secret account and :func:`check_application` raises
``NetworkError`` (SIGNED_OUT: wrong id or secret; OFFLINE …) when the credentials do not
work; :func:`endpoint_or_default` checks an endpoint override (``ValueError``).
"""

from __future__ import annotations

from app.core.models import AccountRef, Audience
from app.networks.mixi2 import Mixi2Adapter
from app.networks.mixi2_token import PRODUCTION_API, Mixi2Credentials, endpoints

LABEL = "mixi2"


def endpoint_or_default(text: str) -> str:
    """The endpoint the user wrote (the production API when empty), checked."""
    endpoint = text.strip() or PRODUCTION_API
    endpoints(endpoint)  # raises ValueError for an address that names no endpoint
    return endpoint.rstrip("/") if endpoint.rstrip("/") == PRODUCTION_API else endpoint


def mixi2_account(endpoint: str, client_id: str) -> AccountRef:
    """The account of the application ``client_id``: it serves the public side; a friends
    post goes only to chosen people, as chat messages (``friends_need_recipients``)."""
    return AccountRef(
        key=f"mixi2:{endpoint}:{client_id}",
        network="mixi2",
        base_url=endpoint,
        user_id=client_id,
        username=client_id,
        handle=f"mixi2:{client_id[:12]}",
        serves=frozenset({Audience.PUBLIC}),
        label=LABEL,
        friends_need_recipients=True,
    )


async def check_application(account: AccountRef, credentials: Mixi2Credentials) -> None:
    """A token with these credentials, and one API call that it opens."""
    adapter = Mixi2Adapter(account, credentials)
    try:
        await adapter.check()
    finally:
        await adapter.aclose()
