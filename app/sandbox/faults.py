"""Fault injection for the sandbox networks: added latency, an error rate, 429 bursts,
dropped connections, and going down and coming back.

What lives here:

- :class:`Faults` — one network's fault settings, the seeded dice, the counters of what was
  injected, and the aiohttp middleware that applies them to the network's API requests.
  Each server supplies its own error and rate-limit replies, so a client sees exactly the
  body and headers that network would send.
- :class:`SiteControl` — takes one network's listener down and brings it back on the same
  port. Down means what a crashed or restarting server looks like from outside: new
  connections are refused (nothing listens on the port) and every open connection —
  keep-alive HTTP and live streams alike — is cut without a reply.
- :func:`make_admin_app` — the admin endpoint. It runs on its own loopback port (written to
  ``accounts.json`` as ``admin_url``) so that it keeps answering while a network is down:

  ==========================================  ============================================
  ``GET  /_sandbox/faults``                    every side's settings, state and counters
  ``POST /_sandbox/faults/{side}``             change settings (JSON body, see below)
  ``POST /_sandbox/down/{side}``               go down; ``{"for_s": S}`` comes back by itself
  ``POST /_sandbox/up/{side}``                 come back now
  ``POST /_sandbox/drop-streams/{side}``       cut every open stream (and only those)
  ==========================================  ============================================

  ``side`` is ``public``, ``friends`` or ``both``. The settings body takes any of
  ``latency_ms``, ``error_rate``, ``drop_rate`` (fractions 0…1), ``burst_429`` (a count, or
  ``{"count": N, "retry_after": S}``), ``retry_after``, ``reset`` (true: back to no faults
  first) and ``down_for_s`` (go down now for that long). Every request needs
  ``Authorization: Bearer <admin_token>`` (from ``accounts.json``, which only the user can
  read; 403 without it) and ``127.0.0.1:PORT`` or ``localhost:PORT`` as Host (421 otherwise:
  no DNS rebinding); POSTs must be JSON (``Content-Type: application/json``), so a web page
  could not send one without a CORS preflight we never answer.

Faults apply to API requests only (what :meth:`Faults.middleware`'s ``applies`` says: the
REST API, OAuth/MiAuth and the streaming handshakes), never to pictures or HTML pages, so a
burst of N 429s is exactly N API requests whoever else is looking at avatars.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import random
import socket
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from aiohttp import typedefs, web

from app.sandbox.guard import bearer_ok, host_guard

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Middleware = typedefs.Middleware

MAX_LATENCY_MS = 120_000.0
MAX_RETRY_AFTER = 3600.0
MAX_DOWN_S = 24 * 3600.0
SIDES = ("public", "friends")


@dataclass
class FaultSettings:
    """What a network does wrong. The defaults are a healthy server."""

    latency_ms: float = 0.0  # added before every API request is handled
    error_rate: float = 0.0  # fraction of API requests answered 500/503 instead
    drop_rate: float = 0.0  # fraction of API requests whose connection is cut, no reply
    burst_429: int = 0  # the next N API requests are answered 429 (counts down)
    retry_after: float = 1.0  # the Retry-After (seconds) of those 429s


def _number(value: Any, name: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} must be a number")
    number = float(value)
    if not math.isfinite(number) or not low <= number <= high:
        raise ValueError(f"{name} must be between {low:g} and {high:g}")
    return number


def parse_changes(body: Mapping[str, Any]) -> tuple[dict[str, Any], bool, float | None]:
    """Validate a settings change (admin JSON or Python keywords).

    Returns (changes for :class:`FaultSettings`, whether to reset first, down_for_s or None).
    Raises ValueError naming the first bad field; unknown fields are refused too, so a typo
    never silently leaves a healthy server.
    """
    known = {"latency_ms", "error_rate", "drop_rate", "burst_429", "retry_after", "reset"}
    known.add("down_for_s")
    unknown = sorted(set(body) - known)
    if unknown:
        raise ValueError(f"unknown fault setting(s): {', '.join(unknown)}")
    changes: dict[str, Any] = {}
    if "latency_ms" in body:
        changes["latency_ms"] = _number(body["latency_ms"], "latency_ms", 0, MAX_LATENCY_MS)
    for rate in ("error_rate", "drop_rate"):
        if rate in body:
            changes[rate] = _number(body[rate], rate, 0, 1)
    if "retry_after" in body:
        changes["retry_after"] = _number(body["retry_after"], "retry_after", 0, MAX_RETRY_AFTER)
    burst = body.get("burst_429")
    if isinstance(burst, Mapping):
        extra = sorted(set(burst) - {"count", "retry_after"})
        if extra:
            raise ValueError(f"unknown burst_429 field(s): {', '.join(extra)}")
        if "retry_after" in burst:
            changes["retry_after"] = _number(
                burst["retry_after"], "burst_429.retry_after", 0, MAX_RETRY_AFTER
            )
        burst = burst.get("count", 0)
    if burst is not None:
        count = _number(burst, "burst_429", 0, 1_000_000)
        if count != int(count):
            raise ValueError("burst_429 must be a whole number")
        changes["burst_429"] = int(count)
    reset = body.get("reset", False)
    if not isinstance(reset, bool):
        raise ValueError("reset must be true or false")
    down_for = body.get("down_for_s")
    down_for_s = None if down_for is None else _number(down_for, "down_for_s", 0, MAX_DOWN_S)
    return changes, reset, down_for_s


class Faults:
    """One network's faults. Used only from the server's event-loop thread."""

    def __init__(
        self,
        seed: int | str | None = 0,
        *,
        error_statuses: tuple[int, ...] = (500,),
    ) -> None:
        self.settings = FaultSettings()
        self.seed = seed
        # A seeded generator: the same requests in the same order meet the same faults.
        self._rng = random.Random(seed)
        self.error_statuses = error_statuses
        self.injected: Counter[str] = Counter()

    def update(self, changes: Mapping[str, Any], *, reset: bool = False) -> None:
        """Apply already-validated changes (see :func:`parse_changes`)."""
        if reset:
            self.settings = FaultSettings()
        for name, value in changes.items():
            setattr(self.settings, name, value)

    def configure(self, **kw: Any) -> None:
        """Validate and apply keyword settings (``down_for_s`` belongs to the site control)."""
        changes, reset, down_for_s = parse_changes(kw)
        if down_for_s is not None:
            raise ValueError("down_for_s is not a Faults setting; use the site control")
        self.update(changes, reset=reset)

    def snapshot(self) -> dict[str, Any]:
        settings = asdict(self.settings)
        settings["burst_429"] = {
            "count": settings.pop("burst_429"),
            "retry_after": settings.pop("retry_after"),
        }
        return {**settings, "seed": self.seed, "injected": dict(self.injected)}

    def _decide(self) -> tuple[str, int | float | None]:
        """("pass" | "rate_limited" | "drop" | "error", detail) for one API request."""
        s = self.settings
        if s.burst_429 > 0:
            s.burst_429 -= 1
            return "rate_limited", s.retry_after
        # Always roll both dice, so one rate does not shift the other's sequence.
        drop_roll, error_roll = self._rng.random(), self._rng.random()
        if drop_roll < s.drop_rate:
            return "drop", None
        if error_roll < s.error_rate:
            return "error", self._rng.choice(self.error_statuses)
        return "pass", None

    def middleware(
        self,
        applies: Callable[[web.Request], bool],
        error: Callable[[int], web.StreamResponse],
        rate_limited: Callable[[float], web.StreamResponse],
    ) -> Middleware:
        """The aiohttp middleware; put it first so faults come before the server's own work.

        ``applies(request)`` says which requests are API requests; ``error(status)`` and
        ``rate_limited(retry_after)`` build the network's own replies.
        """

        @web.middleware
        async def faults_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
            if not applies(request):
                return await handler(request)
            if self.settings.latency_ms > 0:
                self.injected["latency"] += 1
                await asyncio.sleep(self.settings.latency_ms / 1000.0)
            action, detail = self._decide()
            if action == "rate_limited":
                self.injected["rate_limited"] += 1
                return rate_limited(float(detail or 0))
            if action == "drop":
                self.injected["drop"] += 1
                drop_connection(request)
                # Nothing reaches the client: aiohttp's write into the closed transport
                # fails quietly and the connection is gone.
                return web.Response(status=500)
            if action == "error":
                self.injected["error"] += 1
                return error(int(detail or 500))
            return await handler(request)

        return faults_middleware


def drop_connection(request: web.Request) -> None:
    """Cut the request's connection at once: no status line, no body."""
    request.protocol.force_close()
    transport = request.transport
    if transport is not None:
        transport.abort()


