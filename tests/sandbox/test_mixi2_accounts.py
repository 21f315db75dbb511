"""Signing in to mixi2 with the application's client id and secret against the fake
(tests/fakes/mixi2_server.py): the secret goes to the keychain only — never the profile,
settings or a log — a wrong one is refused with nothing kept, and a session over the saved
account keeps the chat rooms it learns in the profile."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from app.core.models import Audience
from app.networks.base import ErrorKind, NetworkError
from app.services.accounts import AccountError
from app.services.mixi2_accounts import add_mixi2
from app.services.session import open_session
from app.store.db import Store
from app.store.mixi2_rooms import Mixi2Rooms
from tests.fakes.mixi2_server import Mixi2Fake
from tests.helpers import MemoryKeyring, account_service

CLIENT, SECRET = "kizuna-client", "s3cret-value-never-logged"


def profile_bytes(profile_dir: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(profile_dir.rglob("*")) if p.is_file())


def test_sign_in_keeps_the_secret_in_the_keychain_only(
    store: Store, profile_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    keychain = MemoryKeyring()
    service = account_service(store, keychain)

    async def main() -> None:
        with Mixi2Fake({CLIENT: SECRET}) as fake:
            account = await add_mixi2(service, fake.endpoint, CLIENT, SECRET)
            assert account.network == "mixi2"
            assert account.serves == frozenset({Audience.PUBLIC})
            assert account.friends_need_recipients
            assert "GetStamps" in fake.calls  # the API took the token
            assert [a.key for a in service.accounts()] == [account.key]

    asyncio.run(main())
    [(_, kept)] = keychain.secrets.items()
    assert SECRET in kept
    store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert SECRET.encode() not in profile_bytes(profile_dir)
    assert SECRET not in caplog.text


def test_a_wrong_secret_is_refused_and_nothing_is_kept(store: Store) -> None:
    keychain = MemoryKeyring()
    service = account_service(store, keychain)

    async def main() -> None:
        with Mixi2Fake({CLIENT: SECRET}) as fake:
            with pytest.raises(NetworkError) as refused:
                await add_mixi2(service, fake.endpoint, CLIENT, "not-the-secret")
            assert refused.value.kind is ErrorKind.SIGNED_OUT
            with pytest.raises(AccountError):
                await add_mixi2(service, fake.endpoint, "", SECRET)
            with pytest.raises(AccountError):
                await add_mixi2(
                    service, "http://192.0.2.1:1?token_url=http://192.0.2.1/t", CLIENT, SECRET
                )

    asyncio.run(main())
    assert keychain.secrets == {}
    assert service.accounts() == []


def test_a_session_over_the_saved_account_keeps_learnt_rooms_in_the_profile(store: Store) -> None:
    service = account_service(store, MemoryKeyring())

    async def main() -> None:
        with Mixi2Fake({CLIENT: SECRET}) as fake:
            account = await add_mixi2(service, fake.endpoint, CLIENT, SECRET)
            session = await open_session(store=store, accounts=service)
            try:
                [adapter] = session.adapters
                opened = asyncio.Event()

                async def listen() -> None:
                    async for _ in adapter.notification_stream(opened.set):
                        return

                task = asyncio.create_task(listen())
                await asyncio.wait_for(opened.wait(), 10)
                fake.user_writes("u-haruka", "春香", "あけましておめでとう！")
                await asyncio.wait_for(task, 10)
                friends = await adapter.friends()
                assert [(f.user_id, f.display_name) for f in friends] == [("u-haruka", "春香")]
            finally:
                await session.aclose()
            rooms = Mixi2Rooms(store).rooms(account.key)
            assert [(r.room_id, r.user_id, r.name) for r in rooms] == [
                ("room-u-haruka", "u-haruka", "春香")
            ]

    asyncio.run(main())
