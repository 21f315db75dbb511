"""The Mastodon adapter and sign-in against a real snac2 server on 127.0.0.1.

snac differs from Mastodon in ways these tests pin down (see PRODUCT.md, "Real servers"):
no ``/api/v2/instance`` (v1 only), no PKCE check, a login form on ``/oauth/authorize``,
an out-of-band page that shows ``CODE&state=STATE``; ``unlisted`` comes back as
``public`` and ``direct`` as ``private``; and ``private`` means "mentioned accounts
only" — snac has no followers-only posts — so a friends post without chosen recipients
is refused before anything is sent, while one addressed to chosen friends goes out as
``direct`` to exactly them. Signing in to snac through the accounts service (and dialog)
drops the friends side the user asked for, says why, and refuses it afterwards.
"""

from __future__ import annotations

import asyncio
import json
import struct
import uuid
import zlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.auth import mastodon_oauth
from app.auth.credentials import CredentialStore
from app.auth.loopback import SignInError
from app.core.answering import reply_audience
from app.core.models import AccountRef, Audience, Friend, MediaUpload, Outgoing
from app.networks.base import AudienceRefused, ErrorKind, NetworkError
from app.networks.mastodon import MastodonAdapter
from app.services.accounts import AccountError, AccountService
from app.store.accounts import AccountTable
from app.store.db import Store
from tests.helpers import MemoryKeyring
from tests.realserver.browser import PasswordBrowser
from tests.realserver.snac import SnacServer

SIGN_IN_TIMEOUT = 15.0  # a backstop: every failure here is reported long before


@dataclass(frozen=True)
class SignedIn:
    account: dict[str, Any]
    token: str


def _sign_in(server: SnacServer, user: str, password: str | None = None) -> SignedIn:
    browser = PasswordBrowser(user, password or server.passwords[user])
    account, token = asyncio.run(
        mastodon_oauth.sign_in(server.base_url, browser, timeout=SIGN_IN_TIMEOUT)
    )
    return SignedIn(account, token)


@pytest.fixture(scope="module")
def server(snac_server: object) -> SnacServer:
    assert isinstance(snac_server, SnacServer)
    return snac_server


@pytest.fixture(scope="module")
def alice(server: SnacServer) -> SignedIn:
    return _sign_in(server, "alice")


@pytest.fixture(scope="module")
def bob(server: SnacServer) -> SignedIn:
    return _sign_in(server, "bob")


def _adapter(server: SnacServer, who: SignedIn) -> MastodonAdapter:
    username = str(who.account["username"])
    ref = AccountRef(
        key=f"mastodon:{server.base_url}:{username}",
        network="mastodon",
        base_url=server.base_url,
        user_id=str(who.account["id"]),
        username=username,
        handle=f"@{username}@127.0.0.1",
        serves=frozenset({Audience.PUBLIC, Audience.FRIENDS}),
        label="snac",
    )
    return MastodonAdapter(ref, who.token)


def _get(server: SnacServer, path: str, token: str | None = None, **params: Any) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.get(server.base_url + path, headers=headers, params=params, timeout=10.0)


def _post_raw(server: SnacServer, who: SignedIn, text: str, visibility: str) -> dict[str, Any]:
    """A status sent straight to the API (not through our adapter), to see what snac does."""
    reply = httpx.post(
        server.base_url + "/api/v1/statuses",
        headers={"Authorization": f"Bearer {who.token}"},
        data={"status": text, "visibility": visibility},
        timeout=10.0,
    )
    reply.raise_for_status()
    status: dict[str, Any] = reply.json()
    return status


def _public_ids(server: SnacServer) -> set[str]:
    """What an anonymous visitor sees in the server's public timeline."""
    reply = _get(server, "/api/v1/timelines/public", limit=40)
    reply.raise_for_status()
    return {str(s["id"]) for s in reply.json()}


