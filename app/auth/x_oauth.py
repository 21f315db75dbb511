"""Signing in to X (API v2): OAuth 2.0 authorization code + PKCE (S256), public client.

X has no app registration API: the user registers an app in X's developer console and
enters its **client id** here (a public "Native App" client has no secret). The callback
URL registered there must be the loopback address Kizuna listens on, which is why
:func:`sign_in` takes a fixed ``port``: ``http://127.0.0.1:PORT/callback``.

Steps, each usable on its own:

1. :func:`authorize_url` — ``https://x.com/i/oauth2/authorize`` with ``response_type=code``,
   ``client_id``, ``redirect_uri``, ``scope``, ``state``, ``code_challenge`` and
   ``code_challenge_method=S256``.
2. :func:`exchange_code` — ``POST /2/oauth2/token`` (form: ``grant_type=authorization_code``,
   ``code``, ``redirect_uri``, ``code_verifier``, ``client_id``).
3. :func:`refresh` — the same endpoint with ``grant_type=refresh_token``; X rotates the
   refresh token, so the new pair must replace the old one in the keychain.
4. ``GET /2/users/me`` for the account's id and username.

Access tokens last two hours (``expires_in: 7200``); ``offline.access`` is the scope that
gets a refresh token at all. Every URL is a parameter so tests can point at a fake on
127.0.0.1. Tokens are never logged.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlencode

import httpx

from app.auth.loopback import NO_CLIENT_ID, NO_CODE, LoopbackReceiver, SignInError
from app.auth.pkce import PkcePair
from app.core.errors import ErrorKind, NetworkError
from app.networks.http import make_client, request_json, require
from app.networks.x_session import (
    API_BASE,
    EXPIRY_MARGIN,
    TOKEN_PATH,
    Tokens,
    XSession,
    parse_tokens,
    refresh,
    token_request,
)

log = logging.getLogger(__name__)

AUTHORIZE_URL = "https://x.com/i/oauth2/authorize"
SCOPES = "tweet.read tweet.write users.read offline.access media.write like.write"
# The session and its refresh live in app.networks.x_session (the adapter needs them;
# networks never import auth); re-exported here for the sign-in's callers.
__all__ = [
    "API_BASE",
    "AUTHORIZE_URL",
    "EXPIRY_MARGIN",
    "SCOPES",
    "TOKEN_PATH",
    "Tokens",
    "XSession",
    "authorize_url",
    "exchange_code",
    "me",
    "refresh",
    "sign_in",
]

OpenUrl = Callable[[str], Awaitable[object]]


def authorize_url(
    client_id: str,
    redirect_uri: str,
    *,
    state: str,
    code_challenge: str,
    scopes: str = SCOPES,
    endpoint: str = AUTHORIZE_URL,
) -> str:
    query = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "scope": scopes,
        "state": state,
        "code_challenge": code_challenge,
        "code_challenge_method": "S256",
    }
    return f"{endpoint}?{urlencode(query)}"


async def exchange_code(
    client: httpx.AsyncClient,
    code: str,
    *,
    client_id: str,
    redirect_uri: str,
    code_verifier: str,
    api_base: str = API_BASE,
) -> Tokens:
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "code_verifier": code_verifier,
        "client_id": client_id,
    }
    return parse_tokens(await token_request(client, api_base.rstrip("/") + TOKEN_PATH, form))


async def me(
    client: httpx.AsyncClient, access_token: str, *, api_base: str = API_BASE
) -> dict[str, Any]:
    """``GET /2/users/me`` → the user object (``id``, ``name``, ``username``, …)."""
    data, _ = await request_json(
        client,
        "GET",
        api_base.rstrip("/") + "/2/users/me",
        params={"user.fields": "profile_image_url"},
        headers={"Authorization": f"Bearer {access_token}"},
    )
    user = require(data, dict, "user").get("data")
    if (
        not isinstance(user, dict)
        or not isinstance(user.get("id"), str)
        or not isinstance(user.get("username"), str)
    ):
        raise NetworkError(ErrorKind.BAD_RESPONSE, "user without id or username")
    return user


async def sign_in(
    client_id: str,
    open_url: OpenUrl,
    *,
    client: httpx.AsyncClient | None = None,
    authorize_endpoint: str = AUTHORIZE_URL,
    api_base: str = API_BASE,
    scopes: str = SCOPES,
    callback_path: str = "/callback",
    timeout: float = 300.0,
    port: int = 0,
) -> XSession:
    """The whole flow with a loopback redirect (RFC 8252); returns the signed-in session.

    ``open_url`` shows the authorization page: a desktop browser in the app, an HTTP
    client playing the browser in tests. X compares ``redirect_uri`` with the callback URLs
    registered for the app, port included, so the app passes the user's fixed ``port``
    (``http://127.0.0.1:PORT/callback``); 0 takes any free port (only a test server accepts
    that). A port another program holds ends the flow with
    :class:`~app.auth.loopback.PortInUse` before the browser opens.
    """
    client_id = client_id.strip()
    if not client_id:
        raise SignInError("X needs the client id of your own X app", NO_CLIENT_ID)
    http = client or make_client(keepalive=False)
    try:
        pair = PkcePair()
        async with LoopbackReceiver(callback_path, state=pair.state, port=port) as receiver:
            redirect_uri = receiver.redirect_uri
            url = authorize_url(
                client_id,
                redirect_uri,
                state=pair.state,
                code_challenge=pair.challenge,
                scopes=scopes,
                endpoint=authorize_endpoint,
            )
            params = await receiver.open_and_wait(open_url, url, timeout=timeout)
        code = params.get("code")
        if not code:
            raise SignInError("the redirect carried no authorization code", NO_CODE)
        tokens = await exchange_code(
            http,
            code,
            client_id=client_id,
            redirect_uri=redirect_uri,
            code_verifier=pair.verifier,
            api_base=api_base,
        )
        user = await me(http, tokens.access_token, api_base=api_base)
        log.info("signed in to X as %s", user["username"])
        return XSession(
            client_id=client_id,
            user_id=user["id"],
            username=user["username"],
            access_token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            expires_at=tokens.expires_at,
        )
    finally:
        if client is None:
            await http.aclose()
