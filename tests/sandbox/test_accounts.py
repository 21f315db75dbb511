"""AccountService against the embedded sandbox over real HTTP: sign in to Mastodon (code +
PKCE, loopback, and the out-of-band code pasted by the user) and Misskey (MiAuth,
loopback), secrets only in the keychain (an in-memory keyring here), sessions opened from
what was saved, posts through both, removal, and a keychain that fails leaving nothing
behind. Bluesky's createSession is answered by a tiny local XRPC server; X by the fake X
API (tests/fakes/x_server.py), signed in on a fixed callback port."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import keyring
import keyring.errors
import pytest
from aiohttp import web
from keyring.backend import KeyringBackend

from app.auth.credentials import LOCKED_MESSAGE, CredentialStore, KeychainUnavailable
from app.auth.loopback import PortInUse, SignInError
from app.auth.sandbox import APPROVAL_HEADER, play_browser
from app.core.models import AccountRef, Audience
from app.services.accounts import AccountError, AccountService, normalise_url
from app.services.poster import Poster, TargetState
from app.services.session import open_session
from app.store.accounts import AccountTable, migrate_legacy_list
from app.store.db import Store
from tests.fakes.x_server import FakeX
from tests.helpers import MemoryKeyring, account_service, free_port, listening_socket

PUBLIC = frozenset({Audience.PUBLIC})
FRIENDS = frozenset({Audience.FRIENDS})


class LockedKeyring(MemoryKeyring):
    """A keychain that is there but refuses to store (locked, access denied)."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("locked")


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


def approving(sandbox):  # type: ignore[no-untyped-def]
    """The user's browser approving a sign-in to ``sandbox`` (it asks for the run's
    sign-in secret, which only the user can read)."""

    async def browser(url: str) -> None:
        await play_browser(url, getattr(sandbox, "approval", None))

    return browser


async def sign_in_both(service: AccountService, sandbox) -> tuple[AccountRef, AccountRef]:
    mastodon = await service.add_mastodon(sandbox.public_url, approving(sandbox), PUBLIC)
    misskey = await service.add_misskey(sandbox.friends_url, approving(sandbox), FRIENDS)
    return mastodon, misskey


def profile_bytes(profile_dir: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(profile_dir.rglob("*")) if p.is_file())


