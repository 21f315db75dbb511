"""Runs the two sandbox networks — the public one (Mastodon API, "sora") and the friends one
(Misskey API, "nakama") — on 127.0.0.1, plus the background activity.

- :func:`serve` is the coroutine behind everything: open both databases in ``data_dir``,
  listen, write ``accounts.json`` (atomically, once both listen), run until ``stop``.
  ``accounts.json`` holds every member's token, the run's sign-in secret (``approval``)
  and the admin token, so it and the folder are the user's alone (:mod:`app.sandbox.guard`).
- :class:`SandboxThread` runs :func:`serve` in a daemon thread with its own event loop; the
  app and the tests use it.
- :func:`find_running` finds a sandbox another process already runs for ``data_dir``.

Faults (see :mod:`app.sandbox.faults`): each network has its own fault settings, given at
start (``faults={"public"|"friends"|"both": {...}}``) and changed while running through
the admin endpoint (its own loopback port, ``admin_url`` in ``accounts.json``) or the
:class:`SandboxThread` helpers ``set_faults``/``down``/``up``/``drop_streams``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import socket
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from aiohttp import web

from app.sandbox import community
from app.sandbox.activity import run_activity
from app.sandbox.common import heal_db
from app.sandbox.faults import Faults, SideFaults, SiteControl, make_admin_app, parse_changes
from app.sandbox.guard import new_secret, private_dir, write_private
from app.sandbox.mastodon_api import MastodonSandbox
from app.sandbox.misskey_api import MisskeySandbox
from app.sandbox.probe import ACCOUNTS_FILE, SIDES, running_accounts

HOST = "127.0.0.1"


class _Server(Protocol):
    label: str
    base_url: str
    faults: Faults

    def open(self, now: datetime | None = None) -> None: ...
    def make_app(self) -> web.Application: ...
    def accounts(self) -> list[dict[str, str]]: ...
    async def post_as(
        self, username: str, text: str, visibility: str, recipients: tuple[str, ...] = ()
    ) -> dict[str, Any]: ...
    async def answer_demo(self, rng: random.Random) -> dict[str, Any] | None: ...
    async def close(self) -> None: ...
    def drop_streams(self) -> int: ...


# Per side fault settings at start: {"public" | "friends" | "both": {setting: value}}.
FaultPlan = Mapping[str, Mapping[str, Any]]


@dataclass
class SandboxInfo:
    """Where a running sandbox listens and the tokens of its members (``accounts.json``)."""

    data_dir: Path
    public_url: str
    friends_url: str
    public_streaming_url: str
    friends_streaming_url: str
    # Tokens and secrets stay out of repr(): an info object in a log line leaks nothing.
    accounts: dict[str, Any] = field(repr=False)
    admin_url: str | None = None  # the fault admin endpoint, when it runs
    # the sign-in secret the sandbox's OAuth and MiAuth pages want
    approval: str = field(default="", repr=False)
    admin_token: str = field(default="", repr=False)  # the admin endpoint's bearer token
    # database files found damaged at this run's start and reset to the demo community
    reset: tuple[str, ...] = ()

    def admin_headers(self) -> dict[str, str]:
        """The headers a request to the admin endpoint needs."""
        return {"Authorization": f"Bearer {self.admin_token}"}

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
            admin_url=accounts.get("admin_url"),
            approval=str(accounts.get("approval") or ""),
            admin_token=str(accounts.get("admin_token") or ""),
            reset=tuple(str(name) for name in accounts.get("reset") or ()),
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
    # Every member's token and the run's secrets: the user's alone (see app.sandbox.guard).
    write_private(path, json.dumps(data, ensure_ascii=False, indent=2))


def _side_entry(server: _Server, network: str, streaming_url: str) -> dict[str, Any]:
    return {
        "network": network,
        "label": server.label,
        "url": server.base_url,
        "streaming_url": streaming_url,
        "demo": community.DEMO_USERNAME,
        "accounts": server.accounts(),
    }


def fault_plan_by_side(plan: FaultPlan | None) -> dict[str, dict[str, Any]]:
    """``plan`` with "both" spread over the sides and every setting validated (ValueError)."""
    out: dict[str, dict[str, Any]] = {side: {} for side in SIDES}
    for key, settings in (plan or {}).items():
        if key not in (*SIDES, "both"):
            raise ValueError(f"unknown sandbox side {key!r}")
        parse_changes(settings)
        for side in SIDES if key == "both" else (key,):
            out[side].update(settings)
    return out


async def _start_site(runner: web.AppRunner, port: int) -> tuple[web.SockSite, int]:
    sock = _listen(port)
    try:
        await runner.setup()
        site = web.SockSite(runner, sock)
        await site.start()
    except BaseException:
        sock.close()  # the site owns the socket only once it started
        raise
    return site, int(sock.getsockname()[1])


async def _run(
    data_dir: Path,
    public_port: int,
    friends_port: int,
    activity: float | None,
    stop: asyncio.Event,
    on_started: Callable[[SandboxInfo, dict[str, _Server], dict[str, SideFaults]], None],
    *,
    faults: FaultPlan | None = None,
    fault_seed: int = 0,
    admin_port: int | None = 0,
) -> None:
    plan = fault_plan_by_side(faults)
    private_dir(data_dir)
    now = datetime.now(UTC)
    # New secrets every run: one that leaked from an earlier run opens nothing.
    approval, admin_token = new_secret(), new_secret()
    servers: dict[str, _Server] = {
        "public": MastodonSandbox(
            data_dir / "public.db",
            label="sora",
            faults=Faults(f"{fault_seed}:public", error_statuses=(500, 503)),
            approval=approval,
        ),
        "friends": MisskeySandbox(
            data_dir / "friends.db",
            label="nakama",
            faults=Faults(f"{fault_seed}:friends", error_statuses=(500,)),
            approval=approval,
        ),
    }
    runners: list[web.AppRunner] = []
    sides: dict[str, SideFaults] = {}
    activity_task: asyncio.Task[None] | None = None
    # A damaged database is set aside and started afresh (it holds only practice posts).
    reset = [name for name in ("public.db", "friends.db") if heal_db(data_dir / name, now)]
    try:
        for side, port in (("public", public_port), ("friends", friends_port)):
            server = servers[side]
            server.open(now)
            # Streams are ended by the apps' on_shutdown; a short timeout keeps stop() quick.
            runner = web.AppRunner(server.make_app(), access_log=None, shutdown_timeout=2.0)
            runners.append(runner)
            # The server must know its own URL before the first request: bind first.
            sock = _listen(port)
            bound = int(sock.getsockname()[1])
            server.base_url = f"http://{HOST}:{bound}"
            try:
                await runner.setup()
                site = web.SockSite(runner, sock)
                await site.start()
            except BaseException:
                sock.close()  # the site owns the socket only once it started
                raise
            control = SiteControl(runner, site, bound, _listen, server.drop_streams)
            sides[side] = SideFaults(server.faults, control)
        admin_url = None
        if admin_port is not None:
            admin_runner = web.AppRunner(make_admin_app(sides, admin_token), access_log=None)
            runners.append(admin_runner)
            _site, bound_admin = await _start_site(admin_runner, admin_port)
            admin_url = f"http://{HOST}:{bound_admin}"
        for side, settings in plan.items():
            if settings:
                await sides[side].apply(settings)
        public, friends = servers["public"], servers["friends"]
        public_ws = getattr(public, "streaming_url", "ws" + public.base_url[4:])
        friends_ws = getattr(friends, "streaming_url", "ws" + friends.base_url[4:] + "/streaming")
        accounts = {
            "pid": os.getpid(),
            "approval": approval,
            "public": _side_entry(public, "mastodon", public_ws),
            "friends": _side_entry(friends, "misskey", friends_ws),
        }
        if admin_url is not None:
            accounts["admin_url"] = admin_url
            accounts["admin_token"] = admin_token
        if reset:
            accounts["reset"] = reset
        _write_atomically(data_dir / ACCOUNTS_FILE, accounts)
        if activity:
            activity_task = asyncio.create_task(
                run_activity(servers, activity, stop, answerers=servers)
            )
        on_started(SandboxInfo.from_accounts(data_dir, accounts), servers, sides)
        await stop.wait()
    finally:
        stop.set()
        if activity_task is not None:
            await activity_task
        for side_faults in sides.values():
            await side_faults.site.close()
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
    faults: FaultPlan | None = None,
    fault_seed: int = 0,
    admin_port: int | None = 0,
    outages: Mapping[str, tuple[float, float]] | None = None,
) -> None:
    """Serve both networks until ``stop`` is set (or the task is cancelled).

    ``on_ready`` is called once both accept connections and ``accounts.json`` is written.
    ``faults`` are the starting fault settings per side; ``admin_port`` None runs no admin
    endpoint; ``outages`` maps a side to (after_s, for_s): one outage, scheduled at start.
    """
    tasks: list[asyncio.Task[None]] = []

    async def outage(control: SideFaults, after: float, length: float) -> None:
        await asyncio.sleep(after)
        await control.site.down(length)

    def started(
        info: SandboxInfo, _servers: dict[str, _Server], sides: dict[str, SideFaults]
    ) -> None:
        for key, (after, length) in (outages or {}).items():
            for side in SIDES if key == "both" else (key,):
                tasks.append(asyncio.create_task(outage(sides[side], after, length)))
        if on_ready:
            on_ready(info)

    try:
        await _run(
            Path(data_dir),
            public_port,
            friends_port,
            _interval(activity),
            stop or asyncio.Event(),
            started,
            faults=faults,
            fault_seed=fault_seed,
            admin_port=admin_port,
        )
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


class SandboxFailed(RuntimeError):
    """The sandbox in ``data_dir`` could not start; ``cause`` says why (an ``OSError`` or
    ``sqlite3`` error of its files, a port, …)."""

    def __init__(self, data_dir: Path, cause: BaseException | None) -> None:
        super().__init__(f"sandbox failed to start in {data_dir}: {cause!r}")
        self.data_dir = data_dir
        self.cause = cause


class SandboxThread:
    """The sandbox in a daemon thread with its own event loop, for the app and the tests."""

    def __init__(
        self,
        data_dir: Path,
        public_port: int = 0,
        friends_port: int = 0,
        activity: float | bool | None = 20.0,
        *,
        faults: FaultPlan | None = None,
        fault_seed: int = 0,
        admin: bool = True,
    ) -> None:
        """``faults``: starting fault settings per side ("public", "friends", "both");
        ``fault_seed`` makes the random faults repeatable; ``admin`` runs the loopback
        admin endpoint (``info.admin_url``)."""
        self.data_dir = Path(data_dir)
        self.public_port = public_port
        self.friends_port = friends_port
        self.activity = _interval(activity)
        self.faults_plan = dict(faults or {})
        fault_plan_by_side(self.faults_plan)  # refuse a bad plan before starting a thread
        self.fault_seed = fault_seed
        self.admin = admin
        self.info: SandboxInfo | None = None
        self._servers: dict[str, _Server] = {}
        self._sides: dict[str, SideFaults] = {}
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
            raise SandboxFailed(self.data_dir, self._error) from self._error
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

        def started(
            info: SandboxInfo, servers: dict[str, _Server], sides: dict[str, SideFaults]
        ) -> None:
            self.info, self._servers, self._sides = info, servers, sides
            self._ready.set()

        await _run(
            self.data_dir,
            self.public_port,
            self.friends_port,
            self.activity,
            self._stop,
            started,
            faults=self.faults_plan,
            fault_seed=self.fault_seed,
            admin_port=0 if self.admin else None,
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

    # ---- faults (from any thread) ---------------------------------------------------------

    def _on_sides(self, side: str, fn: Callable[[SideFaults], Any]) -> list[Any]:
        if self._loop is None or not self._sides:
            raise RuntimeError("sandbox not running")
        if side not in (*SIDES, "both"):
            raise ValueError(f"unknown sandbox side {side!r}")
        targets = [self._sides[s] for s in (SIDES if side == "both" else (side,))]

        async def run() -> list[Any]:
            out = []
            for target in targets:
                result = fn(target)
                out.append(await result if asyncio.iscoroutine(result) else result)
            return out

        return asyncio.run_coroutine_threadsafe(run(), self._loop).result(timeout=30)

    def set_faults(self, side: str, **settings: Any) -> None:
        """Change ``side``'s faults ("public", "friends" or "both"): ``latency_ms``,
        ``error_rate``, ``drop_rate``, ``burst_429`` (+ ``retry_after``), ``reset``,
        ``down_for_s``. Raises ValueError for a bad setting, changing nothing."""
        parse_changes(settings)
        self._on_sides(side, lambda s: s.apply(settings))

    def faults(self, side: str) -> dict[str, Any]:
        """``side``'s fault settings, down state and counters of injected faults."""
        return dict(self._on_sides(side, lambda s: s.snapshot())[0])

    def down(self, side: str, for_s: float | None = None) -> None:
        """Take ``side`` down (connections refused, open ones cut); back after ``for_s``."""
        self._on_sides(side, lambda s: s.site.down(for_s))

    def up(self, side: str) -> None:
        """Bring ``side`` back on the same port."""
        self._on_sides(side, lambda s: s.site.up())

    def drop_streams(self, side: str) -> int:
        """Cut ``side``'s open streams without a close frame; returns how many."""
        return sum(self._on_sides(side, lambda s: s.site.drop_streams()))

    def stop(self) -> None:
        """Shut both servers down cleanly and join the thread. Safe to call twice."""
        loop, stop, thread = self._loop, self._stop, self._thread
        if loop is not None and stop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed in between
                loop.call_soon_threadsafe(stop.set)
        if thread is not None:
            thread.join(timeout=30)


def find_running(data_dir: Path, timeout: float = 1.0) -> SandboxInfo | None:
    """The sandbox already serving ``data_dir`` (its process alive and both networks
    answering — or its admin endpoint, which answers even while a network is down on
    purpose), or None. The check itself is :func:`app.sandbox.probe.running_accounts`."""
    accounts = running_accounts(Path(data_dir), timeout)
    if accounts is None:
        return None
    try:
        return SandboxInfo.from_accounts(Path(data_dir), accounts)
    except (ValueError, KeyError, TypeError):
        return None
