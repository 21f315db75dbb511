"""HTTP plumbing shared by the network adapters and sign-in flows.

- :func:`make_client`: an ``httpx.AsyncClient`` with our timeouts and User-Agent;
  :func:`request_bound`: the longest one request under a client's timeouts can take.
- :func:`request_json`: one request, the reply read with a size cap and decoded as JSON;
  every failure becomes a :class:`~app.networks.base.NetworkError` with a kind the UI can
  put in words (never a bare httpx exception, never "unknown error").
- :func:`error_from_exception`, :func:`error_from_response`, :func:`retry_after`: the
  mapping itself, for code that streams replies (SSE) or uses WebSockets;
  :func:`epoch_reset_in` for a whole-second Unix reset time (with :data:`RESET_MARGIN`).
- :class:`RateGate`: rate-limit windows a server announced (``remaining: 0`` until the
  reset), so that an adapter waits instead of asking again.
- :func:`poll_stream` with :class:`PollMemory`: a live stream by polling, for networks
  without one (Bluesky, X, a Mastodon server without streaming), starting right after
  the newest page the adapter handed out and waiting out rate limits.

Nothing here logs request bodies or headers: they carry tokens.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import httpx

from app.core.errors import ErrorKind, NetworkError

log = logging.getLogger(__name__)
T = TypeVar("T")

USER_AGENT = "Kizuna/0.1"
DEFAULT_TIMEOUT = httpx.Timeout(connect=10.0, read=30.0, write=30.0, pool=10.0)
# A timeline page of 40 statuses is a few hundred KB; anything far above that is not a
# reply we asked for.
MAX_RESPONSE_BYTES = 8 * 1024 * 1024


def make_client(
    *,
    timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
    transport: httpx.AsyncBaseTransport | None = None,
    follow_redirects: bool = False,
    keepalive: bool = True,
) -> httpx.AsyncClient:
    """A client for talking to one user's servers. Redirects are off unless asked for:
    an API that redirects is a misconfiguration we report, not follow with a token.

    ``keepalive=False`` opens a new connection for every request: for the few requests of
    a sign-in, where a server that closes an idle connection without saying so (snac) would
    otherwise make the next request fail with a read error on the reused connection."""
    return httpx.AsyncClient(
        timeout=timeout,
        headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        transport=transport,
        follow_redirects=follow_redirects,
        limits=httpx.Limits(max_connections=100, max_keepalive_connections=20 if keepalive else 0),
    )


def request_bound(timeout: httpx.Timeout) -> float:
    """The longest one request under ``timeout`` can take, in seconds: every phase —
    waiting for a pooled connection, connecting, writing, reading — added up. A phase
    without a limit makes it unbounded (``math.inf``)."""
    phases = (timeout.pool, timeout.connect, timeout.write, timeout.read)
    if any(phase is None for phase in phases):
        return math.inf
    return sum(phase or 0.0 for phase in phases)


def _parse_seconds_or_date(value: str, now: datetime) -> float | None:
    value = value.strip()
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        pass
    else:
        if not math.isfinite(number) or number < 0:
            return None
        # A large number is a Unix time (some servers), a small one a delay in seconds.
        if number > 1_000_000_000:
            return max(0.0, number - now.timestamp())
        return number
    when: datetime | None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            when = parsedate_to_datetime(value)  # HTTP-date, as in Retry-After
        except (TypeError, ValueError, IndexError):
            return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def retry_after(
    headers: Mapping[str, str], body: Any = None, *, now: datetime | None = None
) -> float | None:
    """Seconds until a rate-limited request may be repeated, if the server says.

    ``Retry-After`` (seconds or HTTP-date) wins; then ``X-RateLimit-Reset`` (Mastodon: an
    ISO 8601 time; others: seconds or a Unix time); then Misskey's error
    ``info.resetMs`` (milliseconds).
    """
    now = now or datetime.now(UTC)
    for name in ("Retry-After", "X-RateLimit-Reset", "RateLimit-Reset"):
        value = headers.get(name)
        if value:
            seconds = _parse_seconds_or_date(value, now)
            if seconds is not None:
                return seconds
    if isinstance(body, dict):
        error = body.get("error")
        info = error.get("info") if isinstance(error, dict) else None
        if isinstance(info, dict):
            reset_ms = info.get("resetMs")
            if isinstance(reset_ms, int | float) and math.isfinite(reset_ms) and reset_ms >= 0:
                return float(reset_ms) / 1000.0
    return None


# Seconds added to a rate-limit reset given as a whole-second Unix time (Bluesky's
# ``RateLimit-Reset``, X's ``x-rate-limit-reset``): the window may really end up to a
# second later than the truncated time says, and a request right at that second can still
# meet a 429.
RESET_MARGIN = 1.0


def epoch_reset_in(value: str, *, margin: float = RESET_MARGIN) -> float | None:
    """Seconds until ``value``, a whole-second Unix time, plus ``margin``; None when
    ``value`` is not one. Unlike :func:`retry_after` it never reads a small number as a
    delay: use it for headers that are always an epoch time."""
    value = value.strip()
    if not value.isdigit():
        return None
    return max(0.0, int(value) + margin - time.time())


def _server_message(body: Any) -> str:
    """The server's own words: Mastodon ``{"error": "…"}``, Misskey ``{"error": {"message"}}``."""
    if not isinstance(body, dict):
        return ""
    error = body.get("error")
    if isinstance(error, str):
        detail = body.get("error_description")
        return f"{error}: {detail}" if isinstance(detail, str) and detail else error
    if isinstance(error, dict):
        message = error.get("message")
        code = error.get("code")
        parts = [p for p in (code, message) if isinstance(p, str) and p]
        return ": ".join(parts)
    return ""


