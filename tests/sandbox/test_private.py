"""The sandbox is its user's alone: its files are private, a sign-in needs the secret only
the app can read, and the app's sign-in "browser" presents it to the sandbox and nowhere
else (issue 10, finding 7). The same checks as another OS user: test_other_user.py."""

from __future__ import annotations

import asyncio
import json
import os
import stat
import sys
from pathlib import Path

import httpx
import pytest
from aiohttp import web

from app.auth.loopback import SignInError
from app.auth.sandbox import APPROVAL_HEADER as APP_HEADER
from app.auth.sandbox import play_browser, sandbox_browser, sign_in_sandbox
from app.sandbox.guard import APPROVAL_HEADER
from app.sandbox.runner import ACCOUNTS_FILE, SandboxThread

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@posix_only
def test_sandbox_folder_tokens_and_databases_are_the_users_alone(tmp_path: Path) -> None:
    data = tmp_path / "sb"
    # What an older Kizuna left behind: a world-readable folder, tokens file and database.
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)
    for name in (ACCOUNTS_FILE, "public.db", "public.db-wal"):
        (data / name).touch()  # SQLite takes an empty file as a new database
        os.chmod(data / name, 0o644)

    thread = SandboxThread(data, activity=False)
    info = thread.start()
    try:
        # A post makes sure the write-ahead logs exist too.
        thread.post_as("friends", "haruka", "ひみつ", "followers")
        assert mode(data) == 0o700
        files = [data / ACCOUNTS_FILE, data / "public.db", data / "friends.db"]
        files += [p for p in data.iterdir() if p.name.endswith(("-wal", "-shm"))]
        assert any(p.name.endswith("-wal") for p in files)
        for path in files:
            assert mode(path) == 0o600, path
        assert json.loads((data / ACCOUNTS_FILE).read_text(encoding="utf-8"))["approval"]
        assert info.approval and info.admin_token
        # An info object in a log line shows where the sandbox is, not its secrets.
        shown = repr(info)
        assert info.public_url in shown
        for secret in (info.approval, info.admin_token, info.token("public")):
            assert secret not in shown
    finally:
        thread.stop()


def test_the_app_signs_in_with_the_secret_and_nobody_else_does(tmp_path: Path) -> None:
    thread = SandboxThread(tmp_path / "sb", activity=False)
    info = thread.start()
    try:
        signed = asyncio.run(sign_in_sandbox(info.accounts))
        assert [a.username for a, _ in signed] == ["me", "me"]
        for account, token in signed:
            if account.network == "mastodon":
                me = httpx.get(
                    f"{info.public_url}/api/v1/accounts/verify_credentials",
                    headers={"Authorization": f"Bearer {token}"},
                )
            else:
                me = httpx.post(f"{info.friends_url}/api/i", json={"i": token})
            assert me.status_code == 200 and me.json()["username"] == "me"

        # The same flow without the secret (the accounts.json of someone who cannot read
        # it) or with an old run's secret is refused.
        for approval in (None, "not-this-run"):
            stolen = dict(info.accounts)
            stolen.pop("approval")
            if approval:
                stolen["approval"] = approval
            with pytest.raises(SignInError):
                asyncio.run(sign_in_sandbox(stolen))
    finally:
        thread.stop()


def test_each_run_has_new_secrets(tmp_path: Path) -> None:
    first = SandboxThread(tmp_path / "sb", activity=False)
    old = first.start()
    first.stop()
    second = SandboxThread(tmp_path / "sb", activity=False)
    new = second.start()
    try:
        assert new.approval != old.approval and new.admin_token != old.admin_token
        assert new.admin_url
        stale = httpx.get(
            f"{new.admin_url}/_sandbox/faults", headers=old.admin_headers(), trust_env=False
        )
        assert stale.status_code == 403
        fresh = httpx.get(
            f"{new.admin_url}/_sandbox/faults", headers=new.admin_headers(), trust_env=False
        )
        assert fresh.status_code == 200
    finally:
        second.stop()


def test_the_browser_shows_the_secret_to_the_sandbox_origin_only() -> None:
    """The authorize page redirects to the app's receiver (or anywhere a server likes): the
    secret goes with the first request and with none that leaves the origin."""
    assert APP_HEADER == APPROVAL_HEADER  # auth cannot import the server; they must agree
    seen: dict[str, str | None] = {}

    async def main() -> None:
        async def elsewhere(request: web.Request) -> web.Response:
            seen["elsewhere"] = request.headers.get(APPROVAL_HEADER)
            return web.Response(text="ok")

        other = web.AppRunner(web.Application())
        other.app.router.add_get("/callback", elsewhere)
        await other.setup()
        other_site = web.TCPSite(other, "127.0.0.1", 0)
        await other_site.start()
        other_port = other.addresses[0][1]

        async def start(request: web.Request) -> web.Response:
            seen["start"] = request.headers.get(APPROVAL_HEADER)
            raise web.HTTPFound("/hop")

        async def hop(request: web.Request) -> web.Response:
            seen["hop"] = request.headers.get(APPROVAL_HEADER)
            raise web.HTTPFound(f"http://127.0.0.1:{other_port}/callback")

        sandbox = web.AppRunner(web.Application())
        sandbox.app.router.add_get("/start", start)
        sandbox.app.router.add_get("/hop", hop)
        await sandbox.setup()
        site = web.TCPSite(sandbox, "127.0.0.1", 0)
        await site.start()
        port = sandbox.addresses[0][1]
        try:
            await play_browser(f"http://127.0.0.1:{port}/start", "s3cret")
        finally:
            await sandbox.cleanup()
            await other.cleanup()

    asyncio.run(main())
    assert seen == {"start": "s3cret", "hop": "s3cret", "elsewhere": None}


def test_the_sandbox_browser_keeps_the_secret_for_its_sandbox() -> None:
    """A page to open that is not on the sandbox's own origin never sees the secret."""
    seen: dict[str, str | None] = {}

    async def main() -> None:
        async def page(request: web.Request) -> web.Response:
            seen["page"] = request.headers.get(APPROVAL_HEADER)
            raise web.HTTPFound("/callback")

        async def callback(_request: web.Request) -> web.Response:
            return web.Response(text="ok")

        elsewhere = web.AppRunner(web.Application())
        elsewhere.app.router.add_get("/authorize", page)
        elsewhere.app.router.add_get("/callback", callback)
        await elsewhere.setup()
        await web.TCPSite(elsewhere, "127.0.0.1", 0).start()
        port = elsewhere.addresses[0][1]
        try:
            browser = sandbox_browser("s3cret", "http://127.0.0.1:1")
            await browser(f"http://127.0.0.1:{port}/authorize")
        finally:
            await elsewhere.cleanup()

    asyncio.run(main())
    assert seen == {"page": None}
