"""mixi2 Application API: where it lives, the application's credentials and its token.

An application registered in mixi2's developer console has a client id and a client
secret. A token comes from the OAuth 2 token endpoint with the client-credentials grant
(``grant_type=client_credentials``, the id and secret as HTTP Basic auth, as the official
Go SDK's ``auth.NewAuthenticator`` does with ``AuthStyleInHeader``); it is sent as
``authorization: Bearer …`` gRPC metadata. :class:`TokenSource` keeps it and asks for a
new one a minute before it expires (the Go SDK's buffer too), or at once when the server
said UNAUTHENTICATED (:meth:`TokenSource.token` with ``renew=True``).

Endpoints (:func:`endpoints`): the production ones are those the SDKs' examples use —
the API at ``application-api.mixi.social:443``, the event stream at
``application-stream.mixi.social:443``, the token at
``https://application-auth.mixi.social/oauth2/token``. Another endpoint (a test server on
this machine) is written as ``http://127.0.0.1:PORT?token_url=http://127.0.0.1:PORT2/…``:
the gRPC address serves both services, plain text for ``http`` (loopback only), TLS for
``https``; the token URL is given with it because no discovery exists (without it:
``/oauth2/token`` on the same address).

The secret never reaches a log, a ``repr`` or the profile: :class:`Mixi2Credentials`
keeps it out of its ``repr`` and travels only to the keychain (as :meth:`to_json`).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from app.core.errors import ErrorKind, NetworkError
from app.networks.http import make_client, request_json

PRODUCTION_API = "https://application-api.mixi.social"
PRODUCTION_STREAM = "application-stream.mixi.social:443"
PRODUCTION_TOKEN_URL = "https://application-auth.mixi.social/oauth2/token"
# Renew this long before the token's announced expiry (the Go SDK's buffer).
RENEW_EARLY = 60.0
_LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True, slots=True)
class Endpoints:
    """Where one mixi2 (or a stand-in) answers."""

    api: str  # gRPC target "host:port"
    stream: str  # gRPC target of the event stream
    token_url: str
    secure: bool  # TLS on the gRPC channels


def endpoints(base_url: str) -> Endpoints:
    """The endpoints an account's ``base_url`` names (see the module docstring); raises
    ``ValueError`` for an address that names no usable endpoint."""
    if base_url.rstrip("/") == PRODUCTION_API:
        return Endpoints(
            "application-api.mixi.social:443", PRODUCTION_STREAM, PRODUCTION_TOKEN_URL, True
        )
    parts = urlsplit(base_url)
    token = parse_qs(parts.query).get("token_url", [""])[0]
    if parts.scheme not in ("http", "https") or not parts.hostname or not parts.port:
        raise ValueError("a mixi2 endpoint needs a scheme, a host and a port")
    if not token:
        token = f"{parts.scheme}://{parts.netloc}/oauth2/token"
    token_parts = urlsplit(token)
    if token_parts.scheme not in ("http", "https") or not token_parts.hostname:
        raise ValueError("the token_url of a mixi2 endpoint is no http(s) URL")
    for scheme, host in (
        (parts.scheme, parts.hostname),
        (token_parts.scheme, token_parts.hostname),
    ):
        if scheme == "http" and host not in _LOOPBACK:
            raise ValueError("plain http only on this machine")
    target = f"{parts.hostname}:{parts.port}"
    return Endpoints(target, target, token, parts.scheme == "https")


@dataclass(frozen=True, slots=True)
class Mixi2Credentials:
    """The application's client id and secret: what the keychain keeps for the account."""

    client_id: str
    client_secret: str = field(repr=False)

    def to_json(self) -> str:
        return json.dumps({"client_id": self.client_id, "client_secret": self.client_secret})

    @classmethod
    def from_json(cls, text: str) -> Mixi2Credentials:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("not a mixi2 secret")
        client_id, secret = data.get("client_id"), data.get("client_secret")
        if not isinstance(client_id, str) or not isinstance(secret, str) or not secret:
            raise ValueError("not a mixi2 secret")
        return cls(client_id, secret)


class TokenSource:
    """One application's access token, fetched when needed and renewed early."""

    def __init__(
        self,
        credentials: Mixi2Credentials,
        token_url: str,
        *,
        client: httpx.AsyncClient | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._credentials = credentials
        self._token_url = token_url
        self._client = client or make_client()
        self._owns_client = client is None
        self._clock = clock
        self._token = ""
        self._renew_at = 0.0
        self._lock = asyncio.Lock()
        self.fetched = 0  # how many tokens were fetched (for tests and logs)

    async def token(self, *, renew: bool = False) -> str:
        """A token valid for at least a minute more; ``renew``: a new one whatever the
        clock says (the server refused the last). Raises SIGNED_OUT when the token
        endpoint refuses the id or secret."""
        async with self._lock:
            if renew or not self._token or self._clock() >= self._renew_at:
                await self._fetch()
            return self._token

    async def _fetch(self) -> None:
        auth = httpx.BasicAuth(self._credentials.client_id, self._credentials.client_secret)
        try:
            body, _ = await request_json(
                self._client,
                "POST",
                self._token_url,
                data={"grant_type": "client_credentials"},
                auth=auth,
            )
        except NetworkError as exc:
            if exc.status in (400, 401, 403):
                # invalid_client / unauthorized_client: the id or secret is not (or no
                # longer) valid — the user must enter them again.
                raise NetworkError(ErrorKind.SIGNED_OUT, exc.detail, status=exc.status) from exc
            raise
        self._token, lifetime = _parse_token(body)
        self._renew_at = self._clock() + max(0.0, lifetime - RENEW_EARLY)
        self.fetched += 1

    async def aclose(self) -> None:
        if self._owns_client:
            await self._client.aclose()


def _parse_token(body: Any) -> tuple[str, float]:
    if not isinstance(body, dict):
        raise NetworkError(ErrorKind.BAD_RESPONSE, "token reply is not an object")
    token, expires_in = body.get("access_token"), body.get("expires_in", 3600)
    if not isinstance(token, str) or not token:
        raise NetworkError(ErrorKind.BAD_RESPONSE, "token reply has no access_token")
    if not isinstance(expires_in, int | float) or isinstance(expires_in, bool):
        raise NetworkError(ErrorKind.BAD_RESPONSE, "token reply has a bad expires_in")
    return token, float(expires_in)