# What json.loads raises for a reply that is no JSON we can read: malformed text or bytes,
# an integer too long to convert, or nesting deep enough to exhaust the recursive parser.
JSON_ERRORS = (ValueError, UnicodeDecodeError, RecursionError)


def _body_json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except JSON_ERRORS:
        return None


def error_from_status(status: int, headers: Mapping[str, str], body: bytes = b"") -> NetworkError:
    """The error an unsuccessful reply (status, headers, body) means."""
    parsed = _body_json(body) if body else None
    detail = _server_message(parsed)[:500]
    if status in (401, 403):
        kind = ErrorKind.SIGNED_OUT
    elif status == 429:
        return NetworkError(
            ErrorKind.RATE_LIMITED,
            detail,
            status=status,
            retry_after=retry_after(headers, parsed),
        )
    elif status in (400, 413, 422):
        kind = ErrorKind.REJECTED
    elif status in (408, 504):
        kind = ErrorKind.TIMEOUT
    elif 300 <= status < 400:
        kind = ErrorKind.BAD_RESPONSE
        detail = detail or f"unexpected redirect ({status})"
    else:
        kind = ErrorKind.SERVER_ERROR
    return NetworkError(kind, detail or f"HTTP {status}", status=status)


def error_from_response(response: httpx.Response, body: bytes = b"") -> NetworkError:
    """The error an unsuccessful httpx reply means."""
    return error_from_status(response.status_code, response.headers, body)


def error_from_exception(exc: BaseException) -> NetworkError:
    """The error a failed exchange means (no reply, or a broken one)."""
    if isinstance(exc, NetworkError):
        return exc
    name = type(exc).__name__
    if isinstance(exc, httpx.TimeoutException | TimeoutError):
        return NetworkError(ErrorKind.TIMEOUT, name)
    if isinstance(exc, httpx.TooManyRedirects | httpx.DecodingError | httpx.InvalidURL):
        return NetworkError(ErrorKind.BAD_RESPONSE, name)
    if isinstance(exc, httpx.TransportError | OSError):
        # Connection refused, DNS failure, reset or dropped mid-reply: all "cannot reach".
        return NetworkError(ErrorKind.OFFLINE, name)
    return NetworkError(ErrorKind.BAD_RESPONSE, name)