def _png(rgb: tuple[int, int, int]) -> bytes:
    """A valid 1×1 PNG of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + bytes(rgb))
    body = chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


def _marker() -> str:
    return uuid.uuid4().hex[:10]


# ---------------------------------------------------------------------------- sign-in


def test_sign_in_through_the_login_form_and_loopback_redirect(
    server: SnacServer, alice: SignedIn
) -> None:
    assert alice.account["username"] == "alice"
    assert alice.token
    # The token is alice's and works for the API …
    me = _get(server, "/api/v1/accounts/verify_credentials", alice.token)
    assert me.status_code == 200 and me.json()["id"] == alice.account["id"]
    # … and a second sign-in is a second, independent token.
    again = _sign_in(server, "alice")
    assert again.token != alice.token and again.account["id"] == alice.account["id"]


def test_wrong_password_ends_the_sign_in(server: SnacServer) -> None:
    with pytest.raises(SignInError, match="did not accept"):
        _sign_in(server, "alice", password="not-her-password")


def test_out_of_band_code_as_snac_shows_it(server: SnacServer, alice: SignedIn) -> None:
    async def run() -> tuple[dict[str, Any], str, str]:
        flow = mastodon_oauth.OutOfBandSignIn(server.base_url)
        url = await flow.begin()
        assert "redirect_uri=urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob" in url
        browser = PasswordBrowser("alice", server.passwords["alice"])
        await browser(url)
        shown = browser.last_page
        # Someone else's code (another state) is refused before it is exchanged.
        with pytest.raises(SignInError, match="another sign-in"):
            await flow.finish(shown.split("&", 1)[0] + "&state=someone-else")
        account, token = await flow.finish(f"  {shown}\n")  # pasted as shown on the page
        return account, token, shown

    account, token, shown = asyncio.run(run())
    assert "&state=" in shown  # snac's out-of-band page: CODE&state=STATE
    assert account["id"] == alice.account["id"]
    assert _get(server, "/api/v1/accounts/verify_credentials", token).status_code == 200


def test_accounts_service_paste_sign_in_as_snac_shows_the_code(
    server: SnacServer, alice: SignedIn, tmp_path: Path
) -> None:
    """The accounts dialog's "paste a code" path end to end: the service starts the
    out-of-band flow, alice approves on snac's page, the text snac shows is pasted as is."""
    store = Store(tmp_path / "kizuna.db")
    backend = MemoryKeyring()
    service = AccountService(store, CredentialStore(backend=backend, trusted_backend=True))

    async def run() -> tuple[AccountRef, str]:
        url = await service.begin_mastodon_paste(server.base_url, {Audience.PUBLIC})
        assert "redirect_uri=urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob" in url
        browser = PasswordBrowser("alice", server.passwords["alice"])
        await browser(url)
        account = await service.finish_mastodon_paste(browser.last_page)
        return account, browser.last_page

    try:
        account, shown = asyncio.run(run())
        assert "&state=" in shown  # snac's CODE&state=STATE, pasted whole
        assert account.key == f"mastodon:{server.base_url}:alice"
        assert account.user_id == str(alice.account["id"]) and service.accounts() == [account]
        token = backend.secrets[("Kizuna", account.key)]
        assert token not in json.dumps(store.get("accounts.list"))
        me = _get(server, "/api/v1/accounts/verify_credentials", token)
        assert me.status_code == 200 and me.json()["username"] == "alice"
    finally:
        store.close()


def test_me_limits_and_a_revoked_token(server: SnacServer, alice: SignedIn) -> None:
    async def run() -> None:
        adapter = _adapter(server, alice)
        try:
            me = await adapter.me()
            assert me.username == "alice" and me.id == str(alice.account["id"])
            # No /api/v2/instance on snac: the limits come from v1's configuration.
            assert _get(server, "/api/v2/instance").status_code == 404
            v1 = _get(server, "/api/v1/instance").json()
            expected = v1["configuration"]["statuses"]["max_characters"]
            assert adapter.limits.max_characters == expected != 500
        finally:
            await adapter.aclose()
        bad = _adapter(server, SignedIn(alice.account, "0" * 32))
        try:
            with pytest.raises(NetworkError) as caught:
                await bad.timeline(limit=1)
            assert caught.value.kind is ErrorKind.SIGNED_OUT
        finally:
            await bad.aclose()

    asyncio.run(run())


# ---------------------------------------------------------------------------- posting


def test_public_post_appears_publicly_and_at_home(server: SnacServer, alice: SignedIn) -> None:
    text = f"公開テスト {_marker()} #絆"

    async def run() -> None:
        adapter = _adapter(server, alice)
        try:
            published = await adapter.publish(Outgoing(text, Audience.PUBLIC))
            assert published.url and published.url.startswith(server.base_url + "/alice/p/")
            home = await adapter.timeline(limit=5)
        finally:
            await adapter.aclose()
        mine = next(p for p in home if p.id == published.remote_id)
        assert mine.audience is Audience.PUBLIC and mine.visibility == "public"
        assert mine.text == text and mine.author.username == "alice"
        assert published.remote_id in _public_ids(server)

    asyncio.run(run())


