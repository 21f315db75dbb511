"""Misskey's wire conventions, shared by the sandbox server (:mod:`app.sandbox.misskey_api`)
and its answering-back endpoints (:mod:`app.sandbox.misskey_answers`): ``aidx`` ids, the
``{"error": {...}}`` error, parameter checks as Misskey's JSON schema validation words
them, and millisecond times."""

from __future__ import annotations

import re
import secrets
import time
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from app.sandbox.common import iso_ms

_TIME2000 = 946_684_800_000  # Misskey's id epoch: 2000-01-01T00:00:00Z in ms
_B36 = "0123456789abcdefghijklmnopqrstuvwxyz"
_NODE = "".join(secrets.choice(_B36) for _ in range(4))
_counter = secrets.randbelow(36**4)


def _base36(n: int, width: int) -> str:
    out = ""
    while n:
        n, r = divmod(n, 36)
        out = _B36[r] + out
    return out.rjust(width, "0")[-width:]


def aidx(ms: int) -> str:
    """A Misskey ``aidx`` id: 8 base36 time digits, 4 node digits, 4 counter digits.

    Ids sort by creation time (string order), which is what ``sinceId``/``untilId`` paging
    relies on; the counter keeps ids made in the same millisecond apart and ordered.
    """
    global _counter
    _counter = (_counter + 1) % 36**4
    return _base36(max(0, ms - _TIME2000), 8) + _NODE + _base36(_counter, 4)


class ApiError(Exception):
    """An error Misskey would send as ``{"error": {...}}``."""

    def __init__(
        self,
        message: str,
        code: str,
        ident: str,
        *,
        status: int | None = None,
        kind: str = "client",
        info: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.message = message
        self.code = code
        self.ident = ident
        self.kind = kind
        self.info = info
        self.headers = dict(headers or {})
        if status is None:
            status = 400 if kind == "client" else 403 if kind == "permission" else 500
        self.status = status

    def response(self) -> web.Response:
        headers = dict(self.headers)
        # ApiCallService#sendApiError's WWW-Authenticate rules (RFC 6750).
        if "WWW-Authenticate" not in headers:
            if self.status == 401:
                headers["WWW-Authenticate"] = 'Bearer realm="Misskey"'
            elif self.kind == "client" and self.status != 429:
                headers["WWW-Authenticate"] = (
                    f'Bearer realm="Misskey", error="invalid_request", '
                    f'error_description="{self.message}"'
                )
            elif self.code == "PERMISSION_DENIED":
                headers["WWW-Authenticate"] = (
                    f'Bearer realm="Misskey", error="insufficient_scope", '
                    f'error_description="{self.message}"'
                )
        body: dict[str, Any] = {
            "message": self.message,
            "code": self.code,
            "id": self.ident,
            "kind": self.kind,
        }
        if self.info:
            body["info"] = self.info
        return web.json_response({"error": body}, status=self.status, headers=headers)


def _invalid_param(param: str, reason: str) -> ApiError:
    return ApiError(
        "Invalid param.",
        "INVALID_PARAM",
        "3d81ceae-475f-4600-b2a8-2bc116157532",
        info={"param": f"#/properties/{param}", "reason": reason},
    )


# ------------------------------------------------------------------------- parameter checks

_ID_RE = re.compile(r"^[a-zA-Z0-9]+$")
_MULTIPART_BOOLEANS = frozenset({"isSensitive", "force"})
_MISSING = object()


def _get_str(
    ps: dict[str, Any],
    key: str,
    *,
    nullable: bool = True,
    min_len: int | None = None,
    max_len: int | None = None,
    is_id: bool = False,
) -> str | None:
    v = ps.get(key, _MISSING)
    if v is _MISSING or (v is None and nullable):
        return None
    if not isinstance(v, str):
        raise _invalid_param(f"{key}/type", "must be string")
    if min_len is not None and len(v) < min_len:
        raise _invalid_param(f"{key}/minLength", f"must NOT have fewer than {min_len} characters")
    if max_len is not None and len(v) > max_len:
        raise _invalid_param(f"{key}/maxLength", f"must NOT have more than {max_len} characters")
    if is_id and not _ID_RE.match(v):
        raise _invalid_param(f"{key}/format", 'must match format "misskey:id"')
    return v


def _get_bool(ps: dict[str, Any], key: str, default: bool) -> bool:
    v = ps.get(key, default)
    if not isinstance(v, bool):
        raise _invalid_param(f"{key}/type", "must be boolean")
    return v


def _get_int(ps: dict[str, Any], key: str, default: int, lo: int, hi: int) -> int:
    v = ps.get(key, default)
    if isinstance(v, bool) or not isinstance(v, int):
        raise _invalid_param(f"{key}/type", "must be integer")
    if v < lo:
        raise _invalid_param(f"{key}/minimum", f"must be >= {lo}")
    if v > hi:
        raise _invalid_param(f"{key}/maximum", f"must be <= {hi}")
    return v


def _get_ids(
    ps: dict[str, Any], key: str, *, min_items: int = 0, max_items: int | None = None
) -> list[str] | None:
    v = ps.get(key)
    if v is None:
        return None
    if not isinstance(v, list):
        raise _invalid_param(f"{key}/type", "must be array")
    if len(v) < min_items:
        raise _invalid_param(f"{key}/minItems", f"must NOT have fewer than {min_items} items")
    if max_items is not None and len(v) > max_items:
        raise _invalid_param(f"{key}/maxItems", f"must NOT have more than {max_items} items")
    if len(set(map(str, v))) != len(v):
        raise _invalid_param(f"{key}/uniqueItems", "must NOT have duplicate items")
    for item in v:
        if not isinstance(item, str) or not _ID_RE.match(item):
            raise _invalid_param(f"{key}/items/format", 'must match format "misskey:id"')
    return list(v)


def _now_ms() -> int:
    return int(time.time() * 1000)


def _iso(ms: int) -> str:
    return iso_ms(datetime.fromtimestamp(ms / 1000, UTC))
