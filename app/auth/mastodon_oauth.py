"""Signing in to a Mastodon-API server: OAuth 2 authorization code + PKCE (S256).

Steps, each usable on its own:

1. :func:`register_app` — ``POST /api/v1/apps`` with our redirect URI.
2. :func:`authorize_url` — the page the user opens in their browser.
3. :func:`exchange_code` — ``POST /oauth/token`` with the code and the PKCE verifier.
4. :func:`verify` — ``GET /api/v1/accounts/verify_credentials``.

:func:`sign_in` runs them with a loopback redirect (RFC 8252); :class:`OutOfBandSignIn`
is the fallback where the server shows the code and the user pastes it into the app.
Endpoints come from ``/.well-known/oauth-authorization-server`` (Mastodon ≥ 4.3) when the
server publishes it, else Mastodon's fixed ``/oauth/authorize`` and ``/oauth/token``.

Tokens and client secrets are never logged.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx

from app.auth.loopback import (
    BAD_CODE,
    EMPTY_CODE,
    NO_CODE,
    STATE_MISMATCH,
    LoopbackReceiver,
    SignInError,
)
from app.auth.pkce import PkcePair
from app.core.errors import ErrorKind, NetworkError
from app.networks.http import make_client, request_json, require

log = logging.getLogger(__name__)

OOB_REDIRECT_URI = "urn:ietf:wg:oauth:2.0:oob"
DEFAULT_SCOPES = "read write"
CLIENT_NAME = "Kizuna"
WEBSITE = ""  # no project site yet; Mastodon shows it on the authorization page

OpenUrl = Callable[[str], Awaitable[object]]


@dataclass(frozen=True)
class Endpoints:
    authorize: str
    token: str


@dataclass(frozen=True)
class AppRegistration:
    base_url: str
    client_id: str
    client_secret: str = field(repr=False)
    redirect_uri: str
    scopes: str


def _same_origin(url: str, base_url: str) -> bool:
    a, b = urlsplit(url), urlsplit(base_url)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc)


async def discover(client: httpx.AsyncClient, base_url: str) -> Endpoints:
    """The server's OAuth endpoints; Mastodon's defaults when it does not publish them."""
    base = base_url.rstrip("/")
    default = Endpoints(f"{base}/oauth/authorize", f"{base}/oauth/token")
    try:
        meta, _ = await request_json(
            client, "GET", f"{base}/.well-known/oauth-authorization-server"
        )
    except NetworkError:
        return default
    if not isinstance(meta, dict):
        return default
    authorize, token = meta.get("authorization_endpoint"), meta.get("token_endpoint")
    # Only endpoints on the server the user chose: metadata must not send the code elsewhere.
    if (
        isinstance(authorize, str)
        and isinstance(token, str)
        and _same_origin(authorize, base)
        and _same_origin(token, base)
    ):
        return Endpoints(authorize, token)
    return default


async def register_app(
    client: httpx.AsyncClient,
    base_url: str,
    redirect_uri: str,
    *,
    scopes: str = DEFAULT_SCOPES,
    client_name: str = CLIENT_NAME,
) -> AppRegistration:
    base = base_url.rstrip("/")
    form = {"client_name": client_name, "redirect_uris": redirect_uri, "scopes": scopes}
    if WEBSITE:
        form["website"] = WEBSITE
    data, _ = await request_json(client, "POST", f"{base}/api/v1/apps", data=form)
    app = require(data, dict, "app registration")
    client_id, secret = app.get("client_id"), app.get("client_secret")
    if not isinstance(client_id, str) or not client_id or not isinstance(secret, str):
        raise NetworkError(ErrorKind.BAD_RESPONSE, "app registration without credentials")
    return AppRegistration(base, client_id, secret, redirect_uri, scopes)


def authorize_url(
    app: AppRegistration,
    *,
    state: str,
    code_challenge: str,
    endpoints: Endpoints | None = None,
    force_login: bool = False,
) -> str:
    query = {
        "response_type": "code",
        "client_id": app.client_id,
        "redirect_uri": app.redirect_uri,
        "scope": app.scopes,
        "state": state,
        "code_challenge": code_challenge,
        "code_challenge_method": "S256",
    }
    if force_login:
        query["force_login"] = "true"
    authorize = endpoints.authorize if endpoints else f"{app.base_url}/oauth/authorize"
    return f"{authorize}?{urlencode(query)}"


async def exchange_code(
    client: httpx.AsyncClient,
    app: AppRegistration,
    code: str,
    *,
    code_verifier: str,
    endpoints: Endpoints | None = None,
) -> str:
    """The access token for an authorization code."""
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "client_id": app.client_id,
        "client_secret": app.client_secret,
        "redirect_uri": app.redirect_uri,
        "code_verifier": code_verifier,
        "scope": app.scopes,
    }
    token_url = endpoints.token if endpoints else f"{app.base_url}/oauth/token"
    data, _ = await request_json(client, "POST", token_url, data=form)
    token = require(data, dict, "token reply").get("access_token")
    if not isinstance(token, str) or not token:
        raise NetworkError(ErrorKind.BAD_RESPONSE, "token reply without a token")
    return token


async def verify(client: httpx.AsyncClient, base_url: str, token: str) -> dict[str, Any]:
    """The signed-in account (a Mastodon Account entity)."""
    data, _ = await request_json(
        client,
        "GET",
        f"{base_url.rstrip('/')}/api/v1/accounts/verify_credentials",
        headers={"Authorization": f"Bearer {token}"},
    )
    account: dict[str, Any] = require(data, dict, "account")
    if not isinstance(account.get("id"), str | int) or not isinstance(account.get("username"), str):
        raise NetworkError(ErrorKind.BAD_RESPONSE, "account without id or username")
    return account


async def sign_in(
    base_url: str,
    open_url: OpenUrl,
    *,
    client: httpx.AsyncClient | None = None,
    scopes: str = DEFAULT_SCOPES,
    callback_path: str = "/callback",
    timeout: float = 300.0,
) -> tuple[dict[str, Any], str]:
    """The whole flow with a loopback redirect; returns (account, token).

    ``open_url`` shows the authorization page: a desktop browser in the app, an HTTP
    client playing the browser for the sandbox.
    """
    http = client or make_client(keepalive=False)
    try:
        endpoints = await discover(http, base_url)
        pair = PkcePair()
        async with LoopbackReceiver(callback_path, state=pair.state) as receiver:
            app = await register_app(http, base_url, receiver.redirect_uri, scopes=scopes)
            url = authorize_url(
                app, state=pair.state, code_challenge=pair.challenge, endpoints=endpoints
            )
            params = await receiver.open_and_wait(open_url, url, timeout=timeout)
        code = params.get("code")
        if not code:
            raise SignInError("the redirect carried no authorization code", NO_CODE)
        token = await exchange_code(
            http, app, code, code_verifier=pair.verifier, endpoints=endpoints
        )
        account = await verify(http, base_url, token)
        log.info("signed in to %s as %s", base_url, account.get("username"))
        return account, token
    finally:
        if client is None:
            await http.aclose()


_BARE_CODE = re.compile(r"[A-Za-z0-9._~+/-]+=*")


def pasted_code(text: str, state: str) -> str:
    """The authorization code in what the user pasted from the server's page.

    Mastodon shows the bare code; snac shows ``CODE&state=STATE``; someone may paste the
    query of a redirect (``code=…&state=…``). A state that is there must be ours.
    """
    text = text.strip()
    if not text:
        raise SignInError("no code was entered", EMPTY_CODE)
    query = text.split("?", 1)[1] if "?" in text else text
    if _BARE_CODE.fullmatch(query):
        return query
    params = dict(parse_qsl(query, keep_blank_values=True))
    if "code" not in params:
        first, _, rest = query.partition("&")
        if "=" in first or not _BARE_CODE.fullmatch(first):
            raise SignInError("the pasted text holds no authorization code", BAD_CODE)
        params = {**dict(parse_qsl(rest, keep_blank_values=True)), "code": first}
    if "state" in params and params["state"] != state:
        raise SignInError("the pasted code belongs to another sign-in", STATE_MISMATCH)
    if not params["code"]:
        raise SignInError("the pasted text holds no authorization code", BAD_CODE)
    return params["code"]


class OutOfBandSignIn:
    """For when no loopback redirect is possible: the server shows a code to paste.

    ``url = await flow.begin()``; show it; ``account, token = await flow.finish(code)``.
    """

    def __init__(
        self,
        base_url: str,
        *,
        client: httpx.AsyncClient | None = None,
        scopes: str = DEFAULT_SCOPES,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._client = client
        self._scopes = scopes
        self._pair = PkcePair()
        self._app: AppRegistration | None = None
        self._endpoints: Endpoints | None = None

    async def _with_client(self, work: Callable[[httpx.AsyncClient], Awaitable[Any]]) -> Any:
        if self._client is not None:
            return await work(self._client)
        async with make_client(keepalive=False) as http:
            return await work(http)

    async def begin(self) -> str:
        async def run(http: httpx.AsyncClient) -> str:
            self._endpoints = await discover(http, self.base_url)
            self._app = await register_app(
                http, self.base_url, OOB_REDIRECT_URI, scopes=self._scopes
            )
            return authorize_url(
                self._app,
                state=self._pair.state,
                code_challenge=self._pair.challenge,
                endpoints=self._endpoints,
            )

        result: str = await self._with_client(run)
        return result

    async def finish(self, code: str) -> tuple[dict[str, Any], str]:
        if self._app is None:
            raise RuntimeError("call begin() first")
        code = pasted_code(code, self._pair.state)
        app, endpoints = self._app, self._endpoints

        async def run(http: httpx.AsyncClient) -> tuple[dict[str, Any], str]:
            token = await exchange_code(
                http, app, code, code_verifier=self._pair.verifier, endpoints=endpoints
            )
            return await verify(http, self.base_url, token), token

        result: tuple[dict[str, Any], str] = await self._with_client(run)
        return result
