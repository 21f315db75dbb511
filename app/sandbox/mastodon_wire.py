"""Mastodon's wire conventions, shared by the sandbox server (:mod:`app.sandbox.mastodon_api`)
and its answering-back endpoints (:mod:`app.sandbox.mastodon_answers`): who may see a
status (as SQL), the ``{"error": …}`` error, and request parameters read as Rails merges
them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiohttp import web

# Who may see a status (alias s), for a signed-in viewer and for everyone else.
_VISIBLE = """(s.visibility IN ('public', 'unlisted') OR s.account_id = :viewer
    OR (s.visibility = 'private' AND EXISTS (SELECT 1 FROM follows f
        WHERE f.follower_id = :viewer AND f.followee_id = s.account_id))
    OR EXISTS (SELECT 1 FROM mentions m WHERE m.status_id = s.id AND m.account_id = :viewer))"""
_VISIBLE_ANON = "s.visibility IN ('public', 'unlisted')"


class ApiError(Exception):
    """Raised by handlers; the middleware turns it into ``{"error": message}``."""

    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.extra = extra


class _Params:
    """Request parameters from the query string, a form, multipart or a JSON body, as Rails
    merges them — so ``media_ids[]=1`` and ``{"media_ids": ["1"]}`` read the same."""

    def __init__(self, data: Mapping[str, Any], lists: Mapping[str, list[Any]]) -> None:
        self._data = data
        self._lists = lists

    @classmethod
    async def read(cls, request: web.Request) -> _Params:
        data: dict[str, Any] = {}
        lists: dict[str, list[Any]] = {}
        for key, value in request.query.items():
            data.setdefault(key, value)
            lists.setdefault(key, []).append(value)
        if request.method in ("POST", "PUT", "PATCH") and request.can_read_body:
            if request.content_type == "application/json":
                try:
                    body = await request.json()
                except ValueError as exc:
                    raise ApiError(400, "Error occurred while parsing request parameters") from exc
                if not isinstance(body, dict):
                    raise ApiError(400, "Error occurred while parsing request parameters")
                for key, value in body.items():
                    data[key] = value
                    lists[key] = value if isinstance(value, list) else [value]
            else:
                form = await request.post()
                for key in set(form.keys()):
                    values = form.getall(key)
                    data[key] = values[0]
                    lists[key] = list(values)
        return cls(data, lists)

    def get(self, name: str, default: Any = None) -> Any:
        value = self._data.get(name, default)
        return default if value is None else value

    def text(self, name: str, default: str = "") -> str:
        value = self.get(name, default)
        return value if isinstance(value, str) else str(value)

    def getlist(self, name: str) -> list[Any]:
        return list(self._lists.get(name + "[]", [])) or list(self._lists.get(name, []))
