"""The outbox tables: messages waiting to be sent and their targets, one row per
(account, audience), each with its own state.

States of a target: ``queued`` (due at ``next_attempt_at``, or now when that is empty),
``sending`` (claimed by the process ``owner_pid`` until ``lease_until``), ``sent`` (with
the remote id and link), ``failed`` (the user must act: signed out, refused …) and
``needs_attention`` (we cannot tell whether it went out, or its account is gone).

Every state change is one SQL statement that checks the state it expects, so the app and
the command line can share a profile without both sending the same target. Times are
Unix seconds (UTC). The SQL schema itself lives in :mod:`app.store.db`.

Pictures (e.g. a gift card) are stored with their message, bytes and alt text, in
``outbox_media``, each for every target or for one audience only (a gift's open card for
the public, the card addressed to the chosen friends for friends: :meth:`OutboxStore.media`
gives a target only its own); each target keeps the media ids its server gave for its
pictures as they are uploaded (:meth:`OutboxStore.add_media_id`), and friends targets keep
the user ids of the chosen recipients. A scheduled message missed by more than a few
minutes is put to the user (``needs_attention``, reason ``late``) before it goes out late.

A target whose server keeps the schedule itself (Mastodon ``scheduled_at``) is due at once
(``add_message``'s ``due_now``) and, once the server holds it, ``sent`` with
``server_scheduled`` set and the scheduled post's id; :meth:`OutboxStore.schedule_locally`
puts one back on the local schedule when that cannot be done. :meth:`OutboxStore.waiting`
lists those still held with everything unsent; ``reschedule``, ``reschedule_held``,
``release_held`` and ``forget_held`` record a new time, a cancel, or a return to the local
schedule (a target sharing its message moves to a copy of its own, with the pictures).

For exactly once without idempotency keys (see :mod:`app.services.outbox`), each target
keeps when its latest create request started (``outbox_attempts``,
:meth:`OutboxStore.request_started`; none when no attempt got that far), and
:meth:`OutboxStore.claimed_remote_ids` names the posts other rows are recorded with, so a
look-up never takes another row's post for its own.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.core.models import (
    AccountRef,
    Audience,
    Author,
    MediaUpload,
    Post,
    RecordRef,
    new_idempotency_key,
)
from app.store.db import Store


class TargetState(enum.Enum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    NEEDS_ATTENTION = "needs_attention"


class MessageKind(enum.Enum):
    POST = "post"
    SAFETY = "safety"


# Safety messages go before everything else queued for the same account.
PRIORITY = {MessageKind.POST: 0, MessageKind.SAFETY: 100}
UNSENT = (TargetState.QUEUED, TargetState.SENDING, TargetState.FAILED, TargetState.NEEDS_ATTENTION)
# The error kind of a scheduled target missed while the app was closed: the user decides.
LATE = "late"


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    id: int
    created_at: float
    kind: MessageKind
    priority: int
    texts: dict[Audience, str]
    scheduled_at: float | None


@dataclass(frozen=True, slots=True)
class OutboxTarget:
    """One target of one message, as stored (a snapshot: re-read it for news)."""

    id: int
    message_id: int
    kind: MessageKind
    account: AccountRef
    audience: Audience
    text: str
    state: TargetState
    attempts: int
    next_attempt_at: float | None
    first_attempt_at: float | None
    idempotency_key: str
    maybe_sent: bool  # an earlier attempt may have reached the server
    remote_id: str | None
    url: str | None
    error_kind: str | None  # an ErrorKind value, or "account_unavailable"
    error_detail: str
    created_at: float  # the message's
    scheduled_at: float | None  # the message's
    recipients: tuple[str, ...] = ()  # user ids: a friends target addressed to chosen friends
    media_ids: tuple[str, ...] = ()  # ids of the message's pictures uploaded so far, in order
    media_count: int = 0  # how many pictures this target carries (its audience's and shared)
    late_confirmed: bool = False  # the user agreed to send this missed schedule late
    server_scheduled: bool = False  # sent: its server publishes it at scheduled_at
    # When the latest create request of this target began (our clock); None: no attempt
    # ever got as far as the request.
    request_started_at: float | None = None
    # A reply: the post it answers (the message's; what the adapter's ``reply`` needs).
    reply_to: Post | None = None

    @property
    def key(self) -> str:
        """Same shape as the composer's target keys: ``account key|audience``."""
        return f"{self.account.key}|{self.audience.value}"


