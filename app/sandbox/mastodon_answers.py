"""The sandbox 「そら」's answering-back endpoints, shaped as Mastodon answers them.

- ``POST /api/v1/statuses/:id/favourite`` / ``unfavourite`` → the status, ``favourited``
  set for the viewer (scope ``write:favourites``);
- ``POST /api/v1/statuses/:id/reblog`` / ``unreblog`` → the reblog (a status of the
  booster with ``reblog`` set). As Mastodon's ``StatusPolicy#reblog?``, a ``direct``
  status is never reblogged and a ``private`` one only by its author; else 403 "This
  action is not allowed";
- ``GET /api/v1/statuses/:id/context`` → ``{ancestors, descendants}``, oldest first,
  only what the viewer may see (descendants depth first, as Mastodon orders them);
- ``GET /api/v1/notifications`` (scope ``read:notifications``) → newest first, paged by
  ``max_id``/``since_id``/``min_id`` with a ``Link`` header, filtered by ``types[]`` /
  ``exclude_types[]``; ``mention`` (made when a status mentions a local account),
  ``favourite``, ``reblog`` and ``follow``. Each is also sent live as a ``notification``
  event on the receiver's ``user`` and ``user:notification`` streams.

Counts (``favourites_count``, ``reblogs_count``) and the viewer's ``favourited`` /
``reblogged`` are filled into every status by :meth:`MastodonAnswers.decorate`.
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime
from typing import Any, Protocol
from urllib.parse import urlencode

from aiohttp import web

from app.sandbox.common import iso_ms, snowflake
from app.sandbox.mastodon_wire import _VISIBLE, _VISIBLE_ANON, ApiError, _Params

SCHEMA = """
CREATE TABLE IF NOT EXISTS favourites (
    account_id INTEGER NOT NULL, status_id INTEGER NOT NULL, created_at TEXT NOT NULL,
    PRIMARY KEY (account_id, status_id));
CREATE INDEX IF NOT EXISTS favourites_status ON favourites (status_id);
CREATE TABLE IF NOT EXISTS reblogs (
    id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL, status_id INTEGER NOT NULL,
    visibility TEXT NOT NULL, created_at TEXT NOT NULL, UNIQUE (account_id, status_id));
