"""Issue 4, "done when", through the real main window: a user adds each of the four kinds
of account, posts to both circles through them, and reads both timelines live.

- Mastodon: the embedded sandbox's public server (そら), added through the accounts dialog
  (authorization code + PKCE, loopback redirect; an HTTP client plays the browser).
- Misskey: the sandbox's friends server (なかま), MiAuth through the dialog, serving friends.
- Bluesky: the real reference PDS (``@atproto/pds``, the session's ``pds`` fixture), an app
  password through the dialog.
- X: the fake X API (tests/fakes/x_server.py), OAuth 2.0 + PKCE with the user's client id
  and a fixed callback port through the dialog.

Every secret goes to the real Secret Service (the ``keychain`` fixture). One post to both
circles must reach every server with the right visibility — the friends text only on
Misskey, never on Mastodon, Bluesky or X — and both columns must show posts as they come:
streamed from the sandbox, polled from Bluesky and X (their polite interval is shortened
for the test through the adapters' own setting).

No secret outside the keychain: the app's file logging is on (``PROFILE/logs``) for the
whole flow, and at the end every secret the keychain was given for the four accounts
(Mastodon and Misskey tokens, Bluesky's access and refresh JWTs, X's access and refresh
tokens, refreshed ones too), the Bluesky app password typed into the dialog and the
tokens of the sandbox session the window opened first are searched for in every file
under the profile folder — the SQLite database with its WAL while it is open, the
settings in it, the logs (tests/realserver/secrets_scan.py).
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.auth.credentials import CredentialStore
from app.core.models import Audience
from app.services.accounts import AccountService
from app.services.timeline import LiveState
from app.store.db import Store
from app.ui.timeline_model import TimelineModel
from tests.fakes.x_server import FakeX
from tests.helpers import (
    FRIEND,
    free_port,
    main_window,
    mastodon_get,
    misskey_home,
    post_by_friend,
    sign_in_through,
    until,
)
from tests.realserver.pds.server import PdsAccount, PdsServer
from tests.realserver.secrets_scan import (
    RecordingCredentialStore,
    app_logging,
    files_holding,
    record_sandbox_tokens,
    secrets_in,
)

__all__ = ["app_logging"]  # a fixture, used by name

pytestmark = pytest.mark.e2e

POLL_SECONDS = 0.2


@pytest.fixture
def bluesky_user(pds: PdsServer) -> PdsAccount:
    return pds.create_account(f"kizuna{uuid.uuid4().hex[:8]}")


def rows(model: TimelineModel, needle: str) -> list[tuple[str, str]]:
    """(network, account key) of every row whose text holds ``needle``."""
    out = []
    for row in range(model.rowCount()):
        post = model.post_at(row)
        if needle in post.text:
            out.append((post.network, post.account_key))
    return out


def test_four_kinds_of_account_post_to_both_circles_and_read_live(
    qtbot,
    qloop,
    keychain,
    sandbox,
    pds: PdsServer,
    bluesky_user: PdsAccount,
    store: Store,
    profile_dir: Path,
    app_logging: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tag = uuid.uuid4().hex[:8]
    public_text = f"公開: 4つのネットワークへ {tag}"
    friends_text = f"友だちだけ: ないしょ {tag}"
    # The real Secret Service, through keyring; every secret it is given is noted.
    credentials = RecordingCredentialStore()
    sandbox_tokens = record_sandbox_tokens(monkeypatch)
    keys: list[str] = []
    leaks_while_open: list[str] = []

    def all_secrets() -> list[str]:
        found = [secret for _, saved in credentials.saved for secret in secrets_in(saved)]
        for key in keys:  # what the keychain holds now (the last refreshed tokens)
            found += secrets_in(CredentialStore().load(key) or "")
        return sorted({*found, *sandbox_tokens, bluesky_user.app_password} - {""})

    async def scenario() -> None:
        async with FakeX() as fake:
            accounts = AccountService(
                store,
                credentials,
                sign_in_timeout=30.0,
                x_authorize_url=fake.authorize_url,
                x_api_base=fake.base_url,
            )
            window = main_window(qtbot, store, accounts, sandbox, width=1400)

            def quick_polls() -> None:
                # Bluesky and X have no push stream; the app polls them politely (every
                # minute). The test shortens that through each adapter's own setting.
                assert window.session is not None
                for adapter in window.session.adapters:
                    if adapter.account.network == "x":
                        adapter.poll_interval = POLL_SECONDS  # type: ignore[attr-defined]
                    elif adapter.account.network == "bluesky":
                        adapter._poll_interval = POLL_SECONDS  # type: ignore[attr-defined]

            window.sessionAttached.connect(quick_polls)
            try:
                assert (await window.open_session()).is_sandbox  # no accounts yet
                dialog = window.open_accounts()
                mastodon = await sign_in_through(
                    qtbot, dialog, "mastodon", {Audience.PUBLIC}, server=sandbox.public_url
                )
                misskey = await sign_in_through(
                    qtbot, dialog, "misskey", {Audience.FRIENDS}, server=sandbox.friends_url
                )
                bluesky = await sign_in_through(
                    qtbot,
                    dialog,
                    "bluesky",
                    {Audience.PUBLIC},
                    server=pds.url,
                    handle=bluesky_user.handle,
                    password=bluesky_user.app_password,
                )
                x = await sign_in_through(
                    qtbot,
                    dialog,
                    "x",
                    {Audience.PUBLIC},
                    client_id=fake.client_id,
                    port=free_port(),
                )
                await window.settled()

                session = window.session
                assert session is not None and not session.is_sandbox
                assert {a.key for a in session.accounts()} == {
                    mastodon.key,
                    misskey.key,
                    bluesky.key,
                    x.key,
                }
                assert not window.banner.isVisible() and not window.signed_out_label.isVisible()
                public_part, friends_part = window.accounts_label.text().split(" · ")
                for account in (mastodon, bluesky, x):
                    assert account.handle in public_part
                assert friends_part == f"Friends: {misskey.handle}"
                # Secrets are in the keychain, not in the settings.
                for account in (mastodon, misskey, bluesky, x):
                    assert CredentialStore().load(account.key)
                assert tag not in str(store.get("accounts.list"))

                await window.wait_loaded()
                await until(lambda: window.public_column.state is LiveState.LIVE, 30)
                await until(lambda: window.friends_column.state is LiveState.LIVE, 30)

                composer = window.open_composer()
                composer.set_audiences(frozenset({Audience.PUBLIC, Audience.FRIENDS}))
                composer.set_texts({Audience.PUBLIC: public_text, Audience.FRIENDS: friends_text})
                qtbot.keyClick(
                    composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
                )
                await composer.wait_sent()
                states = composer.target_states()
                assert len(states) == 4 and set(states.values()) == {"sent"}, states

                # Every server really has it, with the visibility of its side.
                me = await mastodon_get(sandbox, "/api/v1/accounts/verify_credentials")
                statuses = await mastodon_get(sandbox, f"/api/v1/accounts/{me['id']}/statuses")
                assert [s["visibility"] for s in statuses if tag in s["content"]] == ["public"]
                assert not any("ないしょ" in s["content"] for s in statuses if tag in s["content"])
                notes = [n for n in await misskey_home(sandbox, FRIEND) if tag in (n["text"] or "")]
                assert [(n["text"], n["visibility"]) for n in notes] == [
                    (friends_text, "followers")
                ]
                records = [
                    r["value"]["text"]
                    for r in pds.records(bluesky_user.did)
                    if tag in r["value"]["text"]  # type: ignore[index,operator]
                ]
                assert records == [public_text]
                assert [t.original_text for t in fake.tweets if tag in t.text] == [public_text]

                # Both columns show them as they come: streamed (sandbox) and polled
                # (Bluesky, X); the friends text never in the public column.
                public, friends = window.public_column.model, window.friends_column.model
                await until(
                    lambda: (
                        {n for n, _ in rows(public, public_text)} == {"mastodon", "bluesky", "x"}
                    ),
                    30,
                )
                await until(lambda: rows(friends, friends_text) == [("misskey", misskey.key)])
                assert rows(public, friends_text) == [] and rows(friends, public_text) == []

                # Other people post on their servers: each arrives live in its column.
                await post_by_friend(sandbox, "public", f"そらの友だちから {tag}")
                await post_by_friend(sandbox, "friends", f"なかまの友だちから {tag}")
                fake.add_tweet(fake.add_user("tomodachi_x", "Xの友だち"), f"Xの友だちから {tag}")
                await until(
                    lambda: (
                        rows(public, f"そらの友だちから {tag}") == [("mastodon", mastodon.key)]
                        and rows(public, f"Xの友だちから {tag}") == [("x", x.key)]
                        and rows(friends, f"なかまの友だちから {tag}") == [("misskey", misskey.key)]
                    ),
                    30,
                )
                assert rows(friends, f"そらの友だちから {tag}") == []
                assert rows(public, f"なかまの友だちから {tag}") == []

                # Everything still open (the database's WAL exists only now): search.
                keys.extend(a.key for a in (mastodon, misskey, bluesky, x))
                for handler in logging.getLogger().handlers:
                    handler.flush()
                leaks_while_open.extend(files_holding(profile_dir, all_secrets()))
            finally:
                await window.close_session()

    qloop.run_until_complete(asyncio.wait_for(scenario(), 180))
    for handler in logging.getLogger().handlers:
        handler.flush()

    secrets = all_secrets()
    # Every kind of secret was really there to look for: two sandbox tokens, the
    # Mastodon and Misskey tokens, Bluesky's two JWTs and app password, X's two tokens.
    assert len(sandbox_tokens) == 2
    assert {k.split(":", 1)[0] for k, _ in credentials.saved} == {
        "mastodon",
        "misskey",
        "bluesky",
        "x",
    }
    assert len(secrets) >= 9 and all(len(secret) >= 16 for secret in secrets)
    log_text = (app_logging / "kizuna.log").read_text(encoding="utf-8")
    for key in keys:  # the app really logged the whole flow to disk
        assert f"added {key}" in log_text
    assert (profile_dir / "kizuna.db").stat().st_size > 0
    assert leaks_while_open == []
    assert files_holding(profile_dir, secrets) == []
    # The search finds a token where one is: the sandbox server's own files.
    assert files_holding(Path(sandbox.data_dir), sandbox_tokens)