def test_snac_private_is_mentioned_only(server: SnacServer, alice: SignedIn) -> None:
    """The server fact behind refusing friends posts: ``private`` reaches no follower.

    If a later snac gains followers-only posts this fails, and the adapter can offer the
    friends audience on snac again.
    """
    marker = _marker()
    status = _post_raw(server, alice, f"private {marker}", "private")
    assert status["visibility"] == "private"
    stored = [
        json.loads(p.read_text(encoding="utf-8"))
        for p in (server.data_dir / "object").rglob("*.json")
        if marker in p.read_text(encoding="utf-8")
    ]
    notes = [o for o in stored if o.get("type") == "Note"]
    assert len(notes) == 1
    audience = list(notes[0].get("to") or []) + list(notes[0].get("cc") or [])
    assert audience == []  # not the followers collection, not the public: nobody


def test_friends_post_without_recipients_is_refused_before_sending(
    server: SnacServer, alice: SignedIn
) -> None:
    async def run() -> None:
        adapter = _adapter(server, alice)
        try:
            await adapter.me()
            before = [p.id for p in await adapter.timeline(limit=5)]
            with pytest.raises(AudienceRefused):
                await adapter.publish(Outgoing(f"友だちへ {_marker()}", Audience.FRIENDS))
            # A fresh adapter that never asked the server about itself refuses too.
            fresh = _adapter(server, alice)
            try:
                with pytest.raises(AudienceRefused):
                    await fresh.publish(Outgoing(f"友だちへ {_marker()}", Audience.FRIENDS))
            finally:
                await fresh.aclose()
            assert [p.id for p in await adapter.timeline(limit=5)] == before
        finally:
            await adapter.aclose()

    asyncio.run(run())


def test_friends_post_to_a_chosen_friend(
    server: SnacServer, alice: SignedIn, bob: SignedIn
) -> None:
    text = f"ボブだけに {_marker()}"

    async def run() -> str:
        adapter = _adapter(server, alice)
        try:
            outgoing = Outgoing(text, Audience.FRIENDS, recipients=(str(bob.account["id"]),))
            published = await adapter.publish(outgoing)
            home = await adapter.timeline(limit=5)
        finally:
            await adapter.aclose()
        mine = next(p for p in home if p.id == published.remote_id)
        assert mine.audience is Audience.FRIENDS
        assert text in mine.text
        return published.remote_id

    remote_id = asyncio.run(run())
    status = _get(server, f"/api/v1/statuses/{remote_id}", alice.token).json()
    assert status["visibility"] == "private"
    # snac resolved the mention to bob's account: he is the one recipient. (snac numbers
    # its mentions 0, 1 … instead of giving account ids; the URL names the account.)
    assert f'href="{bob.account["url"]}"' in status["content"]
    assert remote_id not in _public_ids(server)
    assert _get(server, f"/api/v1/statuses/{remote_id}").status_code in (401, 403, 404)


def test_visibility_read_back_never_shows_a_private_post_as_public(
    server: SnacServer, alice: SignedIn
) -> None:
    marker = _marker()
    sent = {
        v: _post_raw(server, alice, f"{v} {marker}", v)
        for v in ("public", "unlisted", "private", "direct")
    }
    # What snac makes of each (lossy): unlisted becomes public, direct becomes private.
    assert {v: s["visibility"] for v, s in sent.items()} == {
        "public": "public",
        "unlisted": "public",
        "private": "private",
        "direct": "private",
    }

    async def run() -> dict[str, Audience]:
        adapter = _adapter(server, alice)
        try:
            home = await adapter.timeline(limit=10)
        finally:
            await adapter.aclose()
        return {p.id: p.audience for p in home if marker in p.text}

    audiences = asyncio.run(run())
    assert set(audiences) == {str(s["id"]) for s in sent.values()}
    public = _public_ids(server)
    for status in sent.values():
        sid = str(status["id"])
        # Shown as public exactly when anyone can really see it in the public timeline.
        assert (audiences[sid] is Audience.PUBLIC) == (sid in public), status["visibility"]
    assert audiences[str(sent["private"]["id"])] is Audience.FRIENDS
    assert audiences[str(sent["direct"]["id"])] is Audience.FRIENDS


