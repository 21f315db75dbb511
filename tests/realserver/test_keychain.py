"""The credential store against a real Secret Service (GNOME Keyring on a private bus),
and its refusal to keep secrets anywhere that is not an OS keychain."""

from __future__ import annotations

import contextlib
from pathlib import Path

import keyring.core
import pytest
from keyring.backend import KeyringBackend

from app.auth.credentials import (
    NO_KEYCHAIN_MESSAGE,
    SERVICE,
    CredentialStore,
    KeychainUnavailable,
)
from tests.realserver.secret_service import PrivateSecretService

KEY = "mastodon:http://127.0.0.1:4001:alice"
SECRET = "tok-3f9a1c77e2b84d0c9e55aa1234567890"


def _stored_in_secret_service(service: PrivateSecretService, key: str) -> list[bytes]:
    """Read the Secret Service directly (not through keyring): the secrets held for key."""
    import secretstorage
    from jeepney.io.blocking import open_dbus_connection

    with contextlib.closing(open_dbus_connection(bus=service.address)) as connection:
        collection = secretstorage.get_default_collection(connection)
        items = collection.search_items({"service": SERVICE, "username": key})
        return [item.get_secret() for item in items]


def test_round_trip_through_the_real_secret_service(keychain: PrivateSecretService) -> None:
    store = CredentialStore()
    assert type(keyring.core.get_keyring()).__module__ == "keyring.backends.SecretService"
    assert store.available()

    store.save(KEY, SECRET)
    assert _stored_in_secret_service(keychain, KEY) == [SECRET.encode()]
    # A new store (a later run of the app) finds it again.
    assert CredentialStore().load(KEY) == SECRET

    store.save(KEY, SECRET + "-renewed")  # a refreshed token replaces the old one
    assert _stored_in_secret_service(keychain, KEY) == [(SECRET + "-renewed").encode()]

    store.delete(KEY)
    assert store.load(KEY) is None
    assert _stored_in_secret_service(keychain, KEY) == []
    store.delete(KEY)  # forgetting twice is not an error


def test_accounts_are_kept_apart(keychain: PrivateSecretService) -> None:
    store = CredentialStore()
    other = "misskey:http://127.0.0.1:4002:ともだち"
    store.save(KEY, SECRET)
    store.save(other, "秘密-トークン")
    try:
        assert store.load(other) == "秘密-トークン"
        assert store.load(KEY) == SECRET
        assert store.load("mastodon:http://127.0.0.1:4001:nobody") is None
        # Another service name (another app) does not see Kizuna's secrets.
        assert CredentialStore(service="NotKizuna").load(KEY) is None
    finally:
        store.delete(KEY)
        store.delete(other)
    assert store.load(other) is None


def test_fail_backend_means_no_keychain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)
    store = CredentialStore()
    assert not store.available()
    calls = (lambda: store.save(KEY, SECRET), lambda: store.load(KEY), lambda: store.delete(KEY))
    for call in calls:
        with pytest.raises(KeychainUnavailable) as caught:
            call()
        assert caught.value.message == NO_KEYCHAIN_MESSAGE
        assert "plain" in caught.value.message  # tells the user why nothing was written


class _PlainTextFileKeyring(KeyringBackend):
    """What Kizuna must refuse: a viable backend that writes secrets into a readable file."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def set_password(self, service: str, username: str, password: str) -> None:
        self.path.write_text(f"{service}\t{username}\t{password}\n", encoding="utf-8")

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def delete_password(self, service: str, username: str) -> None:
        self.path.unlink(missing_ok=True)


def test_plain_text_and_null_backends_are_refused(tmp_path: Path) -> None:
    from keyring.backends import null

    target = tmp_path / "secrets.txt"
    for backend in (_PlainTextFileKeyring(target), null.Keyring()):
        store = CredentialStore(backend=backend)
        assert not store.available()
        with pytest.raises(KeychainUnavailable):
            store.save(KEY, SECRET)
    assert not target.exists()
