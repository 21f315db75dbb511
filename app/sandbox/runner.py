"""Runs the two sandbox networks — the public one (Mastodon API, "sora") and the friends one
(Misskey API, "nakama") — on 127.0.0.1, plus the background activity.

- :func:`serve` is the coroutine behind everything: open both databases in ``data_dir``,
  listen, write ``accounts.json`` (atomically, once both listen), run until ``stop``.
- :class:`SandboxThread` runs :func:`serve` in a daemon thread with its own event loop; the
  app and the tests use it.
- :func:`find_running` finds a sandbox another process already runs for ``data_dir``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import httpx
from aiohttp import web

from app.sandbox import community
from app.sandbox.activity import run_activity
from app.sandbox.mastodon_api import MastodonSandbox
from app.sandbox.misskey_api import MisskeySandbox

HOST = "127.0.0.1"
ACCOUNTS_FILE = "accounts.json"
SIDES = ("public", "friends")


class _Server(Protocol):
    label: str
    base_url: str

    def open(self, now: datetime | None = None) -> None: ...
    def make_app(self) -> web.Application: ...
    def accounts(self) -> list[dict[str, str]]: ...
    async def post_as(
        self, username: str, text: str, visibility: str, recipients: tuple[str, ...] = ()
    ) -> dict[str, Any]: ...
    async def close(self) -> None: ...


@dataclass
class SandboxInfo:
    """Where a running sandbox listens and the tokens of its members (``accounts.json``)."""

    data_dir: Path
    public_url: str
    friends_url: str
    public_streaming_url: str
    friends_streaming_url: str
    accounts: dict[str, Any]

    def token(self, side: str, username: str = community.DEMO_USERNAME) -> str:
        """The ready-made access token of ``username`` on ``side`` ("public" | "friends")."""
        for account in self.accounts[side]["accounts"]:
            if account["username"] == username:
                return str(account["token"])
        raise KeyError(f"no account {username!r} on the {side} sandbox")

    @classmethod
    def from_accounts(cls, data_dir: Path, accounts: dict[str, Any]) -> SandboxInfo:
        return cls(
            data_dir=data_dir,
            public_url=accounts["public"]["url"],
            friends_url=accounts["friends"]["url"],
            public_streaming_url=accounts["public"]["streaming_url"],
            friends_streaming_url=accounts["friends"]["streaming_url"],
            accounts=accounts,
        )


def _listen(port: int) -> socket.socket:
    """Bind before the app starts, so the server knows its own URL before the first request."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if os.name != "nt":  # on Windows SO_REUSEADDR would let two servers share a port
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((HOST, port))
    except OSError:
        sock.close()
        raise
    return sock


def _write_atomically(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)


def _side_entry(server: _Server, network: str, streaming_url: str) -> dict[str, Any]:
    return {
        "network": network,
        "label": server.label,
        "url": server.base_url,
        "streaming_url": streaming_url,
        "demo": community.DEMO_USERNAME,
        "accounts": server.accounts(),
    }


async def _run(
    data_dir: Path,
    public_port: int,
    friends_port: int,
    activity: float | None,
    stop: asyncio.Event,
    on_started: Callable[[SandboxInfo, dict[str, _Server]], None],
) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    servers: dict[str, _Server] = {
        "public": MastodonSandbox(data_dir / "public.db", label="sora"),
        "friends": MisskeySandbox(data_dir / "friends.db", label="nakama"),
    }
    runners: list[web.AppRunner] = []
    activity_task: asyncio.Task[None] | None = None
    try:
        for side, port in (("public", public_port), ("friends", friends_port)):
            server = servers[side]
            server.open(now)
            sock = _listen(port)
            server.base_url = f"http://{HOST}:{sock.getsockname()[1]}"
            # Streams are ended by the apps' on_shutdown; a short timeout keeps stop() quick.
            runner = web.AppRunner(server.make_app(), access_log=None, shutdown_timeout=2.0)
            runners.append(runner)
            try:
                await runner.setup()
                await web.SockSite(runner, sock).start()
            except BaseException:
                sock.close()  # the site owns the socket only once it started
                raise
        public, friends = servers["public"], servers["friends"]
        public_ws = getattr(public, "streaming_url", "ws" + public.base_url[4:])
        friends_ws = getattr(friends, "streaming_url", "ws" + friends.base_url[4:] + "/streaming")
        accounts = {
            "pid": os.getpid(),
            "public": _side_entry(public, "mastodon", public_ws),
            "friends": _side_entry(friends, "misskey", friends_ws),
        }
        _write_atomically(data_dir / ACCOUNTS_FILE, accounts)
        if activity:
            activity_task = asyncio.create_task(run_activity(servers, activity, stop))
        on_started(SandboxInfo.from_accounts(data_dir, accounts), servers)
        await stop.wait()
    finally:
        stop.set()
        if activity_task is not None:
            await activity_task
        for runner in reversed(runners):
            await runner.cleanup()
        for server in servers.values():
            await server.close()


