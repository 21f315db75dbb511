"""AccountService against the embedded sandbox over real HTTP: sign in to Mastodon (code +
PKCE, loopback) and Misskey (MiAuth, loopback), secrets only in the keychain (an in-memory
keyring here), sessions opened from what was saved, posts through both, removal, and a
keychain that fails leaving nothing behind. Bluesky's createSession is answered by a tiny
local XRPC server."""

from __future__ import annotations

import asyncio
import json
import logging
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
from app.auth.sandbox import play_browser
from app.core.models import AccountRef, Audience
from app.services.accounts import AccountError, AccountService, normalise_url
from app.services.poster import Poster, TargetState
from app.store.db import Store

PUBLIC = frozenset({Audience.PUBLIC})
FRIENDS = frozenset({Audience.FRIENDS})


class MemoryKeyring(KeyringBackend):
    """Secrets in a dict, for tests only (trusted explicitly through CredentialStore)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def delete_password(self, service: str, username: str) -> None:
        if self.secrets.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("not found")


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


@pytest.fixture
def store(profile_dir: Path) -> Iterator[Store]:
    db = Store(profile_dir / "kizuna.db")
    try:
        yield db
    finally:
        db.close()


def service_for(store: Store, backend: KeyringBackend) -> AccountService:
    credentials = CredentialStore(backend=backend, trusted_backend=True)
    return AccountService(store, credentials, sign_in_timeout=30.0)


async def sign_in_both(service: AccountService, sandbox) -> tuple[AccountRef, AccountRef]:
    mastodon = await service.add_mastodon(sandbox.public_url, play_browser, PUBLIC)
    misskey = await service.add_misskey(sandbox.friends_url, play_browser, FRIENDS)
    return mastodon, misskey


def profile_bytes(profile_dir: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(profile_dir.rglob("*")) if p.is_file())


def test_add_both_post_through_both_and_no_token_on_disk(
    sandbox, store: Store, memory_keyring: MemoryKeyring, profile_dir: Path, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    service = service_for(store, memory_keyring)
    tag = uuid.uuid4().hex[:8]

    async def scenario() -> list:
        mastodon, misskey = await sign_in_both(service, sandbox)
        assert mastodon.key == f"mastodon:{sandbox.public_url}:me"
        assert (mastodon.network, mastodon.username, mastodon.serves) == ("mastodon", "me", PUBLIC)
        assert misskey.key == f"misskey:{sandbox.friends_url}:me"
        assert (misskey.network, misskey.username, misskey.serves) == ("misskey", "me", FRIENDS)
        session = await service.open_session()
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
        mastodon, misskey = asyncio.run(sign_in_both(service_for(first, memory_keyring), sandbox))
    finally:
        first.close()
    again = Store(profile_dir / "kizuna.db")
    try:
        service = service_for(again, memory_keyring)
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


def test_remove_deletes_the_keychain_entry(
    sandbox, store: Store, memory_keyring: MemoryKeyring
) -> None:
    service = service_for(store, memory_keyring)
    mastodon, misskey = asyncio.run(sign_in_both(service, sandbox))
    assert ("Kizuna", mastodon.key) in memory_keyring.secrets
    service.remove(mastodon.key)
    assert ("Kizuna", mastodon.key) not in memory_keyring.secrets
    assert ("Kizuna", misskey.key) in memory_keyring.secrets
    assert service.accounts() == [misskey]

    async def reopen() -> list[str]:
        session = await service.open_session()
        try:
            return [a.account.key for a in session.adapters]
        finally:
            await session.aclose()

    assert asyncio.run(reopen()) == [misskey.key]


def test_missing_secret_is_signed_out_not_a_crash(
    sandbox, store: Store, memory_keyring: MemoryKeyring
) -> None:
    service = service_for(store, memory_keyring)
    mastodon, misskey = asyncio.run(sign_in_both(service, sandbox))
    del memory_keyring.secrets[("Kizuna", mastodon.key)]
    memory_keyring.secrets[("Kizuna", misskey.key)] = ""

    async def reopen() -> tuple[list, list]:
        session = await service.open_session()
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
        await play_browser(url)

    for add in (service.add_mastodon, service.add_misskey):
        with pytest.raises(KeychainUnavailable) as caught:
            asyncio.run(add(sandbox.public_url, browser, PUBLIC))
        assert "plain" in caught.value.message
    assert opened == []  # the browser never opened for a sign-in that could not be kept
    assert service.accounts() == []
    assert store.get("accounts.list") is None


def test_locked_keychain_after_sign_in_saves_nothing(
    sandbox, store: Store, profile_dir: Path
) -> None:
    service = service_for(store, LockedKeyring())
    with pytest.raises(KeychainUnavailable) as caught:
        asyncio.run(service.add_misskey(sandbox.friends_url, play_browser, FRIENDS))
    assert caught.value.message == LOCKED_MESSAGE
    assert service.accounts() == []
    assert store.get("accounts.list") is None
    store.close()
    assert b"misskey:" not in profile_bytes(profile_dir)


def test_input_is_checked_before_anything_happens(store: Store) -> None:
    service = service_for(store, MemoryKeyring())

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
    service = service_for(store, memory_keyring)

    async def scenario() -> tuple[AccountRef, list[dict], list, list]:
        async with fake_pds() as (url, received):
            from app.networks.base import NetworkError

            with pytest.raises(NetworkError):
                await service.add_bluesky(url, "@haruka.test", "wrong-password")
            account = await service.add_bluesky(url, "@haruka.test", "abcd-efgh-ijkl-mnop")
            session = await service.open_session()
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
