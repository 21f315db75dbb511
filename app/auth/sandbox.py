"""Signing the demo user in to both sandbox networks through the real flows.

No shortcut through the sandbox's own files: the Mastodon side goes through app
registration, authorization code + PKCE and a loopback redirect; the Misskey side
through MiAuth with a loopback callback. The only difference from a real server is the
"browser": an HTTP client that opens the authorization page and follows the redirects
until it lands on our receiver. The sandbox has no login form; it approves its demo user
only for a flow that presents the run's sign-in secret (``approval`` in the sandbox's
``accounts.json``, a file only the user can read), which this browser sends — to the
sandbox's own origin only — in ``X-Kizuna-Sandbox-Approval``.

:func:`handle_domain` gives the domain a server's handles are written with: the sandbox
servers call themselves "sora" and "nakama" although they listen on 127.0.0.1, so an
account signed in to them reads ``@me@sora``, not ``@me@127.0.0.1``.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from app.auth import mastodon_oauth, miauth
from app.auth.loopback import BAD_REPLY, SignInError, is_loopback
from app.core.models import AccountRef, Audience
from app.networks.http import USER_AGENT, make_client

log = logging.getLogger(__name__)

CALLBACK_PATH = "/callback"
SIGN_IN_TIMEOUT = 30.0
# Must match app.sandbox.guard.APPROVAL_HEADER (auth does not import the sandbox server).
APPROVAL_HEADER = "X-Kizuna-Sandbox-Approval"
_MAX_REDIRECTS = 10
_SERVES = {"public": frozenset({Audience.PUBLIC}), "friends": frozenset({Audience.FRIENDS})}

OpenUrl = Callable[[str], Awaitable[None]]


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    return parts.scheme, (parts.hostname or "").lower(), parts.port


async def play_browser(
    url: str, approval: str | None = None, *, approval_origin: str | None = None
) -> None:
    """Open ``url`` like a browser would and follow redirects to the loopback receiver.

    ``approval`` (the sandbox's sign-in secret) goes only to ``approval_origin`` (by
    default ``url``'s own origin): the redirects end at our receiver, and a secret has no
    business travelling further.
    """
    origin = _origin(approval_origin or url)
    async with httpx.AsyncClient(
        follow_redirects=False, timeout=SIGN_IN_TIMEOUT, headers={"User-Agent": USER_AGENT}
    ) as browser:
        reply = await browser.get(url, headers=_approval_for(url, origin, approval))
        for _ in range(_MAX_REDIRECTS):
            if not reply.is_redirect or "Location" not in reply.headers:
                break
            url = urljoin(str(reply.url), reply.headers["Location"])
            reply = await browser.get(url, headers=_approval_for(url, origin, approval))
    landed = urlsplit(str(reply.url))
    if landed.hostname != "127.0.0.1" or landed.path != CALLBACK_PATH or reply.status_code != 200:
        raise SignInError(
            f"the sandbox did not send the browser back to the app (HTTP {reply.status_code})",
            BAD_REPLY,
        )


def _approval_for(
    url: str, origin: tuple[str, str, int | None], approval: str | None
) -> dict[str, str]:
    return {APPROVAL_HEADER: approval} if approval and _origin(url) == origin else {}


def sandbox_browser(approval: str, base_url: str | None = None) -> OpenUrl:
    """The "browser" for sign-ins to the sandbox whose ``accounts.json`` says ``approval``.

    With ``base_url`` (the sandbox server's URL) the secret goes to that server only, even
    if a page it was asked to open were elsewhere."""

    async def open_url(url: str) -> None:
        await play_browser(url, approval, approval_origin=base_url)

    return open_url


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
    http: httpx.AsyncClient, side: str, info: dict[str, Any], browser: OpenUrl
) -> tuple[AccountRef, str]:
    network, base_url = info["network"], str(info["url"])
    if network == "mastodon":
        user, token = await mastodon_oauth.sign_in(
            base_url,
            browser,
            client=http,
            callback_path=CALLBACK_PATH,
            timeout=SIGN_IN_TIMEOUT,
        )
    elif network == "misskey":
        user, token = await miauth.sign_in(
            base_url,
            browser,
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
    """(account, token) for the demo user on each side present, public first.

    ``accounts_json`` is the sandbox's ``accounts.json``; its ``approval`` is the secret
    that lets the sandbox approve these sign-ins."""
    out: list[tuple[AccountRef, str]] = []
    approval = str(accounts_json.get("approval") or "")
    async with make_client() as http:
        for side in ("public", "friends"):
            info = accounts_json.get(side)
            if not isinstance(info, dict):
                continue
            browser = sandbox_browser(approval, str(info["url"]))
            account, token = await _sign_in_side(http, side, info, browser)
            log.info("sandbox %s: signed in as %s", side, account.handle)
            out.append((account, token))
    if not out:
        raise SignInError("the sandbox described no networks")
    return out