# ---------------------------------------------------------------------------- media


def test_media_with_description(server: SnacServer, alice: SignedIn) -> None:
    green, red = _png((0, 200, 0)), _png((200, 0, 0))

    async def run() -> list[tuple[str, str]]:
        adapter = _adapter(server, alice)
        out = []
        try:
            # Two different pictures under one file name (every gift card is "card.png").
            for data, alt in ((green, "緑の点"), (red, "赤い点")):
                media = MediaUpload(data, "card.png", "image/png", description=alt)
                published = await adapter.publish(
                    Outgoing(f"画像 {alt} {_marker()}", Audience.PUBLIC, media=(media,))
                )
                home = await adapter.timeline(limit=5)
                post = next(p for p in home if p.id == published.remote_id)
                assert len(post.media) == 1
                assert post.media[0].description == alt
                assert post.media[0].kind == "image"
                out.append((post.media[0].url, alt))
        finally:
            await adapter.aclose()
        return out

    (green_url, _), (red_url, _) = asyncio.run(run())
    assert green_url.startswith(server.base_url) and red_url.startswith(server.base_url)
    # Each post keeps its own picture: the second upload did not replace the first.
    assert httpx.get(green_url, timeout=10.0).content == green
    assert httpx.get(red_url, timeout=10.0).content == red


# ---------------------------------------------------------------------------- timelines


def test_home_timeline_paging_follows_link_max_id(server: SnacServer, bob: SignedIn) -> None:
    marker = _marker()
    sent = [_post_raw(server, bob, f"page {i} {marker}", "public")["id"] for i in range(5)]
    newest_first = [str(i) for i in reversed(sent)]

    first = _get(server, "/api/v1/timelines/home", bob.token, limit=2)
    next_link = first.links.get("next", {}).get("url", "")
    assert "max_id=" in next_link

    async def run() -> tuple[list[str], list[str], list[str]]:
        adapter = _adapter(server, bob)
        try:
            page1 = [p.id for p in await adapter.timeline(limit=2)]
            page2 = [p.id for p in await adapter.timeline(limit=2, older_than=page1[-1])]
            page3 = [p.id for p in await adapter.timeline(limit=2, older_than=page2[-1])]
        finally:
            await adapter.aclose()
        return page1, page2, page3

    page1, page2, page3 = asyncio.run(run())
    assert page1 == newest_first[:2]
    assert page2 == newest_first[2:4]
    assert page3[0] == newest_first[4]
    # The server's own Link header points where the adapter went for page 2.
    assert httpx.URL(next_link).params["max_id"] == page1[-1]


# ---------------------------------------------------------------------------- live, capabilities


def test_capabilities_are_honest_on_snac(server: SnacServer, alice: SignedIn) -> None:
    """Once the adapter has read the instance info (the first page does), it claims no
    friends audience (no followers-only posts) and no streaming (snac has none, though
    its v1 instance names a ``wss://`` streaming host)."""

    async def run() -> None:
        adapter = _adapter(server, alice)
        try:
            await adapter.timeline(limit=1)
            caps = adapter.capabilities
            assert caps.audiences == frozenset({Audience.PUBLIC})
            assert not caps.streaming and caps.media
            # … but a friends post addressed to chosen friends reaches exactly them.
            assert caps.recipients and caps.friends_need_recipients
            with pytest.raises(AudienceRefused) as refused:
                await adapter.publish(Outgoing(f"友だちへ {_marker()}", Audience.FRIENDS))
            assert refused.value.kind is ErrorKind.AUDIENCE_REFUSED
            assert "no followers-only posts" in refused.value.detail
            assert "nothing was sent" in refused.value.detail
        finally:
            await adapter.aclose()

    asyncio.run(run())