class SiteControl:
    """Takes one network's listener down and back up on the same port."""

    def __init__(
        self,
        runner: web.AppRunner,
        site: web.BaseSite,
        port: int,
        listen: Callable[[int], socket.socket],
        drop_streams: Callable[[], int],
    ) -> None:
        self._runner = runner
        self._site: web.BaseSite | None = site
        self.port = port
        self._listen = listen
        self._drop_streams = drop_streams
        self._up_task: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()
        self.down_until: float | None = None  # loop time, when down for a while
        self.outages = 0

    @property
    def is_down(self) -> bool:
        return self._site is None

    def cut_connections(self) -> int:
        """Abort every open connection of this network (HTTP keep-alive and streams)."""
        server = self._runner.server
        count = 0
        for handler in list(server.connections) if server is not None else []:
            handler.force_close()
            if handler.transport is not None:
                handler.transport.abort()
                count += 1
        return count

    def drop_streams(self) -> int:
        """Cut only the open streams (WebSocket and SSE); plain requests go on."""
        return self._drop_streams()

    async def down(self, for_s: float | None = None) -> None:
        """Stop listening and cut every connection; back by itself after ``for_s``."""
        async with self._lock:
            self._cancel_up()
            if self._site is not None:
                site, self._site = self._site, None
                await site.stop()  # closes the listening socket: new connections are refused
                self.outages += 1
            self.cut_connections()
            loop = asyncio.get_running_loop()
            if for_s is None:
                self.down_until = None
            else:
                self.down_until = loop.time() + for_s
                self._up_task = asyncio.create_task(self._up_later(for_s))
            log.info("sandbox network on port %d is down", self.port)

    async def _up_later(self, delay: float) -> None:
        await asyncio.sleep(delay)
        self._up_task = None  # finished by itself: up() must not cancel us
        await self.up()

    def _cancel_up(self) -> None:
        task, self._up_task = self._up_task, None
        if task is not None and task is not asyncio.current_task():
            task.cancel()

    async def up(self) -> None:
        """Listen again on the same port (a no-op when already up)."""
        async with self._lock:
            self._cancel_up()
            self.down_until = None
            if self._site is not None:
                return
            delay = 0.05
            for attempt in range(40):
                try:
                    sock = self._listen(self.port)
                    break
                except OSError:
                    # Our own aborted connections may hold the port for a moment.
                    if attempt == 39:
                        raise
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, 0.5)
            site = web.SockSite(self._runner, sock)
            try:
                await site.start()
            except BaseException:
                sock.close()
                raise
            self._site = site
            log.info("sandbox network on port %d is up again", self.port)

    async def close(self) -> None:
        self._cancel_up()

    def state(self, loop_time: float) -> dict[str, Any]:
        left = None if self.down_until is None else max(0.0, self.down_until - loop_time)
        return {"down": self.is_down, "down_for_s": left, "outages": self.outages}