def _account_json(account: AccountRef) -> str:
    return json.dumps(
        {
            "key": account.key,
            "network": account.network,
            "base_url": account.base_url,
            "user_id": account.user_id,
            "username": account.username,
            "handle": account.handle,
            "serves": sorted(a.value for a in account.serves),
            "label": account.label,
            "sandbox": account.sandbox,
        },
        ensure_ascii=False,
    )


def _account_from(raw: str, key: str) -> AccountRef:
    try:
        data = json.loads(raw)
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    serves = frozenset(Audience(a) for a in data.get("serves") or () if a in ("public", "friends"))
    return AccountRef(
        key=key,
        network=str(data.get("network", "")),
        base_url=str(data.get("base_url", "")),
        user_id=str(data.get("user_id", "")),
        username=str(data.get("username", "")),
        handle=str(data.get("handle", key)),
        serves=serves,
        label=str(data.get("label", "")),
        sandbox=bool(data.get("sandbox", False)),
    )


def _ref_json(ref: RecordRef | None) -> dict[str, str] | None:
    return None if ref is None else {"uri": ref.uri, "cid": ref.cid}


def _ref_from(data: Any) -> RecordRef | None:
    if not isinstance(data, dict):
        return None
    return RecordRef(str(data.get("uri", "")), str(data.get("cid", "")))


def post_json(post: Post) -> str:
    """What a reply keeps of the post it answers (no html, no media)."""
    author = post.author
    return json.dumps(
        {
            "id": post.id,
            "network": post.network,
            "account_key": post.account_key,
            "author": [author.id, author.username, author.handle, author.display_name],
            "created_at": post.created_at.timestamp(),
            "text": post.text,
            "audience": post.audience.value,
            "visibility": post.visibility,
            "url": post.url,
            "in_reply_to_id": post.in_reply_to_id,
            "recipients": list(post.recipients),
            "boost_of": post.boost_of,
            "ref": _ref_json(post.ref),
            "root": _ref_json(post.root),
            "parent": _ref_json(post.parent),
        },
        ensure_ascii=False,
    )


def post_from(raw: str | None) -> Post | None:
    """The answered post as :func:`post_json` kept it (None: not a reply, or unreadable)."""
    if not raw:
        return None
    try:
        data = json.loads(raw)
        author = Author(*(str(x) for x in data["author"][:4]))
        return Post(
            id=str(data["id"]),
            network=str(data["network"]),
            account_key=str(data["account_key"]),
            author=author,
            created_at=datetime.fromtimestamp(float(data["created_at"]), UTC),
            text=str(data.get("text", "")),
            html="",
            audience=Audience(data["audience"]),
            visibility=str(data["visibility"]),
            url=data.get("url"),
            in_reply_to_id=data.get("in_reply_to_id"),
            recipients=tuple(str(x) for x in data.get("recipients") or ()),
            boost_of=data.get("boost_of"),
            ref=_ref_from(data.get("ref")),
            root=_ref_from(data.get("root")),
            parent=_ref_from(data.get("parent")),
        )
    except (ValueError, KeyError, TypeError, IndexError):
        return None


def _ids_from(raw: str | None) -> tuple[str, ...]:
    try:
        data = json.loads(raw or "[]")
    except ValueError:
        return ()
    return tuple(str(x) for x in data) if isinstance(data, list) else ()


def _media_rows(
    media: Sequence[MediaUpload] | Mapping[Audience, Sequence[MediaUpload]],
) -> list[tuple[str, MediaUpload]]:
    """(audience value or '' for every target, picture), in the order they are stored."""
    if isinstance(media, Mapping):
        return [(a.value, m) for a in sorted(media, key=lambda a: a.value) for m in media[a]]
    return [("", m) for m in media]


def _recipients_json(
    account: AccountRef, audience: Audience, recipients: Mapping[str, Sequence[str]]
) -> str:
    """The chosen friends a target is addressed to: only ever on a friends target."""
    if audience is not Audience.FRIENDS:
        return "[]"
    return json.dumps(list(dict.fromkeys(recipients.get(account.key, ()))))


