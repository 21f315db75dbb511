"""Signing in to a Misskey-API server with MiAuth.

1. :func:`new_session` — a random session id (a UUID, as Misskey expects).
2. :func:`miauth_url` — ``/miauth/{session}?name=&callback=&permission=`` for the browser.
3. The user approves; the server redirects to ``callback?session={session}``.
4. :func:`check` — ``POST /api/miauth/{session}/check`` → ``{ok, token, user}``.

:func:`sign_in` runs them with a loopback callback (the session id plays the role of
OAuth's ``state``). Tokens are never logged.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable, Iterable
from typing import Any
from urllib.parse import quote, urlencode

import httpx

from app.auth.loopback import DENIED, LoopbackReceiver, SignInError
from app.core.errors import ErrorKind, NetworkError
from app.networks.http import make_client, request_json, require

log = logging.getLogger(__name__)

APP_NAME = "Kizuna"
# read:account covers the profile and the home timeline; write:notes posting;
# the drive permissions are for images with alt text.
DEFAULT_PERMISSIONS: tuple[str, ...] = (
    "read:account",
    "write:notes",
    "read:drive",
    "write:drive",
    "write:reactions",  # like = a reaction (answer back)
    "read:notifications",  # mentions, replies, reactions, renotes, follows
)

OpenUrl = Callable[[str], Awaitable[object]]


def new_session() -> str:
    return str(uuid.uuid4())


def miauth_url(
    base_url: str,
    session: str,
    *,
    callback: str | None = None,
    name: str = APP_NAME,
    permissions: Iterable[str] = DEFAULT_PERMISSIONS,
    icon: str | None = None,
) -> str:
    query = {"name": name, "permission": ",".join(permissions)}
    if callback:
        query["callback"] = callback
    if icon:
        query["icon"] = icon
    return f"{base_url.rstrip('/')}/miauth/{quote(session, safe='')}?{urlencode(query)}"


async def check(
    client: httpx.AsyncClient, base_url: str, session: str
) -> tuple[str, dict[str, Any]]:
    """(token, user) once the user approved the session; SignInError when they did not."""
    url = f"{base_url.rstrip('/')}/api/miauth/{quote(session, safe='')}/check"
    data, _ = await request_json(client, "POST", url, json={})
    reply = require(data, dict, "MiAuth reply")
    if reply.get("ok") is not True:
        raise SignInError("the sign-in was not approved", DENIED)
    token, user = reply.get("token"), reply.get("user")
    if not isinstance(token, str) or not token:
        raise NetworkError(ErrorKind.BAD_RESPONSE, "MiAuth reply without a token")
    if not isinstance(user, dict) or not isinstance(user.get("username"), str):
        raise NetworkError(ErrorKind.BAD_RESPONSE, "MiAuth reply without a user")
    return token, user


async def sign_in(
    base_url: str,
    open_url: OpenUrl,
    *,
    client: httpx.AsyncClient | None = None,
    permissions: Iterable[str] = DEFAULT_PERMISSIONS,
    callback_path: str = "/callback",
    timeout: float = 300.0,
) -> tuple[dict[str, Any], str]:
    """The whole flow with a loopback callback; returns (user, token)."""
    http = client or make_client(keepalive=False)
    try:
        session = new_session()
        async with LoopbackReceiver(
            callback_path, state=session, state_param="session"
        ) as receiver:
            url = miauth_url(
                base_url, session, callback=receiver.redirect_uri, permissions=permissions
            )
            await receiver.open_and_wait(open_url, url, timeout=timeout)
        token, user = await check(http, base_url, session)
        log.info("signed in to %s as %s", base_url, user.get("username"))
        return user, token
    finally:
        if client is None:
            await http.aclose()