def test_add_both_post_through_both_and_no_token_on_disk(
    sandbox, store: Store, memory_keyring: MemoryKeyring, profile_dir: Path, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    service = account_service(store, memory_keyring)
    tag = uuid.uuid4().hex[:8]

    async def scenario() -> list:
        mastodon, misskey = await sign_in_both(service, sandbox)
        assert mastodon.key == f"mastodon:{sandbox.public_url}:me"
        assert (mastodon.network, mastodon.username, mastodon.serves) == ("mastodon", "me", PUBLIC)
        assert misskey.key == f"misskey:{sandbox.friends_url}:me"
        assert (misskey.network, misskey.username, misskey.serves) == ("misskey", "me", FRIENDS)
        session = await open_session(store=None, accounts=service)
        try:
            assert not session.signed_out
            assert {a.account.key for a in session.adapters} == {mastodon.key, misskey.key}
            poster = Poster(session.adapters)
            return await poster.send(
                {Audience.PUBLIC: f"みんなへ {tag}", Audience.FRIENDS: f"友だちへ {tag}"}
            )
        finally:
            await session.aclose()

    results = asyncio.run(scenario())
    assert sorted((r.target.account.network, r.state) for r in results) == [
        ("mastodon", TargetState.SENT),
        ("misskey", TargetState.SENT),
    ]
    by_network = {r.target.account.network: r for r in results}

    # The servers hold the posts, each with its audience (read back with other tokens).
    status = httpx.get(
        f"{sandbox.public_url}/api/v1/statuses/{by_network['mastodon'].published.remote_id}",
        headers={"Authorization": f"Bearer {sandbox.token('public')}"},
    ).json()
    assert tag in status["content"] and "みんなへ" in status["content"]
    assert status["visibility"] == "public"
    note = httpx.post(
        f"{sandbox.friends_url}/api/notes/show",
        json={"i": sandbox.token("friends"), "noteId": by_network["misskey"].published.remote_id},
    ).json()
    assert note["text"] == f"友だちへ {tag}" and note["visibility"] == "followers"

    # Secrets: only in the keychain, under the account keys; never in the profile.
    tokens = dict(memory_keyring.secrets)
    assert {k for _, k in tokens} == {a.key for a in service.accounts()}
    assert all(service_name == "Kizuna" for service_name, _ in tokens)
    store.close()
    on_disk = profile_bytes(profile_dir)
    assert b"accounts.list" in on_disk or b"@me@" in on_disk  # the scan reads the real db
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "added mastodon:" in logged
    for secret in tokens.values():
        assert len(secret) >= 8 and secret.encode() not in on_disk
        assert secret not in logged


def test_the_keychain_rule_holds_without_the_test_override() -> None:
    # Only an explicit trusted_backend=True (tests) lets a non-OS backend hold secrets.
    assert not CredentialStore(backend=MemoryKeyring()).available()
    assert CredentialStore(backend=MemoryKeyring(), trusted_backend=True).available()
    with pytest.raises(ValueError):
        CredentialStore(trusted_backend=True)


def test_accounts_survive_a_restart_and_serves_can_change(
    sandbox, profile_dir: Path, memory_keyring: MemoryKeyring
) -> None:
    first = Store(profile_dir / "kizuna.db")
    try:
        mastodon, misskey = asyncio.run(
            sign_in_both(account_service(first, memory_keyring), sandbox)
        )
    finally:
        first.close()
    again = Store(profile_dir / "kizuna.db")
    try:
        service = account_service(again, memory_keyring)
        assert service.accounts() == [mastodon, misskey]
        both = PUBLIC | FRIENDS
        assert service.set_serves(misskey.key, both).serves == both
        with pytest.raises(AccountError) as empty:
            service.set_serves(mastodon.key, frozenset())
        assert empty.value.reason == "no_audience"
        with pytest.raises(AccountError) as unknown:
            service.set_serves("mastodon:http://127.0.0.1:1:nobody", PUBLIC)
        assert unknown.value.reason == "unknown_account"
        assert [a.serves for a in service.accounts()] == [PUBLIC, both]
    finally:
        again.close()


def test_a_mastodon_server_with_followers_only_posts_keeps_the_friends_side(
    sandbox, store: Store, memory_keyring: MemoryKeyring
) -> None:
    """Sign-in asks the server what it keeps (the sandbox is a Mastodon with
    followers-only posts, unlike snac — see tests/realserver/test_mastodon_snac.py): the
    friends side asked for stays, and settings written before that was asked still read."""
    service = account_service(store, memory_keyring)
    both = PUBLIC | FRIENDS
    account = asyncio.run(service.add_mastodon(sandbox.public_url, approving(sandbox), both))
    assert account.serves == both and not account.friends_need_recipients
    saved = AccountTable(store).get(account.key)
    assert saved is not None and saved.friends_need_recipients is False
    # Saved by a version that did not ask yet (no such field): still read, as before.
    older = {
        "key": account.key,
        "network": "mastodon",
        "base_url": account.base_url,
        "user_id": account.user_id,
        "username": account.username,
        "handle": account.handle,
        "serves": ["friends", "public"],
        "label": account.label,
    }
    with store.connection as db:
        db.execute("DELETE FROM accounts")
        db.execute(
            "INSERT INTO settings (key, value) VALUES ('accounts.list', ?)", (json.dumps([older]),)
        )
        migrate_legacy_list(db)
    assert service.accounts() == [account]
    assert service.set_serves(account.key, FRIENDS).serves == FRIENDS


def test_remove_deletes_the_keychain_entry(
    sandbox, store: Store, memory_keyring: MemoryKeyring
) -> None:
    service = account_service(store, memory_keyring)
    mastodon, misskey = asyncio.run(sign_in_both(service, sandbox))
    assert ("Kizuna", mastodon.key) in memory_keyring.secrets
    service.remove(mastodon.key)
    assert ("Kizuna", mastodon.key) not in memory_keyring.secrets
    assert ("Kizuna", misskey.key) in memory_keyring.secrets
    assert service.accounts() == [misskey]

    async def reopen() -> list[str]:
        session = await open_session(store=None, accounts=service)
        try:
            return [a.account.key for a in session.adapters]
        finally:
            await session.aclose()

    assert asyncio.run(reopen()) == [misskey.key]


def test_missing_secret_is_signed_out_not_a_crash(
    sandbox, store: Store, memory_keyring: MemoryKeyring
) -> None:
    service = account_service(store, memory_keyring)
    mastodon, misskey = asyncio.run(sign_in_both(service, sandbox))
    del memory_keyring.secrets[("Kizuna", mastodon.key)]
    memory_keyring.secrets[("Kizuna", misskey.key)] = ""

    async def reopen() -> tuple[list, list]:
        session = await open_session(store=None, accounts=service)
        try:
            return session.adapters, session.signed_out
        finally:
            await session.aclose()

    adapters, signed_out = asyncio.run(reopen())
    assert adapters == []
    assert signed_out == [(mastodon, "no_secret"), (misskey, "no_secret")]
    assert service.accounts() == [mastodon, misskey]  # still listed: the user signs in again


def test_no_keychain_refuses_before_signing_in_and_saves_nothing(
    sandbox, store: Store, profile_dir: Path
) -> None:
    # tests/conftest.py configures keyring's "fail" backend: no keychain at all.
    service = AccountService(store, CredentialStore(), sign_in_timeout=30.0)
    opened: list[str] = []

    async def browser(url: str) -> None:
        opened.append(url)
        await approving(sandbox)(url)

    for add in (service.add_mastodon, service.add_misskey):
        with pytest.raises(KeychainUnavailable) as caught:
            asyncio.run(add(sandbox.public_url, browser, PUBLIC))
        assert "plain" in caught.value.message
    assert opened == []  # the browser never opened for a sign-in that could not be kept
    assert service.accounts() == []
    assert AccountTable(store).list() == [] and store.get("accounts.list") is None


def test_locked_keychain_after_sign_in_saves_nothing(
    sandbox, store: Store, profile_dir: Path
) -> None:
    service = account_service(store, LockedKeyring())
    with pytest.raises(KeychainUnavailable) as caught:
        asyncio.run(service.add_misskey(sandbox.friends_url, approving(sandbox), FRIENDS))
    assert caught.value.message == LOCKED_MESSAGE
    assert service.accounts() == []
    assert AccountTable(store).list() == [] and store.get("accounts.list") is None
    store.close()
    assert b"misskey:" not in profile_bytes(profile_dir)


def test_input_is_checked_before_anything_happens(store: Store) -> None:
    service = account_service(store, MemoryKeyring())

    def never(url: str) -> None:
        raise AssertionError("no browser for refused input")

    cases = [
        (service.add_mastodon("http://example.com", never), "insecure_url"),
        (service.add_mastodon("ftp://example.com", never), "bad_url"),
        (service.add_misskey("", never), "bad_url"),
        (service.add_misskey("misskey.example", never, frozenset()), "no_audience"),
        (service.add_bluesky("bsky.example", "a.example", "pw", FRIENDS), "friends_refused"),
        (service.add_bluesky("bsky.example", " ", "pw", PUBLIC), "missing_field"),
    ]
    for coro, reason in cases:
        with pytest.raises(AccountError) as caught:
            asyncio.run(coro)
        assert caught.value.reason == reason
    assert normalise_url(" Mastodon.Example/ ") == "https://mastodon.example"
    assert normalise_url("http://127.0.0.1:4001/") == "http://127.0.0.1:4001"
    assert service.accounts() == []


@asynccontextmanager
async def fake_pds() -> AsyncIterator[tuple[str, list[dict]]]:
    """Just ``com.atproto.server.createSession`` on 127.0.0.1, recording what it was sent."""
    received: list[dict] = []

    async def create_session(request: web.Request) -> web.Response:
        body = await request.json()
        received.append(body)
        if body.get("password") != "abcd-efgh-ijkl-mnop":
            return web.json_response(
                {"error": "AuthenticationRequired", "message": "Invalid identifier or password"},
                status=401,
            )
        return web.json_response(
            {
                "did": "did:plc:kizunatest",
                "handle": "haruka.test",
                "accessJwt": "access-jwt-secret-value",
                "refreshJwt": "refresh-jwt-secret-value",
            }
        )

    app = web.Application()
    app.router.add_post("/xrpc/com.atproto.server.createSession", create_session)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}", received
    finally:
        await runner.cleanup()


