"""The sandbox 「なかま」's answering-back endpoints, shaped as Misskey answers them.

- ``notes/reactions/create {noteId, reaction}`` (``write:reactions``) → 204; a second
  reaction to the same note is ``ALREADY_REACTED``; a note the user may not see is
  ``NO_SUCH_NOTE``. A Unicode reaction loses its variation selector (U+FE0F), as
  Misskey's reaction service normalises it;
- ``notes/reactions/delete {noteId}`` → 204, or ``NOT_REACTED``;
- ``notes/conversation {noteId, limit, offset}`` → the note's ancestors, nearest first,
  only those the viewer may see;
- ``notes/children {noteId, limit, sinceId, untilId}`` → replies and quotes of the note,
  newest first, only those the viewer may see;
- ``i/notifications {limit, sinceId, untilId, includeTypes, excludeTypes}``
  (``read:notifications``) → newest first: ``mention``, ``reply``, ``renote``, ``quote``,
  ``reaction`` (with ``reaction``) and ``follow``, each ``{id, createdAt, type, userId,
  user, note?, reaction?}``. Each is also sent live as a ``notification`` event on the
  receiver's ``main`` channel.

Notes carry ``reactions`` (counts per reaction), ``reactionCount`` and, for a signed-in
viewer who reacted, ``myReaction`` (:meth:`MisskeyAnswers.decorate`).
"""

from __future__ import annotations

