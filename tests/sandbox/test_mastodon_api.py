"""The public sandbox network speaks the Mastodon client API over real HTTP on 127.0.0.1:
OAuth with PKCE, posting, visibility enforced by the server, paging with Link headers,
validation, rate-limit headers, media, and live WebSocket and SSE streams."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import re
import secrets
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from websockets.asyncio.client import connect

from app.sandbox.artwork import image_png
from app.sandbox.guard import APPROVAL_HEADER
from app.sandbox.mastodon_api import MastodonSandbox
from app.sandbox.runner import SandboxInfo, SandboxThread


@pytest.fixture
def running(tmp_path: Path) -> Iterator[tuple[SandboxThread, SandboxInfo]]:
    thread = SandboxThread(tmp_path / "sb", activity=False)
    info = thread.start()
    try:
        yield thread, info
    finally:
        thread.stop()


@pytest.fixture
def api(running: tuple[SandboxThread, SandboxInfo]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=running[1].public_url, trust_env=False, timeout=10) as client:
        yield client


@pytest.fixture
def approval(running: tuple[SandboxThread, SandboxInfo]) -> dict[str, str]:
    """What the app's sign-in "browser" presents: the run's secret from accounts.json."""
    return {APPROVAL_HEADER: running[1].approval}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def add_user(thread: SandboxThread, username: str, follows: tuple[str, ...] = ()) -> str:
    """A member outside the community's circle; returns their token."""
    account = thread.call("public", lambda s: s.add_user(username, follows=follows))
    return str(account["token"])


