"""X (API v2) as a :class:`NetworkAdapter`.

Sign-in is OAuth 2.0 + PKCE with the user's own client id (:mod:`app.auth.x_oauth`); the
session and its refresh are :mod:`app.networks.x_session`. The access token lasts two
hours: the adapter refreshes it when it is known to have expired, and once more when a
request meets 401; ``on_session`` receives every new token pair (X
rotates refresh tokens, so the old one is dead) for the keychain. A refresh that fails
means SIGNED_OUT.

Audiences: every post on X is public (Circles ended in 2023). PUBLIC is honoured;
FRIENDS (and chosen recipients) is refused with :class:`AudienceRefused` before anything
is sent — never widened.

Endpoints used: ``GET /2/users/me``; ``GET /2/users/:id/timelines/reverse_chronological``
(``max_results``, ``pagination_token`` or ``until_id``, ``expansions=author_id``,
``user.fields=profile_image_url``, ``tweet.fields=created_at,entities``); ``POST /2/tweets``
``{text, media: {media_ids}}``; ``POST /2/media/upload`` (multipart ``media`` +
``media_category=tweet_image``) and ``POST /2/media/metadata`` (alt text); ``GET
/2/users/:id/tweets`` for :meth:`XAdapter.find_own`.

No idempotency key exists on X. The outbox therefore takes its "check own recent posts"
path (``find_own``) before re-sending a post that may have gone out. X also
refuses a tweet whose text repeats a recent one of the same account (403 "duplicate
content"), which is REJECTED here.

Limits: 280 weighted characters (:func:`app.core.counting.measure` with :data:`LIMITS`; 23 per URL),
checked before sending (REJECTED). Rate limits: every reply carries
``x-rate-limit-limit/remaining/reset`` (reset is a Unix time) per endpoint; a reply with
``remaining: 0`` makes the adapter refuse further calls to that endpoint until the reset
without sending them, and a 429 becomes RATE_LIMITED with ``retry_after``.

Error bodies are RFC 7807 problems ``{"title", "detail", "type", "status"}``, or
``{"errors": [{"message" | "detail", …}], "title", "detail"}``; their words go into
``NetworkError.detail``. A 403 on X means "not allowed to do that" (duplicate content,
missing scope, a protected action), not an invalid token, so it is REJECTED; 401 is
SIGNED_OUT.

Answering back: a reply is ``POST /2/tweets`` with ``reply.in_reply_to_tweet_id``; a
like ``POST /2/users/:id/likes`` (scope ``like.write``); a retweet ``POST
/2/users/:id/retweets``; the conversation ``GET /2/tweets/:id`` (its ``conversation_id``)
and ``GET /2/tweets/search/recent?query=conversation_id:…``; notifications are the
mentions ``GET /2/users/:id/mentions``. Every tweet is public: a friends reply is refused
before any request.

There is no push API for the home timeline: :meth:`XAdapter.stream` polls it at a polite
interval (60 s by default; the endpoint allows 180 requests per 15 minutes).
"""

from __future__ import annotations

import asyncio
import html
import json
import logging
import time
from collections.abc import AsyncIterator, Callable, Collection, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import httpx

from app.core.answering import check_boost, check_reply, reply_visibility
from app.core.bounded import PAGE_CURSORS, BoundedDict
from app.core.content import clean_label, from_misskey_text
from app.core.counting import measure
from app.core.models import (
    AccountRef,
    Audience,
    Author,
    Capabilities,
    Limits,
    MediaUpload,
    Notification,
    NotificationKind,
    Outgoing,
    Post,
    Published,
)
from app.networks.base import AdapterBase, AudienceRefused, ErrorKind, NetworkError
from app.networks.http import (
    PollMemory,
    as_object,
    decode_json,
    error_from_exception,
    error_from_status,
    has_broken_text,
    item_id,
    make_client,
    parse_page,
    parse_timestamp,
    poll_stream,
    read_capped,
    request_bound,
    retry_after,
)
from app.networks.own_posts import Candidate, OwnMatcher
from app.networks.x_session import API_BASE, XSession, refresh

log = logging.getLogger(__name__)