import asyncio
import json
import random
import sqlite3
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from app.sandbox.misskey_wire import (
    ApiError,
    _get_bool,
    _get_int,
    _get_str,
    _invalid_param,
    _iso,
    _now_ms,
    aidx,
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS reactions (
    note_id TEXT NOT NULL, user_id TEXT NOT NULL, reaction TEXT NOT NULL,
    created_at INTEGER NOT NULL, PRIMARY KEY (note_id, user_id));
CREATE TABLE IF NOT EXISTS notifications (
    id TEXT PRIMARY KEY, user_id TEXT NOT NULL, notifier_id TEXT NOT NULL,
    type TEXT NOT NULL, note_id TEXT, reaction TEXT, created_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS notifications_user ON notifications (user_id, id);
"""
NOTIFICATION_TYPES = ("mention", "reply", "renote", "quote", "reaction", "follow")
# What the community says and reacts when it answers the demo user (content, in Japanese).
_REPLIES_PUBLIC = ("ありがとうございます！", "素敵ですね。", "おめでとうございます！")
_REPLIES = ("ありがとう！", "いいね〜！", "こちらこそよろしく！", "おめでとう🎉", "また会おうね！")
_MENTIONS = ("元気？", "今度お茶しよう！", "この前はありがとう！")
_REACTIONS = ("👍", "🎉", "❤", "🙏")

Handler = Callable[[dict[str, Any], sqlite3.Row | None], Awaitable[Any]]


class _Sandbox(Protocol):
    """What these endpoints use of :class:`app.sandbox.misskey_api.MisskeySandbox`."""

    @property
    def db(self) -> sqlite3.Connection: ...

    _clients: set[Any]  # the open streaming connections (user_id, ws, channels)

    def _note_row(self, nid: str) -> sqlite3.Row | None: ...

    def _can_see(self, n: sqlite3.Row, viewer_id: str | None) -> bool: ...

    def _pack_note(
        self, n: sqlite3.Row, viewer_id: str | None, *, detail: bool = True
    ) -> dict[str, Any]: ...

    def _pack_user_lite(self, u: sqlite3.Row) -> dict[str, Any]: ...

    def _user_ids(self) -> dict[str, str]: ...

    def _visible_user_ids(self, nid: str) -> list[str]: ...

    def _insert_note(
        self,
        user_id: str,
        text: str | None,
        visibility: str,
        *,
        visible_user_ids: list[str] = ...,
        reply_id: str | None = None,
    ) -> str: ...

    async def _broadcast(self, n: sqlite3.Row) -> None: ...


class MisskeyAnswers:
    """Reactions, threads and notifications of one :class:`MisskeySandbox`."""

    def __init__(self, sandbox: _Sandbox) -> None:
        self.sb = sandbox
        self._pushes: set[asyncio.Task[None]] = set()

    def endpoints(self) -> dict[str, tuple[Handler, bool, str | None]]:
        """name → (handler, requires a credential, MiAuth permission)."""
        return {
            "notes/reactions/create": (self.react, True, "write:reactions"),
            "notes/reactions/delete": (self.unreact, True, "write:reactions"),
            "notes/conversation": (self.conversation, False, None),
            "notes/children": (self.children, False, None),
            "i/notifications": (self.notifications, True, "read:notifications"),
        }

    # ---- shared ---------------------------------------------------------------------------

    def notify(
        self, user_id: str, notifier_id: str, kind: str, note_id: str | None, reaction: str = ""
    ) -> None:
        """Record a notification (inside the caller's transaction) and push it live to the
        receiver's ``main`` channels. Nobody is notified of their own doing."""

        if user_id == notifier_id:
            return
        ms = _now_ms()
        nid = aidx(ms)
        self.sb.db.execute(
            "INSERT INTO notifications VALUES (?, ?, ?, ?, ?, ?, ?)",
            (nid, user_id, notifier_id, kind, note_id, reaction or None, ms),
        )
        row = self.sb.db.execute("SELECT * FROM notifications WHERE id = ?", (nid,)).fetchone()
        packed = self._pack(row)
        if packed is None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # seeding before the server runs: nobody is listening yet
        task = loop.create_task(self._push(user_id, packed))
        self._pushes.add(task)
        task.add_done_callback(self._pushes.discard)

    async def _push(self, user_id: str, packed: dict[str, Any]) -> None:
        for client in list(self.sb._clients):
            if client.user_id != user_id or client.ws.closed:
                continue
            for cid, (channel, _params) in list(client.channels.items()):
                if channel != "main":
                    continue
                body = {"id": cid, "type": "notification", "body": packed}
                message = {"type": "channel", "body": body}
                try:
                    await client.ws.send_str(json.dumps(message))
                except ConnectionError:
                    self.sb._clients.discard(client)
                    break

    def note_created(self, nid: str) -> None:
        """The notifications a new note makes (inside the caller's transaction): a reply to
        its parent's author, a renote or quote to the renoted note's author, a mention to
        everyone mentioned who was not told already."""
        n = self.sb._note_row(nid)
        if n is None:
            return
        told: set[str] = set()
        for ref, kind in ((n["reply_id"], "reply"), (n["renote_id"], "renote")):
            target = self.sb._note_row(ref) if ref else None
            if target is None or not self.sb._can_see(n, target["user_id"]):
                continue
            if kind == "renote" and (n["text"] or json.loads(n["file_ids"])):
                kind = "quote"
            self.notify(target["user_id"], n["user_id"], kind, nid)
            told.add(target["user_id"])
        for uid in json.loads(n["mentions"]):
            if uid not in told and self.sb._can_see(n, uid):
                self.notify(uid, n["user_id"], "mention", nid)

    def decorate(self, packed: dict[str, Any], note_id: str, viewer_id: str | None) -> None:
        """Fill in the note's reaction counts and the viewer's own reaction."""
        counts: dict[str, int] = {}
        for reaction, count in self.sb.db.execute(
            "SELECT reaction, COUNT(*) FROM reactions WHERE note_id = ? GROUP BY reaction"
            " ORDER BY MIN(created_at)",
            (note_id,),
        ):
            counts[reaction] = count
        packed["reactions"] = counts
        packed["reactionCount"] = sum(counts.values())
        if viewer_id is not None:
            mine = self.sb.db.execute(
                "SELECT reaction FROM reactions WHERE note_id = ? AND user_id = ?",
                (note_id, viewer_id),
            ).fetchone()
            if mine is not None:
                packed["myReaction"] = mine[0]

    def _visible_note(self, ps: dict[str, Any], me: sqlite3.Row | None) -> sqlite3.Row:

        nid = _get_str(ps, "noteId", nullable=False, is_id=True)
        if nid is None:
            raise _invalid_param("required", "must have required property 'noteId'")
        row = self.sb._note_row(nid)
        if row is None or not self.sb._can_see(row, me["id"] if me else None):
            raise ApiError("No such note.", "NO_SUCH_NOTE", "033d0620-5bfe-4027-965d-980b0c85a3ea")
        return row

    # ---- reactions --------------------------------------------------------------------------

    async def react(self, ps: dict[str, Any], me: sqlite3.Row | None) -> Any:

        assert me is not None
        note = self._visible_note(ps, me)
        reaction = _get_str(ps, "reaction", nullable=False)
        if reaction is None:
            raise _invalid_param("required", "must have required property 'reaction'")
        reaction = reaction.replace("\ufe0f", "") or "❤"
        done = self.sb.db.execute(
            "SELECT 1 FROM reactions WHERE note_id = ? AND user_id = ?", (note["id"], me["id"])
        ).fetchone()
        if done is not None:
            raise ApiError(
                "You are already reacting to that note.",
                "ALREADY_REACTED",
                "71efcf98-86d6-4e2b-b2ad-9d032369366b",
            )
        with self.sb.db:
            self.sb.db.execute(
                "INSERT INTO reactions VALUES (?, ?, ?, ?)",
                (note["id"], me["id"], reaction, _now_ms()),
            )
            self.notify(note["user_id"], me["id"], "reaction", note["id"], reaction)
        return None

    async def unreact(self, ps: dict[str, Any], me: sqlite3.Row | None) -> Any:

        assert me is not None
        note = self._visible_note(ps, me)
        with self.sb.db:
            cur = self.sb.db.execute(
                "DELETE FROM reactions WHERE note_id = ? AND user_id = ?", (note["id"], me["id"])
            )
        if not cur.rowcount:
            raise ApiError(
                "You are not reacting to that note.",
                "NOT_REACTED",
                "92f4426d-4196-4125-aa5b-02943e2ec8fc",
            )
        return None

    # ---- threads ----------------------------------------------------------------------------

    async def conversation(self, ps: dict[str, Any], me: sqlite3.Row | None) -> Any:

        note = self._visible_note(ps, me)
        limit = _get_int(ps, "limit", 10, 1, 100)
        offset = _get_int(ps, "offset", 0, 0, 1_000_000)
        viewer = me["id"] if me else None
        found: list[sqlite3.Row] = []
        seen: set[str] = set()
        ref = note["reply_id"]
        while ref and ref not in seen and len(found) < offset + limit:
            seen.add(ref)
            parent = self.sb._note_row(ref)
            if parent is None:
                break
            if self.sb._can_see(parent, viewer):
                found.append(parent)
            ref = parent["reply_id"]
        return [self.sb._pack_note(r, viewer) for r in found[offset:]]

    async def children(self, ps: dict[str, Any], me: sqlite3.Row | None) -> Any:

        note = self._visible_note(ps, me)
        limit = _get_int(ps, "limit", 10, 1, 100)
        since = _get_str(ps, "sinceId", is_id=True)
        until = _get_str(ps, "untilId", is_id=True)
        viewer = me["id"] if me else None
        where = ["(reply_id = :id OR (renote_id = :id AND (text IS NOT NULL OR file_ids != '[]')))"]
        args: dict[str, Any] = {"id": note["id"]}
        if since:
            where.append("id > :since")
            args["since"] = since
        if until:
            where.append("id < :until")
            args["until"] = until
        rows = self.sb.db.execute(
            f"SELECT * FROM notes WHERE {' AND '.join(where)} ORDER BY id DESC", args
        ).fetchall()
        visible = [r for r in rows if self.sb._can_see(r, viewer)][:limit]
        return [self.sb._pack_note(r, viewer) for r in visible]

    # ---- the community answers -------------------------------------------------------------

    async def answer_demo(self, rng: random.Random, demo: str) -> dict[str, Any] | None:
        """A member answers the demo user as a friend would: replies to one of their
        recent notes in that note's own visibility (a ``specified`` one to the same
        people), reacts to it, or mentions them in a new note for their followers. Only
        members who can see the note answer it. Returns ``{"kind", "by", "note_id"}``, or
        None when nobody could answer."""
        db = self.sb.db
        ids = self.sb._user_ids()
        me = ids.get(demo)
        if me is None:
            return None
        recent = db.execute(
            "SELECT * FROM notes WHERE user_id = ? AND renote_id IS NULL ORDER BY id DESC LIMIT 10",
            (me,),
        ).fetchall()
        kind = rng.choice(("reply", "reaction", "mention")) if recent else "mention"
        members = sorted((name, uid) for name, uid in ids.items() if uid != me)
        if kind == "mention":
            name, uid = rng.choice(members)
            with db:
                nid = self.sb._insert_note(uid, f"@{demo} {rng.choice(_MENTIONS)}", "followers")
            await self._broadcast_new(nid)
            return {"kind": kind, "by": name, "note_id": nid}
        parent = rng.choice(recent[:3])
        readers = [(n, u) for n, u in members if self.sb._can_see(parent, u)]
        if not readers:
            return None
        name, uid = rng.choice(readers)
        if kind == "reaction":
            reaction = rng.choice(_REACTIONS)
            with db:
                cur = db.execute(
                    "INSERT OR IGNORE INTO reactions VALUES (?, ?, ?, ?)",
                    (parent["id"], uid, reaction, _now_ms()),
                )
                if cur.rowcount:
                    self.notify(me, uid, "reaction", parent["id"], reaction)
            return {"kind": kind, "by": name, "note_id": parent["id"]}
        visibility = parent["visibility"]
        people: list[str] = []
        if visibility == "specified":
            people = [u for u in [me, *self.sb._visible_user_ids(parent["id"])] if u != uid]
        lines = _REPLIES_PUBLIC if visibility in ("public", "home") else _REPLIES
        with db:
            nid = self.sb._insert_note(
                uid,
                f"@{demo} {rng.choice(lines)}",
                visibility,
                visible_user_ids=list(dict.fromkeys(people)),
                reply_id=parent["id"],
            )
        await self._broadcast_new(nid)
        return {"kind": kind, "by": name, "note_id": nid}

    async def _broadcast_new(self, nid: str) -> None:
        row = self.sb._note_row(nid)
        if row is not None:
            await self.sb._broadcast(row)

    # ---- notifications ----------------------------------------------------------------------

    def _pack(self, row: sqlite3.Row) -> dict[str, Any] | None:
        user = self.sb.db.execute(
            "SELECT * FROM users WHERE id = ?", (row["notifier_id"],)
        ).fetchone()
        if user is None:
            return None
        out: dict[str, Any] = {
            "id": row["id"],
            "createdAt": _iso(row["created_at"]),
            "type": row["type"],
            "userId": row["notifier_id"],
            "user": self.sb._pack_user_lite(user),
        }
        if row["note_id"] is not None:
            note = self.sb._note_row(row["note_id"])
            if note is None:
                return None  # the note was deleted: Misskey drops the notification
            out["note"] = self.sb._pack_note(note, row["user_id"])
        if row["reaction"]:
            out["reaction"] = row["reaction"]
        return out

    async def notifications(self, ps: dict[str, Any], me: sqlite3.Row | None) -> Any:

        assert me is not None
        limit = _get_int(ps, "limit", 10, 1, 100)
        since = _get_str(ps, "sinceId", is_id=True)
        until = _get_str(ps, "untilId", is_id=True)
        _get_bool(ps, "markAsRead", True)
        types: dict[str, list[str]] = {}
        for key in ("includeTypes", "excludeTypes"):
            value = ps.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise _invalid_param(f"{key}/type", "must be array")
            types[key] = value
        wanted = [
            t
            for t in NOTIFICATION_TYPES
            if (not types["includeTypes"] or t in types["includeTypes"])
            and t not in types["excludeTypes"]
        ]
        where = ["user_id = ?", f"type IN ({','.join('?' * len(wanted))})" if wanted else "0"]
        args: list[Any] = [me["id"], *wanted]
        if since:
            where.append("id > ?")
            args.append(since)
        if until:
            where.append("id < ?")
            args.append(until)
        ascending = bool(since) and not until
        rows = self.sb.db.execute(
            f"SELECT * FROM notifications WHERE {' AND '.join(where)}"
            f" ORDER BY id {'ASC' if ascending else 'DESC'} LIMIT {limit}",
            args,
        ).fetchall()
        if ascending:
            rows.reverse()
        return [p for p in map(self._pack, rows) if p is not None]