def _texts_from(raw: str) -> dict[Audience, str]:
    try:
        data = json.loads(raw)
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {Audience(k): str(v) for k, v in data.items() if k in ("public", "friends")}


_TARGET_SELECT = (
    "SELECT t.*, m.kind AS m_kind, m.created_at AS m_created_at,"
    " m.scheduled_at AS m_scheduled_at, m.priority AS m_priority,"
    " m.late_confirmed AS m_late_confirmed, m.reply_to AS m_reply_to,"
    " (SELECT COUNT(*) FROM outbox_media x WHERE x.message_id = t.message_id"
    " AND x.audience IN ('', t.audience)) AS m_media_count,"
    " EXISTS (SELECT 1 FROM outbox_server_scheduled y WHERE y.target_id = t.id)"
    " AS m_server_scheduled,"
    # A target claimed before attempts were recorded has no row: its first attempt's
    # start is the best we know.
    " CASE WHEN EXISTS (SELECT 1 FROM outbox_attempts a WHERE a.target_id = t.id)"
    " THEN (SELECT a.started_at FROM outbox_attempts a WHERE a.target_id = t.id)"
    " ELSE t.first_attempt_at END AS m_request_started_at"
    " FROM outbox_targets t JOIN outbox_messages m ON m.id = t.message_id"
)
# The target ``t`` is held by its server (see :meth:`OutboxStore.server_held`).
_HELD = "EXISTS (SELECT 1 FROM outbox_server_scheduled y WHERE y.target_id = t.id)"
# When each target's latest create request began (NULL: claimed, no request yet): until
# that request can no longer be in transit, a resend could meet the post it made.
# Created here with IF NOT EXISTS (as migration 4 does) so that a schema migration doing
# the same later is harmless.
_ATTEMPTS_TABLE = (
    "CREATE TABLE IF NOT EXISTS outbox_attempts ("
    " target_id INTEGER PRIMARY KEY REFERENCES outbox_targets(id) ON DELETE CASCADE,"
    " started_at REAL)"
)
# Safety first, then oldest first: the order targets are sent and listed in.
_ORDER = " ORDER BY m.priority DESC, m.created_at, m.id, t.id"


