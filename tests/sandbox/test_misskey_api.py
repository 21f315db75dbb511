"""The friends network's Misskey API over real HTTP and WebSocket on 127.0.0.1: shapes, errors,
visibility enforcement, paging, MiAuth, streaming, persistence and pictures."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import websockets
from aiohttp import web
from websockets.exceptions import InvalidStatus

from app.sandbox import artwork, community, post_generator
from app.sandbox.guard import APPROVAL_HEADER
from app.sandbox.misskey_api import MisskeySandbox, aidx, extract_hashtags, note_tags, utf16_len

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
RECV_GUARD = 5.0  # only keeps a broken test from hanging; never a measured threshold


@dataclass
class Server:
    sandbox: MisskeySandbox
    base: str
    http: httpx.AsyncClient
    tokens: dict[str, str]
    ids: dict[str, str]

    async def api(self, endpoint: str, who: str | None = None, **params: Any) -> httpx.Response:
        body = dict(params)
        if who is not None:
            body["i"] = self.tokens[who]
        return await self.http.post(f"{self.base}/api/{endpoint}", json=body)

    async def ok(self, endpoint: str, who: str | None = None, **params: Any) -> Any:
        r = await self.api(endpoint, who, **params)
        assert r.status_code == 200, r.text
        return r.json()

    def add_stranger(self, username: str = "stranger") -> None:
        """A local user who follows nobody and whom nobody follows."""
        acct = self.sandbox.add_user(username, "よそもの")
        self.tokens[username], self.ids[username] = acct["token"], acct["id"]

    def ws_url(self, who: str | None) -> str:
        url = self.base.replace("http://", "ws://") + "/streaming"
        return url if who is None else f"{url}?i={self.tokens[who]}"


@contextlib.asynccontextmanager
async def serve(db: Path, now: datetime | None = None) -> AsyncIterator[Server]:
    sandbox = MisskeySandbox(db)
    sandbox.open(now)
    runner = web.AppRunner(sandbox.make_app())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    sandbox.base_url = f"http://{host}:{port}"
    accounts = sandbox.accounts()
    try:
        async with httpx.AsyncClient(timeout=10) as http:
            yield Server(
                sandbox,
                sandbox.base_url,
                http,
                {a["username"]: a["token"] for a in accounts},
                {a["username"]: a["id"] for a in accounts},
            )
    finally:
        await sandbox.close()
        await runner.cleanup()


def run(db: Path, scenario: Any) -> None:
    async def main() -> None:
        async with serve(db) as server:
            await scenario(server)

    asyncio.run(main())


async def recv_json(ws: Any) -> dict[str, Any]:
    return json.loads(await asyncio.wait_for(ws.recv(), RECV_GUARD))


async def join(ws: Any, channel: str, cid: str) -> None:
    """Connect a channel the way misskey-js does, asking the server to confirm it."""
    body = {"channel": channel, "id": cid, "params": {}, "pong": True}
    await ws.send(json.dumps({"type": "connect", "body": body}))
    assert await recv_json(ws) == {"type": "connected", "body": {"id": cid}}


# ------------------------------------------------------------------------------- pure parts


def test_hashtags_follow_mfm_rules() -> None:
    # 。 and ！ (full-width) do not end a tag in Misskey; ASCII "!" and spaces do.
    text = "今日は #散歩。楽しい！ と #Tokyo2025! #123 a#b https://x.test/#frag #(括弧)付き #x)y"
    assert extract_hashtags(text) == ["散歩。楽しい！", "Tokyo2025", "(括弧)付き", "x"]
    assert note_tags("#Kizuna #kizuna #ＡＢＣ", None) == ["kizuna", "kizuna", "abc"]
    assert note_tags("本文 #a", "注意 #b #a") == ["a", "b"]


def test_ids_sort_by_time_and_utf16_counts_surrogates() -> None:
    earlier, later = aidx(1_700_000_000_000), aidx(1_700_000_000_001)
    same_ms = [aidx(1_700_000_000_002) for _ in range(5)]
    assert earlier < later < same_ms[0] and same_ms == sorted(same_ms)
    assert len(set(same_ms)) == 5
    assert utf16_len("😀") == 2 and utf16_len("あa") == 2


# -------------------------------------------------------------------------------- endpoints


def test_i_and_meta_speak_misskey(tmp_path: Path) -> None:
    async def scenario(s: Server) -> None:
        me = await s.ok("i", "me")
        assert me["id"] == s.ids["me"] and me["username"] == community.DEMO_USERNAME
        assert me["name"] == community.MEMBERS[0].display_name and me["host"] is None
        assert me["avatarUrl"] == f"{s.base}/avatars/me.png"
        pairs = community.follows("friends")
        assert me["followersCount"] == sum(1 for _, b in pairs if b == "me")
        assert me["followingCount"] == sum(1 for a, _ in pairs if a == "me")
        # The token may also come as a Bearer header, as in current Misskey.
        r = await s.http.post(
            f"{s.base}/api/i", json={}, headers={"Authorization": f"Bearer {s.tokens['haruka']}"}
        )
        assert r.status_code == 200 and r.json()["username"] == "haruka"

        meta = await s.ok("meta")
        assert meta["name"] == "なかま" and meta["uri"] == s.base
        assert meta["maxNoteTextLength"] == 3000 and meta["features"]["miauth"] is True
        assert s.sandbox.streaming_url == s.base.replace("http://", "ws://") + "/streaming"

        shown = await s.ok("users/show", "me", username="haruka")
        assert shown["id"] == s.ids["haruka"] and shown["isFollowing"] is True

    run(tmp_path / "mk.sqlite", scenario)


def test_errors_have_misskey_bodies_and_statuses(tmp_path: Path) -> None:
    async def scenario(s: Server) -> None:
        r = await s.api("i")
        assert r.status_code == 401
        assert r.json() == {
            "error": {
                "message": "Credential required.",
                "code": "CREDENTIAL_REQUIRED",
                "id": "1384574d-a912-4b81-8601-c7b1c4085df1",
                "kind": "client",
            }
        }
        assert r.headers["WWW-Authenticate"] == 'Bearer realm="Misskey"'

        r = await s.http.post(f"{s.base}/api/i", json={"i": "not-a-token"})
        assert r.status_code == 401
        assert r.json()["error"]["code"] == "AUTHENTICATION_FAILED"
        assert r.json()["error"]["id"] == "b0a7f5f8-dc2f-4171-b91f-de88ad238e14"
        assert 'error="invalid_token"' in r.headers["WWW-Authenticate"]

        r = await s.api("notes/nothing-here", "me")
        assert r.status_code == 404 and r.json()["error"]["code"] == "UNKNOWN_API_ENDPOINT"

        r = await s.api("notes/timeline", "me", limit=101)
        assert r.status_code == 400
        assert r.json()["error"]["code"] == "INVALID_PARAM"
        assert r.json()["error"]["info"]["param"] == "#/properties/limit/maximum"

        r = await s.api("notes/create", "me", text="x", visibility="friends")
        assert r.status_code == 400 and r.json()["error"]["code"] == "INVALID_PARAM"

    run(tmp_path / "mk.sqlite", scenario)


def test_each_visibility_reaches_exactly_its_audience(tmp_path: Path) -> None:
    async def scenario(s: Server) -> None:
        s.add_stranger()
        texts = {v: f"{v} だよ" for v in ("public", "home", "followers", "specified")}
        made: dict[str, dict[str, Any]] = {}
        for vis, text in texts.items():
            extra = {"visibleUserIds": [s.ids["me"]]} if vis == "specified" else {}
            body = await s.ok("notes/create", "haruka", text=text, visibility=vis, **extra)
            made[vis] = body["createdNote"]
            assert made[vis]["visibility"] == vis and made[vis]["userId"] == s.ids["haruka"]
        assert made["specified"]["visibleUserIds"] == [s.ids["me"]]
        assert "visibleUserIds" not in made["followers"]

        async def seen(endpoint: str, who: str | None) -> set[str]:
            notes = await s.ok(endpoint, who, limit=100)
            return {n["text"] for n in notes} & set(texts.values())

        # me follows haruka and is named in the specified note.
        assert await seen("notes/timeline", "me") == set(texts.values())
        # takumi follows haruka but is not named.
        not_specified = {texts[v] for v in ("public", "home", "followers")}
        assert await seen("notes/timeline", "takumi") == not_specified
        # The stranger follows nobody: nothing on home, only the public note on hybrid.
        assert await seen("notes/timeline", "stranger") == set()
        assert await seen("notes/hybrid-timeline", "stranger") == {texts["public"]}
        # The local timeline is public notes only, signed in or not.
        assert await seen("notes/local-timeline", None) == {texts["public"]}
        assert await seen("notes/local-timeline", "me") == {texts["public"]}

        async def show(vis: str, who: str | None) -> dict[str, Any]:
            return await s.ok("notes/show", who, noteId=made[vis]["id"])

        # Not visible: Misskey packs the note hidden; its content never leaves the server.
        for vis, who in (
            ("followers", "stranger"),
            ("followers", None),
            ("specified", "takumi"),
            ("specified", "stranger"),
        ):
            hidden = await show(vis, who)
            assert hidden["isHidden"] is True and hidden["text"] is None
            assert hidden["files"] == [] and "visibleUserIds" not in hidden
            assert texts[vis] not in json.dumps(hidden, ensure_ascii=False)
        assert (await show("specified", "me"))["text"] == texts["specified"]
        assert (await show("followers", "takumi"))["text"] == texts["followers"]
        assert (await show("home", "stranger"))["text"] == texts["home"]

        # Following makes the followers note readable, never the specified one.
        followed = await s.ok("following/create", "stranger", userId=s.ids["haruka"])
        assert followed["id"] == s.ids["haruka"]
        assert (await show("followers", "stranger"))["text"] == texts["followers"]
        assert await seen("notes/timeline", "stranger") == not_specified
        r = await s.api("following/create", "stranger", userId=s.ids["haruka"])
        assert r.status_code == 400 and r.json()["error"]["code"] == "ALREADY_FOLLOWING"
        await s.ok("following/delete", "stranger", userId=s.ids["haruka"])
        assert (await show("followers", "stranger"))["isHidden"] is True

        # The web page a "sent" link opens is a signed-out view.
        page = await s.http.get(f"{s.base}/notes/{made['home']['id']}")
        assert page.status_code == 200 and texts["home"] in page.text
        page = await s.http.get(f"{s.base}/notes/{made['followers']['id']}")
        assert page.status_code == 404 and texts["followers"] not in page.text

        r = await s.api("notes/show", "me", noteId="0000000000000000")
        assert r.status_code == 400 and r.json()["error"]["code"] == "NO_SUCH_NOTE"

        # Only the author may delete; afterwards the note is gone for everyone.
        r = await s.api("notes/delete", "me", noteId=made["public"]["id"])
        assert r.status_code == 400 and r.json()["error"]["code"] == "ACCESS_DENIED"
        r = await s.api("notes/delete", "haruka", noteId=made["public"]["id"])
        assert r.status_code == 204
        assert texts["public"] not in await seen("notes/local-timeline", None)

    run(tmp_path / "mk.sqlite", scenario)


def test_paging_with_since_and_until(tmp_path: Path) -> None:
    async def scenario(s: Server) -> None:
        ids = [
            (await s.ok("notes/create", "takumi", text=f"ページ {i}"))["createdNote"]["id"]
            for i in range(12)
        ][-6:]  # oldest first

        async def page(**params: Any) -> list[str]:
            notes = await s.ok("notes/local-timeline", None, **params)
            return [n["id"] for n in notes]

        assert await page(limit=2) == [ids[5], ids[4]]
        assert await page(limit=2, untilId=ids[4]) == [ids[3], ids[2]]
        # sinceId alone: the notes just after sinceId, newest first.
        assert await page(limit=2, sinceId=ids[1]) == [ids[3], ids[2]]
        assert await page(limit=10, sinceId=ids[1], untilId=ids[5]) == [ids[4], ids[3], ids[2]]
        assert await page(limit=10, sinceId=ids[5]) == []
        default = await s.ok("notes/timeline", "me")
        assert len(default) == 10  # Misskey's default limit

    run(tmp_path / "mk.sqlite", scenario)


def test_text_limit_counts_utf16_units_and_empty_notes_are_refused(tmp_path: Path) -> None:
    async def scenario(s: Server) -> None:
        full = "😀" * 1500  # 1500 code points, 3000 UTF-16 units: exactly the limit
        r = await s.api("notes/create", "me", text=full, visibility="followers")
        assert r.status_code == 200 and r.json()["createdNote"]["text"] == full

        r = await s.api("notes/create", "me", text=full + "a", visibility="followers")
        assert r.status_code == 400
        error = r.json()["error"]
        assert error["code"] == "INVALID_PARAM" and error["kind"] == "client"
        assert error["info"]["param"] == "#/properties/text/maxLength"

        for params in ({"text": ""}, {}, {"text": None}):
            r = await s.api("notes/create", "me", **params)
            assert r.status_code == 400 and r.json()["error"]["code"] == "INVALID_PARAM", params

        tagged = await s.ok("notes/create", "me", text="今日は #散歩。楽しい #Tokyo!")
        assert tagged["createdNote"]["tags"] == ["散歩。楽しい", "tokyo"]

    run(tmp_path / "mk.sqlite", scenario)


def test_rate_limit_answers_429_with_misskey_body(tmp_path: Path) -> None:
    async def scenario(s: Server) -> None:
        s.sandbox.rate_limits["notes/create"] = (2, 3600.0)
        for _ in range(2):
            await s.ok("notes/create", "me", text="連投")
        r = await s.api("notes/create", "me", text="連投")
        assert r.status_code == 429
        assert r.json()["error"]["code"] == "RATE_LIMIT_EXCEEDED"
        assert r.json()["error"]["id"] == "d5826d14-3982-4d2e-8011-b9e9f02499ef"
        assert int(r.headers["Retry-After"]) >= 0
        # Another user has their own allowance.
        await s.ok("notes/create", "haruka", text="こちらは大丈夫")

    run(tmp_path / "mk.sqlite", scenario)


def test_miauth_flow_end_to_end(tmp_path: Path) -> None:
    async def scenario(s: Server) -> None:
        callback = "http://127.0.0.1:9/callback"
        r = await s.http.get(
            f"{s.base}/miauth/sess-1",
            params={
                "name": "Kizuna",
                "callback": callback,
                "permission": "read:account,write:notes",
            },
            headers={APPROVAL_HEADER: s.sandbox.approval},
            follow_redirects=False,
        )
        assert r.status_code == 302 and r.headers["Location"] == f"{callback}?session=sess-1"

        r = await s.http.post(f"{s.base}/api/miauth/sess-1/check")
        body = r.json()
        assert r.status_code == 200 and body["ok"] is True
        assert body["user"]["username"] == "me" and body["user"]["id"] == s.ids["me"]
        token = body["token"]
        me = (await s.http.post(f"{s.base}/api/i", json={"i": token})).json()
        assert me["id"] == s.ids["me"]
        created = await s.http.post(f"{s.base}/api/notes/create", json={"i": token, "text": "hi"})
        assert created.status_code == 200

        # The token is handed out once; unknown sessions are not approved.
        assert (await s.http.post(f"{s.base}/api/miauth/sess-1/check")).json() == {"ok": False}
        assert (await s.http.post(f"{s.base}/api/miauth/nope/check")).json() == {"ok": False}

        # Without a callback: a page says it is done. The token only holds what was asked for.
        r = await s.http.get(
            f"{s.base}/miauth/sess-2",
            params={"name": "Reader", "permission": "read:account"},
            headers={APPROVAL_HEADER: s.sandbox.approval},
        )
        assert r.status_code == 200 and "text/html" in r.headers["Content-Type"]
        token2 = (await s.http.post(f"{s.base}/api/miauth/sess-2/check")).json()["token"]
        denied = await s.http.post(f"{s.base}/api/notes/create", json={"i": token2, "text": "x"})
        assert denied.status_code == 403
        assert denied.json()["error"]["code"] == "PERMISSION_DENIED"
        assert denied.json()["error"]["kind"] == "permission"

    run(tmp_path / "mk.sqlite", scenario)


def test_miauth_approves_only_a_sign_in_that_presents_the_secret(tmp_path: Path) -> None:
    """Anyone on this machine can open the MiAuth page; only the app can read the secret."""

    async def scenario(s: Server) -> None:
        params = {
            "name": "Intruder",
            "callback": "http://127.0.0.1:9/cb",
            "permission": "write:notes",
        }
        for headers in ({}, {APPROVAL_HEADER: ""}, {APPROVAL_HEADER: "guess"}):
            page = await s.http.get(
                f"{s.base}/miauth/steal", params=params, headers=headers, follow_redirects=False
            )
            assert page.status_code == 403 and "Location" not in page.headers, headers
            check = await s.http.post(f"{s.base}/api/miauth/steal/check")
            assert check.json() == {"ok": False}

    run(tmp_path / "mk.sqlite", scenario)


def test_only_loopback_host_names_with_the_right_port_are_answered(tmp_path: Path) -> None:
    """DNS rebinding: a page on evil.example resolved to 127.0.0.1 sends its own Host."""

    async def scenario(s: Server) -> None:
        port = urlsplit(s.base).port
        body = {"i": s.tokens["me"]}
        for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
            r = await s.http.post(f"{s.base}/api/i", json=body, headers={"Host": host})
            assert r.status_code == 200, host
        for host in ("evil.example", f"evil.example:{port}", f"127.0.0.1:{port + 1}"):
            r = await s.http.post(f"{s.base}/api/i", json=body, headers={"Host": host})
            assert r.status_code == 421 and "username" not in r.text, host
        create = {"i": s.tokens["me"], "text": "rebound"}
        r = await s.http.post(
            f"{s.base}/api/notes/create", json=create, headers={"Host": "evil.example"}
        )
        assert r.status_code == 421
        mine = await s.ok("notes/timeline", "me", limit=100)
        assert all(n["text"] != "rebound" for n in mine)

    run(tmp_path / "mk.sqlite", scenario)


def test_stream_delivers_to_followers_only(tmp_path: Path) -> None:
    async def scenario(s: Server) -> None:
        s.add_stranger()
        async with (
            websockets.connect(s.ws_url("me")) as mine,
            websockets.connect(s.ws_url("stranger")) as theirs,
        ):
            await join(mine, "homeTimeline", "h1")
            await join(theirs, "homeTimeline", "sh")
            await join(theirs, "hybridTimeline", "sy")
            # Misskey clients' keepalives are harmless.
            await theirs.send("h")
            await theirs.send("ping")
            assert await asyncio.wait_for(theirs.recv(), RECV_GUARD) == "pong"

            await s.ok("notes/create", "haruka", text="フォロワーだけに", visibility="followers")
            got = await recv_json(mine)
            assert got["type"] == "channel" and got["body"]["id"] == "h1"
            assert got["body"]["type"] == "note"
            assert got["body"]["body"]["text"] == "フォロワーだけに"
            assert got["body"]["body"]["user"]["username"] == "haruka"

            await s.ok("notes/create", "haruka", text="みんなへ", visibility="public")
            # The stranger's first delivery is the public note: the followers note never came.
            first = await recv_json(theirs)
            assert first["body"]["id"] == "sy" and first["body"]["body"]["text"] == "みんなへ"
            assert (await recv_json(mine))["body"]["body"]["text"] == "みんなへ"

            # After disconnect the channel is silent; a new channel still works.
            await mine.send(json.dumps({"type": "disconnect", "body": {"id": "h1"}}))
            await join(mine, "localTimeline", "l1")
            sent = await s.sandbox.post_as("takumi", "あとで", "public")
            got = await recv_json(mine)
            assert got["body"]["id"] == "l1" and got["body"]["body"]["id"] == sent["id"]

    run(tmp_path / "mk.sqlite", scenario)


def test_stream_refuses_a_bad_token_and_specified_notes_stay_private(tmp_path: Path) -> None:
    async def scenario(s: Server) -> None:
        with pytest.raises(InvalidStatus) as refused:
            async with websockets.connect(s.base.replace("http", "ws") + "/streaming?i=wrong"):
                pass
        assert refused.value.response.status_code == 401

        async with (
            websockets.connect(s.ws_url("me")) as mine,
            websockets.connect(s.ws_url("takumi")) as takumis,
        ):
            await join(mine, "homeTimeline", "h")
            await join(takumis, "homeTimeline", "h")
            note = await s.sandbox.post_as("haruka", "ないしょの贈り物", "specified", ("me",))
            assert note["visibleUserIds"] == [s.ids["me"]]
            assert (await recv_json(mine))["body"]["body"]["id"] == note["id"]
            await s.sandbox.post_as("haruka", "みんなの話", "followers")
            # takumi follows haruka but was not named: his first note is the later one.
            assert (await recv_json(takumis))["body"]["body"]["text"] == "みんなの話"

    run(tmp_path / "mk.sqlite", scenario)


def test_data_survives_close_and_reopen(tmp_path: Path) -> None:
    db = tmp_path / "mk.sqlite"

    def note_count(s: Server) -> int:
        return int(s.sandbox.db.execute("SELECT COUNT(*) FROM notes").fetchone()[0])

    async def first() -> tuple[str, dict[str, str], int]:
        now = datetime.now(UTC)
        async with serve(db, now) as s:
            assert note_count(s) == len(post_generator.friends_posts(now))
            note = await s.ok("notes/create", "me", text="また明日", visibility="followers")
            return note["createdNote"]["id"], s.tokens, note_count(s)

    async def second(note_id: str, tokens: dict[str, str], count: int) -> None:
        async with serve(db) as s:
            assert s.tokens == tokens and note_count(s) == count  # no reseeding
            shown = await s.ok("notes/show", "haruka", noteId=note_id)
            assert shown["text"] == "また明日" and shown["visibility"] == "followers"
            timeline = await s.ok("notes/timeline", "haruka", limit=100)
            assert note_id in [n["id"] for n in timeline]

    asyncio.run(second(*asyncio.run(first())))


def test_avatars_and_files_are_served_as_png(tmp_path: Path) -> None:
    async def scenario(s: Server) -> None:
        timeline = await s.ok("notes/timeline", "me", limit=100)
        with_image = [n for n in timeline if n["files"]]
        assert with_image, "the community seeds posts with pictures"
        alts = {
            f"{s.base}/files/{p.image}.png": p.image_alt
            for p in post_generator.friends_posts(datetime.now(UTC))
            if p.image
        }
        f = with_image[0]["files"][0]
        assert f["type"] == "image/png" and f["url"] in alts
        assert f["comment"] == (alts[f["url"]] or None)
        assert f["properties"]["width"] > 0 and f["isSensitive"] is False
        assert with_image[0]["fileIds"] == [f["id"]]

        for url in (f["url"], with_image[0]["user"]["avatarUrl"]):
            r = await s.http.get(url)
            assert r.status_code == 200 and r.headers["Content-Type"] == "image/png"
            assert r.content.startswith(PNG_MAGIC)
        r = await s.http.get(f["url"])
        assert len(r.content) == f["size"]

        # Upload through drive/files/create (multipart), then attach it with alt text.
        picture = artwork.image_png("upload", 40, 30)
        r = await s.http.post(
            f"{s.base}/api/drive/files/create",
            data={"i": s.tokens["me"], "comment": "手作りのカード", "isSensitive": "false"},
            files={"file": ("card.png", picture, "image/png")},
        )
        assert r.status_code == 200, r.text
        uploaded = r.json()
        assert uploaded["comment"] == "手作りのカード"
        assert uploaded["properties"] == {"width": 40, "height": 30}
        assert uploaded["isSensitive"] is False and uploaded["type"] == "image/png"
        note = (await s.ok("notes/create", "me", fileIds=[uploaded["id"]]))["createdNote"]
        assert note["text"] is None and note["files"][0]["id"] == uploaded["id"]
        assert (await s.http.get(uploaded["url"])).content == picture

        r = await s.api("notes/create", "haruka", text="借りた", fileIds=[uploaded["id"]])
        assert r.status_code == 400 and r.json()["error"]["code"] == "NO_SUCH_FILE"

    run(tmp_path / "mk.sqlite", scenario)
