"""Signing in to mixi2 through the accounts dialog (pytest-qt) against the fake mixi2
Application API: the form shows the client id, the secret and how to register an
application; missing fields and a wrong secret are said in words with nothing kept; the
secret reaches the keychain only and is cleared from the form."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.auth.credentials import CredentialStore
from app.services.accounts import AccountService
from app.store.db import Store
from app.ui.accounts_dialog import COL_ACCOUNT, COL_FRIENDS, AccountsDialog
from tests.fakes.mixi2_server import Mixi2Fake
from tests.helpers import MemoryKeyring

CLIENT, SECRET = "kizuna-client", "s3cret-value-never-logged"


@pytest.fixture
def fake() -> Iterator[Mixi2Fake]:
    with Mixi2Fake({CLIENT: SECRET}) as server:
        yield server


def test_mixi2_through_the_dialog(
    qtbot, qloop, profile_dir: Path, store: Store, fake: Mixi2Fake
) -> None:
    backend = MemoryKeyring()
    service = AccountService(store, CredentialStore(backend=backend, trusted_backend=True))
    dialog = AccountsDialog(service, None, open_url=lambda url: None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.network_combo.setCurrentIndex(dialog.network_combo.findData("mixi2"))
    assert dialog.server_edit.text() == "https://application-api.mixi.social"
    assert dialog.mixi2_client_id_edit.isVisible() and dialog.mixi2_secret_edit.isVisible()
    assert not dialog.client_id_edit.isVisible()  # X's field is not this one
    assert "developer console" in dialog.form.mixi2.help.text()
    assert not dialog.add_friends.isEnabled()  # friends only as chat messages to chosen ones

    def sign_in() -> object:
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
        assert dialog.pending is not None
        return qloop.run_until_complete(dialog.pending)

    dialog.server_edit.setText(fake.endpoint)
    assert sign_in() is None  # nothing entered: refused before any request
    assert (
        dialog.status_text() == "Enter the Client ID and Client secret of your mixi2 application."
    )
    assert fake.calls == [] and fake.state.tokens == {}

    dialog.mixi2_client_id_edit.setText(CLIENT)
    dialog.mixi2_secret_edit.setText("wrong")
    assert sign_in() is None
    assert dialog.status_text() == "mixi2 did not accept the Client ID or Client secret."
    assert backend.secrets == {} and service.accounts() == []
    assert dialog.mixi2_secret_edit.text() == ""  # never kept in the form

    dialog.mixi2_secret_edit.setText(SECRET)
    account = sign_in()
    assert account is not None and account.network == "mixi2"
    assert dialog.mixi2_secret_edit.text() == ""
    row = dialog.row_of(account.key)
    assert dialog.table.item(row, COL_ACCOUNT).text() == account.handle
    assert dialog.table.item(row, 1).text() == "mixi2"
    assert not dialog.table.item(row, COL_FRIENDS).flags() & Qt.ItemFlag.ItemIsEnabled
    assert list(backend.secrets) == [("Kizuna", account.key)]
    assert SECRET in backend.secrets[("Kizuna", account.key)]
    store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    on_disk = b"".join(p.read_bytes() for p in profile_dir.rglob("*") if p.is_file())
    assert SECRET.encode() not in on_disk
