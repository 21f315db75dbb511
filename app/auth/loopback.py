"""A one-shot HTTP receiver on 127.0.0.1 for the browser's redirect back to the app
(RFC 8252 §7.3, loopback interface redirection).

    async with LoopbackReceiver(path="/callback", state=pair.state) as receiver:
        url = authorize_url(..., redirect_uri=receiver.redirect_uri)
        open_in_browser(url)
        params = await receiver.wait(timeout=300)

It listens on 127.0.0.1 only — on an ephemeral port, or on a fixed ``port`` when the
server insists on an exact registered callback URL (X does; a busy fixed port is a
:class:`PortInUse`) — answers the expected path once with a small bilingual page,
answers anything else (``/favicon.ico``, probes) with 404 and keeps waiting, checks the
``state`` (or, for MiAuth, the ``session``) it was given, and turns an ``error``
redirect, a mismatched state or a timeout into :class:`SignInError`.

Every :class:`SignInError` carries a machine ``reason`` (one of :data:`REASONS`) beside its
English message: the UI words the reason in the user's language, the English message is
for the log.
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import logging
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlsplit

if TYPE_CHECKING:  # imported where used: the window's first paint loads this module
    import asyncio

log = logging.getLogger(__name__)

_MAX_REQUEST_BYTES = 16 * 1024
# errno values that mean "another program has this port": EADDRINUSE everywhere, and on
# Windows WSAEACCES for a port held with exclusive use or reserved by the system.
_PORT_TAKEN = frozenset(
    code for code in (errno.EADDRINUSE, getattr(errno, "WSAEACCES", None)) if code is not None
)
_READ_TIMEOUT = 10.0

_DONE_PAGE = """<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>Kizuna</title></head>
<body style="font-family: sans-serif; margin: 3em; text-align: center">
<h1>絆 Kizuna</h1>
<p>{ja}</p>
<p lang="en">{en}</p>
</body></html>
"""
_OK = ("このウィンドウを閉じてください。", "You can close this window.")
_FAILED = (
    "サインインを完了できませんでした。このウィンドウを閉じて、アプリに戻ってください。",
    "Sign-in did not complete. You can close this window and return to the app.",
)


# Why a sign-in did not finish, for the UI to say in the user's language. The English
# message of the error is only a detail for the log.
TIMEOUT = "timeout"  # the browser did not come back in time
DENIED = "denied"  # the user declined on the server's page
REFUSED = "refused"  # the server refused this client (an OAuth error other than access_denied)
STATE_MISMATCH = "state_mismatch"  # the redirect or pasted code belongs to another sign-in
NO_CODE = "no_code"  # the redirect carried no authorization code
EMPTY_CODE = "empty_code"  # nothing was pasted
BAD_CODE = "bad_code"  # the pasted text holds no authorization code
PORT_IN_USE = "port_in_use"  # the fixed callback port is taken
CANNOT_LISTEN = "cannot_listen"  # no loopback listener at all (firewall, sandbox …)
NO_BROWSER = "no_browser"  # the sign-in page could not be opened
NO_CLIENT_ID = "no_client_id"  # X needs the user's own client id
BAD_REPLY = "bad_reply"  # the server or browser answered something unusable
FAILED = "failed"  # anything else
REASONS = (
    TIMEOUT, DENIED, REFUSED, STATE_MISMATCH, NO_CODE, EMPTY_CODE, BAD_CODE, PORT_IN_USE,
    CANNOT_LISTEN, NO_BROWSER, NO_CLIENT_ID, BAD_REPLY, FAILED,
)  # fmt: skip


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine (plain http is acceptable only there)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class SignInError(Exception):
    """A sign-in flow that did not finish: denied, timed out, mismatched state, bad reply.

    ``reason`` is one of :data:`REASONS` (``failed`` when not given), for the UI; the
    message is English, for the log.
    """

    def __init__(self, message: str = "", reason: str = FAILED) -> None:
        super().__init__(message)
        if reason not in REASONS:
            raise ValueError(f"unknown sign-in failure reason {reason!r}")
        self.reason = reason


class SignInRefused(SignInError):
    """The server sent the browser back with ``error`` (the user declined, or the server
    refused this client): another way of signing in would not help."""

    def __init__(self, error: str, description: str = "") -> None:
        super().__init__(
            f"the server refused: {description or error}",
            DENIED if error == "access_denied" else REFUSED,
        )
        self.error = error


class PortInUse(SignInError):
    """The fixed callback port is taken by another program, so the redirect cannot land."""

    def __init__(self, port: int) -> None:
        super().__init__(
            f"port {port} on 127.0.0.1 is in use by another program; "
            "close it or choose another callback port",
            PORT_IN_USE,
        )
        self.port = port


class LoopbackReceiver:
    def __init__(
        self,
        path: str = "/callback",
        *,
        state: str | None = None,
        state_param: str = "state",
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        """``port`` 0 is an ephemeral port chosen by the system (RFC 8252 §7.3); any other
        is used as given, for servers that compare the whole registered callback URL."""
        if not path.startswith("/"):
            raise ValueError("path must start with '/'")
        if not 0 <= port <= 65535:
            raise ValueError("port must be 0 (any free port) or 1–65535")
        self.path = path
        self._state = state
        self._state_param = state_param
        self._host = host
        self._wanted_port = port
        self._server: asyncio.Server | None = None
        self._port: int | None = None
        self._result: asyncio.Future[dict[str, str]] | None = None

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("the receiver is not listening")
        return self._port

    @property
    def redirect_uri(self) -> str:
        return f"http://{self._host}:{self.port}{self.path}"

    async def __aenter__(self) -> LoopbackReceiver:
        import asyncio

        self._result = asyncio.get_running_loop().create_future()
        try:
            # asyncio sets SO_REUSEADDR (POSIX), so a fixed port left in TIME_WAIT by the
            # previous sign-in can be bound again, while a port another program listens
            # on still fails with EADDRINUSE.
            self._server = await asyncio.start_server(self._handle, self._host, self._wanted_port)
        except OSError as exc:
            self._result = None
            if self._wanted_port and exc.errno in _PORT_TAKEN:
                raise PortInUse(self._wanted_port) from exc
            raise SignInError(
                f"cannot listen on 127.0.0.1 for the browser: {exc}", CANNOT_LISTEN
            ) from exc
        self._port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await self._server.wait_closed()
            self._server = None
        if self._result is not None and not self._result.done():
            self._result.cancel()

    async def wait(self, timeout: float | None = 300.0) -> dict[str, str]:
        """The query parameters of the redirect (first value of each)."""
        import asyncio

        if self._result is None:
            raise RuntimeError("use 'async with LoopbackReceiver(...)'")
        try:
            async with asyncio.timeout(timeout):
                return await asyncio.shield(self._result)
        except TimeoutError:
            raise SignInError("no answer from the browser in time", TIMEOUT) from None

    async def open_and_wait(
        self,
        open_url: Callable[[str], Awaitable[object]],
        url: str,
        *,
        timeout: float | None = 300.0,
    ) -> dict[str, str]:
        """Show ``url`` with ``open_url`` and wait for the redirect.

        ``open_url`` may return at once (a desktop browser) or only after following the
        redirect itself (an HTTP client playing the browser); if it fails first, its
        error ends the wait.
        """
        import asyncio

        browser = asyncio.ensure_future(open_url(url))
        waiter = asyncio.ensure_future(self.wait(timeout))
        try:
            await asyncio.wait({browser, waiter}, return_when=asyncio.FIRST_EXCEPTION)
            failure = browser.exception() if browser.done() and not browser.cancelled() else None
            if failure is not None and (not waiter.done() or waiter.exception() is not None):
                if isinstance(failure, SignInError):
                    raise failure
                raise SignInError("could not open the sign-in page", NO_BROWSER) from failure
            # Once the redirect is here, how the browser's page load ends does not matter.
            return await waiter
        finally:
            for task in (browser, waiter):
                if not task.done():
                    task.cancel()
            await asyncio.gather(browser, waiter, return_exceptions=True)

    def _settle(self, params: dict[str, str]) -> bool:
        """Record the outcome of the expected redirect; whether it was a success."""
        assert self._result is not None
        if self._result.done():
            return "error" not in params
        if "error" in params:
            refused = SignInRefused(params["error"], params.get("error_description", ""))
            self._result.set_exception(refused)
            return False
        if self._state is not None and params.get(self._state_param) != self._state:
            self._result.set_exception(
                SignInError("the redirect did not match this sign-in", STATE_MISMATCH)
            )
            return False
        self._result.set_result(params)
        return True

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        import asyncio

        try:
            try:
                async with asyncio.timeout(_READ_TIMEOUT):
                    head = await reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
                return
            if len(head) > _MAX_REQUEST_BYTES:
                await self._respond(writer, 431, "text/plain", "too large")
                return
            request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
            parts = request_line.split(" ")
            if len(parts) != 3 or parts[0] not in ("GET", "HEAD"):
                await self._respond(writer, 405, "text/plain", "method not allowed")
                return
            target = urlsplit(parts[1])
            if target.path != self.path:
                await self._respond(writer, 404, "text/plain", "not found")
                return
            params = dict(parse_qsl(target.query, keep_blank_values=True))
            ok = self._settle(params)
            ja, en = _OK if ok else _FAILED
            import html  # the browser's page only, after a sign-in

            page = _DONE_PAGE.format(ja=html.escape(ja), en=html.escape(en))
            await self._respond(writer, 200 if ok else 400, "text/html; charset=utf-8", page)
        except (ConnectionError, OSError):
            log.debug("loopback connection dropped")
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    @staticmethod
    async def _respond(
        writer: asyncio.StreamWriter, status: int, content_type: str, body: str
    ) -> None:
        reasons = {200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed",
                   431: "Request Header Fields Too Large"}  # fmt: skip
        data = body.encode("utf-8")
        head = (
            f"HTTP/1.1 {status} {reasons.get(status, 'Error')}\r\n"
            f"Content-Type: {content_type}\r\n"
            f"Content-Length: {len(data)}\r\n"
            "Cache-Control: no-store\r\n"
            "Referrer-Policy: no-referrer\r\n"
            "Connection: close\r\n\r\n"
        ).encode("ascii")
        writer.write(head + data)
        await writer.drain()
