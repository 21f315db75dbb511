"""Searching a profile folder for secrets, shared by the no-secret-on-disk tests.

- :func:`encodings`: the byte forms a secret would take in a file (UTF-8 as SQLite and our
  logs write, UTF-16 for a database opened with that encoding or Windows-style text).
- :func:`files_holding`: every file under a folder holding any of the secrets, named with
  the last characters of the secret only (a failing test must not print the secret).
- :func:`secrets_in`: the secrets inside what the app keeps in the keychain for one
  account (a bare token, or a session JSON with access and refresh tokens).
- :class:`RecordingCredentialStore`: the real keychain, noting every secret saved, so
  refreshed tokens are searched for too.
- :func:`record_sandbox_tokens`: every token the sandbox's sign-in hands out in a test.
- ``app_logging``: a fixture turning the app's own file logging on (``PROFILE/logs``), as
  for a user; import it into the test module to use it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

import app.auth.sandbox as sandbox_auth
from app.auth.credentials import CredentialStore
from app.bootstrap import setup_logging
from app.core.models import AccountRef

# The fields of the session JSONs the app keeps (Bluesky's JWTs, X's OAuth tokens, the
# client secret of the user's mixi2 application).
SESSION_SECRET_FIELDS = (
    "accessJwt",
    "refreshJwt",
    "access_token",
    "refresh_token",
    "client_secret",
)


def encodings(secret: str) -> list[bytes]:
    # SQLite and our logs write UTF-8; UTF-16 covers a database opened with that encoding
    # and Windows-style text files.
    return [secret.encode("utf-8"), secret.encode("utf-16-le")]


def files_holding(root: Path, secrets: Iterable[str], skip: Path | None = None) -> list[str]:
    """``"relative/path holds a token ending …abcd"`` for every file and secret found."""
    wanted = list(secrets)
    found: list[str] = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if skip is not None and path.is_relative_to(skip):
            continue
        data = path.read_bytes()
        for secret in wanted:
            if any(needle in data for needle in encodings(secret)):
                found.append(f"{path.relative_to(root)} holds a token ending …{secret[-4:]}")
    return found


def secrets_in(saved: str) -> list[str]:
    """The secrets in one keychain entry: a session JSON's tokens, or the bare token."""
    try:
        data = json.loads(saved)
    except ValueError:
        return [saved]
    if not isinstance(data, dict):
        return [saved]
    return [str(data[k]) for k in SESSION_SECRET_FIELDS if data.get(k)]


class RecordingCredentialStore(CredentialStore):
    """The real keychain (whatever keyring is configured), remembering every secret saved
    through it — the first sign-in's and every refreshed one."""

    def __init__(self) -> None:
        super().__init__()
        self.saved: list[tuple[str, str]] = []

    def save(self, account_key: str, secret: str) -> None:
        super().save(account_key, secret)
        self.saved.append((account_key, secret))


def record_sandbox_tokens(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A list that fills with every token the sandbox's sign-in returns from now on (the
    tokens of each sandbox session opened), for the rest of the test."""
    tokens: list[str] = []
    real_sign_in = sandbox_auth.sign_in_sandbox

    async def recording_sign_in(accounts_json: dict[str, object]) -> list[tuple[AccountRef, str]]:
        signed_in = await real_sign_in(accounts_json)
        tokens.extend(token for _, token in signed_in)
        return signed_in

    # open_sandbox_session imports it at call time: this records what sign-in returned.
    monkeypatch.setattr(sandbox_auth, "sign_in_sandbox", recording_sign_in)
    return tokens


@pytest.fixture
def app_logging(profile_dir: Path) -> Iterator[Path]:
    """The app's own file logging into PROFILE/logs, removed again after the test."""
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    setup_logging(profile_dir / "logs")
    try:
        yield profile_dir / "logs"
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)
