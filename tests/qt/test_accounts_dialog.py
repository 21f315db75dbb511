"""The accounts dialog with pytest-qt against the embedded sandbox: sign in through the form
(an HTTP client plays the browser), choose what an account serves, remove it, and see
errors in words when the keychain is missing or the input is wrong."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.auth.credentials import CredentialStore
from app.auth.sandbox import play_browser
from app.core.models import Audience
from app.services.accounts import SETTINGS_KEY, AccountService
from app.store.db import Store
from app.ui.accounts_dialog import COL_ACCOUNT, COL_FRIENDS, COL_PUBLIC, AccountsDialog
from tests.sandbox.test_accounts import MemoryKeyring


@pytest.fixture
def store(profile_dir: Path) -> Iterator[Store]:
    db = Store(profile_dir / "kizuna.db")
    try:
        yield db
    finally:
        db.close()


@pytest.fixture
def backend() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def service(store: Store, backend: MemoryKeyring) -> AccountService:
    return AccountService(
        store, CredentialStore(backend=backend, trusted_backend=True), sign_in_timeout=30.0
    )


def make_dialog(qtbot, service: AccountService, open_url=play_browser) -> AccountsDialog:
    dialog = AccountsDialog(service, None, open_url=open_url)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def choose(dialog: AccountsDialog, network: str, server: str | None) -> None:
    dialog.network_combo.setCurrentIndex(dialog.network_combo.findData(network))
    if server is not None:
        dialog.server_edit.setText(server)


def sign_in(qtbot, qloop, dialog: AccountsDialog) -> object:
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    task = dialog.pending
    assert task is not None and not dialog.sign_in_button.isEnabled()
    return qloop.run_until_complete(task)


def checked(dialog: AccountsDialog, row: int, column: int) -> bool:
    return dialog.table.item(row, column).checkState() == Qt.CheckState.Checked


def test_sign_in_choose_serves_and_remove(
    qtbot, qloop, sandbox, service: AccountService, backend: MemoryKeyring
) -> None:
    dialog = make_dialog(qtbot, service)
    assert not dialog.isModal()
    assert dialog.empty_label.isVisible() and dialog.table.rowCount() == 0
    changes: list[bool] = []
    dialog.accountsChanged.connect(lambda: changes.append(True))

    choose(dialog, "mastodon", sandbox.public_url)
    assert not dialog.handle_edit.isVisible() and dialog.add_friends.isEnabled()
    mastodon = sign_in(qtbot, qloop, dialog)
    assert dialog.status_text() == f"Signed in as {mastodon.handle}."
    choose(dialog, "misskey", sandbox.friends_url)
    dialog.add_public.setChecked(False)
    dialog.add_friends.setChecked(True)
    misskey = sign_in(qtbot, qloop, dialog)
    assert dialog.sign_in_button.isEnabled() and len(changes) == 2

    assert not dialog.empty_label.isVisible()
    mrow, krow = dialog.row_of(mastodon.key), dialog.row_of(misskey.key)
    assert dialog.table.item(mrow, COL_ACCOUNT).text() == mastodon.handle
    assert (checked(dialog, mrow, COL_PUBLIC), checked(dialog, mrow, COL_FRIENDS)) == (True, False)
    assert (checked(dialog, krow, COL_PUBLIC), checked(dialog, krow, COL_FRIENDS)) == (False, True)
    assert set(k for _, k in backend.secrets) == {mastodon.key, misskey.key}

    # Ticking "Friends" on the Mastodon row is saved at once.
    dialog.table.item(mrow, COL_FRIENDS).setCheckState(Qt.CheckState.Checked)
    assert service.account(mastodon.key).serves == {Audience.PUBLIC, Audience.FRIENDS}
    # Unticking the only side of the Misskey row is refused in words and undone.
    dialog.table.item(krow, COL_FRIENDS).setCheckState(Qt.CheckState.Unchecked)
    assert "at least one side" in dialog.status_text()
    assert checked(dialog, dialog.row_of(misskey.key), COL_FRIENDS)
    assert service.account(misskey.key).serves == {Audience.FRIENDS}

    dialog.table.selectRow(dialog.row_of(mastodon.key))
    assert dialog.remove_button.isEnabled()
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.row_of(mastodon.key) == -1 and dialog.table.rowCount() == 1
    assert dialog.status_text() == f"Removed {mastodon.handle}."
    assert [a.key for a in service.accounts()] == [misskey.key]
    assert set(k for _, k in backend.secrets) == {misskey.key}


def test_no_keychain_is_said_in_words_and_nothing_is_saved(
    qtbot, qloop, sandbox, store: Store
) -> None:
    # tests/conftest.py configures keyring's "fail" backend: no keychain at all.
    service = AccountService(store, CredentialStore(), sign_in_timeout=30.0)
    opened: list[str] = []

    async def browser(url: str) -> None:
        opened.append(url)
        await play_browser(url)

    dialog = make_dialog(qtbot, service, browser)
    choose(dialog, "misskey", sandbox.friends_url)
    assert sign_in(qtbot, qloop, dialog) is None
    assert "No system keychain is available" in dialog.status_text()
    assert "plain file" in dialog.status_text()
    assert opened == [] and dialog.table.rowCount() == 0 and store.get(SETTINGS_KEY) is None


def test_bluesky_form_serves_public_only(qtbot, qloop, store: Store, service) -> None:
    store.set(
        SETTINGS_KEY,
        [
            {
                "key": "bluesky:https://bsky.social:did:plc:abc",
                "network": "bluesky",
                "base_url": "https://bsky.social",
                "user_id": "did:plc:abc",
                "username": "haruka.bsky.social",
                "handle": "@haruka.bsky.social",
                "serves": ["public"],
            }
        ],
    )
    dialog = make_dialog(qtbot, service)
    row = dialog.row_of("bluesky:https://bsky.social:did:plc:abc")
    assert row == 0 and dialog.table.item(row, COL_ACCOUNT).text() == "@haruka.bsky.social"
    assert dialog.table.item(row, COL_PUBLIC).flags() & Qt.ItemFlag.ItemIsEnabled
    assert not dialog.table.item(row, COL_FRIENDS).flags() & Qt.ItemFlag.ItemIsEnabled

    dialog.add_friends.setChecked(True)
    choose(dialog, "bluesky", None)
    assert dialog.handle_edit.isVisible() and dialog.password_edit.isVisible()
    assert dialog.server_edit.text() == "https://bsky.social"
    assert not dialog.add_friends.isEnabled() and not dialog.add_friends.isChecked()
    dialog.password_edit.setText("app-password")
    assert sign_in(qtbot, qloop, dialog) is None  # no handle: refused before any request
    assert dialog.status_text() == "Enter the handle and an app password."
    assert dialog.password_edit.text() == ""  # the password is not kept in the form

    choose(dialog, "mastodon", "http://mastodon.example")
    assert dialog.server_edit.text() == "http://mastodon.example"
    assert dialog.add_friends.isEnabled() and not dialog.handle_edit.isVisible()
    assert sign_in(qtbot, qloop, dialog) is None
    assert "not secure" in dialog.status_text()


def test_a_sign_in_can_be_cancelled(qtbot, qloop, sandbox, service: AccountService) -> None:
    opened: list[str] = []

    async def slow_browser(url: str) -> None:
        opened.append(url)
        await asyncio.Event().wait()  # the user never approves

    dialog = make_dialog(qtbot, service, slow_browser)
    choose(dialog, "mastodon", sandbox.public_url)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    task = dialog.pending
    assert task is not None and dialog.cancel_button.isVisible()
    qloop.run_until_complete(asyncio.sleep(0))  # let it start

    async def until_opened() -> None:
        while not opened:
            await asyncio.sleep(0.01)

    qloop.run_until_complete(asyncio.wait_for(until_opened(), 10))
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert qloop.run_until_complete(task) is None
    assert dialog.status_text() == "Sign-in cancelled."
    assert dialog.sign_in_button.isEnabled() and not dialog.cancel_button.isVisible()
    assert service.accounts() == []