def _interval(activity: float | bool | None) -> float | None:
    if activity is None or activity is False or activity == 0:
        return None
    if activity is True:
        return 20.0
    return float(activity)


async def serve(
    data_dir: Path,
    public_port: int = 0,
    friends_port: int = 0,
    *,
    activity: float | None = 20.0,
    on_ready: Callable[[SandboxInfo], None] | None = None,
    stop: asyncio.Event | None = None,
) -> None:
    """Serve both networks until ``stop`` is set (or the task is cancelled).

    ``on_ready`` is called once both accept connections and ``accounts.json`` is written.
    """
    await _run(
        Path(data_dir),
        public_port,
        friends_port,
        _interval(activity),
        stop or asyncio.Event(),
        lambda info, _servers: on_ready(info) if on_ready else None,
    )


class SandboxThread:
    """The sandbox in a daemon thread with its own event loop, for the app and the tests."""

    def __init__(
        self,
        data_dir: Path,
        public_port: int = 0,
        friends_port: int = 0,
        activity: float | bool | None = 20.0,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.public_port = public_port
        self.friends_port = friends_port
        self.activity = _interval(activity)
        self.info: SandboxInfo | None = None
        self._servers: dict[str, _Server] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None

    def start(self, timeout: float = 30) -> SandboxInfo:
        """Start and return once both networks accept connections."""
        if self._thread is not None:
            raise RuntimeError("SandboxThread already started")
        self._thread = threading.Thread(target=self._main, name="kizuna-sandbox", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            self.stop()
            raise TimeoutError(f"sandbox did not start within {timeout}s")
        if self._error is not None or self.info is None:
            self._thread.join(timeout)
            raise RuntimeError("sandbox failed to start") from self._error
        return self.info

    def _main(self) -> None:
        try:
            asyncio.run(self._amain())
        except BaseException as exc:  # reported by start(); a daemon thread has nobody else
            self._error = exc
        finally:
            self._ready.set()

    async def _amain(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()

        def started(info: SandboxInfo, servers: dict[str, _Server]) -> None:
            self.info, self._servers = info, servers
            self._ready.set()

        await _run(
            self.data_dir,
            self.public_port,
            self.friends_port,
            self.activity,
            self._stop,
            started,
        )

    def post_as(
        self,
        side: str,
        username: str,
        text: str,
        visibility: str,
        recipients: tuple[str, ...] = (),
    ) -> dict[str, Any]:
        """Post as a member from any thread; blocks until the post exists (and was streamed)."""
        if self._loop is None or side not in self._servers:
            raise RuntimeError(f"sandbox not running or unknown side {side!r}")
        coro = self._servers[side].post_as(username, text, visibility, tuple(recipients))
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout=30)

    def call(self, side: str, fn: Callable[[Any], Any]) -> Any:
        """Run ``fn(server)`` on the sandbox's loop (for tests that add users & co.)."""
        if self._loop is None or side not in self._servers:
            raise RuntimeError(f"sandbox not running or unknown side {side!r}")
        server = self._servers[side]

        async def run() -> Any:
            return fn(server)

        return asyncio.run_coroutine_threadsafe(run(), self._loop).result(timeout=30)

    def stop(self) -> None:
        """Shut both servers down cleanly and join the thread. Safe to call twice."""
        loop, stop, thread = self._loop, self._stop, self._thread
        if loop is not None and stop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed in between
                loop.call_soon_threadsafe(stop.set)
        if thread is not None:
            thread.join(timeout=30)


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":
        # os.kill(pid, 0) would terminate the process on Windows; ask the kernel instead.
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ok = kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return bool(ok) and code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def find_running(data_dir: Path, timeout: float = 1.0) -> SandboxInfo | None:
    """The sandbox already serving ``data_dir`` (its process alive and both networks
    answering), or None."""
    try:
        accounts = json.loads((Path(data_dir) / ACCOUNTS_FILE).read_text(encoding="utf-8"))
        info = SandboxInfo.from_accounts(Path(data_dir), accounts)
        pid = int(accounts["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not _pid_alive(pid):
        return None
    try:
        with httpx.Client(timeout=timeout, trust_env=False) as client:
            public = client.get(f"{info.public_url}/api/v1/instance")
            friends = client.post(f"{info.friends_url}/api/meta", json={})
    except httpx.HTTPError:
        return None
    if public.status_code != 200 or friends.status_code != 200:
        return None
    return info