@dataclass
class SideFaults:
    """What the admin endpoint and the thread helpers work on for one side."""

    faults: Faults
    site: SiteControl

    def snapshot(self) -> dict[str, Any]:
        return {**self.faults.snapshot(), **self.site.state(asyncio.get_running_loop().time())}

    async def apply(self, body: Mapping[str, Any]) -> None:
        changes, reset, down_for_s = parse_changes(body)
        self.faults.update(changes, reset=reset)
        if down_for_s is not None:
            await self.site.down(down_for_s)


def _sides(sides: Mapping[str, SideFaults], name: str) -> list[SideFaults]:
    if name == "both":
        return list(sides.values())
    if name not in sides:
        raise web.HTTPNotFound(
            text='{"error": "side must be public, friends or both"}',
            content_type="application/json",
        )
    return [sides[name]]


def make_admin_app(sides: Mapping[str, SideFaults], token: str) -> web.Application:
    """The admin endpoint's application (see the module docstring); every request must
    carry ``Authorization: Bearer <token>``."""

    def snapshot() -> dict[str, Any]:
        return {name: side.snapshot() for name, side in sides.items()}

    async def body_of(request: web.Request) -> dict[str, Any]:
        if request.content_type != "application/json":
            raise web.HTTPUnsupportedMediaType(
                text='{"error": "send JSON (Content-Type: application/json)"}',
                content_type="application/json",
            )
        raw = await request.read()
        if not raw.strip():
            return {}
        try:
            body = await request.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise web.HTTPBadRequest(
                text='{"error": "the body must be a JSON object"}',
                content_type="application/json",
            )
        return body

    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        # Loopback clients only (host_guard, outside this one, checks the Host header), and
        # only those that could read the token from the user's own accounts.json.
        if request.remote not in ("127.0.0.1", "::1") or not bearer_ok(request, token):
            return web.json_response({"error": "forbidden"}, status=403)
        return await handler(request)

    async def get_faults(_request: web.Request) -> web.Response:
        return web.json_response(snapshot())

    async def post_faults(request: web.Request) -> web.Response:
        body = await body_of(request)
        targets = _sides(sides, request.match_info["side"])
        try:
            parse_changes(body)  # validate before changing any side
            for side in targets:
                await side.apply(body)
        except ValueError as exc:
            return web.json_response({"error": str(exc)}, status=422)
        return web.json_response(snapshot())

    async def post_down(request: web.Request) -> web.Response:
        body = await body_of(request)
        targets = _sides(sides, request.match_info["side"])
        for_s = body.get("for_s")
        try:
            seconds = None if for_s is None else _number(for_s, "for_s", 0, MAX_DOWN_S)
        except ValueError as exc:
            return web.json_response({"error": str(exc)}, status=422)
        for side in targets:
            await side.site.down(seconds)
        return web.json_response(snapshot())

    async def post_up(request: web.Request) -> web.Response:
        await body_of(request)
        for side in _sides(sides, request.match_info["side"]):
            await side.site.up()
        return web.json_response(snapshot())

    async def post_drop_streams(request: web.Request) -> web.Response:
        await body_of(request)
        dropped = sum(
            side.site.drop_streams() for side in _sides(sides, request.match_info["side"])
        )
        return web.json_response({"dropped": dropped, **snapshot()})

    app = web.Application(middlewares=[host_guard, guard])
    app.router.add_get("/_sandbox/faults", get_faults)
    app.router.add_post("/_sandbox/faults/{side}", post_faults)
    app.router.add_post("/_sandbox/down/{side}", post_down)
    app.router.add_post("/_sandbox/up/{side}", post_up)
    app.router.add_post("/_sandbox/drop-streams/{side}", post_drop_streams)
    return app


async def close_all(sides: Mapping[str, SideFaults]) -> None:
    for side in sides.values():
        with contextlib.suppress(Exception):
            await side.site.close()
