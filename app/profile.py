"""Where one profile lives on disk, and keeping it the user's alone.

The profile is the platform's app-data folder unless ``--profile`` says otherwise:
``%APPDATA%\\Kizuna`` on Windows, ``~/Library/Application Support/Kizuna`` on macOS,
``$XDG_DATA_HOME/kizuna`` (``~/.local/share/kizuna``) elsewhere.

It holds the database with friends-only text and the user's outbox, the logs and the
sandbox's tokens, so other local users must not read it. :func:`ensure_private_profile`
(called by whoever composes the app — the window's bootstrap and the CLI — before anything
is written) makes it so:

- on POSIX the process's umask becomes 077, so every file created from then on (the
  database and its ``-wal``/``-shm``, logs, the sandbox's files) is 0600 and every folder
  0700; what already exists in the profile is changed to those modes;
- on Windows nothing is changed: ``%APPDATA%`` is inside the user's own profile, whose
  ACL grants access to that user, SYSTEM and Administrators only, and files created there
  inherit it. A ``--profile`` elsewhere keeps the ACL of the folder it is in.

:class:`app.store.db.Store` creates its own files 0600 even without this function.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
import sys
from pathlib import Path

log = logging.getLogger(__name__)

PRIVATE_UMASK = 0o077
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def default_profile_dir() -> Path:
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
        return base / "Kizuna"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "Kizuna"
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "kizuna"


def sandbox_dir(profile: Path) -> Path:
    return profile / "sandbox"


def _make_private(path: Path, mode: int) -> None:
    try:
        if stat.S_IMODE(path.lstat().st_mode) != mode:
            os.chmod(path, mode)
    except OSError as exc:  # e.g. a file another user put there: say so, carry on
        log.warning("cannot make %s private: %s", path, exc.strerror)


def ensure_private_profile(path: Path) -> Path:
    """Create the profile folder ``path`` if needed, check it can be written and keep it
    readable by the user alone (see the module docstring); returns it resolved.

    Raises ``OSError`` when it cannot be used (``FileExistsError``: the path is a file;
    ``PermissionError``/``EROFS``: read-only; ``ENOSPC``: the disk is full), which
    :func:`app.store.profile_errors.classify` turns into a reason code for the caller."""
    profile = path.expanduser().resolve()
    _make_profile(profile)
    _probe_writable(profile)
    return profile


def _probe_writable(profile: Path) -> None:
    """Write and remove a small file: a read-only folder or a full disk says so now,
    before anything of the user's is half-written."""
    probe = profile / f".write-test-{os.getpid()}"
    try:
        with open(probe, "wb") as f:
            f.write(b"kizuna")
            f.flush()
            os.fsync(f.fileno())
    finally:
        try:
            probe.unlink()
        except FileNotFoundError:
            pass


def _make_profile(profile: Path) -> None:
    if profile.exists() and not profile.is_dir():
        raise FileExistsError(errno.EEXIST, "not a folder", str(profile))
    if os.name != "posix":
        profile.mkdir(parents=True, exist_ok=True)
        return
    # Process-wide on purpose: files the app creates later (SQLite's -wal/-shm, rotated
    # logs, the sandbox's tokens) are then private without each writer remembering to.
    os.umask(PRIVATE_UMASK)
    profile.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    _make_private(profile, PRIVATE_DIR)
    for root, dirs, files in os.walk(profile):  # symlinks are not followed, nor changed
        for name in dirs:
            if not (Path(root) / name).is_symlink():
                _make_private(Path(root) / name, PRIVATE_DIR)
        for name in files:
            if not (Path(root) / name).is_symlink():
                _make_private(Path(root) / name, PRIVATE_FILE)