async def read_capped(response: httpx.Response, max_bytes: int = MAX_RESPONSE_BYTES) -> bytes:
    """The whole body of a streamed reply, refusing one larger than ``max_bytes``."""
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise NetworkError(ErrorKind.BAD_RESPONSE, "reply too large", status=response.status_code)
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise NetworkError(
                ErrorKind.BAD_RESPONSE, "reply too large", status=response.status_code
            )
        chunks.append(chunk)
    return b"".join(chunks)


def decode_json(body: bytes, *, status: int | None = None) -> Any:
    """JSON from a reply body; anything else is a BAD_RESPONSE.

    Bytes that are not UTF-8 inside one string do not make the whole reply unreadable:
    they become lone surrogates (``surrogateescape``), and :func:`parse_page` skips the
    item that holds them — one bad post, not the page.
    """
    try:
        return json.loads(body)
    except UnicodeDecodeError:
        pass
    except JSON_ERRORS:
        raise NetworkError(ErrorKind.BAD_RESPONSE, "malformed JSON", status=status) from None
    try:
        return json.loads(body.decode("utf-8", "surrogateescape"))
    except JSON_ERRORS:
        raise NetworkError(ErrorKind.BAD_RESPONSE, "malformed JSON", status=status) from None


# A server may close a kept-alive connection just as we reuse it (snac closes after every
# reply without saying so; nginx closes idle ones): the request then fails on the socket
# before any reply. Browsers and HTTP libraries send such a request again, on a new
# connection, when that is safe. A new connection that fails is a real outage: no retry.
STALE_CONNECTION_ERRORS = (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError)
_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


class ConnectionTrace:
    """httpx's ``trace`` extension: did this request open a connection or reuse one?

    ``extensions={"trace": trace}``; afterwards ``trace.reused`` says which.
    """

    def __init__(self) -> None:
        self.reused = True

    async def __call__(self, event: str, info: Mapping[str, Any]) -> None:
        if event.startswith("connection.connect_tcp.") or event.startswith(
            "connection.connect_unix_socket."
        ):
            self.reused = False


def replayable(method: str, headers: Mapping[str, str] | None = None) -> bool:
    """Whether sending a request twice is safe: an idempotent method, or an
    ``Idempotency-Key`` that lets the server recognise the repeat."""
    if method.upper() in _IDEMPOTENT_METHODS:
        return True
    return any(k.lower() == "idempotency-key" for k in (headers or {}))


async def request_json(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    max_bytes: int = MAX_RESPONSE_BYTES,
    **kwargs: Any,
) -> tuple[Any, httpx.Response]:
    """Send one request and return (decoded JSON, response); raise NetworkError otherwise.

    A 204 or an empty 2xx body decodes to None. A replayable request (see
    :func:`replayable`) that meets a dropped connection is sent once more.
    """
    for attempt in (1, 2):
        trace = ConnectionTrace()
        extensions = {**(kwargs.pop("extensions", None) or {}), "trace": trace}
        try:
            async with client.stream(method, url, extensions=extensions, **kwargs) as response:
                body = await read_capped(response, max_bytes)
            break
        except NetworkError:
            raise
        except STALE_CONNECTION_ERRORS as exc:
            if attempt == 1 and trace.reused and replayable(method, kwargs.get("headers")):
                log.debug("connection dropped (%s); sending once more", type(exc).__name__)
                continue
            raise error_from_exception(exc) from exc
        except (httpx.HTTPError, httpx.InvalidURL, OSError, TimeoutError) as exc:
            raise error_from_exception(exc) from exc
    if not 200 <= response.status_code < 300:
        raise error_from_response(response, body)
    if response.status_code == 204 or not body.strip():
        return None, response
    return decode_json(body, status=response.status_code), response


def as_object(value: Any) -> dict[str, Any]:
    """``value`` if it is a JSON object, else an empty one (for optional parts of a reply)."""
    return value if isinstance(value, dict) else {}


def require(value: Any, kind: type | tuple[type, ...], what: str) -> Any:
    """``value`` if it has the expected JSON type, else a BAD_RESPONSE naming ``what``."""
    if not isinstance(value, kind):
        raise NetworkError(ErrorKind.BAD_RESPONSE, f"unexpected {what}")
    return value


# What a parser raises for one malformed item: skip it, keep the rest of the page.
MALFORMED = (KeyError, TypeError, ValueError, AttributeError)