def ids(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [s["id"] for s in response.json()]


def link(response: httpx.Response, rel: str) -> str:
    match = re.search(rf'<([^>]+)>; rel="{rel}"', response.headers.get("Link", ""))
    assert match, response.headers.get("Link")
    return match.group(1)


def register_app(api: httpx.Client, redirect: str, scopes: str = "read write") -> dict[str, Any]:
    r = api.post(
        "/api/v1/apps",
        data={"client_name": "Kizuna test", "redirect_uris": redirect, "scopes": scopes},
    )
    assert r.status_code == 200, r.text
    app = r.json()
    assert app["client_id"] and app["client_secret"] and app["redirect_uris"] == [redirect]
    return app


def test_oauth_code_flow_with_pkce(api: httpx.Client, approval: dict[str, str]) -> None:
    app = register_app(api, "http://127.0.0.1:8765/callback")
    verifier = secrets.token_urlsafe(48)
    challenge = (
        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    )
    # RFC 8252: a loopback redirect may come back on another port than the registered one.
    redirect = "http://127.0.0.1:9999/callback"
    r = api.get(
        "/oauth/authorize",
        params={
            "response_type": "code",
            "client_id": app["client_id"],
            "redirect_uri": redirect,
            "scope": "read write",
            "state": "xyz",
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        },
        headers=approval,
    )
    assert r.status_code == 302
    location = urlsplit(r.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == redirect
    query = parse_qs(location.query)
    assert query["state"] == ["xyz"]
    code = query["code"][0]

    token_request = {
        "grant_type": "authorization_code",
        "code": code,
        "client_id": app["client_id"],
        "redirect_uri": redirect,
    }
    bad = api.post("/oauth/token", data=token_request | {"code_verifier": "not-the-verifier"})
    assert bad.status_code == 400 and bad.json()["error"] == "invalid_grant"

    good = api.post("/oauth/token", data=token_request | {"code_verifier": verifier})
    assert good.status_code == 200, good.text
    body = good.json()
    assert body["token_type"] == "Bearer" and body["scope"] == "read write"
    token = body["access_token"]

    me = api.get("/api/v1/accounts/verify_credentials", headers=bearer(token))
    assert me.status_code == 200
    assert me.json()["username"] == "me" and me.json()["acct"] == "me"
    assert me.json()["source"]["privacy"] == "public"
    assert api.get("/api/v1/apps/verify_credentials", headers=bearer(token)).json()["name"] == (
        "Kizuna test"
    )

    again = api.post("/oauth/token", data=token_request | {"code_verifier": verifier})
    assert again.status_code == 400  # a code works once

    revoke = api.post(
        "/oauth/revoke",
        data={"client_id": app["client_id"], "client_secret": app["client_secret"], "token": token},
    )
    assert revoke.status_code == 200
    gone = api.get("/api/v1/accounts/verify_credentials", headers=bearer(token))
    assert gone.status_code == 401 and gone.json() == {"error": "The access token is invalid"}


def test_authorize_approves_only_a_sign_in_that_presents_the_secret(
    api: httpx.Client, running: tuple[SandboxThread, SandboxInfo]
) -> None:
    """Anyone on this machine can reach 127.0.0.1; only the app can read the secret."""
    redirect = "http://127.0.0.1:8765/callback"
    app = register_app(api, redirect)
    params = {"response_type": "code", "client_id": app["client_id"], "redirect_uri": redirect}
    for headers in ({}, {APPROVAL_HEADER: ""}, {APPROVAL_HEADER: "guess"}):
        refused = api.get("/oauth/authorize", params=params, headers=headers)
        assert refused.status_code == 403, headers
        assert "Location" not in refused.headers and "code" not in refused.text.lower()
    count = "SELECT COUNT(*) FROM auth_codes"
    assert running[0].call("public", lambda s: s.db.execute(count).fetchone()[0]) == 0

    ok = api.get("/oauth/authorize", params=params, headers={APPROVAL_HEADER: running[1].approval})
    assert ok.status_code == 302 and "code=" in ok.headers["Location"]


def test_only_loopback_host_names_with_the_right_port_are_answered(
    api: httpx.Client, running: tuple[SandboxThread, SandboxInfo]
) -> None:
    """DNS rebinding: a page on evil.example resolved to 127.0.0.1 sends its own Host."""
    port = urlsplit(running[1].public_url).port
    token = bearer(running[1].token("public"))
    me = "/api/v1/accounts/verify_credentials"
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}"):
        assert api.get(me, headers=token | {"Host": host}).status_code == 200, host
    for host in ("evil.example", f"evil.example:{port}", "127.0.0.1", f"127.0.0.1:{port + 1}"):
        refused = api.get(me, headers=token | {"Host": host})
        assert refused.status_code == 421, host
        assert "username" not in refused.text
    posted = api.post(
        "/api/v1/statuses", headers=token | {"Host": "evil.example"}, data={"status": "x"}
    )
    assert posted.status_code == 421
    assert api.get("/avatars/me.png", headers={"Host": "evil.example"}).status_code == 421


def test_oob_code_page_json_token_and_client_credentials(
    api: httpx.Client, approval: dict[str, str]
) -> None:
    oob = "urn:ietf:wg:oauth:2.0:oob"
    app = register_app(api, oob, "read")
    page = api.get(
        "/oauth/authorize",
        params={"response_type": "code", "client_id": app["client_id"], "redirect_uri": oob},
        headers=approval,
    )
    assert page.status_code == 200 and "text/html" in page.headers["Content-Type"]
    code = re.search(r"value='([^']+)'", page.text)
    assert code
    token = api.post(
        "/oauth/token",
        json={
            "grant_type": "authorization_code",
            "code": code.group(1),
            "redirect_uri": oob,
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
        },
    )
    assert token.status_code == 200 and token.json()["scope"] == "read"
    read_only = token.json()["access_token"]
    denied = api.post("/api/v1/statuses", headers=bearer(read_only), data={"status": "x"})
    assert denied.status_code == 403

    wrong_secret = api.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": app["client_id"],
            "client_secret": "nope",
        },
    )
    assert wrong_secret.status_code == 401 and wrong_secret.json()["error"] == "invalid_client"
    app_token = api.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
        },
    ).json()["access_token"]
    assert api.get("/api/v1/apps/verify_credentials", headers=bearer(app_token)).status_code == 200
    no_user = api.get("/api/v1/accounts/verify_credentials", headers=bearer(app_token))
    assert no_user.status_code == 422


