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

import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

import httpx

from app.auth.loopback import NO_CLIENT_ID, NO_CODE, LoopbackReceiver, SignInError
from app.auth.pkce import PkcePair
from app.networks.base import ErrorKind, NetworkError
from app.networks.http import make_client, request_json, require

log = logging.getLogger(__name__)

AUTHORIZE_URL = "https://x.com/i/oauth2/authorize"
API_BASE = "https://api.x.com"
TOKEN_PATH = "/2/oauth2/token"
SCOPES = "tweet.read tweet.write users.read offline.access media.write"
# Refresh this long before the access token's stated expiry, so a request sent just
# before it does not arrive just after.
EXPIRY_MARGIN = 60.0

OpenUrl = Callable[[str], Awaitable[object]]


@dataclass(frozen=True, slots=True)
class XSession:
    """A signed-in X account. ``access_token`` and ``refresh_token`` are secrets (keychain
    only); ``client_id`` is not secret but is needed to refresh."""

    client_id: str
    user_id: str
    username: str
    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    expires_at: float = 0.0  # Unix time; 0 = unknown

    def expired(self, now: float | None = None) -> bool:
        return bool(self.expires_at) and (now or time.time()) >= self.expires_at - EXPIRY_MARGIN

    def to_json(self) -> str:
        return json.dumps(
            {
                "client_id": self.client_id,
                "user_id": self.user_id,
                "username": self.username,
                "access_token": self.access_token,
                "refresh_token": self.refresh_token,
                "expires_at": self.expires_at,
            }
        )

    @classmethod
    def from_json(cls, data: str | Mapping[str, Any]) -> XSession:
        raw = json.loads(data) if isinstance(data, str) else data
        if not isinstance(raw, Mapping):
            raise ValueError("not an X session")
        names = ("client_id", "user_id", "username", "access_token", "refresh_token")
        values = [raw.get(k) for k in names]
        if not all(isinstance(v, str) for v in values) or not values[3]:
            raise ValueError("not an X session")
        expires = raw.get("expires_at", 0.0)
        return cls(*values, expires_at=float(expires) if isinstance(expires, int | float) else 0.0)


@dataclass(frozen=True, slots=True)
class Tokens:
    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    expires_at: float
    scope: str = ""


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


def _tokens(data: Any, *, previous_refresh: str = "") -> Tokens:
    reply = require(data, dict, "token reply")
    access = reply.get("access_token")
    if not isinstance(access, str) or not access:
        raise NetworkError(ErrorKind.BAD_RESPONSE, "token reply without a token")
    refresh_token = reply.get("refresh_token")
    if not isinstance(refresh_token, str) or not refresh_token:
        # Without offline.access there is none; a refresh that returns none keeps the old.
        refresh_token = previous_refresh
    expires_in = reply.get("expires_in")
    lifetime = (
        float(expires_in)
        if isinstance(expires_in, int | float) and not isinstance(expires_in, bool)
        else 7200.0
    )
    scope = reply.get("scope")
    return Tokens(
        access, refresh_token, time.time() + lifetime, scope if isinstance(scope, str) else ""
    )


async def _token_request(client: httpx.AsyncClient, token_url: str, form: dict[str, str]) -> Any:
    try:
        data, _ = await request_json(client, "POST", token_url, data=form)
    except NetworkError as exc:
        # 400 invalid_request / invalid_grant: the code or refresh token is spent or wrong;
        # 401 unauthorized_client: the client id is wrong. Either way: sign in again.
        if exc.status in (400, 401):
            raise NetworkError(ErrorKind.SIGNED_OUT, exc.detail, status=exc.status) from None
        raise
    return data


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
    return _tokens(await _token_request(client, api_base.rstrip("/") + TOKEN_PATH, form))


async def refresh(
    client: httpx.AsyncClient, session: XSession, *, api_base: str = API_BASE
) -> XSession:
    """A new access token (and, as X rotates them, a new refresh token) for ``session``."""
    if not session.refresh_token:
        raise NetworkError(ErrorKind.SIGNED_OUT, "no refresh token")
    form = {
        "grant_type": "refresh_token",
        "refresh_token": session.refresh_token,
        "client_id": session.client_id,
    }
    data = await _token_request(client, api_base.rstrip("/") + TOKEN_PATH, form)
    tokens = _tokens(data, previous_refresh=session.refresh_token)
    return replace(
        session,
        access_token=tokens.access_token,
        refresh_token=tokens.refresh_token,
        expires_at=tokens.expires_at,
    )


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
    http = client or make_client()
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
