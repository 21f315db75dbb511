"""The keychain's safety is asked once per backend (a D-Bus round trip each time), and the
``*_async`` calls run on a worker thread, never on the caller's (the window's)."""

from __future__ import annotations

import asyncio
import threading

from keyring.backend import KeyringBackend

from app.auth.credentials import CredentialStore


class _Guarded(KeyringBackend):
    """A backend that claims to be the Secret Service and counts how often it is asked."""

    asked = 0

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.secrets: dict[tuple[str, str], str] = {}
        self.threads: set[int] = set()

    @property
    def priority(self) -> float:
        type(self).asked += 1
        return 5.0

    def get_password(self, service: str, username: str) -> str | None:
        self.threads.add(threading.get_ident())
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.threads.add(threading.get_ident())
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


_Guarded.__module__ = "keyring.backends.SecretService"


def test_is_secure_is_asked_once_per_backend() -> None:
    backend = _Guarded()
    _Guarded.asked = 0
    store = CredentialStore(backend=backend)
    store.save("a", "1")
    store.save("b", "2")
    assert store.load("a") == "1"
    assert store.available()
    assert _Guarded.asked == 1


def test_async_calls_run_on_a_worker_thread() -> None:
    backend = _Guarded()
    store = CredentialStore(backend=backend)

    async def use() -> str | None:
        await store.save_async("k", "secret")
        assert await store.available_async()
        found = await store.load_async("k")
        await store.delete_async("k")
        return found

    assert asyncio.run(use()) == "secret"
    assert backend.threads and threading.get_ident() not in backend.threads
    assert store.load("k") is None


def test_availability_is_known_without_asking_once_the_backend_was_found_secure() -> None:
    backend = _Guarded()
    _Guarded.asked = 0
    store = CredentialStore(backend=backend)
    assert store.known_available() is None  # never asked: the caller asks off its thread
    assert asyncio.run(store.available_async())
    assert store.known_available() is True
    assert _Guarded.asked == 1
    assert CredentialStore(backend=_Guarded(), trusted_backend=True).known_available() is True
