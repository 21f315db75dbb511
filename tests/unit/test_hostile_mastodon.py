"""Hostile replies to the Mastodon adapter (hypothesis): malformed, wrong-typed, missing,
null, huge and hostile fields in timelines, streams, accounts, instance info and publish
replies. The adapter may only answer with posts that are safe to show, skip what it cannot
read, or raise NetworkError — never another exception — and a well-formed status is never
lost because its neighbours are broken.

The helpers here (hostile strings, JSON strategies, :func:`html_problems`) are shared with
the Misskey tests.
"""

from __future__ import annotations

import asyncio
import html as htmlmod
import json
import math
import re
from collections.abc import AsyncIterator, Callable
from html.parser import HTMLParser
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.content import parse_link
from app.core.models import AccountRef, Audience, Outgoing, Post
from app.networks.base import ErrorKind, NetworkError
from app.networks.http import MAX_RESPONSE_BYTES
from app.networks.mastodon import MastodonAdapter

BASE = "https://sora.test"
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---- shared strategies and checks ----------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<style>body{display:none}</style>",
    "<iframe src='https://evil.example/'></iframe>",
    "<img src='https://evil.example/track.png' onerror='alert(1)'>",
    "<img src=x onerror=alert(1)//",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt&colon;alert(1)">c</a>',
    '<a href=" javascript:alert(1)">c</a>',
    '<a href="java\tscript:alert(1)">c</a>',
    '<a href="&#106;avascript:alert(1)">c</a>',
    '<a href="data:text/html,<script>alert(1)</script>">d</a>',
    '<a href="https://ok.example/" onclick="alert(1)" style="x">ok</a>',
    '<a href="//evil.example/">proto-relative</a>',
    '<p onmouseover="alert(1)">hover</p>',
    "<svg onload=alert(1)><circle/></svg>",
    "<math><mi xlink:href='javascript:alert(1)'>x</mi></math>",
    "<object data='https://evil.example/x.swf'></object>",
    "<embed src='https://evil.example/x'>",
    "<link rel=stylesheet href='https://evil.example/x.css'>",
    "<meta http-equiv='refresh' content='0;url=https://evil.example/'>",
    "<base href='https://evil.example/'>",
    "<form action='https://evil.example/'><input></form>",
    "<!-- <script>alert(1)</script> -->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<scr<script>ipt>alert(1)</script>",
    '"><script>alert(1)</script>',
    "javascript:alert(1)",
    "https://ok.example/?q=<script>",
    "#タグ @someone@evil.example https://ok.example/path",
    "\x00\x01\u202e\ufeff\ud7ff",
    "<p>" * 50 + "deep" + "</p>" * 50,
]
hostile_text = (
    st.sampled_from(HOSTILE)
    | st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=4).map("".join)
    | st.text(max_size=40)
)
json_scalar = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | hostile_text
)
json_any = st.recursive(
    json_scalar,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def mutated(draw: st.DrawFn, value: Any, depth: int = 0) -> Any:
    """``value`` with fields kept, deleted, nulled or replaced by hostile or random JSON."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            choice = draw(
                st.sampled_from(["keep", "keep", "keep", "drop", "null", "any", "hostile"])
            )
            if choice == "keep":
                out[key] = draw(mutated(item, depth + 1)) if depth < 4 else item
            elif choice == "null":
                out[key] = None
            elif choice == "any":
                out[key] = draw(json_any)
            elif choice == "hostile":
                out[key] = draw(hostile_text)
        return out
    if isinstance(value, list):
        return [draw(mutated(item, depth + 1)) for item in value]
    return value


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


_ALLOWED_SCHEMES = ("http", "https", "kizuna-tag", "kizuna-user")


def html_problems(html: str) -> list[str]:
    """What makes ``html`` unsafe to give Qt, if anything (an empty list means safe).

    Only ``<br>`` and ``<a href>`` may appear; hrefs are http(s) or our own schemes (so no
    ``javascript:`` or ``data:`` target, however disguised); no script/style/iframe/img at
    all, no event handler. ("javascript:" as shown text, or inside an https URL's path, is
    harmless text.)
    """
    problems = []
    lowered = html.lower()
    for bad in ("<script", "<style", "<iframe", "<img", "<svg", "<object", "<embed"):
        if bad in lowered:
            problems.append(f"{bad}> present")
    parser = _Markup()
    parser.feed(html)
    parser.close()
    for tag, attrs in parser.tags:
        if tag == "br" and not attrs:
            continue
        if tag != "a" or [name for name, _ in attrs] != ["href"]:
            problems.append(f"markup <{tag} {attrs}>")
            continue
        href = attrs[0][1] or ""
        # The scheme as a lenient browser would read it (entities decoded, blanks and
        # control characters dropped): "java\tscript:" is still javascript.
        squashed = re.sub(r"[\s\x00-\x1f]", "", htmlmod.unescape(href)).lower()
        scheme = href.split(":", 1)[0].lower()
        if squashed.split(":", 1)[0] != scheme or scheme not in _ALLOWED_SCHEMES:
            problems.append(f"link scheme {href!r}")
        if parse_link(href) is None:
            problems.append(f"link {href!r}")
    if re.search(r"<[^>]*\son\w+\s*=", html, re.I):
        problems.append("event handler attribute")
    return problems


def assert_safe_post(post: Post) -> None:
    assert isinstance(post, Post)
    assert html_problems(post.html) == [], post.html
    for url in (post.url, post.author.avatar_url, *(m.url for m in post.media)):
        assert url is None or url.startswith(("http://", "https://")), url
    for m in post.media:
        assert m.preview_url is None or m.preview_url.startswith(("http://", "https://"))
    assert post.created_at.tzinfo is not None
    assert post.audience in (Audience.PUBLIC, Audience.FRIENDS)


class Chunks(httpx.AsyncByteStream):
    """A streamed body without Content-Length (as a chunked reply arrives)."""

    def __init__(self, chunk: bytes, count: int) -> None:
        self._chunk, self._count = chunk, count

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for _ in range(self._count):
            yield self._chunk


def huge_bodies() -> list[tuple[str, Callable[[], httpx.Response]]]:
    """Replies over the size cap: declared, chunked, and one honest-looking JSON."""
    ten_mb = 10 * 1024 * 1024
    return [
        ("declared", lambda: httpx.Response(200, content=b"[" + b" " * ten_mb + b"]")),
        ("chunked", lambda: httpx.Response(200, stream=Chunks(b"x" * 1024 * 1024, 10))),
        (
            "json",
            lambda: httpx.Response(200, json=[{"content": "a" * (MAX_RESPONSE_BYTES + 10)}]),
        ),
    ]


# Replies that are not JSON we can read, each must be BAD_RESPONSE.
BAD_BODIES = [
    b"",  # (only for endpoints that need a body; see the tests)
    b"{not json",
    b"<html><body>502 Bad Gateway</body></html>",
    b"\xff\xfe\x00garbage",
    b"[" * 100_000 + b"]" * 100_000,  # deep enough to exhaust a recursive parser
    b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    b"1" * 5000,  # an integer longer than Python converts by default
    b"[1, 2",
]


def jr(status: int, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    """A JSON reply as a lax server may send it (NaN and Infinity included)."""
    return httpx.Response(
        status,
        content=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
    )


def run(coro: Any) -> Any:
    return asyncio.run(coro)


# ---- the Mastodon adapter -------------------------------------------------------------------


def account() -> AccountRef:
    return AccountRef(
        key=f"mastodon:{BASE}:me",
        network="mastodon",
        base_url=BASE,
        user_id="1",
        username="me",
        handle="@me@sora",
        serves=frozenset({Audience.PUBLIC}),
        label="sora",
    )


def make(handler: Callable[[httpx.Request], httpx.Response], **kw: Any) -> MastodonAdapter:
    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return MastodonAdapter(account(), "tok", client=client, streaming_url=BASE, **kw)


def good_status(ident: str) -> dict[str, Any]:
    return {
        "id": ident,
        "created_at": "2025-04-01T03:04:05.000Z",
        "visibility": "public",
        "content": (
            '<p>hello <a href="https://sora.test/tags/x" class="mention hashtag">'
            "#<span>x</span></a></p>"
        ),
        "spoiler_text": "",
        "url": f"{BASE}/@haruka/{ident}",
        "uri": f"{BASE}/users/haruka/statuses/{ident}",
        "account": {
            "id": "2",
            "username": "haruka",
            "acct": "haruka",
            "display_name": "はるか",
            "avatar": f"{BASE}/avatars/haruka.png",
            "avatar_static": f"{BASE}/avatars/haruka.png",
        },
        "mentions": [{"url": f"{BASE}/@me", "acct": "me", "id": "1", "username": "me"}],
        "tags": [{"name": "x", "url": f"{BASE}/tags/x"}],
        "media_attachments": [
            {
                "id": "9",
                "type": "image",
                "url": f"{BASE}/media/a.png",
                "preview_url": f"{BASE}/media/a_small.png",
                "description": "alt",
                "meta": {"original": {"width": 640, "height": 480}},
            }
        ],
        "reblog": None,
    }


def status_with(**fields: Any) -> dict[str, Any]:
    return {**good_status("s"), **fields}


@st.composite
def hostile_status(draw: st.DrawFn) -> Any:
    base = good_status(draw(st.sampled_from(["1", "2", "3"])))
    base["content"] = draw(hostile_text)
    base["spoiler_text"] = draw(st.sampled_from(["", "CW <script>x</script>", "注意"]))
    if draw(st.booleans()):
        base["reblog"] = draw(mutated(good_status("r")))
    return draw(st.one_of(st.just(base), mutated(base), json_any))


@SETTINGS
@given(
    st.lists(hostile_status(), max_size=6),
    st.lists(st.integers(min_value=0, max_value=6), max_size=3),
)
def test_any_timeline_page_gives_safe_posts_and_keeps_the_good_ones(
    items: list[Any], good_at: list[int]
) -> None:
    good_ids = [f"good-{i}" for i in range(len(good_at))]
    page = list(items)
    for position, ident in zip(good_at, good_ids, strict=True):
        page.insert(min(position, len(page)), good_status(ident))
    body = json.dumps(page).encode()
    adapter = make(lambda _r: httpx.Response(200, content=body))
    posts = run(adapter.timeline())
    for post in posts:
        assert_safe_post(post)
    assert set(good_ids) <= {p.id for p in posts}
    assert len(posts) <= len(page)


@pytest.mark.parametrize(
    "created_at",
    [
        "0001-01-01T00:00:00+14:00",  # before datetime.min once in UTC
        "9999-12-31T23:59:59-14:00",  # after datetime.max once in UTC
        "2025-13-45T99:00:00Z",
        "",
        "now",
        "2025-04-01",
    ],
)
def test_out_of_range_timestamps_skip_the_status_only(created_at: str) -> None:
    page = [status_with(id="bad", created_at=created_at), good_status("ok")]
    adapter = make(lambda _r: jr(200, page))
    posts = run(adapter.timeline())
    assert "ok" in [p.id for p in posts]
    for post in posts:
        assert_safe_post(post)


@SETTINGS
@given(st.integers(min_value=200, max_value=599), json_any, st.text(max_size=30))
def test_any_status_code_body_and_retry_after_is_a_network_error_or_an_answer(
    status: int, body: Any, retry_after: str
) -> None:
    headers = {"Retry-After": retry_after.encode("ascii", "ignore").decode()}

    def reply(_r: httpx.Request) -> httpx.Response:
        return jr(status, body, headers)

    adapter = make(reply)
    try:
        posts = run(adapter.timeline())
    except NetworkError as exc:
        if status == 429:
            assert exc.kind is ErrorKind.RATE_LIMITED
            assert exc.retry_after is None or (
                math.isfinite(exc.retry_after) and exc.retry_after >= 0
            )
        assert len(exc.detail) <= 500
    else:
        assert 200 <= status < 300
        for post in posts:
            assert_safe_post(post)


@SETTINGS
@given(json_any | mutated(good_status("a")["account"]))
def test_me_gives_an_author_or_a_network_error(body: Any) -> None:
    def reply(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/api/v2/instance"):
            return jr(200, body)  # hostile instance info too
        return jr(200, body)

    adapter = make(reply)
    adapter._streaming_url = None  # let refresh_instance read the hostile instance info
    try:
        author = run(adapter.me())
    except NetworkError as exc:
        assert exc.kind is ErrorKind.BAD_RESPONSE
    else:
        assert isinstance(author.username, str) and author.handle.startswith("@")
        assert author.avatar_url is None or author.avatar_url.startswith(("http://", "https://"))
    limits = adapter.limits
    assert isinstance(limits.max_characters, int) and limits.max_characters > 0


@SETTINGS
@given(
    json_any
    | mutated(
        {
            "configuration": {
                "statuses": {"max_characters": 900, "characters_reserved_per_url": 23},
                "urls": {"streaming": "wss://sora.test"},
            }
        }
    )
)
def test_hostile_instance_info_keeps_sane_limits(info: Any) -> None:
    adapter = make(lambda _r: jr(200, info))
    adapter._streaming_url = None
    run(adapter.refresh_instance())
    limits = adapter.limits
    assert isinstance(limits.max_characters, int) and limits.max_characters > 0
    per_url = limits.characters_reserved_per_url
    assert per_url is None or (isinstance(per_url, int) and per_url >= 0)
    streaming = adapter._streaming_url
    assert streaming is None or streaming.startswith(("ws://", "wss://", "http://", "https://"))


@SETTINGS
@given(json_any | mutated({"id": "5", "url": f"{BASE}/@me/5"}), json_any)
def test_publish_gives_published_or_a_network_error(reply_body: Any, account_reply: Any) -> None:
    def reply(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/api/v1/accounts/"):
            return jr(200, account_reply)
        return jr(200, reply_body)

    adapter = make(reply)
    for recipients in ((), ("7",)):
        outgoing = Outgoing(text="hi", audience=Audience.FRIENDS, recipients=recipients)
        try:
            published = run(adapter.publish(outgoing))
        except NetworkError as exc:
            assert exc.kind is ErrorKind.BAD_RESPONSE
        else:
            assert published.remote_id
            assert published.url is None or published.url.startswith(("http://", "https://"))


# ---- streams ---------------------------------------------------------------------------------


def sse(events: list[Any], junk: list[str]) -> bytes:
    lines = [":)"]
    for i, event in enumerate(events):
        payload = event if isinstance(event, str) else json.dumps(event)
        lines.append("event: update")
        lines.extend(f"data: {part}" for part in payload.split("\n"))
        lines.append("")
        if i < len(junk):
            lines.extend([junk[i], ""])
    return ("\n".join(lines) + "\n").encode()


@SETTINGS
@given(
    st.lists(hostile_status() | hostile_text, max_size=5),
    st.lists(st.text(max_size=20).filter(lambda s: "\n" not in s and "\r" not in s), max_size=3),
)
def test_any_sse_stream_yields_safe_posts_then_ends_offline(
    events: list[Any], junk: list[str]
) -> None:
    events = [*events, good_status("live-ok")]
    body = sse(events, junk)
    adapter = make(
        lambda _r: httpx.Response(200, content=body, headers={"Content-Type": "text/event-stream"}),
        websocket=False,
    )
    got: list[Post] = []

    async def read() -> None:
        async for post in adapter.stream():
            got.append(post)

    with pytest.raises(NetworkError) as caught:
        run(read())
    assert caught.value.kind is ErrorKind.OFFLINE
    for post in got:
        assert_safe_post(post)
    assert "live-ok" in [p.id for p in got]


@SETTINGS
@given(hostile_status() | json_any, st.booleans())
def test_any_websocket_message_is_a_safe_post_or_nothing(payload: Any, as_string: bool) -> None:
    adapter = make(lambda _r: httpx.Response(404))
    inner = json.dumps(payload) if as_string else payload
    for raw in (
        json.dumps({"stream": ["user"], "event": "update", "payload": inner}),
        json.dumps(payload),
        "[" * 100_000,
        "[" * 50_000 + "]" * 50_000,
        '{"event": "update", "payload": "' + "[" * 50_000 + "]" * 50_000 + '"}',
    ):
        post = adapter._event_post(raw, payload_is_string=True)
        if post is not None:
            assert_safe_post(post)