MAX_WEIGHTED = 280
LIMITS = Limits(
    max_characters=MAX_WEIGHTED,
    unit="weighted",
    characters_reserved_per_url=23,
    hashtag_dialect="twitter-text",
)
CAPABILITIES = Capabilities(
    audiences=frozenset({Audience.PUBLIC}),
    streaming=False,
    media=True,
    own_lookup=True,
    reply=True,
    react=True,
    boost=True,
    conversation=True,
    notifications=True,
)
MAX_PAGE = 100  # reverse_chronological: max_results 1..100
OWN_MIN_PAGE = 5  # /2/users/:id/tweets: max_results 5..100
MAX_IMAGES = 4
MAX_IMAGE_BYTES = 5 * 1024 * 1024  # X's limit for tweet_image
MAX_ALT_TEXT = 1000
DEFAULT_POLL_SECONDS = 60.0
RESET_MARGIN = 1.0  # seconds added to a whole-second rate-limit reset time
WEB = "https://x.com"
TWEET_FIELDS = "created_at,entities,author_id,conversation_id,referenced_tweets"
SEARCH_PAGE = 100  # /2/tweets/search/recent: max_results 10..100
_LOOKUP_PAGES = 3


def _problem_detail(body: Any) -> str:
    """The words of an X error body (RFC 7807 problem and/or an ``errors`` list)."""
    if not isinstance(body, dict):
        return ""
    parts: list[str] = []
    errors = body.get("errors")
    if isinstance(errors, list):
        for error in errors[:3]:
            if isinstance(error, dict):
                text = error.get("detail") or error.get("message")
                if isinstance(text, str) and text:
                    parts.append(text)
    detail = body.get("detail")
    if isinstance(detail, str) and detail and detail not in parts:
        parts.insert(0, detail)
    if not parts:
        title = body.get("title")
        if isinstance(title, str) and title:
            parts.append(title)
    if not parts:  # the token endpoint speaks OAuth: {"error", "error_description"}
        error = body.get("error")
        description = body.get("error_description")
        parts = [p for p in (error, description) if isinstance(p, str) and p]
    return "; ".join(parts)[:500]


def _reset_in(headers: Mapping[str, str]) -> float | None:
    """Seconds until X's rate-limit window resets. X spells the header
    ``x-rate-limit-reset`` (a Unix time), not Mastodon's ``X-RateLimit-Reset``."""
    value = headers.get("x-rate-limit-reset", "").strip()
    if value.isdigit():
        # Always an epoch time on X; the shared helper would read a small one as seconds.
        # Whole seconds, so the window may end up to a second later than it says: a
        # request right at the stated second can still meet a 429.
        return max(0.0, int(value) + RESET_MARGIN - time.time())
    return retry_after({"Retry-After": headers.get("retry-after", "")})


def x_error(status: int, headers: Mapping[str, str], body: bytes) -> NetworkError:
    """The error an unsuccessful X reply means."""
    try:
        parsed = json.loads(body) if body else None
    except (ValueError, UnicodeDecodeError, RecursionError):
        parsed = None
    detail = _problem_detail(parsed)
    if status == 429:
        return NetworkError(
            ErrorKind.RATE_LIMITED,
            detail or "Too Many Requests",
            status=status,
            retry_after=_reset_in(headers),
        )
    if status == 403:
        # Duplicate content, a missing scope, a forbidden action: the token is fine.
        return NetworkError(ErrorKind.REJECTED, detail or "Forbidden", status=status)
    base = error_from_status(status, headers, b"")
    return NetworkError(base.kind, detail or base.detail, status=status)


