"""Signing the demo user in to both sandbox networks through the real flows.

No shortcut through the sandbox's own files: the Mastodon side goes through app
registration, authorization code + PKCE and a loopback redirect; the Misskey side
through MiAuth with a loopback callback. The only difference from a real server is the
"browser": an HTTP client that opens the authorization page and follows the redirects
(the sandbox approves its demo user without a form) until it lands on our receiver.

:func:`handle_domain` gives the domain a server's handles are written with: the sandbox
servers call themselves "sora" and "nakama" although they listen on 127.0.0.1, so an
account signed in to them reads ``@me@sora``, not ``@me@127.0.0.1``.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

import httpx

from app.auth import mastodon_oauth, miauth
from app.auth.loopback import BAD_REPLY, SignInError, is_loopback
from app.core.models import AccountRef, Audience
from app.networks.http import USER_AGENT, make_client

log = logging.getLogger(__name__)

CALLBACK_PATH = "/callback"
SIGN_IN_TIMEOUT = 30.0
_SERVES = {"public": frozenset({Audience.PUBLIC}), "friends": frozenset({Audience.FRIENDS})}


async def play_browser(url: str) -> None:
    """Open ``url`` like a browser would and follow redirects to the loopback receiver."""
    async with httpx.AsyncClient(
        follow_redirects=True, timeout=SIGN_IN_TIMEOUT, headers={"User-Agent": USER_AGENT}
    ) as browser:
        reply = await browser.get(url)
    landed = urlsplit(str(reply.url))
    if landed.hostname != "127.0.0.1" or landed.path != CALLBACK_PATH or reply.status_code != 200:
        raise SignInError(
            f"the sandbox did not send the browser back to the app (HTTP {reply.status_code})",
            BAD_REPLY,
        )


async def handle_domain(
    network: str, base_url: str, *, client: httpx.AsyncClient | None = None
) -> str:
    """The domain in ``@user@domain`` handles of the server at ``base_url``.

    Mastodon says it in ``/api/v2/instance`` (``domain``: its LOCAL_DOMAIN, which may
    differ from the host the API is served on). Misskey writes handles with its host;
    only a server on this machine (the sandbox) is named by its ``shortName`` from
    ``/api/meta`` instead. When the server does not say, the host it is reached on.
    """
    host = urlsplit(base_url).hostname or ""
    base = base_url.rstrip("/")
    own = client is None
    http = client or make_client()
    try:
        if network == "mastodon":
            reply = await http.get(f"{base}/api/v2/instance")
            domain = reply.json().get("domain") if reply.status_code == 200 else None
        elif network == "misskey" and is_loopback(host):
            reply = await http.post(f"{base}/api/meta", json={"detail": False})
            domain = reply.json().get("shortName") if reply.status_code == 200 else None
        else:
            domain = None
    except (httpx.HTTPError, ValueError, AttributeError) as exc:
        # Only the label is lost: the host is still a true name of the server.
        log.info("no handle domain from %s: %s", base, type(exc).__name__)
        domain = None
    finally:
        if own:
            await http.aclose()
    return domain if isinstance(domain, str) and domain.strip() else host


def _account_ref(side: str, info: dict[str, Any], user: dict[str, Any]) -> AccountRef:
    network = str(info["network"])
    base_url = str(info["url"]).rstrip("/")
    username = str(user["username"])
    label = str(info.get("label") or urlsplit(base_url).hostname or "")
    return AccountRef(
        key=f"{network}:{base_url}:{username}",
        network=network,
        base_url=base_url,
        user_id=str(user["id"]),
        username=username,
        handle=f"@{username}@{label}",
        serves=_SERVES[side],
        label=label,
        sandbox=True,
    )


async def _sign_in_side(
    http: httpx.AsyncClient, side: str, info: dict[str, Any]
) -> tuple[AccountRef, str]:
    network, base_url = info["network"], str(info["url"])
    if network == "mastodon":
        user, token = await mastodon_oauth.sign_in(
            base_url,
            play_browser,
            client=http,
            callback_path=CALLBACK_PATH,
            timeout=SIGN_IN_TIMEOUT,
        )
    elif network == "misskey":
        user, token = await miauth.sign_in(
            base_url,
            play_browser,
            client=http,
            callback_path=CALLBACK_PATH,
            timeout=SIGN_IN_TIMEOUT,
        )
    else:
        raise SignInError(f"unknown sandbox network {network!r}")
    demo = info.get("demo")
    if demo and user.get("username") != demo:
        raise SignInError(f"signed in to the {side} sandbox as someone other than {demo!r}")
    return _account_ref(side, info, user), token


async def sign_in_sandbox(accounts_json: dict[str, Any]) -> list[tuple[AccountRef, str]]:
    """(account, token) for the demo user on each side present, public first."""
    out: list[tuple[AccountRef, str]] = []
    async with make_client() as http:
        for side in ("public", "friends"):
            info = accounts_json.get(side)
            if not isinstance(info, dict):
                continue
            account, token = await _sign_in_side(http, side, info)
            log.info("sandbox %s: signed in as %s", side, account.handle)
            out.append((account, token))
    if not out:
        raise SignInError("the sandbox described no networks")
    return out