class OutboxStore:
    """Queries on the outbox tables of one profile database."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._db = store.connection
        self._db.execute(_ATTEMPTS_TABLE)

    @property
    def store(self) -> Store:
        return self._store

    # -- reading ----------------------------------------------------------------------
    def _targets(self, where: str = "", args: Sequence[Any] = ()) -> list[OutboxTarget]:
        cur = self._db.execute(_TARGET_SELECT + (f" WHERE {where}" if where else "") + _ORDER, args)
        names = [d[0] for d in cur.description]
        return [self._target(dict(zip(names, row, strict=True))) for row in cur.fetchall()]

    @staticmethod
    def _target(r: dict[str, Any]) -> OutboxTarget:
        return OutboxTarget(
            id=int(r["id"]),
            message_id=int(r["message_id"]),
            kind=MessageKind(r["m_kind"]),
            account=_account_from(r["account"], r["account_key"]),
            audience=Audience(r["audience"]),
            text=str(r["text"]),
            state=TargetState(r["state"]),
            attempts=int(r["attempts"]),
            next_attempt_at=r["next_attempt_at"],
            first_attempt_at=r["first_attempt_at"],
            idempotency_key=str(r["idempotency_key"]),
            maybe_sent=bool(r["maybe_sent"]),
            remote_id=r["remote_id"],
            url=r["url"],
            error_kind=r["error_kind"],
            error_detail=r["error_detail"] or "",
            created_at=float(r["m_created_at"]),
            scheduled_at=r["m_scheduled_at"],
            recipients=_ids_from(r["recipients"]),
            media_ids=_ids_from(r["media_ids"]),
            media_count=int(r["m_media_count"]),
            late_confirmed=bool(r["m_late_confirmed"]),
            server_scheduled=bool(r["m_server_scheduled"]),
            request_started_at=r["m_request_started_at"],
            reply_to=post_from(r["m_reply_to"]),
        )

    def target(self, target_id: int) -> OutboxTarget | None:
        found = self._targets("t.id = ?", (target_id,))
        return found[0] if found else None

    def targets(
        self,
        *,
        message_id: int | None = None,
        states: Iterable[TargetState] | None = None,
    ) -> list[OutboxTarget]:
        where: list[str] = []
        args: list[Any] = []
        if message_id is not None:
            where.append("t.message_id = ?")
            args.append(message_id)
        if states is not None:
            values = [s.value for s in states]
            where.append(f"t.state IN ({', '.join('?' * len(values))})")
            args.extend(values)
        return self._targets(" AND ".join(where), args)

    def due(self, now: float, *, message_id: int | None = None) -> list[OutboxTarget]:
        where = "t.state = 'queued' AND (t.next_attempt_at IS NULL OR t.next_attempt_at <= ?)"
        args: list[Any] = [now]
        if message_id is not None:
            where += " AND t.message_id = ?"
            args.append(message_id)
        return self._targets(where, args)

    def next_due_at(self) -> float | None:
        """When the earliest queued target is due (None: nothing is queued)."""
        row = self._db.execute(
            "SELECT MIN(COALESCE(next_attempt_at, 0)) FROM outbox_targets WHERE state = 'queued'"
        ).fetchone()
        return None if row[0] is None else float(row[0])

    def sending(self) -> list[OutboxTarget]:
        return self.targets(states=(TargetState.SENDING,))

    def message(self, message_id: int) -> OutboxMessage | None:
        row = self._db.execute(
            "SELECT id, created_at, kind, priority, texts, scheduled_at"
            " FROM outbox_messages WHERE id = ?",
            (message_id,),
        ).fetchone()
        if row is None:
            return None
        return OutboxMessage(
            id=int(row[0]),
            created_at=float(row[1]),
            kind=MessageKind(row[2]),
            priority=int(row[3]),
            texts=_texts_from(row[4]),
            scheduled_at=row[5],
        )

    # -- writing ----------------------------------------------------------------------
    def add_message(
        self,
        texts: dict[Audience, str],
        targets: Sequence[tuple[AccountRef, Audience]],
        *,
        kind: MessageKind,
        now: float,
        scheduled_at: float | None = None,
        media: Sequence[MediaUpload] | Mapping[Audience, Sequence[MediaUpload]] = (),
        recipients: Mapping[str, Sequence[str]] | None = None,
        due_now: Collection[str] = (),
        reply_to: Post | None = None,
    ) -> int:
        """The message and all its targets in one transaction, each target with its
        idempotency key already chosen (so a retry after a crash reuses it).

        ``media`` are stored with the message: a sequence for every target, a mapping
        (audience → pictures) for the targets of each audience only; ``recipients`` (account
        key → user ids) go to
        that account's friends target only — never to a public one. The targets of the
        accounts in ``due_now`` are due at once even when scheduled (their server keeps
        the schedule). ``reply_to``: the post every target answers (a reply)."""
        recipients = recipients or {}
        for _account, audience in targets:
            if not texts.get(audience, "").strip():
                raise ValueError(f"no text for the {audience.value} audience")
        due = scheduled_at if scheduled_at is not None and scheduled_at > now else None
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            cur = self._db.execute(
                "INSERT INTO outbox_messages(created_at, kind, priority, texts, scheduled_at,"
                " reply_to) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    now,
                    kind.value,
                    PRIORITY[kind],
                    json.dumps({a.value: t for a, t in texts.items()}, ensure_ascii=False),
                    scheduled_at,
                    None if reply_to is None else post_json(reply_to),
                ),
            )
            message_id = int(cur.lastrowid or 0)
            self._db.executemany(
                "INSERT INTO outbox_media(message_id, position, filename, mime, description,"
                " data, audience) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (message_id, i, m.filename, m.mime, m.description, m.data, audience)
                    for i, (audience, m) in enumerate(_media_rows(media))
                ],
            )
            self._db.executemany(
                "INSERT INTO outbox_targets(message_id, account_key, account, audience, text,"
                " state, next_attempt_at, idempotency_key, updated_at, recipients)"
                " VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?)",
                [
                    (
                        message_id,
                        account.key,
                        _account_json(account),
                        audience.value,
                        texts[audience],  # the text of the target's own audience, only
                        None if account.key in due_now else due,
                        new_idempotency_key(),
                        now,
                        _recipients_json(account, audience, recipients),
                    )
                    for account, audience in targets
                ],
            )
        return message_id

    def media(self, message_id: int, audience: Audience | None = None) -> list[MediaUpload]:
        """The message's pictures, in order: those a target of ``audience`` carries (its
        audience's own and the shared ones), or every picture when None."""
        where = "" if audience is None else " AND audience IN ('', ?)"
        args: tuple[Any, ...] = (message_id,) if audience is None else (message_id, audience.value)
        rows = self._db.execute(
            "SELECT filename, mime, description, data FROM outbox_media"
            f" WHERE message_id = ?{where} ORDER BY position",
            args,
        ).fetchall()
        return [MediaUpload(bytes(r[3]), r[0], r[1], r[2]) for r in rows]

    def add_media_id(self, target_id: int, media_id: str) -> bool:
        """Record the next picture of a target as uploaded (while it is being sent)."""
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            row = self._db.execute(
                "SELECT media_ids FROM outbox_targets WHERE id = ? AND state = 'sending'",
                (target_id,),
            ).fetchone()
            if row is None:
                return False
            ids = [*_ids_from(row[0]), media_id]
            self._db.execute(
                "UPDATE outbox_targets SET media_ids = ? WHERE id = ?", (json.dumps(ids), target_id)
            )
        return True

    def mark_late(self, target_id: int, *, now: float) -> bool:
        """A scheduled target never tried, whose time passed long ago → the user decides."""
        return self._update(
            "UPDATE outbox_targets SET state = 'needs_attention', error_kind = ?,"
            " error_detail = '', next_attempt_at = NULL, updated_at = ?"
            " WHERE id = ? AND state = 'queued' AND attempts = 0 AND error_kind IS NULL",
            (LATE, now, target_id),
        )

    def confirm_late(self, message_id: int, *, now: float) -> int:
        """The user agreed to send a missed schedule late: its late targets → due now."""
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute(
                "UPDATE outbox_messages SET late_confirmed = 1 WHERE id = ?", (message_id,)
            )
            return self._db.execute(
                "UPDATE outbox_targets SET state = 'queued', next_attempt_at = NULL,"
                " error_kind = NULL, error_detail = NULL, updated_at = ?"
                " WHERE message_id = ? AND state = 'needs_attention' AND error_kind = ?",
                (now, message_id, LATE),
            ).rowcount

    def _update(self, sql: str, args: Sequence[Any]) -> bool:
        return self._db.execute(sql, args).rowcount == 1

    def claim(self, target_id: int, *, pid: int, lease_until: float, now: float) -> bool:
        """queued → sending for this process; False when another process was quicker."""
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            claimed = self._update(
                "UPDATE outbox_targets SET state = 'sending', owner_pid = ?, lease_until = ?,"
                " attempts = attempts + 1, first_attempt_at = COALESCE(first_attempt_at, ?),"
                " updated_at = ? WHERE id = ? AND state = 'queued'",
                (pid, lease_until, now, now, target_id),
            )
            if claimed:
                # Keeps the start of an earlier request, if there was one.
                self._db.execute(
                    "INSERT OR IGNORE INTO outbox_attempts(target_id, started_at) VALUES (?, NULL)",
                    (target_id,),
                )
        return claimed

    def request_started(self, target_id: int, *, at: float) -> bool:
        """The target's create request leaves now (``at``), before it is sent."""
        return self._update(
            "UPDATE outbox_attempts SET started_at = ? WHERE target_id = ? AND EXISTS"
            " (SELECT 1 FROM outbox_targets t WHERE t.id = ? AND t.state = 'sending')",
            (at, target_id, target_id),
        )

    def claimed_remote_ids(self, *, besides: int) -> set[str]:
        """The remote ids every other target (not ``besides``) is recorded with: posts a
        look-up for ``besides`` must never take for its own."""
        rows = self._db.execute(
            "SELECT remote_id FROM outbox_targets WHERE remote_id IS NOT NULL AND id != ?",
            (besides,),
        ).fetchall()
        return {str(r[0]) for r in rows}

    def mark_sent(
        self,
        target_id: int,
        *,
        remote_id: str,
        url: str | None,
        now: float,
        server_scheduled: bool = False,
    ) -> bool:
        """sending → sent; ``server_scheduled``: its server holds it to publish later."""
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            done = self._update(
                "UPDATE outbox_targets SET state = 'sent', remote_id = ?, url = ?,"
                " owner_pid = NULL, lease_until = NULL, next_attempt_at = NULL,"
                " error_kind = NULL, error_detail = NULL, updated_at = ?"
                " WHERE id = ? AND state = 'sending'",
                (remote_id, url, now, target_id),
            )
            if done and server_scheduled:
                self._db.execute(
                    "INSERT OR IGNORE INTO outbox_server_scheduled(target_id) VALUES (?)",
                    (target_id,),
                )
        return done

    def schedule_locally(
        self, target_id: int, *, at: float, now: float, from_state: TargetState
    ) -> bool:
        """Back to the local schedule, due ``at``: its server cannot keep the schedule (too
        close to the time, or it refused). Nothing was sent, so not counted as an attempt."""
        return self._update(
            "UPDATE outbox_targets SET state = 'queued', next_attempt_at = ?, attempts = 0,"
            " owner_pid = NULL, lease_until = NULL, error_kind = NULL, error_detail = NULL,"
            " updated_at = ? WHERE id = ? AND state = ?",
            (at, now, target_id, from_state.value),
        )

    def mark_waiting(
        self,
        target_id: int,
        *,
        next_attempt_at: float,
        error_kind: str,
        error_detail: str,
        maybe_sent: bool,
        now: float,
        from_state: TargetState = TargetState.SENDING,
    ) -> bool:
        """Back to queued, due again at ``next_attempt_at``, with the reason it waits."""
        return self._update(
            "UPDATE outbox_targets SET state = 'queued', next_attempt_at = ?, error_kind = ?,"
            " error_detail = ?, maybe_sent = MAX(maybe_sent, ?), owner_pid = NULL,"
            " lease_until = NULL, updated_at = ? WHERE id = ? AND state = ?",
            (
                next_attempt_at,
                error_kind,
                error_detail,
                int(maybe_sent),
                now,
                target_id,
                from_state.value,
            ),
        )

    def mark_stopped(
        self,
        target_id: int,
        state: TargetState,
        *,
        error_kind: str,
        error_detail: str,
        maybe_sent: bool,
        now: float,
        from_state: TargetState = TargetState.SENDING,
    ) -> bool:
        """failed or needs_attention: nothing more happens until the user acts."""
        if state not in (TargetState.FAILED, TargetState.NEEDS_ATTENTION):
            raise ValueError(state)
        return self._update(
            "UPDATE outbox_targets SET state = ?, next_attempt_at = NULL, error_kind = ?,"
            " error_detail = ?, maybe_sent = MAX(maybe_sent, ?), owner_pid = NULL,"
            " lease_until = NULL, updated_at = ? WHERE id = ? AND state = ?",
            (
                state.value,
                error_kind,
                error_detail,
                int(maybe_sent),
                now,
                target_id,
                from_state.value,
            ),
        )

    def recover(self, target_id: int, *, owner_pid: int | None, now: float) -> bool:
        """A crashed sender's target → queued, due now, marked as possibly sent."""
        return self._update(
            "UPDATE outbox_targets SET state = 'queued', maybe_sent = 1, next_attempt_at = NULL,"
            " owner_pid = NULL, lease_until = NULL, updated_at = ?"
            " WHERE id = ? AND state = 'sending' AND owner_pid IS ?",
            (now, target_id, owner_pid),
        )

    def owner(self, target_id: int) -> tuple[int | None, float | None]:
        row = self._db.execute(
            "SELECT owner_pid, lease_until FROM outbox_targets WHERE id = ?", (target_id,)
        ).fetchone()
        return (None, None) if row is None else (row[0], row[1])

    def retry(self, target_id: int, *, now: float) -> bool:
        """failed / needs attention / waiting → due now (same idempotency key).

        Retrying a target that may already be posted is the user saying "send it anyway"
        after checking: it is no longer treated as possibly sent.
        """
        return self._update(
            "UPDATE outbox_targets SET state = 'queued', next_attempt_at = NULL, attempts = 0,"
            " maybe_sent = CASE WHEN error_kind = 'maybe_sent' THEN 0 ELSE maybe_sent END,"
            " first_attempt_at = CASE WHEN error_kind = 'maybe_sent' THEN NULL"
            " ELSE first_attempt_at END,"
            " updated_at = ? WHERE id = ? AND state IN ('queued', 'failed', 'needs_attention')",
            (now, target_id),
        )

    def hurry(self, *, now: float) -> int:
        """Waiting targets (not rate limited, not waiting for an earlier request, not
        scheduled for later) → due now."""
        return self._db.execute(
            "UPDATE outbox_targets SET next_attempt_at = NULL, updated_at = ?"
            " WHERE state = 'queued' AND next_attempt_at > ? AND error_kind IS NOT NULL"
            " AND error_kind NOT IN ('rate_limited', 'in_transit')",
            (now, now),
        ).rowcount

    def edit(self, target_id: int, text: str, *, now: float) -> bool:
        """New text for a target not sent: a new post, so a new idempotency key."""
        if not text.strip():
            raise ValueError("empty text")
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            row = self._db.execute(
                "SELECT t.audience, t.message_id, m.scheduled_at, m.texts FROM outbox_targets t"
                " JOIN outbox_messages m ON m.id = t.message_id"
                " WHERE t.id = ? AND t.state IN ('queued', 'failed', 'needs_attention')",
                (target_id,),
            ).fetchone()
            if row is None:
                return False
            audience, message_id, scheduled_at, raw_texts = row
            due = scheduled_at if scheduled_at is not None and scheduled_at > now else None
            self._db.execute(
                "UPDATE outbox_targets SET text = ?, idempotency_key = ?, state = 'queued',"
                " next_attempt_at = ?, attempts = 0, first_attempt_at = NULL, maybe_sent = 0,"
                " error_kind = NULL, error_detail = NULL, updated_at = ? WHERE id = ?",
                (text, new_idempotency_key(), due, now, target_id),
            )
            texts = {a.value: t for a, t in _texts_from(raw_texts).items()}
            texts[audience] = text
            self._db.execute(
                "UPDATE outbox_messages SET texts = ? WHERE id = ?",
                (json.dumps(texts, ensure_ascii=False), message_id),
            )
        return True

    def discard(self, target_id: int) -> bool:
        """Forget a target not sent (and its message once nothing of it is left)."""
        return self._forget(target_id, "t.state IN ('queued', 'failed', 'needs_attention')")

    # -- schedules ----------------------------------------------------------------------
    def waiting(self, now: float) -> list[OutboxTarget]:
        """Everything not sent yet, and what a server holds to publish after ``now``
        (:meth:`server_held`), in sending order: all that still waits, in one list."""
        return self._targets(
            f"t.state IN ({', '.join(repr(s.value) for s in UNSENT)})"
            f" OR (t.state = 'sent' AND {_HELD} AND m.scheduled_at > ?)",
            (now,),
        )

    def server_held(self, now: float) -> list[OutboxTarget]:
        """Targets their server holds to publish later, whose time is after ``now``."""
        return self._targets(f"t.state = 'sent' AND {_HELD} AND m.scheduled_at > ?", (now,))

    def forget_held(self, target_id: int) -> bool:
        """A post its server no longer holds (cancelled there): forget the target, and
        its message once nothing of it is left."""
        return self._forget(target_id, f"t.state = 'sent' AND {_HELD}")

    def reschedule(
        self, target_id: int, *, at: float | None, due_at: float | None, now: float
    ) -> bool:
        """A target not sent yet (waiting, scheduled, failed, or a missed schedule) gets a
        new time ``at`` (None: no schedule, send now) and is due at ``due_at`` (None: now —
        also for a far-off time its server will keep). Nothing was sent: attempts and
        reason start afresh. A target sharing its message with others moves alone."""
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            if not self._own_time(target_id, at, "('queued', 'failed', 'needs_attention')"):
                return False
            self._db.execute(
                "UPDATE outbox_targets SET state = 'queued', next_attempt_at = ?, attempts = 0,"
                " error_kind = NULL, error_detail = NULL, updated_at = ? WHERE id = ?",
                (due_at, now, target_id),
            )
        return True

    def reschedule_held(self, target_id: int, *, at: float, now: float) -> bool:
        """Its server now holds the target for ``at`` (moved there first)."""
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            if not self._own_time(target_id, at, "('sent')", held=True):
                return False
            self._db.execute(
                "UPDATE outbox_targets SET updated_at = ? WHERE id = ?", (now, target_id)
            )
        return True

    def release_held(
        self, target_id: int, *, at: float | None, due_at: float | None, now: float
    ) -> bool:
        """Its server no longer holds the target (cancelled there to send it now, or for a
        time too close for the server): back on the local outbox, scheduled ``at`` (None:
        now) and due at ``due_at``. A new idempotency key (the server may remember the
        old one for the cancelled post) and no media ids (they belonged to that post)."""
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            if not self._own_time(target_id, at, "('sent')", held=True):
                return False
            self._db.execute(
                "DELETE FROM outbox_server_scheduled WHERE target_id = ?", (target_id,)
            )
            self._db.execute(
                "UPDATE outbox_targets SET state = 'queued', next_attempt_at = ?, attempts = 0,"
                " first_attempt_at = NULL, maybe_sent = 0, remote_id = NULL, url = NULL,"
                " media_ids = '[]', idempotency_key = ?, error_kind = NULL,"
                " error_detail = NULL, updated_at = ? WHERE id = ?",
                (due_at, new_idempotency_key(), now, target_id),
            )
        return True

    def _forget(self, target_id: int, condition: str) -> bool:
        """Delete the target, and its message once nothing of it is left, if ``condition``
        (SQL over the target ``t``) holds for it; False (nothing deleted) when it does not."""
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            row = self._db.execute(
                f"SELECT t.message_id FROM outbox_targets t WHERE t.id = ? AND {condition}",
                (target_id,),
            ).fetchone()
            if row is None:
                return False
            self._db.execute("DELETE FROM outbox_targets WHERE id = ?", (target_id,))
            self._db.execute(
                "DELETE FROM outbox_messages WHERE id = ? AND NOT EXISTS"
                " (SELECT 1 FROM outbox_targets WHERE message_id = ?)",
                (row[0], row[0]),
            )
        return True

    def _own_time(self, target_id: int, at: float | None, states: str, held: bool = False) -> bool:
        """(Inside a transaction.) Give the target's message the time ``at``; a target
        sharing its message with other targets first gets a copy of the message (texts,
        kind, pictures) of its own, so the others keep their time. False when the target
        is not in one of ``states`` (SQL list) or, with ``held``, not held by its server."""
        row = self._db.execute(
            f"SELECT t.message_id FROM outbox_targets t WHERE t.id = ? AND t.state IN {states}"
            + (f" AND {_HELD}" if held else ""),
            (target_id,),
        ).fetchone()
        if row is None:
            return False
        message_id = int(row[0])
        others = self._db.execute(
            "SELECT COUNT(*) FROM outbox_targets WHERE message_id = ? AND id != ?",
            (message_id, target_id),
        ).fetchone()[0]
        if not others:
            self._db.execute(
                "UPDATE outbox_messages SET scheduled_at = ?, late_confirmed = 0 WHERE id = ?",
                (at, message_id),
            )
            return True
        cur = self._db.execute(
            "INSERT INTO outbox_messages(created_at, kind, priority, texts, scheduled_at,"
            " reply_to) SELECT created_at, kind, priority, texts, ?, reply_to"
            " FROM outbox_messages WHERE id = ?",
            (at, message_id),
        )
        moved = int(cur.lastrowid or 0)
        self._db.execute(
            "INSERT INTO outbox_media(message_id, position, filename, mime, description, data,"
            " audience) SELECT ?, position, filename, mime, description, data, audience"
            " FROM outbox_media WHERE message_id = ?"
            # Only the pictures this target carries (shared ones and its audience's own).
            " AND audience IN ('', (SELECT audience FROM outbox_targets WHERE id = ?))",
            (moved, message_id, target_id),
        )
        self._db.execute(
            "UPDATE outbox_targets SET message_id = ? WHERE id = ?", (moved, target_id)
        )
        return True

    def prune_sent(self, before: float) -> int:
        """Forget messages created before ``before`` whose targets were all sent."""
        cur = self._db.execute(
            "DELETE FROM outbox_messages WHERE created_at < ? AND NOT EXISTS"
            " (SELECT 1 FROM outbox_targets t WHERE t.message_id = outbox_messages.id"
            " AND t.state != 'sent')",
            (before,),
        )
        return cur.rowcount
