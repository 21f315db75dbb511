"""The sandbox's public network ("そら", label ``sora``): a real HTTP server (aiohttp) over
SQLite that speaks the subset of the Mastodon client API Kizuna and ordinary Mastodon client
libraries use — apps, OAuth (authorization code + PKCE S256, out-of-band, client
credentials), accounts, statuses with Idempotency-Key, timelines with ``Link`` paging, media,
instance v1/v2, WebSocket and SSE streaming, and ``X-RateLimit-*`` headers.

Visibility is enforced here, by the server, exactly as Mastodon does: ``private`` reaches the
author, followers and mentioned accounts; ``direct`` only the author and mentioned accounts;
``unlisted`` stays out of public and tag timelines. Home timelines and the user stream share
one SQL predicate, so what a stream delivers is what the timeline would show.

Scheduled statuses: ``POST /api/v1/statuses`` with ``scheduled_at`` more than 5 minutes
ahead of the server's clock (:attr:`MastodonSandbox.clock`, replaceable by tests) stores a
ScheduledStatus instead (listed by ``GET /api/v1/scheduled_statuses``, cancelled with
``DELETE``, moved with ``PUT`` and a new ``scheduled_at``); less than 5 minutes ahead is a
422, a time already past posts at once, as Mastodon does. :meth:`MastodonSandbox.publish_due`
(run every second by a background task) turns the due ones into ordinary statuses and
streams them.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import functools
import hashlib
import html
import json
import logging
import math
import random
import sqlite3
import time
import unicodedata
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import regex
from aiohttp import WSMsgType, web

from app.sandbox import artwork, community, post_generator
from app.sandbox.common import (
    RateLimiter,
    iso_ms,
    json_error,
    new_token,
    open_db,
    parse_iso,
    png_size,
    snowflake,
)
from app.sandbox.faults import Faults, drop_connection
from app.sandbox.guard import approved, host_guard, new_secret
from app.sandbox.mastodon_answers import SCHEMA as ANSWERS_SCHEMA
from app.sandbox.mastodon_answers import MastodonAnswers
from app.sandbox.mastodon_wire import _VISIBLE, _VISIBLE_ANON, ApiError, _Params

log = logging.getLogger(__name__)

VERSION = "4.3.0"
TITLE = "そら"
MAX_CHARACTERS = 500
URL_RESERVED = 23
MAX_MEDIA = 4
DEFAULT_LIMIT = 20
MAX_LIMIT = 40
IDEMPOTENCY_TTL = timedelta(hours=1)
# ScheduledStatus::MINIMUM_OFFSET: a scheduled time must be later than now + this.
SCHEDULE_MINIMUM_OFFSET = timedelta(minutes=5)
# Mastodon's words (scheduled_statuses.too_soon) behind "Validation failed: Scheduled at".
SCHEDULE_TOO_SOON = "Validation failed: Scheduled at The scheduled date must be in the future"
# How often the background task looks for due scheduled statuses (Sidekiq's scheduler).
SCHEDULE_POLL = 1.0
CODE_TTL = timedelta(minutes=10)
OOB = "urn:ietf:wg:oauth:2.0:oob"
MEMBER_SCOPES = "read write follow push profile"
VISIBILITIES = ("public", "unlisted", "private", "direct")
IMAGE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}

_SCOPE_RE = regex.compile(r"^(read|write|follow|push|profile|admin)(:[a-z_:]+)?$")
# Mastodon's own patterns, reduced: a tag needs a letter and must not follow a letter, digit,
# "/" or ")" — so 「今日#カフェ」 is no tag, 「今日 #カフェ」 is.
_TAG_RE = regex.compile(
    r"(?<![=/)\p{L}\p{N}])#(?P<tagname>[\p{L}\p{M}\p{N}\p{Pc}]*[\p{L}\p{M}][\p{L}\p{M}\p{N}\p{Pc}]*)"
)
_MENTION_RE = regex.compile(
    r"(?<![=/\w])@(?P<user>[a-z0-9_]+(?:[a-z0-9_.\-]+[a-z0-9_]+)?)(?:@(?P<domain>[\w.\-]+\w))?",
    regex.I,
)
_URL_RE = regex.compile(r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
_URL_TRAILING = ".,:;!?'\")]"
_ENTITY_RE = regex.compile(
    rf"(?P<url>{_URL_RE.pattern})|(?P<mention>{_MENTION_RE.pattern})|(?P<tag>{_TAG_RE.pattern})",
    regex.I,
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (
    id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name TEXT NOT NULL, note TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS follows (
    follower_id INTEGER NOT NULL, followee_id INTEGER NOT NULL,
    PRIMARY KEY (follower_id, followee_id));
CREATE INDEX IF NOT EXISTS follows_followee ON follows (followee_id);
CREATE TABLE IF NOT EXISTS apps (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, website TEXT, redirect_uris TEXT NOT NULL,
    scopes TEXT NOT NULL, client_id TEXT NOT NULL UNIQUE, client_secret TEXT NOT NULL,
    created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (
    token TEXT PRIMARY KEY, app_id INTEGER NOT NULL, account_id INTEGER, scopes TEXT NOT NULL,
    created_at TEXT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS auth_codes (
    code TEXT PRIMARY KEY, app_id INTEGER NOT NULL, account_id INTEGER NOT NULL,
    redirect_uri TEXT NOT NULL, scopes TEXT NOT NULL, challenge TEXT,
    expires_at TEXT NOT NULL, used INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS statuses (
    id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL, text TEXT NOT NULL,
    content TEXT NOT NULL, visibility TEXT NOT NULL, spoiler_text TEXT NOT NULL DEFAULT '',
    sensitive INTEGER NOT NULL DEFAULT 0, language TEXT, created_at TEXT NOT NULL,
    app_id INTEGER, in_reply_to_id INTEGER, in_reply_to_account_id INTEGER);
CREATE INDEX IF NOT EXISTS statuses_account ON statuses (account_id, id);
CREATE INDEX IF NOT EXISTS statuses_visibility ON statuses (visibility, id);
CREATE INDEX IF NOT EXISTS statuses_reply ON statuses (in_reply_to_id);
CREATE TABLE IF NOT EXISTS mentions (
    status_id INTEGER NOT NULL, account_id INTEGER NOT NULL,
    PRIMARY KEY (status_id, account_id));
CREATE INDEX IF NOT EXISTS mentions_account ON mentions (account_id, status_id);
CREATE TABLE IF NOT EXISTS tags (
    status_id INTEGER NOT NULL, name TEXT NOT NULL, display TEXT NOT NULL,
    PRIMARY KEY (status_id, name));
CREATE INDEX IF NOT EXISTS tags_name ON tags (name, status_id);
CREATE TABLE IF NOT EXISTS media (
    id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL, status_id INTEGER,
    seed_name TEXT, mime TEXT NOT NULL, data BLOB, description TEXT,
    width INTEGER, height INTEGER, created_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS media_status ON media (status_id);
CREATE TABLE IF NOT EXISTS idempotency (
    account_id INTEGER NOT NULL, key TEXT NOT NULL, status_id INTEGER NOT NULL,
    created_at TEXT NOT NULL, PRIMARY KEY (account_id, key));
CREATE TABLE IF NOT EXISTS scheduled_statuses (
    id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL, scheduled_at TEXT NOT NULL,
    params TEXT NOT NULL, idempotency_key TEXT, created_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS scheduled_statuses_due ON scheduled_statuses (scheduled_at);
CREATE INDEX IF NOT EXISTS scheduled_statuses_account ON scheduled_statuses (account_id, id);
"""

_HOME = f"""(s.account_id = :viewer OR s.account_id IN
    (SELECT followee_id FROM follows WHERE follower_id = :viewer)) AND {_VISIBLE}"""
# Reblogs in a home timeline: by the viewer or whom they follow, of what the viewer may see.
_HOME_REBLOGS = f"""(r.account_id = :viewer OR r.account_id IN
    (SELECT followee_id FROM follows WHERE follower_id = :viewer)) AND {_VISIBLE}"""


@dataclass(frozen=True, slots=True)
class Auth:
    token: str
    app_id: int
    account_id: int | None
    scopes: frozenset[str]


@dataclass(eq=False)
class _Subscriber:
    """One streaming connection: who watches, which streams, and its outgoing queue."""

    viewer: int | None
    streams: set[tuple[str, str]] = field(default_factory=set)  # (stream name, tag or "")
    queue: asyncio.Queue[tuple[list[str], str, str] | None] = field(default_factory=asyncio.Queue)


_STREAMS = {
    "user",
    "user:notification",
    "public",
    "public:local",
    "public:remote",
    "public:media",
    "public:local:media",
    "public:remote:media",
    "hashtag",
    "hashtag:local",
    "direct",
    "list",
}
_USER_STREAMS = {"user", "user:notification", "direct", "list"}


def grapheme_count(text: str) -> int:
    return len(regex.findall(r"\X", text))


def countable_length(text: str, label: str) -> int:
    """Mastodon's length: graphemes, every URL as 23, ``@user@domain`` as ``@user``."""

    def rewrite(m: regex.Match[str]) -> str:
        if m.group("url"):
            return "x" * URL_RESERVED
        if m.group("mention"):
            return "@" + m.group("user")
        return m.group(0)

    return grapheme_count(_ENTITY_RE.sub(rewrite, text))


def _normal_tag(name: str) -> str:
    return unicodedata.normalize("NFKC", name).casefold()


def _truthy(value: Any) -> bool:
    return value is True or str(value).lower() in ("1", "true", "on", "yes")


@functools.lru_cache(maxsize=256)
def _seed_image(name: str) -> bytes:
    return artwork.image_png(name)


@functools.lru_cache(maxsize=256)
def _avatar(username: str, display_name: str) -> bytes:
    member = community.member(username)
    # Accounts added outside the community (tests, demos) get a neutral grey picture.
    member = member or community.Member(username, display_name, "", "#8a8f98", display_name[:1])
    return artwork.avatar_png(member)


