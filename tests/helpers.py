"""Small helpers shared by tests: waiting for a condition, an in-memory keychain backend
and a free port on 127.0.0.1."""

from __future__ import annotations

import socket

import keyring.errors
from keyring.backend import KeyringBackend


async def until(predicate: object, timeout: float = 20.0, interval: float = 0.05) -> None:
    """Wait, inside a running loop, until ``predicate()`` is true; fail with a clear message."""
    import asyncio

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():  # type: ignore[operator]
        if loop.time() > deadline:
            raise AssertionError(f"condition not met within {timeout}s: {predicate}")
        await asyncio.sleep(interval)


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


def free_port() -> int:
    """A port on 127.0.0.1 that was free a moment ago (for a receiver on a fixed port)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def listening_socket() -> socket.socket:
    """Another program's listener on a port of 127.0.0.1 (the caller closes it)."""
    holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    return holder