def test_visibility_is_enforced_on_timelines_and_statuses(
    running: tuple[SandboxThread, SandboxInfo], api: httpx.Client
) -> None:
    thread, info = running
    me = bearer(info.token("public"))
    # Relationships made here, so the test does not depend on who follows whom in the seed.
    friend = bearer(add_user(thread, "friend", follows=("me",)))
    fan = bearer(add_user(thread, "fan", follows=("me",)))
    stranger = bearer(add_user(thread, "stranger"))
    posted = {}
    for vis, text in (
        ("public", "みんなへ"),
        ("unlisted", "ひっそり"),
        ("private", "フォロワーだけ"),
        ("direct", "@friend ないしょ"),
    ):
        r = api.post("/api/v1/statuses", headers=me, data={"status": text, "visibility": vis})
        assert r.status_code == 200 and r.json()["visibility"] == vis
        posted[vis] = r.json()["id"]
    assert posted["direct"] != posted["public"]

    def seen(headers: dict[str, str] | None, path: str) -> set[str]:
        found = set(ids(api.get(path, headers=headers, params={"limit": 40})))
        return {vis for vis, sid in posted.items() if sid in found}

    assert seen(None, "/api/v1/timelines/public") == {"public"}
    assert seen(stranger, "/api/v1/timelines/public") == {"public"}
    assert seen(friend, "/api/v1/timelines/home") == set(posted)
    assert seen(fan, "/api/v1/timelines/home") == {"public", "unlisted", "private"}
    assert seen(stranger, "/api/v1/timelines/home") == set()
    stranger_me = api.get("/api/v1/accounts/verify_credentials", headers=stranger).json()
    assert api.get(stranger_me["avatar"]).content.startswith(b"\x89PNG")
    assert seen(me, "/api/v1/timelines/home") == set(posted)

    me_id = api.get("/api/v1/accounts/verify_credentials", headers=me).json()["id"]
    path = f"/api/v1/accounts/{me_id}/statuses"
    assert seen(None, path) == {"public", "unlisted"}
    assert seen(stranger, path) == {"public", "unlisted"}
    assert seen(fan, path) == {"public", "unlisted", "private"}

    for vis, code in (("public", 200), ("unlisted", 200), ("private", 404), ("direct", 404)):
        r = api.get(f"/api/v1/statuses/{posted[vis]}", headers=stranger)
        assert r.status_code == code, vis
    assert api.get(f"/api/v1/statuses/{posted['direct']}", headers=fan).status_code == 404
    direct = api.get(f"/api/v1/statuses/{posted['direct']}", headers=friend)
    assert direct.status_code == 200
    assert [m["acct"] for m in direct.json()["mentions"]] == ["friend"]
    assert api.get(f"/api/v1/statuses/{posted['private']}").json() == {"error": "Record not found"}


