"""The main window with the user's own accounts, against the embedded sandbox over real HTTP.

With no account saved the window shows the sandbox. Settings → Accounts… opens the
accounts dialog; accounts added there (an HTTP client plays the browser, secrets go to an
in-memory keyring) make the window switch sessions without a restart: the banner goes,
the top bar names the accounts, a side nobody serves says so in its column, a post
through the composer reaches the servers with the right visibility, and posts by others
arrive live. A saved account whose secret is gone shows as signed out, with a button that
leads to signing in again.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.auth.sandbox import handle_domain, sandbox_browser
from app.core.models import Audience
from app.services.accounts import AccountService
from app.services.session import open_session
from app.services.timeline import LiveState
from app.store.db import Store
from app.store.outbox import TargetState as StoredState
from app.ui.main_window import SANDBOX_PREF, MainWindow
from app.ui.timeline_model import TimelineModel
from tests.helpers import (
    FRIEND,
    MemoryKeyring,
    account_service,
    mastodon_get,
    misskey_home,
    post_by_friend,
    sign_in_through,
    until,
)


@pytest.fixture
def backend() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def accounts(store: Store, backend: MemoryKeyring) -> AccountService:
    return account_service(store, backend)


def main_window(qtbot, store: Store, accounts: AccountService, sandbox) -> MainWindow:  # type: ignore[no-untyped-def]
    """The main window, shown, over ``accounts``; its sign-ins' "browser" is an HTTP client
    that approves with the sandbox run's sign-in secret, as the user's browser would."""
    window = MainWindow(
        store=store,
        lang="en",
        accounts=accounts,
        sandbox_dir=sandbox.data_dir,
        open_url=sandbox_browser(sandbox.approval),
    )
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    return window


def has(model: TimelineModel, needle: str) -> bool:
    return any(needle in model.post_at(r).text for r in range(model.rowCount()))


async def misskey_notes(sandbox, user_id: str) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """The notes of ``user_id`` in the home timeline of a friend (a follower) on nakama."""
    return [n for n in await misskey_home(sandbox, FRIEND) if n["userId"] == user_id]


def test_accounts_added_in_settings_replace_the_sandbox_live(
    qtbot, qloop, sandbox, store: Store, accounts: AccountService, backend: MemoryKeyring
) -> None:
    window = main_window(qtbot, store, accounts, sandbox)
    tag = uuid.uuid4().hex[:8]
    public_text = f"公開のごあいさつです {tag}"
    friends_text = f"友だちだけに話すね {tag}"
    public = window.public_column.model
    friends = window.friends_column.model

    async def scenario() -> None:
        try:
            session = await window.open_session()
            assert session.is_sandbox and window.banner.isVisible()
            assert "@me@sora" in window.accounts_label.text()
            assert not window.signed_out_label.isVisible()

            # Settings → Accounts…: the menu item opens the non-modal dialog.
            menu = window.settings_button.menu()
            assert window.accounts_action in menu.actions()
            window.accounts_action.trigger()
            dialog = window.accounts_dialog
            assert dialog is not None and dialog.isVisible() and not dialog.isModal()

            mastodon = await sign_in_through(
                qtbot, dialog, "mastodon", {Audience.PUBLIC}, server=sandbox.public_url
            )
            await window.settled()
            # Only the public side is served now: the sandbox is gone, the friends column
            # says why it is empty.
            assert window.session is not None and not window.session.is_sandbox
            assert not window.banner.isVisible()
            assert f"Public: {mastodon.handle}" in window.accounts_label.text()
            assert "Friends: none" in window.accounts_label.text()
            assert window.friends_column.placeholder.text() == (
                "No account serves the friends side — add one in Settings → Accounts"
            )
            assert window.friends_column.stack.currentWidget() is window.friends_column.placeholder

            misskey = await sign_in_through(
                qtbot, dialog, "misskey", {Audience.FRIENDS}, server=sandbox.friends_url
            )
            await window.settled()
            label = window.accounts_label.text()
            assert label == f"Public: {mastodon.handle} · Friends: {misskey.handle}"
            assert not window.banner.isVisible() and not window.signed_out_label.isVisible()
            assert {k for _, k in backend.secrets} == {mastodon.key, misskey.key}
            assert store.get(SANDBOX_PREF) is None  # the sandbox choice was never touched

            await window.wait_loaded()
            assert public.rowCount() > 0 and friends.rowCount() > 0
            await until(lambda: window.public_column.state is LiveState.LIVE)
            await until(lambda: window.friends_column.state is LiveState.LIVE)

            composer = window.open_composer()
            composer.set_audiences(frozenset({Audience.PUBLIC, Audience.FRIENDS}))
            composer.set_texts({Audience.PUBLIC: public_text, Audience.FRIENDS: friends_text})
            qtbot.keyClick(composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
            await until(lambda: has(public, public_text) and has(friends, friends_text))
            await composer.wait_sent()
            assert set(composer.target_states().values()) == {"sent"}
            assert len(composer.target_states()) == 2

            # What the servers really stored, with the visibility of each side.
            statuses = await mastodon_get(sandbox, f"/api/v1/accounts/{mastodon.user_id}/statuses")
            mine = [s for s in statuses if tag in s["content"]]
            assert [s["visibility"] for s in mine] == ["public"]
            assert public_text.split()[0] in mine[0]["content"]
            notes = [n for n in await misskey_notes(sandbox, misskey.user_id) if tag in n["text"]]
            assert [(n["text"], n["visibility"]) for n in notes] == [(friends_text, "followers")]
            assert not has(public, friends_text) and not has(friends, public_text)

            # Someone else posts on each server: it arrives live in the right column only.
            await post_by_friend(sandbox, "public", f"そらから {tag}")
            await post_by_friend(sandbox, "friends", f"なかまから {tag}")
            await until(
                lambda: has(public, f"そらから {tag}") and has(friends, f"なかまから {tag}")
            )
            assert not has(friends, f"そらから {tag}") and not has(public, f"なかまから {tag}")
        finally:
            await window.close_session()

    qloop.run_until_complete(asyncio.wait_for(scenario(), 120))


def test_a_saved_account_without_its_secret_is_signed_out_until_signed_in_again(
    qtbot, qloop, sandbox, store: Store, accounts: AccountService, backend: MemoryKeyring
) -> None:
    account = qloop.run_until_complete(
        accounts.add_mastodon(
            sandbox.public_url, sandbox_browser(sandbox.approval), {Audience.PUBLIC}
        )
    )
    backend.secrets.clear()  # the keychain lost it (reset, another machine, …)
    window = main_window(qtbot, store, accounts, sandbox)

    async def scenario() -> None:
        try:
            session = await window.open_session()
            # Saved accounts are used even when signed out: never the sandbox in their place.
            assert not session.is_sandbox and not window.banner.isVisible()
            assert window.signed_out_accounts() == [account]
            assert window.signed_out_label.isVisible()
            assert window.signed_out_label.text() == f"1 account signed out: {account.handle}"
            assert window.sign_in_again_button.isVisible()
            assert window.public_column.placeholder.text() == (
                "No account serves the public side — add one in Settings → Accounts"
            )

            qtbot.mouseClick(window.sign_in_again_button, Qt.MouseButton.LeftButton)
            dialog = window.accounts_dialog
            assert dialog is not None and dialog.isVisible()
            assert dialog.network() == "mastodon"
            assert dialog.server_edit.text() == account.base_url
            assert dialog.add_public.isChecked() and not dialog.add_friends.isChecked()
            qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
            assert dialog.pending is not None and await dialog.pending == account
            await window.settled()
            assert window.signed_out_accounts() == []
            assert not window.signed_out_label.isVisible()
            assert not window.sign_in_again_button.isVisible()
            assert f"Public: {account.handle}" in window.accounts_label.text()
            await window.wait_loaded()
            assert window.public_column.model.rowCount() > 0
        finally:
            await window.close_session()

    qloop.run_until_complete(asyncio.wait_for(scenario(), 90))


def test_the_practice_sandbox_can_be_chosen_over_the_accounts(
    qtbot, qloop, sandbox, store: Store, accounts: AccountService
) -> None:
    account = qloop.run_until_complete(
        accounts.add_misskey(
            sandbox.friends_url, sandbox_browser(sandbox.approval), {Audience.FRIENDS}
        )
    )
    window = main_window(qtbot, store, accounts, sandbox)

    async def scenario() -> None:
        try:
            assert not window.sandbox_action.isChecked()
            session = await window.open_session()
            assert not session.is_sandbox
            assert window.accounts_label.text() == f"Public: none · Friends: {account.handle}"
            window.sandbox_action.trigger()  # Settings → Use the practice sandbox
            await window.settled()
            assert store.get(SANDBOX_PREF) is True
            assert window.session is not None and window.session.is_sandbox
            assert window.banner.isVisible() and "@me@nakama" in window.accounts_label.text()
            window.sandbox_action.trigger()
            await window.settled()
            assert store.get(SANDBOX_PREF) is False
            assert window.session is not None and not window.session.is_sandbox
        finally:
            await window.close_session()

    qloop.run_until_complete(asyncio.wait_for(scenario(), 90))


def test_handles_on_the_sandbox_servers_use_their_short_names(sandbox) -> None:
    async def run() -> list[str]:
        return [
            await handle_domain("mastodon", sandbox.public_url),
            await handle_domain("misskey", sandbox.friends_url),
            await handle_domain("bluesky", sandbox.public_url),  # no request: the host
            await handle_domain("mastodon", "http://127.0.0.1:9"),  # nobody answers: the host
        ]

    assert asyncio.run(run()) == ["sora", "nakama", "127.0.0.1", "127.0.0.1"]


def test_a_post_for_a_removed_account_waits_in_the_outbox_until_it_is_back(
    qtbot, qloop, sandbox, store: Store, accounts: AccountService
) -> None:
    tag = uuid.uuid4().hex[:8]
    friends_text = f"戻ってきたら送ってね {tag}"
    mastodon = qloop.run_until_complete(
        accounts.add_mastodon(
            sandbox.public_url, sandbox_browser(sandbox.approval), {Audience.PUBLIC}
        )
    )
    misskey = qloop.run_until_complete(
        accounts.add_misskey(
            sandbox.friends_url, sandbox_browser(sandbox.approval), {Audience.FRIENDS}
        )
    )

    async def queue_while_closed() -> None:
        # Queued by an earlier run that ended before sending; then the account went away.
        session = await open_session(store=store, accounts=accounts)
        try:
            session.outbox.enqueue({Audience.PUBLIC: f"公開 {tag}", Audience.FRIENDS: friends_text})
        finally:
            await session.aclose()

    qloop.run_until_complete(queue_while_closed())
    accounts.remove(misskey.key)
    window = main_window(qtbot, store, accounts, sandbox)

    async def scenario() -> None:
        try:
            await window.open_session()
            assert window.outbox is not None
            await until(lambda: [r.account.key for r in window.outbox.pending()] == [misskey.key])
            (row,) = window.outbox.pending()
            assert row.state is StoredState.NEEDS_ATTENTION
            assert row.error_kind == "account_unavailable"
            assert window.outbox_button.text() == "Outbox (1)"
            outbox_dialog = window.open_outbox()
            assert outbox_dialog.cell(row.id, "reason") == (
                "The account is not signed in right now; it will be sent once it is."
            )

            # Signed in again: the waiting post goes out by itself, to the friends only.
            dialog = window.open_accounts()
            await sign_in_through(
                qtbot, dialog, "misskey", {Audience.FRIENDS}, server=sandbox.friends_url
            )
            await window.settled()
            await until(lambda: window.outbox is not None and window.outbox.pending() == [])
            notes = await misskey_notes(sandbox, misskey.user_id)
            assert [(n["text"], n["visibility"]) for n in notes if tag in n["text"]] == [
                (friends_text, "followers")
            ]
            assert window.outbox_button.text() == "Outbox"
            statuses = await mastodon_get(sandbox, f"/api/v1/accounts/{mastodon.user_id}/statuses")
            assert [s["visibility"] for s in statuses if tag in s["content"]] == ["public"]
        finally:
            await window.close_session()

    qloop.run_until_complete(asyncio.wait_for(scenario(), 90))


def test_the_sandbox_flag_wins_over_saved_accounts_for_this_run(
    qtbot, qloop, sandbox, store: Store, accounts: AccountService
) -> None:
    from app.__main__ import build_parser

    assert build_parser().parse_args(["--sandbox"]).sandbox is True
    assert build_parser().parse_args([]).sandbox is False
    qloop.run_until_complete(
        accounts.add_mastodon(
            sandbox.public_url, sandbox_browser(sandbox.approval), {Audience.PUBLIC}
        )
    )
    window = MainWindow(
        store=store, lang="en", accounts=accounts, sandbox_dir=sandbox.data_dir, force_sandbox=True
    )
    qtbot.addWidget(window)

    async def scenario() -> None:
        try:
            assert (await window.open_session()).is_sandbox
            assert window.sandbox_action.isChecked() and not window.banner.isHidden()
            assert store.get(SANDBOX_PREF) is None  # only this run: nothing remembered
        finally:
            await window.close_session()

    qloop.run_until_complete(asyncio.wait_for(scenario(), 60))
