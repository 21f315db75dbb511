"""A private profile: other local users can read nothing in it (POSIX modes checked)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.profile import ensure_private_profile
from app.store.db import Store

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes; Windows uses ACLs")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask() -> Iterator[int]:
    """A permissive umask, as a desktop session has, restored afterwards (the function
    under test changes it for the whole process)."""
    old = os.umask(0o022)
    try:
        yield 0o022
    finally:
        os.umask(old)


def test_an_existing_profile_is_made_private(tmp_path: Path, umask: int) -> None:
    profile = tmp_path / "kizuna"
    (profile / "logs").mkdir(parents=True)
    (profile / "sandbox").mkdir()
    files = [
        profile / "kizuna.db",
        profile / "kizuna.db-wal",
        profile / "kizuna.db-shm",
        profile / "logs" / "kizuna.log",
        profile / "logs" / "kizuna.log.1",
        profile / "sandbox" / "accounts.json",
    ]
    for file in files:
        file.write_text("secret", encoding="utf-8")
        assert mode(file) == 0o644  # what other users could read before
    outside = tmp_path / "outside.txt"
    outside.write_text("not the profile's", encoding="utf-8")
    (profile / "link").symlink_to(outside)

    assert ensure_private_profile(profile) == profile.resolve()

    for folder in (profile, profile / "logs", profile / "sandbox"):
        assert mode(folder) == 0o700, folder
    for file in files:
        assert mode(file) == 0o600, file
    assert mode(outside) == 0o644  # a link is not followed out of the profile


def test_files_created_afterwards_are_private_too(tmp_path: Path, umask: int) -> None:
    profile = ensure_private_profile(tmp_path / "new" / "kizuna")
    assert mode(profile) == 0o700
    (profile / "logs").mkdir()
    (profile / "logs" / "kizuna.log").write_text("x", encoding="utf-8")
    assert mode(profile / "logs") == 0o700
    assert mode(profile / "logs" / "kizuna.log") == 0o600


def test_the_store_creates_its_files_private_on_its_own(tmp_path: Path, umask: int) -> None:
    path = tmp_path / "profile" / "kizuna.db"
    store = Store(path)
    store.set("prefs.sender_name", "はる")  # a write, so the -wal and -shm exist
    assert mode(path.parent) == 0o700
    companions = [path.with_name(path.name + s) for s in ("-wal", "-shm")]
    assert all(p.exists() for p in companions)
    for file in (path, *companions):
        assert mode(file) == 0o600, file
    store.close()


def test_the_store_makes_an_existing_database_private(tmp_path: Path, umask: int) -> None:
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    path = folder / "kizuna.db"
    Store(path).close()
    os.chmod(path, 0o644)
    Store(path).close()
    assert mode(path) == 0o600
    assert mode(folder) == 0o755  # a folder the store did not create is left alone
