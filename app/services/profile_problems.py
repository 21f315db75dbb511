"""A failure of the profile on disk, as a reason code for the window (ui reaches the
store only through services): :func:`problem_of` tells whether an exception that ended a
send, a save or a read is a profile problem — the disk full, the folder read-only, the
database locked or damaged — and which (:class:`app.store.profile_errors.Problem`
values); :func:`app.ui.profile_dialog.problem_text` words it.

:func:`write_problem_of` is the narrower question for a write in a running app (a send
from the composer): only what the disk or the database said — the disk full, read-only,
locked, damaged — never an unrelated ``OSError`` (a refused connection is not a profile
problem)."""

from __future__ import annotations

import errno
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.store.profile_errors import Problem, classify

log = logging.getLogger(__name__)

_WRITE_ERRNOS = frozenset(
    {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EROFS, errno.EACCES, errno.EPERM}
)
_WRITE_PROBLEMS = frozenset({Problem.DISK_FULL, Problem.READ_ONLY, Problem.LOCKED, Problem.DAMAGED})


def problem_of(
    error: BaseException, database: Path | None = None
) -> tuple[str, tuple[str, ...]] | None:
    """(reason code, programs holding the file) when ``error`` is a profile problem of
    ``database`` (its path names the holders when it is locked), else None."""
    found = classify(error, database or Path("kizuna.db"))
    if found is None:
        return None
    return found.problem.value, found.holders


def write_problem_of(
    error: BaseException, database: Path | None = None
) -> tuple[str, tuple[str, ...]] | None:
    """Like :func:`problem_of`, for a write that failed while the app runs: a sqlite3
    error of the disk or the database, or an ``OSError`` of a full or read-only disk."""
    if isinstance(error, OSError) and error.errno not in _WRITE_ERRNOS:
        return None
    if not isinstance(error, (OSError, sqlite3.Error)):
        return None
    found = classify(error, database or Path("kizuna.db"))
    if found is None or found.problem not in _WRITE_PROBLEMS:
        return None
    return found.problem.value, found.holders


@dataclass(frozen=True)
class WriteProblem:
    """Why a write in the running app failed: a :class:`Problem` value and, for
    ``locked``, the programs holding the database."""

    reason: str
    holders: tuple[str, ...] = ()

    @property
    def locked(self) -> bool:
        """Another program holds the database's lock: waiting again may be enough."""
        return self.reason == Problem.LOCKED.value


def write_problem(error: BaseException, database: Path | None = None) -> WriteProblem | None:
    """:func:`write_problem_of` as a :class:`WriteProblem` (None: not a profile problem)."""
    found = write_problem_of(error, database)
    return None if found is None else WriteProblem(*found)


class WriteWatch:
    """The latest write problem of one background writer (None: its writes work)."""

    def __init__(self) -> None:
        self.problem: WriteProblem | None = None
        self._listeners: list[Callable[[WriteProblem | None], None]] = []

    def listen(self, listener: Callable[[WriteProblem | None], None]) -> None:
        """Call ``listener`` with every change from now on."""
        self._listeners.append(listener)

    def report(self, problem: WriteProblem | None) -> None:
        """The outcome of the writer's last writes; listeners hear only a change."""
        if problem == self.problem:
            return
        self.problem = problem
        for listener in list(self._listeners):
            try:
                listener(problem)
            except Exception:  # a listener's bug must not stop the writer it watches
                log.exception("a write-problem listener failed")