def _x_time(moment: datetime) -> str:
    """X's time format: UTC, whole seconds (rounded down)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _web_url(username: str, tweet_id: str) -> str:
    return f"{WEB}/{quote(username, safe='')}/status/{quote(tweet_id, safe='')}"


def _expanded(text: str, entities: Any) -> str:
    """``text`` (HTML entities decoded) with t.co links replaced by what was written."""
    text = html.unescape(text)
    urls = entities.get("urls") if isinstance(entities, dict) else None
    for item in urls if isinstance(urls, list) else ():
        if not isinstance(item, dict):
            continue
        short, long = item.get("url"), item.get("expanded_url")
        if (
            isinstance(short, str)
            and isinstance(long, str)
            and short
            and long.startswith(("https://", "http://"))
        ):
            text = text.replace(short, long)
    return text


class XAdapter(AdapterBase):
    network = "x"

    def __init__(
        self,
        account: AccountRef,
        session: XSession,
        *,
        client: httpx.AsyncClient | None = None,
        api_base: str = API_BASE,
        on_session: Callable[[XSession], None] | None = None,
        poll_interval: float = DEFAULT_POLL_SECONDS,
    ) -> None:
        """``on_session`` is called with the new tokens after every refresh."""
        self.account = account
        self.session = session
        self._base = api_base.rstrip("/")
        self._client = client or make_client()
        self._own_client = client is None
        self._on_session = on_session
        self.poll_interval = poll_interval
        self._refresh_lock = asyncio.Lock()
        # Rate-limit windows are per endpoint: endpoint key -> time.time() of the reset.
        self._blocked_until: dict[str, float] = {}
        # last tweet id of a page -> next_token (the most recent pages only)
        self._next_tokens: BoundedDict[str, str] = BoundedDict(PAGE_CURSORS)
        self._poll_memory = PollMemory()  # the newest tweets already handed out

    def __repr__(self) -> str:  # never the tokens
        return f"XAdapter({self.account.key!r})"

    @property
    def capabilities(self) -> Capabilities:
        return CAPABILITIES

    @property
    def limits(self) -> Limits:
        return LIMITS

    @property
    def request_timeout(self) -> float:
        """The longest one request can take, from this adapter's own client."""
        return request_bound(self._client.timeout)

    # ------------------------------------------------------------------ plumbing

    def _check_rate_limit(self, key: str) -> None:
        wait = self._blocked_until.get(key, 0.0) - time.time()
        if wait > 0:
            raise NetworkError(
                ErrorKind.RATE_LIMITED, "rate limit exhausted until its reset", retry_after=wait
            )

    def _note_rate_limit(self, key: str, headers: Mapping[str, str]) -> None:
        if headers.get("x-rate-limit-remaining", "").strip() == "0":
            wait = _reset_in(headers)
            if wait:
                self._blocked_until[key] = time.time() + wait

    async def _refresh(self, stale: XSession) -> None:
        async with self._refresh_lock:
            if self.session is not stale:
                return  # another request refreshed while we waited
            fresh = await refresh(self._client, stale, api_base=self._base)
            self.session = fresh
        if self._on_session is not None:
            self._on_session(fresh)

    async def _send(
        self, method: str, path: str, token: str, **kwargs: Any
    ) -> tuple[int, httpx.Headers, bytes]:
        headers = {"Authorization": f"Bearer {token}"}
        try:
            async with self._client.stream(
                method, self._base + path, headers=headers, **kwargs
            ) as response:
                body = await read_capped(response)
        except NetworkError:
            raise
        except (httpx.HTTPError, httpx.InvalidURL, OSError, TimeoutError) as exc:
            raise error_from_exception(exc) from exc
        return response.status_code, response.headers, body

    async def _api(self, method: str, path: str, key: str, **kwargs: Any) -> Any:
        """One API call with the rate-limit gate and one token refresh on 401."""
        self._check_rate_limit(key)
        session = self.session
        if session.expired():
            await self._refresh(session)
            session = self.session
        status, headers, body = await self._send(method, path, session.access_token, **kwargs)
        if status == 401:
            await self._refresh(session)
            status, headers, body = await self._send(
                method, path, self.session.access_token, **kwargs
            )
        self._note_rate_limit(key, headers)
        if not 200 <= status < 300:
            error = x_error(status, headers, body)
            if error.kind is ErrorKind.RATE_LIMITED and error.retry_after:
                self._blocked_until[key] = time.time() + error.retry_after
            raise error
        return decode_json(body, status=status) if body.strip() else None

    # ------------------------------------------------------------------ parsing

    @staticmethod
    def _author(user: Mapping[str, Any]) -> Author:
        user_id, username = user["id"], user["username"]
        if not isinstance(user_id, str) or not isinstance(username, str):
            raise ValueError("user without id or username")
        avatar = user.get("profile_image_url")
        return Author(
            id=item_id(user_id),
            username=clean_label(username),
            handle=clean_label(f"@{username}"),
            display_name=clean_label(str(user.get("name") or username)),
            avatar_url=avatar
            if isinstance(avatar, str) and avatar.startswith("https://")
            else None,
        )

    def _post(self, tweet: Any, users: Mapping[str, Author]) -> Post:
        tweet_id = tweet["id"]
        if not isinstance(tweet_id, str) or not tweet_id:
            raise ValueError("tweet without an id")
        author = users.get(str(tweet.get("author_id")))
        if author is None:
            raise KeyError("author not in includes")
        content = from_misskey_text(_expanded(str(tweet.get("text") or ""), tweet.get("entities")))
        refs = {
            str(r.get("type")): item_id(r["id"])
            for r in tweet.get("referenced_tweets") or []
            if isinstance(r, dict) and isinstance(r.get("id"), str)
        }
        return Post(
            id=tweet_id,
            network=self.network,
            account_key=self.account.key,
            author=author,
            created_at=parse_timestamp(tweet["created_at"]),
            text=content.text,
            html=content.html,
            audience=Audience.PUBLIC,
            visibility="public",
            url=_web_url(author.username, tweet_id),
            tags=content.tags,
            in_reply_to_id=refs.get("replied_to"),
            boost_of=refs.get("retweeted"),
        )

    def _page(self, data: Any) -> tuple[list[Post], dict[str, Any]]:
        if not isinstance(data, dict):
            raise NetworkError(ErrorKind.BAD_RESPONSE, "unexpected timeline")
        meta = as_object(data.get("meta"))
        includes = as_object(data.get("includes"))
        users: dict[str, Author] = {}
        for user in includes.get("users") or []:
            try:
                if has_broken_text(user):  # not UTF-8: its tweets are skipped, not the page
                    continue
                author = self._author(user)
            except (KeyError, TypeError, ValueError):
                continue
            users[author.id] = author
        tweets = data.get("data", [])  # X leaves "data" out of an empty page
        posts = parse_page(tweets, lambda t: self._post(t, users), "timeline", self._base)
        return posts, meta

    # ------------------------------------------------------------------ reading

    async def me(self) -> Author:
        data = await self._api(
            "GET", "/2/users/me", "users/me", params={"user.fields": "profile_image_url"}
        )
        user = data.get("data") if isinstance(data, dict) else None
        try:
            return self._author(user if isinstance(user, dict) else {})
        except (KeyError, TypeError, ValueError) as exc:
            raise NetworkError(ErrorKind.BAD_RESPONSE, "malformed user") from exc

    async def timeline(self, *, limit: int = 20, older_than: str | None = None) -> list[Post]:
        page = self._timeline(limit, older_than)
        if older_than is not None:
            return await page
        # The newest page: shown now, so the live stream starts after it.
        return await self._poll_memory.newest(page)

    async def _timeline(self, limit: int, older_than: str | None) -> list[Post]:
        params: dict[str, str | int] = {
            "max_results": max(1, min(limit, MAX_PAGE)),
            "expansions": "author_id",
            "user.fields": "profile_image_url",
            "tweet.fields": TWEET_FIELDS,
        }
        if older_than is not None:
            token = self._next_tokens.get(older_than)
            if token is not None:
                params["pagination_token"] = token
            else:
                params["until_id"] = older_than  # a page we did not hand out
        user_id = quote(self.session.user_id, safe="")
        data = await self._api(
            "GET",
            f"/2/users/{user_id}/timelines/reverse_chronological",
            "timeline",
            params=params,
        )
        posts, meta = self._page(data)
        next_token = meta.get("next_token")
        if posts and isinstance(next_token, str) and next_token:
            self._next_tokens[posts[-1].id] = next_token
        return posts

    async def stream(self, on_open: Callable[[], None] | None = None) -> AsyncIterator[Post]:
        """New posts of the home timeline, by polling every ``poll_interval`` seconds (and
        no sooner than the endpoint's rate-limit reset); the first poll shows what came
        after the newest page :meth:`timeline` handed out."""
        async for post in poll_stream(
            self.timeline, lambda: self.poll_interval, on_open, self._poll_memory
        ):
            yield post

    async def find_own(
        self,
        text: str,
        audience: Audience,
        since: datetime,
        *,
        until: datetime | None = None,
        exclude: Collection[str] = (),
    ) -> Published | None:
        """Our own oldest tweet with exactly ``text`` created in ``[since, until)`` whose
        id is not in ``exclude`` (see :mod:`app.networks.own_posts`). Every tweet is
        public, so a FRIENDS look-up finds nothing.

        X has no idempotency key; the outbox asks this before re-sending a post whose first
        attempt may have gone through. Reads ``GET /2/users/:id/tweets`` with
        ``start_time`` (and ``end_time``); t.co links are compared as written
        (``entities.urls``).
        """
        matcher = OwnMatcher(text, audience, since, until, exclude)
        if audience is not Audience.PUBLIC:
            return None
        user_id = quote(self.session.user_id, safe="")
        params: dict[str, str | int] = {
            "max_results": MAX_PAGE,
            # Whole seconds, rounded down: X's format, and never later than ``since``.
            "start_time": _x_time(since),
            "tweet.fields": TWEET_FIELDS,
        }
        if until is not None:
            # Rounded up a second, so the window is never cut short; the matcher keeps the
            # exact bound.
            params["end_time"] = _x_time(until + timedelta(seconds=1))
        for _ in range(_LOOKUP_PAGES):
            data = await self._api(
                "GET", f"/2/users/{user_id}/tweets", "users/tweets", params=params
            )
            if not isinstance(data, dict):
                raise NetworkError(ErrorKind.BAD_RESPONSE, "unexpected tweet list")
            tweets = data.get("data", [])
            for tweet in tweets if isinstance(tweets, list) else ():
                if not isinstance(tweet, dict) or not isinstance(tweet.get("id"), str):
                    continue
                try:
                    created = parse_timestamp(tweet.get("created_at"))
                except ValueError:
                    continue
                matcher.offer(
                    Candidate(
                        remote_id=tweet["id"],
                        text=_expanded(str(tweet.get("text") or ""), tweet.get("entities")),
                        audience=Audience.PUBLIC,
                        created_at=created,
                        url=_web_url(self.session.username, tweet["id"]),
                    )
                )
            next_token = as_object(data.get("meta")).get("next_token")
            if not isinstance(next_token, str) or not next_token:
                break
            params["pagination_token"] = next_token
        return matcher.result()

    # ------------------------------------------------------------------ writing

    def check(self, outgoing: Outgoing) -> None:
        """Refuse, before anything is sent, what X cannot take."""
        if outgoing.audience is not Audience.PUBLIC or outgoing.recipients:
            raise AudienceRefused(
                "every post on X is public (Circles ended in 2023); refusing a friends-only post"
            )
        counted = measure(outgoing.text, LIMITS)
        if not counted.fits:
            raise NetworkError(
                ErrorKind.REJECTED,
                f"{counted.used} weighted characters; X takes {MAX_WEIGHTED}",
            )
        if not outgoing.text.strip() and not (outgoing.media or outgoing.media_ids):
            raise NetworkError(ErrorKind.REJECTED, "empty post")
        if len(outgoing.media) + len(outgoing.media_ids) > MAX_IMAGES:
            raise NetworkError(ErrorKind.REJECTED, f"X takes {MAX_IMAGES} pictures a post")
        for item in outgoing.media:
            self._check_media(item)

    @staticmethod
    def _check_media(media: MediaUpload) -> None:
        if not media.mime.startswith("image/"):
            raise NetworkError(ErrorKind.REJECTED, "Kizuna sends pictures only to X")
        if not media.data or len(media.data) > MAX_IMAGE_BYTES:
            raise NetworkError(
                ErrorKind.REJECTED, f"{media.filename}: X takes pictures of up to 5 MB"
            )
        if len(media.description) > MAX_ALT_TEXT:
            raise NetworkError(
                ErrorKind.REJECTED, f"the alt text of {media.filename} is longer than X keeps"
            )

    async def upload(self, media: MediaUpload) -> str:
        """Upload one picture with its alt text; returns the media id for ``media_ids``."""
        self._check_media(media)
        data = await self._api(
            "POST",
            "/2/media/upload",
            "media/upload",
            data={"media_category": "tweet_image"},
            files={"media": (media.filename or "image", media.data, media.mime)},
        )
        info = data.get("data") if isinstance(data, dict) else None
        media_id = info.get("id") if isinstance(info, dict) else None
        if not isinstance(media_id, str) or not media_id:
            raise NetworkError(ErrorKind.BAD_RESPONSE, "upload without a media id")
        if media.description:
            await self._api(
                "POST",
                "/2/media/metadata",
                "media/metadata",
                json={"id": media_id, "metadata": {"alt_text": {"text": media.description}}},
            )
        return media_id

    async def publish(self, outgoing: Outgoing) -> Published:
        return await self._tweet(outgoing)

    async def _tweet(self, outgoing: Outgoing, in_reply_to: str | None = None) -> Published:
        """``POST /2/tweets``; ``in_reply_to``: the tweet it answers."""
        self.check(outgoing)
        media_ids = list(outgoing.media_ids)
        for item in outgoing.media:
            media_ids.append(await self.upload(item))
        body: dict[str, Any] = {"text": outgoing.text}
        if media_ids:
            body["media"] = {"media_ids": media_ids}
        if in_reply_to is not None:
            body["reply"] = {"in_reply_to_tweet_id": in_reply_to}
        # No idempotency key on X: see find_own.
        data = await self._api("POST", "/2/tweets", "tweets", json=body)
        created = data.get("data") if isinstance(data, dict) else None
        tweet_id = created.get("id") if isinstance(created, dict) else None
        if not isinstance(tweet_id, str) or not tweet_id:
            raise NetworkError(ErrorKind.BAD_RESPONSE, "tweet without an id")
        return Published(remote_id=tweet_id, url=_web_url(self.session.username, tweet_id))

    # ------------------------------------------------------------------ answering back

    async def reply(self, in_reply_to: Post, outgoing: Outgoing) -> Published:
        """Answer ``in_reply_to`` (``reply.in_reply_to_tweet_id``). Every tweet is public,
        so a friends reply is refused before any request."""
        check_reply(in_reply_to, outgoing.audience, outgoing.recipients, self.session.user_id)
        reply_visibility(in_reply_to, outgoing.audience, outgoing.recipients)
        return await self._tweet(outgoing, in_reply_to.subject_id)

    async def react(self, post: Post, reaction: str | None = None) -> None:
        """Like ``post`` (``POST /2/users/:id/likes``; needs the ``like.write`` scope)."""
        user_id = quote(self.session.user_id, safe="")
        body = {"tweet_id": post.subject_id}
        await self._api("POST", f"/2/users/{user_id}/likes", "likes", json=body)

    async def boost(self, post: Post) -> Published:
        """Retweet ``post`` (``POST /2/users/:id/retweets``). X does not say the retweet's
        own id, so :class:`Published` names the retweeted tweet."""
        check_boost(post)
        user_id = quote(self.session.user_id, safe="")
        body = {"tweet_id": post.subject_id}
        await self._api("POST", f"/2/users/{user_id}/retweets", "retweets", json=body)
        return Published(remote_id=post.subject_id, url=post.url)

    def _lookup_params(self) -> dict[str, str | int]:
        return {
            "expansions": "author_id",
            "user.fields": "profile_image_url",
            "tweet.fields": TWEET_FIELDS,
        }

    async def conversation(self, post: Post) -> list[Post]:
        """The conversation of ``post``, oldest first: its first tweet and every reply
        found by ``GET /2/tweets/search/recent?query=conversation_id:…`` (recent search
        reaches back seven days), ``post`` among them."""
        data = await self._api(
            "GET",
            f"/2/tweets/{quote(post.subject_id, safe='')}",
            "tweets/lookup",
            params=self._lookup_params(),
        )
        root = as_object(as_object(data).get("data")).get("conversation_id")
        root_id = root if isinstance(root, str) and root else post.subject_id
        # The post as the server has it now, else as it was shown.
        found = {p.id: p for p in self._one(data)} or {post.subject_id: post}
        if root_id not in found:
            first = await self._api(
                "GET",
                f"/2/tweets/{quote(root_id, safe='')}",
                "tweets/lookup",
                params=self._lookup_params(),
            )
            found.update((p.id, p) for p in self._one(first))
        params = {
            **self._lookup_params(),
            "query": f"conversation_id:{root_id}",
            "max_results": SEARCH_PAGE,
        }
        page = await self._api("GET", "/2/tweets/search/recent", "search", params=params)
        for item in self._page(page)[0]:
            found.setdefault(item.id, item)
        return sorted(found.values(), key=lambda p: (p.created_at, len(p.id), p.id))

    def _one(self, data: Any) -> list[Post]:
        """The tweet of a ``GET /2/tweets/:id`` reply (none when X did not find it)."""
        tweet = as_object(data).get("data")
        if not isinstance(tweet, dict):
            return []
        return self._page({**as_object(data), "data": [tweet]})[0]

    async def notifications(self, since: str | None = None) -> list[Notification]:
        """Mentions and replies, newest first (``GET /2/users/:id/mentions``, after
        ``since_id``); X's API offers no likes, retweets or follows of one's own."""
        params: dict[str, str | int] = {**self._lookup_params(), "max_results": MAX_PAGE}
        if since is not None:
            params["since_id"] = since
        user_id = quote(self.session.user_id, safe="")
        data = await self._api("GET", f"/2/users/{user_id}/mentions", "mentions", params=params)
        return [
            Notification(
                id=post.id,
                kind=NotificationKind.REPLY if post.in_reply_to_id else NotificationKind.MENTION,
                account_key=self.account.key,
                author=post.author,
                created_at=post.created_at,
                post=post,
            )
            for post in self._page(data)[0]
        ]

    async def aclose(self) -> None:
        if self._own_client:
            await self._client.aclose()