def test_timeline_feed_is_live_on_snac_by_polling(server: SnacServer, alice: SignedIn) -> None:
    """snac has no streaming API: the public column still goes live (by polling the home
    timeline) and shows a post made after the first page, and one made while live, once
    each."""
    from app.services.timeline import LiveState, TimelineFeed

    async def run() -> tuple[list[str], list[LiveState], list[str]]:
        adapter = _adapter(server, alice)
        adapter.poll_interval = 0.1
        feed = TimelineFeed(Audience.PUBLIC, [adapter])
        got: list[str] = []
        states: list[LiveState] = []
        task = None
        try:
            first, errors = await feed.initial()
            assert not errors
            gap = str(_post_raw(server, alice, f"すき間 {_marker()}", "public")["id"])
            task = asyncio.ensure_future(
                feed.run_live(lambda posts: got.extend(p.id for p in posts), states.append)
            )
            for _ in range(300):
                if gap in got:
                    break
                await asyncio.sleep(0.05)
            now = str(_post_raw(server, alice, f"ライブ {_marker()}", "public")["id"])
            for _ in range(300):
                if now in got:
                    break
                await asyncio.sleep(0.05)
            await asyncio.sleep(0.3)  # a few more polls: nothing comes twice
        finally:
            if task is not None:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
            await adapter.aclose()
        assert not {p.id for p in first} & set(got)
        return got, states, [gap, now]

    got, states, expected = asyncio.run(run())
    assert got == expected
    assert LiveState.LIVE in states and LiveState.RECONNECTING not in states


# ---------------------------------------------------------------------------- accounts on snac


def _service(tmp_path: Path) -> tuple[AccountService, Store, MemoryKeyring]:
    store = Store(tmp_path / "kizuna.db")
    backend = MemoryKeyring()
    return (
        AccountService(store, CredentialStore(backend=backend, trusted_backend=True)),
        store,
        backend,
    )


def test_a_snac_account_cannot_serve_friends(server: SnacServer, tmp_path: Path) -> None:
    """Signing in asks the adapter what the server keeps: snac has no followers-only
    posts, so the friends side the user asked for is dropped, the fact is saved (not a
    secret) and set_serves refuses friends for the account afterwards."""
    service, store, backend = _service(tmp_path)
    both = {Audience.PUBLIC, Audience.FRIENDS}
    try:
        account = asyncio.run(
            service.add_mastodon(
                server.base_url, PasswordBrowser("alice", server.passwords["alice"]), both
            )
        )
        assert account.serves == frozenset({Audience.PUBLIC})
        assert account.friends_need_recipients
        reopened = Store(tmp_path / "kizuna.db")
        try:
            saved = AccountTable(reopened).list()  # the profile's accounts table
        finally:
            reopened.close()
        assert [a.friends_need_recipients for a in saved] == [True]
        assert service.accounts() == [account]  # read back from the profile as it was
        with pytest.raises(AccountError) as refused:
            service.set_serves(account.key, both)
        assert refused.value.reason == "no_followers_only"
        with pytest.raises(AccountError):
            service.set_serves(account.key, {Audience.FRIENDS})
        assert service.account(account.key).serves == frozenset({Audience.PUBLIC})
        # Friends only was asked for: it serves nothing until the user ticks Public.
        bob = asyncio.run(
            service.add_mastodon(
                server.base_url,
                PasswordBrowser("bob", server.passwords["bob"]),
                {Audience.FRIENDS},
            )
        )
        assert bob.serves == frozenset() and bob.friends_need_recipients
        assert backend.secrets[("Kizuna", bob.key)]  # signed in all the same
        assert service.set_serves(bob.key, {Audience.PUBLIC}).serves == {Audience.PUBLIC}
    finally:
        store.close()


def _friend(server: SnacServer, account: AccountRef, who: SignedIn) -> Friend:
    name = str(who.account["username"])
    return Friend(account.key, str(who.account["id"]), name, f"@{name}@127.0.0.1", name)


def _stored_notes(server: SnacServer, marker: str) -> list[dict[str, Any]]:
    """Every post snac stored with ``marker``, whoever may read it (its own files)."""
    stored = [
        json.loads(p.read_text(encoding="utf-8"))
        for p in (server.data_dir / "object").rglob("*.json")
        if marker in p.read_text(encoding="utf-8")
    ]
    return [o for o in stored if o.get("type") == "Note"]


