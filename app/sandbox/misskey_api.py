"""The sandbox's friends network: a real HTTP + WebSocket server speaking a Misskey API subset
over SQLite, seeded from :mod:`app.sandbox.community`.

What lives here: :class:`MisskeySandbox` (schema, seeding, the aiohttp application, streaming
fan-out, MiAuth auto-approval for the demo user) and the small pure helpers it needs (Misskey
``aidx`` ids, UTF-16 length, hashtag extraction like mfm-js).

Wire facts mirrored from Misskey's own source (ApiCallService, endpoint-base, NoteEntityService,
QueryService, FanoutTimelineEndpointService, stream/Connection and channels, mfm-js):

- every call is ``POST /api/<endpoint>`` with a JSON body; the token is ``Authorization: Bearer``
  or the body field ``i``; errors are ``{"error": {message, code, id, kind[, info]}}`` with the
  same codes, ids and statuses (401 + ``WWW-Authenticate`` for credentials, 400 INVALID_PARAM,
  403 PERMISSION_DENIED for a MiAuth token without the endpoint's permission, 429
  RATE_LIMIT_EXCEEDED with ``Retry-After``); a void endpoint answers 204;
- visibility is enforced like ``isVisibleForMe``/``generateVisibilityQuery``: a note the viewer
  may not see never appears in a timeline or a stream, and ``notes/show`` packs it hidden
  (``isHidden: true``, text, cw and files removed) exactly as Misskey does;
- timelines are newest first; with ``sinceId`` alone they hold the ``limit`` notes just after
  ``sinceId`` (still newest first, as the fan-out timeline returns them);
- streaming: ``GET /streaming?i=TOKEN``; a bad token is refused with HTTP 401 before the
  upgrade; ``connect``/``disconnect`` channel messages; ``{"type":"connected"}`` when the client
  asked for ``pong``; non-JSON frames (misskey-js's ``h`` heartbeat) are ignored and a bare
  ``ping`` text frame is answered with ``pong``.

Deliberate difference: the text limit (3000) is counted in UTF-16 code units, the unit Kizuna
counts in (Misskey's ajv schema counts code points; UTF-16 is never smaller, so anything the
sandbox accepts a real server accepts too).
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import math
import random
import re
import sqlite3
import time
import unicodedata
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from aiohttp import BodyPartReader, WSMsgType, web

from app.sandbox import artwork, community, post_generator
from app.sandbox.common import RateLimiter, new_token, open_db, png_size
from app.sandbox.faults import Faults, drop_connection
from app.sandbox.guard import approved, host_guard, new_secret
from app.sandbox.misskey_answers import SCHEMA as ANSWERS_SCHEMA
from app.sandbox.misskey_answers import MisskeyAnswers
from app.sandbox.misskey_wire import (
    _MULTIPART_BOOLEANS,
    _TIME2000,
    ApiError,
    _base36,
    _get_bool,
    _get_ids,
    _get_int,
    _get_str,
    _invalid_param,
    _iso,
    _now_ms,
    aidx,
)

log = logging.getLogger(__name__)

MISSKEY_VERSION = "2025.4.0"
MAX_NOTE_TEXT_LENGTH = 3000
INSTANCE_NAME = "なかま"
VISIBILITIES = ("public", "home", "followers", "specified")

# --------------------------------------------------------------------------- ids, text helpers


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the way JavaScript's ``String.length`` counts."""
    return len(text.encode("utf-16-le")) // 2


# mfm-js: a hashtag char is anything but these, whitespace and newlines; (), [], 「」 and （）
# pairs nest inside a tag; the character before ``#`` must not be ASCII alphanumeric; a tag
# of digits only is no tag. Full-width 。、！ do not end a tag.
_TAG_STOP = frozenset(" \u3000\t.,!?'\"#:/[]【】()「」（）<>\r\n")
_TAG_PAIRS = {"(": ")", "[": "]", "「": "」", "（": "）"}
_URL_CHARS = re.compile(r"[.,a-z0-9_/:%#@$&?!~=+\-()\[\]]*", re.IGNORECASE)
_MENTION = re.compile(r"(?<![a-zA-Z0-9])@([a-zA-Z0-9_]+)(?:@([a-zA-Z0-9.\-]*[a-zA-Z0-9]))?")


def _tag_items(text: str, i: int, depth: int) -> int:
    while True:
        j = _tag_item(text, i, depth)
        if j is None:
            return i
        i = j


def _tag_item(text: str, i: int, depth: int) -> int | None:
    if i >= len(text):
        return None
    c = text[i]
    if c in _TAG_PAIRS and depth < 20:
        k = _tag_items(text, i + 1, depth + 1)
        if k < len(text) and text[k] == _TAG_PAIRS[c]:
            return k + 1
    if c in _TAG_STOP:
        return None
    return i + 1


def extract_hashtags(text: str | None) -> list[str]:
    """Hashtags as mfm-js finds them, unique, in order of appearance (not yet normalised)."""
    if not text:
        return []
    out: list[str] = []
    i = 0
    while i < len(text):
        if text.startswith(("http://", "https://"), i):
            # A URL swallows its own "#fragment".
            i = _URL_CHARS.match(text, text.index("//", i) + 2).end()  # type: ignore[union-attr]
            continue
        if text[i] == "`":
            end = text.find("`", i + 1)
            if end != -1 and "\n" not in text[i:end]:
                i = end + 1
                continue
        if text[i] == "#" and not (i > 0 and text[i - 1].isascii() and text[i - 1].isalnum()):
            end = _tag_items(text, i + 1, 0)
            tag = text[i + 1 : end]
            if tag and not re.fullmatch(r"[0-9]+", tag):
                if tag not in out:
                    out.append(tag)
                i = end
                continue
        i += 1
    return out


def normalize_tag(tag: str) -> str:
    """Misskey's ``normalizeForSearch``: NFKC, then lower case."""
    return unicodedata.normalize("NFKC", tag).lower()


def note_tags(text: str | None, cw: str | None) -> list[str]:
    """The note's ``tags``: from text and cw, unique before normalising (as NoteCreateService)."""
    tags = list(dict.fromkeys(extract_hashtags(text) + extract_hashtags(cw)))
    return [normalize_tag(t) for t in tags if len(t) <= 128][:32]


# ----------------------------------------------------------------------------------- errors


def _rate_limit_exceeded(remaining: int, reset_ms: float, full_reset_ms: float) -> ApiError:
    """RATE_LIMIT_EXCEEDED as ApiCallService sends it. Misskey's LimitInfo times are
    durations (milliseconds/seconds until the limit resets), not points in time."""
    reset, full = math.ceil(reset_ms), math.ceil(full_reset_ms)
    return ApiError(
        "Rate limit exceeded. Please try again later.",
        "RATE_LIMIT_EXCEEDED",
        "d5826d14-3982-4d2e-8011-b9e9f02499ef",
        status=429,
        info={
            "blocked": True,
            "remaining": remaining,
            "resetSec": math.ceil(reset / 1000),
            "resetMs": reset,
            "fullResetSec": math.ceil(full / 1000),
            "fullResetMs": full,
        },
        headers={"Retry-After": str(math.ceil(reset / 1000))},
    )


def _credential_required() -> ApiError:
    return ApiError(
        "Credential required.",
        "CREDENTIAL_REQUIRED",
        "1384574d-a912-4b81-8601-c7b1c4085df1",
        status=401,
    )


def _authentication_failed() -> ApiError:
    message = "Authentication failed. Please ensure your token is correct."
    return ApiError(
        message,
        "AUTHENTICATION_FAILED",
        "b0a7f5f8-dc2f-4171-b91f-de88ad238e14",
        status=401,
        headers={
            "WWW-Authenticate": (
                f'Bearer realm="Misskey", error="invalid_token", error_description="{message}"'
            )
        },
    )


def _file_required() -> ApiError:
    return ApiError("File required.", "FILE_REQUIRED", "4267801e-70d1-416a-b011-4ee502885d8b")