def test_bluesky_session_goes_to_the_keychain_and_serves_public_only(
    store: Store, memory_keyring: MemoryKeyring, profile_dir: Path
) -> None:
    service = account_service(store, memory_keyring)

    async def scenario() -> tuple[AccountRef, list[dict], list, list]:
        async with fake_pds() as (url, received):
            from app.networks.base import NetworkError

            with pytest.raises(NetworkError):
                await service.add_bluesky(url, "@haruka.test", "wrong-password")
            account = await service.add_bluesky(url, "@haruka.test", "abcd-efgh-ijkl-mnop")
            session = await open_session(store=None, accounts=service)
            try:
                return account, received, list(session.adapters), session.signed_out
            finally:
                await session.aclose()

    account, received, adapters, signed_out = asyncio.run(scenario())
    assert [r["identifier"] for r in received] == ["haruka.test", "haruka.test"]
    assert (account.network, account.user_id, account.handle) == (
        "bluesky",
        "did:plc:kizunatest",
        "@haruka.test",
    )
    assert account.serves == PUBLIC and service.accounts() == [account]
    assert [type(a).__name__ for a in adapters] == ["BlueskyAdapter"] and not signed_out
    saved = json.loads(memory_keyring.secrets[("Kizuna", account.key)])
    assert saved["refreshJwt"] == "refresh-jwt-secret-value"
    with pytest.raises(AccountError) as caught:
        service.set_serves(account.key, PUBLIC | FRIENDS)
    assert caught.value.reason == "friends_refused"
    assert service.accounts()[0].serves == PUBLIC
    store.close()
    on_disk = profile_bytes(profile_dir)
    assert b"did:plc:kizunatest" in on_disk
    assert b"jwt-secret-value" not in on_disk and b"abcd-efgh" not in on_disk


