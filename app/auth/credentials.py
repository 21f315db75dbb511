"""Tokens and other secrets of signed-in accounts, kept only in the OS keychain.

:class:`CredentialStore` wraps ``keyring`` under one service name ("Kizuna"): macOS
Keychain, Windows Credential Manager, or a Secret Service (GNOME Keyring, KeePassXC …) /
KWallet on Linux. Settings and the profile database hold only non-secret account data
(the account key); the secret itself goes here.

Only backends that keep secrets encrypted by the operating system are accepted. keyring's
"fail" and "null" backends, and file-based ones such as ``keyrings.alt``'s plain-text
keyring, count as *no keychain*: then every call raises :class:`KeychainUnavailable`, whose
message tells the user what is wrong — Kizuna never falls back to writing a secret into a
file.

No Qt here: the UI shows ``KeychainUnavailable.message`` through its translator.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # keyring itself is imported on first use: not at the window's start
    from keyring.backend import KeyringBackend

log = logging.getLogger(__name__)

SERVICE = "Kizuna"

# Backends whose storage the operating system encrypts and guards. An allow-list, so that
# an unknown (possibly plain-text) backend is refused rather than trusted by default.
_TRUSTED_MODULES = (
    "keyring.backends.SecretService",
    "keyring.backends.libsecret",
    "keyring.backends.kwallet",
    "keyring.backends.macOS",
    "keyring.backends.Windows",
)

NO_KEYCHAIN_MESSAGE = (
    "No system keychain is available, so Kizuna cannot keep your sign-in safe and will not "
    "store it in a plain file. On Linux, install and start a Secret Service such as GNOME "
    "Keyring or KWallet, then sign in again."
)
LOCKED_MESSAGE = (
    "The system keychain is locked or refused access. Unlock it (or allow Kizuna) and try again."
)


class KeychainUnavailable(Exception):
    """No usable keychain, or it refused us. ``message`` is meant for the user."""

    def __init__(self, message: str = NO_KEYCHAIN_MESSAGE, *, detail: str = "") -> None:
        super().__init__(f"{message} ({detail})" if detail else message)
        self.message = message
        self.detail = detail  # technical reason, for the log; never a secret


def _priority(backend: KeyringBackend) -> float:
    try:
        return float(backend.priority)  # a D-Bus round trip for the Secret Service
    except Exception:  # keyring signals "not viable here" by raising from priority
        return -1.0


def is_secure(backend: KeyringBackend) -> bool:
    """Whether ``backend`` keeps secrets in an OS-protected store and is reachable now."""
    from keyring.backends.chainer import ChainerBackend

    if isinstance(backend, ChainerBackend):
        chained = list(backend.backends)
        # The chainer writes to the first backend that accepts: all of them must be safe.
        return bool(chained) and all(is_secure(b) for b in chained)
    module = type(backend).__module__
    if not module.startswith(_TRUSTED_MODULES):
        return False
    return _priority(backend) > 0


class CredentialStore:
    """``save``/``load``/``delete`` of one secret per account key, in the OS keychain."""

    def __init__(
        self,
        service: str = SERVICE,
        *,
        backend: KeyringBackend | None = None,
        trusted_backend: bool = False,
    ) -> None:
        """``trusted_backend=True`` skips the OS-keychain check for the given ``backend``.

        For tests only (an in-memory backend): the app never passes it, so an unknown or
        plain-text backend is still refused everywhere else.
        """
        if trusted_backend and backend is None:
            raise ValueError("trusted_backend needs an explicit backend")
        self.service = service
        self._backend = backend  # None: whatever keyring is configured when called
        self._trusted = trusted_backend
        # The backend last found secure: is_secure asks over D-Bus, once is enough. A
        # backend found unsafe is asked again next time (the user may start a keychain).
        self._secure: KeyringBackend | None = None

    def _keyring(self) -> KeyringBackend:
        import keyring

        backend = self._backend if self._backend is not None else keyring.get_keyring()
        if self._trusted or backend is self._secure:
            return backend
        if not is_secure(backend):
            raise KeychainUnavailable(detail=f"backend {type(backend).__module__}")
        self._secure = backend
        return backend

    def available(self) -> bool:
        """Whether secrets can be stored now (ask before starting a sign-in)."""
        try:
            self._keyring()
        except KeychainUnavailable:
            return False
        return True

    def known_available(self) -> bool | None:
        """True when secrets can be stored and that is known without asking the keychain
        (a test's trusted backend, or the backend already found secure); None: ask
        :meth:`available_async` (the first check is a D-Bus round trip)."""
        return True if self._trusted or self._secure is not None else None

    # The same calls on a worker thread, for callers on the event loop (the window's): a
    # keychain may take seconds to answer (D-Bus, an unlock prompt) and must not freeze it.
    async def available_async(self) -> bool:
        import asyncio

        return await asyncio.to_thread(self.available)

    async def save_async(self, account_key: str, secret: str) -> None:
        import asyncio

        await asyncio.to_thread(self.save, account_key, secret)

    async def load_async(self, account_key: str) -> str | None:
        import asyncio

        return await asyncio.to_thread(self.load, account_key)

    async def delete_async(self, account_key: str) -> None:
        import asyncio

        await asyncio.to_thread(self.delete, account_key)

    def save(self, account_key: str, secret: str) -> None:
        if not account_key:
            raise ValueError("an account key is needed")
        import keyring.errors

        backend = self._keyring()
        try:
            backend.set_password(self.service, account_key, secret)
        except keyring.errors.KeyringError as exc:
            log.warning("keychain refused to store %s: %s", account_key, type(exc).__name__)
            raise KeychainUnavailable(LOCKED_MESSAGE, detail=type(exc).__name__) from None

    def load(self, account_key: str) -> str | None:
        """The secret saved for ``account_key``; None when there is none."""
        import keyring.errors

        backend = self._keyring()
        try:
            return backend.get_password(self.service, account_key)
        except keyring.errors.KeyringError as exc:
            log.warning("keychain refused to read %s: %s", account_key, type(exc).__name__)
            raise KeychainUnavailable(LOCKED_MESSAGE, detail=type(exc).__name__) from None

    def delete(self, account_key: str) -> None:
        """Forget the secret of ``account_key``; nothing to forget is not an error."""
        import keyring.errors

        backend = self._keyring()
        try:
            backend.delete_password(self.service, account_key)
        except keyring.errors.PasswordDeleteError:
            return  # already gone
        except keyring.errors.KeyringError as exc:
            log.warning("keychain refused to delete %s: %s", account_key, type(exc).__name__)
            raise KeychainUnavailable(LOCKED_MESSAGE, detail=type(exc).__name__) from None