def _no_such_note_show() -> ApiError:
    return ApiError("No such note.", "NO_SUCH_NOTE", "24fcbfc6-2e37-42b6-8388-c29b3861a08d")


# ------------------------------------------------------------------------- parameter checks

# ------------------------------------------------------------------------------- endpoints


@dataclass(frozen=True, slots=True)
class _Endpoint:
    handler: Callable[[dict[str, Any], sqlite3.Row | None], Awaitable[Any]]
    require_credential: bool = False
    kind: str | None = None  # the MiAuth permission a third-party token needs
    require_file: bool = False


@dataclass(eq=False)
class _StreamClient:
    ws: web.WebSocketResponse
    user_id: str | None
    channels: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)


_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    name TEXT,
    description TEXT,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS follows (
    follower_id TEXT NOT NULL REFERENCES users(id),
    followee_id TEXT NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (follower_id, followee_id)
);
CREATE TABLE IF NOT EXISTS tokens (
    token TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,            -- 'native' (the user's own "i") or 'miauth'
    permission TEXT,               -- JSON list for MiAuth tokens
    app_name TEXT,
    session TEXT UNIQUE,
    fetched INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS drive_files (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    md5 TEXT NOT NULL,
    size INTEGER NOT NULL,
    width INTEGER,
    height INTEGER,
    comment TEXT,
    is_sensitive INTEGER NOT NULL DEFAULT 0,
    seed_name TEXT,                -- generated picture (artwork.image_png); else data
    data BLOB
);
CREATE TABLE IF NOT EXISTS notes (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    text TEXT,
    cw TEXT,
    visibility TEXT NOT NULL,
    local_only INTEGER NOT NULL DEFAULT 0,
    file_ids TEXT NOT NULL DEFAULT '[]',
    tags TEXT NOT NULL DEFAULT '[]',
    mentions TEXT NOT NULL DEFAULT '[]',
    reply_id TEXT,
    renote_id TEXT
);
CREATE INDEX IF NOT EXISTS notes_user ON notes(user_id, id);
CREATE TABLE IF NOT EXISTS note_visible_users (
    note_id TEXT NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id),
    PRIMARY KEY (note_id, user_id)
);
"""

# Which notes a viewer may see (Misskey's generateVisibilityQuery); :me is the viewer's id.
_VISIBLE_SQL = """(
    n.visibility IN ('public', 'home')
    OR n.user_id = :me
    OR EXISTS (SELECT 1 FROM note_visible_users v WHERE v.note_id = n.id AND v.user_id = :me)
    OR (n.visibility = 'followers' AND (
        n.user_id IN (SELECT followee_id FROM follows WHERE follower_id = :me)
        OR EXISTS (SELECT 1 FROM notes r WHERE r.id = n.reply_id AND r.user_id = :me)
        OR n.mentions LIKE '%"' || :me || '"%'))
)"""


class MisskeySandbox:
    """The friends network: Misskey API subset over SQLite, one instance per database file."""

    def __init__(
        self,
        db_path: Path,
        *,
        label: str = "nakama",
        faults: Faults | None = None,
        approval: str | None = None,
    ) -> None:
        """``approval``: the secret a sign-in must present on the MiAuth page
        (:mod:`app.sandbox.guard`); a fresh random one when not given."""
        self.db_path = Path(db_path)
        self.label = label
        self.approval = approval or new_secret()
        self.base_url = "http://127.0.0.1"
        # Misskey answers every unexpected failure 500 INTERNAL_ERROR (ApiCallService).
        self.faults = faults or Faults(label, error_statuses=(500,))
        self._stream_requests: dict[int, web.Request] = {}  # open streaming connections
        # Misskey's per-endpoint limits; tests may lower them.
        self.rate_limits: dict[str, tuple[int, float]] = {
            "notes/create": (300, 3600.0),
            "drive/files/create": (120, 3600.0),
        }
        self._limiters: dict[str, RateLimiter] = {}
        self._db: sqlite3.Connection | None = None
        self._clients: set[_StreamClient] = set()
        self._png_cache: dict[str, bytes] = {}
        self._endpoints: dict[str, _Endpoint] = {
            "i": _Endpoint(self._ep_i, True, "read:account"),
            "meta": _Endpoint(self._ep_meta),
            "users/show": _Endpoint(self._ep_users_show),
            "users/following": _Endpoint(self._ep_users_following),
            "users/followers": _Endpoint(self._ep_users_followers),
            "following/create": _Endpoint(self._ep_following_create, True, "write:following"),
            "following/delete": _Endpoint(self._ep_following_delete, True, "write:following"),
            "notes/create": _Endpoint(self._ep_notes_create, True, "write:notes"),
            "notes/show": _Endpoint(self._ep_notes_show),
            "notes/delete": _Endpoint(self._ep_notes_delete, True, "write:notes"),
            "notes/timeline": _Endpoint(self._ep_home_timeline, True, "read:account"),
            "notes/local-timeline": _Endpoint(self._ep_local_timeline),
            "notes/hybrid-timeline": _Endpoint(self._ep_hybrid_timeline, True, "read:account"),
            "drive/files/create": _Endpoint(
                self._ep_drive_create, True, "write:drive", require_file=True
            ),
            "drive/files/show": _Endpoint(self._ep_drive_show, True, "read:drive"),
        }
        self.answers = MisskeyAnswers(self)  # reactions, threads, notifications
        for name, (handler, credential, kind) in self.answers.endpoints().items():
            self._endpoints[name] = _Endpoint(handler, credential, kind)

    # ------------------------------------------------------------------------ lifecycle

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            raise RuntimeError("MisskeySandbox.open() has not been called")
        return self._db

    def open(self, now: datetime | None = None) -> None:
        """Create the schema and, on an empty database, seed the community. Idempotent."""
        if self._db is not None:
            return
        self._db = open_db(self.db_path)
        with self._db:
            self._db.executescript(_SCHEMA)
            self._db.executescript(ANSWERS_SCHEMA)
        if self._db.execute("SELECT COUNT(*) FROM users").fetchone()[0] == 0:
            self._seed(now or datetime.now(UTC))

    async def close(self) -> None:
        """Close every stream connection, then the database."""
        await self._close_streams()
        if self._db is not None:
            self._db.close()
            self._db = None

    async def _close_streams(self, _app: web.Application | None = None) -> None:
        clients, self._clients = list(self._clients), set()
        for client in clients:
            await client.ws.close(code=1001, message=b"server shutdown")

    def _seed(self, now: datetime) -> None:
        db = self.db
        created = int(now.timestamp() * 1000) - 30 * 86_400_000
        with db:
            for member in community.MEMBERS:
                self._insert_user(member.username, member.display_name, member.bio, created)
            ids = self._user_ids()
            for follower, followee in community.follows("friends"):
                if follower in ids and followee in ids:
                    db.execute(
                        "INSERT OR IGNORE INTO follows VALUES (?, ?, ?)",
                        (ids[follower], ids[followee], created),
                    )
            for post in post_generator.friends_posts(now):
                ms = int(post.created_at.timestamp() * 1000)
                file_ids: list[str] = []
                if post.image:
                    file_ids.append(
                        self._insert_seed_file(ids[post.username], post.image, post.image_alt, ms)
                    )
                self._insert_note(
                    ids[post.username],
                    post.text,
                    post.visibility,
                    visible_user_ids=[ids[u] for u in post.recipients if u in ids],
                    file_ids=file_ids,
                    created_ms=ms,
                )

    def _insert_user(self, username: str, name: str, bio: str, created_ms: int) -> str:
        uid = aidx(created_ms)
        self.db.execute(
            "INSERT INTO users VALUES (?, ?, ?, ?, ?)", (uid, username, name, bio, created_ms)
        )
        self.db.execute(
            "INSERT INTO tokens (token, user_id, kind, created_at) VALUES (?, ?, 'native', ?)",
            (new_token(24), uid, created_ms),
        )
        return uid

    def _insert_seed_file(self, user_id: str, name: str, alt: str, created_ms: int) -> str:
        # Pictures are drawn lazily (when first packed or shown): drawing them all at seed
        # time would make every fresh sandbox start slowly. Their size is known already;
        # md5 and byte size come from _seed_facts.
        width, height = artwork.IMAGE_SIZE
        fid = aidx(created_ms)
        self.db.execute(
            "INSERT INTO drive_files (id, user_id, created_at, name, type, md5, size, width,"
            " height, comment, seed_name) VALUES (?, ?, ?, ?, 'image/png', ?, ?, ?, ?, ?, ?)",
            (
                fid,
                user_id,
                created_ms,
                f"{name}.png",
                "",
                0,
                width,
                height,
                alt or None,
                name,
            ),
        )
        return fid

    def _user_ids(self) -> dict[str, str]:
        return {r["username"]: r["id"] for r in self.db.execute("SELECT id, username FROM users")}

    @property
    def streaming_url(self) -> str:
        return "ws" + self.base_url.removeprefix("http") + "/streaming"

    # ---------------------------------------------------------------- public helpers

    def accounts(self) -> list[dict[str, str]]:
        """A ready-made token (``i``) for every member, the demo user included."""
        rows = self.db.execute(
            "SELECT u.username, u.id, t.token FROM users u JOIN tokens t ON t.user_id = u.id"
            " WHERE t.kind = 'native' ORDER BY u.created_at, u.id"
        )
        return [{"username": r["username"], "id": r["id"], "token": r["token"]} for r in rows]

    def add_user(
        self, username: str, name: str = "", *, follows: Iterable[str] = ()
    ) -> dict[str, str]:
        """Register one more local user (who follows ``follows``); returns its account dict.

        For tests and demos that need someone outside the circle of mutual followers.
        """
        with self.db:
            uid = self._insert_user(username, name or username, "", _now_ms())
            ids = self._user_ids()
            for other in follows:
                self.db.execute(
                    "INSERT OR IGNORE INTO follows VALUES (?, ?, ?)", (uid, ids[other], _now_ms())
                )
        token = self.db.execute(
            "SELECT token FROM tokens WHERE user_id = ? AND kind = 'native'", (uid,)
        ).fetchone()[0]
        return {"username": username, "id": uid, "token": token}

    async def answer_demo(self, rng: random.Random) -> dict[str, Any] | None:
        """A community member answers the demo user (replies, reacts or mentions them):
        see :meth:`app.sandbox.misskey_answers.MisskeyAnswers.answer_demo`."""
        return await self.answers.answer_demo(rng, community.DEMO_USERNAME)

    async def post_as(
        self, username: str, text: str, visibility: str, recipients: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        """Create a note as ``username`` and push it to the streams; returns the note JSON."""
        if visibility not in VISIBILITIES:
            raise ValueError(f"unknown Misskey visibility {visibility!r}")
        ids = self._user_ids()
        with self.db:
            nid = self._insert_note(
                ids[username],
                text,
                visibility,
                visible_user_ids=[ids[u] for u in recipients],
            )
        row = self._note_row(nid)
        assert row is not None
        await self._broadcast(row)
        return self._pack_note(row, ids[username])

    def drop_streams(self) -> int:
        """Cut every open stream's connection without a close frame (a fault for tests)."""
        requests = list(self._stream_requests.values())
        for request in requests:
            drop_connection(request)
        return len(requests)

    # ---------------------------------------------------------------------- faults

    @staticmethod
    def _fault_applies(request: web.Request) -> bool:
        """The API, MiAuth and the streaming handshake; never pictures or note pages."""
        path = request.path
        return path.startswith(("/api/", "/miauth/")) or path == "/streaming"

    @staticmethod
    def _fault_error(status: int) -> web.Response:
        return ApiError(
            "Internal error occurred. Please contact us if the error persists.",
            "INTERNAL_ERROR",
            "5d37dbcb-891e-41ca-a3d6-e690c97775ac",
            status=status,
            kind="server",
            info={"e": {"message": "injected fault", "code": "SandboxFault"}},
        ).response()

    @staticmethod
    def _fault_rate_limited(retry_after: float) -> web.Response:
        return _rate_limit_exceeded(0, retry_after * 1000.0, retry_after * 1000.0).response()

    # ---------------------------------------------------------------------- the app

    def make_app(self) -> web.Application:
        faults = self.faults.middleware(
            self._fault_applies, self._fault_error, self._fault_rate_limited
        )
        app = web.Application(client_max_size=16 * 1024 * 1024, middlewares=[host_guard, faults])
        app.router.add_post(r"/api/miauth/{session}/check", self._miauth_check)
        app.router.add_route("*", r"/api/{endpoint:.+}", self._api)
        app.router.add_get("/miauth/{session}", self._miauth_page)
        app.router.add_get("/streaming", self._streaming)
        app.router.add_get("/avatars/{username}.png", self._avatar)
        app.router.add_get("/files/drive/{file_id}", self._drive_file)
        app.router.add_get("/files/{name}.png", self._seed_file)
        app.router.add_get("/notes/{note_id}", self._note_page)
        app.on_shutdown.append(self._close_streams)
        return app

    async def _api(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["endpoint"]
        ep = self._endpoints.get(name)
        if ep is None:
            return ApiError(
                "Unknown API endpoint.",
                "UNKNOWN_API_ENDPOINT",
                "2ca3b769-540a-4f08-9dd5-b5a825b6d0f1",
                status=404,
            ).response()
        if request.method != "POST":
            return web.Response(status=405)
        try:
            params, file = await self._read_params(request, ep)
            token = self._request_token(request, params)
            user, perms = self._authenticate(token)
            result = await self._call(name, ep, params, file, user, perms, request)
        except ApiError as e:
            return e.response()
        except (sqlite3.Error, ValueError, KeyError, TypeError) as exc:
            # ApiCallService turns any other failure into INTERNAL_ERROR with its own id.
            log.exception("sandbox %s failed", name)
            return ApiError(
                "Internal error occurred. Please contact us if the error persists.",
                "INTERNAL_ERROR",
                "5d37dbcb-891e-41ca-a3d6-e690c97775ac",
                status=500,
                kind="server",
                info={"e": {"message": str(exc), "code": type(exc).__name__}},
            ).response()
        headers = {"Cache-Control": "private, max-age=0, must-revalidate"}
        if result is None:
            return web.Response(status=204, headers=headers)
        return web.json_response(result, headers=headers)

    async def _read_params(
        self, request: web.Request, ep: _Endpoint
    ) -> tuple[dict[str, Any], tuple[str, bytes] | None]:
        if ep.require_file:
            if not request.content_type.startswith("multipart/"):
                raise _file_required()
            params: dict[str, Any] = {}
            file: tuple[str, bytes] | None = None
            reader = await request.multipart()
            async for part in reader:
                if not isinstance(part, BodyPartReader):
                    continue  # a nested multipart: Misskey's client never sends one
                if part.name == "file" and file is None:
                    file = (part.filename or "untitled", bytes(await part.read()))
                elif part.name:
                    value: Any = await part.text()
                    # Multipart fields are text; ApiCallService casts the boolean ones.
                    if part.name in _MULTIPART_BOOLEANS and value in ("true", "false"):
                        value = value == "true"
                    params[part.name] = value
            if file is None:
                raise _file_required()
            return params, file
        raw = await request.read()
        if not raw.strip():
            return {}, None
        try:
            body = json.loads(raw)
        except ValueError:
            raise _invalid_param("body", "must be a JSON object") from None
        if not isinstance(body, dict):
            raise _invalid_param("body/type", "must be object")
        return body, None

    @staticmethod
    def _request_token(request: web.Request, params: dict[str, Any]) -> str | None:
        auth = request.headers.get("Authorization", "")
        token = auth[7:] if auth.startswith("Bearer ") else params.get("i")
        if token is not None and not isinstance(token, str):
            raise _invalid_param("i/type", "must be string")
        return token

    def _authenticate(self, token: str | None) -> tuple[sqlite3.Row | None, list[str] | None]:
        """(user, permissions); permissions is None for a user's own token (all allowed)."""
        if token is None:
            return None, None
        row = self.db.execute(
            "SELECT u.*, t.kind AS token_kind, t.permission AS token_permission"
            " FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.token = ?",
            (token,),
        ).fetchone()
        if row is None:
            raise _authentication_failed()
        if row["token_kind"] != "miauth":
            return row, None
        return row, json.loads(row["token_permission"] or "[]")

    async def _call(
        self,
        name: str,
        ep: _Endpoint,
        params: dict[str, Any],
        file: tuple[str, bytes] | None,
        user: sqlite3.Row | None,
        perms: list[str] | None,
        request: web.Request,
    ) -> Any:
        # Same order as ApiCallService.call: rate limit, credential, permission, then params.
        if name in self.rate_limits:
            self._rate_limit(name, user["id"] if user else (request.remote or "?"))
        if ep.require_credential and user is None:
            raise _credential_required()
        if perms is not None and ep.kind and ep.kind not in perms:
            raise ApiError(
                "Your app does not have the necessary permissions to use this endpoint.",
                "PERMISSION_DENIED",
                "1370e5b7-d4eb-4566-bb1d-7748ee6a1838",
                kind="permission",
            )
        if file is not None:
            params = {**params, "__file": file}
        return await ep.handler(params, user)

    def _rate_limit(self, name: str, actor: str) -> None:
        limit, period = self.rate_limits[name]
        limiter = self._limiters.get(name)
        if limiter is None or (limiter.limit, limiter.period) != (limit, period):
            limiter = self._limiters[name] = RateLimiter(limit, period)
        allowed, remaining, reset_at = limiter.hit(actor)
        if not allowed:
            wait_ms = max(0.0, (reset_at - time.time()) * 1000.0)
            raise _rate_limit_exceeded(remaining, wait_ms, wait_ms)

    # -------------------------------------------------------------------- packing

    def _avatar_url(self, username: str) -> str:
        return f"{self.base_url}/avatars/{quote(username)}.png"

    def _pack_user_lite(self, u: sqlite3.Row) -> dict[str, Any]:
        return {
            "id": u["id"],
            "name": u["name"],
            "username": u["username"],
            "host": None,
            "avatarUrl": self._avatar_url(u["username"]),
            "avatarBlurhash": None,
            "avatarDecorations": [],
            "isBot": False,
            "isCat": False,
            "emojis": {},
            "onlineStatus": "unknown",
            "badgeRoles": [],
        }

    def _counts(self, uid: str) -> dict[str, int]:
        def count(sql: str) -> int:
            return int(self.db.execute(sql, (uid,)).fetchone()[0])

        return {
            "followersCount": count("SELECT COUNT(*) FROM follows WHERE followee_id = ?"),
            "followingCount": count("SELECT COUNT(*) FROM follows WHERE follower_id = ?"),
            "notesCount": count("SELECT COUNT(*) FROM notes WHERE user_id = ?"),
        }

    def _pack_user_detailed(self, u: sqlite3.Row, viewer_id: str | None) -> dict[str, Any]:
        out = self._pack_user_lite(u)
        out.update(
            {
                "url": None,
                "uri": None,
                "movedTo": None,
                "alsoKnownAs": None,
                "createdAt": _iso(u["created_at"]),
                "updatedAt": None,
                "lastFetchedAt": None,
                "bannerUrl": None,
                "bannerBlurhash": None,
                "isLocked": False,
                "isSilenced": False,
                "isSuspended": False,
                "description": u["description"] or None,
                "location": None,
                "birthday": None,
                "lang": "ja-JP",
                "fields": [],
                "verifiedLinks": [],
                **self._counts(u["id"]),
                "pinnedNoteIds": [],
                "pinnedNotes": [],
                "pinnedPageId": None,
                "pinnedPage": None,
                "publicReactions": True,
                "followingVisibility": "public",
                "followersVisibility": "public",
                "roles": [],
                "memo": None,
            }
        )
        if viewer_id is not None and viewer_id != u["id"]:
            out.update(
                {
                    "isFollowing": self._follows(viewer_id, u["id"]),
                    "isFollowed": self._follows(u["id"], viewer_id),
                    "hasPendingFollowRequestFromYou": False,
                    "hasPendingFollowRequestToYou": False,
                    "isBlocking": False,
                    "isBlocked": False,
                    "isMuted": False,
                    "isRenoteMuted": False,
                    "notify": "none",
                    "withReplies": False,
                }
            )
        return out

    def _pack_me(self, u: sqlite3.Row) -> dict[str, Any]:
        out = self._pack_user_detailed(u, u["id"])
        out.update(
            {
                "avatarId": None,
                "bannerId": None,
                "isModerator": False,
                "isAdmin": False,
                "injectFeaturedNote": False,
                "receiveAnnouncementEmail": False,
                "alwaysMarkNsfw": False,
                "autoSensitive": False,
                "carefulBot": False,
                "autoAcceptFollowed": True,
                "noCrawle": True,
                "preventAiLearning": True,
                "isExplorable": False,
                "isDeleted": False,
                "twoFactorBackupCodesStock": "none",
                "hideOnlineStatus": False,
                "hasUnreadSpecifiedNotes": False,
                "hasUnreadMentions": False,
                "hasUnreadAnnouncement": False,
                "unreadAnnouncements": [],
                "hasUnreadAntenna": False,
                "hasUnreadChannel": False,
                "hasUnreadNotification": False,
                "hasPendingReceivedFollowRequest": False,
                "unreadNotificationsCount": 0,
                "mutedWords": [],
                "hardMutedWords": [],
                "mutedInstances": [],
                "mutingNotificationTypes": [],
                "notificationRecieveConfig": {},
                "emailNotificationTypes": [],
                "achievements": [],
                "loggedInDays": 1,
                "policies": {
                    "gtlAvailable": False,
                    "ltlAvailable": True,
                    "canPublicNote": True,
                    "canInvite": False,
                    "canManageCustomEmojis": False,
                    "canHideAds": True,
                    "driveCapacityMb": 100,
                    "pinLimit": 5,
                    "antennaLimit": 5,
                    "wordMuteLimit": 200,
                    "webhookLimit": 3,
                    "clipLimit": 10,
                    "noteEachClipsLimit": 200,
                    "userListLimit": 10,
                    "userEachUserListsLimit": 50,
                    "rateLimitFactor": 1,
                },
                "twoFactorEnabled": False,
                "usePasswordLessLogin": False,
                "securityKeys": False,
            }
        )
        return out

    def _file_url(self, f: sqlite3.Row) -> str:
        if f["seed_name"]:
            return f"{self.base_url}/files/{quote(f['seed_name'])}.png"
        return f"{self.base_url}/files/drive/{f['id']}"

    def _seed_facts(self, f: sqlite3.Row) -> tuple[str, int]:
        """A file's md5 and byte size; a seed picture's are worked out when first asked."""
        if f["md5"] or not f["seed_name"]:
            return f["md5"], f["size"]
        data = self._image(f["seed_name"])  # drawn once, then cached
        return hashlib.md5(data).hexdigest(), len(data)

    def _pack_file(self, f: sqlite3.Row) -> dict[str, Any]:
        props = {"width": f["width"], "height": f["height"]} if f["width"] else {}
        url = self._file_url(f)
        md5, size = self._seed_facts(f)
        return {
            "id": f["id"],
            "createdAt": _iso(f["created_at"]),
            "name": f["name"],
            "type": f["type"],
            "md5": md5,
            "size": size,
            "isSensitive": bool(f["is_sensitive"]),
            "blurhash": None,
            "properties": props,
            "url": url,
            "thumbnailUrl": url,
            "comment": f["comment"],
            "folderId": None,
            "folder": None,
            "userId": f["user_id"],
            "user": None,
        }

    def _note_row(self, nid: str) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM notes WHERE id = ?", (nid,)).fetchone()

    def _visible_user_ids(self, nid: str) -> list[str]:
        rows = self.db.execute(
            "SELECT user_id FROM note_visible_users WHERE note_id = ? ORDER BY rowid", (nid,)
        )
        return [r[0] for r in rows]

    def _follows(self, follower: str, followee: str) -> bool:
        return (
            self.db.execute(
                "SELECT 1 FROM follows WHERE follower_id = ? AND followee_id = ?",
                (follower, followee),
            ).fetchone()
            is not None
        )

    def _can_see(self, n: sqlite3.Row, viewer_id: str | None) -> bool:
        """Misskey's ``isVisibleForMe``."""
        vis = n["visibility"]
        if vis in ("public", "home"):
            return True
        if viewer_id is None:
            return False
        if viewer_id == n["user_id"]:
            return True
        if vis == "specified":
            return viewer_id in self._visible_user_ids(n["id"])
        if viewer_id in json.loads(n["mentions"]):
            return True
        if n["reply_id"]:
            reply = self._note_row(n["reply_id"])
            if reply is not None and reply["user_id"] == viewer_id:
                return True
        return self._follows(viewer_id, n["user_id"])

    def _pack_note(
        self, n: sqlite3.Row, viewer_id: str | None, *, detail: bool = True
    ) -> dict[str, Any]:
        db = self.db
        author = db.execute("SELECT * FROM users WHERE id = ?", (n["user_id"],)).fetchone()
        file_ids: list[str] = json.loads(n["file_ids"])
        files = []
        for fid in file_ids:
            f = db.execute("SELECT * FROM drive_files WHERE id = ?", (fid,)).fetchone()
            if f is not None:
                files.append(self._pack_file(f))
        tags: list[str] = json.loads(n["tags"])
        mentions: list[str] = json.loads(n["mentions"])
        out: dict[str, Any] = {
            "id": n["id"],
            "createdAt": _iso(n["created_at"]),
            "userId": n["user_id"],
            "user": self._pack_user_lite(author),
            "text": n["text"],
            "cw": n["cw"],
            "visibility": n["visibility"],
            "localOnly": bool(n["local_only"]),
            "reactionAcceptance": None,
            "renoteCount": db.execute(
                "SELECT COUNT(*) FROM notes WHERE renote_id = ?", (n["id"],)
            ).fetchone()[0],
            "repliesCount": db.execute(
                "SELECT COUNT(*) FROM notes WHERE reply_id = ?", (n["id"],)
            ).fetchone()[0],
            "reactionCount": 0,
            "reactions": {},
            "reactionEmojis": {},
            "fileIds": file_ids,
            "files": files,
            "replyId": n["reply_id"],
            "renoteId": n["renote_id"],
        }
        # Misskey leaves these keys out (undefined) rather than sending empty values.
        if n["visibility"] == "specified":
            out["visibleUserIds"] = self._visible_user_ids(n["id"])
        if tags:
            out["tags"] = tags
        if mentions:
            out["mentions"] = mentions
        if detail:
            out["clippedCount"] = 0
            for key, ref, nested_detail in (
                ("reply", n["reply_id"], False),
                ("renote", n["renote_id"], True),
            ):
                target = self._note_row(ref) if ref else None
                if target is not None:
                    out[key] = self._pack_note(target, viewer_id, detail=nested_detail)
        self.answers.decorate(out, n["id"], viewer_id)
        if viewer_id != n["user_id"] and not self._can_see(n, viewer_id):
            # NoteEntityService.hideNote: the note is shown as existing, its content is not.
            out.pop("visibleUserIds", None)
            out.update(fileIds=[], files=[], text=None, cw=None, isHidden=True)
        return out

    # ------------------------------------------------------------------- note creation

    def _insert_note(
        self,
        user_id: str,
        text: str | None,
        visibility: str,
        *,
        cw: str | None = None,
        visible_user_ids: list[str] = (),  # type: ignore[assignment]
        file_ids: list[str] = (),  # type: ignore[assignment]
        local_only: bool = False,
        reply_id: str | None = None,
        renote_id: str | None = None,
        created_ms: int | None = None,
    ) -> str:
        """Insert one note (inside the caller's transaction); returns its id."""
        ms = _now_ms() if created_ms is None else created_ms
        nid = aidx(ms)
        ids = self._user_ids()
        mentioned: list[str] = []
        for m in _MENTION.finditer(text or ""):
            uid = ids.get(m.group(1).lower()) if m.group(2) is None else None
            if uid and uid not in mentioned:
                mentioned.append(uid)
        visible = list(dict.fromkeys(visible_user_ids))
        if visibility == "specified":
            # NoteCreateService: mentioned users of a specified note may read it too.
            visible += [u for u in mentioned if u not in visible]
        self.db.execute(
            "INSERT INTO notes (id, user_id, created_at, text, cw, visibility, local_only,"
            " file_ids, tags, mentions, reply_id, renote_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                nid,
                user_id,
                ms,
                text,
                cw,
                visibility,
                int(local_only),
                json.dumps(list(file_ids)),
                json.dumps(note_tags(text, cw)),
                json.dumps(mentioned),
                reply_id,
                renote_id,
            ),
        )
        if visibility == "specified":
            self.db.executemany(
                "INSERT OR IGNORE INTO note_visible_users VALUES (?, ?)",
                [(nid, u) for u in visible],
            )
        self.answers.note_created(nid)
        return nid

    # ------------------------------------------------------------------- endpoints

    async def _ep_i(self, ps: dict[str, Any], me: sqlite3.Row | None) -> Any:
        assert me is not None
        return self._pack_me(me)

    async def _ep_meta(self, ps: dict[str, Any], me: sqlite3.Row | None) -> Any:
        detail = _get_bool(ps, "detail", True)
        out: dict[str, Any] = {
            "maintainerName": None,
            "maintainerEmail": None,
            "version": MISSKEY_VERSION,
            "providesTarball": False,
            "name": INSTANCE_NAME,
            "shortName": self.label,
            "uri": self.base_url,
            "description": "Kizuna のサンドボックス: 友だちだけの小さなネットワーク。",
            "langs": ["ja"],
            "tosUrl": None,
            "repositoryUrl": "https://github.com/misskey-dev/misskey",
            "feedbackUrl": None,
            "impressumUrl": None,
            "privacyPolicyUrl": None,
            "inquiryUrl": None,
            "disableRegistration": True,
            "emailRequiredForSignup": False,
            "enableHcaptcha": False,
            "hcaptchaSiteKey": None,
            "enableMcaptcha": False,
            "mcaptchaSiteKey": None,
            "mcaptchaInstanceUrl": None,
            "enableRecaptcha": False,
            "recaptchaSiteKey": None,
            "enableTurnstile": False,
            "turnstileSiteKey": None,
            "enableTestcaptcha": False,
            "swPublickey": None,
            "themeColor": "#3b6ea5",
            "mascotImageUrl": None,
            "bannerUrl": None,
            "infoImageUrl": None,
            "serverErrorImageUrl": None,
            "notFoundImageUrl": None,
            "iconUrl": None,
            "backgroundImageUrl": None,
            "logoImageUrl": None,
            "maxNoteTextLength": MAX_NOTE_TEXT_LENGTH,
            "defaultLightTheme": None,
            "defaultDarkTheme": None,
            "ads": [],
            "notesPerOneAd": 0,
            "enableEmail": False,
            "enableServiceWorker": False,
            "translatorAvailable": False,
            "serverRules": [],
            "policies": {"ltlAvailable": True, "gtlAvailable": False, "canPublicNote": True},
            "mediaProxy": f"{self.base_url}/proxy",
            "enableUrlPreview": False,
            "noteSearchableScope": "local",
            "maxFileSize": 16 * 1024 * 1024,
            "cacheRemoteFiles": False,
            "cacheRemoteSensitiveFiles": False,
            "requireSetup": False,
        }
        if detail:
            out["features"] = {
                "localTimeline": True,
                "globalTimeline": False,
                "registration": False,
                "emailRequiredForSignup": False,
                "hcaptcha": False,
                "recaptcha": False,
                "turnstile": False,
                "objectStorage": False,
                "serviceWorker": False,
                "miauth": True,
            }
        return out

    def _find_user(self, ps: dict[str, Any]) -> sqlite3.Row | None:
        uid = _get_str(ps, "userId", is_id=True)
        if uid is not None:
            return self.db.execute("SELECT * FROM users WHERE id = ?", (uid,)).fetchone()
        username = _get_str(ps, "username")
        host = _get_str(ps, "host")
        if username is not None and host in (None, "", self.label):
            return self.db.execute(
                "SELECT * FROM users WHERE username = ? COLLATE NOCASE", (username,)
            ).fetchone()
        return None

    async def _ep_users_show(self, ps: dict[str, Any], me: sqlite3.Row | None) -> Any:
        viewer = me["id"] if me else None
        user_ids = _get_ids(ps, "userIds")
        if user_ids is not None:
            rows = [
                self.db.execute("SELECT * FROM users WHERE id = ?", (u,)).fetchone()
                for u in user_ids
            ]
            return [self._pack_user_detailed(r, viewer) for r in rows if r is not None]
        if "userId" not in ps and "username" not in ps:
            raise _invalid_param("anyOf", "must match a schema in anyOf")
        user = self._find_user(ps)
        if user is None:
            raise ApiError("No such user.", "NO_SUCH_USER", "4362f8dc-731f-4ad8-a694-be5a88922a24")
        return self._pack_user_detailed(user, viewer)

    def _follow_page(
        self, ps: dict[str, Any], me: sqlite3.Row | None, *, side: str
    ) -> list[dict[str, Any]]:
        """``users/following`` (side "followee") or ``users/followers`` (side "follower"):
        Following records, newest first, paged by ``sinceId``/``untilId`` on their ids."""
        limit = _get_int(ps, "limit", 10, 1, 100)
        since = _get_str(ps, "sinceId", is_id=True)
        until = _get_str(ps, "untilId", is_id=True)
        if "userId" not in ps and "username" not in ps:
            raise _invalid_param("anyOf", "must match a schema in anyOf")
        user = self._find_user(ps)
        if user is None:
            raise ApiError("No such user.", "NO_SUCH_USER", "63e4aba4-4156-4e53-be25-c9559e42d71b")
        mine = "follower_id" if side == "followee" else "followee_id"
        rows = self.db.execute(
            f"SELECT rowid, * FROM follows WHERE {mine} = ?", (user["id"],)
        ).fetchall()
        # A follow's id is an aidx of when it was made (the table keeps no id of its own).
        records = sorted(
            (
                (_base36(max(0, r["created_at"] - _TIME2000), 8) + "0000" + _base36(r[0], 4), r)
                for r in rows
            ),
            reverse=True,
        )
        if since and not until:
            records = [x for x in records if x[0] > since][-limit:]
        else:
            records = [x for x in records if (not until or x[0] < until)]
            records = [x for x in records if (not since or x[0] > since)][:limit]
        viewer = me["id"] if me else None
        out = []
        for rid, r in records:
            other = self.db.execute(
                "SELECT * FROM users WHERE id = ?", (r[f"{side}_id"],)
            ).fetchone()
            if other is None:
                continue
            out.append(
                {
                    "id": rid,
                    "createdAt": _iso(r["created_at"]),
                    "followeeId": r["followee_id"],
                    "followerId": r["follower_id"],
                    side: self._pack_user_detailed(other, viewer),
                }
            )
        return out

    async def _ep_users_following(self, ps: dict[str, Any], me: sqlite3.Row | None) -> Any:
        return self._follow_page(ps, me, side="followee")

    async def _ep_users_followers(self, ps: dict[str, Any], me: sqlite3.Row | None) -> Any:
        return self._follow_page(ps, me, side="follower")

    async def _ep_following_create(self, ps: dict[str, Any], me: sqlite3.Row | None) -> Any:
        assert me is not None
        if "userId" not in ps:
            raise _invalid_param("required", "must have required property 'userId'")
        user = self._find_user({"userId": ps["userId"]})
        if user is None:
            raise ApiError("No such user.", "NO_SUCH_USER", "fcd2eef9-a9b2-4c4f-8624-038099e90aa5")
        if user["id"] == me["id"]:
            raise ApiError(
                "Followee is yourself.",
                "FOLLOWEE_IS_YOURSELF",
                "26fbe7bb-a331-4857-af17-205b426669a9",
            )
        if self._follows(me["id"], user["id"]):
            raise ApiError(
                "You are already following that user.",
                "ALREADY_FOLLOWING",
                "35387507-38c7-4cb9-9197-300b93783fa0",
            )
        with self.db:
            self.db.execute(
                "INSERT INTO follows VALUES (?, ?, ?)", (me["id"], user["id"], _now_ms())
            )
            self.answers.notify(user["id"], me["id"], "follow", None)
        return self._pack_user_lite(user)

    async def _ep_following_delete(self, ps: dict[str, Any], me: sqlite3.Row | None) -> Any:
        assert me is not None
        if "userId" not in ps:
            raise _invalid_param("required", "must have required property 'userId'")
        user = self._find_user({"userId": ps["userId"]})
        if user is None:
            raise ApiError("No such user.", "NO_SUCH_USER", "5b12c78d-2b28-4dca-99d2-f56139b42ff8")
        if user["id"] == me["id"]:
            raise ApiError(
                "Followee is yourself.",
                "FOLLOWEE_IS_YOURSELF",
                "d9e400b9-36b0-4808-b1d8-79e707f1296c",
            )
        if not self._follows(me["id"], user["id"]):
            raise ApiError(
                "You are not following that user.",
                "NOT_FOLLOWING",
                "5dbf82f5-c92b-40b1-87d1-6c8c0741fd09",
            )
        with self.db:
            self.db.execute(
                "DELETE FROM follows WHERE follower_id = ? AND followee_id = ?",
                (me["id"], user["id"]),
            )
        return self._pack_user_lite(user)

    async def _ep_notes_create(self, ps: dict[str, Any], me: sqlite3.Row | None) -> Any:
        assert me is not None
        visibility = ps.get("visibility", "public")
        if visibility not in VISIBILITIES:
            raise _invalid_param("visibility/enum", "must be equal to one of the allowed values")
        visible_user_ids = _get_ids(ps, "visibleUserIds") or []
        cw = _get_str(ps, "cw", min_len=1, max_len=100)
        local_only = _get_bool(ps, "localOnly", False)
        reply_id = _get_str(ps, "replyId", is_id=True)
        renote_id = _get_str(ps, "renoteId", is_id=True)
        text = _get_str(ps, "text", min_len=1)
        if text is not None and utf16_len(text) > MAX_NOTE_TEXT_LENGTH:
            raise _invalid_param(
                "text/maxLength", f"must NOT have more than {MAX_NOTE_TEXT_LENGTH} characters"
            )
        file_ids = _get_ids(ps, "fileIds", min_items=1, max_items=16)
        if file_ids is None:
            file_ids = _get_ids(ps, "mediaIds", min_items=1, max_items=16)
        if text is None and not file_ids and renote_id is None and ps.get("poll") is None:
            raise _invalid_param("anyOf", "must match a schema in anyOf")
        for fid in file_ids or []:
            if (
                self.db.execute(
                    "SELECT 1 FROM drive_files WHERE id = ? AND user_id = ?", (fid, me["id"])
                ).fetchone()
                is None
            ):
                raise ApiError(
                    "Some files are not found.",
                    "NO_SUCH_FILE",
                    "b6992544-63e7-67f0-fa7f-32444b1b5306",
                )
        for ref, code, ident, message in (
            (
                reply_id,
                "NO_SUCH_REPLY_TARGET",
                "749ee0f6-d3da-459a-bf02-282e2da4292c",
                "No such reply target.",
            ),
            (
                renote_id,
                "NO_SUCH_RENOTE_TARGET",
                "b5c90186-4ab0-49c8-9bba-a1f76c282ba4",
                "No such renote target.",
            ),
        ):
            if ref is not None:
                target = self._note_row(ref)
                if target is None or not self._can_see(target, me["id"]):
                    raise ApiError(message, code, ident)
        replied = self._note_row(reply_id) if reply_id is not None else None
        if (
            replied is not None
            and replied["visibility"] == "specified"
            and visibility != "specified"
        ):
            raise ApiError(
                "You cannot reply to a specified visibility note with extended visibility.",
                "CANNOT_REPLY_TO_SPECIFIED_VISIBILITY_NOTE_WITH_EXTENDED_VISIBILITY",
                "ed940410-535c-4d5e-bfa3-af798671e93c",
            )
        renoted = self._note_row(renote_id) if renote_id is not None else None
        if renoted is not None and (
            renoted["visibility"] == "specified"
            or (renoted["visibility"] == "followers" and renoted["user_id"] != me["id"])
        ):
            # Only public and home notes (and one's own followers-only) may be renoted.
            raise ApiError(
                "You can not Renote due to target visibility.",
                "CANNOT_RENOTE_DUE_TO_VISIBILITY",
                "be9529e9-fe72-4de0-ae43-0b363c4938af",
            )
        known = {r[0] for r in self.db.execute("SELECT id FROM users")}
        with self.db:
            nid = self._insert_note(
                me["id"],
                text,
                visibility,
                cw=cw,
                # Misskey looks the ids up and silently drops unknown ones.
                visible_user_ids=[u for u in visible_user_ids if u in known],
                file_ids=file_ids or [],
                local_only=local_only,
                reply_id=reply_id,
                renote_id=renote_id,
            )
        row = self._note_row(nid)
        assert row is not None
        await self._broadcast(row)
        return {"createdNote": self._pack_note(row, me["id"])}

    async def _ep_notes_show(self, ps: dict[str, Any], me: sqlite3.Row | None) -> Any:
        nid = _get_str(ps, "noteId", nullable=False, is_id=True)
        if nid is None:
            raise _invalid_param("required", "must have required property 'noteId'")
        row = self._note_row(nid)
        if row is None:
            raise _no_such_note_show()
        return self._pack_note(row, me["id"] if me else None)

    async def _ep_notes_delete(self, ps: dict[str, Any], me: sqlite3.Row | None) -> Any:
        assert me is not None
        nid = _get_str(ps, "noteId", nullable=False, is_id=True)
        if nid is None:
            raise _invalid_param("required", "must have required property 'noteId'")
        row = self._note_row(nid)
        if row is None:
            raise ApiError("No such note.", "NO_SUCH_NOTE", "490be23f-8c1f-4796-819f-94cb4f9d1630")
        if row["user_id"] != me["id"]:
            raise ApiError(
                "Access denied.", "ACCESS_DENIED", "fe8d7103-0ea8-4ec3-814d-f8b401dc69e9"
            )
        with self.db:
            self.db.execute("DELETE FROM note_visible_users WHERE note_id = ?", (nid,))
            self.db.execute("DELETE FROM notes WHERE id = ?", (nid,))
        return None

    def _timeline(
        self, ps: dict[str, Any], viewer_id: str | None, source_sql: str
    ) -> list[dict[str, Any]]:
        limit = _get_int(ps, "limit", 10, 1, 100)
        since = _get_str(ps, "sinceId", is_id=True)
        until = _get_str(ps, "untilId", is_id=True)
        with_files = _get_bool(ps, "withFiles", False)
        where = [source_sql, _VISIBLE_SQL if viewer_id else "n.visibility IN ('public', 'home')"]
        args: dict[str, Any] = {"me": viewer_id, "limit": limit}
        if since:
            where.append("n.id > :since")
            args["since"] = since
        if until:
            where.append("n.id < :until")
            args["until"] = until
        if with_files:
            where.append("n.file_ids != '[]'")
        # With sinceId alone Misskey takes the notes just after it (ascending), then returns
        # them newest first like every other page.
        ascending = bool(since) and not until
        rows = self.db.execute(
            f"SELECT n.* FROM notes n WHERE {' AND '.join(where)}"
            f" ORDER BY n.id {'ASC' if ascending else 'DESC'} LIMIT :limit",
            args,
        ).fetchall()
        if ascending:
            rows.reverse()
        return [self._pack_note(r, viewer_id) for r in rows]

    _HOME_SQL = (
        "(n.user_id = :me"
        " OR n.user_id IN (SELECT followee_id FROM follows WHERE follower_id = :me))"
    )

    async def _ep_home_timeline(self, ps: dict[str, Any], me: sqlite3.Row | None) -> Any:
        assert me is not None
        return self._timeline(ps, me["id"], self._HOME_SQL)

    async def _ep_local_timeline(self, ps: dict[str, Any], me: sqlite3.Row | None) -> Any:
        return self._timeline(ps, me["id"] if me else None, "n.visibility = 'public'")

    async def _ep_hybrid_timeline(self, ps: dict[str, Any], me: sqlite3.Row | None) -> Any:
        assert me is not None
        return self._timeline(ps, me["id"], f"({self._HOME_SQL} OR n.visibility = 'public')")

    async def _ep_drive_create(self, ps: dict[str, Any], me: sqlite3.Row | None) -> Any:
        assert me is not None
        filename, data = ps["__file"]
        name = _get_str(ps, "name") or filename
        if name == "null":  # Misskey: the literal "null" means "use the upload's name"
            name = filename
        comment = _get_str(ps, "comment", max_len=512)
        sensitive = _get_bool(ps, "isSensitive", False)
        size = png_size(data)
        ctype = "image/png" if size else _sniff_type(data)
        ms = _now_ms()
        fid = aidx(ms)
        with self.db:
            self.db.execute(
                "INSERT INTO drive_files (id, user_id, created_at, name, type, md5, size, width,"
                " height, comment, is_sensitive, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    fid,
                    me["id"],
                    ms,
                    name,
                    ctype,
                    hashlib.md5(data).hexdigest(),
                    len(data),
                    size[0] if size else None,
                    size[1] if size else None,
                    comment or None,
                    int(sensitive),
                    data,
                ),
            )
        row = self.db.execute("SELECT * FROM drive_files WHERE id = ?", (fid,)).fetchone()
        return self._pack_file(row)

    async def _ep_drive_show(self, ps: dict[str, Any], me: sqlite3.Row | None) -> Any:
        assert me is not None
        fid = _get_str(ps, "fileId", is_id=True)
        row = (
            self.db.execute("SELECT * FROM drive_files WHERE id = ?", (fid,)).fetchone()
            if fid
            else None
        )
        if row is None:
            raise ApiError("No such file.", "NO_SUCH_FILE", "067bc436-2718-4795-b0fb-ecbe43949e31")
        if row["user_id"] != me["id"]:
            raise ApiError(
                "Access denied.", "ACCESS_DENIED", "25b73c73-68b1-41d0-bad1-381cfdf6579f"
            )
        return self._pack_file(row)

    # ---------------------------------------------------------------------- MiAuth

    def _demo_user(self) -> sqlite3.Row:
        return self.db.execute(
            "SELECT * FROM users WHERE username = ?", (community.DEMO_USERNAME,)
        ).fetchone()

    async def _miauth_page(self, request: web.Request) -> web.StreamResponse:
        """Misskey shows a consent page here; the sandbox approves at once for the demo user
        a sign-in the app started (its secret stands in for consent); anyone else: 403."""
        if not approved(request, self.approval):
            body = (
                "<p>サンドボックスには Kizuna だけがサインインできます。</p>"
                "<p>Only Kizuna can sign in here.</p>"
            )
            return web.Response(text=_page(body), content_type="text/html", status=403)
        session = request.match_info["session"]
        app_name = request.query.get("name", "")
        callback = request.query.get("callback")
        permission = [p for p in request.query.get("permission", "").split(",") if p]
        demo = self._demo_user()
        with self.db:
            self.db.execute(
                "INSERT OR IGNORE INTO tokens (token, user_id, kind, permission, app_name,"
                " session, created_at) VALUES (?, ?, 'miauth', ?, ?, ?, ?)",
                (new_token(24), demo["id"], json.dumps(permission), app_name, session, _now_ms()),
            )
        if callback:
            # The web client's appendQuery(): add with "?" or "&" as the URL needs.
            sep = "" if callback.endswith("?") else "&" if "?" in callback else "?"
            raise web.HTTPFound(f"{callback}{sep}session={quote(session)}")
        body = (
            f"<p>{html.escape(app_name or 'アプリ')} を @{html.escape(demo['username'])} として"
            "認証しました。アプリに戻ってください。</p>"
            "<p>The application has been authorised. You can close this page.</p>"
        )
        return web.Response(text=_page(body), content_type="text/html")

    async def _miauth_check(self, request: web.Request) -> web.StreamResponse:
        session = request.match_info["session"]
        row = self.db.execute(
            "SELECT * FROM tokens WHERE session = ? AND kind = 'miauth'", (session,)
        ).fetchone()
        # Like Misskey, the token is handed out once; a second check answers ok: false.
        if row is None or row["fetched"]:
            return web.json_response({"ok": False})
        with self.db:
            self.db.execute("UPDATE tokens SET fetched = 1 WHERE token = ?", (row["token"],))
        user = self.db.execute("SELECT * FROM users WHERE id = ?", (row["user_id"],)).fetchone()
        return web.json_response(
            {"ok": True, "token": row["token"], "user": self._pack_user_detailed(user, None)}
        )

    async def _note_page(self, request: web.Request) -> web.StreamResponse:
        """The page a "sent" link opens: a signed-out reader's view, so only public notes."""
        row = self._note_row(request.match_info["note_id"])
        if row is None or not self._can_see(row, None):
            # Like Misskey's web client, a note one may not see looks like no note at all.
            body = "<p>ノートが見つかりません。 / Note not found.</p>"
            return web.Response(text=_page(body), content_type="text/html", status=404)
        note = self._pack_note(row, None)
        pictures = "".join(
            f"<img src='{html.escape(f['url'])}' alt='{html.escape(f['comment'] or '')}'>"
            for f in note["files"]
        )
        body = (
            f"<p><img src='{html.escape(note['user']['avatarUrl'])}' width='48' alt=''> "
            f"<b>{html.escape(note['user']['name'] or '')}</b> "
            f"@{html.escape(note['user']['username'])} · {note['createdAt']}</p>"
            f"<p style='white-space:pre-wrap'>{html.escape(note['text'] or '')}</p>{pictures}"
        )
        return web.Response(text=_page(body), content_type="text/html")

    # ------------------------------------------------------------------- streaming

    async def _streaming(self, request: web.Request) -> web.StreamResponse:
        auth = request.headers.get("Authorization", "")
        token = auth[7:] if auth.startswith("Bearer ") else request.query.get("i")
        try:
            user, perms = self._authenticate(token)
            if perms is not None and "read:account" not in perms:
                raise _authentication_failed()
        except ApiError:
            return web.Response(
                status=401,
                headers={
                    "WWW-Authenticate": 'Bearer realm="Misskey", error="invalid_token", '
                    'error_description="Failed to authenticate"'
                },
            )
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        client = _StreamClient(ws, user["id"] if user else None)
        self._clients.add(client)
        self._stream_requests[id(request)] = request
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                if msg.data == "ping":
                    await ws.send_str("pong")
                    continue
                try:
                    obj = json.loads(msg.data)
                except ValueError:
                    continue  # misskey-js's "h" heartbeat and other non-JSON frames
                if isinstance(obj, dict):
                    await self._on_stream_message(client, obj)
        finally:
            self._clients.discard(client)
            self._stream_requests.pop(id(request), None)
        return ws

    async def _on_stream_message(self, client: _StreamClient, obj: dict[str, Any]) -> None:
        body = obj.get("body")
        if not isinstance(body, dict):
            return
        if obj.get("type") == "connect":
            channel, cid = body.get("channel"), body.get("id")
            if channel not in ("homeTimeline", "localTimeline", "hybridTimeline", "main"):
                return
            if not isinstance(cid, str) or (channel != "localTimeline" and client.user_id is None):
                return  # a channel needing credentials is silently not joined, as in Misskey
            raw = body.get("params")
            params: dict[str, Any] = raw if isinstance(raw, dict) else {}
            client.channels[cid] = (channel, params)
            if body.get("pong"):
                await client.ws.send_str(json.dumps({"type": "connected", "body": {"id": cid}}))
        elif obj.get("type") == "disconnect":
            client.channels.pop(body.get("id"), None)  # type: ignore[arg-type]

    def _stream_event(
        self,
        channel: str,
        params: dict[str, Any],
        n: sqlite3.Row,
        viewer: str | None,
        following: set[str],
    ) -> str | None:
        """Which event (if any) a channel emits for a new note, after the channel's filters."""
        if params.get("withFiles") and n["file_ids"] == "[]":
            return None
        author, vis = n["user_id"], n["visibility"]
        is_me = viewer == author
        if channel == "localTimeline":
            return "note" if vis == "public" else None
        if channel == "main":
            mentioned = viewer in json.loads(n["mentions"])
            return "mention" if mentioned and not is_me and self._can_see(n, viewer) else None
        if channel == "homeTimeline" and not (is_me or author in following):
            return None
        if channel == "hybridTimeline" and not (is_me or author in following or vis == "public"):
            return None
        if vis == "followers" and not (is_me or author in following):
            return None
        if vis == "specified" and not (is_me or viewer in self._visible_user_ids(n["id"])):
            return None
        return "note"

    async def _broadcast(self, n: sqlite3.Row) -> None:
        if not self._clients:
            return
        packed = self._pack_note(n, n["user_id"])
        for client in list(self._clients):
            if not client.channels or client.ws.closed:
                continue
            following: set[str] = set()
            if client.user_id:
                following = {
                    r[0]
                    for r in self.db.execute(
                        "SELECT followee_id FROM follows WHERE follower_id = ?", (client.user_id,)
                    )
                }
            for cid, (channel, params) in list(client.channels.items()):
                event = self._stream_event(channel, params, n, client.user_id, following)
                if event is None:
                    continue
                message = {"type": "channel", "body": {"id": cid, "type": event, "body": packed}}
                try:
                    await client.ws.send_str(json.dumps(message))
                except ConnectionError:
                    self._clients.discard(client)
                    break

    # ---------------------------------------------------------------- static pictures

    def _image(self, name: str) -> bytes:
        # artwork.image_png keeps a bounded cache: any name can be asked for, so a dict
        # here would grow with every one.
        return artwork.image_png(name)

    async def _avatar(self, request: web.Request) -> web.StreamResponse:
        username = request.match_info["username"]
        key = f"avatar:{username}"
        if key not in self._png_cache:
            member = community.member(username)
            if member is None:
                row = self.db.execute(
                    "SELECT name FROM users WHERE username = ?", (username,)
                ).fetchone()
                if row is None:
                    raise web.HTTPNotFound()
                member = community.Member(username, row["name"] or username, "", "#8a8a8a", "?")
            self._png_cache[key] = artwork.avatar_png(member)
        return web.Response(body=self._png_cache[key], content_type="image/png")

    async def _seed_file(self, request: web.Request) -> web.StreamResponse:
        return web.Response(body=self._image(request.match_info["name"]), content_type="image/png")

    async def _drive_file(self, request: web.Request) -> web.StreamResponse:
        row = self.db.execute(
            "SELECT type, data, seed_name FROM drive_files WHERE id = ?",
            (request.match_info["file_id"],),
        ).fetchone()
        if row is None:
            raise web.HTTPNotFound()
        data = row["data"] if row["data"] is not None else self._image(row["seed_name"])
        return web.Response(body=data, content_type=row["type"])


def _page(body: str) -> str:
    return (
        "<!DOCTYPE html><html lang='ja'><head><meta charset='utf-8'>"
        f"<title>{html.escape(INSTANCE_NAME)}</title></head><body>{body}</body></html>"
    )


def _sniff_type(data: bytes) -> str:
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return "application/octet-stream"