def test_a_gift_for_chosen_friends_goes_out_through_a_snac_account(
    server: SnacServer, alice: SignedIn, bob: SignedIn, tmp_path: Path
) -> None:
    """The poster routes a friends post addressed to bob through alice's snac account
    (which serves no friends side) as a ``direct`` status mentioning only him; a friends
    post for all friends is refused before anything is sent."""
    from app.services.poster import Poster, TargetState
    from app.services.send import Refusal, SendRefused

    marker = _marker()
    service, store, backend = _service(tmp_path)
    try:
        account = asyncio.run(
            service.add_mastodon(
                server.base_url,
                PasswordBrowser("alice", server.passwords["alice"]),
                {Audience.PUBLIC},
            )
        )
        token = backend.secrets[("Kizuna", account.key)]

        async def run() -> str:
            adapter = MastodonAdapter(account, token)
            poster = Poster([adapter])
            try:
                # Nothing to send to for all friends: no target, nothing queued or sent.
                assert await poster.send({Audience.FRIENDS: f"みんなへ {marker}"}) == []
                results = await poster.send_draft(
                    {Audience.FRIENDS: f"ボブへの贈り物 {marker}"},
                    recipients=[_friend(server, account, bob)],
                )
                assert [(r.target.audience, r.state) for r in results] == [
                    (Audience.FRIENDS, TargetState.SENT)
                ], results
                assert results[0].published is not None
                # An account saved before the server was known to lack followers-only
                # posts (still serving friends): refused before anything is stored or sent.
                old = MastodonAdapter(
                    replace(account, serves=frozenset(Audience), friends_need_recipients=False),
                    token,
                )
                try:
                    await old.timeline(limit=1)
                    with pytest.raises(SendRefused) as refused:
                        await Poster([old]).send({Audience.FRIENDS: f"古い設定 {marker}"})
                    assert refused.value.reason is Refusal.FRIENDS_NEED_RECIPIENTS
                finally:
                    await old.aclose()
                return results[0].published.remote_id
            finally:
                await adapter.aclose()

        remote_id = asyncio.run(run())
    finally:
        store.close()
    # Only the gift was ever sent: one stored post with the marker, addressed to bob.
    [note] = _stored_notes(server, marker)
    assert "ボブへの贈り物" in note["content"]
    assert list(note.get("to") or []) + list(note.get("cc") or []) == [bob.account["url"]]
    gift = _get(server, f"/api/v1/statuses/{remote_id}", alice.token).json()
    assert gift["visibility"] == "private"  # what snac makes of ``direct``
    assert [m["url"] for m in gift["mentions"]] == [bob.account["url"]]
    assert str(gift["id"]) not in _public_ids(server)