class MastodonSandbox:
    """The public network's server. See the module docstring; the runner drives it."""

    network = "mastodon"

    def __init__(
        self,
        db_path: Path,
        *,
        label: str = "sora",
        faults: Faults | None = None,
        approval: str | None = None,
    ) -> None:
        """``approval``: the secret a sign-in must present on the authorize page
        (:mod:`app.sandbox.guard`); a fresh random one when not given."""
        self.db_path = Path(db_path)
        self.label = label
        self.approval = approval or new_secret()
        self.base_url = "http://127.0.0.1"
        self.rate_limiter = RateLimiter(300, 300.0)
        # Mastodon answers 500 for a bug and 503 for a temporary problem; both can happen.
        self.faults = faults or Faults(label, error_statuses=(500, 503))
        self._db: sqlite3.Connection | None = None
        self._subscribers: set[_Subscriber] = set()
        self._websockets: set[web.WebSocketResponse] = set()
        self._stream_requests: dict[int, web.Request] = {}  # open WebSocket and SSE streams
        self.answers = MastodonAnswers(self)  # favourites, reblogs, threads, notifications
        # The server's "now" for scheduled statuses (Unix seconds); tests replace it.
        self.clock: Callable[[], float] = time.time

    # ---- lifecycle -------------------------------------------------------------------------

    @property
    def streaming_url(self) -> str:
        """What ``configuration.urls.streaming`` says: the ws:// origin of this server."""
        return "ws" + self.base_url[len("http") :]

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            raise RuntimeError("MastodonSandbox.open() was not called")
        return self._db

    def open(self, now: datetime | None = None) -> None:
        """Create the schema and seed the community once; later opens keep the data."""
        if self._db is not None:
            return
        now = now or datetime.now(UTC)
        self._db = open_db(self.db_path)
        with self.db:
            self.db.executescript(SCHEMA)
            self.db.executescript(ANSWERS_SCHEMA)
            self._ensure_members(now)
            seeded = self.db.execute("SELECT 1 FROM meta WHERE key = 'seeded'").fetchone()
            if not seeded:
                for post in post_generator.public_posts(now):
                    self._seed_post(post)
                self.db.execute("INSERT INTO meta VALUES ('seeded', ?)", (iso_ms(now),))

    def _ensure_members(self, now: datetime) -> None:
        """Every community member has an account and a ready token; follows as the
        community says. Runs on each open so members added to the community appear."""
        app_row = self.db.execute("SELECT value FROM meta WHERE key = 'web_app'").fetchone()
        if app_row:
            app_id = int(app_row[0])
        else:
            app_id = self._insert_app("Web", None, [OOB], MEMBER_SCOPES, now)
            self.db.execute("INSERT INTO meta VALUES ('web_app', ?)", (str(app_id),))
        joined = now - timedelta(days=400)
        for i, member in enumerate(community.MEMBERS):
            exists = self.db.execute(
                "SELECT id FROM accounts WHERE username = ?", (member.username,)
            ).fetchone()
            if exists:
                continue
            account_id = snowflake(joined + timedelta(days=i))
            self.db.execute(
                "INSERT INTO accounts VALUES (?, ?, ?, ?, ?)",
                (
                    account_id,
                    member.username,
                    member.display_name,
                    member.bio,
                    iso_ms(joined + timedelta(days=i)),
                ),
            )
            self.db.execute(
                "INSERT INTO tokens (token, app_id, account_id, scopes, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (new_token(), app_id, account_id, MEMBER_SCOPES, iso_ms(now)),
            )
        ids = self._account_ids()
        for follower, followee in community.follows("public"):
            if follower in ids and followee in ids:
                self.db.execute(
                    "INSERT OR IGNORE INTO follows VALUES (?, ?)", (ids[follower], ids[followee])
                )

    def _account_ids(self) -> dict[str, int]:
        return {
            r["username"]: r["id"] for r in self.db.execute("SELECT id, username FROM accounts")
        }

    def _seed_post(self, post: community.SeedPost) -> None:
        account = self._account_by_name(post.username)
        if account is None:
            return
        media: list[int] = []
        if post.image:
            # Pictures are drawn lazily (when first shown): drawing hundreds at seed time
            # would make every fresh sandbox start slowly.
            media_id = snowflake(post.created_at)
            self.db.execute(
                "INSERT INTO media (id, account_id, seed_name, mime, description, created_at)"
                " VALUES (?, ?, ?, 'image/png', ?, ?)",
                (
                    media_id,
                    account["id"],
                    post.image,
                    post.image_alt or None,
                    iso_ms(post.created_at),
                ),
            )
            media.append(media_id)
        self._insert_status(
            account["id"],
            post.text,
            post.visibility,
            media_ids=media,
            recipients=post.recipients,
            created_at=post.created_at,
        )

    def accounts(self) -> list[dict[str, str]]:
        """A ready-made access token for every member (the demo user and all others)."""
        web_app = self.db.execute("SELECT value FROM meta WHERE key = 'web_app'").fetchone()[0]
        rows = self.db.execute(
            "SELECT a.username, a.id, MIN(t.rowid) AS first, t.token FROM accounts a"
            " JOIN tokens t ON t.account_id = a.id AND t.app_id = ? AND t.revoked = 0"
            " GROUP BY a.id ORDER BY a.id",
            (int(web_app),),
        )
        return [{"username": r["username"], "id": str(r["id"]), "token": r["token"]} for r in rows]

    def add_user(
        self, username: str, name: str = "", *, follows: Iterable[str] = ()
    ) -> dict[str, str]:
        """Register one more local account (following ``follows``) with a ready token.

        For tests and demos that need someone outside the circle of mutual followers.
        """
        now = datetime.now(UTC)
        web_app = int(self.db.execute("SELECT value FROM meta WHERE key = 'web_app'").fetchone()[0])
        account_id = snowflake(now)
        token = new_token()
        with self.db:
            self.db.execute(
                "INSERT INTO accounts VALUES (?, ?, ?, ?, ?)",
                (account_id, username, name or username, "", iso_ms(now)),
            )
            self.db.execute(
                "INSERT INTO tokens (token, app_id, account_id, scopes, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (token, web_app, account_id, MEMBER_SCOPES, iso_ms(now)),
            )
            ids = self._account_ids()
            self.db.executemany(
                "INSERT OR IGNORE INTO follows VALUES (?, ?)",
                [(account_id, ids[other]) for other in follows],
            )
            for other in follows:
                self.answers.notify(ids[other], account_id, "follow", None)
        return {"username": username, "id": str(account_id), "token": token}

    async def post_as(
        self, username: str, text: str, visibility: str, recipients: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        """Create a status as ``username`` (no API validation), stream it, return its JSON."""
        account = self._account_by_name(username)
        if account is None:
            raise ValueError(f"no such account: {username}")
        if visibility not in VISIBILITIES:
            raise ValueError(f"not a Mastodon visibility: {visibility}")
        with self.db:
            status_id = self._insert_status(
                account["id"], text, visibility, recipients=tuple(recipients)
            )
        self._broadcast_update(status_id)
        return self._statuses_json([status_id], account["id"])[0]

    async def answer_demo(self, rng: random.Random) -> dict[str, Any] | None:
        """A community member answers the demo user (replies, reacts or mentions them):
        see :meth:`app.sandbox.mastodon_answers.MastodonAnswers.answer_demo`."""
        return await self.answers.answer_demo(rng, community.DEMO_USERNAME)

    async def close(self) -> None:
        """End every stream, then close the database."""
        await self._end_streams()
        if self._db is not None:
            self._db.close()
            self._db = None

    async def _end_streams(self, _app: web.Application | None = None) -> None:
        for sub in list(self._subscribers):
            sub.queue.put_nowait(None)
        for ws in list(self._websockets):
            await ws.close(code=1001, message=b"server shutdown")

    def drop_streams(self) -> int:
        """Cut every open stream's connection without a close frame (a fault for tests)."""
        requests = list(self._stream_requests.values())
        for request in requests:
            drop_connection(request)
        return len(requests)

    # ---- faults ----------------------------------------------------------------------------

    @staticmethod
    def _fault_applies(request: web.Request) -> bool:
        """The API (streaming handshakes included) and OAuth; never pictures."""
        return request.path.startswith(("/api/", "/oauth/"))

    @staticmethod
    def _fault_error(status: int) -> web.Response:
        # Api::ErrorHandling's 503 and ApplicationController's JSON 500.
        if status == 503:
            message = "There was a temporary problem serving your request, please try again"
        else:
            message = "Internal Server Error"
        return json_error(status, message)

    def _fault_rate_limited(self, retry_after: float) -> web.Response:
        """rack-attack's throttled reply. Mastodon itself sends only the ``X-RateLimit-*``
        headers; the ``Retry-After`` is what a throttling proxy in front adds, and both agree."""
        reset = datetime.now(UTC) + timedelta(seconds=retry_after)
        response = json_error(429, "Too many requests")
        response.headers.update(
            {
                "X-RateLimit-Limit": str(self.rate_limiter.limit),
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": iso_ms(reset),
                "Retry-After": str(math.ceil(retry_after)),
            }
        )
        return response

    # ---- the application -------------------------------------------------------------------

    def make_app(self) -> web.Application:
        faults = self.faults.middleware(
            self._fault_applies, self._fault_error, self._fault_rate_limited
        )
        app = web.Application(
            middlewares=[host_guard, faults, self._middleware],
            client_max_size=(MAX_MEDIA + 1) * 16 * 1024 * 1024,
        )
        app.on_shutdown.append(self._end_streams)
        app.cleanup_ctx.append(self._scheduler)
        api: list[tuple[str, str, Callable[[web.Request], Awaitable[web.StreamResponse]]]] = [
            ("POST", "/api/v1/apps", self.create_app),
            ("GET", "/api/v1/apps/verify_credentials", self.verify_app),
            ("GET", "/oauth/authorize", self.authorize),
            ("POST", "/oauth/token", self.token),
            ("POST", "/oauth/revoke", self.revoke),
            ("GET", "/api/v1/accounts/verify_credentials", self.verify_credentials),
            ("GET", "/api/v1/accounts/lookup", self.lookup_account),
            ("GET", "/api/v1/accounts/{id}", self.get_account),
            ("GET", "/api/v1/accounts/{id}/statuses", self.account_statuses),
            ("GET", "/api/v1/accounts/{id}/following", self.account_following),
            ("GET", "/api/v1/accounts/{id}/followers", self.account_followers),
            ("GET", "/api/v1/instance", self.instance_v1),
            ("GET", "/api/v2/instance", self.instance_v2),
            ("POST", "/api/v1/statuses", self.create_status),
            ("GET", "/api/v1/statuses/{id}", self.get_status),
            ("DELETE", "/api/v1/statuses/{id}", self.delete_status),
            ("GET", "/api/v1/scheduled_statuses", self.list_scheduled),
            ("GET", "/api/v1/scheduled_statuses/{id}", self.get_scheduled),
            ("PUT", "/api/v1/scheduled_statuses/{id}", self.update_scheduled),
            ("DELETE", "/api/v1/scheduled_statuses/{id}", self.delete_scheduled),
            ("POST", "/api/v2/media", self.upload_media),
            ("POST", "/api/v1/media", self.upload_media),
            ("GET", "/api/v1/media/{id}", self.get_media),
            ("PUT", "/api/v1/media/{id}", self.update_media),
            ("GET", "/api/v1/timelines/home", self.home_timeline),
            ("GET", "/api/v1/timelines/public", self.public_timeline),
            ("GET", "/api/v1/timelines/tag/{tag}", self.tag_timeline),
            ("GET", "/api/v1/streaming/health", self.streaming_health),
            ("GET", "/api/v1/streaming", self.streaming),
            *self.answers.routes(),
        ]
        for method, path, handler in api:
            # Rails routes take a trailing slash too, and clients (Mastodon.py) send one.
            app.router.add_route(method, path, handler)
            app.router.add_route(method, path + "/", handler)
        app.router.add_get("/api/v1/streaming/{path:.+}", self.streaming_sse_path)
        app.router.add_get("/avatars/{username}.png", self.serve_avatar)
        app.router.add_get("/media/{name}.png", self.serve_seed_image)
        app.router.add_get("/media/uploads/{id}", self.serve_upload)
        return app

    @web.middleware
    async def _middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        path = request.path
        limited = path.startswith("/api/") and not path.startswith("/api/v1/streaming")
        headers: dict[str, str] = {}
        if limited:
            key = _token_from(request) or f"ip:{request.remote}"
            allowed, remaining, reset = self.rate_limiter.hit(key)
            headers = {
                "X-RateLimit-Limit": str(self.rate_limiter.limit),
                "X-RateLimit-Remaining": str(remaining),
                "X-RateLimit-Reset": iso_ms(datetime.fromtimestamp(reset, UTC)),
            }
            if not allowed:
                response: web.StreamResponse = json_error(429, "Too many requests")
                response.headers.update(headers)
                return response
        try:
            response = await handler(request)
        except ApiError as exc:
            response = json_error(exc.status, exc.message, **exc.extra)
        except web.HTTPException as exc:
            if not path.startswith("/api/") or exc.status < 400:
                raise
            message = "Record not found" if exc.status == 404 else exc.reason
            response = json_error(exc.status, message)
        if headers and not response.prepared:
            response.headers.update(headers)
        return response

    # ---- auth ------------------------------------------------------------------------------

    def _auth(self, request: web.Request) -> Auth | None:
        """The request's token, or None when it has none. A token that is unknown or revoked
        is a 401, as Doorkeeper answers."""
        token = _token_from(request)
        if token is None:
            return None
        row = self.db.execute(
            "SELECT * FROM tokens WHERE token = ? AND revoked = 0", (token,)
        ).fetchone()
        if row is None:
            raise ApiError(401, "The access token is invalid")
        return Auth(token, row["app_id"], row["account_id"], frozenset(row["scopes"].split()))

    def _require(self, request: web.Request, scope: str, *, user: bool = True) -> Auth:
        auth = self._auth(request)
        if auth is None:
            raise ApiError(401, "The access token is invalid")
        if not _scope_ok(auth.scopes, scope):
            raise ApiError(403, "This action is outside the authorized scopes")
        if user and auth.account_id is None:
            raise ApiError(422, "This method requires an authenticated user")
        return auth

    def _viewer(self, request: web.Request) -> int | None:
        auth = self._auth(request)
        return auth.account_id if auth else None

    # ---- apps and OAuth --------------------------------------------------------------------

    def _insert_app(
        self, name: str, website: str | None, redirect_uris: list[str], scopes: str, now: datetime
    ) -> int:
        app_id = snowflake(now)
        self.db.execute(
            "INSERT INTO apps VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                app_id,
                name,
                website,
                "\n".join(redirect_uris),
                scopes,
                new_token(32),
                new_token(32),
                iso_ms(now),
            ),
        )
        return app_id

    def _app_json(self, row: sqlite3.Row, *, secret: bool) -> dict[str, Any]:
        uris = row["redirect_uris"].split("\n")
        out: dict[str, Any] = {
            "id": str(row["id"]),
            "name": row["name"],
            "website": row["website"],
            "scopes": row["scopes"].split(),
            "redirect_uri": row["redirect_uris"],
            "redirect_uris": uris,
            "vapid_key": "",
        }
        if secret:
            out |= {
                "client_id": row["client_id"],
                "client_secret": row["client_secret"],
                "client_secret_expires_at": 0,
            }
        return out

    async def create_app(self, request: web.Request) -> web.Response:
        p = await _Params.read(request)
        name = p.text("client_name").strip()
        if not name:
            raise ApiError(422, "Validation failed: Application name can't be blank")
        raw = p.getlist("redirect_uris")
        uris = [u for item in raw for u in str(item).split()] if raw else []
        if not uris:
            raise ApiError(422, "Validation failed: Redirect URI can't be blank")
        for uri in uris:
            if uri != OOB and not (urlsplit(uri).scheme and (urlsplit(uri).netloc or ":" in uri)):
                raise ApiError(422, "Validation failed: Redirect URI must be an absolute URI.")
        scopes = p.text("scopes", "read").split() or ["read"]
        if not all(_SCOPE_RE.match(s) for s in scopes):
            raise ApiError(422, "Validation failed: Scopes are invalid")
        website = p.get("website") or None
        with self.db:
            app_id = self._insert_app(name, website, uris, " ".join(scopes), datetime.now(UTC))
        row = self.db.execute("SELECT * FROM apps WHERE id = ?", (app_id,)).fetchone()
        return web.json_response(self._app_json(row, secret=True), dumps=_dumps)

    async def verify_app(self, request: web.Request) -> web.Response:
        auth = self._require(request, "read", user=False)
        row = self.db.execute("SELECT * FROM apps WHERE id = ?", (auth.app_id,)).fetchone()
        return web.json_response(self._app_json(row, secret=False), dumps=_dumps)

    async def authorize(self, request: web.Request) -> web.StreamResponse:
        """Approve for the demo user a sign-in the app started: the sandbox has no login
        page, so the app's secret stands in for the user's consent; anyone else gets 403."""
        if not approved(request, self.approval):
            return _oauth_page(
                403, "access_denied", "Only Kizuna can sign in to its sandbox (no approval)."
            )
        q = request.query
        app = self.db.execute(
            "SELECT * FROM apps WHERE client_id = ?", (q.get("client_id", ""),)
        ).fetchone()
        if app is None:
            return _oauth_page(401, "invalid_client", "Client authentication failed.")
        registered = app["redirect_uris"].split("\n")
        redirect_uri = q.get("redirect_uri") or (registered[0] if len(registered) == 1 else "")
        if not _redirect_allowed(redirect_uri, registered):
            return _oauth_page(400, "invalid_redirect_uri", "The redirect URI is not registered.")

        def fail(error: str, description: str) -> web.StreamResponse:
            if redirect_uri == OOB:
                return _oauth_page(400, error, description)
            extra = {"error": error, "error_description": description}
            if "state" in q:
                extra["state"] = q["state"]
            raise web.HTTPFound(_add_query(redirect_uri, extra))

        if q.get("response_type") != "code":
            return fail("unsupported_response_type", "The response type is not supported.")
        scopes = (q.get("scope") or "read").split()
        if not all(_scope_ok(frozenset(app["scopes"].split()), s) for s in scopes):
            return fail("invalid_scope", "The requested scope is invalid or unknown.")
        challenge = q.get("code_challenge")
        if challenge and q.get("code_challenge_method", "plain") != "S256":
            return fail("invalid_request", "Only the S256 code challenge method is supported.")
        me = self._account_by_name(community.DEMO_USERNAME)
        assert me is not None
        code = new_token(24)
        with self.db:
            self.db.execute(
                "INSERT INTO auth_codes (code, app_id, account_id, redirect_uri, scopes,"
                " challenge, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    code,
                    app["id"],
                    me["id"],
                    redirect_uri,
                    " ".join(scopes),
                    challenge,
                    iso_ms(datetime.now(UTC) + CODE_TTL),
                ),
            )
        if redirect_uri == OOB:
            body = (
                "<!DOCTYPE html><html lang='ja'><head><meta charset='utf-8'>"
                f"<title>{TITLE} — 認証コード</title></head><body>"
                "<p>このコードをアプリに貼り付けてください / Copy this code into the app:</p>"
                f"<input class='oauth-code' readonly value='{html.escape(code)}'>"
                f"<pre id='code'>{html.escape(code)}</pre></body></html>"
            )
            return web.Response(text=body, content_type="text/html")
        params = {"code": code}
        if "state" in q:
            params["state"] = q["state"]
        raise web.HTTPFound(_add_query(redirect_uri, params))

    def _client(self, request: web.Request, p: _Params) -> tuple[sqlite3.Row | None, bool]:
        """The app a token request names, and whether it proved its secret (body or Basic)."""
        client_id, secret = p.get("client_id"), p.get("client_secret")
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("basic "):
            with contextlib.suppress(ValueError):
                decoded = base64.b64decode(header[6:]).decode()
                client_id, _, secret = decoded.partition(":")
        row = self.db.execute(
            "SELECT * FROM apps WHERE client_id = ?", (str(client_id or ""),)
        ).fetchone()
        return row, bool(row and secret and secret == row["client_secret"])

    async def token(self, request: web.Request) -> web.Response:
        p = await _Params.read(request)
        app, authenticated = self._client(request, p)
        grant = p.text("grant_type")
        now = datetime.now(UTC)
        if app is None or (grant == "client_credentials" and not authenticated):
            return _oauth_error(
                401,
                "invalid_client",
                "Client authentication failed due to "
                "unknown client, no client authentication included, or "
                "unsupported authentication method.",
            )
        if grant == "authorization_code":
            code = self.db.execute(
                "SELECT * FROM auth_codes WHERE code = ?", (p.text("code"),)
            ).fetchone()
            verifier = p.text("code_verifier")
            ok = (
                code is not None
                and not code["used"]
                and code["app_id"] == app["id"]
                and parse_iso(code["expires_at"]) > now
                and p.text("redirect_uri", code["redirect_uri"]) == code["redirect_uri"]
            )
            if ok and code["challenge"]:
                digest = hashlib.sha256(verifier.encode()).digest()
                ok = base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == code["challenge"]
            elif ok:
                # Without PKCE the client must prove it is the confidential app it claims.
                ok = authenticated
            if not ok:
                return _oauth_error(
                    400,
                    "invalid_grant",
                    "The provided authorization grant is "
                    "invalid, expired, revoked, does not match the redirection "
                    "URI used in the authorization request, or was issued to "
                    "another client.",
                )
            assert code is not None
            account_id, scopes = code["account_id"], code["scopes"]
            with self.db:
                self.db.execute("UPDATE auth_codes SET used = 1 WHERE code = ?", (code["code"],))
                token = self._issue(app["id"], account_id, scopes, now)
        elif grant == "client_credentials":
            scopes = " ".join(p.text("scope", "read").split()) or "read"
            if not all(_scope_ok(frozenset(app["scopes"].split()), s) for s in scopes.split()):
                return _oauth_error(
                    400, "invalid_scope", "The requested scope is invalid, unknown, or malformed."
                )
            with self.db:
                token = self._issue(app["id"], None, scopes, now)
        else:
            return _oauth_error(
                400,
                "unsupported_grant_type",
                "The authorization grant type is not supported by the authorization server.",
            )
        return web.json_response(
            {
                "access_token": token,
                "token_type": "Bearer",
                "scope": scopes,
                "created_at": int(now.timestamp()),
            },
        )

    def _issue(self, app_id: int, account_id: int | None, scopes: str, now: datetime) -> str:
        token = new_token(32)
        self.db.execute(
            "INSERT INTO tokens (token, app_id, account_id, scopes, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (token, app_id, account_id, scopes, iso_ms(now)),
        )
        return token

    async def revoke(self, request: web.Request) -> web.Response:
        p = await _Params.read(request)
        app, authenticated = self._client(request, p)
        if app is None or not authenticated:
            return _oauth_error(
                403, "unauthorized_client", "You are not authorized to revoke this token"
            )
        with self.db:
            self.db.execute(
                "UPDATE tokens SET revoked = 1 WHERE token = ? AND app_id = ?",
                (p.text("token"), app["id"]),
            )
        return web.json_response({})

    # ---- accounts --------------------------------------------------------------------------

    def _account_by_name(self, username: str) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM accounts WHERE username = ?", (username,)).fetchone()

    def _account_row(self, ident: str) -> sqlite3.Row:
        row = None
        if ident.isdigit():
            row = self.db.execute("SELECT * FROM accounts WHERE id = ?", (int(ident),)).fetchone()
        if row is None:
            raise ApiError(404, "Record not found")
        return row

    def _accounts_json(self, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
        ids = sorted(set(ids))
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(f"SELECT * FROM accounts WHERE id IN ({marks})", ids).fetchall()

        def counts(sql: str) -> dict[int, tuple[int, str | None]]:
            return {r[0]: (r[1], r[2]) for r in self.db.execute(sql.format(marks), ids)}

        statuses = counts(
            "SELECT account_id, COUNT(*), MAX(created_at) FROM statuses"
            " WHERE account_id IN ({}) GROUP BY account_id"
        )
        followers = counts(
            "SELECT followee_id, COUNT(*), NULL FROM follows WHERE followee_id IN ({})"
            " GROUP BY followee_id"
        )
        following = counts(
            "SELECT follower_id, COUNT(*), NULL FROM follows WHERE follower_id IN ({})"
            " GROUP BY follower_id"
        )
        out = {}
        for row in rows:
            name = row["username"]
            joined = parse_iso(row["created_at"]).replace(hour=0, minute=0, second=0, microsecond=0)
            count, last = statuses.get(row["id"], (0, None))
            avatar = f"{self.base_url}/avatars/{quote(name)}.png"
            out[row["id"]] = {
                "id": str(row["id"]),
                "username": name,
                "acct": name,
                "display_name": row["display_name"],
                "locked": False,
                "bot": False,
                "discoverable": True,
                "indexable": True,
                "group": False,
                "created_at": iso_ms(joined),
                "note": _paragraphs(html.escape(row["note"], quote=False)),
                "url": f"{self.base_url}/@{name}",
                "uri": f"{self.base_url}/users/{name}",
                "avatar": avatar,
                "avatar_static": avatar,
                "header": f"{self.base_url}/media/header-{quote(name)}.png",
                "header_static": f"{self.base_url}/media/header-{quote(name)}.png",
                "followers_count": followers.get(row["id"], (0,))[0],
                "following_count": following.get(row["id"], (0,))[0],
                "statuses_count": count,
                "last_status_at": last[:10] if last else None,
                "hide_collections": False,
                "noindex": False,
                "emojis": [],
                "roles": [],
                "fields": [],
            }
        return out

    async def verify_credentials(self, request: web.Request) -> web.Response:
        auth = self._require(request, "read:accounts")
        assert auth.account_id is not None
        account = self._accounts_json([auth.account_id])[auth.account_id]
        row = self._account_row(str(auth.account_id))
        account["source"] = {
            "privacy": "public",
            "sensitive": False,
            "language": "ja",
            "note": row["note"],
            "fields": [],
            "follow_requests_count": 0,
            "hide_collections": False,
            "discoverable": True,
            "indexable": True,
        }
        account["role"] = {
            "id": "-99",
            "name": "",
            "permissions": "0",
            "color": "",
            "highlighted": False,
        }
        return web.json_response(account, dumps=_dumps)

    async def get_account(self, request: web.Request) -> web.Response:
        self._auth(request)  # a bad token is still a 401
        row = self._account_row(request.match_info["id"])
        return web.json_response(self._accounts_json([row["id"]])[row["id"]], dumps=_dumps)

    async def lookup_account(self, request: web.Request) -> web.Response:
        acct = request.query.get("acct", "").lstrip("@")
        name, _, domain = acct.partition("@")
        row = self._account_by_name(name) if domain in ("", self.label) else None
        if row is None:
            raise ApiError(404, "Record not found")
        return web.json_response(self._accounts_json([row["id"]])[row["id"]], dumps=_dumps)

    async def account_statuses(self, request: web.Request) -> web.Response:
        viewer = self._viewer(request)
        row = self._account_row(request.match_info["id"])
        q = request.query
        if _truthy(q.get("pinned", "")):
            return web.json_response([])
        where = ["s.account_id = :account", _VISIBLE if viewer else _VISIBLE_ANON]
        if _truthy(q.get("only_media", "")):
            where.append("EXISTS (SELECT 1 FROM media x WHERE x.status_id = s.id)")
        if _truthy(q.get("exclude_replies", "")):
            where.append("s.in_reply_to_id IS NULL")
        if q.get("tagged"):
            where.append("EXISTS (SELECT 1 FROM tags t WHERE t.status_id = s.id AND t.name = :tag)")
        args = {"account": row["id"], "viewer": viewer, "tag": _normal_tag(q.get("tagged", ""))}
        return self._page_response(
            request,
            where,
            args,
            viewer,
            ("limit", "only_media", "exclude_replies", "exclude_reblogs", "tagged"),
        )

    def _follow_page(self, request: web.Request, *, following: bool) -> web.Response:
        """Accounts one account follows (or its followers), newest follow first, 40 a page
        (80 at most), paged by the follow's id with ``max_id``/``since_id`` and a ``Link``
        header, as Mastodon does."""
        self._auth(request)  # a bad token is still a 401
        row = self._account_row(request.match_info["id"])
        q = request.query
        try:
            limit = min(max(int(q.get("limit", 40)), 1), 80)
        except ValueError:
            limit = 40
        mine, other = (
            ("follower_id", "followee_id") if following else ("followee_id", "follower_id")
        )
        conds = [f"{mine} = :account"]
        args: dict[str, Any] = {"account": row["id"]}
        for name, op in (("max_id", "<"), ("since_id", ">")):
            value = q.get(name, "")
            if value.isdigit():
                conds.append(f"rowid {op} :{name}")
                args[name] = int(value)
        pairs = self.db.execute(
            f"SELECT rowid, {other} FROM follows WHERE {' AND '.join(conds)}"
            f" ORDER BY rowid DESC LIMIT {limit}",
            args,
        ).fetchall()
        accounts = self._accounts_json(p[1] for p in pairs)
        response = web.json_response(
            [accounts[p[1]] for p in pairs if p[1] in accounts], dumps=_dumps
        )
        if pairs:
            url = f"{self.base_url}{request.path}?"
            base = {"limit": q["limit"]} if "limit" in q else {}
            response.headers["Link"] = (
                f'<{url}{urlencode(base | {"max_id": pairs[-1][0]})}>; rel="next", '
                f'<{url}{urlencode(base | {"since_id": pairs[0][0]})}>; rel="prev"'
            )
        return response

    async def account_following(self, request: web.Request) -> web.Response:
        return self._follow_page(request, following=True)

    async def account_followers(self, request: web.Request) -> web.Response:
        return self._follow_page(request, following=False)

    # ---- instance --------------------------------------------------------------------------

    def _configuration(self) -> dict[str, Any]:
        return {
            "accounts": {"max_featured_tags": 10, "max_pinned_statuses": 5},
            "statuses": {
                "max_characters": MAX_CHARACTERS,
                "max_media_attachments": MAX_MEDIA,
                "characters_reserved_per_url": URL_RESERVED,
            },
            "media_attachments": {
                "supported_mime_types": sorted(IMAGE_TYPES),
                "description_limit": 1500,
                "image_size_limit": 16 * 1024 * 1024,
                "image_matrix_limit": 33177600,
                "video_size_limit": 0,
                "video_frame_rate_limit": 0,
                "video_matrix_limit": 0,
            },
            "polls": {
                "max_options": 4,
                "max_characters_per_option": 50,
                "min_expiration": 300,
                "max_expiration": 2629746,
            },
        }

    def _stats(self) -> tuple[int, int]:
        users = self.db.execute("SELECT COUNT(*) FROM accounts").fetchone()[0]
        statuses = self.db.execute("SELECT COUNT(*) FROM statuses").fetchone()[0]
        return users, statuses

    async def instance_v1(self, request: web.Request) -> web.Response:
        users, statuses = self._stats()
        return web.json_response(
            {
                "uri": self.label,
                "title": TITLE,
                "short_description": "Kizuna の練習用の公開ネットワーク",
                "description": "Kizuna のサンドボックス(公開ネットワーク)です。",
                "email": "",
                "version": VERSION,
                "urls": {"streaming_api": self.streaming_url},
                "stats": {"user_count": users, "status_count": statuses, "domain_count": 0},
                "thumbnail": None,
                "languages": ["ja"],
                "registrations": False,
                "approval_required": False,
                "invites_enabled": False,
                "configuration": self._configuration(),
                "contact_account": None,
                "rules": [],
            },
            dumps=_dumps,
        )

    async def instance_v2(self, request: web.Request) -> web.Response:
        users, _ = self._stats()
        configuration = self._configuration()
        configuration["urls"] = {"streaming": self.streaming_url, "status": None}
        configuration["vapid"] = {"public_key": ""}
        configuration["translation"] = {"enabled": False}
        return web.json_response(
            {
                "domain": self.label,
                "title": TITLE,
                "version": VERSION,
                "source_url": "https://github.com/mastodon/mastodon",
                "description": "Kizuna のサンドボックス(公開ネットワーク)です。",
                "usage": {"users": {"active_month": users}},
                "thumbnail": {"url": f"{self.base_url}/media/thumbnail.png"},
                "icon": [],
                "languages": ["ja"],
                "configuration": configuration,
                "registrations": {
                    "enabled": False,
                    "approval_required": False,
                    "message": None,
                    "url": None,
                },
                "api_versions": {"mastodon": 2},
                "contact": {"email": "", "account": None},
                "rules": [],
            },
            dumps=_dumps,
        )

    # ---- statuses --------------------------------------------------------------------------

    def _insert_status(
        self,
        account_id: int,
        text: str,
        visibility: str,
        *,
        spoiler_text: str = "",
        sensitive: bool = False,
        language: str | None = "ja",
        media_ids: Iterable[int] = (),
        recipients: tuple[str, ...] = (),
        app_id: int | None = None,
        in_reply_to: sqlite3.Row | None = None,
        created_at: datetime | None = None,
    ) -> int:
        """Insert a status with its mentions, tags and media. Call inside ``with self.db``."""
        created_at = created_at or datetime.now(UTC)
        status_id = snowflake(created_at)
        content, mentioned, tags = self._render(text)
        for name in recipients:
            row = self._account_by_name(name)
            if row is not None:
                mentioned.setdefault(row["id"], row["username"])
        self.db.execute(
            "INSERT INTO statuses VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                status_id,
                account_id,
                text,
                content,
                visibility,
                spoiler_text,
                int(sensitive or bool(spoiler_text)),
                language,
                iso_ms(created_at),
                app_id,
                in_reply_to["id"] if in_reply_to else None,
                in_reply_to["account_id"] if in_reply_to else None,
            ),
        )
        self.db.executemany(
            "INSERT OR IGNORE INTO mentions VALUES (?, ?)",
            [(status_id, mid) for mid in mentioned if mid != account_id],
        )
        self.db.executemany(
            "INSERT OR IGNORE INTO tags VALUES (?, ?, ?)",
            [(status_id, _normal_tag(t), t) for t in tags],
        )
        self.db.executemany(
            "UPDATE media SET status_id = ? WHERE id = ?", [(status_id, m) for m in media_ids]
        )
        for mid in mentioned:
            self.answers.notify(mid, account_id, "mention", status_id)
        return status_id

    def _render(self, text: str) -> tuple[str, dict[int, str], list[str]]:
        """Text → Mastodon-style HTML (own links by path), plus mentions and hashtags in order."""
        mentioned: dict[int, str] = {}
        tags: list[str] = []
        out: list[str] = []
        pos = 0
        for m in _ENTITY_RE.finditer(text):
            out.append(html.escape(text[pos : m.start()]))
            pos = m.end()
            if m.group("url"):
                url = m.group("url").rstrip(_URL_TRAILING)
                pos = m.start() + len(url)
                scheme, _, rest = url.partition("://")
                out.append(
                    f'<a href="{html.escape(url)}" target="_blank" rel="nofollow noopener" '
                    f'translate="no"><span class="invisible">{scheme}://</span>'
                    f'<span class="">{html.escape(rest)}</span>'
                    '<span class="invisible"></span></a>'
                )
            elif m.group("mention"):
                name, domain = m.group("user"), m.group("domain")
                row = self._account_by_name(name) if domain in (None, self.label) else None
                if row is None:
                    out.append(html.escape(m.group(0)))
                    continue
                mentioned[row["id"]] = row["username"]
                out.append(
                    '<span class="h-card" translate="no"><a href="'
                    f'/@{row["username"]}" class="u-url mention">@<span>'
                    f"{row['username']}</span></a></span>"
                )
            else:
                name = m.group("tagname")
                if name not in tags:
                    tags.append(name)
                out.append(
                    f'<a href="/tags/{quote(_normal_tag(name))}" '
                    f'class="mention hashtag" rel="tag">#<span>{html.escape(name)}</span></a>'
                )
        out.append(html.escape(text[pos:]))
        return _paragraphs("".join(out)), mentioned, tags

    def _absolute(self, content: str) -> str:
        """Stored content links to this server by path (the port changes between runs); user
        text is escaped with its quotes, so only our own markup can contain ``href="/``."""
        return content.replace('href="/', f'href="{self.base_url}/')

    def _status_rows(self, ids: list[int]) -> dict[int, sqlite3.Row]:
        marks = ",".join("?" * len(ids))
        return {
            r["id"]: r
            for r in self.db.execute(f"SELECT * FROM statuses WHERE id IN ({marks})", ids)
        }

    def _statuses_json(self, ids: list[int], viewer: int | None) -> list[dict[str, Any]]:
        """Status JSON for ``ids`` in that order, in a handful of queries for the whole page."""
        if not ids:
            return []
        rows = self._status_rows(ids)
        marks = ",".join("?" * len(ids))
        accounts = self._accounts_json(r["account_id"] for r in rows.values())
        media: dict[int, list[dict[str, Any]]] = {}
        for m in self.db.execute(
            f"SELECT * FROM media WHERE status_id IN ({marks}) ORDER BY id", ids
        ):
            media.setdefault(m["status_id"], []).append(self._media_json(m))
        mentions: dict[int, list[dict[str, Any]]] = {}
        for m in self.db.execute(
            "SELECT m.status_id, a.id, a.username FROM mentions m JOIN accounts a"
            f" ON a.id = m.account_id WHERE m.status_id IN ({marks})",
            ids,
        ):
            mentions.setdefault(m["status_id"], []).append(
                {
                    "id": str(m["id"]),
                    "username": m["username"],
                    "url": f"{self.base_url}/@{m['username']}",
                    "acct": m["username"],
                }
            )
        tags: dict[int, list[dict[str, str]]] = {}
        for t in self.db.execute(
            f"SELECT status_id, name, display FROM tags WHERE status_id IN ({marks})"
            " ORDER BY rowid",
            ids,
        ):
            tags.setdefault(t["status_id"], []).append(
                {"name": t["display"], "url": f"{self.base_url}/tags/{quote(t['name'])}"}
            )
        replies = dict(
            self.db.execute(
                "SELECT in_reply_to_id, COUNT(*) FROM statuses"
                f" WHERE in_reply_to_id IN ({marks}) GROUP BY in_reply_to_id",
                ids,
            ).fetchall()
        )
        apps = {
            r["id"]: r
            for r in self.db.execute(
                "SELECT id, name, website FROM apps WHERE id IN (SELECT app_id FROM statuses"
                f" WHERE id IN ({marks}))",
                ids,
            )
        }
        out = []
        for sid in ids:
            row = rows.get(sid)
            if row is None:
                continue
            account = accounts[row["account_id"]]
            app = apps.get(row["app_id"])
            status: dict[str, Any] = {
                "id": str(sid),
                "created_at": row["created_at"],
                "in_reply_to_id": _str_or_none(row["in_reply_to_id"]),
                "in_reply_to_account_id": _str_or_none(row["in_reply_to_account_id"]),
                "sensitive": bool(row["sensitive"]),
                "spoiler_text": row["spoiler_text"],
                "visibility": row["visibility"],
                "language": row["language"],
                "uri": f"{self.base_url}/users/{account['username']}/statuses/{sid}",
                "url": f"{self.base_url}/@{account['username']}/{sid}",
                "replies_count": replies.get(sid, 0),
                "reblogs_count": 0,
                "favourites_count": 0,
                "edited_at": None,
                "content": self._absolute(row["content"]),
                "reblog": None,
                "application": {"name": app["name"], "website": app["website"]} if app else None,
                "account": account,
                "media_attachments": media.get(sid, []),
                "mentions": mentions.get(sid, []),
                "tags": tags.get(sid, []),
                "emojis": [],
                "card": None,
                "poll": None,
            }
            if viewer is not None:
                status |= {
                    "favourited": False,
                    "reblogged": False,
                    "muted": False,
                    "bookmarked": False,
                    "pinned": False,
                    "filtered": [],
                }
            out.append(status)
        self.answers.decorate(out, viewer)
        return out

    def _visible_status(self, ident: str, viewer: int | None) -> sqlite3.Row:
        if not ident.isdigit():
            raise ApiError(404, "Record not found")
        where = _VISIBLE if viewer else _VISIBLE_ANON
        row = self.db.execute(
            f"SELECT s.* FROM statuses s WHERE s.id = :id AND {where}",
            {"id": int(ident), "viewer": viewer},
        ).fetchone()
        if row is None:
            raise ApiError(404, "Record not found")
        return row

    async def create_status(self, request: web.Request) -> web.Response:
        auth = self._require(request, "write:statuses")
        assert auth.account_id is not None
        key = request.headers.get("Idempotency-Key")
        if key:
            self._forget_old_idempotency_keys()
            done = self.db.execute(
                "SELECT status_id FROM idempotency WHERE account_id = ? AND key = ?",
                (auth.account_id, key),
            ).fetchone()
            if done and self._status_rows([done[0]]):
                return self._status_response(done[0], auth.account_id)
            held = self.db.execute(
                "SELECT * FROM scheduled_statuses WHERE account_id = ? AND idempotency_key = ?",
                (auth.account_id, key),
            ).fetchone()
            if held is not None:
                return web.json_response(self._scheduled_json(held), dumps=_dumps)
        p = await _Params.read(request)
        text = p.text("status")
        spoiler = p.text("spoiler_text")
        visibility = p.text("visibility", "public") or "public"
        if visibility not in VISIBILITIES:
            raise ApiError(422, "Validation failed: Visibility is not included in the list")
        raw_media = p.getlist("media_ids")
        if len(raw_media) > MAX_MEDIA:
            raise ApiError(422, f"Cannot attach more than {MAX_MEDIA} files")
        media_ids = self._own_unattached_media(auth.account_id, raw_media)
        if not text.strip() and not media_ids:
            raise ApiError(422, "Validation failed: Text can't be blank")
        if countable_length(spoiler + text, self.label) > MAX_CHARACTERS:
            raise ApiError(
                422, f"Validation failed: Text character limit of {MAX_CHARACTERS} exceeded"
            )
        reply = None
        if p.get("in_reply_to_id"):
            reply = self._visible_status(p.text("in_reply_to_id"), auth.account_id)
        language = p.get("language") or "ja"
        scheduled_at = self._scheduled_at(p)
        if scheduled_at is not None:
            params = {
                "poll": None,
                "text": text,
                "media_ids": [str(m) for m in media_ids] or None,
                "sensitive": _truthy(p.get("sensitive", False)),
                "visibility": visibility,
                "idempotency": key or None,
                "scheduled_at": None,
                "spoiler_text": spoiler or None,
                "application_id": auth.app_id,
                "in_reply_to_id": reply["id"] if reply else None,
                "language": str(language),
                "with_rate_limit": False,
            }
            with self.db:
                cur = self.db.execute(
                    "INSERT INTO scheduled_statuses"
                    "(account_id, scheduled_at, params, idempotency_key, created_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (
                        auth.account_id,
                        iso_ms(scheduled_at),
                        json.dumps(params),
                        key or None,
                        iso_ms(datetime.now(UTC)),
                    ),
                )
                row = self.db.execute(
                    "SELECT * FROM scheduled_statuses WHERE id = ?", (cur.lastrowid,)
                ).fetchone()
            return web.json_response(self._scheduled_json(row), dumps=_dumps)
        with self.db:
            status_id = self._insert_status(
                auth.account_id,
                text,
                visibility,
                spoiler_text=spoiler,
                sensitive=_truthy(p.get("sensitive", False)),
                language=str(language),
                media_ids=media_ids,
                app_id=auth.app_id,
                in_reply_to=reply,
            )
            if key:
                self.db.execute(
                    "INSERT OR REPLACE INTO idempotency VALUES (?, ?, ?, ?)",
                    (auth.account_id, key, status_id, iso_ms(datetime.now(UTC))),
                )
        self._broadcast_update(status_id)
        return self._status_response(status_id, auth.account_id)

    def _now(self) -> datetime:
        return datetime.fromtimestamp(self.clock(), UTC)

    def _scheduled_at(self, p: _Params) -> datetime | None:
        """The requested publication time, or None to post now (no time, or one already
        past: Mastodon then ignores it). 422 when it is less than 5 minutes ahead."""
        raw = p.text("scheduled_at").strip()
        if not raw:
            return None
        try:
            when = parse_iso(raw)
        except ValueError:
            raise ApiError(422, "Validation failed: Scheduled at is invalid") from None
        now = self._now()
        if when <= now:
            return None
        if when <= now + SCHEDULE_MINIMUM_OFFSET:
            raise ApiError(422, SCHEDULE_TOO_SOON)
        return when

    def _scheduled_json(self, row: sqlite3.Row) -> dict[str, Any]:
        """A ScheduledStatus: id, scheduled_at, params (what was posted), media_attachments."""
        params = json.loads(row["params"])
        wanted = [int(m) for m in params.get("media_ids") or () if str(m).isdigit()]
        media: list[dict[str, Any]] = []
        if wanted:
            marks = ",".join("?" * len(wanted))
            rows = {
                r["id"]: r
                for r in self.db.execute(f"SELECT * FROM media WHERE id IN ({marks})", wanted)
            }
            media = [self._media_json(rows[m]) for m in wanted if m in rows]
        return {
            "id": str(row["id"]),
            "scheduled_at": row["scheduled_at"],
            "params": params,
            "media_attachments": media,
        }

    def _own_scheduled(self, request: web.Request, scope: str) -> sqlite3.Row:
        auth = self._require(request, scope)
        ident = request.match_info["id"]
        row = self.db.execute(
            "SELECT * FROM scheduled_statuses WHERE id = ? AND account_id = ?",
            (int(ident) if ident.isdigit() else -1, auth.account_id),
        ).fetchone()
        if row is None:
            raise ApiError(404, "Record not found")
        return row

    async def list_scheduled(self, request: web.Request) -> web.Response:
        """The user's own scheduled statuses, newest first (``limit``, ``max_id``)."""
        auth = self._require(request, "read:statuses")
        q = request.query
        try:
            limit = min(max(int(q.get("limit", DEFAULT_LIMIT)), 1), MAX_LIMIT)
        except ValueError:
            limit = DEFAULT_LIMIT
        sql = "SELECT * FROM scheduled_statuses WHERE account_id = ?"
        args: list[Any] = [auth.account_id]
        for name, op in (("max_id", "<"), ("since_id", ">"), ("min_id", ">")):
            value = q.get(name, "")
            if value.isdigit():
                sql += f" AND id {op} ?"
                args.append(int(value))
        rows = self.db.execute(f"{sql} ORDER BY id DESC LIMIT {limit}", args).fetchall()
        return web.json_response([self._scheduled_json(r) for r in rows], dumps=_dumps)

    async def get_scheduled(self, request: web.Request) -> web.Response:
        row = self._own_scheduled(request, "read:statuses")
        return web.json_response(self._scheduled_json(row), dumps=_dumps)

    async def update_scheduled(self, request: web.Request) -> web.Response:
        """A new publication time (``scheduled_at``), as Mastodon: unlike a new status, a
        time already past is refused too — any time not 5 minutes ahead is a 422."""
        row = self._own_scheduled(request, "write:statuses")
        p = await _Params.read(request)
        raw = p.text("scheduled_at").strip()
        if raw:
            try:
                when = parse_iso(raw)
            except ValueError:
                raise ApiError(422, "Validation failed: Scheduled at is invalid") from None
            if when <= self._now() + SCHEDULE_MINIMUM_OFFSET:
                raise ApiError(422, SCHEDULE_TOO_SOON)
            with self.db:
                self.db.execute(
                    "UPDATE scheduled_statuses SET scheduled_at = ? WHERE id = ?",
                    (iso_ms(when), row["id"]),
                )
            row = self.db.execute(
                "SELECT * FROM scheduled_statuses WHERE id = ?", (row["id"],)
            ).fetchone()
        return web.json_response(self._scheduled_json(row), dumps=_dumps)

    async def delete_scheduled(self, request: web.Request) -> web.Response:
        row = self._own_scheduled(request, "write:statuses")
        with self.db:
            self.db.execute("DELETE FROM scheduled_statuses WHERE id = ?", (row["id"],))
        return web.json_response({})

    async def publish_due(self) -> list[int]:
        """Turn every scheduled status whose time has come (by :attr:`clock`) into a
        status, stream it; the new statuses' ids, oldest schedule first."""
        now = self._now()
        rows = self.db.execute(
            "SELECT * FROM scheduled_statuses WHERE scheduled_at <= ? ORDER BY scheduled_at, id",
            (iso_ms(now),),
        ).fetchall()
        published: list[int] = []
        for row in rows:
            params = json.loads(row["params"])
            media_ids = self._own_unattached_media(row["account_id"], params.get("media_ids") or [])
            reply = None
            if params.get("in_reply_to_id"):
                reply = self.db.execute(
                    "SELECT * FROM statuses WHERE id = ?", (params["in_reply_to_id"],)
                ).fetchone()
            with self.db:
                status_id = self._insert_status(
                    row["account_id"],
                    params.get("text") or "",
                    params.get("visibility") or "public",
                    spoiler_text=params.get("spoiler_text") or "",
                    sensitive=bool(params.get("sensitive")),
                    language=params.get("language") or "ja",
                    media_ids=media_ids,
                    app_id=params.get("application_id"),
                    in_reply_to=reply,
                    created_at=now,
                )
                self.db.execute("DELETE FROM scheduled_statuses WHERE id = ?", (row["id"],))
                if row["idempotency_key"]:
                    # A repeated request with the same key now gets the status itself.
                    self.db.execute(
                        "INSERT OR REPLACE INTO idempotency VALUES (?, ?, ?, ?)",
                        (
                            row["account_id"],
                            row["idempotency_key"],
                            status_id,
                            iso_ms(datetime.now(UTC)),
                        ),
                    )
            self._broadcast_update(status_id)
            published.append(status_id)
        return published

    async def _scheduler(self, _app: web.Application) -> AsyncIterator[None]:
        """Background task for the app's lifetime: publish due scheduled statuses."""

        async def loop() -> None:
            while True:
                await asyncio.sleep(SCHEDULE_POLL)
                if self._db is None:
                    continue  # not opened yet, or closing
                try:
                    await self.publish_due()
                except Exception:  # one bad pass must not stop the scheduler
                    log.exception("publishing scheduled statuses failed")

        task = asyncio.create_task(loop())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def _forget_old_idempotency_keys(self) -> None:
        with self.db:
            self.db.execute(
                "DELETE FROM idempotency WHERE created_at < ?",
                (iso_ms(datetime.now(UTC) - IDEMPOTENCY_TTL),),
            )

    def _own_unattached_media(self, account_id: int, raw: list[Any]) -> list[int]:
        """Like Mastodon, ids that are not the poster's unattached uploads are ignored."""
        wanted = [int(x) for x in raw if str(x).isdigit()]
        if not wanted:
            return []
        marks = ",".join("?" * len(wanted))
        found = {
            r[0]
            for r in self.db.execute(
                f"SELECT id FROM media WHERE id IN ({marks}) AND account_id = ?"
                " AND status_id IS NULL",
                [*wanted, account_id],
            )
        }
        return [m for m in wanted if m in found]

    def _status_response(self, status_id: int, viewer: int | None) -> web.Response:
        return web.json_response(self._statuses_json([status_id], viewer)[0], dumps=_dumps)

    async def get_status(self, request: web.Request) -> web.Response:
        viewer = self._viewer(request)
        row = self._visible_status(request.match_info["id"], viewer)
        return self._status_response(row["id"], viewer)

    async def delete_status(self, request: web.Request) -> web.Response:
        auth = self._require(request, "write:statuses")
        ident = request.match_info["id"]
        row = self.db.execute(
            "SELECT * FROM statuses WHERE id = ? AND account_id = ?",
            (int(ident) if ident.isdigit() else -1, auth.account_id),
        ).fetchone()
        if row is None:
            raise ApiError(404, "Record not found")
        body = self._statuses_json([row["id"]], auth.account_id)[0]
        body["text"] = row["text"]
        audience = self._audience(row["id"])
        with self.db:
            for table in ("mentions", "tags", "idempotency"):
                self.db.execute(f"DELETE FROM {table} WHERE status_id = ?", (row["id"],))
            self.db.execute("DELETE FROM media WHERE status_id = ?", (row["id"],))
            self.db.execute("DELETE FROM statuses WHERE id = ?", (row["id"],))
        for sub, streams in audience:
            for stream in streams:
                sub.queue.put_nowait((stream, "delete", str(row["id"])))
        return web.json_response(body, dumps=_dumps)

    # ---- media -----------------------------------------------------------------------------

    def _media_json(self, row: sqlite3.Row) -> dict[str, Any]:
        if row["seed_name"]:
            url = f"{self.base_url}/media/{quote(row['seed_name'])}.png"
        else:
            url = f"{self.base_url}/media/uploads/{row['id']}"
        meta: dict[str, Any] = {}
        w, h = row["width"], row["height"]
        if row["seed_name"] and not (w and h):
            w, h = artwork.IMAGE_SIZE  # known without drawing it
        if w and h:
            size = {"width": w, "height": h, "size": f"{w}x{h}", "aspect": w / h}
            meta = {"original": size, "small": dict(size)}
        return {
            "id": str(row["id"]),
            "type": "image",
            "url": url,
            "preview_url": url,
            "remote_url": None,
            "preview_remote_url": None,
            "text_url": None,
            "meta": meta,
            "description": row["description"],
            "blurhash": None,
        }

    async def upload_media(self, request: web.Request) -> web.Response:
        auth = self._require(request, "write:media")
        assert auth.account_id is not None
        if request.content_type != "multipart/form-data":
            raise ApiError(422, "Validation failed: File can't be blank")
        form = await request.post()
        upload = form.get("file")
        if not isinstance(upload, web.FileField):
            raise ApiError(422, "Validation failed: File can't be blank")
        mime = upload.content_type
        if mime not in IMAGE_TYPES:
            raise ApiError(422, "Validation failed: File content type is invalid, File is invalid")
        data = upload.file.read()
        size = png_size(data) or (None, None)
        description = form.get("description")
        media_id = snowflake()
        with self.db:
            self.db.execute(
                "INSERT INTO media (id, account_id, mime, data, description, width, height,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    media_id,
                    auth.account_id,
                    mime,
                    data,
                    description if isinstance(description, str) and description else None,
                    size[0],
                    size[1],
                    iso_ms(datetime.now(UTC)),
                ),
            )
        row = self.db.execute("SELECT * FROM media WHERE id = ?", (media_id,)).fetchone()
        return web.json_response(self._media_json(row), dumps=_dumps)

    def _own_media(self, request: web.Request, auth: Auth) -> sqlite3.Row:
        ident = request.match_info["id"]
        row = self.db.execute(
            "SELECT * FROM media WHERE id = ? AND account_id = ?",
            (int(ident) if ident.isdigit() else -1, auth.account_id),
        ).fetchone()
        if row is None:
            raise ApiError(404, "Record not found")
        return row

    async def get_media(self, request: web.Request) -> web.Response:
        auth = self._require(request, "write:media")
        return web.json_response(self._media_json(self._own_media(request, auth)), dumps=_dumps)

    async def update_media(self, request: web.Request) -> web.Response:
        auth = self._require(request, "write:media")
        row = self._own_media(request, auth)
        p = await _Params.read(request)
        if p.get("description") is not None:
            with self.db:
                self.db.execute(
                    "UPDATE media SET description = ? WHERE id = ?",
                    (p.text("description") or None, row["id"]),
                )
        row = self._own_media(request, auth)
        return web.json_response(self._media_json(row), dumps=_dumps)

    async def serve_avatar(self, request: web.Request) -> web.Response:
        row = self._account_by_name(request.match_info["username"])
        if row is None:
            raise web.HTTPNotFound()
        data = _avatar(row["username"], row["display_name"])
        return web.Response(body=data, content_type="image/png")

    async def serve_seed_image(self, request: web.Request) -> web.Response:
        return web.Response(body=_seed_image(request.match_info["name"]), content_type="image/png")

    async def serve_upload(self, request: web.Request) -> web.Response:
        ident = request.match_info["id"]
        row = self.db.execute(
            "SELECT mime, data FROM media WHERE id = ? AND data IS NOT NULL",
            (int(ident) if ident.isdigit() else -1,),
        ).fetchone()
        if row is None:
            raise web.HTTPNotFound()
        return web.Response(body=row["data"], content_type=row["mime"])

    # ---- timelines -------------------------------------------------------------------------

    def _page_response(
        self,
        request: web.Request,
        where: list[str],
        args: dict[str, Any],
        viewer: int | None,
        kept: tuple[str, ...],
        reblogs: str | None = None,
    ) -> web.Response:
        """One page newest first, paged by ``max_id``/``since_id``/``min_id`` in SQL, with
        Mastodon's ``Link`` header: rel="next" by max_id, rel="prev" by min_id.
        ``reblogs``: which reblogs (alias r, of the status s) the page shows too."""
        q = request.query
        try:
            limit = min(max(int(q.get("limit", DEFAULT_LIMIT)), 1), MAX_LIMIT)
        except ValueError:
            limit = DEFAULT_LIMIT
        paging: list[str] = []
        for name, op in (("max_id", "<"), ("since_id", ">"), ("min_id", ">")):
            value = q.get(name, "")
            if value.isdigit():
                paging.append(f"id {op} :{name}")
                args[name] = int(value)
        ascending = "min_id" in args
        source = f"SELECT s.id AS id FROM statuses s WHERE {' AND '.join(where)}"
        if reblogs is not None:
            source += (
                " UNION ALL SELECT r.id AS id FROM reblogs r"
                f" JOIN statuses s ON s.id = r.status_id WHERE {reblogs}"
            )
        sql = (
            f"SELECT id FROM ({source}) WHERE {' AND '.join(paging) or '1'}"
            f" ORDER BY id {'ASC' if ascending else 'DESC'} LIMIT {limit}"
        )
        ids = [r[0] for r in self.db.execute(sql, args)]
        if ascending:
            ids.reverse()
        response = web.json_response(self._page_json(ids, viewer), dumps=_dumps)
        if ids:
            base = {k: q[k] for k in kept if k in q}
            url = f"{self.base_url}{request.path}?"
            response.headers["Link"] = (
                f'<{url}{urlencode(base | {"max_id": ids[-1]})}>; rel="next", '
                f'<{url}{urlencode(base | {"min_id": ids[0]})}>; rel="prev"'
            )
        return response

    def _page_json(self, ids: list[int], viewer: int | None) -> list[dict[str, Any]]:
        """Statuses and reblogs in the order of ``ids``."""
        boosts = self.answers.reblog_ids(ids)
        statuses = iter(self._statuses_json([i for i in ids if i not in boosts], viewer))
        return [self.answers.reblog_json(i, viewer) if i in boosts else next(statuses) for i in ids]

    async def home_timeline(self, request: web.Request) -> web.Response:
        auth = self._require(request, "read:statuses")
        return self._page_response(
            request,
            [_HOME],
            {"viewer": auth.account_id},
            auth.account_id,
            ("local", "limit"),
            reblogs=_HOME_REBLOGS,
        )

    async def public_timeline(self, request: web.Request) -> web.Response:
        viewer = self._viewer(request)
        where = ["s.visibility = 'public'"]
        if _truthy(request.query.get("remote", "")):
            where.append("0")  # every account here is local
        if _truthy(request.query.get("only_media", "")):
            where.append("EXISTS (SELECT 1 FROM media x WHERE x.status_id = s.id)")
        return self._page_response(
            request, where, {}, viewer, ("local", "remote", "only_media", "limit")
        )

    async def tag_timeline(self, request: web.Request) -> web.Response:
        viewer = self._viewer(request)
        where = [
            "s.visibility = 'public'",
            "EXISTS (SELECT 1 FROM tags t WHERE t.status_id = s.id AND t.name = :tag)",
        ]
        if _truthy(request.query.get("only_media", "")):
            where.append("EXISTS (SELECT 1 FROM media x WHERE x.status_id = s.id)")
        args = {"tag": _normal_tag(request.match_info["tag"])}
        return self._page_response(request, where, args, viewer, ("local", "only_media", "limit"))

    # ---- streaming -------------------------------------------------------------------------

    def _stream_matches(
        self, sub: _Subscriber, status: sqlite3.Row, tags: set[str]
    ) -> list[list[str]]:
        """The ``stream`` arrays under which ``sub`` should receive ``status``."""
        out = []
        public = status["visibility"] == "public"
        has_media = None
        for name, tag in sub.streams:
            if name == "user":
                ok = (
                    sub.viewer is not None
                    and self.db.execute(
                        f"SELECT 1 FROM statuses s WHERE s.id = :id AND {_HOME}",
                        {"id": status["id"], "viewer": sub.viewer},
                    ).fetchone()
                    is not None
                )
            elif name in ("public", "public:local"):
                ok = public
            elif name in ("public:media", "public:local:media"):
                if has_media is None:
                    has_media = (
                        self.db.execute(
                            "SELECT 1 FROM media WHERE status_id = ?", (status["id"],)
                        ).fetchone()
                        is not None
                    )
                ok = public and has_media
            elif name in ("hashtag", "hashtag:local"):
                ok = public and tag in tags
            else:  # remote streams, notifications, lists, conversations: nothing here
                ok = False
            if ok:
                out.append([name, tag] if tag else [name])
        return out

    def _audience(self, status_id: int) -> list[tuple[_Subscriber, list[list[str]]]]:
        rows = self._status_rows([status_id])
        if status_id not in rows or not self._subscribers:
            return []
        tags = {
            r[0] for r in self.db.execute("SELECT name FROM tags WHERE status_id = ?", (status_id,))
        }
        out = []
        for sub in list(self._subscribers):
            streams = self._stream_matches(sub, rows[status_id], tags)
            if streams:
                out.append((sub, streams))
        return out

    def _broadcast_update(self, status_id: int) -> None:
        """Queue ``update`` events for every stream that may show the status (rendered once
        per viewer, since ``favourited`` & co. depend on who looks)."""
        payloads: dict[int | None, str] = {}
        for sub, streams in self._audience(status_id):
            if sub.viewer not in payloads:
                payloads[sub.viewer] = _dumps(self._statuses_json([status_id], sub.viewer)[0])
            for stream in streams:
                sub.queue.put_nowait((stream, "update", payloads[sub.viewer]))

    def _subscribe(self, sub: _Subscriber, name: str, tag: str) -> str | None:
        """Add a stream to ``sub``; returns an error message when refused."""
        if name not in _STREAMS:
            return "Unknown stream type"
        if name in _USER_STREAMS and sub.viewer is None:
            return "Missing access token"
        if name.startswith("hashtag") and not tag:
            return "No tag for stream provided"
        sub.streams.add((name, _normal_tag(tag) if name.startswith("hashtag") else ""))
        return None

    def _stream_auth(self, request: web.Request) -> int | None:
        token = _token_from(request) or request.headers.get("Sec-WebSocket-Protocol", "").strip()
        if not token:
            return None
        row = self.db.execute(
            "SELECT account_id, scopes FROM tokens WHERE token = ? AND revoked = 0", (token,)
        ).fetchone()
        if row is None or row["account_id"] is None:
            raise ApiError(401, "Invalid access token")
        if not _scope_ok(frozenset(row["scopes"].split()), "read:statuses"):
            raise ApiError(401, "Access token does not have the required scopes")
        return int(row["account_id"])

    async def streaming_health(self, request: web.Request) -> web.Response:
        return web.Response(text="OK")

    async def streaming(self, request: web.Request) -> web.StreamResponse:
        viewer = self._stream_auth(request)
        name, tag = request.query.get("stream", ""), request.query.get("tag", "")
        if request.headers.get("Upgrade", "").lower() != "websocket":
            return await self._sse(request, viewer, name or "user", tag)
        sub = _Subscriber(viewer)
        if name:
            error = self._subscribe(sub, name, tag)
            if error:
                raise ApiError(401 if viewer is None and name in _USER_STREAMS else 400, error)
        # Mastodon accepts the token as the subprotocol; echo it so browsers accept the reply.
        offered = request.headers.get("Sec-WebSocket-Protocol", "")
        protocols = tuple(p.strip() for p in offered.split(",") if p.strip())
        ws = web.WebSocketResponse(heartbeat=30.0, protocols=protocols)
        await ws.prepare(request)
        self._websockets.add(ws)
        self._subscribers.add(sub)
        self._stream_requests[id(request)] = request

        async def send() -> None:
            while (item := await sub.queue.get()) is not None:
                stream, event, payload = item
                await ws.send_str(_dumps({"stream": stream, "event": event, "payload": payload}))
            await ws.close(code=1001, message=b"server shutdown")

        sender = asyncio.create_task(send())
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                try:
                    data = json.loads(msg.data)
                except ValueError:
                    continue
                if not isinstance(data, dict):
                    continue
                name, tag = str(data.get("stream", "")), str(data.get("tag", ""))
                if data.get("type") == "subscribe":
                    error = self._subscribe(sub, name, tag)
                    if error:
                        await ws.send_str(_dumps({"error": error, "status": 400}))
                elif data.get("type") == "unsubscribe":
                    tag = _normal_tag(tag) if name.startswith("hashtag") else ""
                    sub.streams.discard((name, tag))
        finally:
            self._subscribers.discard(sub)
            self._websockets.discard(ws)
            self._stream_requests.pop(id(request), None)
            sender.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sender
        return ws

    async def streaming_sse_path(self, request: web.Request) -> web.StreamResponse:
        viewer = self._stream_auth(request)
        name = request.match_info["path"].strip("/").replace("/", ":")
        return await self._sse(request, viewer, name, request.query.get("tag", ""))

    async def _sse(
        self, request: web.Request, viewer: int | None, name: str, tag: str
    ) -> web.StreamResponse:
        sub = _Subscriber(viewer)
        error = self._subscribe(sub, name, tag)
        if error:
            raise ApiError(401 if error == "Missing access token" else 400, error)
        response = web.StreamResponse(
            headers={
                "Content-Type": "text/event-stream",
                "Cache-Control": "no-store",
            }
        )
        await response.prepare(request)
        self._subscribers.add(sub)
        self._stream_requests[id(request)] = request
        try:
            await response.write(b":)\n")
            while True:
                try:
                    async with asyncio.timeout(15.0):
                        item = await sub.queue.get()
                except TimeoutError:
                    await response.write(b":thump\n")
                    continue
                if item is None:
                    break
                _stream, event, payload = item
                await response.write(f"event: {event}\ndata: {payload}\n\n".encode())
        except ConnectionResetError:
            pass  # the client went away
        finally:
            self._subscribers.discard(sub)
            self._stream_requests.pop(id(request), None)
        return response


