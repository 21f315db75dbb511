"""No mixi2 secret outside the keychain: signing in with the application's client id and
secret (the real Secret Service), sending a New Year card to the public and to a chosen
friend through the outbox, and hearing the event stream, with the app's file logging on —
then neither the client secret nor any access token the fake issued is in any file of the
profile (database, journal, logs, settings)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from app.auth.credentials import CredentialStore
from app.core.models import Audience, Friend, MediaUpload
from app.services.accounts import AccountService
from app.services.mixi2_accounts import add_mixi2
from app.services.outbox import OutboxService
from app.services.session import open_session
from app.store.db import Store
from app.store.outbox import OutboxStore
from tests.fakes.mixi2_server import Mixi2Fake
from tests.realserver.secrets_scan import (
    RecordingCredentialStore,
    app_logging,
    files_holding,
    secrets_in,
)

__all__ = ["app_logging"]  # a fixture, used by name

CLIENT, SECRET = "kizuna-client", "mixi2-client-secret-9f3a7c1e"
CARD = MediaUpload(b"\x89PNG\r\n\x1a\n" + b"card" * 64, "nenga.png", "image/png", "年賀状")


def test_no_mixi2_secret_in_profile_or_logs(keychain, profile_dir: Path, app_logging: Path) -> None:
    credentials = RecordingCredentialStore()
    tokens: list[str] = []
    leaks_while_open: list[str] = []

    async def scenario(fake: Mixi2Fake, store: Store) -> None:
        accounts = AccountService(store, credentials)
        account = await add_mixi2(accounts, fake.endpoint, CLIENT, SECRET)
        session = await open_session(store=store, accounts=accounts)
        try:
            [adapter] = session.adapters
            opened = asyncio.Event()

            async def listen() -> None:
                async for _ in adapter.notification_stream(opened.set):
                    return

            task = asyncio.create_task(listen())
            await asyncio.wait_for(opened.wait(), 10)
            fake.user_writes("u-haruka", "春香", "あけましておめでとう")
            await asyncio.wait_for(task, 10)
            outbox = OutboxService(OutboxStore(store), session.adapters)
            haruka = Friend(account.key, "u-haruka", "u-haruka", "@u-haruka", "春香")
            public = outbox.enqueue({Audience.PUBLIC: "謹賀新年"}, media=(CARD,))
            friends = outbox.enqueue(
                {Audience.FRIENDS: "あけおめ！"}, media=(CARD,), recipients=(haruka,)
            )
            for message_id in (public, friends):
                rows = await outbox.send_message(message_id)
                assert [r.state.value for r in rows] == ["sent"], rows
            tokens.extend(fake.state.tokens)
            leaks_while_open.extend(files_holding(profile_dir, [SECRET, *tokens]))
        finally:
            await session.aclose()

    with Mixi2Fake({CLIENT: SECRET}) as fake:
        store = Store(profile_dir / "kizuna.db")
        try:
            asyncio.run(scenario(fake, store))
        finally:
            store.close()
        assert len(fake.posts) == 1 and len(fake.messages) == 1

    [(key, saved)] = credentials.saved
    assert secrets_in(saved) == [SECRET]
    assert SECRET in (CredentialStore().load(key) or "")
    assert tokens and all(len(t) >= 16 for t in tokens)
    assert (app_logging / "kizuna.log").read_text(encoding="utf-8")  # it did log
    assert leaks_while_open == []
    assert files_holding(profile_dir, [SECRET, *tokens]) == []