# ---------------------------------------------------------------------------- X


def x_service(store: Store, backend: KeyringBackend, fake: FakeX) -> AccountService:
    return AccountService(
        store,
        CredentialStore(backend=backend, trusted_backend=True),
        sign_in_timeout=30.0,
        x_authorize_url=fake.authorize_url,
        x_api_base=fake.base_url,
    )


def test_add_x_on_a_fixed_port_keeps_rotated_tokens_in_the_keychain(
    store: Store, memory_keyring: MemoryKeyring, profile_dir: Path
) -> None:
    port = free_port()
    opened: list[str] = []

    async def browser(url: str) -> None:
        opened.append(url)
        await play_browser(url)  # the fake auto-approves and redirects to our receiver

    async def scenario() -> tuple[AccountRef, FakeX, str, str]:
        async with FakeX() as fake:
            service = x_service(store, memory_keyring, fake)
            account = await service.add_x(f"  {fake.client_id} ", browser, PUBLIC, port=port)
            first = memory_keyring.secrets[("Kizuna", account.key)]
            fake.expire_access_tokens()  # two hours later
            session = await open_session(store=None, accounts=service)
            try:
                assert not session.signed_out
                (adapter,) = session.adapters
                posts = await adapter.timeline(limit=5)  # 401, refresh, retried
                assert posts == []
            finally:
                await session.aclose()
            after = memory_keyring.secrets[("Kizuna", account.key)]
            return account, fake, first, after

    account, fake, first, after = asyncio.run(scenario())
    (url,) = opened
    redirect = httpx.URL(url).params["redirect_uri"]
    assert redirect == f"http://127.0.0.1:{port}/callback"
    assert url.startswith(fake.authorize_url + "?")
    assert account.key == f"x:{fake.base_url}:{fake.me.id}"
    assert (account.network, account.base_url, account.user_id) == ("x", fake.base_url, fake.me.id)
    assert (account.username, account.handle, account.serves) == ("kizuna_me", "@kizuna_me", PUBLIC)
    assert fake.count("POST", "/2/oauth2/token") == 2  # the sign-in, then one refresh
    assert fake.count("GET", f"/2/users/{fake.me.id}/timelines/reverse_chronological") == 2
    old, new = json.loads(first), json.loads(after)
    assert old["client_id"] == fake.client_id and old["refresh_token"]
    # X rotates refresh tokens: the new pair replaced the old one in the keychain.
    assert new["refresh_token"] != old["refresh_token"]
    assert new["access_token"] != old["access_token"]
    store.close()
    on_disk = profile_bytes(profile_dir)
    assert fake.me.id.encode() in on_disk
    for token in (old["access_token"], old["refresh_token"], new["access_token"]):
        assert token.encode() not in on_disk


