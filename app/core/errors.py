"""Errors as reason codes: what went wrong, never how to word it.

Adapters and services raise these; only ``ui/`` and the CLI turn a code into words (from
the translations), so no exception text reaches a window. ``detail`` is the server's own
message or an exception's class name, for the log and for the words "refused by the
server (…)" where the server's text is the point.
"""

from __future__ import annotations

import enum


class ErrorKind(enum.Enum):
    SIGNED_OUT = "signed_out"  # 401/403: the token is no longer valid
    RATE_LIMITED = "rate_limited"  # 429 or an exhausted rate-limit window
    AUDIENCE_REFUSED = "audience_refused"  # the network cannot honour the chosen audience
    SERVER_ERROR = "server_error"  # 5xx, or a 4xx we did not expect
    OFFLINE = "offline"  # connection refused, DNS, dropped connection
    TIMEOUT = "timeout"
    BAD_RESPONSE = "bad_response"  # malformed or unexpected reply
    REJECTED = "rejected"  # 422 & co: the server refused the content (too long, …)
    UNSUPPORTED = "unsupported"  # the network has no such operation (see Capabilities)


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
