"""A fake of the X API v2 on 127.0.0.1, written from X's published API documents.

X cannot run here, so the X adapter is tested against this: an aiohttp app on an
ephemeral port, started inside the test's event loop::

    async with FakeX() as fake:
        fake.base_url, fake.authorize_url, fake.requests, fake.tweets …

What it serves, with X's status codes, headers and error body shapes:

- OAuth 2.0: ``GET /i/oauth2/authorize`` auto-approves (the "browser" is an HTTP client)
  and redirects to ``redirect_uri`` with ``code`` and ``state`` (or ``error=access_denied``
  when :attr:`FakeX.deny` is set); ``POST /2/oauth2/token`` checks ``client_id``,
  ``redirect_uri`` and the PKCE S256 verifier, issues a bearer token that lasts
  ``expires_in: 7200`` and, with ``offline.access``, a refresh token; ``grant_type=
  refresh_token`` rotates both (the old refresh token stops working). Errors are OAuth's
  ``{"error", "error_description"}`` with 400.
- ``GET /2/users/me``, ``GET /2/users/:id/timelines/reverse_chronological`` (own id only;
  ``max_results`` 1–100, ``pagination_token``, ``until_id``, ``since_id``,
  ``expansions=author_id`` → ``includes.users``), ``GET /2/users/:id/tweets``
  (``max_results`` 5–100, ``start_time``, ``end_time``); pages carry ``meta`` with ``result_count``,
  ``newest_id``, ``oldest_id`` and ``next_token``; an empty page has no ``data``.
- ``POST /2/tweets`` ``{text, media: {media_ids}}`` → 201 ``{"data": {"id", "text",
  "edit_history_tweet_ids"}}``; URLs are shortened to t.co links with ``entities.urls``;
  text over 280 weighted → 400 invalid-request problem; the same text as one of the
  author's recent tweets → 403 "You are not allowed to create a Tweet with duplicate
  content." (the body X sends, as seen in client reports).
- ``POST /2/media/upload`` (multipart ``media`` + ``media_category``) and
  ``POST /2/media/metadata`` (alt text).
- Answering back: ``POST /2/tweets`` with ``reply: {in_reply_to_tweet_id}`` (an unknown
  tweet → 403 "You attempted to reply to a Tweet that is deleted or not visible to
  you."); ``POST /2/users/:id/likes`` and ``/retweets`` ``{tweet_id}`` (own id only; scope
  ``like.write`` / ``tweet.write``) → ``{"data": {"liked" | "retweeted": true}}``, a
  retweet being a tweet ``RT @user: …`` that references the original; ``GET
  /2/tweets/:id`` (an unknown id → 200 with a "Not Found Error" in ``errors``); ``GET
  /2/tweets/search/recent`` (``query=conversation_id:ID`` only; ``max_results`` 10–100);
  ``GET /2/users/:id/mentions`` (tweets naming ``@user`` or replying to them;
  ``max_results`` 5–100, ``since_id``). Tweets carry ``conversation_id``,
  ``referenced_tweets`` and ``public_metrics`` when ``tweet.fields`` asks.
- Every ``/2/`` reply carries ``x-rate-limit-limit/remaining/reset`` (reset: Unix time of
  the end of the 15-minute window) per endpoint; over the limit → 429 problem. A tiny
  limit for a test: ``fake.rate_limits["timeline"] = 1``.
- A missing, unknown or expired bearer token → 401 ``{"title": "Unauthorized", "type":
  "about:blank", "status": 401, "detail": "Unauthorized"}``.

The weighted count here is written independently of app.core.counting, from the rule in
X's docs (code points 0–4351, 8192–8205, 8208–8223, 8242–8247 weigh 1, others 2, after
NFC; a t.co URL weighs 23); it does not treat emoji sequences specially.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import re
import secrets
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from typing import Any
from urllib.parse import urlencode, urlsplit

from aiohttp import web

WINDOW_SECONDS = 15 * 60
ACCESS_LIFETIME = 7200
DEFAULT_RATE_LIMITS = {
    "users/me": 75,
    "timeline": 180,
    "users/tweets": 900,
    "tweets": 100,
    "media/upload": 500,
    "media/metadata": 500,
    "likes": 200,
    "retweets": 50,
    "tweets/lookup": 900,
    "search": 450,
    "mentions": 300,
}
_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
_URL = re.compile(r"https?://[^\s]+")
_DUPLICATE_WINDOW = 50
RATE_HEADERS = web.RequestKey("rate_headers", dict)
SCOPES = web.RequestKey("scopes", frozenset)


def weighted_length(text: str) -> int:
    text = unicodedata.normalize("NFC", text)
    total = 0
    pos = 0
    for match in _URL.finditer(text):
        total += _weigh(text[pos : match.start()]) + 23
        pos = match.end()
    return total + _weigh(text[pos:])


def _weigh(text: str) -> int:
    return sum(1 if any(lo <= ord(c) <= hi for lo, hi in _LIGHT) else 2 for c in text)


def problem(status: int, title: str, detail: str, type_: str = "about:blank") -> dict[str, Any]:
    return {"title": title, "detail": detail, "type": type_, "status": status}


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while number:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
    return out or "0"


def _iso(when: float) -> str:
    return datetime.fromtimestamp(when, UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


@dataclass
class User:
    id: str
    username: str
    name: str

    def json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "username": self.username,
            "name": self.name,
            "profile_image_url": f"https://pbs.twimg.com/profile_images/{self.id}/normal.jpg",
        }


@dataclass
class Tweet:
    id: str
    author_id: str
    text: str  # as stored by X: URLs shortened
    created_at: float
    entities: dict[str, Any] = field(default_factory=dict)
    media_ids: list[str] = field(default_factory=list)
    original_text: str = ""  # as the client sent it
    reply_to: str | None = None  # the tweet this one answers
    retweet_of: str | None = None
    conversation_id: str = ""
    in_reply_to_user_id: str | None = None
    likes: set[str] = field(default_factory=set)  # user ids
    metrics: dict[str, int] = field(default_factory=dict)  # filled by the fake when asked

    def json(self, fields: set[str]) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "text": self.text,
            "edit_history_tweet_ids": [self.id],
        }
        if "conversation_id" in fields:
            out["conversation_id"] = self.conversation_id or self.id
        refs = [("replied_to", self.reply_to), ("retweeted", self.retweet_of)]
        if "referenced_tweets" in fields and any(ref for _, ref in refs):
            out["referenced_tweets"] = [{"type": k, "id": ref} for k, ref in refs if ref]
        if "in_reply_to_user_id" in fields and self.in_reply_to_user_id:
            out["in_reply_to_user_id"] = self.in_reply_to_user_id
        if "public_metrics" in fields:
            out["public_metrics"] = dict(self.metrics)
        if "created_at" in fields:
            out["created_at"] = _iso(self.created_at)
        if "author_id" in fields:
            out["author_id"] = self.author_id
        if "entities" in fields and self.entities:
            out["entities"] = self.entities
        if self.media_ids:
            out["attachments"] = {"media_keys": [f"3_{m}" for m in self.media_ids]}
        return out


@dataclass
class _Grant:
    user_id: str
    client_id: str
    scopes: frozenset[str]
    expires_at: float = 0.0


@dataclass
class _Code:
    grant: _Grant
    redirect_uri: str
    challenge: str
    method: str


class FakeX:
    def __init__(self, client_id: str = "a2l6dW5hLXRlc3Q6MTpjaQ") -> None:
        self.client_id = client_id
        self.users: dict[str, User] = {}
        self.me = self.add_user("kizuna_me", "絆の私")
        self.tweets: list[Tweet] = []  # oldest first
        self.media: dict[str, dict[str, Any]] = {}
        self.requests: list[tuple[str, str]] = []  # (method, path) of every request
        self.bodies: list[Any] = []  # JSON bodies of POST /2/tweets, as sent
        self.rate_limits = dict(DEFAULT_RATE_LIMITS)
        self.deny = False  # the user declines on the authorization page
        self._ids = itertools.count(1_860_000_000_000_000_000, 4096)
        self._codes: dict[str, _Code] = {}
        self._access: dict[str, _Grant] = {}
        self._refresh: dict[str, _Grant] = {}
        self._windows: dict[tuple[str, str], tuple[float, int]] = {}  # (key, user) -> (start, used)
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    # ------------------------------------------------------------------ control

    def add_user(self, username: str, name: str = "") -> User:
        user = User(str(1_500_000_000 + len(self.users)), username, name or username)
        self.users[user.id] = user
        return user

    def add_tweet(self, user: User, text: str, *, created_at: float | None = None) -> Tweet:
        stored, entities = self._shorten(text)
        tweet = Tweet(
            str(next(self._ids)), user.id, stored, created_at or time.time(), entities, [], text
        )
        self.tweets.append(tweet)
        return tweet

    def expire_access_tokens(self) -> None:
        """Every access token issued so far is now past its two hours."""
        for grant in self._access.values():
            grant.expires_at = time.time() - 1

    def count(self, method: str, path: str) -> int:
        return sum(1 for m, p in self.requests if m == method and p == path)

    @property
    def authorize_url(self) -> str:
        return self.base_url + "/i/oauth2/authorize"

    async def __aenter__(self) -> FakeX:
        app = web.Application(middlewares=[self._record])
        app.router.add_get("/i/oauth2/authorize", self._authorize)
        app.router.add_post("/2/oauth2/token", self._token)
        app.router.add_get("/2/users/me", self._users_me)
        app.router.add_get("/2/users/{id}/timelines/reverse_chronological", self._timeline)
        app.router.add_get("/2/users/{id}/tweets", self._user_tweets)
        app.router.add_post("/2/tweets", self._create_tweet)
        app.router.add_post("/2/media/upload", self._media_upload)
        app.router.add_post("/2/media/metadata", self._media_metadata)
        app.router.add_post("/2/users/{id}/likes", self._like)
        app.router.add_post("/2/users/{id}/retweets", self._retweet)
        app.router.add_get("/2/tweets/search/recent", self._search)
        app.router.add_get("/2/tweets/{id}", self._lookup)
        app.router.add_get("/2/users/{id}/mentions", self._mentions)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.base_url = f"http://{host}:{port}"
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # ------------------------------------------------------------------ plumbing

    @web.middleware
    async def _record(self, request: web.Request, handler: Any) -> web.StreamResponse:
        self.requests.append((request.method, request.path))
        response: web.StreamResponse = await handler(request)
        return response

    def _rate(self, key: str, user_id: str) -> tuple[dict[str, str], bool]:
        """Rate-limit headers for this request, and whether it is within the limit."""
        now = time.time()
        start, used = self._windows.get((key, user_id), (now, 0))
        if now >= start + WINDOW_SECONDS:
            start, used = now, 0
        limit = self.rate_limits[key]
        allowed = used < limit
        if allowed:
            used += 1
        self._windows[(key, user_id)] = (start, used)
        headers = {
            "x-rate-limit-limit": str(limit),
            "x-rate-limit-remaining": str(max(0, limit - used)),
            "x-rate-limit-reset": str(int(start + WINDOW_SECONDS)),
        }
        return headers, allowed

    def _authed(self, request: web.Request, key: str) -> tuple[User | None, web.Response | None]:
        """The signed-in user, or the reply X gives instead (401, or 429 over the limit)."""
        header = request.headers.get("Authorization", "")
        grant = None
        if header.startswith("Bearer "):
            grant = self._access.get(header.removeprefix("Bearer ").strip())
        if grant is None or grant.expires_at <= time.time():
            return None, web.json_response(problem(401, "Unauthorized", "Unauthorized"), status=401)
        headers, allowed = self._rate(key, grant.user_id)
        if not allowed:
            return None, web.json_response(
                problem(429, "Too Many Requests", "Too Many Requests"),
                status=429,
                headers=headers,
            )
        request[RATE_HEADERS] = headers
        request[SCOPES] = grant.scopes
        return self.users[grant.user_id], None

    @staticmethod
    def _reply(request: web.Request, body: Any, status: int = 200) -> web.Response:
        return web.json_response(body, status=status, headers=request.get(RATE_HEADERS, {}))

    def _invalid(self, request: web.Request, message: str, param: str) -> web.Response:
        body = {
            "errors": [{"parameters": {param: []}, "message": message}],
            "title": "Invalid Request",
            "detail": "One or more parameters to your request was invalid.",
            "type": "https://api.twitter.com/2/problems/invalid-request",
        }
        return self._reply(request, body, 400)

    def _shorten(self, text: str) -> tuple[str, dict[str, Any]]:
        urls: list[dict[str, Any]] = []
        out: list[str] = []
        pos = 0
        for match in _URL.finditer(text):
            out.append(text[pos : match.start()])
            short = "https://t.co/" + secrets.token_urlsafe(8)[:10]
            start = len("".join(out))
            out.append(short)
            urls.append(
                {
                    "start": start,
                    "end": start + len(short),
                    "url": short,
                    "expanded_url": match.group(),
                    "display_url": match.group().split("://", 1)[1][:25],
                }
            )
            pos = match.end()
        out.append(text[pos:])
        return "".join(out), ({"urls": urls} if urls else {})

    # ------------------------------------------------------------------ OAuth

    async def _authorize(self, request: web.Request) -> web.Response:
        q = request.query
        redirect_uri = q.get("redirect_uri", "")
        target = urlsplit(redirect_uri)
        problems = []
        if q.get("response_type") != "code":
            problems.append("response_type")
        if q.get("client_id") != self.client_id:
            problems.append("client_id")
        # X compares with the callback URLs registered for the app; the fake accepts any
        # loopback callback, as the test's receiver listens on an ephemeral port.
        if target.scheme != "http" or target.hostname != "127.0.0.1":
            problems.append("redirect_uri")
        if not q.get("state") or not q.get("code_challenge"):
            problems.append("state/code_challenge")
        if q.get("code_challenge_method") not in ("S256", "plain"):
            problems.append("code_challenge_method")
        if problems:
            # X shows an error page and does not redirect.
            return web.Response(status=400, text="Something went wrong: " + ", ".join(problems))
        if self.deny:
            query = urlencode({"error": "access_denied", "state": q["state"]})
            raise web.HTTPFound(f"{redirect_uri}?{query}")
        code = _b64url(secrets.token_bytes(48))
        scopes = frozenset(q.get("scope", "").split())
        self._codes[code] = _Code(
            _Grant(self.me.id, self.client_id, scopes),
            redirect_uri,
            q["code_challenge"],
            q["code_challenge_method"],
        )
        raise web.HTTPFound(f"{redirect_uri}?{urlencode({'state': q['state'], 'code': code})}")

    @staticmethod
    def _oauth_error(description: str, error: str = "invalid_request") -> web.Response:
        return web.json_response({"error": error, "error_description": description}, status=400)

    def _issue(self, grant: _Grant) -> dict[str, Any]:
        access = _b64url(secrets.token_bytes(60))
        self._access[access] = _Grant(
            grant.user_id, grant.client_id, grant.scopes, time.time() + ACCESS_LIFETIME
        )
        reply: dict[str, Any] = {
            "token_type": "bearer",
            "expires_in": ACCESS_LIFETIME,
            "access_token": access,
            "scope": " ".join(sorted(grant.scopes)),
        }
        if "offline.access" in grant.scopes:
            refresh = _b64url(secrets.token_bytes(60))
            self._refresh[refresh] = grant
            reply["refresh_token"] = refresh
        return reply

    async def _token(self, request: web.Request) -> web.Response:
        if not request.content_type.startswith("application/x-www-form-urlencoded"):
            return self._oauth_error("Missing required parameter [grant_type].")
        form = await request.post()
        client_id = str(form.get("client_id", ""))
        if not client_id:
            return self._oauth_error("Missing required parameter [client_id].")
        grant_type = form.get("grant_type")
        if grant_type == "authorization_code":
            code = self._codes.pop(str(form.get("code", "")), None)
            if code is None or code.grant.client_id != client_id:
                return self._oauth_error("Value passed for the authorization code was invalid.")
            if form.get("redirect_uri") != code.redirect_uri:
                return self._oauth_error(
                    "Value passed for the redirect uri did not match the uri of the"
                    " authorization code."
                )
            verifier = str(form.get("code_verifier", ""))
            expected = (
                _b64url(hashlib.sha256(verifier.encode("ascii", "replace")).digest())
                if code.method == "S256"
                else verifier
            )
            if not verifier or not secrets.compare_digest(expected, code.challenge):
                return self._oauth_error("Value passed for the code verifier did not match.")
            return web.json_response(self._issue(code.grant))
        if grant_type == "refresh_token":
            grant = self._refresh.pop(str(form.get("refresh_token", "")), None)
            if grant is None or grant.client_id != client_id:
                return self._oauth_error("Value passed for the token was invalid.")
            return web.json_response(self._issue(grant))
        return self._oauth_error("Value passed for the grant type was invalid.")

    # ------------------------------------------------------------------ users and timelines

    async def _users_me(self, request: web.Request) -> web.Response:
        user, refusal = self._authed(request, "users/me")
        if refusal is not None:
            return refusal
        assert user is not None
        return self._reply(request, {"data": user.json()})

    def _page(
        self,
        request: web.Request,
        tweets: list[Tweet],
        max_results: int,
    ) -> web.Response:
        """A newest-first page of ``tweets`` (already filtered), X's envelope and meta."""
        q = request.query
        newest_first = sorted(tweets, key=lambda t: int(t.id), reverse=True)
        if "until_id" in q:
            newest_first = [t for t in newest_first if int(t.id) < int(q["until_id"])]
        if "since_id" in q:
            newest_first = [t for t in newest_first if int(t.id) > int(q["since_id"])]
        if "pagination_token" in q:
            try:
                below = int(q["pagination_token"], 36)
            except ValueError:
                return self._invalid(
                    request,
                    f"The `pagination_token` query parameter value [{q['pagination_token']}]"
                    " is not valid",
                    "pagination_token",
                )
            newest_first = [t for t in newest_first if int(t.id) < below]
        page = newest_first[:max_results]
        fields = set(q.get("tweet.fields", "").split(","))
        for tweet in page:
            self._fill_metrics(tweet)
        meta: dict[str, Any] = {"result_count": len(page)}
        body: dict[str, Any] = {}
        if page:
            expansions = set(q.get("expansions", "").split(","))
            if "author_id" in expansions:
                fields.add("author_id")
            body["data"] = [t.json(fields) for t in page]
            meta["newest_id"] = page[0].id
            meta["oldest_id"] = page[-1].id
            if len(newest_first) > len(page):
                meta["next_token"] = _base36(int(page[-1].id))  # opaque to clients
            if "author_id" in expansions:
                authors = dict.fromkeys(t.author_id for t in page)
                body["includes"] = {"users": [self.users[a].json() for a in authors]}
        body["meta"] = meta
        return self._reply(request, body)

    def _max_results(self, request: web.Request, low: int, default: int) -> int | web.Response:
        raw = request.query.get("max_results", str(default))
        if not raw.isdigit() or not low <= int(raw) <= 100:
            return self._invalid(
                request,
                f"The `max_results` query parameter value [{raw}] is not between {low} and 100",
                "max_results",
            )
        return int(raw)

    async def _timeline(self, request: web.Request) -> web.Response:
        user, refusal = self._authed(request, "timeline")
        if refusal is not None:
            return refusal
        assert user is not None
        if request.match_info["id"] != user.id:
            return self._reply(
                request,
                problem(403, "Forbidden", "You can only request your own timeline."),
                403,
            )
        limit = self._max_results(request, 1, 100)
        if isinstance(limit, web.Response):
            return limit
        return self._page(request, list(self.tweets), limit)

    async def _user_tweets(self, request: web.Request) -> web.Response:
        _user, refusal = self._authed(request, "users/tweets")
        if refusal is not None:
            return refusal
        limit = self._max_results(request, 5, 10)
        if isinstance(limit, web.Response):
            return limit
        author = request.match_info["id"]
        tweets = [t for t in self.tweets if t.author_id == author]
        if "start_time" in request.query:
            try:
                start = datetime.fromisoformat(request.query["start_time"].replace("Z", "+00:00"))
            except ValueError:
                return self._invalid(request, "Invalid start_time", "start_time")
            tweets = [t for t in tweets if t.created_at >= start.timestamp()]
        if "end_time" in request.query:
            try:
                end = datetime.fromisoformat(request.query["end_time"].replace("Z", "+00:00"))
            except ValueError:
                return self._invalid(request, "Invalid end_time", "end_time")
            tweets = [t for t in tweets if t.created_at < end.timestamp()]
        return self._page(request, tweets, limit)

    # ------------------------------------------------------------------ writing

    async def _create_tweet(self, request: web.Request) -> web.Response:
        user, refusal = self._authed(request, "tweets")
        if refusal is not None:
            return refusal
        assert user is not None
        if "tweet.write" not in request[SCOPES]:
            return self._reply(
                request,
                problem(
                    403,
                    "Forbidden",
                    "You are not permitted to perform this action.",
                ),
                403,
            )
        try:
            body = await request.json()
        except ValueError:
            return self._invalid(request, "Request body is not valid JSON", "body")
        self.bodies.append(body)
        text = body.get("text") if isinstance(body, dict) else None
        media = body.get("media") if isinstance(body, dict) else None
        media_ids = media.get("media_ids") if isinstance(media, dict) else []
        if not isinstance(media_ids, list) or any(m not in self.media for m in media_ids):
            return self._invalid(request, "Your media IDs are invalid.", "media.media_ids")
        if not isinstance(text, str) or (not text and not media_ids):
            return self._invalid(request, "Tweet text is required.", "text")
        if weighted_length(text) > 280:
            return self._invalid(request, "Your Tweet text is too long.", "text")
        reply = body.get("reply") if isinstance(body, dict) else None
        parent: Tweet | None = None
        if reply is not None:
            parent_id = reply.get("in_reply_to_tweet_id") if isinstance(reply, dict) else None
            parent = self.tweet(str(parent_id))
            if parent is None:
                return self._reply(
                    request,
                    problem(
                        403,
                        "Forbidden",
                        "You attempted to reply to a Tweet that is deleted or not visible to you.",
                    ),
                    403,
                )
        recent = [t for t in self.tweets if t.author_id == user.id][-_DUPLICATE_WINDOW:]
        if text and any(t.original_text == text for t in recent):
            return self._reply(
                request,
                problem(
                    403,
                    "Forbidden",
                    "You are not allowed to create a Tweet with duplicate content.",
                ),
                403,
            )
        tweet = self.add_tweet(user, text)
        tweet.media_ids = list(media_ids)
        if parent is not None:
            tweet.reply_to = parent.id
            tweet.conversation_id = parent.conversation_id or parent.id
            tweet.in_reply_to_user_id = parent.author_id
        return self._reply(
            request,
            {"data": {"id": tweet.id, "text": tweet.text, "edit_history_tweet_ids": [tweet.id]}},
            201,
        )

    # ------------------------------------------------------------------ answering back

    def tweet(self, tweet_id: str) -> Tweet | None:
        return next((t for t in self.tweets if t.id == tweet_id), None)

    def _fill_metrics(self, tweet: Tweet) -> None:
        tweet.metrics = {
            "retweet_count": sum(1 for t in self.tweets if t.retweet_of == tweet.id),
            "reply_count": sum(1 for t in self.tweets if t.reply_to == tweet.id),
            "like_count": len(tweet.likes),
            "quote_count": 0,
        }

    async def _own_action(
        self, request: web.Request, key: str, scope: str
    ) -> tuple[User | None, Tweet | None, web.Response | None]:
        """The user and target tweet of a like/retweet, or X's refusal."""
        user, refusal = self._authed(request, key)
        if refusal is not None:
            return None, None, refusal
        assert user is not None
        if request.match_info["id"] != user.id or scope not in request[SCOPES]:
            forbidden = problem(403, "Forbidden", "You are not permitted to perform this action.")
            return None, None, self._reply(request, forbidden, 403)
        try:
            body = await request.json()
        except ValueError:
            return None, None, self._invalid(request, "Request body is not valid JSON", "body")
        target = self.tweet(str(body.get("tweet_id"))) if isinstance(body, dict) else None
        if target is None:
            return None, None, self._invalid(request, "The tweet_id is not valid.", "tweet_id")
        return user, target, None

    async def _like(self, request: web.Request) -> web.Response:
        user, target, refusal = await self._own_action(request, "likes", "like.write")
        if refusal is not None:
            return refusal
        assert user is not None and target is not None
        target.likes.add(user.id)
        return self._reply(request, {"data": {"liked": True}})

    async def _retweet(self, request: web.Request) -> web.Response:
        user, target, refusal = await self._own_action(request, "retweets", "tweet.write")
        if refusal is not None:
            return refusal
        assert user is not None and target is not None
        done = any(t.retweet_of == target.id and t.author_id == user.id for t in self.tweets)
        if not done:
            author = self.users[target.author_id].username
            retweet = self.add_tweet(user, f"RT @{author}: {target.text}")
            retweet.retweet_of = target.id
        return self._reply(request, {"data": {"retweeted": True}})

    async def _lookup(self, request: web.Request) -> web.Response:
        _user, refusal = self._authed(request, "tweets/lookup")
        if refusal is not None:
            return refusal
        ident = request.match_info["id"]
        tweet = self.tweet(ident)
        if tweet is None:
            missing = {
                "value": ident,
                "detail": f"Could not find tweet with id: [{ident}].",
                "title": "Not Found Error",
                "resource_type": "tweet",
                "parameter": "id",
                "resource_id": ident,
                "type": "https://api.twitter.com/2/problems/resource-not-found",
            }
            return self._reply(request, {"errors": [missing]})
        self._fill_metrics(tweet)
        fields = set(request.query.get("tweet.fields", "").split(","))
        expansions = set(request.query.get("expansions", "").split(","))
        body: dict[str, Any] = {"data": tweet.json(fields | ({"author_id"} & expansions))}
        if "author_id" in expansions:
            body["includes"] = {"users": [self.users[tweet.author_id].json()]}
        return self._reply(request, body)

    async def _search(self, request: web.Request) -> web.Response:
        _user, refusal = self._authed(request, "search")
        if refusal is not None:
            return refusal
        limit = self._max_results(request, 10, 10)
        if isinstance(limit, web.Response):
            return limit
        match = re.fullmatch(r"conversation_id:(\d+)", request.query.get("query", "").strip())
        if match is None:
            return self._invalid(request, "This fake knows only conversation_id:ID", "query")
        root = match.group(1)
        found = [t for t in self.tweets if (t.conversation_id or t.id) == root]
        return self._page(request, found, limit)

    async def _mentions(self, request: web.Request) -> web.Response:
        _user, refusal = self._authed(request, "mentions")
        if refusal is not None:
            return refusal
        limit = self._max_results(request, 5, 10)
        if isinstance(limit, web.Response):
            return limit
        whom = self.users.get(request.match_info["id"])
        if whom is None:
            return self._invalid(request, "The id is not valid.", "id")
        named = re.compile(rf"(?<![\w@])@{re.escape(whom.username)}(?!\w)", re.IGNORECASE)
        found = [
            t
            for t in self.tweets
            if t.author_id != whom.id
            and t.retweet_of is None
            and (named.search(t.text) or t.in_reply_to_user_id == whom.id)
        ]
        return self._page(request, found, limit)

    async def _media_upload(self, request: web.Request) -> web.Response:
        _user, refusal = self._authed(request, "media/upload")
        if refusal is not None:
            return refusal
        if "media.write" not in request[SCOPES]:
            return self._reply(request, problem(403, "Forbidden", "Forbidden"), 403)
        form = await request.post()
        upload = form.get("media")
        if not isinstance(upload, web.FileField):
            return self._invalid(request, "media is required", "media")
        data = upload.file.read()
        media_id = str(next(self._ids))
        self.media[media_id] = {
            "bytes": data,
            "mime": upload.content_type,
            "category": form.get("media_category", ""),
            "alt": "",
        }
        return self._reply(
            request,
            {
                "data": {
                    "id": media_id,
                    "media_key": f"3_{media_id}",
                    "size": len(data),
                    "expires_after_secs": 86400,
                    "image": {"image_type": upload.content_type, "w": 1, "h": 1},
                }
            },
        )

    async def _media_metadata(self, request: web.Request) -> web.Response:
        _user, refusal = self._authed(request, "media/metadata")
        if refusal is not None:
            return refusal
        body = await request.json()
        media_id = body.get("id") if isinstance(body, dict) else None
        metadata = body.get("metadata") if isinstance(body, dict) else None
        alt = metadata.get("alt_text") if isinstance(metadata, dict) else None
        if media_id not in self.media or not isinstance(alt, dict):
            return self._invalid(request, "Invalid media id or metadata", "id")
        text = alt.get("text")
        if not isinstance(text, str) or len(text) > 1000:
            return self._invalid(request, "alt_text.text must be at most 1000 characters", "text")
        self.media[media_id]["alt"] = text
        return self._reply(
            request, {"data": {"id": media_id, "associated_metadata": {"alt_text": {"text": text}}}}
        )
