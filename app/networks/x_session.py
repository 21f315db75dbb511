"""An X (API v2) session and its token refresh: what the X adapter needs at run time.

The sign-in flow (:mod:`app.auth.x_oauth`) makes a session; the adapter
(:mod:`app.networks.x`) keeps it fresh. Both live on this side of the layers so that
networks never import auth (auth may import networks).

Access tokens last two hours (``expires_in: 7200``); ``POST /2/oauth2/token`` with
``grant_type=refresh_token`` gives a new pair, and X rotates the refresh token, so the
new pair must replace the old one in the keychain. Tokens are never logged.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import httpx

from app.core.errors import ErrorKind, NetworkError
from app.networks.http import request_json, require

API_BASE = "https://api.x.com"
TOKEN_PATH = "/2/oauth2/token"
# Refresh this long before the access token's stated expiry, so a request sent just
# before it does not arrive just after.
EXPIRY_MARGIN = 60.0


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
        strings = [v for v in values if isinstance(v, str)]
        if len(strings) != len(names) or not strings[3]:
            raise ValueError("not an X session")
        client_id, user_id, username, access_token, refresh_token = strings
        expires = raw.get("expires_at", 0.0)
        return cls(
            client_id,
            user_id,
            username,
            access_token,
            refresh_token,
            expires_at=float(expires) if isinstance(expires, int | float) else 0.0,
        )


@dataclass(frozen=True, slots=True)
class Tokens:
    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    expires_at: float
    scope: str = ""


def parse_tokens(data: Any, *, previous_refresh: str = "") -> Tokens:
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


async def token_request(client: httpx.AsyncClient, token_url: str, form: dict[str, str]) -> Any:
    try:
        data, _ = await request_json(client, "POST", token_url, data=form)
    except NetworkError as exc:
        # 400 invalid_request / invalid_grant: the code or refresh token is spent or wrong;
        # 401 unauthorized_client: the client id is wrong. Either way: sign in again.
        if exc.status in (400, 401):
            raise NetworkError(ErrorKind.SIGNED_OUT, exc.detail, status=exc.status) from None
        raise
    return data


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
    data = await token_request(client, api_base.rstrip("/") + TOKEN_PATH, form)
    tokens = parse_tokens(data, previous_refresh=session.refresh_token)
    return replace(
        session,
        access_token=tokens.access_token,
        refresh_token=tokens.refresh_token,
        expires_at=tokens.expires_at,
    )