def test_status_json_has_mastodon_shape(api: httpx.Client, running: Any) -> None:
    info: SandboxInfo = running[1]
    r = api.post(
        "/api/v1/statuses",
        headers=bearer(info.token("public")),
        json={
            "status": "一行目 #冬休み\nhttps://example.com/x @takumi",
            "spoiler_text": "",
            "language": "ja",
        },
    )
    assert r.status_code == 200
    s = r.json()
    assert re.fullmatch(r"\d+", s["id"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", s["created_at"])
    assert s["content"].startswith("<p>") and "<br />" in s["content"]
    assert (
        f'href="{info.public_url}/tags/' in s["content"]
        and 'class="mention hashtag"' in (s["content"])
    )
    assert '<a href="https://example.com/x"' in s["content"]
    assert s["tags"][0]["name"] == "冬休み"
    assert [m["username"] for m in s["mentions"]] == ["takumi"]
    account = s["account"]
    assert account["acct"] == "me" and account["avatar"] == f"{info.public_url}/avatars/me.png"
    avatar = api.get(account["avatar"])
    assert avatar.status_code == 200 and avatar.content.startswith(b"\x89PNG")
    assert s["url"] == f"{info.public_url}/@me/{s['id']}"
    assert s["application"]["name"] == "Web"

    tagged = ids(api.get("/api/v1/timelines/tag/冬休み"))
    assert tagged[0] == s["id"]


def test_idempotency_key_returns_the_first_status(running: Any, api: httpx.Client) -> None:
    headers = bearer(running[1].token("public")) | {"Idempotency-Key": uuid.uuid4().hex}
    first = api.post("/api/v1/statuses", headers=headers, data={"status": "一度だけ"})
    repeat = api.post("/api/v1/statuses", headers=headers, data={"status": "一度だけ"})
    assert first.status_code == repeat.status_code == 200
    assert first.json()["id"] == repeat.json()["id"]
    headers["Idempotency-Key"] = uuid.uuid4().hex
    other = api.post("/api/v1/statuses", headers=headers, data={"status": "一度だけ"})
    assert other.json()["id"] != first.json()["id"]


def test_paging_with_max_since_min_id_and_link_headers(running: Any, api: httpx.Client) -> None:
    thread: SandboxThread = running[0]
    made = [thread.post_as("public", "haruka", f"ページ {i}", "public")["id"] for i in range(5)]
    newest_first = list(reversed(made))

    page1 = api.get("/api/v1/timelines/public", params={"limit": 2})
    assert ids(page1) == newest_first[:2]
    nxt = link(page1, "next")
    assert nxt.startswith(running[1].public_url + "/api/v1/timelines/public?")
    assert parse_qs(urlsplit(nxt).query) == {"limit": ["2"], "max_id": [newest_first[1]]}
    prev = parse_qs(urlsplit(link(page1, "prev")).query)
    assert prev == {"limit": ["2"], "min_id": [newest_first[0]]}

    page2 = api.get(nxt)
    assert ids(page2) == newest_first[2:4]

    oldest = made[0]
    newer_since = api.get("/api/v1/timelines/public", params={"since_id": oldest, "limit": 2})
    assert ids(newer_since) == newest_first[:2]  # since_id: the newest ones above it
    newer_min = api.get("/api/v1/timelines/public", params={"min_id": oldest, "limit": 2})
    assert ids(newer_min) == [made[2], made[1]]  # min_id: the ones right above it
    assert ids(api.get("/api/v1/timelines/public", params={"min_id": made[-1]})) == []
    assert "Link" not in api.get("/api/v1/timelines/public", params={"min_id": made[-1]}).headers
    assert len(ids(api.get("/api/v1/timelines/public", params={"limit": 100}))) <= 40


def test_validation_errors_and_grapheme_counting(running: Any, api: httpx.Client) -> None:
    me = bearer(running[1].token("public"))
    blank = api.post("/api/v1/statuses", headers=me, data={"status": "  "})
    assert blank.status_code == 422
    assert blank.json() == {"error": "Validation failed: Text can't be blank"}
    long = api.post("/api/v1/statuses", headers=me, data={"status": "あ" * 501})
    assert long.status_code == 422 and "500" in long.json()["error"]
    # 500 family emoji are 500 graphemes (2 500 code points): allowed.
    family = api.post("/api/v1/statuses", headers=me, data={"status": "👨‍👩‍👧" * 500})
    assert family.status_code == 200
    # A URL counts as 23 whatever its length.
    url = "https://example.com/" + "p" * 200
    with_url = api.post("/api/v1/statuses", headers=me, data={"status": "あ" * 470 + " " + url})
    assert with_url.status_code == 200
    bad_vis = api.post("/api/v1/statuses", headers=me, data={"status": "x", "visibility": "x"})
    assert bad_vis.status_code == 422


def test_auth_is_required_and_rate_limit_headers_are_sent(
    running: tuple[SandboxThread, SandboxInfo], api: httpx.Client
) -> None:
    thread, info = running
    missing = api.get("/api/v1/timelines/home")
    assert missing.status_code == 401
    assert missing.json() == {"error": "The access token is invalid"}
    assert api.post("/api/v1/statuses", data={"status": "x"}).status_code == 401
    assert api.get("/api/v1/timelines/home", headers=bearer("wrong")).status_code == 401

    token = info.token("public", "takumi")
    first = api.get("/api/v1/timelines/home", headers=bearer(token))
    assert first.headers["X-RateLimit-Limit"] == "300"
    remaining = int(first.headers["X-RateLimit-Remaining"])
    second = api.get("/api/v1/timelines/home", headers=bearer(token))
    assert int(second.headers["X-RateLimit-Remaining"]) == remaining - 1
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:.]+Z", second.headers["X-RateLimit-Reset"])

    def lower(server: MastodonSandbox) -> None:
        server.rate_limiter.limit = 3

    thread.call("public", lower)
    codes = [api.get("/api/v2/instance", headers=bearer(token)).status_code for _ in range(3)]
    assert codes[-1] == 429
    over = api.get("/api/v1/timelines/home", headers=bearer(token))
    assert over.status_code == 429 and over.json() == {"error": "Too many requests"}
    assert over.headers["X-RateLimit-Remaining"] == "0"
    other = api.get("/api/v1/timelines/home", headers=bearer(info.token("public", "haruka")))
    assert other.status_code == 200  # the limit is per token


def test_instance_v1_and_v2(running: Any, api: httpx.Client) -> None:
    info: SandboxInfo = running[1]
    v2 = api.get("/api/v2/instance").json()
    assert v2["domain"] == "sora" and v2["title"] == "そら"
    config = v2["configuration"]
    assert config["urls"]["streaming"] == info.public_streaming_url
    assert info.public_streaming_url == "ws://" + info.public_url.removeprefix("http://")
    assert config["statuses"] == {
        "max_characters": 500,
        "max_media_attachments": 4,
        "characters_reserved_per_url": 23,
    }
    v1 = api.get("/api/v1/instance").json()
    assert v1["uri"] == "sora" and v1["urls"]["streaming_api"] == info.public_streaming_url
    assert v1["configuration"]["statuses"]["max_characters"] == 500


def test_media_upload_with_alt_text_and_delete(running: Any, api: httpx.Client) -> None:
    me = bearer(running[1].token("public"))
    png = image_png("test", 40, 30)
    up = api.post(
        "/api/v2/media",
        headers=me,
        files={"file": ("pic.png", png, "image/png")},
        data={"description": "川沿いの道"},
    )
    assert up.status_code == 200, up.text
    media = up.json()
    assert media["type"] == "image" and media["description"] == "川沿いの道"
    assert media["meta"]["original"]["width"] == 40
    assert api.get(f"/api/v1/media/{media['id']}", headers=me).json()["id"] == media["id"]
    status = api.post(
        "/api/v1/statuses", headers=me, data={"status": "", "media_ids[]": [media["id"]]}
    )
    assert status.status_code == 200, status.text
    attached = status.json()["media_attachments"]
    assert [a["description"] for a in attached] == ["川沿いの道"]
    assert api.get(attached[0]["url"]).content == png

    gone = api.delete(f"/api/v1/statuses/{status.json()['id']}", headers=me)
    assert gone.status_code == 200 and gone.json()["text"] == ""
    assert api.get(f"/api/v1/statuses/{status.json()['id']}").status_code == 404
    other = bearer(running[1].token("public", "haruka"))
    missing = api.delete(f"/api/v1/statuses/{status.json()['id']}", headers=other)
    assert missing.status_code == 404


def test_websocket_user_stream_delivers_only_what_home_may_show(
    running: tuple[SandboxThread, SandboxInfo],
) -> None:
    thread, info = running
    watcher = add_user(thread, "watcher", follows=("me",))
    add_user(thread, "other")
    me = bearer(info.token("public"))

    async def scenario() -> None:
        url = f"{info.public_streaming_url}/api/v1/streaming?stream=user&access_token={watcher}"
        async with (
            connect(url) as ws,
            httpx.AsyncClient(base_url=info.public_url, trust_env=False) as http,
        ):
            await ws.send(json.dumps({"type": "subscribe", "stream": "hashtag", "tag": "合図"}))
            hidden = await http.post(
                "/api/v1/statuses",
                headers=me,
                data={"status": "@other 二人だけ", "visibility": "direct"},
            )
            shown = await http.post(
                "/api/v1/statuses", headers=me, data={"status": "見えるはず #合図"}
            )
            assert hidden.status_code == shown.status_code == 200
            events = [json.loads(await asyncio.wait_for(ws.recv(), 10)) for _ in range(2)]
            assert {tuple(e["stream"]) for e in events} == {("user",), ("hashtag", "合図")}
            for event in events:
                assert event["event"] == "update"
                assert json.loads(event["payload"])["id"] == shown.json()["id"]
            await http.delete(f"/api/v1/statuses/{shown.json()['id']}", headers=me)
            deleted = json.loads(await asyncio.wait_for(ws.recv(), 10))
            assert deleted["event"] == "delete" and deleted["payload"] == shown.json()["id"]

    asyncio.run(scenario())


def test_websocket_refuses_user_stream_without_token(running: Any) -> None:
    info: SandboxInfo = running[1]

    async def scenario() -> None:
        from websockets.exceptions import InvalidStatus

        with pytest.raises(InvalidStatus) as refused:
            async with connect(f"{info.public_streaming_url}/api/v1/streaming?stream=user"):
                pass
        assert refused.value.response.status_code == 401

    asyncio.run(scenario())


def test_sse_stream_and_health(running: tuple[SandboxThread, SandboxInfo]) -> None:
    thread, info = running
    with httpx.Client(base_url=info.public_url, trust_env=False, timeout=10) as api:
        assert api.get("/api/v1/streaming/health").text == "OK"

    async def scenario() -> None:
        async with httpx.AsyncClient(base_url=info.public_url, trust_env=False) as http:
            headers = bearer(add_user(thread, "reader", follows=("haruka",)))
            async with http.stream("GET", "/api/v1/streaming/user", headers=headers) as stream:
                assert stream.headers["Content-Type"].startswith("text/event-stream")
                lines = stream.aiter_lines()
                assert await anext(lines) == ":)"  # the stream is subscribed
                sent = await asyncio.to_thread(
                    thread.post_as, "public", "haruka", "SSE でも届く", "private"
                )
                event = await asyncio.wait_for(anext(lines), 10)
                data = await asyncio.wait_for(anext(lines), 10)
                assert event == "event: update"
                assert json.loads(data.removeprefix("data: "))["id"] == sent["id"]

    asyncio.run(scenario())


def test_seeded_posts_carry_community_pictures_with_alt_text(api: httpx.Client) -> None:
    r = api.get("/api/v1/timelines/public", params={"only_media": "true", "limit": 5})
    statuses = r.json()
    assert statuses and all(s["media_attachments"] for s in statuses)
    assert "only_media=true" in link(r, "next")
    media = statuses[0]["media_attachments"][0]
    assert media["type"] == "image" and media["description"]
    picture = api.get(media["url"])
    assert picture.status_code == 200 and picture.headers["Content-Type"] == "image/png"
    assert media["meta"]["original"]["width"] > 0
    assert media["url"].endswith(".png") and "/media/" in media["url"]