@pytest.mark.e2e  # a widget test: runs with the other Qt tests, last
def test_the_accounts_dialog_says_why_a_snac_account_serves_no_friends(
    qtbot, qloop, server: SnacServer, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from app.ui.accounts_dialog import COL_FRIENDS, COL_PUBLIC, AccountsDialog

    service, store, _ = _service(tmp_path)
    try:
        dialog = AccountsDialog(
            service, None, open_url=PasswordBrowser("alice", server.passwords["alice"])
        )
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.network_combo.setCurrentIndex(dialog.network_combo.findData("mastodon"))
        dialog.server_edit.setText(server.base_url)
        dialog.add_public.setChecked(True)
        dialog.add_friends.setChecked(True)  # the user asks for both
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
        assert dialog.pending is not None
        account = qloop.run_until_complete(dialog.pending)
        assert account is not None, dialog.status_text()
        assert dialog.status_text() == (
            f"Signed in as {account.handle}. Its server keeps no followers-only posts, "
            "so it serves the public side only."
        )
        row = dialog.row_of(account.key)
        public, friends = dialog.table.item(row, COL_PUBLIC), dialog.table.item(row, COL_FRIENDS)
        assert public.checkState() == Qt.CheckState.Checked
        assert friends.checkState() == Qt.CheckState.Unchecked
        assert not friends.flags() & Qt.ItemFlag.ItemIsEnabled
        assert "no followers-only posts" in friends.toolTip()
        # Even if the box were ticked (it is disabled), the service refuses and says why.
        friends.setCheckState(Qt.CheckState.Checked)
        assert dialog.status_text() == (
            f"{account.label} keeps no followers-only posts, so this account cannot serve "
            "the friends side."
        )
        friends = dialog.table.item(dialog.row_of(account.key), COL_FRIENDS)
        assert friends.checkState() == Qt.CheckState.Unchecked
        assert service.account(account.key).serves == frozenset({Audience.PUBLIC})
    finally:
        store.close()


# ---------------------------------------------------------------------------- answering back


def test_a_reply_threads_and_a_like_and_boost_land_on_snac(
    server: SnacServer, alice: SignedIn, bob: SignedIn
) -> None:
    marker = _marker()
    parent = _post_raw(server, bob, f"メリークリスマス {marker}", "public")
    parent_id = str(parent["id"])

    async def run() -> str:
        adapter = _adapter(server, alice)
        try:
            seen = _get(server, f"/api/v1/statuses/{parent_id}", alice.token).json()
            shown = adapter.parse_status(seen)
            with pytest.raises(AudienceRefused):  # snac keeps no followers-only posts
                await adapter.reply(
                    replace(shown, audience=Audience.FRIENDS, visibility="private"),
                    Outgoing(f"友だちへ {marker}", Audience.FRIENDS),
                )
            sent = await adapter.reply(shown, Outgoing(f"メリクリ！ {marker}", Audience.PUBLIC))
            await adapter.react(shown)
            await adapter.boost(shown)
            thread = await adapter.conversation(shown)
            assert [p.id for p in thread] == [parent_id, sent.remote_id]
            # No streaming API on snac: notifications are read, not streamed.
            assert adapter.capabilities.notifications
            assert not adapter.capabilities.notification_stream
            return sent.remote_id
        finally:
            await adapter.aclose()

    reply_id = asyncio.run(run())
    # Read as bob: the reply answers his post, and mentions him.
    status = _get(server, f"/api/v1/statuses/{reply_id}", bob.token).json()
    assert str(status["in_reply_to_id"]) == parent_id
    assert f'href="{bob.account["url"]}"' in status["content"]
    # Only what snac itself stored: the like and the boost, by alice, on bob's post.
    seen = _get(server, f"/api/v1/statuses/{parent_id}", bob.token).json()
    assert (seen["favourites_count"], seen["reblogs_count"]) == (1, 1)
    notes = _stored_notes(server, marker)
    (stored,) = [n for n in notes if n.get("inReplyTo")]
    assert stored["inReplyTo"] == parent["uri"]


def test_a_reply_to_a_friends_only_post_on_snac_reaches_only_its_author(
    server: SnacServer, alice: SignedIn, bob: SignedIn
) -> None:
    """snac's friends-only posts reach only whom they mention. Answering one to its author
    (a chosen recipient: ``direct``) threads and reaches nobody else: not the public, not
    an anonymous reader; a reply to all friends is refused before anything is sent."""
    marker = _marker()
    parent = _post_raw(server, bob, f"@alice 内緒の相談 {marker}", "private")
    parent_id = str(parent["id"])

    async def run() -> str:
        adapter = _adapter(server, alice)
        try:
            await adapter.me()  # the instance info says it is snac
            seen = _get(server, f"/api/v1/statuses/{parent_id}", alice.token).json()
            shown = adapter.parse_status(seen)
            assert (shown.audience, shown.visibility) == (Audience.FRIENDS, "direct")
            with pytest.raises(AudienceRefused):
                await adapter.reply(shown, Outgoing(f"みんなへ {marker}", Audience.FRIENDS))
            with pytest.raises(AudienceRefused):
                await adapter.reply(shown, Outgoing(f"公開で {marker}", Audience.PUBLIC))
            # What the reply composer offers: the same people, as far as snac tells them.
            audience, people = reply_audience(shown, adapter.account.user_id)
            assert (audience, people) == (Audience.FRIENDS, (str(bob.account["id"]),))
            to_bob = Outgoing(f"了解！ {marker}", audience, people)
            return (await adapter.reply(shown, to_bob)).remote_id
        finally:
            await adapter.aclose()

    reply_id = asyncio.run(run())
    status = _get(server, f"/api/v1/statuses/{reply_id}", bob.token).json()
    assert str(status["in_reply_to_id"]) == parent_id
    assert f'href="{bob.account["url"]}"' in status["content"]
    assert reply_id not in _public_ids(server)
    assert _get(server, f"/api/v1/statuses/{reply_id}").status_code in (401, 403, 404)
    (stored,) = [n for n in _stored_notes(server, marker) if n.get("inReplyTo")]
    audience = list(stored.get("to") or []) + list(stored.get("cc") or [])
    assert set(audience) == {bob.account["url"]}  # bob alone: no followers, no public
