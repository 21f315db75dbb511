"""An HTTP proxy of our own between the app and one sandbox server, for faults the
sandbox's own injection cannot make: those *after* the server handled a request, and a
request that reaches the server after the client died.

Each request is read whole from the client first; then the first rule matching its method
and path (each rule applies ``times`` times) decides:

- ``hold``: wait ``seconds``, then forward — in a task of its own, so the server gets the
  request even when the client has died meanwhile (killed while the request was "in
  transit"); the reply goes back if the client is still there;
- ``after_429``: forward (the server posts), then answer the client 429 with Retry-After;
- ``reset``: cut the connection (RST) without forwarding;
- ``error_500``: answer 500 without forwarding (a server failing before it did anything);
- ``stall``: never forward and never answer (the client times out).

Everything else is forwarded as it is. One request per connection (``Connection: close``).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
import threading
from dataclasses import dataclass, field

import httpx

_HOP = {"host", "connection", "content-length", "transfer-encoding", "keep-alive"}
_BACK_HOP = _HOP | {"content-encoding"}


@dataclass
class Rule:
    method: str
    path: str
    action: str  # hold | after_429 | reset | error_500 | stall
    times: int = 1
    seconds: float = 0.0  # hold: how long; after_429: the Retry-After


@dataclass
class HoldingProxy:
    upstream: str  # e.g. http://127.0.0.1:8081
    rules: list[Rule] = field(default_factory=list)
    forwarded: list[str] = field(default_factory=list)  # "METHOD path" the server got
    held: int = 0  # requests read whole and now held (``hold``)
    url: str = ""
    _loop: asyncio.AbstractEventLoop | None = None
    _thread: threading.Thread | None = None
    _server: asyncio.Server | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # -- life ---------------------------------------------------------------------------
    def start(self) -> str:
        ready = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            self._server = loop.run_until_complete(
                asyncio.start_server(self._serve, "127.0.0.1", 0)
            )
            port = self._server.sockets[0].getsockname()[1]
            self.url = f"http://127.0.0.1:{port}"
            ready.set()
            loop.run_forever()
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        ready.wait(10)
        return self.url

    def stop(self) -> None:
        loop = self._loop
        if loop is None or self._thread is None:
            return

        async def close() -> None:
            assert self._server is not None
            self._server.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await self._server.wait_closed()

        asyncio.run_coroutine_threadsafe(close(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        self._thread.join(10)

    def add(self, rule: Rule) -> None:
        with self._lock:
            self.rules.append(rule)

    def _rule_for(self, method: str, path: str) -> Rule | None:
        with self._lock:
            for rule in self.rules:
                if rule.times > 0 and rule.method == method and path.startswith(rule.path):
                    rule.times -= 1
                    return rule
        return None

    # -- one connection -----------------------------------------------------------------
    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await self._handle(reader, writer)
        finally:
            # Every connection is closed here, also one stalled when the proxy stops.
            writer.close()
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await writer.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            method, target, _version = lines[0].split(" ", 2)
            headers = [tuple(x.split(":", 1)) for x in lines[1:] if ":" in x]
            length = next((int(v) for k, v in headers if k.strip().lower() == "content-length"), 0)
            body = await reader.readexactly(length) if length else b""
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            writer.close()
            return
        sent = {k.strip(): v.strip() for k, v in headers if k.strip().lower() not in _HOP}
        rule = self._rule_for(method, target.split("?", 1)[0])
        action = rule.action if rule else "pass"
        if action == "reset":
            sock = writer.get_extra_info("socket")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            writer.close()
            return
        if action == "stall":
            await asyncio.sleep(3600)
            return
        if action == "error_500":
            await self._answer(writer, 500, {"Content-Type": "application/json"}, b"{}")
            return
        if action == "hold":
            self.held += 1
            # Forwarded whatever happens to the client from now on.
            forward = asyncio.ensure_future(
                self._hold_then_forward(rule, method, target, sent, body)
            )
            with contextlib.suppress(Exception):
                status, back, content = await asyncio.shield(forward)
                await self._answer(writer, status, back, content)
            return
        try:
            status, back, content = await self._forward(method, target, sent, body)
        except httpx.HTTPError:
            writer.close()
            return
        if action == "after_429":
            assert rule is not None
            back = {"Content-Type": "application/json", "Retry-After": f"{rule.seconds:g}"}
            status, content = 429, b'{"error": "rate limited"}'
        await self._answer(writer, status, back, content)

    async def _hold_then_forward(
        self, rule: Rule | None, method: str, target: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        await asyncio.sleep(rule.seconds if rule else 0.0)
        return await self._forward(method, target, headers, body)

    async def _forward(
        self, method: str, target: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        async with httpx.AsyncClient(timeout=30) as http:
            reply = await http.request(
                method, self.upstream + target, headers=headers, content=body
            )
        self.forwarded.append(f"{method} {target.split('?', 1)[0]}")
        back = {k: v for k, v in reply.headers.items() if k.lower() not in _BACK_HOP}
        return reply.status_code, back, reply.content

    @staticmethod
    async def _answer(
        writer: asyncio.StreamWriter, status: int, headers: dict[str, str], body: bytes
    ) -> None:
        lines = [f"HTTP/1.1 {status} X"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        lines += [f"Content-Length: {len(body)}", "Connection: close", "", ""]
        with contextlib.suppress(ConnectionError):
            writer.write("\r\n".join(lines).encode("latin-1") + body)
            await writer.drain()
            writer.close()