# ---- small helpers -------------------------------------------------------------------------


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


def _str_or_none(value: int | None) -> str | None:
    return None if value is None else str(value)


def _paragraphs(escaped: str) -> str:
    """Blank lines separate paragraphs, single newlines become ``<br />``, as Mastodon does."""
    escaped = escaped.replace("\r\n", "\n").strip("\n")
    if not escaped:
        return ""
    paras = regex.split(r"\n{2,}", escaped)
    return "".join(f"<p>{p.replace(chr(10), '<br />')}</p>" for p in paras)


def _token_from(request: web.Request) -> str | None:
    """Bearer header first, then ``access_token``, as Doorkeeper reads them."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return request.query.get("access_token") or None


def _scope_ok(granted: frozenset[str], wanted: str) -> bool:
    """``read`` grants ``read:statuses``; ``follow`` is the legacy umbrella of follows."""
    if wanted in granted or wanted.split(":")[0] in granted:
        return True
    return wanted in ("read:follows", "write:follows") and "follow" in granted


def _redirect_allowed(uri: str, registered: list[str]) -> bool:
    """Exact match, except that a loopback redirect may use any port (RFC 8252 §7.3)."""
    if uri in registered:
        return True
    parts = urlsplit(uri)
    if parts.scheme != "http" or parts.hostname not in ("127.0.0.1", "::1", "localhost"):
        return False
    for reg in registered:
        r = urlsplit(reg)
        if (r.scheme, r.hostname, r.path, r.query) == (
            parts.scheme,
            parts.hostname,
            parts.path,
            parts.query,
        ):
            return True
    return False


def _add_query(uri: str, params: Mapping[str, str]) -> str:
    parts = urlsplit(uri)
    query = parse_qsl(parts.query, keep_blank_values=True) + list(params.items())
    return urlunsplit(parts._replace(query=urlencode(query)))


def _oauth_error(status: int, error: str, description: str) -> web.Response:
    return web.json_response({"error": error, "error_description": description}, status=status)


def _oauth_page(status: int, error: str, description: str) -> web.Response:
    body = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>OAuth error</title></head>"
        f"<body><h1>{html.escape(error)}</h1><p>{html.escape(description)}</p></body></html>"
    )
    return web.Response(status=status, text=body, content_type="text/html")