def test_add_x_refuses_a_busy_port_and_bad_input_before_the_browser_opens(
    store: Store, memory_keyring: MemoryKeyring
) -> None:
    holder = listening_socket()  # another program has the callback port
    busy = holder.getsockname()[1]
    opened: list[str] = []

    def browser(url: str) -> None:
        opened.append(url)

    async def scenario() -> None:
        async with FakeX() as fake:
            service = x_service(store, memory_keyring, fake)
            with pytest.raises(PortInUse) as caught:
                await service.add_x(fake.client_id, browser, port=busy)
            assert caught.value.port == busy and "in use" in str(caught.value)
            for kwargs, reason in (
                ({"client_id": " "}, "missing_client_id"),
                ({"port": 80}, "bad_port"),
                ({"port": 70000}, "bad_port"),
                ({"serves": FRIENDS}, "friends_refused"),
            ):
                args = {"client_id": fake.client_id, "open_url": browser, **kwargs}
                with pytest.raises(AccountError) as refused:
                    await service.add_x(**args)
                assert refused.value.reason == reason
            assert fake.requests == []

    try:
        asyncio.run(scenario())
    finally:
        holder.close()
    assert opened == []
    assert memory_keyring.secrets == {} and AccountTable(store).list() == []


def test_add_x_without_a_keychain_never_opens_the_browser(store: Store) -> None:
    service = AccountService(store, CredentialStore(), x_api_base="http://127.0.0.1:9")
    opened: list[str] = []
    with pytest.raises(KeychainUnavailable):
        asyncio.run(service.add_x("client", opened.append, port=free_port()))
    assert opened == [] and service.accounts() == []


def test_x_port_and_client_id_are_remembered_as_plain_settings(store: Store) -> None:
    service = account_service(store, MemoryKeyring())
    assert service.x_port() == 8765 and service.x_client_id() == ""
    service.remember_x_app(" my-client-id ", 49152)
    assert (service.x_port(), service.x_client_id()) == (49152, "my-client-id")
    assert service.x_callback_url(49152) == "http://127.0.0.1:49152/callback"
    from app.store.settings import SettingError

    with pytest.raises(SettingError):
        store.set("accounts.x_port", "not a port")
    # A profile spoilt by hand (or by an older build): the default port, not a crash.
    with store.connection as db:
        db.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
            ("accounts.x_port", '"not a port"'),
        )
    assert service.x_port() == 8765


# ---------------------------------------------------------------------------- paste


def shown_code(page: str) -> str:
    """The code on the sandbox's out-of-band page, as the user reads it."""
    found = re.search(r"<pre id='code'>([^<]+)</pre>", page)
    assert found is not None, page
    return found.group(1)


def test_mastodon_paste_code_signs_in_and_keeps_the_token_in_the_keychain(
    sandbox, store: Store, memory_keyring: MemoryKeyring
) -> None:
    service = account_service(store, memory_keyring)

    async def scenario() -> tuple[AccountRef, str, list[str]]:
        with pytest.raises(AccountError) as early:
            await service.finish_mastodon_paste("code")
        assert early.value.reason == "no_paste"
        url = await service.begin_mastodon_paste(sandbox.public_url + "/", PUBLIC | FRIENDS)
        assert "redirect_uri=urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob" in url
        assert service.mastodon_paste_pending
        # What the user reads in their browser (which the sandbox knows by the run's secret).
        async with httpx.AsyncClient(headers={APPROVAL_HEADER: sandbox.approval}) as browser:
            page = await browser.get(url)
        code = shown_code(page.text)
        with pytest.raises(SignInError):
            await service.finish_mastodon_paste("   ")
        assert service.mastodon_paste_pending  # the user may paste again
        account = await service.finish_mastodon_paste(f"\n {code} \n")
        assert not service.mastodon_paste_pending
        session = await open_session(store=None, accounts=service)
        try:
            keys = [a.account.key for a in session.adapters]
        finally:
            await session.aclose()
        return account, code, keys

    account, code, keys = asyncio.run(scenario())
    assert account.key == f"mastodon:{sandbox.public_url}:me" and keys == [account.key]
    assert account.serves == PUBLIC | FRIENDS and service.accounts() == [account]
    token = memory_keyring.secrets[("Kizuna", account.key)]
    assert token and token != code
    me = httpx.get(
        f"{sandbox.public_url}/api/v1/accounts/verify_credentials",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert me.status_code == 200 and me.json()["username"] == "me"


def test_mastodon_paste_checks_input_and_keychain_first(sandbox, store: Store) -> None:
    service = AccountService(store, CredentialStore(), sign_in_timeout=30.0)
    with pytest.raises(KeychainUnavailable):
        asyncio.run(service.begin_mastodon_paste(sandbox.public_url, PUBLIC))
    with pytest.raises(AccountError) as bad:
        asyncio.run(service.begin_mastodon_paste("http://mastodon.example", PUBLIC))
    assert bad.value.reason == "insecure_url"
    assert not service.mastodon_paste_pending
