"""What can go wrong with a profile on disk, as reason codes (no words: the window's
:mod:`app.ui.profile_dialog` and the CLI word them).

:class:`ProfileError` carries a :class:`Problem` and the path concerned. :func:`classify`
turns the ``OSError`` or ``sqlite3`` error that opening or writing the profile raised into
one, or None when it is none of them (a bug, logged with its traceback by the caller).
"""

from __future__ import annotations

import errno
import os
import sqlite3
from enum import StrEnum
from pathlib import Path


class Problem(StrEnum):
    """Why a profile cannot be used as it is."""

    NOT_A_FOLDER = "not_a_folder"  # the profile path (or a parent) is a file
    CANNOT_CREATE = "cannot_create"  # the folder cannot be made (no permission, bad path)
    READ_ONLY = "read_only"  # the folder or the database cannot be written
    DISK_FULL = "disk_full"  # no space left
    LOCKED = "locked"  # another program holds the database's write lock
    NEWER_VERSION = "newer_version"  # written by a newer Kizuna: never downgraded
    DAMAGED = "damaged"  # damaged beyond what recovery could open


class ProfileError(Exception):
    """A profile problem: ``problem`` (the reason code) and the ``path`` concerned."""

    def __init__(
        self, problem: Problem, path: Path, detail: str = "", holders: tuple[str, ...] = ()
    ) -> None:
        super().__init__(f"{problem.value}: {path}" + (f" ({detail})" if detail else ""))
        self.problem = problem
        self.path = path
        self.detail = detail
        self.holders = holders  # for LOCKED: the programs that have the file open


def holders(path: Path, proc: Path = Path("/proc")) -> tuple[str, ...]:
    """The other programs that have ``path`` open ("name (pid N)"), as far as this
    system tells (Linux's /proc; elsewhere nothing)."""
    found: list[str] = []
    try:
        target = path.resolve()
        pids = [p for p in proc.iterdir() if p.name.isdigit() and int(p.name) != os.getpid()]
    except OSError:
        return ()
    for pid in pids:
        try:
            opened = any(Path(os.readlink(fd)) == target for fd in (pid / "fd").iterdir())
            if opened:
                name = (pid / "comm").read_text(encoding="utf-8", errors="replace").strip()
                found.append(f"{name} (pid {pid.name})")
        except OSError:
            continue
    return tuple(found)


_FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
_READ_ONLY = (errno.EROFS, errno.EACCES, errno.EPERM)
_SQLITE_WORDS: tuple[tuple[str, Problem], ...] = (
    ("disk is full", Problem.DISK_FULL),
    ("readonly database", Problem.READ_ONLY),
    ("read-only", Problem.READ_ONLY),
    ("unable to open database", Problem.READ_ONLY),
    ("database is locked", Problem.LOCKED),
    ("database table is locked", Problem.LOCKED),
    ("not a database", Problem.DAMAGED),
    ("malformed", Problem.DAMAGED),
)


def classify(exc: BaseException, path: Path) -> ProfileError | None:
    """The profile problem ``exc`` means for ``path``, or None when it is none."""
    if isinstance(exc, ProfileError):
        return exc
    if isinstance(exc, (FileExistsError, NotADirectoryError)):
        return ProfileError(Problem.NOT_A_FOLDER, path, exc.strerror or "")
    if isinstance(exc, OSError):
        if exc.errno in _FULL:
            return ProfileError(Problem.DISK_FULL, path, exc.strerror or "")
        if exc.errno in _READ_ONLY:
            return ProfileError(Problem.READ_ONLY, path, exc.strerror or "")
        return ProfileError(Problem.CANNOT_CREATE, path, exc.strerror or "")
    if isinstance(exc, sqlite3.Error):
        text = str(exc).lower()
        for words, problem in _SQLITE_WORDS:
            if words in text:
                who = holders(path) if problem is Problem.LOCKED else ()
                return ProfileError(problem, path, str(exc), who)
    return None