CREATE INDEX IF NOT EXISTS reblogs_status ON reblogs (status_id);
CREATE TABLE IF NOT EXISTS notifications (
    id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL, from_account_id INTEGER NOT NULL,
    type TEXT NOT NULL, status_id INTEGER, created_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS notifications_account ON notifications (account_id, id);
"""
NOTIFICATION_TYPES = ("mention", "favourite", "reblog", "follow")
# What the community says when it answers the demo user (content, written in Japanese).
_REPLIES_PUBLIC = (
    "ありがとうございます！",
    "素敵ですね。",
    "こちらこそよろしくお願いします。",
    "おめでとうございます！",
)
_REPLIES = ("ありがとう！", "いいね〜！", "こちらこそよろしく！", "おめでとう🎉", "また会おうね！")
_MENTIONS = ("お元気ですか？", "今度お茶しませんか？", "先日はありがとうございました！")
DEFAULT_LIMIT = 40
MAX_LIMIT = 80
_NOT_ALLOWED = "This action is not allowed"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class _Sandbox(Protocol):
    """What these endpoints use of :class:`app.sandbox.mastodon_api.MastodonSandbox`."""

    base_url: str
    _subscribers: set[Any]  # the streaming connections (viewer, streams, queue)

    @property
    def db(self) -> sqlite3.Connection: ...

    def _require(self, request: web.Request, scope: str, *, user: bool = True) -> Any: ...

    def _viewer(self, request: web.Request) -> int | None: ...

    def _visible_status(self, ident: str, viewer: int | None) -> sqlite3.Row: ...

    def _status_rows(self, ids: list[int]) -> dict[int, sqlite3.Row]: ...

    def _statuses_json(self, ids: list[int], viewer: int | None) -> list[dict[str, Any]]: ...

    def _accounts_json(self, ids: Iterable[int]) -> dict[int, dict[str, Any]]: ...

    def _account_by_name(self, username: str) -> sqlite3.Row | None: ...

    def _insert_status(
        self,
        account_id: int,
        text: str,
        visibility: str,
        *,
        recipients: tuple[str, ...] = (),
        in_reply_to: sqlite3.Row | None = None,
    ) -> int: ...

    def _broadcast_update(self, status_id: int) -> None: ...


class MastodonAnswers:
    """Favourites, reblogs, threads and notifications of one :class:`MastodonSandbox`."""

    def __init__(self, sandbox: _Sandbox) -> None:
        self.sb = sandbox

    def routes(self) -> list[tuple[str, str, Handler]]:
        return [
            ("POST", "/api/v1/statuses/{id}/favourite", self.favourite),
            ("POST", "/api/v1/statuses/{id}/unfavourite", self.unfavourite),
            ("POST", "/api/v1/statuses/{id}/reblog", self.reblog),
            ("POST", "/api/v1/statuses/{id}/unreblog", self.unreblog),
            ("GET", "/api/v1/statuses/{id}/context", self.context),
            ("GET", "/api/v1/notifications", self.notifications),
        ]

    # ---- shared ---------------------------------------------------------------------------

    def notify(self, account_id: int, from_id: int, kind: str, status_id: int | None) -> None:
        """Record a notification (inside the caller's transaction) and send it live. Nobody
        is notified of their own doing."""
        if account_id == from_id:
            return
        now = datetime.now(UTC)
        nid = snowflake(now)
        while self.sb.db.execute("SELECT 1 FROM notifications WHERE id = ?", (nid,)).fetchone():
            nid += 1
        self.sb.db.execute(
            "INSERT INTO notifications VALUES (?, ?, ?, ?, ?, ?)",
            (nid, account_id, from_id, kind, status_id, iso_ms(now)),
        )
        row = self.sb.db.execute("SELECT * FROM notifications WHERE id = ?", (nid,)).fetchone()
        payload = json.dumps(self._notifications_json([row], account_id)[0], ensure_ascii=False)
        for sub in list(self.sb._subscribers):
            if sub.viewer != account_id:
                continue
            streams = [[n] for n in ("user", "user:notification") if (n, "") in sub.streams]
            for stream in streams:
                sub.queue.put_nowait((stream, "notification", payload))

    def decorate(self, statuses: list[dict[str, Any]], viewer: int | None) -> None:
        """Fill in favourite and reblog counts, and whether ``viewer`` did either."""
        ids = [int(s["id"]) for s in statuses]
        if not ids:
            return
        marks = ",".join("?" * len(ids))
        db = self.sb.db
        favs = dict(
            db.execute(
                f"SELECT status_id, COUNT(*) FROM favourites WHERE status_id IN ({marks})"
                " GROUP BY status_id",
                ids,
            ).fetchall()
        )
        boosts = dict(
            db.execute(
                f"SELECT status_id, COUNT(*) FROM reblogs WHERE status_id IN ({marks})"
                " GROUP BY status_id",
                ids,
            ).fetchall()
        )
        mine_f: set[int] = set()
        mine_b: set[int] = set()
        if viewer is not None:
            args = [viewer, *ids]
            mine_f = {
                r[0]
                for r in db.execute(
                    f"SELECT status_id FROM favourites WHERE account_id = ?"
                    f" AND status_id IN ({marks})",
                    args,
                )
            }
            mine_b = {
                r[0]
                for r in db.execute(
                    f"SELECT status_id FROM reblogs WHERE account_id = ?"
                    f" AND status_id IN ({marks})",
                    args,
                )
            }
        for status, sid in zip(statuses, ids, strict=True):
            status["favourites_count"] = favs.get(sid, 0)
            status["reblogs_count"] = boosts.get(sid, 0)
            if viewer is not None:
                status["favourited"] = sid in mine_f
                status["reblogged"] = sid in mine_b

    def _status(self, status_id: int, viewer: int | None) -> dict[str, Any]:
        return self.sb._statuses_json([status_id], viewer)[0]

    def _json(self, body: Any) -> web.Response:
        return web.json_response(body, dumps=lambda o: json.dumps(o, ensure_ascii=False))

    # ---- favourites and reblogs -------------------------------------------------------------

    async def favourite(self, request: web.Request) -> web.Response:

        auth = self.sb._require(request, "write:favourites")
        assert auth.account_id is not None
        row = self.sb._visible_status(request.match_info["id"], auth.account_id)
        if row["visibility"] == "direct" and row["account_id"] != auth.account_id:
            mentioned = self.sb.db.execute(
                "SELECT 1 FROM mentions WHERE status_id = ? AND account_id = ?",
                (row["id"], auth.account_id),
            ).fetchone()
            if mentioned is None:
                raise ApiError(403, _NOT_ALLOWED)
        with self.sb.db:
            cur = self.sb.db.execute(
                "INSERT OR IGNORE INTO favourites VALUES (?, ?, ?)",
                (auth.account_id, row["id"], iso_ms(datetime.now(UTC))),
            )
            if cur.rowcount:
                self.notify(row["account_id"], auth.account_id, "favourite", row["id"])
        return self._json(self._status(row["id"], auth.account_id))

    async def unfavourite(self, request: web.Request) -> web.Response:
        auth = self.sb._require(request, "write:favourites")
        row = self.sb._visible_status(request.match_info["id"], auth.account_id)
        with self.sb.db:
            self.sb.db.execute(
                "DELETE FROM favourites WHERE account_id = ? AND status_id = ?",
                (auth.account_id, row["id"]),
            )
        return self._json(self._status(row["id"], auth.account_id))

    def reblog_ids(self, ids: list[int]) -> set[int]:
        """Which of ``ids`` are reblogs (the rest are statuses)."""
        if not ids:
            return set()
        marks = ",".join("?" * len(ids))
        return {
            r[0] for r in self.sb.db.execute(f"SELECT id FROM reblogs WHERE id IN ({marks})", ids)
        }

    def reblog_json(self, reblog_id: int, viewer: int | None) -> dict[str, Any]:
        """A reblog as Mastodon shows it: a status of the booster, no content of its own,
        the reblogged status in ``reblog``."""
        row = self.sb.db.execute("SELECT * FROM reblogs WHERE id = ?", (reblog_id,)).fetchone()
        inner = self._status(row["status_id"], viewer)
        account = self.sb._accounts_json([row["account_id"]])[row["account_id"]]
        return {
            **{k: v for k, v in inner.items() if k not in ("reblog", "account")},
            "id": str(reblog_id),
            "created_at": row["created_at"],
            "in_reply_to_id": None,
            "in_reply_to_account_id": None,
            "visibility": row["visibility"],
            "uri": f"{self.sb.base_url}/users/{account['username']}/statuses/{reblog_id}/activity",
            "url": None,
            "content": "",
            "spoiler_text": "",
            "media_attachments": [],
            "mentions": [],
            "tags": [],
            "replies_count": 0,
            "account": account,
            "reblog": inner,
        }

    async def reblog(self, request: web.Request) -> web.Response:

        auth = self.sb._require(request, "write:statuses")
        assert auth.account_id is not None
        row = self.sb._visible_status(request.match_info["id"], auth.account_id)
        own = row["account_id"] == auth.account_id
        if row["visibility"] == "direct" or (row["visibility"] == "private" and not own):
            raise ApiError(403, _NOT_ALLOWED)
        p = await _Params.read(request)
        visibility = p.text("visibility", "public") or "public"
        if visibility not in ("public", "unlisted", "private"):
            visibility = "public"
        if row["visibility"] == "private":
            visibility = "private"  # an author's own private boost stays private
        done = self.sb.db.execute(
            "SELECT id FROM reblogs WHERE account_id = ? AND status_id = ?",
            (auth.account_id, row["id"]),
        ).fetchone()
        if done is not None:
            return self._json(self.reblog_json(done[0], auth.account_id))
        now = datetime.now(UTC)
        with self.sb.db:
            reblog_id = snowflake(now)
            self.sb.db.execute(
                "INSERT INTO reblogs VALUES (?, ?, ?, ?, ?)",
                (reblog_id, auth.account_id, row["id"], visibility, iso_ms(now)),
            )
            self.notify(row["account_id"], auth.account_id, "reblog", row["id"])
        self._stream_reblog(reblog_id, auth.account_id, row["id"])
        return self._json(self.reblog_json(reblog_id, auth.account_id))

    def _stream_reblog(self, reblog_id: int, booster: int, status_id: int) -> None:
        """An ``update`` on the ``user`` stream of the booster and of their followers who
        may see the reblogged status, as their home timelines now show it."""
        followers = {
            r[0]
            for r in self.sb.db.execute(
                "SELECT follower_id FROM follows WHERE followee_id = ?", (booster,)
            )
        }
        for sub in list(self.sb._subscribers):
            viewer = sub.viewer
            if ("user", "") not in sub.streams or (viewer != booster and viewer not in followers):
                continue
            if status_id not in self._visible_ids([status_id], viewer):
                continue
            payload = json.dumps(self.reblog_json(reblog_id, viewer), ensure_ascii=False)
            sub.queue.put_nowait((["user"], "update", payload))

    async def unreblog(self, request: web.Request) -> web.Response:
        auth = self.sb._require(request, "write:statuses")
        row = self.sb._visible_status(request.match_info["id"], auth.account_id)
        with self.sb.db:
            self.sb.db.execute(
                "DELETE FROM reblogs WHERE account_id = ? AND status_id = ?",
                (auth.account_id, row["id"]),
            )
        return self._json(self._status(row["id"], auth.account_id))

    # ---- threads ----------------------------------------------------------------------------

    def _visible_ids(self, ids: Iterable[int], viewer: int | None) -> set[int]:

        wanted = list(ids)
        if not wanted:
            return set()
        where = _VISIBLE if viewer is not None else _VISIBLE_ANON
        args = {f"i{n}": v for n, v in enumerate(wanted)} | {"viewer": viewer}
        named = ",".join(f":i{n}" for n in range(len(wanted)))
        return {
            r[0]
            for r in self.sb.db.execute(
                f"SELECT s.id FROM statuses s WHERE s.id IN ({named}) AND {where}", args
            )
        }

    async def context(self, request: web.Request) -> web.Response:
        viewer = self.sb._viewer(request)
        row = self.sb._visible_status(request.match_info["id"], viewer)
        db = self.sb.db
        ancestors: list[int] = []
        parent = row["in_reply_to_id"]
        while parent is not None and parent not in ancestors and len(ancestors) < 40:
            ancestors.append(parent)
            found = db.execute(
                "SELECT in_reply_to_id FROM statuses WHERE id = ?", (parent,)
            ).fetchone()
            parent = found[0] if found is not None else None
        ancestors.reverse()
        # Depth first: each reply followed by its own replies.
        ordered: list[int] = []
        self._depth_first(row["id"], ordered)
        seen = self._visible_ids([*ancestors, *ordered], viewer)
        return self._json(
            {
                "ancestors": self.sb._statuses_json([i for i in ancestors if i in seen], viewer),
                "descendants": self.sb._statuses_json([i for i in ordered if i in seen], viewer),
            }
        )

    def _depth_first(self, root: int, out: list[int]) -> None:
        stack = [root]
        while stack and len(out) < 4096:
            current = stack.pop()
            if current != root:
                out.append(current)
            children = [
                r[0]
                for r in self.sb.db.execute(
                    "SELECT id FROM statuses WHERE in_reply_to_id = ? ORDER BY id DESC", (current,)
                )
            ]
            stack.extend(children)

    # ---- the community answers -------------------------------------------------------------

    async def answer_demo(self, rng: random.Random, demo: str) -> dict[str, Any] | None:
        """A member answers the demo user as a friend would: replies to one of their
        recent statuses in that status's own visibility (a ``direct`` one to the same
        people), favourites it, or mentions them in a new public status. Only members who
        can see the status answer it. Returns ``{"kind", "by", "status_id"}``, or None
        when nobody could answer."""
        db = self.sb.db
        me = self.sb._account_by_name(demo)
        if me is None:
            return None
        recent = db.execute(
            "SELECT * FROM statuses WHERE account_id = ? ORDER BY id DESC LIMIT 10", (me["id"],)
        ).fetchall()
        kind = rng.choice(("reply", "favourite", "mention")) if recent else "mention"
        members = [
            r for r in db.execute("SELECT id, username FROM accounts ORDER BY id") if r[0] != me[0]
        ]
        if kind == "mention":
            by = rng.choice(members)
            text = f"@{demo} {rng.choice(_MENTIONS)}"
            with db:
                status_id = self.sb._insert_status(by["id"], text, "public")
            self.sb._broadcast_update(status_id)
            return {"kind": kind, "by": by["username"], "status_id": str(status_id)}
        parent = rng.choice(recent[:3])
        readers = [m for m in members if parent["id"] in self._visible_ids([parent["id"]], m[0])]
        if not readers:
            return None
        by = rng.choice(readers)
        if kind == "favourite":
            with db:
                db.execute(
                    "INSERT OR IGNORE INTO favourites VALUES (?, ?, ?)",
                    (by["id"], parent["id"], iso_ms(datetime.now(UTC))),
                )
                self.notify(me["id"], by["id"], "favourite", parent["id"])
            return {"kind": kind, "by": by["username"], "status_id": str(parent["id"])}
        people = [
            r[0]
            for r in db.execute(
                "SELECT a.username FROM mentions m JOIN accounts a ON a.id = m.account_id"
                " WHERE m.status_id = ? ORDER BY a.id",
                (parent["id"],),
            )
            if r[0] != by["username"]
        ]
        lines = _REPLIES_PUBLIC if parent["visibility"] in ("public", "unlisted") else _REPLIES
        with db:
            status_id = self.sb._insert_status(
                by["id"],
                f"@{demo} {rng.choice(lines)}",
                parent["visibility"],
                recipients=tuple(people) if parent["visibility"] == "direct" else (),
                in_reply_to=parent,
            )
        self.sb._broadcast_update(status_id)
        return {"kind": kind, "by": by["username"], "status_id": str(status_id)}

    # ---- notifications ----------------------------------------------------------------------

    def _notifications_json(self, rows: list[Any], viewer: int) -> list[dict[str, Any]]:
        accounts = self.sb._accounts_json(r["from_account_id"] for r in rows)
        out = []
        for r in rows:
            item: dict[str, Any] = {
                "id": str(r["id"]),
                "type": r["type"],
                "created_at": r["created_at"],
                "group_key": f"ungrouped-{r['id']}",
                "account": accounts[r["from_account_id"]],
            }
            if r["status_id"] is not None:
                found = self.sb._status_rows([r["status_id"]])
                if r["status_id"] not in found:
                    continue  # the status was deleted: Mastodon drops its notifications
                item["status"] = self._status(r["status_id"], viewer)
            out.append(item)
        return out

    async def notifications(self, request: web.Request) -> web.Response:
        auth = self.sb._require(request, "read:notifications")
        assert auth.account_id is not None
        q = request.query
        try:
            limit = min(max(int(q.get("limit", DEFAULT_LIMIT)), 1), MAX_LIMIT)
        except ValueError:
            limit = DEFAULT_LIMIT
        asked, excluded = q.getall("types[]", []), q.getall("exclude_types[]", [])
        types = [t for t in NOTIFICATION_TYPES if (not asked or t in asked) and t not in excluded]
        conds = ["account_id = ?"]
        args: list[Any] = [auth.account_id]
        conds.append(f"type IN ({','.join('?' * len(types))})" if types else "0")
        args += types
        for name, op in (("max_id", "<"), ("since_id", ">"), ("min_id", ">")):
            value = q.get(name, "")
            if value.isdigit():
                conds.append(f"id {op} ?")
                args.append(int(value))
        ascending = q.get("min_id", "").isdigit()
        rows = self.sb.db.execute(
            f"SELECT * FROM notifications WHERE {' AND '.join(conds)}"
            f" ORDER BY id {'ASC' if ascending else 'DESC'} LIMIT {limit}",
            args,
        ).fetchall()
        if ascending:
            rows.reverse()
        response = self._json(self._notifications_json(rows, auth.account_id))
        if rows:
            base = [(k, v) for k, v in q.items() if k in ("limit", "types[]", "exclude_types[]")]
            url = f"{self.sb.base_url}{request.path}?"
            response.headers["Link"] = (
                f'<{url}{urlencode([*base, ("max_id", rows[-1]["id"])])}>; rel="next", '
                f'<{url}{urlencode([*base, ("min_id", rows[0]["id"])])}>; rel="prev"'
            )
        return response
