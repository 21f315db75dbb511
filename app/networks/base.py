"""The adapter protocol every network implements, and the errors adapters raise.

The UI never asks "is this Misskey"; it asks an adapter for its ``capabilities`` and
``limits``. ``Audience`` is Kizuna's; each adapter maps it to its own wire visibility and
raises :class:`AudienceRefused` *before sending anything* when it cannot honour it —
nothing is ever silently widened from friends to public.

Stable surface (later issues extend, never break it):

- ``async me() -> Author``
- ``async timeline(limit=20, older_than=None) -> list[Post]``  newest first; ``older_than``
  is a post id from an earlier page
- ``stream(on_open=None) -> AsyncIterator[Post]``  one live connection; yields new posts,
  calls ``on_open()`` once the server accepted the subscription, ends or raises
  :class:`NetworkError` when the connection drops (the caller reconnects with backoff)
- ``async publish(outgoing) -> Published``
- ``capabilities``, ``limits``
- ``async aclose()``
"""

from __future__ import annotations

import enum
from collections.abc import AsyncIterator, Callable
from typing import Protocol, runtime_checkable

from app.core.models import AccountRef, Author, Capabilities, Limits, Outgoing, Post, Published


class ErrorKind(enum.Enum):
    SIGNED_OUT = "signed_out"  # 401/403: the token is no longer valid
    RATE_LIMITED = "rate_limited"  # 429 or an exhausted rate-limit window
    AUDIENCE_REFUSED = "audience_refused"  # the network cannot honour the chosen audience
    SERVER_ERROR = "server_error"  # 5xx, or a 4xx we did not expect
    OFFLINE = "offline"  # connection refused, DNS, dropped connection
    TIMEOUT = "timeout"
    BAD_RESPONSE = "bad_response"  # malformed or unexpected reply
    REJECTED = "rejected"  # 422 & co: the server refused the content (too long, …)


class NetworkError(Exception):
    """An error the UI can put in words. ``detail`` is the server's own message, if any."""

    def __init__(
        self,
        kind: ErrorKind,
        detail: str = "",
        *,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(f"{kind.value}: {detail}" if detail else kind.value)
        self.kind = kind
        self.detail = detail
        self.status = status
        self.retry_after = retry_after


class AudienceRefused(NetworkError):
    def __init__(self, detail: str = "") -> None:
        super().__init__(ErrorKind.AUDIENCE_REFUSED, detail)


@runtime_checkable
class NetworkAdapter(Protocol):
    network: str
    account: AccountRef

    @property
    def capabilities(self) -> Capabilities: ...

    @property
    def limits(self) -> Limits: ...

    async def me(self) -> Author: ...

    async def timeline(self, *, limit: int = 20, older_than: str | None = None) -> list[Post]: ...

    def stream(self, on_open: Callable[[], None] | None = None) -> AsyncIterator[Post]: ...

    async def publish(self, outgoing: Outgoing) -> Published: ...

    async def aclose(self) -> None: ...