def parse_page(items: Any, parse: Callable[[Any], T], what: str, source: str) -> list[T]:
    """Every item of a JSON list that ``parse`` accepts; a malformed one — a missing or
    wrong field, text that was not UTF-8 (see :func:`decode_json`) — is logged and
    skipped, never the page. A reply that is not a list is a BAD_RESPONSE."""
    parsed: list[T] = []
    for item in require(items, list, what):
        try:
            if has_broken_text(item):
                raise ValueError("text that is not UTF-8")
            parsed.append(parse(item))
        except MALFORMED as exc:
            log.warning("skipping a malformed %s item from %s: %r", what, source, exc)
    return parsed


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def has_broken_text(value: Any) -> bool:
    """Whether a JSON value holds a string with a lone surrogate: bytes that were not
    UTF-8, or a ``\\ud800`` escape. Such a string cannot be shown or encoded again."""
    stack = [value]
    while stack:  # no recursion: a hostile reply may nest deep
        item = stack.pop()
        if isinstance(item, str):
            if _LONE_SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def item_id(value: Any) -> str:
    """The id of a post or account in a reply: a non-empty string or an integer. Anything
    else (``null``, missing, ``""``, ``true``) is ValueError — such an item is skipped,
    never shown under an id like "None" that five of them would share."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError("item without an id")
    text = str(value)
    if not text.strip():
        raise ValueError("item without an id")
    return text


def parse_timestamp(value: Any) -> datetime:
    """An aware UTC datetime from an ISO 8601 string (``Z`` or an offset; naive means UTC)."""
    if not isinstance(value, str):
        raise ValueError("timestamp is not a string")
    when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if when.tzinfo is None:
        return when.replace(tzinfo=UTC)
    try:
        return when.astimezone(UTC)
    except OverflowError:  # "0001-01-01T00:00+14:00" is before datetime.min in UTC
        raise ValueError("timestamp out of range") from None


def websocket_base(url: str) -> str:
    """``url``'s origin with a WebSocket scheme (http→ws, https→wss), no trailing slash."""
    parts = urlsplit(url)
    scheme = {"http": "ws", "https": "wss", "ws": "ws", "wss": "wss"}.get(parts.scheme.lower())
    if scheme is None or not parts.netloc:
        raise NetworkError(ErrorKind.BAD_RESPONSE, "not a web address")
    return urlunsplit((scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


def http_base(url: str) -> str:
    """``url`` with an HTTP scheme (ws→http, wss→https), no trailing slash."""
    parts = urlsplit(url)
    scheme = {"ws": "http", "wss": "https", "http": "http", "https": "https"}.get(
        parts.scheme.lower()
    )
    if scheme is None or not parts.netloc:
        raise NetworkError(ErrorKind.BAD_RESPONSE, "not a web address")
    return urlunsplit((scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


class RateGate:
    """Rate-limit windows a server announced, so that we wait instead of asking again.

    ``note(key, remaining, reset_in)`` after every reply: a window with nothing left
    (``remaining == 0``) is closed until its reset; ``block(key, seconds)`` after a 429.
    ``check(key)`` raises RATE_LIMITED (with ``retry_after``) while a window is closed —
    the request is not sent. Keys name the server's windows (one per endpoint on X, one
    per account on Mastodon and Bluesky).
    """

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._until: dict[str, float] = {}

    def check(self, key: str = "") -> None:
        wait = self._until.get(key, 0.0) - self._clock()
        if wait > 0:
            raise NetworkError(
                ErrorKind.RATE_LIMITED, "rate limit exhausted until its reset", retry_after=wait
            )

    def block(self, key: str, seconds: float | None) -> None:
        if seconds is not None and math.isfinite(seconds) and seconds > 0:
            # A hostile or confused server cannot make us wait longer than a day.
            until = self._clock() + min(seconds, 86_400.0)
            self._until[key] = max(self._until.get(key, 0.0), until)

    def note(self, key: str, remaining: str | None, reset_in: float | None) -> None:
        if remaining is not None and remaining.strip() == "0":
            self.block(key, reset_in)

    def wait(self, key: str = "") -> float:
        """Seconds until ``key``'s window opens again (0: open)."""
        return max(0.0, self._until.get(key, 0.0) - self._clock())


class PollMemory:
    """The ids of a polled timeline's newest posts that were already shown or streamed.

    The adapter remembers every newest page it hands out (``remember``); a poll stream
    starts from a copy, so a post that arrived between the first page and the first poll
    is streamed, and one the first page showed is not streamed again.
    """

    def __init__(self, cap: int = 1000) -> None:
        self._cap = cap
        self._ids: dict[str, None] = {}  # insertion-ordered: the oldest are forgotten first
        self.primed = False  # a newest page was seen (even an empty one)
        self._loading = 0
        self._idle = asyncio.Event()
        self._idle.set()

    def begin(self) -> None:
        """A newest page is on its way (a stream starting now waits for it)."""
        self._loading += 1
        self._idle.clear()

    def end(self, posts: Sequence[Any] | None) -> None:
        """The page :meth:`begin` announced came (``posts``) or failed (None)."""
        self._loading = max(0, self._loading - 1)
        if posts is not None:
            self.remember(posts)
        if self._loading == 0:
            self._idle.set()

    async def settled(self) -> None:
        await self._idle.wait()

    async def newest(self, page: Awaitable[list[T]]) -> list[T]:
        """Await ``page`` (a newest page being handed out) and remember it."""
        self.begin()
        posts: list[T] | None = None
        try:
            posts = await page
        finally:
            self.end(posts)
        return posts

    def remember(self, posts: Sequence[Any]) -> None:
        for post in reversed(posts):  # oldest first, so the newest stay longest
            self._ids.pop(post.id, None)
            self._ids[post.id] = None
        while len(self._ids) > self._cap:
            del self._ids[next(iter(self._ids))]
        self.primed = True

    def snapshot(self) -> dict[str, None] | None:
        return dict(self._ids) if self.primed else None


def fresh_posts(page: Sequence[Any], seen: Mapping[str, None]) -> list[Any]:
    """The posts above the newest one already seen, newest first.

    Unseen posts *below* a seen one are older posts that simply were not on the page we
    showed (a poll asks for more than a page): they are not news.
    """
    fresh: list[Any] = []
    for post in page:
        if post.id in seen:
            break
        fresh.append(post)
    return fresh


POLL_LIMIT = 30


async def poll_stream(
    timeline: Callable[..., Awaitable[list[Any]]],
    interval: Callable[[], float],
    on_open: Callable[[], None] | None = None,
    memory: PollMemory | None = None,
) -> AsyncIterator[Any]:
    """A live stream for networks without one: poll ``timeline(limit=30)`` politely.

    The first poll shows what came after the newest page ``memory`` remembers; without
    one it only learns what is there (the caller shows that through its own first page).
    ``on_open`` is called after it. New posts come oldest first, as a live stream
    delivers them. Between polls it waits ``interval()`` seconds; a rate limit (a 429, or
    a window the adapter knows is exhausted) makes it wait for the reset or the server's
    ``Retry-After`` instead, without ending the stream. Other failures end it by raising
    NetworkError, like any stream.
    """
    seen = None
    if memory is not None:
        await memory.settled()  # a first page on its way: start right after it
        seen = memory.snapshot()
    first = True
    while True:
        if not first:
            await asyncio.sleep(interval())
        try:
            page = await timeline(limit=POLL_LIMIT)
        except NetworkError as exc:
            if exc.kind is not ErrorKind.RATE_LIMITED:
                raise
            wait = exc.retry_after if exc.retry_after is not None else interval()
            log.info("polling paused %.0fs by the server's rate limit", wait)
            await asyncio.sleep(max(0.0, wait))
            continue
        if seen is None:
            seen, fresh = {}, []
        else:
            fresh = fresh_posts(page, seen)
        for post in reversed(page):
            seen.pop(post.id, None)
            seen[post.id] = None
        if first:
            first = False
            if on_open is not None:
                on_open()
        for post in reversed(fresh):
            yield post
        while len(seen) > 1000:
            del seen[next(iter(seen))]
