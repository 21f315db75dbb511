"""The accounts dialog with pytest-qt against the embedded sandbox: sign in through the form
(an HTTP client plays the browser), choose what an account serves, remove it, and see
errors in words when the keychain is missing or the input is wrong. Mastodon's "paste a
code" path (chosen, and as the fallback when the loopback redirect does not come back), and
X against the fake X API on a fixed callback port."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from app.auth import loopback
from app.auth.credentials import CredentialStore, KeychainUnavailable
from app.auth.loopback import PortInUse, SignInError, SignInRefused
from app.auth.sandbox import APPROVAL_HEADER, play_browser, sandbox_browser
from app.core import network_kinds
from app.core.models import AccountRef, Audience
from app.services.accounts import X_PORT_KEY, AccountService
from app.store.accounts import AccountTable
from app.store.db import Store
from app.ui.accounts_dialog import (
    COL_ACCOUNT,
    COL_FRIENDS,
    COL_PUBLIC,
    AccountsDialog,
    error_words,
)
from tests.fakes.x_server import FakeX
from tests.helpers import MemoryKeyring, free_port, listening_socket


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
    dialog = make_dialog(qtbot, service, sandbox_browser(sandbox.approval))
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
        await play_browser(url, sandbox.approval)

    dialog = make_dialog(qtbot, service, browser)
    choose(dialog, "misskey", sandbox.friends_url)
    assert sign_in(qtbot, qloop, dialog) is None
    assert "No system keychain is available" in dialog.status_text()
    assert "plain file" in dialog.status_text()
    assert opened == [] and dialog.table.rowCount() == 0 and AccountTable(store).list() == []


def test_bluesky_form_serves_public_only(qtbot, qloop, store: Store, service) -> None:
    AccountTable(store).save(
        AccountRef(
            key="bluesky:https://bsky.social:did:plc:abc",
            network="bluesky",
            base_url="https://bsky.social",
            user_id="did:plc:abc",
            username="haruka.bsky.social",
            handle="@haruka.bsky.social",
            serves=frozenset({Audience.PUBLIC}),
        )
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


# ---------------------------------------------------------------------------- X


@pytest.fixture
def fake_x(qloop) -> Iterator[FakeX]:
    fake = FakeX()
    qloop.run_until_complete(fake.__aenter__())
    try:
        yield fake
    finally:
        qloop.run_until_complete(fake.__aexit__(None, None, None))


def test_x_through_the_dialog_on_the_chosen_callback_port(
    qtbot, qloop, store: Store, backend: MemoryKeyring, fake_x: FakeX
) -> None:
    service = AccountService(
        store,
        CredentialStore(backend=backend, trusted_backend=True),
        sign_in_timeout=30.0,
        x_authorize_url=fake_x.authorize_url,
        x_api_base=fake_x.base_url,
    )
    opened: list[str] = []

    async def browser(url: str) -> None:
        opened.append(url)
        await play_browser(url)

    dialog = make_dialog(qtbot, service, browser)
    choose(dialog, "x", None)
    # X is one service: no server field; its own fields and the help instead.
    assert not dialog.server_edit.isVisible() and not dialog.paste_button.isVisible()
    for widget in (dialog.client_id_edit, dialog.port_spin, dialog.callback_edit, dialog.x_help):
        assert widget.isVisible()
    assert "Native App" in dialog.x_help.text()
    assert not dialog.add_friends.isEnabled()
    assert dialog.port_spin.value() == 8765
    assert dialog.callback_edit.isReadOnly()
    assert dialog.callback_edit.text() == "http://127.0.0.1:8765/callback"

    assert sign_in(qtbot, qloop, dialog) is None  # no client id: refused before any request
    assert dialog.status_text() == "Enter the Client ID of your X app."
    assert opened == [] and fake_x.requests == []

    # Another program holds the chosen port: said in words, the browser never opens.
    holder = listening_socket()
    try:
        busy = holder.getsockname()[1]
        dialog.client_id_edit.setText(fake_x.client_id)
        dialog.port_spin.setValue(busy)
        assert sign_in(qtbot, qloop, dialog) is None
        assert f"Port {busy} is in use by another program" in dialog.status_text()
        assert opened == []
    finally:
        holder.close()

    port = free_port()
    dialog.port_spin.setValue(port)
    assert dialog.callback_edit.text() == f"http://127.0.0.1:{port}/callback"
    qtbot.mouseClick(dialog.copy_callback_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == f"http://127.0.0.1:{port}/callback"
    account = sign_in(qtbot, qloop, dialog)
    assert account is not None and account.handle == "@kizuna_me"
    assert dialog.status_text() == "Signed in as @kizuna_me."
    (url,) = opened
    assert httpx.URL(url).params["redirect_uri"] == dialog.callback_edit.text()
    row = dialog.row_of(account.key)
    assert dialog.table.item(row, COL_ACCOUNT).text() == "@kizuna_me"
    assert dialog.table.item(row, 1).text() == "X"
    assert not dialog.table.item(row, COL_FRIENDS).flags() & Qt.ItemFlag.ItemIsEnabled
    assert set(backend.secrets) == {("Kizuna", f"x:{fake_x.base_url}:{fake_x.me.id}")}
    # The port and the (public) client id are remembered for the next time.
    assert store.get(X_PORT_KEY) == port
    again = make_dialog(qtbot, service)
    again.network_combo.setCurrentIndex(again.network_combo.findData("x"))
    assert again.port_spin.value() == port and again.client_id_edit.text() == fake_x.client_id


# ---------------------------------------------------------------------------- paste


class CodeReader:
    """The user in the browser when the server shows an out-of-band code: reads it off the
    page. A loopback redirect can be made to fail (the browser never comes back)."""

    def __init__(self, approval: str, loopback_works: bool = True) -> None:
        self.approval = approval  # the sandbox's sign-in secret, as the app's browser sends
        self.loopback_works = loopback_works
        self.opened: list[str] = []
        self.code = ""

    async def __call__(self, url: str) -> None:
        self.opened.append(url)
        if "redirect_uri=http" in url:
            if not self.loopback_works:
                raise SignInError("the browser did not come back", loopback.TIMEOUT)
            await play_browser(url, self.approval)
            return
        async with httpx.AsyncClient() as browser:
            page = await browser.get(url, headers={APPROVAL_HEADER: self.approval})
        found = re.search(r"<pre id='code'>([^<]+)</pre>", page.text)
        assert found is not None, page.text
        self.code = found.group(1)


def test_mastodon_paste_a_code_instead(
    qtbot, qloop, sandbox, service: AccountService, backend: MemoryKeyring
) -> None:
    reader = CodeReader(sandbox.approval)
    dialog = make_dialog(qtbot, service, reader)
    choose(dialog, "mastodon", sandbox.public_url)
    assert dialog.paste_button.isVisible() and not dialog.paste_box.isVisible()
    qtbot.mouseClick(dialog.paste_button, Qt.MouseButton.LeftButton)
    assert dialog.pending is not None and not dialog.sign_in_button.isEnabled()
    qloop.run_until_complete(dialog.pending)
    (url,) = reader.opened
    assert "urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob" in url and reader.code
    assert dialog.paste_box.isVisible() and dialog.paste_url_edit.text() == url
    assert "copy the code it shows" in dialog.status_text()

    # A mistyped paste is said in words, and the box stays for another try.
    qtbot.mouseClick(dialog.finish_button, Qt.MouseButton.LeftButton)
    assert qloop.run_until_complete(dialog.pending) is None
    assert "Paste the code shown" in dialog.status_text() and dialog.paste_box.isVisible()
    assert "no code was entered" not in dialog.status_text()  # the English detail is logged
    dialog.code_edit.setText("not-the-code")
    qtbot.mouseClick(dialog.finish_button, Qt.MouseButton.LeftButton)
    assert qloop.run_until_complete(dialog.pending) is None
    assert "did not accept that code" in dialog.status_text() and dialog.paste_box.isVisible()

    dialog.code_edit.setText(f"  {reader.code}  ")
    qtbot.mouseClick(dialog.finish_button, Qt.MouseButton.LeftButton)
    account = qloop.run_until_complete(dialog.pending)
    assert account is not None and account.key == f"mastodon:{sandbox.public_url}:me"
    assert dialog.status_text() == f"Signed in as {account.handle}."
    assert not dialog.paste_box.isVisible() and dialog.row_of(account.key) == 0
    assert set(k for _, k in backend.secrets) == {account.key}


def test_mastodon_falls_back_to_a_code_when_the_browser_does_not_come_back(
    qtbot, qloop, sandbox, service: AccountService
) -> None:
    reader = CodeReader(sandbox.approval, loopback_works=False)
    dialog = make_dialog(qtbot, service, reader)
    choose(dialog, "mastodon", sandbox.public_url)
    assert sign_in(qtbot, qloop, dialog) is None
    loopback, oob = reader.opened
    assert "redirect_uri=http%3A%2F%2F127.0.0.1" in loopback and "oauth%3A2.0%3Aoob" in oob
    # The reason in words (from its code), never the English detail of the error.
    assert dialog.status_text() == (
        "Sign-in did not complete: the browser did not come back to Kizuna in time. "
        "Kizuna asks the server for a code to paste instead."
    )
    assert dialog.paste_box.isVisible() and dialog.finish_button.isDefault()
    dialog.code_edit.setText(reader.code)
    qtbot.mouseClick(dialog.finish_button, Qt.MouseButton.LeftButton)
    account = qloop.run_until_complete(dialog.pending)
    assert account is not None and service.accounts() == [account]
    assert dialog.sign_in_button.isDefault() and not dialog.paste_box.isVisible()

    # Switching to another network gives up a paste sign-in under way.
    qtbot.mouseClick(dialog.paste_button, Qt.MouseButton.LeftButton)
    qloop.run_until_complete(dialog.pending)
    assert dialog.paste_box.isVisible() and service.mastodon_paste_pending
    choose(dialog, "misskey", None)
    assert not dialog.paste_box.isVisible() and not service.mastodon_paste_pending


# ---------------------------------------------------------------------------- reasons


def test_each_sign_in_reason_has_its_own_words_without_the_english_detail(qapp) -> None:
    """A Japanese user must not read the English message of a SignInError inside a
    Japanese sentence: the dialog words the reason code, the detail goes to the log."""
    detail = "zz-english-detail-zz"
    fallback = error_words(SignInError(detail))
    assert fallback == "Sign-in did not complete."
    worded: dict[str, str] = {}
    for reason in loopback.REASONS:
        words = error_words(SignInError(detail, reason))
        assert detail not in words, reason
        worded[reason] = words
    # Every code but the catch-all has words of its own.
    specific = {r: w for r, w in worded.items() if r != loopback.FAILED}
    assert fallback not in specific.values()
    assert len(set(specific.values())) == len(specific)
    assert "in time" in worded[loopback.TIMEOUT]
    # The subclasses keep their codes (and PortInUse its port in the words).
    refused = SignInRefused("access_denied", "The resource owner denied the request")
    assert refused.reason == loopback.DENIED
    assert error_words(refused) == worded[loopback.DENIED]
    assert "denied the request" not in error_words(refused)
    other = SignInRefused("invalid_scope", "no such scope")
    assert other.reason == loopback.REFUSED and "no such scope" not in error_words(other)
    busy = PortInUse(45678)
    assert busy.reason == loopback.PORT_IN_USE and "45678" in error_words(busy)
    with pytest.raises(ValueError):
        SignInError("x", "no-such-reason")


# ---------------------------------------------------------------------------- kinds


def test_the_form_follows_the_sign_in_method_not_the_networks_name(
    qtbot, monkeypatch: pytest.MonkeyPatch, service: AccountService
) -> None:
    # A network kind this build has never named: the form is built from its data alone.
    monkeypatch.setitem(
        network_kinds.KINDS,
        "sharkey",
        network_kinds.NetworkKind("sharkey", "Sharkey", network_kinds.SignIn.MIAUTH),
    )
    dialog = make_dialog(qtbot, service)
    assert dialog.network_combo.findText("Sharkey") >= 0
    choose(dialog, "sharkey", None)
    assert dialog.network() == "sharkey"
    assert dialog.server_edit.isVisible() and not dialog.handle_edit.isVisible()
    assert not dialog.client_id_edit.isVisible() and not dialog.paste_button.isVisible()
    # An app-password kind shows its handle and password, and fills its default server.
    monkeypatch.setitem(
        network_kinds.KINDS,
        "pds",
        network_kinds.NetworkKind(
            "pds", "PDS", network_kinds.SignIn.APP_PASSWORD, default_server="https://pds.example"
        ),
    )
    again = make_dialog(qtbot, service)
    choose(again, "pds", None)
    assert again.handle_edit.isVisible() and again.password_edit.isVisible()
    assert again.server_edit.text() == "https://pds.example"
    choose(again, "sharkey", None)  # another kind's default does not stay behind
    assert again.server_edit.text() == ""


def test_every_network_kind_is_described_once() -> None:
    assert set(network_kinds.KINDS) == {"mastodon", "misskey", "bluesky", "x", "mixi2"}
    for name, kind in network_kinds.KINDS.items():
        assert kind.name == name and kind.display_name
    assert network_kinds.display_name("bluesky") == "Bluesky"
    assert network_kinds.display_name("sharkey") == "sharkey"  # unknown: its own key
    assert network_kinds.kind_of("sharkey") is None


def test_a_keychain_refusal_is_never_shown_in_its_own_english(qapp) -> None:
    words = error_words(KeychainUnavailable("Backend said: org.freedesktop.Secret.Error"))
    assert "freedesktop" not in words
    assert words.startswith("The system keychain is locked or refused access.")
